"""Gradient checking: compare backpropagation with finite differences.

The central difference ``(f(x + h) - f(x - h)) / (2 h)`` approximates a
partial derivative with an error of order ``h**2``. It needs two evaluations
of the loss per parameter, so for ``N`` parameters a full numerical gradient
costs ``2 N`` forward passes, against one forward and one backward pass for
backpropagation: numerical gradients are for checking, not for training.

Examples
--------
>>> import numpy as np
>>> from mlcourse.gradcheck import numerical_gradient
>>> x = np.array([1.0, 2.0])
>>> numerical_gradient(lambda v: float(np.sum(v ** 2)), x).round(6)
array([2., 4.])
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ._validation import as_float_array, check_positive, describe
from .losses import Loss, as_loss
from .nn import Dropout, Module

__all__ = ["numerical_gradient", "relative_error", "check_gradients"]


def numerical_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function, one element at a time.

    Each element ``x[i]`` is set to ``x[i] + h`` and ``x[i] - h`` in place,
    ``f`` is evaluated, and the element is restored; so ``f`` may read ``x``
    itself (e.g. a weight matrix inside a model). The differences are formed
    in float64.

    Parameters
    ----------
    f : callable
        ``f(x)`` returning a scalar.
    x : numpy.ndarray
        Float array (non-empty, finite, writeable), perturbed in place and
        restored afterwards (also when ``f`` raises). Use float64: in
        float32 the result is only accurate to about 1e-3.
    h : float, default 1e-5
        Step size.

    Returns
    -------
    numpy.ndarray
        float64 array of the shape of ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real scalar, or ``x``
        is not a float32/float64 numpy array.
    ValueError
        If ``x`` is empty, read-only or holds NaN/inf, ``h`` is not a finite
        positive number, ``x + h`` overflows or ``2 * h`` does (``h`` too
        large), ``x + h`` and ``x - h`` are the same number in ``x``'s dtype
        (``h`` too small: the difference would be 0), ``f`` returns NaN/inf
        at a perturbed point, or a difference quotient overflows (no finite
        difference quotient can be formed).

    Examples
    --------
    >>> W = np.array([[1.0, -1.0]])
    >>> numerical_gradient(lambda _: float((W ** 3).sum()), W).round(6)
    array([[3., 3.]])
    """
    if not callable(f):
        raise TypeError(f"f must be a function f(x) returning a scalar, got {describe(f)}")
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a numpy array (perturbed in place), got {type(x).__name__}")
    as_float_array(x, "x")
    if not x.flags.writeable:
        raise ValueError("x must be a writeable array (it is perturbed in place), got a read-only one: pass x.copy()")
    h = check_positive(h, "h")
    _check_step(x, h)
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = _scalar(f(x), index, "+")
            x[index] = original - h
            f_minus = _scalar(f(x), index, "-")
        finally:
            x[index] = original
        slope = (f_plus - f_minus) / (2 * h)
        if not math.isfinite(slope):
            raise ValueError(
                f"the difference quotient (f(x + h) - f(x - h)) / (2 h) at x[{', '.join(map(str, index))}] "
                f"overflows: f(x + h) = {f_plus:g}, f(x - h) = {f_minus:g}, h = {h:g}; use a larger h "
                "or scale f down"
            )
        grad[index] = slope
    return grad


def _check_step(x: np.ndarray, h: float) -> None:
    """Refuse a step ``h`` that overflows ``x +- h`` or ``2 h``, or that ``x``'s dtype cannot resolve."""
    largest = float(np.finfo(x.dtype).max)
    if not math.isfinite(2 * h) or float(np.max(np.abs(x))) + h > largest:
        raise ValueError(
            f"h must keep x + h and 2 * h within the largest {x.dtype} (about {largest:.2g}), got h = {h:g} "
            f"for x up to {float(np.max(np.abs(x))):.3g} in absolute value; use a smaller h"
        )
    lost = x + h == x - h  # the same arithmetic as the perturbation of one element below
    if lost.any():
        index = tuple(int(i) for i in np.argwhere(lost)[0])
        raise ValueError(
            f"h must change x in its dtype {x.dtype}, got h = {h:g}: x + h and x - h are the same number at "
            f"x[{', '.join(map(str, index))}] = {float(x[index]):g} (the difference would be 0); use a larger h"
            + (" or a float64 x" if x.dtype != np.float64 else "")
        )


def _scalar(value: Any, index: tuple[int, ...], sign: str) -> float:
    """``f``'s value at ``x[index] +- h`` as a finite float."""
    array = np.asarray(value)
    if array.size != 1:
        raise TypeError(f"f must return a scalar, got an array of shape {array.shape}")
    if array.dtype.kind not in "iufb":
        raise TypeError(f"f must return a real number, got {describe(value)}")
    number = float(array.reshape(()))
    if not math.isfinite(number):
        raise ValueError(f"f must return finite values, got {number} at x[{', '.join(map(str, index))}] {sign} h")
    return number


def relative_error(a: Any, b: Any) -> float:
    """Relative difference of two gradients: ``max|a - b| / max(|a| + |b|)``.

    Both maxima are over all elements; the denominator is floored at the
    smallest positive float64, so two zero arrays give 0, and so do two
    empty arrays (no entry differs). Below about 1e-7
    (float64, smooth functions) the gradients agree; around 1e-2 or more,
    one of them is wrong.

    A gradient holding NaN or inf is never right: the result is then
    ``inf`` (not NaN, which would pass a test such as
    ``max(errors.values()) < 1e-7``, as Python's ``max`` skips a NaN that
    is not first). Finite gradients give a result in [0, 1], even near the
    largest float.

    Parameters
    ----------
    a, b : array_like
        Arrays of real numbers, of the same shape.

    Returns
    -------
    float
        The relative error, in [0, 1], or ``inf``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` does not hold real numbers (booleans included).
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> round(relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0002])), 6)
    5e-05
    >>> relative_error(np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    inf
    """
    a = _as_gradient(a, "a")
    b = _as_gradient(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0  # no entry differs
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return math.inf
    with np.errstate(over="ignore"):  # |a| + |b| or a - b beyond the largest float
        scale = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
        difference = float(np.max(np.abs(a - b)))
    if math.isinf(scale):  # rescale: the ratio does not change
        largest = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))))
        with np.errstate(under="ignore"):  # entries far below the largest one may become 0
            return relative_error(a / largest, b / largest)
    return difference / scale


def _as_gradient(value: Any, name: str) -> np.ndarray:
    """``value`` as a float64 array, refusing anything but real numbers."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must hold real numbers, got {describe(value)}") from error
    if array.dtype.kind not in "iuf":  # booleans are no gradient
        raise TypeError(f"{name} must hold real numbers, got {describe(value)}")
    return array.astype(np.float64, copy=False)


def check_gradients(model: Module, loss_fn: Loss | str, X: Any, y: Any, h: float = 1e-5) -> dict[str, float]:
    """Relative error between backpropagated and numerical gradients, per parameter.

    The model must compute the same function at every evaluation. This
    function makes it so: every ``Dropout`` in training mode reuses one mask
    (drawn by a first forward pass) for the whole check, and BatchNorm's
    running statistics, which each training-mode forward pass updates, are
    restored at the end. Parameter values, gradients and layer settings are
    also left as they were. Use a float64 model: float32 is too coarse for
    finite differences.

    Parameters
    ----------
    model : Module
        The network, e.g. a ``Sequential``.
    loss_fn : Loss or str
        A loss object (or its name for :func:`mlcourse.losses.get_loss`).
    X : array_like
        Input batch (finite, non-empty).
    y : array_like
        Targets.
    h : float, default 1e-5
        Finite-difference step.

    Returns
    -------
    dict of str to float
        ``{"0.W": error, "0.b": error, ..., "input": error}``: the relative
        error (see :func:`relative_error`) of each parameter's gradient and
        of the gradient with respect to ``X``; ``inf`` for a backpropagated
        gradient holding NaN or inf, so that ``max(errors.values()) < 1e-7``
        fails.

    Raises
    ------
    TypeError
        If ``model`` is not a Module, ``loss_fn`` is not a loss object or
        name, or ``X`` does not hold real numbers.
    ValueError
        If ``X`` is empty or holds NaN/inf, ``h`` is not a finite positive
        number, or the inputs do not suit the model or the loss (its checks:
        e.g. a NaN output of the model).

    Examples
    --------
    >>> from mlcourse.nn import Linear, Tanh, Sequential
    >>> model = Sequential(Linear(3, 4, seed=0), Tanh(), Linear(4, 2, seed=1))
    >>> X = np.random.default_rng(0).normal(size=(5, 3))
    >>> errors = check_gradients(model, "cross_entropy", X, np.array([0, 1, 1, 0, 1]))
    >>> sorted(errors)
    ['0.W', '0.b', '2.W', '2.b', 'input']
    >>> max(errors.values()) < 1e-7
    True
    """
    loss_fn, X, h = _checked_arguments(model, loss_fn, X, y, h)  # X: a float64 copy we may perturb
    named = list(model.named_parameters())
    saved_state = model.state_dict()
    saved_grads = [parameter.grad.copy() for _, parameter in named]
    dropouts = [module for module in model.modules() if isinstance(module, Dropout)]
    saved_freeze = [dropout.freeze_mask for dropout in dropouts]

    def loss_at(_: np.ndarray) -> float:
        return loss_fn(model.forward(X), y)

    try:
        model.zero_grad()
        _first_evaluation(model, loss_fn, X, y)  # checks X and y, draws the dropout masks (frozen next)
        for dropout in dropouts:
            dropout.freeze_mask = True
        loss_at(X)
        input_grad = model.backward(loss_fn.backward())
        analytic = {name: parameter.grad.copy() for name, parameter in named}
        errors = {
            name: relative_error(analytic[name], numerical_gradient(loss_at, parameter.data, h))
            for name, parameter in named
        }
        errors["input"] = relative_error(input_grad, numerical_gradient(loss_at, X, h))
    finally:
        model.load_state_dict(saved_state)
        for (_, parameter), grad in zip(named, saved_grads):
            parameter.grad = grad
        for dropout, freeze in zip(dropouts, saved_freeze):
            dropout.freeze_mask = freeze
    return errors


def _checked_arguments(model: Any, loss_fn: Any, X: Any, y: Any, h: Any) -> tuple[Loss, np.ndarray, float]:
    """The argument checks of :func:`check_gradients`; returns the loss object, ``X`` as a
    float64 copy and ``h``. What only the model and the loss can judge is checked by
    :func:`_first_evaluation`."""
    if not isinstance(model, Module):
        raise TypeError(f"model must be a Module such as a Sequential, got {describe(model)}")
    nonfinite = [name for name, parameter in model.named_parameters() if not np.isfinite(parameter.data).all()]
    if nonfinite:
        raise ValueError(f"model must have finite parameters, got NaN/inf in {', '.join(nonfinite)}")
    try:
        loss = as_loss(loss_fn)
    except (TypeError, ValueError) as error:
        message = str(error)
        raise _same_kind(
            error, "loss_fn" + message[4:] if message.startswith("loss ") else f"loss_fn: {message}"
        ) from None
    h = check_positive(h, "h")
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    try:
        n_targets = len(y) if np.ndim(y) >= 1 else None
    except (TypeError, ValueError):  # ragged lists and the like: the loss reports them
        n_targets = None
    if X.ndim >= 1 and n_targets is not None and n_targets != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {n_targets}")
    return loss, X, h


def _first_evaluation(model: Module, loss_fn: Loss, X: np.ndarray, y: Any) -> None:
    """The first forward pass and loss of :func:`check_gradients`, with errors that name ``X`` or ``y``."""
    try:
        output = model.forward(X)
    except (TypeError, ValueError) as error:
        raise _same_kind(error, f"X does not suit the model: {error}") from error
    try:
        loss_fn(output, y)
    except (TypeError, ValueError) as error:
        raise _same_kind(error, f"y and the model's output do not suit loss_fn {loss_fn!r}: {error}") from error


def _same_kind(error: Exception, message: str) -> Exception:
    """An exception of ``error``'s type with ``message`` (a ValueError or TypeError if that fails)."""
    try:
        return type(error)(message)
    except TypeError:  # an exception class with another constructor
        return (TypeError if isinstance(error, TypeError) else ValueError)(message)
