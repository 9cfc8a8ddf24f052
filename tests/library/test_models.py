"""Perceptron (hand-computed updates, AND/OR/XOR) and the MLP conveniences."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import data, nn
from mlcourse.data import logic_gate
from mlcourse.models import ConvergenceWarning, MLPClassifier, MLPRegressor, Perceptron


def test_perceptron_first_updates_on_and_match_hand_computation():
    X, y = logic_gate("and")
    model = Perceptron(learning_rate=1.0).fit(X, y)
    # epoch 1: (0,0) z=0 -> +1 wrong: b -= 2; (0,1), (1,0) right; (1,1) z=-2 wrong: w += 2*(1,1), b += 2
    # epoch 2: (0,0) z=0 wrong: b=-2; (0,1) z=0 wrong: w2=0, b=-4; (1,0) right; (1,1) z=-2 wrong: w=(4,2), b=-2
    expected = [  # rows (b, w1, w2)
        [0, 0, 0],
        [-2, 0, 0], [-2, 0, 0], [-2, 0, 0], [0, 2, 2],
        [-2, 2, 2], [-4, 2, 0], [-4, 2, 0], [-2, 4, 2],
    ]
    np.testing.assert_array_equal(model.weights_history_[:9], expected)
    assert model.errors_ == [2, 3, 3, 2, 1, 0]
    assert model.weights_history_.shape == (6 * 4 + 1, 3)
    np.testing.assert_array_equal(model.epoch_weights_[[0, 1, 2]], [[0, 0, 0], [0, 2, 2], [-2, 4, 2]])
    np.testing.assert_array_equal(model.weights_, [4, 2])
    assert model.bias_ == -6
    np.testing.assert_array_equal(model.net_input(X), [-6, -4, -2, 0])


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = logic_gate(gate)
    model = Perceptron(learning_rate=0.1).fit(X, y)
    assert model.converged_ and model.errors_[-1] == 0
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.score(X, y) == 1.0
    assert model.predict(X).dtype == np.int64


def test_perceptron_never_learns_xor():
    X, y = logic_gate("xor")
    with pytest.warns(ConvergenceWarning, match="not be linearly separable"):
        model = Perceptron(max_epochs=50).fit(X, y)
    assert not model.converged_
    assert len(model.errors_) == 50 and min(model.errors_) > 0
    assert model.score(X, y) < 1.0


def test_perceptron_learning_rate_only_rescales_from_zero():
    X, y = logic_gate("or")
    a = Perceptron(learning_rate=1.0).fit(X, y)
    b = Perceptron(learning_rate=0.01).fit(X, y)
    assert a.errors_ == b.errors_
    np.testing.assert_allclose(a.weights_history_ * 0.01, b.weights_history_, rtol=1e-12)


def test_perceptron_shuffle_and_random_init_are_seeded():
    X, y = logic_gate("and")
    first = Perceptron(shuffle=True, init="random", seed=4).fit(X, y)
    second = Perceptron(shuffle=True, init="random", seed=4).fit(X, y)
    np.testing.assert_array_equal(first.weights_history_, second.weights_history_)
    assert first.converged_
    assert not np.all(first.weights_history_[0] == 0)


# ------------------------------------------------------------------ MLP conveniences

def test_mlp_classifier_maps_any_labels_and_learns_xor():
    X, y = logic_gate("xor")  # labels -1 / +1
    clf = MLPClassifier((8,), activation="tanh", learning_rate=0.05, epochs=150, batch_size=None, seed=0)
    clf.fit(X, y)
    np.testing.assert_array_equal(clf.classes_, [-1, 1])
    np.testing.assert_array_equal(clf.predict(X), y)
    assert clf.score(X, y) == 1.0
    proba = clf.predict_proba(X)
    assert proba.shape == (4, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], y)
    assert isinstance(clf.model_, nn.Sequential) and len(clf.history_.train_loss) == 150


def test_mlp_classifier_three_classes_with_validation_and_dropout():
    X, y = data.make_blobs(300, centers=[[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]], cluster_std=0.6, seed=0)
    labels = np.array([3, 7, 9])[y]
    X_val, y_val = data.make_blobs(60, centers=[[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]], cluster_std=0.6, seed=1)
    clf = MLPClassifier((16, 16), dropout=0.2, epochs=20, seed=0)
    clf.fit(X, labels, validation_data=(X_val, np.array([3, 7, 9])[y_val]))
    assert clf.classes_.tolist() == [3, 7, 9]
    assert clf.score(X_val, np.array([3, 7, 9])[y_val]) > 0.95
    assert len(clf.history_.val_accuracy) == 20
    assert sum(isinstance(layer, nn.Dropout) for layer in clf.model_) == 2
    np.testing.assert_array_equal(clf.predict_proba(X_val), clf.predict_proba(X_val))  # dropout off
    assert clf.model_.training  # predicting does not leave the model in eval mode


def test_mlp_classifier_sigmoid_output_on_moons():
    X, y = data.make_moons(200, noise=0.1, seed=0)
    clf = MLPClassifier((32,), output="sigmoid", learning_rate=0.02, epochs=40, seed=0).fit(X, y)
    assert clf.model_[-1].n_out == 1
    assert clf.score(X, y) >= 0.95
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_mlp_same_seed_same_fit_and_float32_kept():
    X, y = data.make_moons(100, noise=0.2, seed=0)
    first = MLPClassifier(epochs=5, seed=3).fit(X, y)
    second = MLPClassifier(epochs=5, seed=3).fit(X, y)
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    refit = first.predict_proba(X)
    np.testing.assert_array_equal(first.fit(X, y).predict_proba(X), refit)  # a seed restarts the generator
    small = MLPClassifier(epochs=2, seed=3).fit(X.astype(np.float32), y)
    assert all(p.data.dtype == np.float32 for p in small.model_.parameters())


def test_mlp_regressor_fits_a_sine_and_r2_matches_hand_formula():
    X, y = data.make_noisy_sine(200, noise=0.05, seed=0)
    reg = MLPRegressor((32,), activation="tanh", learning_rate=0.02, epochs=150, seed=0).fit(X, y)
    prediction = reg.predict(X)
    assert prediction.shape == (200,)
    r2 = 1 - np.sum((y - prediction) ** 2) / np.sum((y - y.mean()) ** 2)
    assert reg.score(X, y) == pytest.approx(r2, rel=1e-12)
    assert r2 > 0.95


def test_mlp_regressor_multi_output_shape():
    X = np.linspace(-1, 1, 30).reshape(-1, 1)
    Y = np.column_stack([X[:, 0], -2 * X[:, 0]])
    reg = MLPRegressor((8,), epochs=100, learning_rate=0.05, seed=0).fit(X, Y)
    assert reg.predict(X).shape == (30, 2) and reg.score(X, Y) > 0.9


def test_mlp_errors():
    X, y = data.make_blobs(30, centers=3, seed=0)
    with pytest.raises(ValueError, match="output='sigmoid' needs exactly 2 classes, got 3"):
        MLPClassifier(output="sigmoid").fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes, got only"):
        MLPClassifier().fit(X, np.zeros(30, dtype=int))
    with pytest.raises(RuntimeError, match="not fitted yet"):
        MLPRegressor().predict(X)
    clf = MLPClassifier(epochs=1, seed=0).fit(X, y)
    with pytest.raises(ValueError, match=r"labels \[5\] not seen in fit"):
        clf.fit(X, y, validation_data=(X, np.full(30, 5)))
    with pytest.raises(ValueError, match="X must have 2 feature"):
        clf.predict(np.zeros((3, 4)))
