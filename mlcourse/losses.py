"""Loss functions: the value and its gradient with respect to the prediction.

Two forms of each loss:

- functions, ``mse(pred, target)`` and ``mse_grad(pred, target)``, for the
  chapters that compute one thing at a time;
- loss objects, ``loss_fn = MSELoss()``; ``loss_fn(pred, target)`` returns the
  value (a Python float) and caches what ``loss_fn.backward()`` needs to
  return dLoss/dpred (same shape and dtype as ``pred``). The training loop
  uses these.

The mean ("reduction"): MSE, MAE and the binary cross-entropies average over
all elements of ``pred`` (PyTorch's ``reduction='mean'``); the categorical
cross-entropies sum over classes and average over samples. A target of shape
``(n,)`` is accepted for a prediction of shape ``(n, 1)`` (and the reverse);
any other shape difference is an error, never a silent broadcast.

Every input is checked, and a mistake raises ``TypeError`` or ``ValueError``
with a message that names the argument: predictions, logits and targets
must be finite (a diverging network is reported by the training loop, which
checks the network's output before the loss); probabilities must lie in
[0, 1], and rows of categorical probabilities must sum to 1 (to within
:data:`ROW_SUM_TOLERANCE`); class labels must be integers in range. Finite
inputs give a finite loss and gradient without a warning (under numpy's
default error settings), however extreme (logits of ``1e4`` or ``1e200``,
MAE of residuals near the largest float), or a :class:`LossOverflowError`
(a ``ValueError``) that says what overflows where the loss cannot be
computed in floating point: the mean squared error when the sum of the
squared residuals exceeds the largest float (residuals beyond about ``1e154``
in float64, ``1e19`` in float32: predictions of ``1e200`` against targets of
0), and the softmax cross-entropy of logits whose row spans more than the
largest float (``1e308`` and ``-1e308``).

Examples
--------
>>> import numpy as np
>>> from mlcourse.losses import mse, mse_grad, CrossEntropyLoss
>>> mse(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
2.5
>>> mse_grad(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
array([1., 2.])
>>> loss_fn = CrossEntropyLoss()
>>> round(loss_fn(np.array([[0.0, 0.0]]), np.array([1])), 6)  # log 2
0.693147
>>> loss_fn.backward()
array([[ 0.5, -0.5]])
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ._validation import all_finite, as_float_array, as_label_array, check_same_length, describe
from .activations import _exp_or_zero, softmax

__all__ = [
    "mse",
    "mse_grad",
    "mae",
    "mae_grad",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "Loss",
    "MSELoss",
    "MAELoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "CategoricalCrossEntropyLoss",
    "LOSSES",
    "get_loss",
    "as_loss",
    "probability_clip",
    "LossOverflowError",
]


class LossOverflowError(ValueError):
    """Raised where a loss (or its gradient) of finite inputs overflows the largest float.

    A ``ValueError``: the inputs are too large for the loss to be computed in
    floating point (the mean squared error of predictions of ``1e200``
    against targets of 0). :func:`mlcourse.train.fit` reports it as
    divergence, like a non-finite output.
    """


#: Probabilities are clipped to ``[eps, 1 - eps]`` before taking a logarithm.
#: float32 needs a larger eps so that ``1 - eps`` is still below 1.
_EPS = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-7}


def probability_clip(dtype: Any = np.float64) -> float:
    """Return ``eps``: probabilities are clipped to ``[eps, 1 - eps]`` before ``log``.

    Parameters
    ----------
    dtype : numpy dtype, default float64
        float64 (eps = 1e-12) or float32 (eps = 1e-7).

    Returns
    -------
    float
        The clipping margin, so the loss of a confident wrong answer is at most
        ``-log(eps)`` (about 27.6 in float64) instead of infinity.

    Raises
    ------
    TypeError
        If ``dtype`` is not float32 or float64.

    Examples
    --------
    >>> probability_clip(np.float32)
    1e-07
    """
    try:
        key = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"dtype must be float32 or float64, got {describe(dtype)}") from error
    if key not in _EPS:
        raise TypeError(f"dtype must be float32 or float64, got {key}")
    return _EPS[key]


#: Rows of probabilities must sum to 1 within this. Softmax outputs do, to
#: about 1e-7 in float32; a row of logits or of unnormalised scores does not.
ROW_SUM_TOLERANCE = 1e-4


# ----------------------------------------------------------------- checks


def _as_prediction(pred: Any, name: str = "pred") -> np.ndarray:
    """A finite, non-empty float32/float64 array (``name`` is the argument's name for errors)."""
    array = as_float_array(pred, name, allow_nonfinite=True)
    if not all_finite(array):
        bad = array.size - int(np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} must be finite, got {bad} NaN/inf value(s) in an array of shape {array.shape} "
            "(a diverging network? lower the learning rate)"
        )
    return array


def _as_numbers(value: Any, name: str) -> np.ndarray:
    """``np.asarray(value)``, refusing anything but real numbers (bool, int, float) with a TypeError."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must hold real numbers, got {describe(value)}") from error
    if array.dtype.kind not in "iufb":
        raise TypeError(f"{name} must hold real numbers, got {describe(value)}")
    return array


def _as_target_like(target: Any, pred: np.ndarray, name: str = "pred") -> np.ndarray:
    """A finite float target of ``pred``'s shape and dtype ((n,) vs (n, 1) is reshaped);
    ``name`` is the prediction's argument name, for errors."""
    array = _as_numbers(target, "target")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"target must be finite, got NaN/inf in target of shape {array.shape}")
    with np.errstate(over="ignore"):  # a float64 target beyond float32's range: reported below
        converted = array.astype(pred.dtype, copy=False)
    if array.dtype.kind == "f" and converted.dtype.itemsize < array.dtype.itemsize and not np.isfinite(converted).all():
        raise ValueError(
            f"target must fit in the dtype of {name} ({pred.dtype}), got values from "
            f"{array.min():.6g} to {array.max():.6g}"
        )
    if converted.shape != pred.shape:
        squeezable = {converted.shape, pred.shape} == {(pred.size,), (pred.size, 1)}
        if not squeezable:
            raise ValueError(
                f"{name} and target must have the same shape, got {name} {pred.shape} and target {converted.shape}"
            )
        converted = converted.reshape(pred.shape)
    return converted


def _as_matching_target(target: Any, pred: np.ndarray, name: str = "pred") -> np.ndarray:
    """The target of a squared error: :func:`_as_target_like`, refused (:class:`LossOverflowError`) where
    the squared residuals sum beyond the largest float, so that ``mean((pred - target)**2)`` cannot overflow."""
    array = _as_target_like(target, pred, name)
    _check_squared_residuals(pred, array, name)
    return array


def _as_binary_target(target: Any, pred: np.ndarray, name: str) -> np.ndarray:
    array = _as_target_like(target, pred, name)
    if array.min() < 0 or array.max() > 1:
        raise ValueError(
            "target of a binary cross-entropy must lie in [0, 1] (labels 0/1, not -1/+1), "
            f"got values from {array.min()} to {array.max()}"
        )
    return array


def _as_class_target(target: Any, pred: np.ndarray, name: str) -> np.ndarray:
    """Integer labels ``(n,)`` or one-hot/probability rows ``(n, k)`` for a ``(n, k)`` prediction
    (whose argument name is ``name``); a prediction whose row spans more than the largest float
    (logits near ``+-1e308``, whose softmax would overflow) is refused here."""
    if pred.ndim != 2:
        raise ValueError(f"{name} must have shape (n_samples, n_classes), got shape {pred.shape}")
    _check_logit_range(pred, name)  # (probabilities always pass)
    n_samples, n_classes = pred.shape
    array = _as_numbers(target, "target")
    if array.ndim == 2:
        if array.shape != pred.shape:
            hint = " (for integer labels pass a 1-D array: target.ravel())" if array.shape == (n_samples, 1) else ""
            raise ValueError(
                f"one-hot target must have shape {pred.shape} (n_samples, n_classes), got shape {array.shape}{hint}"
            )
        if not np.isfinite(array).all():
            raise ValueError(f"one-hot target must be finite, got NaN/inf in target of shape {array.shape}")
        if array.min() < 0 or array.max() > 1:
            raise ValueError(
                f"one-hot target must hold values in [0, 1], got values from {array.min():.6g} to {array.max():.6g}"
            )
        return array.astype(pred.dtype, copy=False)  # (checked first: 1e300 would overflow float32)
    labels = as_label_array(array, "target", n_classes=n_classes)
    check_same_length(pred, labels, name, "target")
    return labels


def _check_probabilities(prob: np.ndarray, name: str, *, rows: bool = False) -> None:
    """Refuse values outside [0, 1] and, with ``rows``, rows not summing to 1 (within
    :data:`ROW_SUM_TOLERANCE`); the message hints at the logits versions of the losses."""
    low, high = prob.min(), prob.max()
    logits_loss = (
        "softmax_cross_entropy or CrossEntropyLoss" if rows else "binary_cross_entropy_with_logits or BCEWithLogitsLoss"
    )
    if low < 0 or high > 1:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got values from {low:.6g} to {high:.6g} "
            f"(for scores (logits), use {logits_loss})"
        )
    if rows:
        sums = prob.sum(axis=1)
        if np.abs(sums - 1).max() > ROW_SUM_TOLERANCE:
            raise ValueError(
                f"each row of {name} must sum to 1 (probabilities over the classes, to within "
                f"{ROW_SUM_TOLERANCE:g}), got row sums from {sums.min():.6g} to {sums.max():.6g} "
                f"(for scores (logits), use {logits_loss})"
            )


def _one_hot_like(labels_or_onehot: np.ndarray, pred: np.ndarray) -> np.ndarray:
    if labels_or_onehot.ndim == 2:
        return labels_or_onehot
    one_hot = np.zeros_like(pred)
    one_hot[np.arange(len(labels_or_onehot)), labels_or_onehot] = 1
    return one_hot


# ------------------------------------------------------------- overflow checks


def _row_max(array: np.ndarray) -> np.ndarray:
    """``array.max(axis=1, keepdims=True)`` for a finite 2-D array, the same numbers, faster for few columns.

    numpy reduces a short inner axis slowly (16 us for 128 x 10); the maximum over
    the rows of the transposed copy is exact too and takes 3 us.
    """
    if array.shape[1] <= 32:
        return np.ascontiguousarray(array.T).max(axis=0)[:, None]
    return array.max(axis=1, keepdims=True)


def _usual_logits_and_labels(logits: Any, target: Any) -> bool:
    """Whether ``(logits, target)`` passes every check of :class:`CrossEntropyLoss`, tested fast for
    the usual pair: float logits ``(n, k)``, not empty, and integer labels ``(n,)`` in ``[0, k)``.

    A finite sum of squares, one BLAS pass, makes the logits finite and every row's span below
    the largest float (the two checks of ``_as_prediction`` and ``_check_logit_range``). Training
    calls the loss once per batch; this saves a training step of the 784-256-128-10 network of
    ``benchmarks/bench_mlp_step.py`` about 1% against the full checks, which name what is wrong.
    """
    return bool(
        type(logits) is np.ndarray
        and type(target) is np.ndarray
        and logits.dtype.char in "fd"
        and target.dtype.kind in "iu"
        and logits.ndim == 2
        and target.shape == (logits.shape[0],)
        and logits.size > 0
        and _sum_of_squares_below(logits, math.inf)
        and target.min() >= 0
        and target.max() < logits.shape[1]
    )


def _sum_of_squares_below(array: np.ndarray, limit: float) -> bool:
    """Whether ``sum(array**2) < limit``, in one BLAS pass (False also when the sum overflows; BLAS
    issues no floating-point warning)."""
    return float(np.vdot(array, array)) < limit


def _check_squared_residuals(pred: np.ndarray, target: np.ndarray, name: str = "pred") -> None:
    """Refuse ``pred``/``target`` whose squared residuals sum beyond the largest float of their dtype.

    ``mean((pred - target)**2)`` then overflows on the way (a RuntimeWarning
    and ``inf``), whether or not the mean itself would fit. Usually two BLAS
    passes: ``sum(pred**2) + sum(target**2)`` bounds ``sum((pred - target)**2) / 2``.
    """
    largest = float(np.finfo(pred.dtype).max)
    if _sum_of_squares_below(pred, largest / 8) and _sum_of_squares_below(target, largest / 8):
        return
    with np.errstate(over="ignore", invalid="ignore"):
        residual = pred - target
        if _sum_of_squares_below(residual, largest / 2):
            return
        worst = float(np.abs(residual).max())
    shown = f"{worst:.3g}" if math.isfinite(worst) else f"beyond the largest {pred.dtype}"
    raise LossOverflowError(
        f"the mean squared error of {name} and target overflows: the sum of the squared residuals "
        f"({name} - target) exceeds the largest {pred.dtype} (about {largest:.2g}); the largest "
        f"|{name} - target| is {shown}. Scale the targets (and the model's outputs) down"
    )


def _check_logit_range(logits: np.ndarray, name: str = "logits") -> None:
    """Refuse logits of which a row spans more than the largest float: ``z - max(z)`` would overflow."""
    if _sum_of_squares_below(logits, math.inf):  # then every |z| < 1.4e154 (1.9e19 in float32): no overflow
        return
    with np.errstate(over="ignore"):
        spans = logits.max(axis=-1) - logits.min(axis=-1)
    if not np.isfinite(spans).all():
        raise LossOverflowError(
            f"{name} of a sample span more than the largest {logits.dtype} (from {logits.min():.3g} to "
            f"{logits.max():.3g}): their differences, which the softmax needs, overflow. Scale the logits down"
        )


def _mean(values: np.ndarray, loss: str) -> float:
    """``float(np.mean(values))``, also where the sum overflows although the mean fits.

    Then the mean of ``values / max|values|`` is scaled back; a mean beyond the
    largest float raises :class:`LossOverflowError` naming ``loss``.
    """
    with np.errstate(over="ignore"):
        mean = float(np.mean(values))
    if math.isfinite(mean):
        return mean
    largest = float(np.abs(values).max())
    if math.isfinite(largest):
        mean = float(np.mean(values / largest)) * largest
        if math.isfinite(mean):
            return mean
    raise LossOverflowError(
        f"the {loss} overflows: it exceeds the largest float (about 1.8e308); scale the inputs down"
    )


def _halved_residuals(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``(pred - target) / 2``, computed as ``pred / 2 - target / 2``: no overflow for finite inputs."""
    return pred * 0.5 - target * 0.5


# ---------------------------------------------------------- regression losses


def mse(pred: Any, target: Any) -> float:
    """Mean squared error, ``mean((pred - target)**2)`` over all elements.

    Parameters
    ----------
    pred : array_like
        Predictions.
    target : array_like
        Targets, same shape (or ``(n,)`` for a ``(n, 1)`` prediction).

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty, an input holds NaN/inf, or
        the squared residuals sum beyond the largest float (residuals beyond
        about 1e154 in float64, 1e19 in float32), where the loss overflows
        (:class:`LossOverflowError`, a ``ValueError``).

    Examples
    --------
    >>> mse([3.0, 0.0], [1.0, 0.0])
    2.0
    >>> mse([1e200, 0.0], [0.0, 0.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlcourse.losses.LossOverflowError: the mean squared error of pred and target overflows: the sum of the squared ...
    """
    pred = _as_prediction(pred)
    target = _as_matching_target(target, pred)
    diff = pred - target
    return float(np.mean(diff * diff))


def mse_grad(pred: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`mse` w.r.t. ``pred``: ``2 * (pred - target) / pred.size``.

    Parameters
    ----------
    pred : array_like
        Predictions.
    target : array_like
        Targets, same shape.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``pred``.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty, an input holds NaN/inf,
        or ``2 * (pred - target) / n`` itself exceeds the largest float
        (:class:`LossOverflowError`).

    Notes
    -----
    The gradient is finite where the loss overflows (residuals of ``1e200``
    give ``1e200 * 2 / n``); residuals beyond the largest float are computed
    halved, without overflow.

    Examples
    --------
    >>> mse_grad(np.array([3.0, 0.0]), np.array([1.0, 0.0]))
    array([2., 0.])
    """
    pred = _as_prediction(pred)
    target = _as_target_like(target, pred)
    with np.errstate(over="ignore", invalid="ignore"):
        grad = (pred - target) * (2 / pred.size)
        if not np.isfinite(grad).all():  # pred - target overflowed
            grad = _halved_residuals(pred, target) * (4 / pred.size)
    if not np.isfinite(grad).all():
        raise LossOverflowError(
            "the gradient of the mean squared error overflows: 2 * (pred - target) / n exceeds the largest "
            f"{pred.dtype}; scale the targets (and the model's outputs) down"
        )
    return grad


def mae(pred: Any, target: Any) -> float:
    """Mean absolute error, ``mean(|pred - target|)`` over all elements.

    Less sensitive to outliers than MSE: a residual counts in proportion to
    its size, not its square. Residuals beyond the largest float (predictions
    and targets near ``1e308`` of opposite signs) are handled: the loss is
    finite unless the mean itself exceeds the largest float (:class:`LossOverflowError`).

    Parameters
    ----------
    pred : array_like
        Predictions.
    target : array_like
        Targets, same shape.

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty, an input holds NaN/inf,
        or the mean itself exceeds the largest float
        (:class:`LossOverflowError`).

    Examples
    --------
    >>> mae([3.0, 0.0], [1.0, 1.0])
    1.5
    >>> mae([1.5e308, 0.0], [-1.5e308, 0.0])  # |pred - target| overflows, the mean does not
    1.5e+308
    """
    pred = _as_prediction(pred)
    target = _as_target_like(target, pred)
    return _mean_absolute_error(pred, target)


def _mean_absolute_error(pred: np.ndarray, target: np.ndarray) -> float:
    """:func:`mae` of checked arrays; residuals beyond the largest float are computed halved."""
    with np.errstate(over="ignore"):
        residual = np.abs(pred - target)
    if np.isfinite(residual).all():
        return _mean(residual, "mean absolute error")
    value = 2 * _mean(np.abs(_halved_residuals(pred, target)), "mean absolute error")
    if not math.isfinite(value):
        raise LossOverflowError("the mean absolute error overflows: it exceeds the largest float (about 1.8e308)")
    return value


def mae_grad(pred: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`mae`: ``sign(pred - target) / pred.size`` (0 where they are equal).

    Parameters
    ----------
    pred : array_like
        Predictions.
    target : array_like
        Targets, same shape.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``pred``.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty, or an input holds NaN/inf.

    Examples
    --------
    >>> mae_grad(np.array([3.0, 0.0]), np.array([1.0, 1.0]))
    array([ 0.5, -0.5])
    """
    pred = _as_prediction(pred)
    target = _as_target_like(target, pred)
    with np.errstate(over="ignore"):  # a residual beyond the largest float keeps its sign
        return np.sign(pred - target) * (1 / pred.size)


# ------------------------------------------------------ binary cross-entropy


def binary_cross_entropy(prob: Any, target: Any) -> float:
    """Binary cross-entropy of probabilities, ``-mean(t log p + (1 - t) log(1 - p))``.

    ``p`` is clipped to ``[eps, 1 - eps]`` (see :func:`probability_clip`) so
    that ``log 0`` never happens. The mean is over all elements.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of class 1, in [0, 1].
    target : array_like
        Targets in [0, 1] (usually labels 0/1), same shape.

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty or holds NaN/inf, ``prob``
        holds values outside [0, 1] (probabilities; logits belong to
        :func:`binary_cross_entropy_with_logits`), or the target is outside [0, 1].

    Examples
    --------
    >>> round(binary_cross_entropy([0.5, 0.5], [0, 1]), 6)  # log 2
    0.693147
    >>> binary_cross_entropy([1.5, 0.5], [1, 0])
    Traceback (most recent call last):
    ...
    ValueError: prob must hold probabilities in [0, 1], got values from 0.5 to 1.5 (for scores (logits), use binary_cross_entropy_with_logits or BCEWithLogitsLoss)
    """
    prob = _as_prediction(prob, "prob")
    _check_probabilities(prob, "prob")
    target = _as_binary_target(target, prob, "prob")
    eps = _EPS[prob.dtype]
    p = np.clip(prob, eps, 1 - eps)
    return float(-np.mean(target * np.log(p) + (1 - target) * np.log1p(-p)))


def binary_cross_entropy_grad(prob: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`binary_cross_entropy`: ``(p - t) / (p (1 - p)) / n``.

    Evaluated at the clipped probability ``p``; ``n`` is the number of elements.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of class 1.
    target : array_like
        Targets in [0, 1], same shape.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``prob``.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty or holds NaN/inf, ``prob``
        holds values outside [0, 1] (probabilities; logits belong to
        :func:`binary_cross_entropy_with_logits`), or the target is outside [0, 1].

    Examples
    --------
    >>> binary_cross_entropy_grad(np.array([0.5, 0.5]), np.array([0, 1]))
    array([ 1., -1.])
    """
    prob = _as_prediction(prob, "prob")
    _check_probabilities(prob, "prob")
    target = _as_binary_target(target, prob, "prob")
    eps = _EPS[prob.dtype]
    p = np.clip(prob, eps, 1 - eps)
    return (p - target) / (p * (1 - p)) * (1 / prob.size)


def binary_cross_entropy_with_logits(logits: Any, target: Any) -> float:
    """Binary cross-entropy of ``sigmoid(logits)``, computed stably from the logits.

    Uses ``-t log s(z) - (1 - t) log(1 - s(z)) = softplus(z) - t z`` with
    ``softplus(z) = max(z, 0) + log(1 + exp(-|z|))``: no overflow, no clipping,
    finite for any finite logit. The mean is over all elements.

    Parameters
    ----------
    logits : array_like
        Scores ``z`` (before the sigmoid).
    target : array_like
        Targets in [0, 1], same shape.

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty or holds NaN/inf, or the
        target is outside [0, 1].

    Examples
    --------
    >>> binary_cross_entropy_with_logits([1e4, -1e4], [1, 0])
    0.0
    """
    logits = _as_prediction(logits, "logits")
    target = _as_binary_target(target, logits, "logits")
    softplus = np.maximum(logits, 0) + np.log1p(_exp_or_zero(-np.abs(logits)))
    return _mean(softplus - target * logits, "binary cross-entropy")  # each term is at most |z| + log 2


def binary_cross_entropy_with_logits_grad(logits: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`binary_cross_entropy_with_logits`: ``(sigmoid(z) - t) / n``.

    Parameters
    ----------
    logits : array_like
        Scores ``z``.
    target : array_like
        Targets in [0, 1], same shape.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``logits``.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If the shapes differ, an input is empty or holds NaN/inf, or the
        target is outside [0, 1].

    Examples
    --------
    >>> binary_cross_entropy_with_logits_grad(np.array([0.0, 0.0]), np.array([0, 1]))
    array([ 0.25, -0.25])
    """
    from .activations import sigmoid

    logits = _as_prediction(logits, "logits")
    target = _as_binary_target(target, logits, "logits")
    return (np.asarray(sigmoid(logits)) - target) * (1 / logits.size)


# ------------------------------------------------- categorical cross-entropy


def cross_entropy(probs: Any, target: Any) -> float:
    """Categorical cross-entropy of probabilities, ``-mean_i sum_k t_ik log p_ik``.

    Probabilities are clipped below at ``eps`` (see :func:`probability_clip`).
    Summed over classes, averaged over samples.

    Parameters
    ----------
    probs : array_like
        Predicted probabilities, shape ``(n_samples, n_classes)``, rows summing to 1.
    target : array_like
        Integer labels of shape ``(n_samples,)`` or one-hot rows of shape
        ``(n_samples, n_classes)``.

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric or labels are not integers.
    ValueError
        If shapes do not match, an input is empty or holds NaN/inf, ``probs``
        holds values outside [0, 1] or a row that does not sum to 1 (to within
        :data:`ROW_SUM_TOLERANCE`; logits belong to
        :func:`softmax_cross_entropy`), a label is out of range or fractional,
        or a one-hot row holds values outside [0, 1].

    Examples
    --------
    >>> round(cross_entropy([[0.25, 0.75]], [1]), 6)  # -log 0.75
    0.287682
    >>> cross_entropy([[0.5, 2.5]], [1])
    Traceback (most recent call last):
    ...
    ValueError: probs must hold probabilities in [0, 1], got values from 0.5 to 2.5 (for scores (logits), use softmax_cross_entropy or CrossEntropyLoss)
    """
    probs = _as_prediction(probs, "probs")
    target = _as_class_target(target, probs, "probs")
    _check_probabilities(probs, "probs", rows=True)
    eps = _EPS[probs.dtype]
    if target.ndim == 1:
        picked = probs[np.arange(len(target)), target]
        return float(-np.mean(np.log(np.clip(picked, eps, 1))))
    return float(-np.sum(target * np.log(np.clip(probs, eps, 1))) / len(probs))


def cross_entropy_grad(probs: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`cross_entropy` w.r.t. the probabilities: ``-t / p / n``.

    Evaluated at the clipped probabilities; ``n`` is the number of samples.

    Parameters
    ----------
    probs : array_like
        Predicted probabilities, shape ``(n_samples, n_classes)``.
    target : array_like
        Integer labels ``(n_samples,)`` or one-hot rows.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``probs``.

    Raises
    ------
    TypeError
        If an input is not numeric or labels are not integers.
    ValueError
        If shapes do not match, an input is empty or holds NaN/inf, ``probs``
        holds values outside [0, 1] or a row that does not sum to 1 (to within
        :data:`ROW_SUM_TOLERANCE`; logits belong to
        :func:`softmax_cross_entropy`), a label is out of range or fractional,
        or a one-hot row holds values outside [0, 1].

    Examples
    --------
    >>> cross_entropy_grad(np.array([[0.5, 0.5]]), np.array([[0.5, 0.5]]))
    array([[-1., -1.]])
    """
    probs = _as_prediction(probs, "probs")
    target = _one_hot_like(_as_class_target(target, probs, "probs"), probs)
    _check_probabilities(probs, "probs", rows=True)
    eps = _EPS[probs.dtype]
    return -target / np.clip(probs, eps, 1) * (1 / len(probs))


def softmax_cross_entropy(logits: Any, target: Any) -> float:
    """Cross-entropy of ``softmax(logits)``, computed stably with log-sum-exp.

    ``-log softmax(z)_y = logsumexp(z) - z_y``, and ``logsumexp(z) = m +
    log sum exp(z - m)`` with ``m = max z``: every exponent is <= 0 (nothing
    overflows) and the sum is >= 1 (its logarithm is finite), so the loss is
    finite for any finite logits. Averaged over samples.

    Parameters
    ----------
    logits : array_like
        Scores, shape ``(n_samples, n_classes)``.
    target : array_like
        Integer labels ``(n_samples,)`` or one-hot rows ``(n_samples, n_classes)``.

    Returns
    -------
    float
        The loss.

    Raises
    ------
    TypeError
        If an input is not numeric or labels are not integers.
    ValueError
        If shapes do not match, an input is empty or holds NaN/inf, a label is
        out of range or fractional, a one-hot row holds values outside [0, 1],
        or the logits of a sample span more than the largest float (their
        differences overflow: :class:`LossOverflowError`).

    Examples
    --------
    >>> softmax_cross_entropy([[1e4, -1e4]], [0])
    0.0
    """
    logits = _as_prediction(logits, "logits")
    target = _as_class_target(target, logits, "logits")
    shifted = logits - logits.max(axis=1, keepdims=True)  # z - m
    log_sum = np.log(_exp_or_zero(shifted).sum(axis=1, keepdims=True))  # logsumexp(z) - m
    if target.ndim == 1:
        return float(np.mean(log_sum[:, 0] - shifted[np.arange(len(target)), target]))
    return float(np.sum(target * (log_sum - shifted)) / len(shifted))


def softmax_cross_entropy_grad(logits: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`softmax_cross_entropy` w.r.t. the logits: ``(softmax(z) - t) / n``.

    The chain rule through the softmax's Jacobian simplifies to the
    probabilities minus the one-hot target (chapter 7), divided by the number
    of samples ``n``. The softmax is :func:`mlcourse.activations.softmax`.

    Parameters
    ----------
    logits : array_like
        Scores, shape ``(n_samples, n_classes)``.
    target : array_like
        Integer labels or one-hot rows.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``logits``.

    Raises
    ------
    TypeError
        If an input is not numeric or labels are not integers.
    ValueError
        If shapes do not match, an input is empty or holds NaN/inf, a label is
        out of range or fractional, a one-hot row holds values outside [0, 1],
        or the logits of a sample span more than the largest float (their
        differences overflow: :class:`LossOverflowError`).

    Examples
    --------
    >>> softmax_cross_entropy_grad(np.array([[0.0, 0.0]]), np.array([0]))
    array([[-0.5,  0.5]])
    """
    logits = _as_prediction(logits, "logits")
    target = _as_class_target(target, logits, "logits")
    grad = softmax(logits)
    if target.ndim == 1:
        grad[np.arange(len(target)), target] -= 1  # p - y with y the one-hot row of the label
    else:
        grad -= target
    grad *= 1 / len(grad)
    return grad


# --------------------------------------------------------------- loss objects


def _snapshot(value: Any) -> np.ndarray:
    """A copy of a loss's (already checked) input, for ``backward()``: changing the caller's array in
    place after the call does not change the gradient. The same dtype as ``np.asarray(value)``, so
    ``backward()`` computes the same numbers as the gradient function on the original input."""
    return np.array(value, copy=True)


class Loss:
    """Base class of the loss objects.

    ``loss_fn(pred, target)`` returns the loss as a Python float and caches
    what ``loss_fn.backward()`` needs; ``backward()`` returns dLoss/dpred with
    the shape and dtype of ``pred``.

    A call checks its inputs as the loss's function does, and raises the same
    ``TypeError``/``ValueError`` (see the function's Raises section);
    ``backward()`` before any call raises ``RuntimeError``, and so does
    ``backward()`` after a call that raised: every call first forgets the
    previous one (a subclass's ``__call__`` is wrapped to do so, see
    ``__init_subclass__``). ``backward()`` returns the
    gradient at the inputs as they were at the call, also when the caller
    changes those arrays in place afterwards.
    """

    #: True for the cross-entropies (the training loop then reports accuracy).
    is_classification: bool = False
    #: The name of the loss in :func:`get_loss`.
    name: str = ""

    def __init__(self) -> None:
        self._cache: tuple[Any, ...] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Wrap the subclass's own ``__call__`` so that it first drops the previous call's cache:
        a call that raises then leaves nothing for ``backward()`` (rather than the gradient of
        an earlier call). The subclass's code, which the book shows, stays the algorithm alone."""
        super().__init_subclass__(**kwargs)
        call = cls.__dict__.get("__call__")
        if call is None or getattr(call, "_forgets_cache", False):
            return

        @functools.wraps(call)
        def forgetting_call(self: Loss, *args: Any, **kwargs: Any) -> float:
            self._cache = None
            return call(self, *args, **kwargs)

        forgetting_call._forgets_cache = True  # type: ignore[attr-defined]
        cls.__call__ = forgetting_call  # type: ignore[method-assign]

    def __call__(self, pred: Any, target: Any) -> float:
        raise NotImplementedError  # pragma: no cover - abstract

    def backward(self) -> np.ndarray:
        """Return dLoss/dpred for the last call."""
        raise NotImplementedError  # pragma: no cover - abstract

    def _cached(self) -> tuple[Any, ...]:
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() called before the loss was computed: "
                "call loss_fn(pred, target) first"
            )
        return self._cache

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error over all elements; see :func:`mse`.

    Examples
    --------
    >>> loss_fn = MSELoss()
    >>> loss_fn(np.array([3.0, 0.0]), np.array([1.0, 0.0]))
    2.0
    >>> loss_fn.backward()
    array([2., 0.])
    """

    name = "mse"

    def __call__(self, pred: Any, target: Any) -> float:
        pred = _as_prediction(pred)
        target = _as_matching_target(target, pred)
        diff = pred - target
        self._cache = (diff,)
        return float(np.mean(diff * diff))

    def backward(self) -> np.ndarray:
        (diff,) = self._cached()
        return diff * (2 / diff.size)


class MAELoss(Loss):
    """Mean absolute error over all elements; see :func:`mae`.

    Examples
    --------
    >>> loss_fn = MAELoss()
    >>> loss_fn(np.array([3.0, 0.0]), np.array([1.0, 1.0]))
    1.5
    >>> loss_fn.backward()
    array([ 0.5, -0.5])
    """

    name = "mae"

    def __call__(self, pred: Any, target: Any) -> float:
        pred = _as_prediction(pred)
        target = _as_target_like(target, pred)
        value = _mean_absolute_error(pred, target)
        with np.errstate(over="ignore"):  # a residual beyond the largest float keeps its sign
            self._cache = (np.sign(pred - target),)
        return value

    def backward(self) -> np.ndarray:
        (sign,) = self._cached()
        return sign * (1 / sign.size)


class BCELoss(Loss):
    """Binary cross-entropy of probabilities (after a sigmoid); see :func:`binary_cross_entropy`.

    Examples
    --------
    >>> loss_fn = BCELoss()
    >>> round(loss_fn(np.array([0.5, 0.5]), np.array([0, 1])), 6)
    0.693147
    >>> loss_fn.backward()
    array([ 1., -1.])
    """

    is_classification = True
    name = "bce"

    def __call__(self, prob: Any, target: Any) -> float:
        value = binary_cross_entropy(prob, target)
        self._cache = (_snapshot(prob), _snapshot(target))
        return value

    def backward(self) -> np.ndarray:
        prob, target = self._cached()
        return binary_cross_entropy_grad(prob, target)


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy of ``sigmoid(logits)``, stable; see :func:`binary_cross_entropy_with_logits`.

    Examples
    --------
    >>> loss_fn = BCEWithLogitsLoss()
    >>> loss_fn(np.array([1e4, -1e4]), np.array([1, 0]))
    0.0
    >>> loss_fn.backward()
    array([0., 0.])
    """

    is_classification = True
    name = "bce_logits"

    def __call__(self, logits: Any, target: Any) -> float:
        value = binary_cross_entropy_with_logits(logits, target)
        self._cache = (_snapshot(logits), _snapshot(target))
        return value

    def backward(self) -> np.ndarray:
        logits, target = self._cached()
        return binary_cross_entropy_with_logits_grad(logits, target)


class CrossEntropyLoss(Loss):
    """Softmax cross-entropy on LOGITS, like ``torch.nn.CrossEntropyLoss``.

    The network's last layer is a plain ``Linear`` (no softmax); the loss
    applies the softmax itself, stably. Targets are integer labels or one-hot
    rows. See :func:`softmax_cross_entropy`.

    Examples
    --------
    >>> loss_fn = CrossEntropyLoss()
    >>> round(loss_fn(np.array([[0.0, 0.0]]), np.array([0])), 6)
    0.693147
    >>> loss_fn.backward()
    array([[-0.5,  0.5]])
    """

    is_classification = True
    name = "cross_entropy"

    def __call__(self, logits: Any, target: Any) -> float:
        # softmax_cross_entropy, keeping the exponentials for backward(): the same numbers, once
        if not _usual_logits_and_labels(logits, target):  # else the full checks, which name the fault
            logits = _as_prediction(logits, "logits")
            target = _as_class_target(target, logits, "logits")
        shifted = logits - _row_max(logits)  # z - m
        exp = _exp_or_zero(shifted)
        sums = exp.sum(axis=1, keepdims=True)
        log_sum = np.log(sums)  # logsumexp(z) - m
        if target.ndim == 1:
            losses = log_sum[:, 0] - shifted[np.arange(len(target)), target]
            value = float(np.add.reduce(losses) / losses.dtype.type(len(losses)))  # np.mean's number, less overhead
        else:
            value = float(np.sum(target * (log_sum - shifted)) / len(shifted))
        self._cache = (exp, sums, target)
        return value

    def backward(self) -> np.ndarray:
        """``(softmax(z) - t) / n``, as :func:`softmax_cross_entropy_grad` (bit for bit), from the cached exponentials."""
        exp, sums, target = self._cached()
        grad = exp / sums  # softmax(z)
        if target.ndim == 1:
            grad[np.arange(len(target)), target] -= 1
        else:
            grad -= target
        grad *= 1 / len(grad)
        return grad


class CategoricalCrossEntropyLoss(Loss):
    """Categorical cross-entropy on PROBABILITIES (after a ``Softmax`` layer); see :func:`cross_entropy`.

    Prefer :class:`CrossEntropyLoss` on logits: it is more stable and its
    gradient is simply ``(softmax - one_hot) / n``.

    Examples
    --------
    >>> loss_fn = CategoricalCrossEntropyLoss()
    >>> round(loss_fn(np.array([[0.25, 0.75]]), np.array([1])), 6)
    0.287682
    """

    is_classification = True
    name = "categorical_cross_entropy"

    def __call__(self, probs: Any, target: Any) -> float:
        value = cross_entropy(probs, target)
        self._cache = (_snapshot(probs), _snapshot(target))
        return value

    def backward(self) -> np.ndarray:
        probs, target = self._cached()
        return cross_entropy_grad(probs, target)


#: Loss classes by name, for :func:`get_loss`.
LOSSES: dict[str, type[Loss]] = {
    "mse": MSELoss,
    "mae": MAELoss,
    "bce": BCELoss,
    "bce_logits": BCEWithLogitsLoss,
    "cross_entropy": CrossEntropyLoss,
    "categorical_cross_entropy": CategoricalCrossEntropyLoss,
}


def get_loss(name: str) -> Loss:
    """Return a new loss object by name.

    Parameters
    ----------
    name : str
        ``"mse"``, ``"mae"``, ``"bce"``, ``"bce_logits"``, ``"cross_entropy"``
        (softmax on logits) or ``"categorical_cross_entropy"`` (probabilities);
        case-insensitive.

    Returns
    -------
    Loss
        A fresh instance, e.g. ``MSELoss()``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If the name is unknown; the message lists the valid names.

    Examples
    --------
    >>> get_loss("cross_entropy")
    CrossEntropyLoss()
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a loss name (str) such as 'mse', got {describe(name)}")
    key = name.lower()
    if key not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; valid names: {', '.join(LOSSES)}")
    return LOSSES[key]()


def as_loss(loss: Any) -> Loss:
    """Return a loss object: ``loss`` itself if it is one, else the loss it names.

    What :func:`mlcourse.train.fit` and :func:`mlcourse.train.train_step`
    accept as their ``loss``: an object with ``loss(pred, target)`` and
    ``loss.backward()`` (e.g. ``MSELoss()``), or a name for :func:`get_loss`.

    Parameters
    ----------
    loss : Loss or str
        A loss object or a loss name.

    Returns
    -------
    Loss
        The object given, or a new one for a name.

    Raises
    ------
    TypeError
        If ``loss`` is a loss class rather than an object (``MSELoss``
        instead of ``MSELoss()``), or neither a loss object nor a name.
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> as_loss("mse")
    MSELoss()
    >>> as_loss(MAELoss())
    MAELoss()
    >>> as_loss(MSELoss)
    Traceback (most recent call last):
    ...
    TypeError: loss must be a loss object, got the class MSELoss: call it, losses.MSELoss()
    """
    if isinstance(loss, str):
        return get_loss(loss)
    if isinstance(loss, type):
        raise TypeError(f"loss must be a loss object, got the class {loss.__name__}: call it, losses.{loss.__name__}()")
    if not (callable(loss) and callable(getattr(loss, "backward", None))):
        raise TypeError(f"loss must be a loss object (e.g. losses.MSELoss()) or its name, got {describe(loss)}")
    return loss
