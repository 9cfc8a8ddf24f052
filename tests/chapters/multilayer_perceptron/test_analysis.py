"""Tests of mlcourse.chapters.multilayer_perceptron.analysis against hand values and independent recomputation."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import nn
from mlcourse.chapters.multilayer_perceptron.analysis import (
    augmented_weights,
    best_line_accuracy,
    capacity_data,
    layer_outputs,
    make_xor_cloud,
    parameter_count,
    time_batch_vs_loop,
    trained_classifier,
)
from mlcourse.chapters.perceptron.analysis import fewest_errors_of_any_line
from mlcourse.data import add_bias_column
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


@pytest.mark.parametrize("sizes, expected", [
    ([3, 2], 8),                 # the notes: (3 + 1) * 2
    ([2, 2, 1], 9),              # 3*2 + 3*1
    ([4, 16, 16, 3], 403),       # 5*16 + 17*16 + 17*3
    ([784, 100, 10], 79510),     # 785*100 + 101*10
])
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


def test_trained_classifier_is_cached_and_shaped_as_asked():
    model = trained_classifier(3, 2, "moons")
    assert model is trained_classifier(3, 2, "moons")
    assert [layer.n_out for layer in model.model_ if isinstance(layer, nn.Linear)] == [3, 3, 1]
    assert len(model.history_.train_loss) == 200
    with pytest.raises(ValueError):
        trained_classifier(0, 1, "XOR")
