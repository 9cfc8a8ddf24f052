"""Regularization tools beyond :func:`mlcourse.train.fit`'s ``l1``/``l2`` options.

- :func:`soft_threshold` and :class:`ProximalSGD`: the L1 penalty applied by a
  proximal step. ``fit(..., l1=...)`` adds the subgradient ``l1 * sign(W)``
  to the gradient, which makes small weights jump back and forth across 0 by
  about ``lr * l1`` every step but almost never land on exactly 0. The
  proximal step (ISTA) shrinks every weight towards 0 by ``lr * l1`` and
  stops AT 0 when it would cross it, so weights become exactly zero.
- :func:`weight_values` and :func:`zero_fraction`: what to look at afterwards.
- :class:`LossTracker`: a ``fit`` callback that records the loss of the
  current weights in evaluation mode (dropout off, no penalty) after every
  epoch, to compare training and validation curves on equal terms.
- :func:`dropout_average`: the ensemble view of dropout, by Monte Carlo.

Examples
--------
>>> soft_threshold(np.array([-3.0, -0.5, 0.2, 2.0]), 1.0)
array([-2., -0.,  0.,  1.])
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from mlcourse._validation import as_float_array, as_rng, check_int, check_positive
from mlcourse.activations import softmax
from mlcourse.nn import Dropout, Module, Parameter
from mlcourse.optim import SGD

__all__ = ["soft_threshold", "ProximalSGD", "weight_values", "zero_fraction", "LossTracker",
           "dropout_average"]


def soft_threshold(x: Any, threshold: float) -> np.ndarray:
    """The proximal operator of ``threshold * |x|``: ``sign(x) * max(|x| - threshold, 0)``.

    It is the exact minimiser of ``0.5 * (w - x)**2 + threshold * |w|`` over
    ``w``, for each element: values within ``threshold`` of 0 become exactly
    0, the others move ``threshold`` towards 0.

    Parameters
    ----------
    x : array_like
        Values (float).
    threshold : float
        Amount of shrinkage (>= 0).

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``x`` (float64 for integer input).

    Raises
    ------
    ValueError
        If ``threshold`` is negative or not finite.

    Examples
    --------
    >>> soft_threshold([0.3, -1.5], 0.5)
    array([ 0., -1.])
    """
    x = as_float_array(x, "x", allow_empty=True)
    threshold = check_positive(threshold, "threshold", allow_zero=True)
    return np.sign(x) * np.maximum(np.abs(x) - threshold, 0).astype(x.dtype, copy=False)


class ProximalSGD(SGD):
    """Gradient descent with an L1 penalty on the weight matrices, applied by a proximal step.

    Minimises ``data_loss + l1 * sum(|W|)`` by proximal gradient descent
    (ISTA): a plain gradient step on the data loss, then
    ``W <- soft_threshold(W, lr * l1)`` for every parameter named ``"W"``
    (biases are not penalized, as in :func:`mlcourse.train.fit`). Use it with
    ``fit(..., l1=0)``: the penalty lives in the optimizer, so the loss that
    ``fit`` records is the data loss only.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float
        Learning rate (> 0).
    l1 : float
        Penalty coefficient (>= 0).
    weight_decay : float, default 0
        As in :class:`mlcourse.optim.SGD` (an L2 term, applied to all parameters).

    Raises
    ------
    ValueError
        If ``lr <= 0`` or ``l1 < 0``.

    Examples
    --------
    >>> w = Parameter(np.array([0.3, -2.0]), "W")
    >>> w.grad[:] = 0.0
    >>> ProximalSGD([w], lr=0.1, l1=5.0).step()   # shrink by lr * l1 = 0.5
    >>> w.data
    array([ 0. , -1.5])
    """

    def __init__(self, params: Iterable[Parameter], lr: float, l1: float, *, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay=weight_decay)
        self.l1 = check_positive(l1, "l1", allow_zero=True)

    def step(self) -> None:
        """Gradient step on every parameter, then soft-threshold the weight matrices."""
        super().step()
        if self.l1:
            for param in self.params:
                if param.name == "W":
                    param.data[...] = soft_threshold(param.data, self.lr * self.l1)

    def _hyper(self) -> str:
        return f"lr={self.lr:g}, l1={self.l1:g}"


def weight_values(model: Module) -> np.ndarray:
    """All entries of the model's weight matrices (parameters named ``"W"``), as one flat array.

    Parameters
    ----------
    model : Module
        The network.

    Returns
    -------
    numpy.ndarray
        1-D copy of the weights, layer after layer (biases excluded).

    Raises
    ------
    ValueError
        If the model has no parameter named ``"W"``.
    """
    weights = [param.data.ravel() for param in model.parameters() if param.name == "W"]
    if not weights:
        raise ValueError(f"{type(model).__name__} has no weight matrices (parameters named 'W')")
    return np.concatenate(weights).copy()


def zero_fraction(weights: Any, tol: float = 0.0) -> float:
    """Fraction of weights with ``|w| <= tol`` (``tol=0``: exactly zero).

    Parameters
    ----------
    weights : array_like or Module
        Values, or a model (its :func:`weight_values`).
    tol : float, default 0
        Tolerance (>= 0).

    Returns
    -------
    float
        A number in [0, 1].

    Examples
    --------
    >>> zero_fraction([0.0, 1e-4, -0.3, 0.0])
    0.5
    >>> zero_fraction([0.0, 1e-4, -0.3, 0.0], tol=1e-3)
    0.75
    """
    values = weight_values(weights) if isinstance(weights, Module) else as_float_array(weights, "weights")
    tol = check_positive(tol, "tol", allow_zero=True)
    return float(np.count_nonzero(np.abs(values) <= tol) / values.size)


class LossTracker:
    """A :func:`mlcourse.train.fit` callback recording the loss of the current weights on a data set.

    After every epoch it calls :func:`mlcourse.train.evaluate` (evaluation
    mode: dropout off, batch-norm running statistics, no L1/L2 penalty).
    ``History.train_loss`` instead averages the loss of the batches seen
    during the epoch, with dropout active and the penalty added, so it is not
    comparable with the validation loss when dropout or a penalty is used.

    Parameters
    ----------
    loss : loss object or str
        As in ``fit``.
    X, y : array_like
        The data to evaluate on (usually the training set).

    Attributes
    ----------
    losses : list of float
        One entry per epoch.
    accuracies : list of float
        One entry per epoch for classification losses (else empty).

    Examples
    --------
    >>> from mlcourse import nn, optim, train
    >>> X = np.array([[0.0], [1.0]]); y = np.array([0.0, 2.0])
    >>> model = nn.Sequential(nn.Linear(1, 1, init="zeros"))
    >>> tracker = LossTracker("mse", X, y)
    >>> _ = train.fit(model, "mse", optim.SGD(model.parameters(), lr=0.1), X, y, epochs=3,
    ...               callbacks=[tracker])
    >>> len(tracker.losses)
    3
    """

    def __init__(self, loss: Any, X: Any, y: Any) -> None:
        self.loss, self.X, self.y = loss, X, y
        self.losses: list[float] = []
        self.accuracies: list[float] = []

    def __call__(self, epoch: int, history: Any, model: Module) -> bool:
        """Evaluate ``model`` and record the result; never asks to stop."""
        from mlcourse.train import evaluate

        loss, accuracy = evaluate(model, self.loss, self.X, self.y)
        self.losses.append(loss)
        if accuracy is not None:
            self.accuracies.append(accuracy)
        return False


def dropout_average(model: Module, X: Any, n_masks: int = 100, *, probabilities: bool = True,
                    seed: int | None = None, rng: np.random.Generator | None = None) -> np.ndarray:
    """Average the outputs of ``n_masks`` randomly thinned networks (dropout left on).

    Dropout trains a different sub-network at every step; at test time the
    full network (evaluation mode) stands in for the average of all of them
    (Srivastava et al. 2014). This function computes that average by Monte
    Carlo, to compare it with the evaluation-mode output.

    Parameters
    ----------
    model : Module
        A network containing ``Dropout`` layers. Only those are put in
        training mode (every other layer, e.g. batch normalization, runs in
        evaluation mode); the model's mode and the dropout layers'
        generators are restored afterwards.
    X : array_like of shape (n_samples, n_features)
        Inputs.
    n_masks : int, default 100
        Number of thinned networks (>= 1).
    probabilities : bool, default True
        Average ``softmax(output)`` (class probabilities, for a network that
        outputs logits) instead of the raw outputs.
    seed, rng
        Source of randomness for the masks.

    Returns
    -------
    numpy.ndarray
        The averaged outputs (probabilities), shape of the model's output.

    Raises
    ------
    ValueError
        If the model has no ``Dropout`` layer.
    """
    n_masks = check_int(n_masks, "n_masks", minimum=1)
    dropouts = [module for module in model.modules() if isinstance(module, Dropout)]
    if not dropouts:
        raise ValueError("dropout_average needs a model with at least one Dropout layer")
    X = as_float_array(X, "X", ndim=2)
    generator = as_rng(rng, seed)
    saved = [(layer.rng, layer.freeze_mask) for layer in dropouts]
    was_training = model.training
    try:
        model.eval()  # every other layer (e.g. batch norm) in evaluation mode ...
        for layer in dropouts:  # ... only the dropout layers keep drawing masks
            layer.rng, layer.freeze_mask, layer.training = generator, False, True
        total = None
        for _ in range(n_masks):
            output = model(X)
            output = softmax(output, axis=-1) if probabilities else output
            total = output.copy() if total is None else total + output
    finally:
        for layer, (layer_rng, frozen) in zip(dropouts, saved):
            layer.rng, layer.freeze_mask = layer_rng, frozen
        model.train(was_training)
    return total / n_masks
