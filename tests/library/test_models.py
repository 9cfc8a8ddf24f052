"""Perceptron (hand-computed updates, AND/OR/XOR) and the MLP conveniences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse import data, nn
from mlcourse.data import logic_gate
from mlcourse.models import (
    ConvergenceWarning,
    LinearRegression,
    MLPClassifier,
    MLPRegressor,
    Perceptron,
)


def test_perceptron_first_updates_on_and_match_hand_computation():
    X, y = logic_gate("and")
    model = Perceptron(learning_rate=1.0).fit(X, y)
    # epoch 1: (0,0) z=0 -> +1 wrong: b -= 2; (0,1), (1,0) right; (1,1) z=-2 wrong: w += 2*(1,1), b += 2
    # epoch 2: (0,0) z=0 wrong: b=-2; (0,1) z=0 wrong: w2=0, b=-4; (1,0) right; (1,1) z=-2 wrong: w=(4,2), b=-2
    expected = [  # rows (b, w1, w2)
        [0, 0, 0],
        [-2, 0, 0],
        [-2, 0, 0],
        [-2, 0, 0],
        [0, 2, 2],
        [-2, 2, 2],
        [-4, 2, 0],
        [-4, 2, 0],
        [-2, 4, 2],
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


# ------------------------------------------------------------------ bad input and wrong state

_X2 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2], [0.3, 0.9]])
_Y01 = np.array([0, 1, 1, 0, 0, 1])
_YR = np.array([0.1, 0.9, 1.2, 0.0, 0.4, 0.8])


def _fitted(name):
    if name == "linear":
        return LinearRegression("normal_equation").fit(_X2, _YR)
    if name == "perceptron":
        with pytest.warns(ConvergenceWarning):
            return Perceptron(max_epochs=2).fit(_X2, 2 * _Y01 - 1)
    if name == "classifier":
        return MLPClassifier((4,), epochs=2, seed=0).fit(_X2, _Y01)
    return MLPRegressor((4,), epochs=2, seed=0).fit(_X2, _YR)


_METHODS = {
    "linear": (LinearRegression, {"predict": ("X",), "mse": ("X", "y"), "score": ("X", "y")}),
    "perceptron": (Perceptron, {"predict": ("X",), "net_input": ("X",), "score": ("X", "y")}),
    "classifier": (MLPClassifier, {"predict": ("X",), "predict_proba": ("X",), "score": ("X", "y")}),
    "regressor": (MLPRegressor, {"predict": ("X",), "score": ("X", "y")}),
}
_TARGETS = {"linear": _YR, "perceptron": 2 * _Y01 - 1, "classifier": _Y01, "regressor": _YR}


@pytest.mark.parametrize(
    "name, method", [(name, method) for name, (_, methods) in _METHODS.items() for method in methods]
)
def test_every_method_before_fit_says_not_fitted_yet(name, method):
    cls, methods = _METHODS[name]
    arguments = {"X": _X2, "y": _TARGETS[name]}
    with pytest.raises(RuntimeError, match=f"this {cls.__name__} is not fitted yet: call fit"):
        getattr(cls(), method)(*[arguments[a] for a in methods[method]])


_BAD_X = {
    "1-D X": (_X2[:, 0], ValueError, r"X must be 2-D, got shape \(6,\)"),
    "empty X": (np.zeros((0, 2)), ValueError, "X must not be empty"),
    "NaN in X": (np.where(_X2 > 0.8, np.nan, _X2), ValueError, r"X must be finite, got \d NaN/inf"),
    "integer X": (_X2.astype(np.int64), TypeError, "X must be a float32 or float64 array, got dtype int64"),
    "None": (None, TypeError, "X must hold real numbers, got NoneType None"),
}


@pytest.mark.parametrize("bad", list(_BAD_X))
@pytest.mark.parametrize("name", list(_METHODS))
def test_every_fit_predict_and_score_refuses_a_bad_X_naming_it(name, bad):
    X, error, match = _BAD_X[bad]
    cls, methods = _METHODS[name]
    with pytest.raises(error, match=match):
        cls().fit(X, _TARGETS[name])
    fitted = _fitted(name)
    for method, arguments in methods.items():
        values = {"X": X, "y": _TARGETS[name]}
        with pytest.raises(error, match=match):
            getattr(fitted, method)(*[values[a] for a in arguments])


@pytest.mark.parametrize("name", list(_METHODS))
def test_every_model_refuses_another_feature_count_and_a_y_of_another_length(name):
    cls, methods = _METHODS[name]
    fitted = _fitted(name)
    for method, arguments in methods.items():
        values = {"X": np.zeros((6, 3)), "y": _TARGETS[name]}
        with pytest.raises(ValueError, match=r"X must have 2 feature\(s\) as in fit, got shape \(6, 3\)"):
            getattr(fitted, method)(*[values[a] for a in arguments])
    with pytest.raises(ValueError, match="X and y must have the same number of samples, got 6 and 5"):
        cls().fit(_X2, _TARGETS[name][:5])
    if "score" in methods:
        with pytest.raises(ValueError, match="same number of samples"):
            fitted.score(_X2, _TARGETS[name][:5])


@pytest.mark.parametrize(
    "y, error, match",
    [
        (None, TypeError, "y must be array-like class labels, got None"),
        ([0, 1, None, 0, 1, 0], TypeError, r"y must not hold None, got 1 None label\(s\) among 6"),
        (
            [0, 1, "a", 0, 1, 0],
            TypeError,
            r"y must hold labels of one kind \(all numbers or all strings\), got a mix of \['int', 'str'\]",
        ),
        (np.array([0, 1, "a", 0, 1, 0], dtype=object), TypeError, "got a mix of"),
        (
            [0.0, 1.0, 0.5, 0.0, 1.0, 0.0],
            ValueError,
            "y must be class labels, got floats with a fractional part such as 0.5: for real-valued targets use MLPRegressor",
        ),
        ([0.0, 1.0, np.nan, 0.0, 1.0, 0.0], ValueError, r"y must be class labels, got 1 NaN/inf value\(s\)"),
        (np.zeros(6, dtype=int), ValueError, r"y must hold at least 2 classes, got only \[0\]"),
        (np.zeros((6, 1), dtype=int), ValueError, r"y must be 1-D class labels, got shape \(6, 1\)"),
        (
            np.array([1 + 1j] * 6),
            TypeError,
            "y must hold class labels .integers, strings or booleans., got array of shape .6,. and dtype complex128",
        ),
    ],
)
def test_mlp_classifier_refuses_bad_labels(y, error, match):
    with pytest.raises(error, match=match):
        MLPClassifier(epochs=1).fit(_X2, y)


def test_mlp_classifier_accepts_strings_whole_floats_and_booleans():
    for y in (np.array(["cat", "dog"] * 3), ["cat", "dog"] * 3, np.array([0.0, 1.0] * 3), np.array([True, False] * 3)):
        clf = MLPClassifier((4,), epochs=1, seed=0).fit(_X2, y)
        assert len(clf.classes_) == 2 and clf.predict(_X2).dtype == clf.classes_.dtype
    with pytest.raises(
        ValueError, match=r"y must hold labels of the kind seen in fit \(numbers: classes_ = \[False, True\]\)"
    ):
        clf.score(_X2, ["cat"] * 6)


def test_a_failed_fit_leaves_the_classifier_as_it_was():
    clf = _fitted("classifier")
    model, classes, proba = clf.model_, clf.classes_, clf.predict_proba(_X2)
    with pytest.raises(ValueError, match=r"y_val holds labels \[5\] not seen in fit"):
        clf.fit(_X2, np.array([3, 7, 9, 3, 7, 9]), validation_data=(_X2, np.full(6, 5)))
    with pytest.raises(ValueError, match=r"X_val of shape \(6, 3\) does not suit the model"):
        clf.fit(_X2, np.array([3, 7, 9, 3, 7, 9]), validation_data=(np.zeros((6, 3)), np.full(6, 3)))
    with pytest.raises(TypeError, match="validation_data must be a pair .X_val, y_val., got"):
        clf.fit(_X2, _Y01, validation_data=_X2)
    assert clf.model_ is model and clf.classes_ is classes
    np.testing.assert_array_equal(clf.predict_proba(_X2), proba)


def test_mlp_regressor_refuses_another_number_of_targets():
    reg = _fitted("regressor")
    with pytest.raises(
        ValueError, match=r"y must have the 1 target column\(s\) of the y given to fit, got shape \(6, 2\)"
    ):
        reg.score(_X2, np.column_stack([_YR, _YR]))
    with pytest.raises(ValueError, match=r"y_val must have the 1 target column\(s\) of y, got shape \(6, 2\)"):
        MLPRegressor(epochs=1).fit(_X2, _YR, validation_data=(_X2, np.column_stack([_YR, _YR])))


def test_mlp_predict_on_a_diverged_or_overflowing_network_says_so():
    clf = _fitted("classifier")
    clf.model_[0].W.data[...] = 2.0  # 1e308 * 2 + 1e308 * 2 overflows
    with pytest.raises(
        ValueError, match="output on X holds .* NaN/inf value.s. although X and the parameters are finite"
    ):
        clf.predict(np.full((2, 2), 1e308))
    clf.model_[0].W.data[0, 0] = np.nan
    for method in (clf.predict, clf.predict_proba):
        with pytest.raises(RuntimeError, match="the model's parameters hold NaN or inf"):
            method(_X2)


@pytest.mark.parametrize(
    "build, error, match",
    [
        (
            lambda: MLPClassifier(hidden_layer_sizes=None),
            TypeError,
            "hidden_layer_sizes must be a tuple of layer widths .*got NoneType None",
        ),
        (lambda: MLPClassifier(hidden_layer_sizes=(16, 0)), ValueError, r"hidden_layer_sizes\[1\] must be >= 1, got 0"),
        (lambda: MLPClassifier(hidden_layer_sizes=True), TypeError, "hidden_layer_sizes must be a tuple"),
        (lambda: MLPRegressor(activation=["relu"]), ValueError, r"activation must be one of .*got \['relu'\]"),
        (lambda: MLPClassifier(shuffle="no"), TypeError, "shuffle must be True or False, got str 'no'"),
        (lambda: MLPRegressor(verbose=1), TypeError, "verbose must be True or False, got int 1"),
        (lambda: Perceptron(shuffle=None), TypeError, "shuffle must be True or False, got NoneType None"),
        (lambda: Perceptron(init=["zeros"]), ValueError, r"init must be one of \('zeros', 'random'\)"),
    ],
)
def test_constructors_refuse_arguments_of_the_wrong_kind(build, error, match):
    with pytest.raises(error, match=match):
        build()


def test_perceptron_label_errors_name_y():
    with pytest.raises(ValueError, match=r"^y must hold labels -1 and \+1, got the values \[.*nan.*\]"):
        Perceptron().fit(_X2, np.array([-1, 1, np.nan, 1, -1, 1]))
    with pytest.raises(TypeError, match="y must be 1-D labels -1/.1, got None"):
        Perceptron().fit(_X2, None)


@settings(max_examples=40, deadline=None)
@given(
    labels=st.lists(
        st.one_of(
            st.integers(-5, 5),
            st.sampled_from(["a", "b"]),
            st.none(),
            st.floats(allow_nan=True, allow_infinity=True, width=64),
        ),
        min_size=6,
        max_size=6,
    )
)
def test_property_classifier_labels_are_trained_on_or_refused_naming_y(labels):
    """Any list of 6 labels: a fit (2+ classes of one kind, whole numbers) or a TypeError/ValueError naming y."""
    numbers = [v for v in labels if v is not None and not isinstance(v, str)]
    valid = (
        None not in labels
        and (not numbers or len(numbers) == len(labels))
        and all(np.isfinite(v) and v == round(v) for v in numbers)
        and len(set(labels)) >= 2
    )
    try:
        clf = MLPClassifier((2,), epochs=1, seed=0).fit(_X2, labels)
    except (TypeError, ValueError) as error:
        assert not valid and str(error).startswith("y "), str(error)
    else:
        assert valid and len(clf.classes_) == len(set(labels)) and clf.predict(_X2).shape == (6,)


def test_mlp_regressor_r2_of_targets_too_large_to_square_is_refused_not_nan():
    reg = _fitted("regressor")
    with pytest.raises(ValueError, match=r"y is too large for R\^2: its sums of squares overflow"):
        reg.score(_X2, _YR * 1e200)
