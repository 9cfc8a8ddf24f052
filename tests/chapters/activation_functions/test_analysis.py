"""Tests of mlcourse.chapters.activation_functions.analysis against independent oracles.

Oracles: the forward pass of the stacked layers themselves (collapse), tanh
(the centred sigmoid is tanh(x/2)/2), finite differences, hand values of the
sigmoid's and tanh's derivatives, vanishing_gradients.analysis.dead_unit_fractions
(dead ReLU units), nn.mlp (the stack's weights), a first SGD step computed by hand
(the SGD path) and the batch gradient (mean of the per-sample gradients).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.activations import sigmoid_derivative, tanh_derivative
from mlcourse.chapters.activation_functions import analysis as aa
from mlcourse.chapters.vanishing_gradients.analysis import dead_unit_fractions
from mlcourse.gradcheck import numerical_gradient
from mlcourse.losses import CrossEntropyLoss
from mlcourse.nn import Linear, Sequential, Sigmoid, Tanh, mlp


def _random_linear_stack(sizes, seed=0, bias=True):
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layer = Linear(n_in, n_out, rng=rng, bias=bias)
        if bias:
            layer.b.data[...] = rng.standard_normal(n_out)
        layers.append(layer)
    return layers


@pytest.mark.parametrize("sizes", [(3, 5), (3, 5, 2), (4, 6, 6, 3, 1)])
def test_collapse_reproduces_the_stack(sizes):
    layers = _random_linear_stack(sizes)
    X = np.random.default_rng(1).standard_normal((20, sizes[0]))
    W, b = aa.collapse_linear(layers)
    assert W.shape == (sizes[0], sizes[-1]) and b.shape == (sizes[-1],)
    np.testing.assert_allclose(X @ W + b, Sequential(*layers)(X), rtol=1e-12, atol=1e-12)


def test_collapse_bias_carries_earlier_biases_through_later_weights():
    layers = _random_linear_stack((3, 4, 2))
    W, b = aa.collapse_linear(layers)
    first, second = layers
    np.testing.assert_allclose(b, first.b.data @ second.W.data + second.b.data)
    # dropping the biases (W only), as a bias-free formula would, is wrong when the biases are not zero
    X = np.ones((1, 3))
    assert not np.allclose(X @ W, Sequential(*layers)(X))


def test_collapse_without_bias_and_bad_input():
    layers = _random_linear_stack((2, 3, 2), bias=False)
    W, b = aa.collapse_linear(layers)
    np.testing.assert_array_equal(b, np.zeros(2))
    np.testing.assert_allclose(W, layers[0].W.data @ layers[1].W.data)
    with pytest.raises(ValueError, match="empty"):
        aa.collapse_linear([])
    with pytest.raises(ValueError, match="expects 4 inputs but layers\\[0\\] gives 3"):
        aa.collapse_linear([Linear(2, 3), Linear(4, 1)])
    with pytest.raises(TypeError, match="nn.Linear"):
        aa.collapse_linear([Linear(2, 2), Tanh()])


def test_centred_sigmoid_is_half_tanh_of_half_x_with_the_sigmoid_derivative():
    x = np.linspace(-8, 8, 41).reshape(-1, 1)
    layer = aa.CentredSigmoid()
    np.testing.assert_allclose(layer(x), np.tanh(x / 2) / 2, atol=1e-15)
    grad_out = np.random.default_rng(0).standard_normal(x.shape)
    np.testing.assert_allclose(layer.backward(grad_out), grad_out * sigmoid_derivative(x), rtol=1e-12)
    point = np.array([[0.3, -1.2]])
    g = np.array([[1.0, 2.0]])

    def weighted(v):
        return float(np.sum(aa.CentredSigmoid()(v) * g))

    layer(point)
    np.testing.assert_allclose(layer.backward(g), numerical_gradient(weighted, point.copy()), rtol=1e-7)


def test_deep_stack_prefix_and_shapes():
    deep = aa.deep_stack("tanh", 6, n_units=12, n_samples=30, seed=3)
    shallow = aa.deep_stack("tanh", 2, n_units=12, n_samples=30, seed=3)
    assert len(deep.outputs) == 6 and deep.outputs[0].shape == (30, 12)
    for a, b in zip(shallow.outputs, deep.outputs):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(deep.model(deep.inputs), deep.outputs[-1])
    np.testing.assert_allclose(deep.derivatives[2], tanh_derivative(deep.pre_activations[2]))
    with pytest.raises(ValueError, match="unknown activation"):
        aa.deep_stack("softplus", 2)
    with pytest.raises(ValueError, match="unknown init"):
        aa.deep_stack("tanh", 2, init="orthogonal")
    with pytest.raises(ValueError, match="depth must be >= 1"):
        aa.deep_stack("tanh", 0)


def test_deep_stack_is_the_mlp_of_the_same_draws():
    # inputs first, then every layer's weights from the same generator, as nn.mlp draws them
    result = aa.deep_stack("elu", 3, init="he", n_units=6, n_samples=4, seed=5)
    generator = np.random.default_rng(5)
    inputs = generator.standard_normal((4, 6))
    expected = mlp([6, 6, 6, 6], activation="elu", output_activation="elu", init="he_normal", rng=generator)
    np.testing.assert_array_equal(result.inputs, inputs)
    for got, want in zip(result.model.parameters(), expected.parameters()):
        np.testing.assert_array_equal(got.data, want.data)
    np.testing.assert_allclose(result.outputs[-1], expected(inputs), rtol=1e-15)
    large = aa.deep_stack("tanh", 1, init="large", n_units=200, n_samples=2, seed=0)
    assert large.model[0].W.data.std() == pytest.approx(1.0, rel=0.02)  # the "large" init: std 1


def test_stack_with_statistics_is_the_cached_widget_stack():
    result, stats = aa.stack_with_statistics("relu", "xavier", 3)
    assert aa.stack_with_statistics("relu", "xavier", 3)[0] is result
    assert result.inputs.shape == (500, 100) and len(stats) == 3
    assert list(stats) == aa.layer_statistics(aa.deep_stack("relu", 3, n_units=100, n_samples=500, seed=0))


def test_flat_threshold_matches_hand_values():
    # sigmoid'(z) < 0.0025 exactly for |z| > 5.99 (sigmoid'(6) = 0.002466);
    # tanh'(z) = 1 / cosh(z)**2 < 0.01 exactly for |z| > acosh(10) = 2.993
    z = np.array([[0.0, 5.9, -5.9, 6.0, -6.5, 2.9, -3.1]])
    for name, expected in (
        ("sigmoid", [False, False, False, True, True, False, False]),
        ("tanh", [False, True, True, True, True, False, True]),
    ):
        derivative = sigmoid_derivative(z) if name == "sigmoid" else tanh_derivative(z)
        result = aa.StackResult(name, z, pre_activations=[z], outputs=[z], derivatives=[derivative])
        stats = aa.layer_statistics(result)[0]
        assert stats["flat"] == pytest.approx(np.mean(expected))
        assert stats["dead"] == pytest.approx(np.mean(expected))  # one sample: flat = dead
    assert sigmoid_derivative(6.0) < 0.0025 < sigmoid_derivative(5.98)


def test_dead_relu_units_agree_with_diagnostics():
    result = aa.deep_stack("relu", 6, init="xavier", n_units=40, n_samples=50, seed=1)
    stats = aa.layer_statistics(result)
    oracle = list(dead_unit_fractions(result.model, result.inputs).values())
    assert [row["dead"] for row in stats] == pytest.approx(oracle)
    assert max(oracle) > 0  # the check is not vacuous: some units do die in this stack


def test_stack_theory():
    sig = aa.layer_statistics(aa.deep_stack("sigmoid", 8, n_units=50, n_samples=200))
    tanh = aa.layer_statistics(aa.deep_stack("tanh", 8, n_units=50, n_samples=200))
    assert all(row["mean"] > 0.4 for row in sig)  # never centred
    assert all(abs(row["mean"]) < 0.05 for row in tanh)
    big = aa.layer_statistics(aa.deep_stack("tanh", 3, init="large", n_units=50, n_samples=200))
    assert all(row["flat"] > 0.5 for row in big)
    leaky = aa.layer_statistics(aa.deep_stack("leaky_relu", 5, init="large", n_units=50, n_samples=200))
    assert all(row["flat"] == 0 and row["dead"] == 0 for row in leaky)
    # ReLU is positively homogeneous: scaling the weights scales the outputs, never changes which are zero
    small = aa.layer_statistics(aa.deep_stack("relu", 4, init="xavier", n_units=50, n_samples=200))
    large = aa.layer_statistics(aa.deep_stack("relu", 4, init="large", n_units=50, n_samples=200))
    assert [r["flat"] for r in small] == [r["flat"] for r in large]


def test_per_sample_gradients_average_to_the_batch_gradient():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((7, 3))
    y = rng.integers(0, 2, 7)
    model = Sequential(Linear(3, 4, seed=0), Sigmoid(), Linear(4, 2, seed=1))
    loss = CrossEntropyLoss()
    grads = aa.per_sample_gradients(model, loss, X, y, model[2].W)
    assert grads.shape == (7, 4, 2)
    model.zero_grad()
    loss(model(X), y)
    model.backward(loss.backward())
    np.testing.assert_allclose(grads.mean(axis=0), model[2].W.grad, rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="one of model.parameters"):
        aa.per_sample_gradients(model, loss, X, y, Linear(2, 2).W)


def test_sigmoid_inputs_give_one_sign_gradients_tanh_inputs_do_not():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = rng.integers(0, 2, 40)
    fractions = {}
    for name, layer in (("sigmoid", Sigmoid()), ("tanh", Tanh())):
        model = Sequential(Linear(2, 8, seed=0), layer, Linear(8, 2, seed=1))
        grads = aa.per_sample_gradients(model, CrossEntropyLoss(), X, y, model[2].W)
        fractions[name] = aa.one_sign_fraction(grads)
    assert fractions["sigmoid"] == 1.0
    assert fractions["tanh"] < 0.2
    assert aa.one_sign_fraction(np.array([[[1.0, -1.0], [2.0, 3.0]]])) == 0.5
    with pytest.raises(ValueError, match="3-D"):
        aa.one_sign_fraction(np.ones((2, 2)))


def test_sgd_path_steps_are_multiples_of_the_input():
    rng = np.random.default_rng(0)
    H = rng.uniform(0.1, 1.0, size=(20, 2))
    y = H @ np.array([1.0, -1.0])
    path = aa.sgd_path(H, y, learning_rate=0.3, steps=25, seed=1)
    assert path.weights.shape == (26, 2) and path.losses.shape == (26,)
    steps = np.diff(path.weights, axis=0)
    assert np.all(steps[:, 0] * steps[:, 1] >= 0)  # both weights move the same way at every step
    # the first step by hand: w = 0, so w <- 0 - lr * 2 (0 - y_i) h_i for the first sample visited
    order = list(np.random.default_rng(1).permutation(20))
    i = order[-1]
    np.testing.assert_allclose(path.weights[1], 0.3 * 2 * y[i] * H[i])
    assert path.losses[0] == pytest.approx(np.mean(y**2))
    centred = aa.sgd_path(H - 0.5, (H - 0.5) @ np.array([1.0, -1.0]), learning_rate=0.3, steps=25, seed=1)
    assert np.any(np.prod(np.diff(centred.weights, axis=0), axis=1) < 0)


def test_epochs_to_reach():
    assert aa.epochs_to_reach([3.0, 2.0, 0.5], 1.0) == 3
    assert aa.epochs_to_reach([3.0, math.nan, math.inf], 1.0) is None
    assert aa.epochs_to_reach([], 1.0) is None


def test_race_centring_speeds_up_the_sigmoid_network():
    race = aa.hidden_activation_race(("sigmoid", "centred_sigmoid"), (32.0,), (0, 2, 3), epochs=150)
    assert race[("centred_sigmoid", 32.0)] == [17, 14, 22]  # pinned: the chapter quotes these runs
    assert all(epochs is None or epochs > 60 for epochs in race[("sigmoid", 32.0)])
    with pytest.raises(ValueError, match="unknown activation"):
        aa.hidden_activation_race(("swish",), (1.0,), (0,), epochs=2)


def test_sgd_path_stops_quietly_when_it_diverges():
    H = np.full((4, 2), 1.0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = aa.sgd_path(H, np.ones(4), learning_rate=50.0, steps=2000)
    assert path.diverged_at is not None and len(path.weights) == path.diverged_at
    assert np.all(np.isfinite(path.losses))


def test_same_weights_outputs_share_the_weights_and_only_identity_is_a_line():
    x = np.linspace(-3, 3, 301)
    curves = aa.same_weights_outputs(x, ("identity", "tanh", "relu"))
    assert list(curves) == [f"{name} between the layers" for name in ("identity", "tanh", "relu")]
    line = curves["identity between the layers"]
    assert line.shape == (301,) and np.abs(np.diff(line, 2)).max() < 1e-9  # straight
    assert np.abs(np.diff(curves["tanh between the layers"], 2)).max() > 1e-3  # bent
    # the linear network is the collapsed single layer of the same three Linear layers
    again = aa.same_weights_outputs(x, ("identity",))["identity between the layers"]
    np.testing.assert_array_equal(again, line)  # same seed, same weights
    relu = curves["relu between the layers"]
    kinks = np.abs(np.diff(relu, 2)) > 1e-9
    assert 0 < kinks.sum() < kinks.size // 5  # piecewise linear: straight between a few kinks
    different = aa.same_weights_outputs(x, ("identity",), seed=4)["identity between the layers"]
    assert not np.allclose(different, line)


def test_activation_timings_keys_and_positive_times():
    times = aa.activation_timings(n_values=2000, widths=(4, 16), batch=8, repeat=1)
    assert set(times) == {
        "exp",
        "maximum",
        "sigmoid",
        "relu",
        "matmul 4",
        "sigmoid 4",
        "relu 4",
        "matmul 16",
        "sigmoid 16",
        "relu 16",
    }
    assert all(isinstance(seconds, float) and seconds > 0 for seconds in times.values())
    with pytest.raises(ValueError):
        aa.activation_timings(n_values=0)
