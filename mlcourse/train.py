"""The training loop: ``fit`` a network with an optimizer, and ``evaluate`` it.

One training step is the sequence every chapter teaches, :func:`train_step`:
zero the gradients, forward pass, loss, backward pass, update.
:func:`fit` repeats it over batches and epochs and adds what a practitioner
needs around it: validation, L1/L2 penalties, gradient clipping, early
stopping, a record of the gradients and weights, and a safe stop when the
training diverges.
"""

from __future__ import annotations

import inspect
import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from . import losses
from ._validation import (
    all_finite,
    as_float_array,
    as_rng,
    check_bool,
    check_int,
    check_positive,
    check_same_length,
    describe,
)
from .nn import BatchNorm1d, Module, Parameter, evaluating
from .optim import Optimizer, clip_grad_norm, clip_grad_value

__all__ = ["History", "EarlyStopping", "train_step", "add_penalty_gradients", "fit", "evaluate", "TrainingDiverged"]


class TrainingDiverged(RuntimeWarning):
    """Warned when the loss stops being finite: training was stopped there.

    Also importable as ``mlcourse.models.TrainingDiverged``.
    """


@dataclass
class History:
    """What happened during :func:`fit`, epoch by epoch.

    Epochs are counted from 1. Every per-epoch list has one entry per
    completed epoch (``epochs_run`` entries). :func:`fit` fills the fields
    below (all are attributes of the same name).

    Parameters
    ----------
    train_loss : list of float
        Mean loss over the epoch's training steps, weighted by batch size
        (the average per-sample loss seen during the epoch while the weights
        were changing), penalty included. :func:`evaluate` gives the loss of
        the final weights instead.
    val_loss : list of float
        Loss on ``validation_data`` at the end of each epoch, in evaluation
        mode (dropout off), without the L1/L2 penalty.
    train_accuracy : list of float
        Fraction of training samples classified correctly during the epoch
        (classification losses only).
    val_accuracy : list of float
        Accuracy on ``validation_data`` at the end of each epoch.
    train_penalty : list of float
        The L1/L2 penalty part of ``train_loss`` (0 without penalties).
    step_losses : list of float
        Loss of every update (penalty included), in order.
    epochs_run : int
        Completed epochs.
    diverged_at : int or None
        The epoch in which the loss, a gradient or the parameters stopped
        being finite. That epoch is not recorded in the per-epoch lists; a
        non-finite loss or gradient stops training before its update.
    diverged_step : int or None
        The (1-based) update at which that happened, counted over all epochs
        (usually ``len(step_losses) + 1``).
    stopped_early_at : int or None
        The epoch after which early stopping (or a callback) ended training.
    best_epoch : int or None
        The epoch with the lowest ``val_loss`` (``train_loss`` without
        validation data); with early stopping, its best epoch (the weights it
        restores).
    grad_norms : list of dict of str to float
        With ``record_grad_norms=True``: per epoch, the L2 norm of each
        parameter's gradient (keys such as ``"0.W"``), averaged over the
        epoch's steps and taken before clipping.
    weights_snapshots : list of dict of str to numpy.ndarray
        With ``record_weights=True``: copies of every parameter before
        training (index 0) and after each epoch (index ``epoch``).
    lr : list of float
        The learning rate of the epoch's updates (``optimizer.lr`` when the
        epoch began): constant, unless a ``scheduler`` (or a callback)
        changes it between epochs.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    train_penalty: list[float] = field(default_factory=list)
    step_losses: list[float] = field(default_factory=list)
    epochs_run: int = 0
    diverged_at: int | None = None
    diverged_step: int | None = None
    stopped_early_at: int | None = None
    best_epoch: int | None = None
    grad_norms: list[dict[str, float]] = field(default_factory=list)
    weights_snapshots: list[dict[str, np.ndarray]] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)


class EarlyStopping:
    """Stop training when the validation loss has not improved for ``patience`` epochs.

    An epoch improves on the best so far when its validation loss is lower
    than the best by more than ``min_delta``.

    Parameters
    ----------
    patience : int, default 5
        Epochs without improvement tolerated before stopping (>= 1).
    min_delta : float, default 0
        Smallest decrease that counts as an improvement (>= 0).
    restore_best : bool, default True
        When training ends (stopped early or not), put back the weights (and
        batch-norm statistics) of the best epoch.

    Raises
    ------
    TypeError
        If ``patience`` is not an integer, ``min_delta`` not a number or
        ``restore_best`` not a bool.
    ValueError
        If ``patience`` is below 1 or ``min_delta`` negative or not finite.

    Examples
    --------
    >>> stopper = EarlyStopping(patience=2)
    >>> [stopper.should_stop(loss) for loss in [1.0, 0.8, 0.9, 0.85]]
    [False, False, False, True]
    >>> stopper.best_epoch
    2
    """

    def __init__(self, patience: int = 5, min_delta: float = 0.0, restore_best: bool = True) -> None:
        self.patience = check_int(patience, "patience", minimum=1)
        self.min_delta = check_positive(min_delta, "min_delta", allow_zero=True)
        self.restore_best = check_bool(restore_best, "restore_best")
        self.reset()

    def reset(self) -> None:
        """Forget the losses seen so far (called at the start of :func:`fit`)."""
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self.best_state: Any = None
        self.epochs_without_improvement = 0
        self._epoch = 0

    def should_stop(self, val_loss: float, model: Module | None = None) -> bool:
        """Record one epoch's validation loss; return True when training should stop.

        Parameters
        ----------
        val_loss : float
            This epoch's validation loss.
        model : Module, optional
            Its weights are copied when the loss improves and
            ``restore_best`` is set.

        Returns
        -------
        bool

        Raises
        ------
        TypeError
            If ``val_loss`` is not a real number or ``model`` not a Module.
        ValueError
            If ``val_loss`` is NaN (``inf`` is accepted: it never improves).
        """
        if isinstance(val_loss, (bool, np.bool_)) or not isinstance(val_loss, (int, float, np.integer, np.floating)):
            raise TypeError(f"val_loss must be a real number, got {describe(val_loss)}")
        try:
            number = float(val_loss)
        except OverflowError:  # an int beyond the float range: larger than any loss, it never improves
            val_loss = number = math.inf
        if math.isnan(number):
            raise ValueError(f"val_loss must be a number, got {val_loss!r}")
        if model is not None:
            _check_model(model)
        self._epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self._epoch
            self.epochs_without_improvement = 0
            if self.restore_best and model is not None:
                self.best_state = _copy_state(model)
            return False
        self.epochs_without_improvement += 1
        return self.epochs_without_improvement >= self.patience

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta:g}, restore_best={self.restore_best})"
        )


def _copy_state(model: Module) -> dict[str, np.ndarray]:
    if hasattr(model, "state_dict"):
        return model.state_dict()
    return {str(i): p.data.copy() for i, p in enumerate(model.parameters())}


def _load_state(model: Module, state: dict[str, np.ndarray]) -> None:
    if hasattr(model, "load_state_dict"):
        model.load_state_dict(state)
    else:
        for i, param in enumerate(model.parameters()):
            param.data[...] = state[str(i)]


def _is_finite(state: dict[str, np.ndarray]) -> bool:
    return all(np.isfinite(array).all() for array in state.values())


def _named_parameters(model: Module) -> list[tuple[str, Parameter]]:
    if hasattr(model, "named_parameters"):
        return list(model.named_parameters())
    return [(f"{i}.{p.name}" if p.name else str(i), p) for i, p in enumerate(model.parameters())]


def _check_model(model: Any) -> Module:
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module (e.g. nn.Sequential(...)), got {describe(model)}")
    return model


def _check_optimizer(optimizer: Any, model: Module) -> Optimizer:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            "optimizer must be an mlcourse.optim.Optimizer, e.g. optim.SGD(model.parameters(), lr=0.1), "
            f"got {describe(optimizer)}"
        )
    if isinstance(model, _WithoutInputGradient) and optimizer is model.optimizer:
        return optimizer  # fit's step: fit checked this pair before training
    owned = {id(p) for p in model.parameters()}
    foreign = sum(id(p) not in owned for p in optimizer.params)
    if foreign:
        raise ValueError(
            f"the optimizer holds {foreign} parameter(s) that do not belong to the model: build it "
            "from this model's parameters(), e.g. optim.SGD(model.parameters(), lr=0.1)"
        )
    return optimizer


def _check_data(X: Any, y: Any, names: tuple[str, str], model: Module | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``X`` (2-D, finite; as wide as ``model`` expects) and ``y`` (1-D or 2-D numbers) of the same length."""
    if isinstance(model, _WithoutInputGradient):
        return X, y  # fit's step: a batch of the data fit checked as a whole
    if isinstance(X, np.matrix):  # a subclass whose products stay matrices: use the plain array
        X = np.asarray(X)
    X = as_float_array(X, names[0], ndim=2, allow_nonfinite=True)
    if not all_finite(X):
        X = as_float_array(X, names[0], ndim=2)  # raises, naming the count of NaN/inf
    if model is not None and hasattr(model, "output_features"):
        try:  # the layers' own check of the width, without a forward pass
            model.output_features(X.shape[1])
        except ValueError as error:
            raise ValueError(f"{names[0]} of shape {X.shape} does not suit the model: {error}") from error
    if y is None:
        raise TypeError(f"{names[1]} must be array-like targets, got None")
    try:
        y = np.asarray(y)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{names[1]} must be array-like numbers, got {describe(y)}") from error
    if y.ndim not in (1, 2):
        raise ValueError(f"{names[1]} must be 1-D or 2-D, got shape {y.shape}")
    if y.dtype.kind == "f":
        y = as_float_array(y, names[1])
    elif y.dtype.kind not in "iub":
        raise TypeError(f"{names[1]} must hold numbers, got {describe(y)}")
    check_same_length(X, y, names[0], names[1])
    return X, y


def _class_indices(y: np.ndarray) -> np.ndarray:
    """Integer class of every sample, from labels, 0/1 targets or one-hot rows."""
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return np.rint(y.reshape(-1)).astype(np.int64)


def _decision_threshold(loss_fn: Any) -> float:
    """Where a single-column output splits class 0 from class 1: 0 for logits, 0.5 for probabilities."""
    return 0.0 if isinstance(loss_fn, losses.BCEWithLogitsLoss) else 0.5


def _predicted_classes(output: np.ndarray, threshold: float) -> np.ndarray:
    if output.ndim == 2 and output.shape[1] > 1:
        return output.argmax(axis=1)
    return (output.reshape(-1) >= threshold).astype(np.int64)


def _nonfinite_output_error(model: Module, output: np.ndarray, name: str = "X") -> Exception:
    """The error for a network whose output on finite ``name`` holds NaN/inf (called once the output failed).

    ``RuntimeError`` when the parameters themselves hold NaN/inf (a model in
    a broken state), else ``ValueError``: the values overflowed on the way.
    """
    bad = int(output.size - np.count_nonzero(np.isfinite(output)))
    broken = [p for p in model.parameters() if not np.isfinite(p.data).all()]
    if broken:
        return RuntimeError(
            f"the model's parameters hold NaN or inf ({len(broken)} parameter array(s)), so its output on "
            f"{name} holds {bad} NaN/inf value(s): training diverged; re-initialize the model or load "
            "finite weights (load_state_dict)"
        )
    largest = max((float(np.abs(p.data).max()) for p in model.parameters() if p.data.size), default=0.0)
    return ValueError(
        f"the model's output on {name} holds {bad} NaN/inf value(s) although {name} and the parameters are "
        f"finite: the values overflowed (largest |parameter| {largest:.3g}); scale {name} down, or the "
        "weights have grown too large (lower the learning rate)"
    )


def _check_output(model: Module, output: np.ndarray, name: str = "X") -> np.ndarray:
    """Return ``output`` if it is finite, else raise :func:`_nonfinite_output_error`."""
    if not isinstance(model, _WithoutInputGradient) and not all_finite(output):  # (fit's wrapper checked it)
        raise _nonfinite_output_error(model, output, name)
    return output


def _check_targets(model: Module, loss_fn: Any, X: np.ndarray, y: np.ndarray, names: tuple[str, str]) -> None:
    """Check, before any update, that the loss accepts ``y`` against the model's output for ``X``.

    The model sees only the first row of ``X`` (in evaluation mode: no
    dropout draw, no batch-norm statistics update), which gives the shape
    and dtype of its output; the loss then gets ``y`` with a valid stand-in
    prediction of that shape (rows ``(1, 0, ..., 0)``: logits, and
    probabilities summing to 1). Labels out of range, one-hot rows of the
    wrong width or targets of the wrong shape are refused here, before
    training, rather than in the middle of an epoch.
    """
    with evaluating(model), np.errstate(all="ignore"):
        row = np.asarray(model(X[:1]))
    stand_in = np.zeros((len(y),) + row.shape[1:], dtype=row.dtype if row.dtype.kind == "f" else np.float64)
    if stand_in.ndim >= 2:
        stand_in[:, 0] = 1
    else:
        stand_in[:] = 1
    try:
        with np.errstate(all="ignore"):
            loss_fn(stand_in, y)
    except (TypeError, ValueError) as error:
        message = (
            f"{names[1]} does not suit {loss_fn!r} for a model whose output has shape "
            f"(n_samples{''.join(f', {d}' for d in row.shape[1:])}): {error}"
        )
        raise (ValueError if isinstance(error, ValueError) else TypeError)(message) from error


def evaluate(model: Module, loss: Any, X: Any, y: Any, *, batch_size: int | None = None) -> tuple[float, float | None]:
    """Loss (and accuracy) of the current weights on ``(X, y)``, in evaluation mode.

    Dropout is switched off and batch normalization uses its running
    statistics; the model's previous mode is restored afterwards. No
    gradient is computed and no L1/L2 penalty is added.

    Parameters
    ----------
    model : Module
        The network.
    loss : loss object or str
        As in :func:`fit`.
    X : array_like of shape (n_samples, n_features)
        Inputs.
    y : array_like
        Targets in the form the loss expects.
    batch_size : int, optional
        Evaluate in chunks of this many rows (to save memory); the result is
        the same mean.

    Returns
    -------
    loss : float
        Mean loss over the samples.
    accuracy : float or None
        Fraction classified correctly, for classification losses; else None.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, ``X`` is empty or holds NaN/inf,
        ``y`` does not suit the loss, ``batch_size`` is below 1, or the
        output overflows to NaN/inf although the parameters are finite (or
        is too large for the loss: :class:`~mlcourse.losses.LossOverflowError`).
    TypeError
        If ``model`` or ``loss`` is of the wrong kind, or ``X``/``y`` are not
        numeric.
    RuntimeError
        If the model's parameters hold NaN/inf (a diverged model).
    """
    model = _check_model(model)
    loss_fn = losses.as_loss(loss)
    X, y = _check_data(X, y, ("X", "y"), model)
    size = None if batch_size is None else check_int(batch_size, "batch_size", minimum=1)
    return _evaluate(model, loss_fn, X, y, size, ("X", "y"))


def _evaluate(
    model: Module,
    loss_fn: Any,
    X: np.ndarray,
    y: np.ndarray,
    batch_size: int | None,
    names: tuple[str, str],
    *,
    nonfinite_loss: float | None = None,
) -> tuple[float, float | None]:
    """:func:`evaluate` on checked arguments; with ``nonfinite_loss``, an output holding NaN/inf, or one
    too large for the loss (:class:`~mlcourse.losses.LossOverflowError`), gives that loss (fit's
    validation) instead of an error."""
    n_samples = len(X)
    size = n_samples if batch_size is None else batch_size
    classification = loss_fn.is_classification
    with evaluating(model):
        total, correct = 0.0, 0
        threshold = _decision_threshold(loss_fn)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, n_samples, size):
                output, target = model(X[start : start + size]), y[start : start + size]
                finite = all_finite(output)
                if not finite and nonfinite_loss is None:  # the losses refuse NaN/inf predictions
                    raise _nonfinite_output_error(model, output, names[0])
                try:
                    loss = _loss_on(loss_fn, output, target, names[1]) if finite else nonfinite_loss
                except losses.LossOverflowError:  # finite outputs, but too large for the loss
                    if nonfinite_loss is None:
                        raise
                    loss = nonfinite_loss
                total += loss * len(output)
                if classification:  # labels from targets the loss has accepted
                    correct += int(np.count_nonzero(_predicted_classes(output, threshold) == _class_indices(target)))
    return total / n_samples, (correct / n_samples if classification else None)


def _loss_on(loss_fn: Any, output: np.ndarray, target: np.ndarray, name: str) -> float:
    """``loss_fn(output, target)``, an error about the target naming the argument ``name``
    (a :class:`~mlcourse.losses.LossOverflowError` passes unchanged)."""
    try:
        return loss_fn(output, target)
    except losses.LossOverflowError:
        raise
    except (TypeError, ValueError) as error:
        message = f"{name} does not suit {loss_fn!r} and the model's output of shape {output.shape}: {error}"
        raise (ValueError if isinstance(error, ValueError) else TypeError)(message) from error


@np.errstate(over="ignore", invalid="ignore", divide="ignore")  # NaN/inf are refused, not warned about
def train_step(
    model: Module,
    loss: Any,
    optimizer: Optimizer,
    X: Any,
    y: Any,
    *,
    before_update: Callable[[float, np.ndarray], float] | None = None,
) -> float:
    """One step of gradient descent on the batch ``(X, y)``; return the batch's loss.

    The five lines every training loop repeats: zero the gradients, forward
    pass, loss, backward pass, update. :func:`fit` calls it once per batch.

    The backward pass computes the parameters' gradients only: when the
    model's ``backward`` takes ``input_grad`` (``Sequential``, ``Linear``,
    ``BatchNorm1d``), dLoss/dX, which training never uses, is skipped (for a
    first ``Linear`` layer, the largest matrix product of the backward pass).

    Parameters
    ----------
    model : Module
        The network (in training mode for dropout and batch norm to train).
    loss : loss object or str
        E.g. ``losses.MSELoss()`` or ``"mse"``.
    optimizer : Optimizer
        Built on ``model.parameters()``.
    X : array_like of shape (batch_size, n_features)
        The batch's inputs.
    y : array_like
        The batch's targets, as the loss expects them.
    before_update : callable, optional
        Called as ``before_update(loss_value, output)`` after the backward
        pass and before the update, when every ``p.grad`` is known; returns
        the loss value to report. :func:`fit` adds the L1/L2 penalty, checks
        for divergence and clips the gradients here.

    Returns
    -------
    float
        The mean loss of the batch, before the update.

    Raises
    ------
    TypeError
        If the model, loss or optimizer is of the wrong kind, ``X``/``y``
        are not numeric, or ``before_update`` is not callable.
    ValueError
        If ``X`` and ``y`` differ in length, ``X`` is empty or holds NaN/inf,
        ``y`` does not suit the loss, the optimizer holds parameters of
        another model, or the output overflows to NaN/inf (or is too large
        for the loss: :class:`~mlcourse.losses.LossOverflowError`).
    RuntimeError
        If the model's parameters hold NaN/inf (it diverged earlier).
        Nothing is updated when an error is raised.

    Examples
    --------
    >>> from mlcourse import losses, nn, optim
    >>> model = nn.Linear(1, 1, init="zeros")
    >>> X, y = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
    >>> optimizer = optim.SGD(model.parameters(), lr=0.1)
    >>> train_step(model, losses.MSELoss(), optimizer, X, y)   # mean of 2**2 and 4**2
    10.0
    >>> round(float(model.W.data[0, 0]), 12), round(float(model.b.data[0]), 12)  # minus lr times -10 and -6
    (1.0, 0.6)
    """
    model, loss = _check_model(model), losses.as_loss(loss)
    optimizer = _check_optimizer(optimizer, model)
    X, y = _check_data(X, y, ("X", "y"), model)
    _check_hook(before_update)
    model = _check_model_for_training(model)  # skips dLoss/dX, which training never uses
    optimizer.zero_grad()  # gradients add up (+=): start from zero
    output = model(X)  # forward pass (each layer caches what backward needs)
    _check_output(model, output)  # NaN/inf (diverged weights): refused before the loss
    value = loss(output, y)  # the batch's mean loss
    model.backward(loss.backward())  # backward pass: every p.grad = dLoss/dp
    if before_update is not None:  # (fit: L1/L2 penalty, divergence checks, clipping)
        value = _hook_value(before_update(value, output))
    optimizer.step()  # every parameter moves against its gradient
    return float(value)


def _check_hook(before_update: Any) -> None:
    if before_update is not None and not callable(before_update):
        raise TypeError(
            f"before_update must be callable as before_update(loss_value, output), got {describe(before_update)}"
        )


def _hook_value(value: Any) -> float:
    """The loss value returned by ``before_update``, checked to be a real number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"before_update must return the loss value (a real number), got {describe(value)}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(
            f"before_update must return the loss value, a finite real number, got {str(value)[:40]} "
            "(nothing was updated)"
        )
    return value


class _Diverged(Exception):
    """Raised inside an epoch to stop training at once; ``what`` is "loss", "gradient" or "parameters"."""

    def __init__(self, what: str, description: str) -> None:
        super().__init__(description)
        self.what, self.description = what, description


@dataclass
class _Setup:
    """Everything one epoch needs, checked once by ``fit``."""

    model: Module
    loss_fn: Any
    optimizer: Optimizer
    X: np.ndarray
    y: np.ndarray
    labels: np.ndarray | None
    threshold: float
    batch_size: int
    shuffle: bool
    generator: np.random.Generator
    l1: float
    l2: float
    weights: list[Parameter]
    clip_norm: float | None
    clip_value: float | None
    named: list[tuple[str, Parameter]]
    record_grad_norms: bool


def add_penalty_gradients(weights: Sequence[Parameter], l1: float = 0.0, l2: float = 0.0) -> float:
    """Add the gradient of the L1/L2 penalty to every weight's ``grad``; return the penalty.

    The penalty ``l1 * sum(|W|) + (l2 / 2) * sum(W**2)`` has the gradient
    ``l1 * sign(W) + l2 * W``. :func:`fit` calls this at every step, between
    the backward pass and the update, with the model's weight matrices
    (parameters named ``"W"``, never the biases).

    Parameters
    ----------
    weights : sequence of Parameter
        The penalized parameters.
    l1, l2 : float, default 0
        Penalty coefficients (>= 0).

    Returns
    -------
    float
        The penalty's value, to add to the data loss.

    Raises
    ------
    ValueError
        If a coefficient is negative or not finite, or a parameter's
        ``grad`` does not have the shape of its data.
    TypeError
        If ``weights`` is not a sequence of Parameters, a coefficient is not
        a number, or a parameter's ``grad`` is not an array (None).

    Examples
    --------
    >>> W = Parameter(np.array([2.0, -1.0]), "W")
    >>> W.grad[:] = 0.0
    >>> add_penalty_gradients([W], l1=0.5, l2=0.1)   # 0.5 * (2 + 1) + 0.1 / 2 * (4 + 1)
    1.75
    >>> W.grad                                       # 0.5 * sign(W) + 0.1 * W
    array([ 0.7, -0.6])
    """
    l1 = check_positive(l1, "l1", allow_zero=True)
    l2 = check_positive(l2, "l2", allow_zero=True)
    value = 0.0
    for weight in _check_parameters(weights, "weights"):
        data = weight.data
        if l2:
            value += 0.5 * l2 * float(np.vdot(data, data))
            weight.grad += l2 * data
        if l1:
            value += l1 * float(np.abs(data).sum())
            weight.grad += l1 * np.sign(data)
    return value


def _check_parameters(weights: Any, name: str) -> list[Parameter]:
    """``weights`` as a list of Parameters whose ``grad`` is an array of their data's shape."""
    if isinstance(weights, (Parameter, np.ndarray, str)) or not hasattr(weights, "__iter__"):
        raise TypeError(f"{name} must be a sequence of mlcourse.nn.Parameter objects, got {describe(weights)}")
    weights = list(weights)
    for index, weight in enumerate(weights):
        if not isinstance(weight, Parameter):
            raise TypeError(
                f"{name} must hold mlcourse.nn.Parameter objects, got {describe(weight)} at {name}[{index}]"
            )
        grad = weight.grad
        if not isinstance(grad, np.ndarray) or grad.dtype.kind != "f":
            raise TypeError(
                f"{name}[{index}].grad must be a float array of shape {weight.data.shape}, got "
                f"{describe(grad)} (reset it with zero_grad() rather than setting it to None)"
            )
        if grad.shape != weight.data.shape:
            raise ValueError(
                f"{name}[{index}].grad must have the shape of its data {weight.data.shape}, got shape {grad.shape}"
            )
    return weights


def _grads_finite(params: list[Parameter], *, exact: bool = False) -> bool:
    """Whether every gradient is finite; unless ``exact``, a sum of squares that overflows counts as not finite.

    One BLAS reduction per parameter: NaN or inf anywhere makes the sum of
    squares non-finite, and so does a gradient norm beyond ~1e154 (float64),
    which without clipping means an update that has exploded.
    """
    if exact:
        return all(all_finite(p.grad) for p in params)
    return all(math.isfinite(float(np.vdot(p.grad, p.grad))) for p in params)


class _SkipInputGradient(Module):
    """The model as :func:`train_step` trains it: the same forward, and a backward that skips dLoss/d(input).

    Training needs only the parameters' gradients; for a first ``Linear``
    layer the gradient of the input is the largest matrix product of the
    backward pass, so it is skipped when the model's ``backward`` takes
    ``input_grad``.
    """

    def __init__(self, model: Module) -> None:
        self.model = model
        self.training = model.training
        self._backward = _backward_function(model)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.model(x)

    def backward(self, grad_out: np.ndarray) -> Any:
        return self._backward(grad_out)

    def children(self) -> Iterator[Module]:
        return iter((self.model,))


class _WithoutInputGradient(_SkipInputGradient):
    """The model as fit trains it with ``optimizer``: :class:`_SkipInputGradient`, whose forward also
    reports a non-finite output as divergence (before the loss, which refuses NaN/inf predictions).

    fit has checked the model, the optimizer and the whole data before training: :func:`train_step`
    does not check them again for every batch.
    """

    def __init__(self, model: Module, optimizer: Optimizer) -> None:
        super().__init__(model)
        self.optimizer = optimizer

    def forward(self, x: np.ndarray) -> np.ndarray:
        output = self.model(x)
        if not all_finite(output):
            raise _Diverged("loss", "the network's output became NaN or inf")
        return output


def _check_model_for_training(model: Module) -> Module:
    """``model`` (checked by :func:`_check_model`) with a backward that skips dLoss/d(input) when it can."""
    if isinstance(model, _SkipInputGradient) or not _takes_input_grad(model):
        return model
    return _SkipInputGradient(model)


class _BeforeUpdate:
    """fit's work between the backward pass and the update, for one batch at a time."""

    def __init__(self, setup: _Setup, norm_sums: dict[str, float]) -> None:
        self.setup, self.norm_sums, self.penalty = setup, norm_sums, 0.0

    def __call__(self, value: float, output: np.ndarray) -> float:
        setup = self.setup
        if not math.isfinite(value):
            raise _Diverged("loss", f"the loss became {value}")
        self.penalty = add_penalty_gradients(setup.weights, setup.l1, setup.l2) if setup.weights else 0.0
        value += self.penalty
        if not math.isfinite(value):
            raise _Diverged("loss", f"the L1/L2 penalty became {self.penalty}")
        params = setup.optimizer.params
        clipping = setup.clip_value is not None or setup.clip_norm is not None
        if not _grads_finite(params, exact=clipping):  # clipping tames huge finite gradients
            what = (
                "a gradient became NaN or inf"
                if not _grads_finite(params, exact=True)
                else "the sum of the squared gradients overflowed"
            )
            raise _Diverged("gradient", f"{what} (the loss was {value:.4g})")
        for name, param in setup.named if setup.record_grad_norms else ():
            self.norm_sums[name] += math.sqrt(float(np.vdot(param.grad, param.grad)))
        if setup.clip_value is not None:
            clip_grad_value(params, setup.clip_value)
        if setup.clip_norm is not None:
            clip_grad_norm(params, setup.clip_norm)
        self.output = output
        return value


def _run_epoch(setup: _Setup, history: History) -> tuple[float, float, float | None, dict[str, float]]:
    """One pass over the training data, a :func:`train_step` per batch; raises ``_Diverged`` before a bad update."""
    X, y, labels, size = setup.X, setup.y, setup.labels, setup.batch_size
    n_samples = len(X)
    if setup.shuffle and size < n_samples:
        # one gather per epoch, then the batches are views: far cheaper than a gather per batch
        order = setup.generator.permutation(n_samples)
        X, y = np.take(X, order, axis=0), np.take(y, order, axis=0)
        labels = labels[order] if labels is not None else None
    model = _WithoutInputGradient(setup.model, setup.optimizer)
    hook = _BeforeUpdate(setup, dict.fromkeys((name for name, _ in setup.named), 0.0))
    loss_sum = penalty_sum = 0.0
    correct, n_steps = 0, 0
    for start in range(0, n_samples, size):
        index = slice(start, start + size)
        try:
            value = train_step(model, setup.loss_fn, setup.optimizer, X[index], y[index], before_update=hook)
        except losses.LossOverflowError as error:  # finite outputs too large for the loss: divergence too
            raise _Diverged("loss", f"the loss overflowed: {error}") from error
        history.step_losses.append(value)
        n_batch = len(hook.output)
        loss_sum += value * n_batch
        penalty_sum += hook.penalty * n_batch
        n_steps += 1
        if labels is not None:
            correct += int(np.count_nonzero(_predicted_classes(hook.output, setup.threshold) == labels[index]))
    accuracy = correct / n_samples if labels is not None else None
    norms = {name: total / n_steps for name, total in hook.norm_sums.items()} if setup.record_grad_norms else {}
    return loss_sum / n_samples, penalty_sum / n_samples, accuracy, norms


def _check_validation(validation_data: Any, setup: _Setup) -> tuple[np.ndarray, np.ndarray] | None:
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError(f"validation_data must be a pair (X_val, y_val), got {describe(validation_data)}")
    X_val, y_val = _check_data(*validation_data, ("X_val", "y_val"), setup.model)
    if X_val.shape[1] != setup.X.shape[1]:
        raise ValueError(f"X_val must have the {setup.X.shape[1]} feature(s) of X, got shape {X_val.shape}")
    _check_targets(setup.model, setup.loss_fn, X_val, y_val, ("X_val", "y_val"))
    return X_val, y_val


def _check_callbacks(callbacks: Any) -> list[Callable[[int, History, Module], Any]]:
    """``callbacks`` as a list of functions that accept ``(epoch, history, model)``."""
    if callbacks is None:
        return []
    if isinstance(callbacks, EarlyStopping):
        raise TypeError("callbacks must be a list of functions; pass an EarlyStopping as early_stopping=...")
    if callable(callbacks):
        raise TypeError(
            f"callbacks must be a list of functions, got the single {describe(callbacks)}: "
            "wrap it in a list, callbacks=[...]"
        )
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(
            f"callbacks must be a list of functions callback(epoch, history, model), got {describe(callbacks)}"
        )
    for index, callback in enumerate(callbacks):
        hint = ": pass it as early_stopping=..." if isinstance(callback, EarlyStopping) else ""
        if not callable(callback):
            raise TypeError(
                f"callbacks[{index}] must be a function callback(epoch, history, model), got {describe(callback)}{hint}"
            )
        try:
            signature = inspect.signature(callback)
        except (TypeError, ValueError):  # some builtins have none: trust them
            continue
        try:
            signature.bind(1, History(), None)
        except TypeError:
            raise TypeError(
                f"callbacks[{index}] must accept three arguments (epoch, history, model), "
                f"got {getattr(callback, '__name__', type(callback).__name__)}{signature}"
            ) from None
    return list(callbacks)


def _stop_requested(index: int, returned: Any) -> bool:
    """Whether the value a callback returned asks to stop: ``TypeError`` for a value without one truth value."""
    try:
        return bool(returned)
    except (TypeError, ValueError) as error:  # an array of several values, ...
        raise TypeError(
            f"callbacks[{index}] must return True (stop), False or None, got {describe(returned)}"
        ) from error


def _check_early_stopping(early_stopping: Any, validation: Any) -> EarlyStopping | None:
    if early_stopping is None:
        return None
    if early_stopping is EarlyStopping:
        raise TypeError(
            "early_stopping must be an EarlyStopping object, got the class itself: "
            "call it, early_stopping=EarlyStopping(patience=5)"
        )
    if not isinstance(early_stopping, EarlyStopping):
        raise TypeError(f"early_stopping must be an EarlyStopping object, got {describe(early_stopping)}")
    if validation is None:
        raise ValueError("early_stopping monitors the validation loss: pass validation_data=(X_val, y_val)")
    return early_stopping


def _check_scheduler(scheduler: Any, optimizer: Optimizer) -> Any:
    """``scheduler`` if it has a callable ``step`` and schedules ``optimizer``, else ``TypeError``/``ValueError``."""
    if scheduler is None:
        return None
    example = "e.g. lr_scheduler.StepLR(optimizer, step_size=10)"
    if isinstance(scheduler, type):
        raise TypeError(
            f"scheduler must be a scheduler object, got the class {scheduler.__name__}: build it on the optimizer, "
            f"{example}"
        )
    if not callable(getattr(scheduler, "step", None)) or not hasattr(scheduler, "optimizer"):
        raise TypeError(
            f"scheduler must be a learning-rate scheduler with a step() method and an optimizer attribute "
            f"({example}), got {describe(scheduler)}"
        )
    if scheduler.optimizer is not optimizer:
        raise ValueError(
            f"scheduler must schedule the optimizer given to fit, got one built on another optimizer "
            f"({describe(scheduler.optimizer)}): build it on this optimizer, {example}"
        )
    return scheduler


def _optional_positive(value: Any, name: str) -> float | None:
    return None if value is None else check_positive(value, name)


@lru_cache(maxsize=256)
def _has_input_grad_parameter(backward: Callable[..., Any]) -> bool:
    try:
        return "input_grad" in inspect.signature(backward).parameters
    except (TypeError, ValueError):  # no signature to read: assume the plain backward(grad_out)
        return False


def _takes_input_grad(model: Module) -> bool:
    """Whether ``model.backward`` takes ``input_grad`` (read once per class, not at every step)."""
    backward = model.backward
    return _has_input_grad_parameter(getattr(backward, "__func__", backward))


def _backward_function(model: Module) -> Callable[[np.ndarray], Any]:
    # the gradient with respect to the input data is not needed: skip it when the model allows
    if _takes_input_grad(model):
        return partial(model.backward, input_grad=False)
    return model.backward


def _setup(model: Any, loss: Any, optimizer: Any, X: Any, y: Any, options: dict[str, Any]) -> _Setup:
    model = _check_model(model)
    loss_fn = losses.as_loss(loss)
    optimizer = _check_optimizer(optimizer, model)
    X, y = _check_data(X, y, ("X", "y"), model)
    batch_size = options["batch_size"]
    batch_size = len(X) if batch_size is None else min(check_int(batch_size, "batch_size", minimum=1), len(X))
    _check_batch_norm_batches(model, len(X), batch_size)
    l1 = check_positive(options["l1"], "l1", allow_zero=True)
    l2 = check_positive(options["l2"], "l2", allow_zero=True)
    shuffle = check_bool(options["shuffle"], "shuffle")
    generator = as_rng(options["rng"], options["seed"])
    clip_norm = _optional_positive(options["clip_norm"], "clip_norm")
    clip_value = _optional_positive(options["clip_value"], "clip_value")
    record_grad_norms = check_bool(options["record_grad_norms"], "record_grad_norms")
    named = _named_parameters(model)
    weights = [p for _, p in named if p.name == "W"] if (l1 or l2) else []
    _check_parameters(optimizer.params, "the optimizer's parameters")
    _check_targets(model, loss_fn, X, y, ("X", "y"))  # y against the loss, before any update
    return _Setup(
        model=model,
        loss_fn=loss_fn,
        optimizer=optimizer,
        X=X,
        y=y,
        labels=_class_indices(y) if loss_fn.is_classification else None,
        threshold=_decision_threshold(loss_fn),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=generator,
        l1=l1,
        l2=l2,
        weights=weights,
        clip_norm=clip_norm,
        clip_value=clip_value,
        named=named,
        record_grad_norms=record_grad_norms,
    )


def _check_batch_norm_batches(model: Module, n_samples: int, batch_size: int) -> None:
    """``ValueError`` if ``model`` holds a :class:`~mlcourse.nn.BatchNorm1d` and a batch would have a
    single sample (whose variance is undefined), before any update rather than in the middle of an epoch."""
    last = n_samples % batch_size or batch_size
    if last != 1 or not any(isinstance(module, BatchNorm1d) for module in model.modules()):
        return
    if n_samples == 1:
        problem = "X holds a single sample"
    elif batch_size == 1:
        problem = "batch_size=1 gives batches of 1 sample"
    else:
        problem = f"batch_size={batch_size} leaves a last batch of 1 sample out of n_samples={n_samples}"
    raise ValueError(
        f"{problem}, which BatchNorm1d cannot normalize in training (the variance of one value is "
        "undefined): choose a batch_size that leaves at least 2 samples in every batch"
    )


def _report_divergence(
    setup: _Setup, history: History, error: _Diverged, epoch: int, last_finite: dict[str, np.ndarray]
) -> None:
    history.diverged_at = epoch
    # a non-finite loss or gradient stops before its update; overflowing parameters after it
    history.diverged_step = len(history.step_losses) + (error.what != "parameters")
    kept = "kept the parameters of the last finite update"
    if not _is_finite(_copy_state(setup.model)):  # an update overflowed: go back to the epoch's start
        _load_state(setup.model, last_finite)
        kept = f"restored the parameters of the start of epoch {epoch}"
    warnings.warn(
        f"training diverged in epoch {epoch} (update {history.diverged_step}): {error.description}; "
        f"stopped and {kept}. Lower the learning rate "
        f"(lr={setup.optimizer.lr:g}), or clip the gradients (clip_norm=...).",
        TrainingDiverged,
        stacklevel=3,
    )


def _print_epoch(history: History, epoch: int, epochs: int) -> None:
    parts = [f"epoch {epoch:>{len(str(epochs))}}/{epochs}", f"loss {history.train_loss[-1]:.4f}"]
    if history.train_accuracy:
        parts.append(f"accuracy {history.train_accuracy[-1]:.3f}")
    if history.val_loss:
        parts.append(f"val_loss {history.val_loss[-1]:.4f}")
    if history.val_accuracy:
        parts.append(f"val_accuracy {history.val_accuracy[-1]:.3f}")
    print("  ".join(parts))


def fit(
    model: Module,
    loss: Any,
    optimizer: Optimizer,
    X: Any,
    y: Any,
    *,
    epochs: int,
    batch_size: int | None = None,
    validation_data: tuple[Any, Any] | None = None,
    shuffle: bool = True,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    clip_norm: float | None = None,
    clip_value: float | None = None,
    early_stopping: EarlyStopping | None = None,
    record_grad_norms: bool = False,
    record_weights: bool = False,
    callbacks: list[Callable[[int, History, Module], Any]] | None = None,
    scheduler: Any = None,
    verbose: bool = False,
) -> History:
    """Train ``model`` on ``(X, y)`` by gradient descent.

    Each epoch visits the training data once, in batches of ``batch_size``
    rows: ``batch_size=None`` is batch (full) gradient descent, one update
    per epoch; ``batch_size=1`` is stochastic gradient descent, one update
    per sample; anything between is mini-batch gradient descent (the last
    batch of an epoch may be smaller).

    L1/L2 penalties apply to the weight matrices only (parameters named
    ``"W"``), never to the biases: the loss minimised is
    ``data_loss + l1 * sum(|W|) + (l2 / 2) * sum(W**2)``, whose gradient adds
    ``l1 * sign(W) + l2 * W`` (with the 1/2, ``l2`` is exactly the
    "weight decay" coefficient of the gradient).

    If the network's output, the loss, the penalty or any gradient stops
    being finite, training stops at once with a :class:`TrainingDiverged`
    warning, before that update: the parameters keep their last finite
    values and ``History.diverged_at`` says where. (A sum of squared
    gradients that overflows counts as a non-finite gradient, unless
    ``clip_norm`` or ``clip_value`` is given. In the rare case of an update
    that itself overflows, the parameters of the start of that epoch, which
    are checked once per epoch, are restored.) Finite outputs too large for
    the loss (:class:`~mlcourse.losses.LossOverflowError`, e.g. a squared
    error beyond the largest float) count as divergence too. A validation
    output that overflows, or is too large for the loss, gives a validation
    loss of ``inf``.

    Every argument is checked before the first update, ``y`` and ``y_val``
    included: the loss is tried on them against the shape of the model's
    output (one row of ``X`` through the model in evaluation mode), so that
    a label out of range fails at once, never in the middle of an epoch.

    Parameters
    ----------
    model : Module
        The network, e.g. ``nn.Sequential(...)``; left in training mode.
    loss : loss object or str
        E.g. ``losses.CrossEntropyLoss()`` or a name for
        :func:`mlcourse.losses.get_loss` such as ``"mse"``.
    optimizer : Optimizer
        Built on ``model.parameters()``, e.g. ``optim.Adam(model.parameters())``.
    X : array_like of shape (n_samples, n_features)
        Training inputs.
    y : array_like
        Training targets, as the loss expects them (integer labels, one-hot
        rows, 0/1 targets or real values).
    epochs : int
        Maximum number of passes over the data (>= 1).
    batch_size : int, optional
        Rows per update; ``None`` for the whole data set. Values above
        ``n_samples`` mean the whole data set.
    validation_data : (X_val, y_val), optional
        Evaluated after every epoch (see :func:`evaluate`).
    shuffle : bool, default True
        Visit the samples in a new random order every epoch (one draw from
        the generator per epoch; skipped for full-batch training, where the
        order does not matter).
    rng, seed
        Source of randomness for the shuffling.
    l1, l2 : float, default 0
        Penalty coefficients (>= 0), see above.
    clip_norm : float, optional
        Rescale the gradients so that their global L2 norm is at most this
        (:func:`mlcourse.optim.clip_grad_norm`).
    clip_value : float, optional
        Clip every gradient element to ``[-clip_value, clip_value]``, before
        ``clip_norm`` when both are given.
    early_stopping : EarlyStopping, optional
        Monitors the validation loss (needs ``validation_data``).
    record_grad_norms : bool, default False
        Fill ``History.grad_norms``.
    record_weights : bool, default False
        Fill ``History.weights_snapshots``.
    callbacks : list of callable, optional
        Each is called as ``callback(epoch, history, model)`` after every
        epoch; a true return value stops training (``stopped_early_at``).
    scheduler : learning-rate scheduler, optional
        E.g. ``lr_scheduler.StepLR(optimizer, step_size=10)``, built on
        ``optimizer``: its ``step()`` is called after every completed epoch
        (after the callbacks, also when training stops there), and sets the
        rate of the next epoch. ``History.lr`` records the rate of every
        epoch.
    verbose : bool, default False
        Print one line per epoch.

    Returns
    -------
    History

    Raises
    ------
    TypeError
        If the model, loss, optimizer or ``early_stopping`` is of the wrong
        kind, ``X``/``y`` are not numeric, an integer or flag argument is of
        another type (``epochs=2.0``, ``shuffle="yes"``, ``batch_size=True``),
        ``callbacks`` is not a list of functions of ``(epoch, history,
        model)``, ``scheduler`` has no ``step()`` method or no
        ``optimizer``, ``validation_data`` is not a pair, or a parameter's
        ``grad`` is not an array.
    ValueError
        If ``X`` and ``y`` (or ``X_val`` and ``y_val``) differ in length,
        ``X`` is empty or holds NaN/inf, ``X_val`` has another number of
        features, ``y`` or ``y_val`` does not suit the loss and the model's
        output, ``batch_size`` or ``epochs`` is below 1, a coefficient is
        negative or not finite, the optimizer holds parameters of another
        model, ``scheduler`` schedules another optimizer, or
        ``early_stopping`` is given without ``validation_data``.

    Warns
    -----
    TrainingDiverged
        When training stopped because a value became non-finite.

    Examples
    --------
    >>> from mlcourse import nn, optim
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); y = np.array([0, 1, 1, 0])
    >>> model = nn.Sequential(nn.Linear(2, 8, seed=0), nn.Tanh(), nn.Linear(8, 2, seed=1))
    >>> history = fit(model, "cross_entropy", optim.Adam(model.parameters(), lr=0.05), X, y, epochs=300)
    >>> history.epochs_run, history.train_accuracy[-1]
    (300, 1.0)
    """
    epochs = check_int(epochs, "epochs", minimum=1)
    callbacks = _check_callbacks(callbacks)
    record_weights = check_bool(record_weights, "record_weights")
    verbose = check_bool(verbose, "verbose")
    options = dict(
        batch_size=batch_size,
        l1=l1,
        l2=l2,
        shuffle=shuffle,
        rng=rng,
        seed=seed,
        clip_norm=clip_norm,
        clip_value=clip_value,
        record_grad_norms=record_grad_norms,
    )
    setup = _setup(model, loss, optimizer, X, y, options)
    validation = _check_validation(validation_data, setup)
    early_stopping = _check_early_stopping(early_stopping, validation)
    scheduler = _check_scheduler(scheduler, setup.optimizer)
    if early_stopping is not None:
        early_stopping.reset()
    history = History()
    model = setup.model
    model.train()
    if record_weights:
        history.weights_snapshots.append({name: p.data.copy() for name, p in setup.named})
    last_finite = _copy_state(model)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            lr = setup.optimizer.lr  # this epoch's rate
            try:
                train_loss, penalty, accuracy, norms = _run_epoch(setup, history)
                state = _copy_state(model)
                if not _is_finite(state):  # the epoch's last update overflowed
                    raise _Diverged("parameters", "an update overflowed the parameters to NaN or inf")
            except _Diverged as error:
                _report_divergence(setup, history, error, epoch, last_finite)
                break
            last_finite = state
            _record_epoch(history, train_loss, penalty, accuracy, norms, record_grad_norms)
            history.lr.append(lr)
            if validation is not None:  # an overflowing output counts as an infinite loss
                val_loss, val_accuracy = _evaluate(
                    model, setup.loss_fn, *validation, None, ("X_val", "y_val"), nonfinite_loss=math.inf
                )
                history.val_loss.append(val_loss)
                if val_accuracy is not None:
                    history.val_accuracy.append(val_accuracy)
            if record_weights:
                history.weights_snapshots.append({name: p.data.copy() for name, p in setup.named})
            if verbose:
                _print_epoch(history, epoch, epochs)
            stop = early_stopping is not None and early_stopping.should_stop(history.val_loss[-1], model)
            stop = (
                any(
                    [
                        _stop_requested(index, callback(epoch, history, model))
                        for index, callback in enumerate(callbacks)
                    ]
                )
                or stop
            )
            if scheduler is not None:
                scheduler.step()  # the next epoch's rate
            if stop:
                history.stopped_early_at = epoch
                break
    _finish(history, early_stopping, model)
    return history


def _record_epoch(
    history: History,
    train_loss: float,
    penalty: float,
    accuracy: float | None,
    norms: dict[str, float],
    record_grad_norms: bool,
) -> None:
    history.epochs_run += 1
    history.train_loss.append(train_loss)
    history.train_penalty.append(penalty)
    if accuracy is not None:
        history.train_accuracy.append(accuracy)
    if record_grad_norms:
        history.grad_norms.append(norms)


def _finish(history: History, early_stopping: EarlyStopping | None, model: Module) -> None:
    monitored = history.val_loss or history.train_loss
    if monitored:
        history.best_epoch = int(np.argmin(monitored)) + 1
    if early_stopping is not None and early_stopping.best_epoch is not None:
        history.best_epoch = early_stopping.best_epoch
        if early_stopping.restore_best:
            _load_state(model, early_stopping.best_state)
