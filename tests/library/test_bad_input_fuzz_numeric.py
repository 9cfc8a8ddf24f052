"""Regressions found by fuzzing the numeric modules (losses, activations, metrics, gradcheck, init, autograd).

Each test failed before its fix: an obscure error (OverflowError, ZeroDivisionError, a bincount
message), a RuntimeWarning, a silent inf/NaN or a wrong number where the rule of the project asks
for a ValueError/TypeError naming the argument, or for a finite, correct result.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from mlcourse import activations, autograd, gradcheck, init, losses, metrics
from mlcourse.autograd import Value


def _quietly(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``function``, turning every warning into an error (a RuntimeWarning is a failure)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


# ----------------------------------------------------------------- activations


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_of_scores_spanning_more_than_the_largest_float_warns_not(dtype) -> None:
    # before: RuntimeWarning "overflow encountered in subtract" (the result was right)
    largest = float(np.finfo(dtype).max)
    x = np.array([[largest * 0.9, -largest * 0.9, 0.0]], dtype=dtype)
    probabilities = _quietly(activations.softmax, x)
    np.testing.assert_array_equal(probabilities, [[1.0, 0.0, 0.0]])
    assert probabilities.dtype == dtype
    assert np.isfinite(_quietly(activations.softmax_jacobian, x)).all()


@pytest.mark.parametrize("alpha", [2, 100.0, 1e300])
def test_leaky_relu_whose_product_overflows_is_refused(alpha) -> None:
    # before: RuntimeWarning "overflow encountered in multiply" and -inf for a finite input
    with pytest.raises(ValueError, match=r"leaky_relu\(x, alpha=.*\) overflows"):
        _quietly(activations.leaky_relu, np.array([-1e308, 1.0]), alpha=alpha)
    assert _quietly(activations.leaky_relu, np.array([-1.0, np.nan, -np.inf]), alpha=alpha)[0] == -alpha


@pytest.mark.parametrize(
    "function", [activations.leaky_relu, activations.leaky_relu_derivative, activations.elu, activations.elu_derivative]
)
def test_alpha_beyond_float32_for_float32_input_is_refused(function) -> None:
    # before: RuntimeWarning "overflow encountered in cast" and inf
    with pytest.raises(ValueError, match="alpha must be at most the largest float32"):
        _quietly(function, np.array([-1.0, 1.0], dtype=np.float32), alpha=1e300)
    assert np.isfinite(_quietly(function, np.array([-1.0, 1.0]), alpha=1e300)).all()  # float64 holds it


@pytest.mark.parametrize("x, expected", [(2**70, 1.0), (Fraction(1, 3), 1 / (1 + math.exp(-1 / 3)))])
def test_python_reals_beyond_numpy_are_computed_as_floats(x, expected) -> None:
    # before: TypeError "x must hold real numbers, got int 1180591620717411303424"
    assert _quietly(activations.sigmoid, x) == pytest.approx(expected, rel=1e-15)


def test_python_int_beyond_the_largest_float_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="x must be within the range of float64"):
        activations.tanh(2**2000)


# ---------------------------------------------------------------------- losses


def _loss_cases(*names: str) -> list[tuple[losses.Loss, np.ndarray, np.ndarray]]:
    """A fresh loss object with a valid (prediction, target) pair, for each loss class name."""
    cases = {
        "MSELoss": (np.array([1.0, 2.0]), np.array([0.0, 1.0])),
        "MAELoss": (np.array([1.0, 2.0]), np.array([0.0, 1.0])),
        "BCELoss": (np.array([0.2, 0.7]), np.array([0.0, 1.0])),
        "BCEWithLogitsLoss": (np.array([-1.0, 2.0]), np.array([0.0, 1.0])),
        "CategoricalCrossEntropyLoss": (np.array([[0.25, 0.75]]), np.array([1])),
        "CrossEntropyLoss": (np.array([[0.25, 0.75]]), np.array([1])),
    }
    return [(getattr(losses, name)(), *cases[name]) for name in names]


@pytest.mark.parametrize(
    "loss_fn, pred, target",
    _loss_cases("BCELoss", "BCEWithLogitsLoss", "CategoricalCrossEntropyLoss"),
    ids=lambda value: type(value).__name__,
)
def test_backward_is_the_gradient_at_the_call_even_if_the_inputs_change_afterwards(loss_fn, pred, target) -> None:
    # before: the loss kept references to the caller's arrays, and backward() used their new values
    loss_fn(pred, target)
    expected = loss_fn.backward()
    pred[...] = 0.5 if pred.ndim == 1 else [[0.5, 0.5]]
    target[...] = 0
    np.testing.assert_array_equal(loss_fn.backward(), expected)


@pytest.mark.parametrize(
    "loss_fn, pred, target",
    _loss_cases(
        "MSELoss", "MAELoss", "BCELoss", "BCEWithLogitsLoss", "CategoricalCrossEntropyLoss", "CrossEntropyLoss"
    ),
    ids=lambda value: type(value).__name__,
)
def test_backward_after_a_call_that_raised_is_a_runtime_error(loss_fn, pred, target) -> None:
    # before: backward() silently returned the gradient of the previous, successful call
    loss_fn(pred, target)
    with pytest.raises(ValueError):
        loss_fn(np.full_like(pred, np.nan), target)
    with pytest.raises(RuntimeError, match=r"backward\(\) called before the loss was computed"):
        loss_fn.backward()


def test_loss_objects_give_the_numbers_of_their_functions() -> None:
    prob, target = np.array([0.2, 0.7, 0.999]), [0, 1, 1]
    loss_fn = losses.BCELoss()
    assert loss_fn(prob, target) == losses.binary_cross_entropy(prob, target)
    np.testing.assert_array_equal(loss_fn.backward(), losses.binary_cross_entropy_grad(prob, target))


# --------------------------------------------------------------------- metrics


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.uint32, np.uint64])
def test_confusion_matrix_of_small_or_unsigned_integer_labels(dtype) -> None:
    # before: int8 -> "'list' argument must have no negative elements"; uint8 -> silently wrong
    # counts (19 * 20 + 19 wrapped around); uint64 -> bincount's casting TypeError
    y_true, y_pred = np.array([0, 19, 19, 3]), np.array([19, 19, 0, 3])
    expected = np.zeros((20, 20), dtype=np.int64)
    np.add.at(expected, (y_true, y_pred), 1)
    result = _quietly(metrics.confusion_matrix, y_true.astype(dtype), y_pred.astype(dtype))
    np.testing.assert_array_equal(result, expected)
    assert result.dtype == np.int64


def test_confusion_matrix_of_int8_labels_with_n_classes_beyond_int8() -> None:
    # before: OverflowError "Python integer 128 out of bounds for int8"
    matrix = metrics.confusion_matrix(np.array([127, 1], np.int8), np.array([127, 2], np.int8), n_classes=128)
    assert matrix[127, 127] == 1 and matrix[1, 2] == 1 and matrix.sum() == 2


@pytest.mark.parametrize("label", [10**9, 2**32, 2**62])
def test_confusion_matrix_of_huge_labels_is_refused(label) -> None:
    # before: MemoryError (6.94 EiB) or OverflowError "Python int too large to convert to C long"
    with pytest.raises(ValueError, match="y_true and y_pred must hold labels below 16384"):
        metrics.confusion_matrix([0, label], [0, 1])


@pytest.mark.parametrize("n_classes", [10**6, 2**40, 2**70])
def test_confusion_matrix_of_too_many_classes_is_refused(n_classes) -> None:
    with pytest.raises(ValueError, match="n_classes must be <= 16384"):
        metrics.confusion_matrix([0], [0], n_classes=n_classes)


@pytest.mark.parametrize(
    "matrix",
    [
        np.array([[2**62, 2**62], [0, 1]]),  # the row sum wrapped around to a negative int64
        np.array([[2**63, 2**63], [0, 1]], dtype=np.uint64),
        np.array([[1e308, 1e308], [0.0, 1.0]]),  # the row sum overflowed (RuntimeWarning), giving 0
        np.array([[3e38, 3e38], [0.0, 1.0]], dtype=np.float32),
    ],
)
def test_per_class_accuracy_of_huge_counts(matrix) -> None:
    np.testing.assert_allclose(_quietly(metrics.per_class_accuracy, matrix), [0.5, 1.0])


# ------------------------------------------------------------------- gradcheck


@pytest.mark.parametrize(
    "function, x, h, message",
    [
        (lambda v: float(v.sum()), np.array([1.0]), 1e308, "h must keep x \\+ h and 2 \\* h within"),
        (lambda v: float(v.sum()), np.array([1e308]), 1e308, "h must keep x \\+ h and 2 \\* h within"),
        (lambda v: float(v.sum()), np.array([3e38], np.float32), 1e38, "within the largest float32"),
        (lambda v: float(np.sum(v**2)), np.array([1.0], np.float32), 1e-50, "h must change x in its dtype float32"),
        (lambda v: float(np.sum(v**2)), np.array([1e10]), 1e-30, "x \\+ h and x - h are the same number"),
        (lambda v: 1e308 if v[0] > 0 else -1e308, np.array([0.0]), 1e-5, "the difference quotient .* overflows"),
    ],
)
def test_numerical_gradient_refuses_a_step_that_cannot_give_a_finite_quotient(function, x, h, message) -> None:
    # before: NaN (h = 1e308), inf (an overflowing difference), a RuntimeWarning, or a silent 0
    original = x.copy()
    with pytest.raises(ValueError, match=message):
        _quietly(gradcheck.numerical_gradient, function, x, h)
    np.testing.assert_array_equal(x, original)


def test_numerical_gradient_still_agrees_with_the_derivative() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(gradcheck.numerical_gradient(lambda v: float(np.sum(v**3)), x), 3 * x**2, rtol=1e-8)


# ------------------------------------------------------------------------ init


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: init.xavier_uniform(3, 3, gain=1e308, seed=0), "gain is too large for float64"),  # was inf
        (lambda: init.xavier_normal(3, 3, gain=1e200, seed=0, dtype=np.float32), "gain is too large for float32"),
        (lambda: init.xavier_uniform(3, 3, gain=1e200, seed=0, dtype=np.float32), "gain is too large for float32"),
        (lambda: init.normal((2, 2), 1e300, seed=0, dtype=np.float32), "std is too large for float32"),
        (lambda: init.NormalInit(1e200)(2, 2, seed=0, dtype=np.float32), "std is too large for float32"),
    ],
)
def test_a_spread_that_overflows_the_dtype_is_refused(call, message) -> None:
    # before: inf weights, or RuntimeWarning "overflow encountered in cast"
    with pytest.raises(ValueError, match=message):
        _quietly(call)


def test_large_but_representable_spreads_still_work() -> None:
    assert np.isfinite(_quietly(init.xavier_uniform, 2, 2, gain=1e300, seed=0)).all()
    assert np.isfinite(_quietly(init.normal, 3, 1e36, seed=0, dtype=np.float32)).all()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: init.zeros((2**40, 2**40)), "shape must describe an array numpy can allocate"),
        (lambda: init.zeros(2**70), "shape must describe an array numpy can allocate"),
        (lambda: init.normal((2**63,), seed=0), "shape must describe an array numpy can allocate"),
        (lambda: init.he_normal(2**70, 2, seed=0), "n_in \\* n_out must be at most"),
        (lambda: init.get_initializer("zeros")(2**70, 2), "n_in \\* n_out must be at most"),
    ],
)
def test_a_shape_beyond_what_numpy_can_allocate_names_the_argument(call, message) -> None:
    # before: numpy's "Maximum allowed dimension exceeded" / "array is too big", naming no argument
    with pytest.raises(ValueError, match=message):
        call()


# -------------------------------------------------------------------- autograd


@pytest.mark.parametrize(
    "build", [lambda: Value(1.0) / 0, lambda: 1 / Value(0.0), lambda: Value(0.0) ** -1, lambda: Value(0.0) ** -0.5]
)
def test_division_by_zero_is_also_a_value_error(build) -> None:
    # before: a bare ZeroDivisionError
    with pytest.raises(ValueError) as caught:
        build()
    assert isinstance(caught.value, ZeroDivisionError)
    assert isinstance(caught.value, autograd.DivisionByZeroError)


@pytest.mark.parametrize(
    "numerator, divisor, expected_grad",
    [(1.0, 1e200, -1e-400), (1e154, 1e154, -1e-154), (3.0, 2.0, -0.75)],
)
def test_backward_through_a_division_by_a_huge_divisor(numerator, divisor, expected_grad) -> None:
    # before: OverflowError (34, 'Numerical result out of range') from divisor**2
    a, b = Value(numerator), Value(divisor)
    (a / b).backward()
    assert a.grad == pytest.approx(1 / divisor, rel=1e-14)
    assert b.grad == pytest.approx(expected_grad, rel=1e-14, abs=1e-320)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Value(1.0) / Value(1e-200),  # divisor**2 underflowed to 0: ZeroDivisionError
        lambda: (Value(1e-300) * Value(1e300)) * Value(1e300),  # a silent inf gradient
        lambda: Value(1e-320).log() * 1e10,
        lambda: Value(700.0).exp() * Value(1e-300) * Value(1e300),
    ],
)
def test_backward_where_a_gradient_overflows_is_a_value_error(build) -> None:
    out = build()
    assert math.isfinite(out.data)
    with pytest.raises(ValueError, match="backward: the gradient of the operand .* overflows the largest float"):
        out.backward()


@pytest.mark.parametrize("numerator, divisor", [(1e-200, 1e-170), (1e-100, 1e-170)])
def test_backward_through_a_division_by_a_small_divisor_that_fits(numerator, divisor) -> None:
    # before: ZeroDivisionError "float division by zero" (divisor**2 underflowed to 0)
    a, b = Value(numerator), Value(divisor)
    (a / b).backward()
    assert a.grad == pytest.approx(1 / divisor, rel=1e-14)
    assert b.grad == pytest.approx(-numerator / divisor / divisor, rel=1e-14)


def test_power_with_a_fraction_exponent_is_refused_clearly() -> None:
    # before: TypeError "unsupported format string passed to Fraction.__format__" (Python 3.11)
    with pytest.raises(TypeError, match=r"the exponent must be a number \(int or float\), got Fraction"):
        Value(4.0) ** Fraction(1, 2)


def test_the_derivative_of_a_zeroth_power_at_zero_says_what_to_write() -> None:
    # before: ValueError "... is infinite", which is wrong: x**0 is constant (the formula n a^(n-1) divides by 0)
    x = Value(0.0)
    y = x**0 + x
    with pytest.raises(ValueError, match=r"derivative of the constant a \*\* 0 is 0: write 1"):
        y.backward()


def test_gradients_are_unchanged_for_ordinary_graphs() -> None:
    x, y = Value(1.5), Value(-2.0)
    z = x / y
    z.backward()
    assert x.grad == 1 / -2.0 and y.grad == -(1.0 * 1.5 / (-2.0) ** 2)  # the same expressions, bit for bit
