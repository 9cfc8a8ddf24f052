"""Chapter 10's experiments and regularization tools beyond :func:`mlcourse.train.fit`'s ``l1``/``l2``.

- The chapter's data and runs: :func:`chapter_moons` (40 noisy training
  "moons" and 200 validation points), :func:`train_moons` (the network
  ``2 -> h -> h -> 2`` trained on them with Adam), :func:`moons_run` (its
  cached runs, one per capacity / L2 / dropout setting, which the widget
  draws), :func:`chapter_digits` (the digits: training, validation and test parts), :func:`few_digits`
  (its first 100 training digits), :func:`train_digits` (full-batch Adam on
  digits, for augmentation and dropout) and :func:`train_penalized` (the
  L1/L2 experiment).
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

from functools import lru_cache
from typing import Any, Iterable

import numpy as np

from mlcourse._validation import as_float_array, as_rng, check_int, check_positive
from mlcourse.activations import softmax
from mlcourse.data import load_digits, make_moons, train_test_split
from mlcourse.model_selection import holdout_split
from mlcourse.nn import Dropout, Module, Parameter, Sequential, evaluating, mlp
from mlcourse.optim import SGD, Adam
from mlcourse.train import EarlyStopping, History, evaluate, fit

__all__ = [
    "HIDDEN_UNITS",
    "L2_STRENGTHS",
    "DROPOUT_RATES",
    "EPOCHS",
    "LEARNING_RATE",
    "N_TRAIN",
    "N_VAL",
    "NOISE",
    "VALIDATION_FRACTION",
    "chapter_moons",
    "train_moons",
    "moons_run",
    "chapter_digits",
    "few_digits",
    "train_digits",
    "train_penalized",
    "soft_threshold",
    "ProximalSGD",
    "weight_values",
    "zero_fraction",
    "LossTracker",
    "dropout_average",
]

#: Units per hidden layer of the capacity experiment (and the widget's slider).
HIDDEN_UNITS = (2, 4, 8, 16, 32, 64)
#: L2 coefficients and dropout rates compared on the moons network.
L2_STRENGTHS = (0.0, 0.003, 0.03)
DROPOUT_RATES = (0.0, 0.2, 0.5)
#: Full-batch Adam epochs and learning rate of every moons run.
EPOCHS, LEARNING_RATE = 150, 0.02
#: Training and validation points of the moons, and the noise's standard deviation.
N_TRAIN, N_VAL, NOISE = 40, 200, 0.35
#: Fraction of the 1,257 training digits held out for validation.
VALIDATION_FRACTION = 0.2


@lru_cache(maxsize=1)
def chapter_moons() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's moons: ``(X_train, y_train, X_val, y_val)``, 40 and 200 points, noise 0.35 (seeded).

    Returns
    -------
    X_train, y_train, X_val, y_val : numpy.ndarray
        Points of shape (n, 2) and labels 0/1 (cached: do not modify).

    Examples
    --------
    >>> X_train, y_train, X_val, y_val = chapter_moons()
    >>> X_train.shape, X_val.shape
    ((40, 2), (200, 2))
    """
    X_train, y_train = make_moons(N_TRAIN, noise=NOISE, seed=1)
    X_val, y_val = make_moons(N_VAL, noise=NOISE, seed=2)
    return X_train, y_train, X_val, y_val


def train_moons(
    X: Any,
    y: Any,
    *,
    hidden: int = 32,
    l2: float = 0.0,
    dropout: float = 0.0,
    epochs: int = EPOCHS,
    track_on: tuple[Any, Any] | None = None,
    early_stopping: EarlyStopping | None = None,
) -> tuple[Sequential, History, LossTracker]:
    """Train the chapter's network ``2 -> hidden -> hidden -> 2`` (ReLU, He init, seed 0) on ``(X, y)``.

    Full-batch Adam (learning rate 0.02) on the cross-entropy, validated on
    the chapter's 200 validation moons after every epoch.

    Parameters
    ----------
    X, y : array_like
        Training points of shape (n, 2) and labels 0/1.
    hidden : int, default 32
        Units per hidden layer (the capacity).
    l2 : float, default 0
        L2 penalty coefficient (``fit(..., l2=...)``).
    dropout : float, default 0
        Dropout rate after each hidden layer.
    epochs : int, default 150
        Maximum number of epochs.
    track_on : (X, y), optional
        The data the :class:`LossTracker` evaluates after every epoch;
        default the chapter's 40 training points (also when training on
        augmented copies of them).
    early_stopping : EarlyStopping, optional
        As in :func:`mlcourse.train.fit`.

    Returns
    -------
    model : Sequential
        The trained network.
    history : History
        ``val_loss`` per epoch, and ``train_loss`` as ``fit`` records it.
    tracker : LossTracker
        Evaluation-mode loss and accuracy on ``track_on`` per epoch.

    Examples
    --------
    >>> X_train, y_train, _, _ = chapter_moons()
    >>> model, history, tracker = train_moons(X_train, y_train, hidden=4, epochs=3)
    >>> history.epochs_run, len(tracker.losses)
    (3, 3)
    """
    _, _, X_val, y_val = chapter_moons()
    if track_on is None:
        track_on = chapter_moons()[:2]
    model = mlp([2, hidden, hidden, 2], activation="relu", init="he_normal", dropout=dropout, seed=0)
    tracker = LossTracker("cross_entropy", *track_on)
    history = fit(
        model,
        "cross_entropy",
        Adam(model.parameters(), lr=LEARNING_RATE),
        X,
        y,
        epochs=epochs,
        validation_data=(X_val, y_val),
        l2=l2,
        callbacks=[tracker],
        early_stopping=early_stopping,
    )
    return model, history, tracker


def moons_run(
    hidden: int, l2: float = 0.0, dropout: float = 0.0, *, n_train: int = N_TRAIN, epochs: int = EPOCHS
) -> tuple[Sequential, History, LossTracker]:
    """The chapter's run for one setting: :func:`train_moons` on ``n_train`` moons, cached per process.

    Parameters
    ----------
    hidden : int
        Units per hidden layer (the capacity).
    l2 : float, default 0
        L2 penalty coefficient.
    dropout : float, default 0
        Dropout rate after each hidden layer.
    n_train : int, default 40
        Training points (other sizes draw a new moons sample with the same
        seed and noise; the validation set is always the chapter's). The
        tracker evaluates these training points.
    epochs : int, default 150
        Full-batch Adam epochs.

    Returns
    -------
    model, history, tracker
        As :func:`train_moons` returns them (cached: do not modify).

    Examples
    --------
    >>> model, history, tracker = moons_run(2, epochs=2)
    >>> moons_run(2, epochs=2)[0] is model   # the second call is the cached run
    True
    """
    return _moons_run(int(hidden), float(l2), float(dropout), int(n_train), int(epochs))


@lru_cache(maxsize=None)
def _moons_run(
    hidden: int, l2: float, dropout: float, n_train: int, epochs: int
) -> tuple[Sequential, History, LossTracker]:
    X, y = chapter_moons()[:2] if n_train == N_TRAIN else make_moons(n_train, noise=NOISE, seed=1)
    return train_moons(X, y, hidden=hidden, l2=l2, dropout=dropout, epochs=epochs, track_on=(X, y))


@lru_cache(maxsize=1)
def chapter_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's digits: pixels scaled to [0, 1]; training, validation and test parts.

    The 1,797 digits are split 7:3, stratified with seed 0, into 1,257
    training and 540 test digits; :func:`mlcourse.model_selection.holdout_split`
    (8:2, stratified, seed 0) then carves 252 validation digits out of the
    training digits, leaving 1,005 to train on. Every curve watched and every
    comparison made in the chapter uses the validation part; the test part is
    evaluated once, for the model chosen at the end.

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : numpy.ndarray
        1,005, 252 and 540 digits of 64 pixels, and their labels (cached: do not modify).

    Examples
    --------
    >>> X_train, X_val, X_test, y_train, y_val, y_test = chapter_digits()
    >>> X_train.shape, X_val.shape, X_test.shape, float(X_train.max())
    ((1005, 64), (252, 64), (540, 64), 1.0)
    """
    X, y = load_digits()
    X_rest, X_test, y_rest, y_test = train_test_split(X / 16.0, y, test_size=0.3, seed=0, stratify=y)
    fit_index, val_index = holdout_split(len(y_rest), VALIDATION_FRACTION, stratify=y_rest, seed=0)
    return X_rest[fit_index], X_rest[val_index], X_test, y_rest[fit_index], y_rest[val_index], y_test


def few_digits(per_class: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_class`` digits of every class in the chapter's training split.

    Parameters
    ----------
    per_class : int, default 10
        Digits kept per class (>= 1).

    Returns
    -------
    X, y : numpy.ndarray
        ``10 * per_class`` images of 64 pixels (class 0 first, then 1, ...) and their labels.

    Examples
    --------
    >>> X, y = few_digits()
    >>> X.shape, np.bincount(y).tolist()
    ((100, 64), [10, 10, 10, 10, 10, 10, 10, 10, 10, 10])
    """
    per_class = check_int(per_class, "per_class", minimum=1)
    X_train, _, _, y_train, _, _ = chapter_digits()
    chosen = np.concatenate([np.flatnonzero(y_train == digit)[:per_class] for digit in range(10)])
    return X_train[chosen], y_train[chosen]


def train_digits(
    X: Any,
    y: Any,
    *,
    sizes: tuple[int, ...] = (64, 64, 10),
    dropout: float = 0.0,
    epochs: int = 100,
    seed: int = 0,
    validation: tuple[Any, Any] | None = None,
) -> tuple[Sequential, History]:
    """A ReLU network on digits (He init), trained full-batch with Adam (learning rate 0.01).

    Parameters
    ----------
    X, y : array_like
        Images of 64 pixels and their labels 0-9.
    sizes : tuple of int, default (64, 64, 10)
        Layer sizes, input first.
    dropout : float, default 0
        Dropout rate after every hidden layer.
    epochs : int, default 100
        Full-batch epochs.
    seed : int, default 0
        Seed of the initial weights and of the dropout masks.
    validation : (X, y), optional
        Data whose loss ``fit`` records after every epoch (``history.val_loss``).

    Returns
    -------
    model : Sequential
        The trained network.
    history : History
        As :func:`mlcourse.train.fit` returns it.

    Examples
    --------
    >>> X, y = few_digits(2)
    >>> model, history = train_digits(X, y, epochs=3, validation=(X, y))
    >>> len(history.train_loss), len(history.val_loss)
    (3, 3)
    """
    net = mlp(list(sizes), activation="relu", init="he_normal", dropout=dropout, seed=seed)
    history = fit(
        net, "cross_entropy", Adam(net.parameters(), lr=0.01), X, y, epochs=epochs, validation_data=validation
    )
    return net, history


def train_penalized(*, l1: float = 0.0, l2: float = 0.0, proximal_l1: float = 0.0, epochs: int = 30) -> Sequential:
    """The penalty experiment: ``64 -> 64 -> 10`` (ReLU, He init, seed 0) on the 1,005 training digits.

    Plain SGD (learning rate 0.1, mini-batches of 32, shuffled with seed 0),
    with ``fit``'s subgradient penalties ``l1``/``l2`` or, with
    ``proximal_l1``, the L1 penalty applied by :class:`ProximalSGD`.

    Parameters
    ----------
    l1, l2 : float, default 0
        Penalty coefficients passed to :func:`mlcourse.train.fit`.
    proximal_l1 : float, default 0
        L1 coefficient of a :class:`ProximalSGD` optimizer (plain SGD when 0).
    epochs : int, default 30
        Passes over the training digits.

    Returns
    -------
    Sequential
        The trained network.

    Examples
    --------
    >>> net = train_penalized(proximal_l1=0.01, epochs=1)
    >>> bool(zero_fraction(net) > 0)
    True
    """
    X_train, _, _, y_train, _, _ = chapter_digits()
    net = mlp([64, 64, 10], activation="relu", init="he_normal", seed=0)
    optimizer = ProximalSGD(net.parameters(), lr=0.1, l1=proximal_l1) if proximal_l1 else SGD(net.parameters(), lr=0.1)
    fit(net, "cross_entropy", optimizer, X_train, y_train, epochs=epochs, batch_size=32, seed=0, l1=l1, l2=l2)
    return net


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

    Examples
    --------
    >>> from mlcourse import nn
    >>> weight_values(nn.Sequential(nn.Linear(2, 3, init="zeros"), nn.ReLU(), nn.Linear(3, 1))).shape
    (9,)
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
        loss, accuracy = evaluate(model, self.loss, self.X, self.y)
        self.losses.append(loss)
        if accuracy is not None:
            self.accuracies.append(accuracy)
        return False


def dropout_average(
    model: Module,
    X: Any,
    n_masks: int = 100,
    *,
    probabilities: bool = True,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
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

    Examples
    --------
    >>> from mlcourse import nn
    >>> net = nn.Sequential(nn.Linear(2, 8, seed=0), nn.ReLU(), nn.Dropout(0.5, seed=1), nn.Linear(8, 3, seed=2))
    >>> average = dropout_average(net, np.ones((4, 2)), n_masks=50, seed=0)
    >>> average.shape, bool(np.allclose(average.sum(axis=1), 1.0)), net.training
    ((4, 3), True, True)
    """
    n_masks = check_int(n_masks, "n_masks", minimum=1)
    dropouts = [module for module in model.modules() if isinstance(module, Dropout)]
    if not dropouts:
        raise ValueError("dropout_average needs a model with at least one Dropout layer")
    X = as_float_array(X, "X", ndim=2)
    generator = as_rng(rng, seed)
    saved = [(layer.rng, layer.freeze_mask) for layer in dropouts]
    with evaluating(model):  # every other layer (e.g. batch norm) in evaluation mode ...
        try:
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
    return total / n_masks
