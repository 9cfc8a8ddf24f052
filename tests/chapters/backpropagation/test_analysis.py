"""mlcourse.chapters.backpropagation.analysis: activation memory, cost counts, timings, the broken layer.

Oracles: exact counts by hand, and finite differences for the broken-layer
fixture. The worked example is tested in test_worked_example.py.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from mlcourse.chapters.backpropagation.analysis import (
    BrokenSigmoid,
    activation_bytes,
    cached_arrays,
    load_backprop_timings,
    multiplication_counts,
    time_gradient_methods,
)
from mlcourse.chapters.chain_rule.analysis import fit_loglog_slope
from mlcourse.gradcheck import check_gradients
from mlcourse.nn import BatchNorm1d, Dropout, Linear, ReLU, Sequential, Sigmoid, mlp


def test_cached_arrays_lists_inputs_and_outputs_and_spots_shared_memory():
    net = mlp([5, 7, 3, 2], activation="tanh", seed=0)
    assert cached_arrays(net) == []  # nothing before a forward pass
    X = np.ones((4, 5))
    net(X)
    rows = cached_arrays(net)
    assert [(row.layer.split()[0], row.attribute, row.shape) for row in rows] == [
        ("0", "x", (4, 5)),
        ("1", "out", (4, 7)),
        ("2", "x", (4, 7)),
        ("3", "out", (4, 3)),
        ("4", "x", (4, 3)),
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
    assert large["numerical_central"] / small["numerical_central"] == pytest.approx(growth**2, rel=0.02)


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


def test_engine_node_examples_are_upstream_times_local():
    from mlcourse.chapters.backpropagation.analysis import engine_node_examples

    add, mul = engine_node_examples(1.5, 4.0)
    # L = z**2: the upstream gradient is 2z; add passes it on, multiply swaps the inputs
    assert add["z"] == 5.5 and add["upstream"] == 11.0 and (add["dL/dx"], add["dL/dy"]) == (11.0, 11.0)
    assert mul["z"] == 6.0 and mul["upstream"] == 12.0 and (mul["dL/dx"], mul["dL/dy"]) == (48.0, 18.0)
    assert mul["local"] == (4.0, 1.5) and add["local"] == (1.0, 1.0)
    zero_add, _ = engine_node_examples(1.0, -1.0)  # z = 0: no upstream gradient, no local ratio
    assert zero_add["upstream"] == 0.0 and zero_add["local"] is None


def test_activation_memory_grows_with_batch_and_depth_and_finds_the_crossover():
    from mlcourse.chapters.backpropagation.analysis import activation_memory

    table = activation_memory([1, 2], [1, 4], n_in=3, width=5, n_out=2)
    # kept per sample: the input and every hidden output, 8 bytes each
    assert table.kept == {"1 hidden layer": [8 * 8, 4 * 8 * 8], "2 hidden layers": [13 * 8, 4 * 13 * 8]}
    assert table.parameters["1 hidden layer"] == 8 * ((3 + 1) * 5 + (5 + 1) * 2)
    assert table.crossover["1 hidden layer"] == pytest.approx(32 / 8)
    with pytest.raises(ValueError, match="at least one"):
        activation_memory([], [1])


def test_gradient_agreement_of_the_broken_sigmoid_is_below_one():
    from mlcourse.chapters.backpropagation.analysis import gradient_agreement

    X = np.random.default_rng(1).normal(size=(16, 3))
    y = np.arange(16) % 2

    def make(layer):
        return Sequential(Linear(3, 4, seed=0), layer(), Linear(4, 2, seed=1))

    same = gradient_agreement(make(Sigmoid), make(Sigmoid), "cross_entropy", X, y)
    assert same == {"cosine": 1.0, "same_sign": 1.0}
    broken = gradient_agreement(make(Sigmoid), make(BrokenSigmoid), "cross_entropy", X, y)
    assert 0 < broken["cosine"] < 0.999
    with pytest.raises(ValueError, match="same shapes"):
        gradient_agreement(make(Sigmoid), Sequential(Linear(3, 2, seed=0)), "cross_entropy", X, y)
