"""Tests of mlcourse.chapters.multilayer_perceptron.analysis against hand values and independent recomputation."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import nn
from mlcourse.chapters.multilayer_perceptron.analysis import (
    EPOCHS,
    augmented_weights,
    best_line_accuracy,
    capacity_data,
    layer_outputs,
    make_xor_cloud,
    parameter_count,
    solves_xor,
    time_batch_vs_loop,
    train_by_gradient_descent,
    train_xor_network,
    trained_network,
    xor_starts,
)
from mlcourse.chapters.multilayer_perceptron.exercises import xor_network
from mlcourse.chapters.perceptron.analysis import fewest_errors_of_any_line
from mlcourse.data import add_bias_column, logic_gate
from mlcourse.nn import mlp


def test_augmented_notation_gives_the_same_outputs():
    layer = nn.Linear(3, 2, seed=0)
    layer.b.data[:] = [0.5, -1.0]
    X = np.random.default_rng(1).standard_normal((7, 3))
    A = augmented_weights(layer)
    assert A.shape == (4, 2)
    assert A[0].tolist() == [0.5, -1.0]  # b_1, b_2 in the first row, as in the notes
    np.testing.assert_allclose(add_bias_column(X) @ A, layer(X), rtol=1e-14, atol=1e-14)


def test_augmented_weights_hand_value():
    layer = nn.Linear(2, 1, init="zeros")
    layer.W.data[:] = [[2.0], [3.0]]
    layer.b.data[:] = [-1.0]
    assert augmented_weights(layer).tolist() == [[-1.0], [2.0], [3.0]]
    assert (add_bias_column([[1.0, 1.0]]) @ augmented_weights(layer)).item() == 4.0  # 2 + 3 - 1


def test_augmented_weights_bad_input():
    with pytest.raises(ValueError, match="no bias"):
        augmented_weights(nn.Linear(2, 2, bias=False))
    with pytest.raises(TypeError, match="Linear"):
        augmented_weights(nn.ReLU())


@pytest.mark.parametrize(
    "sizes, expected",
    [
        ([3, 2], 8),  # the notes: (3 + 1) * 2
        ([2, 2, 1], 9),  # 3*2 + 3*1
        ([4, 16, 16, 3], 403),  # 5*16 + 17*16 + 17*3
        ([784, 100, 10], 79510),  # 785*100 + 101*10
    ],
)
def test_parameter_count_hand_values(sizes, expected):
    assert parameter_count(sizes) == expected


@pytest.mark.parametrize("seed", range(5))
def test_parameter_count_equals_summary_and_the_arrays(seed):
    generator = np.random.default_rng(seed)
    sizes = generator.integers(1, 30, size=generator.integers(2, 6)).tolist()
    model = mlp(sizes, activation="tanh", seed=seed, output_activation="softmax")
    assert parameter_count(sizes) == model.summary(sizes[0]).total_parameters
    assert parameter_count(sizes) == sum(p.size for p in model.parameters())


def test_parameter_count_bad_input():
    with pytest.raises(ValueError, match="at least an input"):
        parameter_count([3])
    with pytest.raises(ValueError):
        parameter_count([3, 0])


def test_layer_outputs_are_repeated_matrix_products():
    model = nn.Sequential(nn.Linear(2, 3, seed=0), nn.Tanh(), nn.Linear(3, 2, seed=1), nn.Softmax())
    X = np.random.default_rng(2).standard_normal((5, 2))
    outputs = layer_outputs(model, X)
    W1, b1, W2, b2 = (p.data for p in model.parameters())
    hidden = np.tanh(X @ W1 + b1)
    scores = hidden @ W2 + b2
    np.testing.assert_allclose(outputs[1], hidden, rtol=1e-14)
    np.testing.assert_allclose(outputs[2], scores, rtol=1e-14)
    np.testing.assert_allclose(outputs[3], np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(outputs[-1], model(X), rtol=1e-14)


def test_layer_outputs_evaluation_mode_and_restores_training():
    model = nn.Sequential(nn.Linear(4, 4, seed=0), nn.Dropout(0.5, seed=1))
    X = np.ones((3, 4))
    first = layer_outputs(model, X)[-1]
    np.testing.assert_array_equal(first, layer_outputs(model, X)[-1])  # no dropout mask in eval mode
    assert model.training
    with pytest.raises(TypeError, match="Sequential"):
        layer_outputs(nn.Linear(2, 2), X)


def test_time_batch_vs_loop_same_numbers():
    model = mlp([8, 16, 4], activation="relu", seed=0)
    X = np.random.default_rng(0).standard_normal((50, 8))
    timing = time_batch_vs_loop(model, X, repeats=2)
    assert timing.n_samples == 50
    assert timing.max_difference < 1e-12
    assert timing.batch_seconds > 0 and timing.loop_seconds > 0
    assert timing.speedup == pytest.approx(timing.loop_seconds / timing.batch_seconds)
    with pytest.raises(TypeError, match="Module"):
        time_batch_vs_loop("model", X)


def test_xor_cloud_labels_follow_the_corners():
    X, y = make_xor_cloud(40, noise=0.0)
    assert ((X[:, 0] * X[:, 1] < 0) == (y == 1)).all()
    assert y.sum() == 20  # the corners take turns: half of the points are class 1
    X_noisy, _ = make_xor_cloud(40, noise=0.35, seed=0)
    assert not np.array_equal(X, X_noisy)
    with pytest.raises(ValueError):
        make_xor_cloud(0)
    with pytest.raises(ValueError):
        make_xor_cloud(8, noise=-1.0)


def test_capacity_data_sets():
    for name in ("XOR", "moons"):
        X, y = capacity_data(name)
        assert X.shape == (120, 2) and set(y.tolist()) == {0, 1}
    with pytest.raises(ValueError, match="unknown data set"):
        capacity_data("spirals")


def test_best_line_accuracy_is_the_exact_search():
    for name in ("XOR", "moons"):
        X, y = capacity_data(name)
        assert best_line_accuracy(name) == 1 - fewest_errors_of_any_line(X, 2 * y - 1) / 120
    assert best_line_accuracy("XOR") < 0.8  # no line gets much more than three of the four clouds


def test_trained_network_is_cached_and_shaped_as_asked():
    network = trained_network(3, 2, "moons")
    assert network is trained_network(3, 2, "moons")
    assert [layer.n_out for layer in network.model if isinstance(layer, nn.Linear)] == [3, 3, 1]
    assert [type(layer).__name__ for layer in network.model][1::2] == ["Sigmoid"] * 3
    assert len(network.losses) == EPOCHS
    X, y = capacity_data("moons")
    probability = network.probability(X)
    assert probability.shape == (120,) and np.all((probability > 0) & (probability < 1))
    assert network.accuracy(X, y) == np.mean((probability >= 0.5) == y)
    with pytest.raises(ValueError):
        trained_network(0, 1, "XOR")


def test_gradient_descent_steps_are_sgd_on_the_mse():
    # one step by hand: w <- w - lr * dMSE/dw for a linear unit, from zero
    model = nn.Linear(1, 1, init="zeros")
    losses = train_by_gradient_descent(model, [[1.0], [2.0]], [2.0, 4.0], learning_rate=0.1, epochs=1)
    assert losses == [10.0]  # mean of 2**2 and 4**2
    # dL/dw = -2 * mean(x * y) = -10, dL/db = -2 * mean(y) = -6
    assert model.W.data[0, 0] == pytest.approx(1.0) and model.b.data[0] == pytest.approx(0.6)
    losses = train_by_gradient_descent(model, [[1.0], [2.0]], [2.0, 4.0], learning_rate=0.1, epochs=500)
    assert losses[-1] < 1e-6 and all(b <= a for a, b in zip(losses, losses[1:]))
    np.testing.assert_allclose([model.W.data[0, 0], model.b.data[0]], [2.0, 0.0], atol=1e-3)  # y = 2x
    with pytest.raises(ValueError):
        train_by_gradient_descent(model, [[1.0]], [1.0], learning_rate=0.0, epochs=1)
    with pytest.raises(TypeError):
        train_by_gradient_descent("model", [[1.0]], [1.0], learning_rate=0.1, epochs=1)


def test_xor_is_learned_from_seed_0_but_not_from_every_start():
    model, losses = train_xor_network(2, seed=0)
    assert solves_xor(model) and losses[-1] < 0.01 < losses[0]
    runs = xor_starts(2, range(12))
    failed = [loss for solved, loss in runs if not solved]
    assert 0 < len(failed) < 12  # some starts end in a local minimum ...
    assert all(loss > 0.1 for loss in failed)  # ... stuck with a large loss, not merely slow
    assert all(solved for solved, _ in xor_starts(3, range(12)))


def test_a_network_without_activation_learns_nothing_on_xor():
    model, losses = train_xor_network(8, depth=2, activation="identity", seed=0)
    assert not solves_xor(model)
    np.testing.assert_allclose(model(logic_gate("xor", labels="01")[0])[:, 0], 0.5, atol=1e-3)
    assert losses[-1] == pytest.approx(0.25, abs=1e-4)


def test_solves_xor_reads_outputs_at_one_half():
    W1, b1 = [[1.0, -1.0], [1.0, -1.0]], [-0.5, 1.5]
    assert solves_xor(xor_network(W1, b1, [1.0, 1.0], -1.5))
    assert not solves_xor(xor_network(W1, b1, [-1.0, -1.0], 1.4))  # XNOR
