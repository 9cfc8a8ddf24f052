"""Activation functions and their derivatives, elementwise and numerically stable.

Every function accepts a scalar or an array and works elementwise (except
:func:`softmax`, which normalises along an axis). float32 input gives float32
output; other numbers (Python floats, integers) are computed in float64.

Stability: for any finite input the results are finite and correct to
floating-point accuracy, and no numpy warning is raised: ``exp`` never
overflows nor underflows (``sigmoid(-1000.0)`` is exactly 0,
``softmax([1000.0, 0.0])`` is ``[1, 0]``). The trick is to call ``exp`` only
on non-positive numbers, and to skip it where the result would be smaller
than the smallest normal float. (A quotient such as a softmax entry near
1e-308 may still round to a subnormal number, an underflow that numpy's
default error settings do not report.)

Checks: an input that is not real numbers (strings, None, booleans, complex,
ragged lists) raises ``TypeError``, and so does a non-numeric ``alpha`` or ``axis``;
a negative or non-finite ``alpha`` (or one beyond the largest float32 for
float32 input), an ``axis`` out of range, a softmax over an axis of length 0,
a Python number beyond the largest float and a leaky ReLU whose ``alpha * x``
overflows (``alpha > 1`` and ``x`` near the largest float) raise ``ValueError``.
Python numbers outside numpy's integer types (``2**70``, ``Fraction(1, 3)``)
are computed as floats. Two things are deliberately not refused, as in numpy and PyTorch:

- NaN and inf, because these are elementwise mathematical functions: NaN
  gives NaN (it is never hidden as 0 or 1), and +-inf gives the limit where
  there is one (``sigmoid(inf) == 1``, ``elu(-inf) == -alpha``) and NaN
  where there is none (a softmax row holding +inf). The layers of
  :mod:`mlcourse.nn` rely on this: only a network's first layer checks its
  input (``Module.check_finite``), so that a diverging network's NaN reaches
  the training loop, which reports it.
- An empty array, which gives an empty result of the same shape (but a
  softmax needs at least one entry along its axis).

Examples
--------
>>> import numpy as np
>>> from mlcourse.activations import sigmoid, relu, softmax
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
array([0. , 0.5, 1. ])
>>> relu(np.array([-2.0, 3.0]))
array([0., 3.])
>>> softmax(np.array([1000.0, 0.0]))
array([1., 0.])
"""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from ._validation import check_int, check_positive, describe

__all__ = [
    "step",
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "softmax",
    "step_derivative",
    "identity_derivative",
    "sigmoid_derivative",
    "tanh_derivative",
    "relu_derivative",
    "leaky_relu_derivative",
    "elu_derivative",
    "softmax_jacobian",
    "ACTIVATIONS",
    "get_activation",
]

# exp(t) is below the smallest normal float (an underflow) when t < log(tiny).
_LOG_TINY = {
    np.dtype(np.float32): float(np.log(np.finfo(np.float32).tiny)) + 1.0,
    np.dtype(np.float64): float(np.log(np.finfo(np.float64).tiny)) + 1.0,
}


def _as_float(x: Any, name: str = "x") -> np.ndarray:
    """Return ``x`` as a float32/float64 array (integers and lists become float64).

    NaN, inf and empty arrays pass (see the module's docstring); anything
    that is not real numbers, booleans included, raises ``TypeError`` naming ``name``.
    """
    if isinstance(x, np.ndarray) and x.dtype in _LOG_TINY:
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, np.generic)):  # e.g. 2**70, Fraction(1, 3)
        x = _python_real_as_float(x, name)
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must hold real numbers, got {describe(x)}") from error
    if array.dtype.kind == "b":
        raise TypeError(
            f"{name} must hold real numbers, got booleans ({describe(x)}): "
            f"convert them with {name}.astype(float) if that is meant"
        )
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got {describe(x)}")
    return array.astype(np.float64)


def _python_real_as_float(x: numbers.Real, name: str) -> float:
    """A Python real number (int, float, Fraction) as a float; beyond the largest float, ``ValueError``."""
    try:
        return float(x)
    except OverflowError:
        raise ValueError(
            f"{name} must be within the range of float64 (about 1.8e308), got {type(x).__name__} "
            f"of {len(str(abs(int(x))))} digits"
        ) from None


def _check_alpha(alpha: Any, x: np.ndarray) -> float:
    """``alpha`` of leaky ReLU and ELU as a float: a finite number >= 0, within the range of ``x``'s dtype."""
    alpha = check_positive(alpha, "alpha", allow_zero=True)
    largest = float(np.finfo(x.dtype).max)
    if alpha > largest:
        raise ValueError(
            f"alpha must be at most the largest {x.dtype} (about {largest:.3g}) for x of that dtype, got {alpha!r}"
        )
    return alpha


def _check_axis(axis: Any, x: np.ndarray, function: str) -> int:
    """Check that ``axis`` is an axis of ``x`` of length >= 1; return it unchanged."""
    axis = check_int(axis, "axis")
    if x.ndim == 0:
        raise ValueError(
            f"x must be an array of scores with at least 1 dimension for {function}, got a scalar (shape ())"
        )
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis must be in [{-x.ndim}, {x.ndim - 1}] for x of shape {x.shape} ({x.ndim}-D), got {axis}")
    if x.shape[axis] == 0:
        raise ValueError(
            f"x must hold at least one score along axis {axis} for {function} (the probabilities "
            f"sum to 1), got shape {x.shape}"
        )
    return axis


def _exp_or_zero(t: np.ndarray) -> np.ndarray:
    """``exp(t)`` for ``t <= 0``, with results below the smallest normal float set to 0.

    Skipping those elements avoids numpy's underflow warning; their true value
    rounds to (almost) 0 anyway. NaN passes through as NaN.
    """
    threshold = _LOG_TINY[t.dtype]
    if t.size and t.min() >= threshold:  # the usual case: no element can underflow
        return np.exp(t)
    out = np.zeros_like(t)
    np.exp(t, out=out, where=~(t < threshold))
    return out


def _scalar_or_array(result: np.ndarray) -> Any:
    """Return a numpy scalar for 0-d results, the array otherwise."""
    return result[()] if result.ndim == 0 else result


def step(x: Any) -> Any:
    """Heaviside step: 1 where ``x >= 0``, else 0.

    Threshold convention: ``step(0) == 1`` (the perceptron fires at the threshold).

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        0.0 or 1.0 elementwise, same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> step(np.array([-0.5, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    x = _as_float(x)
    return _scalar_or_array((x >= 0).astype(x.dtype))


def step_derivative(x: Any) -> Any:
    """Derivative of :func:`step`: 0 everywhere (it is undefined at 0; we return 0).

    A zero derivative is why a network of step units cannot be trained by
    gradient descent.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Zeros, same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> step_derivative(np.array([-1.0, 1.0]))
    array([0., 0.])
    """
    x = _as_float(x)
    return _scalar_or_array(np.zeros_like(x))


def identity(x: Any) -> Any:
    """Identity (linear) activation: returns ``x`` unchanged (as a float array).

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        ``x`` itself when it already is a float array (no copy).

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> identity(np.array([-1.0, 2.0]))
    array([-1.,  2.])
    """
    return _scalar_or_array(_as_float(x))


def identity_derivative(x: Any) -> Any:
    """Derivative of :func:`identity`: 1 everywhere.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Ones, same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> identity_derivative(np.array([-1.0, 2.0]))
    array([1., 1.])
    """
    return _scalar_or_array(np.ones_like(_as_float(x)))


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid, ``1 / (1 + exp(-x))``, stable for any finite ``x``.

    For ``x >= 0`` it computes ``1 / (1 + exp(-x))`` and for ``x < 0`` the
    equal ``exp(x) / (1 + exp(x))``, so ``exp`` never overflows.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> sigmoid(np.array([0.0, 2.0]))
    array([0.5       , 0.88079708])
    """
    x = _as_float(x)
    e = _exp_or_zero(-np.abs(x))  # in [0, 1]: never overflows
    return _scalar_or_array(np.where(x >= 0, 1 / (1 + e), e / (1 + e)))


def sigmoid_derivative(x: Any) -> Any:
    """Derivative of :func:`sigmoid`: ``sigmoid(x) * (1 - sigmoid(x))``, at most 0.25.

    Computed as ``e / (1 + e)**2`` with ``e = exp(-|x|)``, the same number
    without the cancellation in ``1 - sigmoid(x)`` for large ``x``.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> sigmoid_derivative(np.array([0.0]))
    array([0.25])
    """
    x = _as_float(x)
    e = _exp_or_zero(-np.abs(x))
    return _scalar_or_array(e / ((1 + e) * (1 + e)))


def tanh(x: Any) -> Any:
    """Hyperbolic tangent, values in [-1, 1], zero-centred.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> tanh(np.array([0.0, 1000.0]))
    array([0., 1.])
    """
    return _scalar_or_array(np.tanh(_as_float(x)))


def tanh_derivative(x: Any) -> Any:
    """Derivative of :func:`tanh`: ``1 - tanh(x)**2``, at most 1.

    Computed as ``4 e / (1 + e)**2`` with ``e = exp(-2|x|)`` (that is,
    ``1 / cosh(x)**2``), accurate also where ``tanh(x)**2`` is close to 1.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> tanh_derivative(np.array([0.0]))
    array([1.])
    """
    x = _as_float(x)
    # beyond |x| = 1e4, exp(-2|x|) is 0 anyway; the cap keeps 2|x| from overflowing near the largest float
    e = _exp_or_zero(-2 * np.minimum(np.abs(x), 1e4))
    return _scalar_or_array(4 * e / ((1 + e) * (1 + e)))


def relu(x: Any) -> Any:
    """Rectified linear unit, ``max(x, 0)``.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return _scalar_or_array(np.maximum(_as_float(x), 0))


def relu_derivative(x: Any) -> Any:
    """Derivative of :func:`relu`: 1 where ``x > 0``, else 0.

    At ``x = 0`` the derivative is undefined; we use 0, as PyTorch does.

    Parameters
    ----------
    x : array_like
        Net input.

    Returns
    -------
    numpy.ndarray or scalar
        0.0 or 1.0 elementwise, same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring).

    Examples
    --------
    >>> relu_derivative(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    x = _as_float(x)
    return _scalar_or_array((x > 0).astype(x.dtype))


def leaky_relu(x: Any, alpha: float = 0.01) -> Any:
    """Leaky ReLU: ``x`` where ``x > 0``, else ``alpha * x``.

    Parameters
    ----------
    x : array_like
        Net input.
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring), or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is negative or not finite (or, for float32 ``x``,
        beyond the largest float32), or ``alpha * x`` overflows (``alpha > 1``
        and a negative ``x`` beyond ``-largest float / alpha``).

    Examples
    --------
    >>> leaky_relu(np.array([-2.0, 3.0]), alpha=0.1)
    array([-0.2,  3. ])
    """
    x = _as_float(x)
    slope = _check_alpha(alpha, x)
    if slope > 1:  # alpha * x may exceed the largest float
        bound = -float(np.finfo(x.dtype).max) / slope
        overflowing = (x < bound) & np.isfinite(x)
        if overflowing.any():
            raise ValueError(
                f"leaky_relu(x, alpha={slope:g}) overflows: alpha * x is beyond the largest {x.dtype} for x "
                f"below {bound:.3g} (got {float(x[overflowing].min()):.3g}); use alpha <= 1 or scale x down"
            )
    return _scalar_or_array(np.where(x > 0, x, slope * x))


def leaky_relu_derivative(x: Any, alpha: float = 0.01) -> Any:
    """Derivative of :func:`leaky_relu`: 1 where ``x > 0``, else ``alpha`` (also at 0).

    Parameters
    ----------
    x : array_like
        Net input.
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring), or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is negative or not finite (or, for float32 ``x``,
        beyond the largest float32).

    Examples
    --------
    >>> leaky_relu_derivative(np.array([-2.0, 3.0]), alpha=0.1)
    array([0.1, 1. ])
    """
    x = _as_float(x)
    one, slope = x.dtype.type(1), x.dtype.type(_check_alpha(alpha, x))
    return _scalar_or_array(np.where(x > 0, one, slope))


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Computed with ``expm1`` on ``min(x, 0)``, so it is accurate near 0 and
    never overflows; ``elu(-1e4) == -alpha``.

    Parameters
    ----------
    x : array_like
        Net input.
    alpha : float, default 1.0
        The value approached for very negative inputs is ``-alpha``.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring), or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is negative or not finite (or, for float32 ``x``,
        beyond the largest float32).

    Examples
    --------
    >>> elu(np.array([-1e4, 0.0, 2.0]))
    array([-1.,  0.,  2.])
    """
    x = _as_float(x)
    return _scalar_or_array(np.where(x > 0, x, _check_alpha(alpha, x) * np.expm1(np.minimum(x, 0))))


def elu_derivative(x: Any, alpha: float = 1.0) -> Any:
    """Derivative of :func:`elu`: 1 where ``x > 0``, else ``alpha * exp(x)``.

    At ``x = 0`` we return the left-hand value ``alpha`` (equal to 1, and the
    derivative continuous, only when ``alpha == 1``).

    Parameters
    ----------
    x : array_like
        Net input.
    alpha : float, default 1.0
        The ELU parameter.

    Returns
    -------
    numpy.ndarray or scalar
        Same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers (NaN, inf and empty arrays are
        accepted: see the module's docstring), or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is negative or not finite (or, for float32 ``x``,
        beyond the largest float32).

    Examples
    --------
    >>> elu_derivative(np.array([-1e4, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    x = _as_float(x)
    negative_part = _check_alpha(alpha, x) * _exp_or_zero(np.minimum(x, 0))
    return _scalar_or_array(np.where(x > 0, x.dtype.type(1), negative_part))


@np.errstate(over="ignore")  # x - top is -inf for scores 1.8e308 apart: exp 0
def softmax(x: Any, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: ``exp(x_i) / sum_j exp(x_j)``.

    The maximum is subtracted first (it cancels in the ratio), so every
    exponent is <= 0 and nothing overflows.

    Parameters
    ----------
    x : array_like
        Scores (logits); a vector or a batch of shape ``(n_samples, n_classes)``.
    axis : int, default -1
        The axis that sums to 1.

    Returns
    -------
    numpy.ndarray
        Probabilities, same shape and float dtype as ``x``. NaN in a slice
        along ``axis`` makes that slice NaN; +inf scores share the whole
        probability (the limit), -inf scores get 0; a batch of
        0 samples, shape ``(0, n_classes)``, gives an empty result.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers, or ``axis`` is not an integer.
    ValueError
        If ``x`` is a scalar, ``axis`` is not one of its axes, or the axis
        has length 0 (no probabilities can sum to 1 over zero classes;
        PyTorch returns an empty tensor here).

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    >>> softmax(np.zeros((2, 3)), axis=2)
    Traceback (most recent call last):
    ...
    ValueError: axis must be in [-2, 1] for x of shape (2, 3) (2-D), got 2
    """
    x = _as_float(x)
    axis = _check_axis(axis, x, "softmax")
    top = x.max(axis=axis, keepdims=True)
    if not np.isfinite(top).all():  # +-inf scores: take the limit (shared by the +inf entries)
        return _softmax_of_infinite_scores(x, axis, top)
    e = _exp_or_zero(x - top)
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_of_infinite_scores(x: np.ndarray, axis: int | None, top: np.ndarray) -> np.ndarray:
    """Softmax of slices holding +-inf: the +inf (or, if all are -inf, every) entries share 1; NaN stays NaN."""
    with np.errstate(invalid="ignore"):
        shifted = np.where(x == top, 0.0, x - top).astype(x.dtype, copy=False)
    e = _exp_or_zero(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(x: Any) -> np.ndarray:
    """Jacobian of :func:`softmax` (along the last axis): ``diag(s) - outer(s, s)`` per vector.

    Entry ``[i, j]`` is ``d softmax_i / d x_j = s_i * (delta_ij - s_j)``.
    A batch of vectors gives one Jacobian per vector.

    Parameters
    ----------
    x : array_like
        One score vector of shape ``(k,)``, or a batch ``(n_samples, k)``
        (more leading axes are allowed too).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, k)`` for one vector, ``(n_samples, k, k)`` for a batch;
        each row and column of each Jacobian sums to 0. Same float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers.
    ValueError
        If ``x`` is a scalar or its last axis has length 0.

    Examples
    --------
    >>> softmax_jacobian(np.array([0.0, 0.0]))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> softmax_jacobian(np.zeros((5, 3))).shape
    (5, 3, 3)
    """
    x = _as_float(x)
    _check_axis(-1, x, "softmax_jacobian")
    s = softmax(x)
    k = s.shape[-1]
    jacobian = np.zeros(s.shape + (k,), dtype=s.dtype)
    diagonal = np.arange(k)
    jacobian[..., diagonal, diagonal] = s  # diag(s), for every vector of the batch
    jacobian -= s[..., :, None] * s[..., None, :]  # outer(s, s)
    return jacobian


ActivationFunction = Callable[..., Any]

#: Elementwise activations by name: ``name -> (function, derivative)``.
#: Softmax is not elementwise, so it is not listed (use :func:`softmax` and
#: :func:`softmax_jacobian`).
ACTIVATIONS: dict[str, tuple[ActivationFunction, ActivationFunction]] = {
    "step": (step, step_derivative),
    "identity": (identity, identity_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "elu": (elu, elu_derivative),
}


def get_activation(name: str) -> tuple[ActivationFunction, ActivationFunction]:
    """Return ``(function, derivative)`` of the elementwise activation called ``name``.

    Parameters
    ----------
    name : str
        One of ``"step"``, ``"identity"``, ``"sigmoid"``, ``"tanh"``,
        ``"relu"``, ``"leaky_relu"``, ``"elu"`` (case-insensitive).

    Returns
    -------
    tuple of callable
        The activation and its derivative.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If the name is unknown; the message lists the valid names.

    Examples
    --------
    >>> function, derivative = get_activation("tanh")
    >>> derivative(np.array([0.0]))
    array([1.])
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be an activation name (str) such as 'relu', got {describe(name)}")
    key = name.lower()
    if key not in ACTIVATIONS:
        hint = " (softmax is not elementwise: use softmax and softmax_jacobian)" if key == "softmax" else ""
        raise ValueError(f"unknown activation {name!r}{hint}; valid names: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[key]
