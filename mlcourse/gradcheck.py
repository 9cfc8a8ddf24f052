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

from typing import Any, Callable

import numpy as np

from ._validation import as_float_array, check_positive
from .losses import Loss, get_loss
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
        Float array, perturbed in place and restored afterwards (also when
        ``f`` raises). Use float64: in float32 the result is only accurate to
        about 1e-3.
    h : float, default 1e-5
        Step size.

    Returns
    -------
    numpy.ndarray
        float64 array of the shape of ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not a float array or ``f`` does not return a scalar.
    ValueError
        If ``h`` is not positive.

    Examples
    --------
    >>> W = np.array([[1.0, -1.0]])
    >>> numerical_gradient(lambda _: float((W ** 3).sum()), W).round(6)
    array([[3., 3.]])
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a numpy array (perturbed in place), got {type(x).__name__}")
    as_float_array(x, "x", allow_nonfinite=True)
    h = check_positive(h, "h")
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = _scalar(f(x))
            x[index] = original - h
            f_minus = _scalar(f(x))
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def _scalar(value: Any) -> float:
    array = np.asarray(value)
    if array.size != 1:
        raise TypeError(f"f must return a scalar, got an array of shape {array.shape}")
    return float(array.reshape(()))


def relative_error(a: Any, b: Any) -> float:
    """Relative difference of two gradients: ``max|a - b| / max(|a| + |b|)``.

    Both maxima are over all elements; the denominator is floored at the
    smallest positive float64, so two zero arrays give 0. Below about 1e-7
    (float64, smooth functions) the gradients agree; around 1e-2 or more,
    one of them is wrong.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape.

    Returns
    -------
    float
        The relative error, in [0, 1].

    Raises
    ------
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> round(relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0002])), 6)
    5e-05
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - b))) / scale


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
        Input batch.
    y : array_like
        Targets.
    h : float, default 1e-5
        Finite-difference step.

    Returns
    -------
    dict of str to float
        ``{"0.W": error, "0.b": error, ..., "input": error}``: the relative
        error (see :func:`relative_error`) of each parameter's gradient and
        of the gradient with respect to ``X``.

    Raises
    ------
    TypeError, ValueError
        If the inputs do not suit the model or the loss.

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
    loss_fn = get_loss(loss_fn) if isinstance(loss_fn, str) else loss_fn
    X = np.array(as_float_array(X, "X"), dtype=np.float64)  # a copy we may perturb
    named = list(model.named_parameters())
    saved_state = model.state_dict()
    saved_grads = [parameter.grad.copy() for _, parameter in named]
    dropouts = [module for module in model.modules() if isinstance(module, Dropout)]
    saved_freeze = [dropout.freeze_mask for dropout in dropouts]

    def loss_at(_: np.ndarray) -> float:
        return loss_fn(model.forward(X), y)

    try:
        model.zero_grad()
        loss_at(X)  # draws the dropout masks, then freezes them
        for dropout in dropouts:
            dropout.freeze_mask = True
        loss_at(X)
        input_grad = model.backward(loss_fn.backward())
        analytic = {name: parameter.grad.copy() for name, parameter in named}
        errors = {name: relative_error(analytic[name], numerical_gradient(loss_at, parameter.data, h))
                  for name, parameter in named}
        errors["input"] = relative_error(input_grad, numerical_gradient(loss_at, X, h))
    finally:
        model.load_state_dict(saved_state)
        for (_, parameter), grad in zip(named, saved_grads):
            parameter.grad = grad
        for dropout, freeze in zip(dropouts, saved_freeze):
            dropout.freeze_mask = freeze
    return errors

