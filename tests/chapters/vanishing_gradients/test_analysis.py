"""Tests of mlcourse.chapters.vanishing_gradients.analysis: the measurements against finite differences and
hand-built networks, and the chapter's two experiments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import data, nn
from mlcourse.chapters.vanishing_gradients.analysis import (
    CHAIN_DEPTH,
    CHAIN_WIDTH,
    EPOCHS,
    FLOW_WIDTH,
    activation_statistics,
    build_clipping_network,
    build_flow_network,
    chapter_batch,
    chapter_digits,
    clipping_run,
    dead_unit_fractions,
    global_norm,
    global_norms_per_epoch,
    initial_gradient_norm,
    layer_gradient_norms,
    linear_chain,
    measure_gradient_flow,
)
from mlcourse.gradcheck import numerical_gradient
from mlcourse.losses import CrossEntropyLoss
from mlcourse.model_selection import holdout_split
from mlcourse.nn import mlp
from mlcourse.train import History


def test_layer_gradient_norms_match_finite_differences():
    model = mlp([3, 5, 4, 2], activation="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 3)), np.array([0, 1, 1, 0, 1, 0])
    norms = layer_gradient_norms(model, "cross_entropy", X, y)
    assert list(norms) == ["0.W", "2.W", "4.W"]
    loss = CrossEntropyLoss()
    for name, param in model.named_parameters():
        if param.name == "W":
            numeric = numerical_gradient(lambda _: loss(model(X), y), param.data)
            assert norms[name] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


def test_layer_gradient_norms_do_not_update_and_restore_mode():
    model = mlp([3, 4, 2], dropout=0.5, seed=0).eval()
    before = model.state_dict()
    layer_gradient_norms(model, "cross_entropy", np.ones((4, 3)), np.array([0, 1, 0, 1]))
    assert not model.training
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])
    with pytest.raises(TypeError):
        layer_gradient_norms(nn.Linear(3, 2), "mse", np.ones((1, 3)), np.ones((1, 2)))


def test_sigmoid_gradients_shrink_towards_the_input():
    model = mlp([20] + [20] * 8 + [2], activation="sigmoid", init="xavier_normal", seed=0)
    rng = np.random.default_rng(1)
    norms = list(
        layer_gradient_norms(model, "cross_entropy", rng.standard_normal((64, 20)), rng.integers(0, 2, 64)).values()
    )
    assert norms[0] < norms[-2] / 100  # at most 0.25 per sigmoid layer


def test_activation_statistics_hand_values():
    model = nn.Sequential(nn.Linear(1, 2, init="zeros"), nn.Tanh(), nn.Linear(2, 1, init="zeros"), nn.Sigmoid())
    model[0].W.data[:] = [[10.0, 0.0]]
    X = np.array([[1.0], [-1.0]])
    stats = activation_statistics(model, X)
    assert [row.layer for row in stats] == ["1 Tanh", "3 Sigmoid"]
    tanh_out = np.array([[np.tanh(10), 0.0], [-np.tanh(10), 0.0]])
    assert stats[0].mean == pytest.approx(tanh_out.mean())
    assert stats[0].std == pytest.approx(tanh_out.std())
    assert stats[0].saturated == pytest.approx(0.5)  # the first unit saturates, the second sits at 0
    assert stats[1].mean == pytest.approx(0.5) and stats[1].std == pytest.approx(0.0)
    assert stats[1].saturated == 0.0


def test_dead_unit_fractions():
    model = nn.Sequential(nn.Linear(1, 4, init="zeros"), nn.ReLU(), nn.Linear(4, 2, init="zeros"), nn.LeakyReLU(0.1))
    model[0].W.data[:] = [[1.0, -1.0, 1.0, 0.0]]
    model[0].b.data[:] = [0.0, 0.0, -5.0, 0.0]
    X = np.array([[1.0], [2.0], [3.0]])
    fractions = dead_unit_fractions(model, X)
    # unit 1: -x < 0; unit 2: x - 5 < 0 on these data; unit 3: always exactly 0; unit 0 fires
    assert fractions["1 ReLU"] == pytest.approx(3 / 4)
    assert fractions["3 LeakyReLU"] == pytest.approx(1.0)  # all-zero weights: inputs are 0 everywhere


def test_global_norm_is_the_norm_of_the_concatenated_gradients():
    model = mlp([3, 4, 2], seed=0)
    rng = np.random.default_rng(0)
    norms = layer_gradient_norms(model, "cross_entropy", rng.standard_normal((5, 3)), np.array([0, 1, 1, 0, 1]))
    weights = np.concatenate([p.grad.ravel() for p in model.parameters() if p.name == "W"])
    assert global_norm(norms) == pytest.approx(np.linalg.norm(weights), rel=1e-12)
    history = History(grad_norms=[{"0.W": 6.0, "0.b": 8.0}, {"0.W": 0.0}])
    assert global_norms_per_epoch(history) == [10.0, 0.0]


def test_flow_network_and_its_measurements():
    network = build_flow_network(3, "relu", "he")
    assert [layer.n_out for layer in network if isinstance(layer, nn.Linear)] == [FLOW_WIDTH] * 3 + [10]
    with pytest.raises(ValueError, match="init"):
        build_flow_network(3, "relu", "glorot")
    X, y = chapter_batch()
    assert X.shape == (256, 64) and y.shape == (256,)
    norms, stds, saturated = measure_gradient_flow(3, "tanh", "xavier")
    assert measure_gradient_flow(3, "tanh", "xavier")[0] is norms  # cached
    fresh = build_flow_network(3, "tanh", "xavier")
    assert norms == list(layer_gradient_norms(fresh, "cross_entropy", X, y).values())
    assert stds == [row.std for row in activation_statistics(fresh, X)] and len(saturated) == 3


def test_linear_chain_scales_the_signal_by_its_gain_per_layer():
    X = chapter_digits()[0]
    for gain in (0.8, 1.2):
        stds = [row.std for row in activation_statistics(linear_chain(6, 256, gain), X)]
        factors = np.array(stds[1:]) / np.array(stds[:-1])
        np.testing.assert_allclose(factors, gain, rtol=0.03)
    chain = build_clipping_network(batch_norm=True)
    assert [layer.n_out for layer in chain if isinstance(layer, nn.Linear)] == [CHAIN_WIDTH] * CHAIN_DEPTH + [10]
    assert sum(isinstance(layer, nn.BatchNorm1d) for layer in chain) == CHAIN_DEPTH


def test_chapter_digits_are_standardized_with_the_training_statistics():
    X_train, X_val, X_test, y_train, y_val, y_test = chapter_digits()
    n_test = math.ceil(0.3 * 1797)  # scikit-learn's sizes: the held-out part is rounded up
    n_val = math.ceil(0.2 * (1797 - n_test))
    assert (n_test, n_val) == (540, 252)
    assert X_train.shape == (1797 - n_test - n_val, 64) and X_val.shape == (n_val, 64) and X_test.shape == (n_test, 64)
    varying = X_train.std(axis=0) > 0
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0)[varying], 1.0, rtol=1e-12)
    # validation and test digits are transformed with the training statistics, not their own
    assert abs(X_val[:, varying].mean()) < 0.1 and abs(X_test[:, varying].mean()) < 0.1
    assert not np.allclose(X_val.mean(axis=0)[varying], 0.0, atol=1e-9)
    # stratified: every digit keeps its share in each part
    counts = np.bincount(y_train) + np.bincount(y_val) + np.bincount(y_test)
    assert np.all(np.abs(np.bincount(y_test) - 0.3 * counts) <= 1)
    assert np.all(np.abs(np.bincount(y_val) - 0.2 * (np.bincount(y_train) + np.bincount(y_val))) <= 1)
    # the test part is the 7:3 split's, the validation part comes out of its training digits only
    X_all, y_all = data.load_digits()
    X_rest, X_raw_test, y_rest, _ = data.train_test_split(X_all, y_all, test_size=0.3, seed=0, stratify=y_all)
    fit_index, val_index = holdout_split(len(y_rest), 0.2, stratify=y_rest, seed=0)
    assert len(np.intersect1d(fit_index, val_index)) == 0 and len(fit_index) + len(val_index) == len(X_rest)
    scaler = data.Standardizer().fit(X_rest[fit_index])
    np.testing.assert_allclose(X_test, scaler.transform(X_raw_test))
    np.testing.assert_allclose(X_val, scaler.transform(X_rest[val_index]))


def test_clipping_run_diverges_without_clipping_and_trains_with_it():
    _, exploding = clipping_run(None)
    assert exploding.diverged_at == 1 and exploding.epochs_run == 0
    assert clipping_run(None, "value") is clipping_run(None)  # without clipping the method does not matter
    model, clipped = clipping_run(100.0)
    assert clipped.diverged_at is None and clipped.epochs_run == EPOCHS
    assert global_norms_per_epoch(clipped)[0] > 100.0  # the clipping did act
    assert initial_gradient_norm() == pytest.approx(
        global_norm(
            layer_gradient_norms(
                build_clipping_network(), "cross_entropy", chapter_digits()[0][:128], chapter_digits()[3][:128]
            )
        )
    )
    with pytest.raises(ValueError, match="method"):
        clipping_run(1.0, "angle")
    with pytest.raises(ValueError, match="threshold"):
        clipping_run(-1.0)


def test_watch_dead_units_records_one_fraction_per_epoch_and_more_die_at_a_too_large_rate():
    from mlcourse.chapters.vanishing_gradients.analysis import DEAD_EPOCHS, watch_dead_units

    calm, calm_history = watch_dead_units("relu", 0.01)
    wild, _ = watch_dead_units("relu", 0.1)
    assert len(calm) == len(wild) == len(calm_history.val_accuracy) == DEAD_EPOCHS
    assert all(0.0 <= value <= 1.0 for value in calm + wild)
    assert max(calm) < 0.1 < min(wild)
    assert watch_dead_units("relu", 0.01)[0] is calm  # cached


def test_train_sgd_trains_and_reports_divergence_without_a_warning():
    import warnings

    from mlcourse.chapters.vanishing_gradients.analysis import train_sgd

    history = train_sgd(mlp([64, 16, 10], seed=0), 0.1, epochs=2)
    assert history.epochs_run == 2 and history.val_accuracy[-1] > 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a TrainingDiverged warning would fail here
        exploded = train_sgd(linear_chain(12, 32, 2.0), 1.0, epochs=2)
    assert exploded.diverged_at == 1


def test_clipping_cosines_against_a_hand_computed_gradient():
    from mlcourse.chapters.vanishing_gradients.analysis import clipping_cosines

    net = nn.Sequential(nn.Linear(1, 3, init="zeros", bias=False))
    net[0].W.data[:] = [[3.0, 0.5, -2.0]]
    # MSE against 0 over 3 outputs: the gradient of W is 2/3 of the outputs
    result = clipping_cosines(net, "mse", [[1.0]], [[0.0, 0.0, 0.0]], norm_threshold=1.0, value_threshold=1.0)
    g = np.array([3.0, 0.5, -2.0]) * 2 / 3
    by_value = np.clip(g, -1.0, 1.0)
    assert result["original"] == pytest.approx((np.linalg.norm(g), 1.0))
    assert result["by norm"] == pytest.approx((1.0, 1.0), abs=1e-6)
    cosine = g @ by_value / (np.linalg.norm(g) * np.linalg.norm(by_value))
    assert result["by value"] == pytest.approx((np.linalg.norm(by_value), cosine))
    np.testing.assert_allclose(net[0].W.grad.ravel(), g)  # the model keeps its unclipped gradient


def test_best_forward_time_is_the_minimum_of_positive_timings():
    from mlcourse.chapters.vanishing_gradients.analysis import best_forward_time

    model = mlp([64, 32, 10], seed=0)
    seconds = best_forward_time(model, chapter_digits()[0][:100], repeats=3)
    assert 0.0 < seconds < 1.0
