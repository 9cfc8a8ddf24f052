"""Tests of mlcourse.activations against hand values, finite differences and naive formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcourse.activations as act

SETTINGS = settings(max_examples=25, deadline=None)

DIFFERENTIABLE = {
    "identity": (act.identity, act.identity_derivative),
    "sigmoid": (act.sigmoid, act.sigmoid_derivative),
    "tanh": (act.tanh, act.tanh_derivative),
    "relu": (act.relu, act.relu_derivative),
    "leaky_relu": (lambda x: act.leaky_relu(x, 0.1), lambda x: act.leaky_relu_derivative(x, 0.1)),
    "elu": (lambda x: act.elu(x, 0.7), lambda x: act.elu_derivative(x, 0.7)),
    "step": (act.step, act.step_derivative),
}


def random_inputs(seed: int, rows: int, columns: int, scale: float) -> np.ndarray:
    """Random inputs in [-5, 5], kept at least 1e-3 away from 0.

    relu, leaky_relu, elu and step have a kink (or jump) at 0, where a central
    difference straddling 0 measures neither one-sided derivative; away from 0
    (|x| > 1e-3 >> h = 1e-6) every function here is smooth. Beyond |x| = 5 the
    oracle itself fails: tanh is then within 1e-4 of +-1, and the rounding error
    of f(x + h) - f(x - h) (about 1e-16 / h) is no longer small against the
    tiny derivative. The extreme inputs are tested against exact values below.
    """
    x = np.random.default_rng(seed).normal(scale=scale, size=(rows, columns)).clip(-5, 5)
    return np.where(np.abs(x) < 1e-3, np.copysign(1e-3, x) + x, x)


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Elementwise derivative of an elementwise function by central differences."""
    return (np.asarray(f(x + h)) - np.asarray(f(x - h))) / (2 * h)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-300))


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 6),
    columns=st.integers(1, 6),
    scale=st.sampled_from([0.1, 1.0, 3.0]),
)
def test_derivative_matches_finite_differences(name: str, seed: int, rows: int, columns: int, scale: float) -> None:
    function, derivative = DIFFERENTIABLE[name]
    x = random_inputs(seed, rows, columns, scale)
    assert relative_error(derivative(x), central_difference(function, x)) < 1e-6


HAND_VALUES = [
    (act.step, [-0.5, 0.0, 3.0], [0.0, 1.0, 1.0]),  # threshold convention: step(0) = 1
    (act.step_derivative, [-0.5, 0.0, 3.0], [0.0, 0.0, 0.0]),
    (act.identity, [-2.0, 5.0], [-2.0, 5.0]),
    (act.identity_derivative, [-2.0, 5.0], [1.0, 1.0]),
    (act.sigmoid, [0.0, math.log(3.0), -math.log(3.0)], [0.5, 0.75, 0.25]),
    (act.sigmoid_derivative, [0.0, math.log(3.0)], [0.25, 0.1875]),
    (act.tanh, [0.0, math.log(2.0)], [0.0, 0.6]),  # tanh(ln 2) = (2 - 1/2) / (2 + 1/2)
    (act.tanh_derivative, [0.0, math.log(2.0)], [1.0, 0.64]),
    (act.relu, [-1.0, 0.0, 2.5], [0.0, 0.0, 2.5]),
    (act.relu_derivative, [-1.0, 0.0, 2.5], [0.0, 0.0, 1.0]),  # 0 at the kink, like PyTorch
    (act.leaky_relu, [-2.0, 0.0, 3.0], [-0.02, 0.0, 3.0]),
    (act.leaky_relu_derivative, [-2.0, 3.0], [0.01, 1.0]),
    (act.elu, [-1.0, 0.0, 2.0], [math.exp(-1.0) - 1.0, 0.0, 2.0]),
    (act.elu_derivative, [-1.0, 2.0], [math.exp(-1.0), 1.0]),
]


@pytest.mark.parametrize(
    "function, x, expected", HAND_VALUES, ids=[f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(HAND_VALUES)]
)
def test_hand_values(function, x, expected) -> None:
    np.testing.assert_allclose(function(np.array(x)), expected, rtol=1e-12, atol=1e-15)


def test_alpha_parameters() -> None:
    np.testing.assert_allclose(act.leaky_relu(np.array([-2.0]), alpha=0.3), [-0.6])
    np.testing.assert_allclose(act.leaky_relu_derivative(np.array([-2.0]), alpha=0.3), [0.3])
    np.testing.assert_allclose(act.elu(np.array([-1e4]), alpha=2.0), [-2.0])
    np.testing.assert_allclose(act.elu_derivative(np.array([-1.0]), alpha=2.0), [2 * math.exp(-1)])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 20))
def test_agrees_with_naive_formulas_on_moderate_inputs(seed: int, n: int) -> None:
    x = np.random.default_rng(seed).uniform(-30, 30, size=n)
    np.testing.assert_allclose(act.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(act.tanh_derivative(x), 1 / np.cosh(x) ** 2, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(act.elu(x), np.where(x > 0, x, np.exp(x) - 1), rtol=1e-12)
    np.testing.assert_allclose(act.softmax(x), np.exp(x) / np.exp(x).sum(), rtol=1e-12)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 5), classes=st.integers(1, 6), shift=st.floats(-500, 500))
def test_softmax_rows_sum_to_one_and_ignore_shifts(seed: int, rows: int, classes: int, shift: float) -> None:
    x = np.random.default_rng(seed).normal(scale=3.0, size=(rows, classes))
    s = act.softmax(x)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(act.softmax(x + shift), s, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(act.softmax(x.T, axis=0), s.T, rtol=1e-12)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 6))
def test_softmax_jacobian_matches_finite_differences(seed: int, k: int) -> None:
    x = np.random.default_rng(seed).normal(size=k)
    h = 1e-6
    numerical = np.empty((k, k))
    for j in range(k):
        step = np.zeros(k)
        step[j] = h
        numerical[:, j] = (act.softmax(x + step) - act.softmax(x - step)) / (2 * h)
    jacobian = act.softmax_jacobian(x)
    assert relative_error(jacobian, numerical) < 1e-6
    np.testing.assert_allclose(jacobian.sum(axis=0), 0.0, atol=1e-15)


def test_sigmoid_is_a_two_class_softmax() -> None:
    z = np.linspace(-5, 5, 11)
    pairs = np.stack([z, np.zeros_like(z)], axis=1)
    np.testing.assert_allclose(act.softmax(pairs)[:, 0], act.sigmoid(z), rtol=1e-12)


EXTREME = [
    (act.sigmoid, np.array([-1000.0, 1000.0, -1e300, 1e300]), np.array([0.0, 1.0, 0.0, 1.0])),
    (act.sigmoid_derivative, np.array([-1000.0, 1000.0]), np.array([0.0, 0.0])),
    (act.tanh, np.array([-1e4, 1e4]), np.array([-1.0, 1.0])),
    (act.tanh_derivative, np.array([-1e4, 1e4]), np.array([0.0, 0.0])),
    (act.elu, np.array([-1e4, 1e4]), np.array([-1.0, 1e4])),
    (act.elu_derivative, np.array([-1e4, 1e4]), np.array([0.0, 1.0])),
    (act.relu, np.array([-1e300, 1e300]), np.array([0.0, 1e300])),
    (act.leaky_relu, np.array([-1e4, 1e4]), np.array([-100.0, 1e4])),
    (act.softmax, np.array([1000.0, 0.0]), np.array([1.0, 0.0])),
    (act.softmax, np.array([-1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])),
    (act.softmax, np.array([1e4, -1e4]), np.array([1.0, 0.0])),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "function, x, expected", EXTREME, ids=[f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(EXTREME)]
)
def test_extreme_inputs_are_exact_and_raise_no_warning(function, x, expected, dtype) -> None:
    if dtype == np.float32 and np.abs(x).max() > 1e30:
        x = np.clip(x, -1e30, 1e30)
        expected = np.clip(expected, -1e30, 1e30)
    with np.errstate(all="raise"):
        result = function(x.astype(dtype))
    assert result.dtype == dtype
    assert np.all(np.isfinite(result))
    np.testing.assert_allclose(result, expected.astype(dtype), rtol=1e-6, atol=0)


def test_softmax_jacobian_of_extreme_vector_raises_no_warning() -> None:
    with np.errstate(all="raise"):
        jacobian = act.softmax_jacobian(np.array([1000.0, 0.0]))
    np.testing.assert_array_equal(jacobian, np.zeros((2, 2)))


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_float32_in_float32_out(name: str) -> None:
    function, derivative = act.get_activation(name)
    x = np.array([[-1.5, 0.5], [2.0, -0.25]], dtype=np.float32)
    assert function(x).dtype == np.float32
    assert derivative(x).dtype == np.float32
    # the float32 result is the float64 one, rounded
    np.testing.assert_allclose(function(x), function(x.astype(np.float64)), rtol=1e-6)


def test_softmax_float32() -> None:
    x = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    assert act.softmax(x).dtype == np.float32
    assert act.softmax_jacobian(x[0]).dtype == np.float32


def test_scalars_lists_and_integers_are_accepted() -> None:
    assert act.sigmoid(0.0) == 0.5
    assert act.relu(-3) == 0.0
    assert act.step(0) == 1.0
    np.testing.assert_allclose(act.tanh([0, 0]), [0.0, 0.0])
    assert act.relu(np.array([1, -2])).dtype == np.float64


@pytest.mark.parametrize("name", sorted(set(act.ACTIVATIONS) - {"step"}))
def test_nan_propagates(name: str) -> None:  # a NaN must stay visible, not become 0 or 1
    function, derivative = act.ACTIVATIONS[name]
    assert np.isnan(function(np.array([np.nan]))[0])
    if name not in ("relu", "leaky_relu", "identity"):  # piecewise-constant derivatives compare x > 0
        assert np.isnan(derivative(np.array([np.nan]))[0])


def test_registry_and_lookup() -> None:
    assert set(act.ACTIVATIONS) == {"step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu"}
    assert act.get_activation("ReLU") == (act.relu, act.relu_derivative)
    with pytest.raises(ValueError, match=r"unknown activation 'swish'.*valid names: step, identity"):
        act.get_activation("swish")
    with pytest.raises(ValueError, match="softmax is not elementwise"):
        act.get_activation("softmax")


def test_non_numeric_input_is_refused() -> None:
    with pytest.raises(TypeError, match="real numbers"):
        act.sigmoid(np.array(["a", "b"]))
    with pytest.raises(
        ValueError, match=r"x must be an array of scores with at least 1 dimension for softmax_jacobian"
    ):
        act.softmax_jacobian(np.float64(2.0))


# ------------------------------------------------------------- batched softmax Jacobian


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), batch=st.integers(1, 5), k=st.integers(1, 6), scale=st.sampled_from([0.5, 3.0]))
def test_batched_softmax_jacobian_matches_finite_differences(seed: int, batch: int, k: int, scale: float) -> None:
    x = np.random.default_rng(seed).normal(scale=scale, size=(batch, k))
    jacobians = act.softmax_jacobian(x)
    assert jacobians.shape == (batch, k, k)
    h = 1e-6
    for b in range(batch):
        numerical = np.empty((k, k))
        for j in range(k):
            step = np.zeros(k)
            step[j] = h
            numerical[:, j] = (act.softmax(x[b] + step) - act.softmax(x[b] - step)) / (2 * h)
        assert relative_error(jacobians[b], numerical) < 1e-6
        # each Jacobian of the batch is, bit for bit, the Jacobian of its vector alone
        np.testing.assert_array_equal(jacobians[b], act.softmax_jacobian(x[b]))


def test_softmax_jacobian_of_a_batch_keeps_dtype_and_leading_axes() -> None:
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype(np.float32)
    jacobians = act.softmax_jacobian(x)
    assert jacobians.shape == (2, 3, 4, 4) and jacobians.dtype == np.float32
    np.testing.assert_allclose(jacobians.sum(axis=-1), 0.0, atol=1e-7)


def test_softmax_jacobian_matches_torch() -> None:
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch.autograd skipped")
    x = np.random.default_rng(1).normal(scale=2.0, size=(4, 5))
    ours = act.softmax_jacobian(x)
    for b in range(len(x)):
        theirs = torch.autograd.functional.jacobian(
            lambda v: torch.softmax(v, dim=-1), torch.tensor(x[b], dtype=torch.float64)
        )
        np.testing.assert_allclose(ours[b], theirs.numpy(), rtol=1e-12, atol=1e-15)
    # and the whole batch at once: torch's (B, n, B, n) Jacobian is block-diagonal
    full = torch.autograd.functional.jacobian(
        lambda v: torch.softmax(v, dim=-1), torch.tensor(x, dtype=torch.float64)
    ).numpy()
    blocks = np.stack([full[b, :, b, :] for b in range(len(x))])
    np.testing.assert_allclose(ours, blocks, rtol=1e-12, atol=1e-15)


# ------------------------------------------------------------- bad input (issue: refuse, never a number)

BAD_CALLS = [
    (
        "axis beyond ndim",
        lambda: act.softmax(np.zeros((2, 3)), axis=5),
        ValueError,
        r"axis must be in \[-2, 1\] for x of shape \(2, 3\) \(2-D\), got 5",
    ),
    (
        "axis below -ndim",
        lambda: act.softmax(np.zeros(3), axis=-2),
        ValueError,
        r"axis must be in \[-1, 0\] for x of shape \(3,\) \(1-D\), got -2",
    ),
    ("float axis", lambda: act.softmax(np.zeros(3), axis=1.0), TypeError, r"axis must be an integer, got float 1.0"),
    ("None axis", lambda: act.softmax(np.zeros(3), axis=None), TypeError, r"axis must be an integer, got NoneType"),
    (
        "softmax of an empty vector",
        lambda: act.softmax(np.array([])),
        ValueError,
        r"x must hold at least one score along axis -1 for softmax .*got shape \(0,\)",
    ),
    (
        "softmax over an empty axis",
        lambda: act.softmax(np.zeros((2, 0))),
        ValueError,
        r"x must hold at least one score along axis -1 for softmax .*got shape \(2, 0\)",
    ),
    (
        "softmax of a scalar",
        lambda: act.softmax(3.0),
        ValueError,
        r"x must be an array of scores with at least 1 dimension for softmax, got a scalar",
    ),
    (
        "Jacobian of an empty vector",
        lambda: act.softmax_jacobian(np.zeros((3, 0))),
        ValueError,
        r"x must hold at least one score along axis -1 for softmax_jacobian",
    ),
    ("ragged list", lambda: act.softmax([[1.0, 2.0], [3.0]]), TypeError, r"x must hold real numbers, got list"),
    ("None", lambda: act.sigmoid(None), TypeError, r"x must hold real numbers, got NoneType None"),
    ("complex", lambda: act.tanh(np.array([1 + 1j])), TypeError, r"x must hold real numbers, got array .*complex128"),
    ("strings", lambda: act.relu_derivative(["a"]), TypeError, r"x must hold real numbers"),
    (
        "booleans",
        lambda: act.sigmoid(np.array([True, False])),
        TypeError,
        r"x must hold real numbers, got booleans .*convert them with x.astype\(float\)",
    ),
    (
        "negative alpha",
        lambda: act.leaky_relu(np.ones(2), alpha=-0.1),
        ValueError,
        r"alpha must be a finite number >= 0, got -0.1",
    ),
    (
        "NaN alpha",
        lambda: act.elu(np.ones(2), alpha=np.nan),
        ValueError,
        r"alpha must be a finite number >= 0, got nan",
    ),
    (
        "inf alpha in a derivative",
        lambda: act.elu_derivative(np.ones(2), alpha=np.inf),
        ValueError,
        r"alpha must be a finite number >= 0, got inf",
    ),
    (
        "string alpha",
        lambda: act.leaky_relu_derivative(np.ones(2), alpha="0.1"),
        TypeError,
        r"alpha must be a number, got str '0.1'",
    ),
    (
        "activation name of the wrong type",
        lambda: act.get_activation(None),
        TypeError,
        r"name must be an activation name \(str\) such as 'relu', got NoneType None",
    ),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_CALLS], ids=[case[0] for case in BAD_CALLS])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, message) -> None:
    # before: numpy's AxisError, "zero-size array to reduction operation maximum", NaN results
    with pytest.raises(error, match=message):
        call()


def test_valid_axes_and_empty_batches() -> None:
    x = np.random.default_rng(2).normal(size=(3, 4))
    np.testing.assert_array_equal(act.softmax(x, axis=-2), act.softmax(x, axis=0))
    np.testing.assert_array_equal(act.softmax(x, axis=np.int64(1)), act.softmax(x))
    assert act.softmax(np.zeros((0, 3))).shape == (0, 3)  # a batch of no samples: nothing to normalise
    assert act.softmax_jacobian(np.zeros((0, 3))).shape == (0, 3, 3)
    np.testing.assert_array_equal(act.leaky_relu(np.array([-2.0]), alpha=0), [0.0])  # alpha 0 is ReLU


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_elementwise_functions_map_an_empty_array_to_an_empty_array(name: str) -> None:
    function, derivative = act.ACTIVATIONS[name]
    for f in (function, derivative):
        result = f(np.zeros((0, 3), dtype=np.float32))
        assert result.shape == (0, 3) and result.dtype == np.float32


def test_infinite_inputs_give_the_limits() -> None:
    x = np.array([-np.inf, np.inf])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(act.sigmoid(x), [0.0, 1.0])
        np.testing.assert_array_equal(act.tanh(x), [-1.0, 1.0])
        np.testing.assert_array_equal(act.relu(x), [0.0, np.inf])
        np.testing.assert_array_equal(act.elu(x, alpha=0.5), [-0.5, np.inf])
        np.testing.assert_array_equal(act.sigmoid_derivative(x), [0.0, 0.0])
        np.testing.assert_array_equal(act.tanh_derivative(x), [0.0, 0.0])
        np.testing.assert_array_equal(act.softmax(np.array([-np.inf, 0.0])), [0.0, 1.0])
    assert np.isnan(act.softmax(np.array([np.nan, 0.0]))).all()  # NaN stays visible


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 8), dtype=st.sampled_from([np.float32, np.float64]))
def test_logits_up_to_1e4_give_finite_results_without_warnings(seed: int, n: int, dtype) -> None:
    x = (np.random.default_rng(seed).uniform(-1, 1, size=(3, n)) * 1e4).astype(dtype)
    x[0, 0], x[-1, -1] = 1e4, -1e4
    # every warning an error, except underflow (ignored by numpy's defaults): a softmax entry near
    # the smallest float may round to a subnormal number
    with np.errstate(all="raise", under="ignore"):
        for f in (
            act.sigmoid,
            act.sigmoid_derivative,
            act.tanh,
            act.tanh_derivative,
            act.elu,
            act.elu_derivative,
            act.softmax,
            act.softmax_jacobian,
        ):
            result = f(x)
            assert result.dtype == dtype and np.all(np.isfinite(result)), f.__name__
        np.testing.assert_allclose(act.softmax(x).sum(axis=-1), 1.0, rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_elementwise_functions_near_the_largest_float_are_finite_without_warnings(dtype) -> None:
    # before: tanh_derivative overflowed in -2 * |x| (a warning; the result was right)
    largest = np.finfo(dtype).max
    x = np.array([-largest, -largest / 2, -1e30, 1e30, largest / 2, largest], dtype=dtype)
    with np.errstate(all="raise", under="ignore"):
        for name, (function, derivative) in act.ACTIVATIONS.items():
            for f in (function, derivative):
                result = f(x)
                assert result.dtype == dtype and np.all(np.isfinite(result)), (name, f.__name__)
    np.testing.assert_array_equal(act.tanh_derivative(x), np.zeros(6))
