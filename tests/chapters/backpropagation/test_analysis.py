"""mlcourse.chapters.backpropagation.analysis: the hand-computed worked example, activation memory, cost counts and timings.

Oracles: the numbers printed in Mazur's article (2015), the layer code of
mlcourse.nn (an independent implementation of the same network), exact
counts by hand, and finite differences for the broken-layer fixture.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from mlcourse.chapters.backpropagation import analysis as backprop
from mlcourse.chapters.backpropagation.analysis import (
    BrokenSigmoid, activation_bytes, cached_arrays, fit_loglog_slope, load_backprop_timings,
    multiplication_counts, time_gradient_methods, worked_example_by_hand,
)
from mlcourse.gradcheck import check_gradients, worked_example_2_2_2
from mlcourse.nn import mlp
from mlcourse.nn import BatchNorm1d, Dropout, Linear, ReLU, Sequential, Sigmoid, Tanh

PUBLISHED = {  # Mazur (2015), as printed
    ("forward", "h1"): 0.593269992, ("forward", "h2"): 0.596884378,
    ("forward", "o1"): 0.75136507, ("forward", "o2"): 0.772928465,
    ("forward", "z1"): 0.3775, ("forward", "z3"): 1.105905967,
    ("forward", "E_o1"): 0.274811083, ("forward", "E_o2"): 0.023560026,
    ("forward", "E_total"): 0.298371109,
    ("w5", "dE/do1"): 0.74136507, ("w5", "do1/dz3"): 0.186815602, ("w5", "dz3/dw5"): 0.593269992,
    ("w5", "dE/dw5"): 0.082167041, ("w5", "w5 updated"): 0.35891648,
    ("w1", "dE/dz3"): 0.138498562, ("w1", "dE/dz3 * dz3/dh1"): 0.055399425,
    ("w1", "dE/dz4 * dz4/dh1"): -0.019049119, ("w1", "dE/dh1"): 0.036350306,
    ("w1", "dh1/dz1"): 0.241300709, ("w1", "dz1/dw1"): 0.05,
    ("w1", "dE/dw1"): 0.000438568, ("w1", "w1 updated"): 0.149780716,
}



@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_hand_computation_reproduces_the_published_numbers(key):
    part, name = key
    assert worked_example_by_hand()[part][name] == pytest.approx(PUBLISHED[key], abs=6e-9)


def _layer_gradients(weights, inputs, targets, biases):
    w1, w2, w3, w4, w5, w6, w7, w8 = weights
    hidden, output = Linear(2, 2, init="zeros"), Linear(2, 2, init="zeros")
    hidden.W.data[...] = [[w1, w3], [w2, w4]]
    output.W.data[...] = [[w5, w7], [w6, w8]]
    hidden.b.data[:] = biases[0]
    output.b.data[:] = biases[1]
    model = Sequential(hidden, Sigmoid(), output, Sigmoid())
    x, t = np.array([inputs]), np.array([targets])
    out = model(x)
    # Mazur's E = sum 1/2 (t - o)^2, whose gradient is o - t
    model.backward(out - t)
    return out, hidden.W.grad[0, 0], output.W.grad[0, 0]


@pytest.mark.parametrize("seed", range(5))
def test_hand_computation_agrees_with_the_layers_for_random_weights(seed):
    rng = np.random.default_rng(seed)
    weights, inputs, targets, biases = rng.normal(size=8), rng.normal(size=2), rng.uniform(size=2), rng.normal(size=2)
    steps = worked_example_by_hand(inputs, targets, weights, biases, learning_rate=0.1)
    out, dw1, dw5 = _layer_gradients(weights, inputs, targets, biases)
    assert steps["forward"]["o1"] == pytest.approx(out[0, 0], abs=1e-14)
    assert steps["forward"]["o2"] == pytest.approx(out[0, 1], abs=1e-14)
    assert steps["w5"]["dE/dw5"] == pytest.approx(dw5, abs=1e-14)
    assert steps["w1"]["dE/dw1"] == pytest.approx(dw1, abs=1e-14)
    assert steps["w1"]["w1 updated"] == pytest.approx(weights[0] - 0.1 * dw1, abs=1e-14)


def test_one_output_path_alone_is_not_the_gradient_of_w1():
    steps = worked_example_by_hand()["w1"]
    only_o1 = steps["dE/dz3 * dz3/dh1"] * steps["dh1/dz1"] * steps["dz1/dw1"]
    assert abs(only_o1 - steps["dE/dw1"]) > 0.5 * abs(steps["dE/dw1"])


def test_hand_computation_matches_the_librarys_worked_example():
    example = worked_example_2_2_2()
    model, loss_fn = example["model"], example["loss"]
    loss = loss_fn(model(example["inputs"]), example["targets"])
    model.backward(loss_fn.backward())
    steps = worked_example_by_hand()
    assert steps["forward"]["E_total"] == pytest.approx(loss, abs=1e-15)
    assert steps["w5"]["dE/dw5"] == pytest.approx(model[2].W.grad[0, 0], abs=1e-15)
    assert steps["w1"]["dE/dw1"] == pytest.approx(model[0].W.grad[0, 0], abs=1e-15)


@pytest.mark.parametrize("kwargs, message", [
    ({"weights": [0.1] * 7}, "8 numbers"),
    ({"inputs": [0.1, 0.2, 0.3]}, "pair"),
    ({"learning_rate": 0.0}, "learning_rate"),
])
def test_hand_computation_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        worked_example_by_hand(**kwargs)


def test_cached_arrays_lists_inputs_and_outputs_and_spots_shared_memory():
    net = mlp([5, 7, 3, 2], activation="tanh", seed=0)
    assert cached_arrays(net) == []  # nothing before a forward pass
    X = np.ones((4, 5))
    net(X)
    rows = cached_arrays(net)
    assert [(row.layer.split()[0], row.attribute, row.shape) for row in rows] == [
        ("0", "x", (4, 5)), ("1", "out", (4, 7)), ("2", "x", (4, 7)),
        ("3", "out", (4, 3)), ("4", "x", (4, 3)),
    ]
    assert [row.same_as is not None for row in rows] == [False, False, True, False, True]
    assert activation_bytes(net) == 4 * (5 + 7 + 3) * 8


@pytest.mark.parametrize("batch", [1, 10, 100])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_activation_memory_grows_with_batch_and_depth(batch, activation):
    for depth in (1, 2, 4):
        sizes = [6] + [9] * depth + [3]
        net = mlp(sizes, activation=activation, seed=1)
        net(np.zeros((batch, 6)))
        assert activation_bytes(net) == 8 * batch * (6 + 9 * depth)


def test_relu_keeps_a_mask_and_float32_halves_the_floats():
    net = mlp([4, 8, 2], activation="relu", seed=0, dtype=np.float32)
    net(np.ones((3, 4), dtype=np.float32))
    rows = {row.attribute: row for row in cached_arrays(net) if row.layer.startswith("1 ")}
    assert rows["positive"].dtype == "bool" and rows["positive"].nbytes == 3 * 8
    assert rows["out"].dtype == "float32"
    assert activation_bytes(net) == 3 * 4 * 4 + 3 * 8 + 3 * 8 * 4  # x, mask, out (shared with next x)


def test_dropout_and_batchnorm_caches_are_listed():
    net = Sequential(Linear(3, 4, seed=0), BatchNorm1d(4), ReLU(), Dropout(0.5, seed=0), Linear(4, 1, seed=1))
    net(np.random.default_rng(0).normal(size=(6, 3)))
    attributes = {(row.layer.split()[0], row.attribute) for row in cached_arrays(net)}
    assert {("1", "cache[0]"), ("1", "cache[1]"), ("3", "mask")} <= attributes
    assert not any(row.attribute.startswith("running") for row in cached_arrays(net))


def test_cached_arrays_rejects_non_modules():
    with pytest.raises(TypeError, match="Module"):
        cached_arrays("not a model")


def test_multiplication_counts_by_hand():
    counts = multiplication_counts([3, 4, 2], batch_size=5)
    # products 3*4 = 12 and 4*2 = 8; N = 4*4 + 5*2 = 26
    assert counts == {
        "parameters": 26,
        "forward": 5 * 20,
        "backprop": 5 * 20 + 5 * 20 + 5 * 8,
        "numerical_central": 2 * 26 * 100,
        "numerical_forward": 27 * 100,
    }


def test_numerical_count_grows_like_n_squared_and_backprop_like_n():
    small, large = multiplication_counts([100, 100, 100]), multiplication_counts([200, 200, 200])
    growth = large["parameters"] / small["parameters"]
    assert large["backprop"] / small["backprop"] == pytest.approx(growth, rel=0.01)
    assert large["numerical_central"] / small["numerical_central"] == pytest.approx(growth ** 2, rel=0.02)


def test_notes_count_is_n_times_n_plus_one_for_one_sample_without_biases():
    # with no biases P = N exactly; the notes' count (N + 1) evaluations x N multiplications
    counts = multiplication_counts([7, 1], batch_size=1)
    n_weights = 7
    assert counts["forward"] == n_weights
    assert counts["numerical_forward"] == (counts["parameters"] + 1) * n_weights


@pytest.mark.parametrize("sizes", [[3], [2, 0]])
def test_multiplication_counts_rejects_bad_sizes(sizes):
    with pytest.raises(ValueError):
        multiplication_counts(sizes)


def test_time_gradient_methods_full_and_extrapolated():
    full = time_gradient_methods([2, 3], repeats=1, numerical_budget=5.0)
    assert full.n_parameters == [2 * 2 * 3, 2 * 3 * 4]
    assert full.numerical_coordinates == full.n_parameters and full.extrapolated == [False, False]
    assert all(t > 0 for t in full.backprop_seconds + full.numerical_seconds)
    partial = time_gradient_methods([16], repeats=2, numerical_budget=1e-9)
    assert partial.extrapolated == [True] and partial.numerical_coordinates == [16]
    assert partial.numerical_seconds[0] > 0


def test_time_gradient_methods_leaves_the_weights_unchanged_and_rejects_bad_input():
    times = time_gradient_methods([4], repeats=1, numerical_budget=1e-9)
    assert times.to_dict()["widths"] == [4]
    with pytest.raises(ValueError):
        time_gradient_methods([0])
    with pytest.raises(ValueError):
        time_gradient_methods([])
    with pytest.raises(ValueError):
        time_gradient_methods([4], numerical_budget=0)


def test_fit_loglog_slope_recovers_a_power_law():
    x = np.array([3.0, 30.0, 300.0, 3000.0])
    slope, intercept = fit_loglog_slope(x, 0.5 * x ** 1.5)
    assert slope == pytest.approx(1.5) and 10 ** intercept == pytest.approx(0.5)
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0], [1.0])
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0, 2.0], [1.0, 2.0, 3.0])


def test_the_shipped_timing_table_is_consistent():
    table = load_backprop_timings()
    n = len(table.widths)
    assert n >= 6
    for field in ("n_parameters", "backprop_seconds", "numerical_seconds", "numerical_coordinates"):
        assert len(getattr(table, field)) == n
    assert table.n_parameters == [table.depth * w * (w + 1) for w in table.widths]
    assert all(num > 10 * bp for num, bp in zip(table.numerical_seconds, table.backprop_seconds))
    assert table.machine.get("cpu") and table.machine.get("measured")
    upper = [i for i, n_params in enumerate(table.n_parameters) if n_params >= 8000]
    numerical = fit_loglog_slope([table.n_parameters[i] for i in upper], [table.numerical_seconds[i] for i in upper])[0]
    backward = fit_loglog_slope([table.n_parameters[i] for i in upper], [table.backprop_seconds[i] for i in upper])[0]
    assert numerical > backward + 0.5
    json.dumps(table.to_dict())


def test_broken_sigmoid_fails_the_gradient_check_below_it_only():
    X = np.random.default_rng(0).normal(size=(5, 3))
    y = np.random.default_rng(1).normal(size=(5, 2))
    good = Sequential(Linear(3, 4, seed=0), Sigmoid(), Linear(4, 2, seed=1))
    assert max(check_gradients(good, "mse", X, y).values()) < 1e-7
    broken = Sequential(Linear(3, 4, seed=0), BrokenSigmoid(), Linear(4, 2, seed=1))
    errors = check_gradients(broken, "mse", X, y)
    assert errors["2.W"] < 1e-7 and errors["2.b"] < 1e-7  # above the broken layer: right
    assert errors["0.W"] > 0.1 and errors["0.b"] > 0.1 and errors["input"] > 0.1
    assert repr(BrokenSigmoid()) == "BrokenSigmoid()"
