"""Activation functions and their derivatives, elementwise and numerically stable.

Every function accepts a scalar or an array and works elementwise (except
:func:`softmax`, which normalises along an axis). float32 input gives float32
output; other numbers (Python floats, integers) are computed in float64.

Stability: for any finite input the results are finite and correct to
floating-point accuracy, and no numpy warning is raised, not even an underflow
(``sigmoid(-1000.0)`` is exactly 0, ``softmax([1000.0, 0.0])`` is ``[1, 0]``).
The trick is to call ``exp`` only on non-positive numbers, and to skip it
where the result would be smaller than the smallest normal float.

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

from typing import Any, Callable

import numpy as np

from ._validation import describe

__all__ = [
    "step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax",
    "step_derivative", "identity_derivative", "sigmoid_derivative", "tanh_derivative",
    "relu_derivative", "leaky_relu_derivative", "elu_derivative", "softmax_jacobian",
    "ACTIVATIONS", "get_activation",
]

# exp(t) is below the smallest normal float (an underflow) when t < log(tiny).
_LOG_TINY = {
    np.dtype(np.float32): float(np.log(np.finfo(np.float32).tiny)) + 1.0,
    np.dtype(np.float64): float(np.log(np.finfo(np.float64).tiny)) + 1.0,
}


def _as_float(x: Any) -> np.ndarray:
    """Return ``x`` as a float32/float64 array (integers and lists become float64)."""
    if isinstance(x, np.ndarray) and x.dtype in _LOG_TINY:
        return x
    array = np.asarray(x)
    if array.dtype.kind not in "iufb":
        raise TypeError(f"activation input must hold real numbers, got {describe(x)}")
    return array.astype(np.float64)


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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> tanh_derivative(np.array([0.0]))
    array([1.])
    """
    x = _as_float(x)
    e = _exp_or_zero(-2 * np.abs(x))
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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

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
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> leaky_relu(np.array([-2.0, 3.0]), alpha=0.1)
    array([-0.2,  3. ])
    """
    x = _as_float(x)
    return _scalar_or_array(np.where(x > 0, x, float(alpha) * x))


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
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> leaky_relu_derivative(np.array([-2.0, 3.0]), alpha=0.1)
    array([0.1, 1. ])
    """
    x = _as_float(x)
    one, slope = x.dtype.type(1), x.dtype.type(alpha)
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
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> elu(np.array([-1e4, 0.0, 2.0]))
    array([-1.,  0.,  2.])
    """
    x = _as_float(x)
    return _scalar_or_array(np.where(x > 0, x, float(alpha) * np.expm1(np.minimum(x, 0))))


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
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> elu_derivative(np.array([-1e4, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    x = _as_float(x)
    negative_part = float(alpha) * _exp_or_zero(np.minimum(x, 0))
    return _scalar_or_array(np.where(x > 0, x.dtype.type(1), negative_part))


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
        Probabilities, same shape and float dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers.

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    x = _as_float(x)
    e = _exp_or_zero(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(x: Any) -> np.ndarray:
    """Jacobian of :func:`softmax` for one vector: ``diag(s) - outer(s, s)``.

    Entry ``[i, j]`` is ``d softmax_i / d x_j = s_i * (delta_ij - s_j)``.

    Parameters
    ----------
    x : array_like
        One score vector of shape ``(k,)``.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(k, k)``; each row and column sums to 0.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers.
    ValueError
        If ``x`` is not 1-D.

    Examples
    --------
    >>> softmax_jacobian(np.array([0.0, 0.0]))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    x = _as_float(x)
    if x.ndim != 1:
        raise ValueError(f"softmax_jacobian expects one vector of shape (k,), got shape {x.shape}")
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)


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
    ValueError
        If the name is unknown; the message lists the valid names.

    Examples
    --------
    >>> function, derivative = get_activation("tanh")
    >>> derivative(np.array([0.0]))
    array([1.])
    """
    key = str(name).lower()
    if key not in ACTIVATIONS:
        hint = " (softmax is not elementwise: use softmax and softmax_jacobian)" if key == "softmax" else ""
        raise ValueError(
            f"unknown activation {name!r}{hint}; valid names: {', '.join(ACTIVATIONS)}"
        )
    return ACTIVATIONS[key]
