"""Look inside a network: per-layer gradient norms, activation statistics, dead units; and chapter 11's experiments.

The measurements (:func:`layer_gradient_norms`, :func:`activation_statistics`,
:func:`dead_unit_fractions`) each take a model and a batch and run the
ordinary forward (and backward) pass of :mod:`mlcourse.nn`; nothing here
changes the weights. Layers are reported from the input to the output, named
by their position in the :class:`~mlcourse.nn.Sequential` (``"0.W"`` is the
weight matrix of the first layer).

The chapter's two experiments, which its widgets draw:

- gradient flow at initialization: :func:`measure_gradient_flow` builds
  ``64 -> 64 x depth -> 10`` (:func:`build_flow_network`) with an activation
  and an initialization of :data:`INITS`, and measures one forward and
  backward pass on :func:`chapter_batch` (256 standardized digits);
- exploding gradients: :func:`clipping_run` trains the deep linear chain of
  :func:`build_clipping_network` (12 hidden layers of 32 units, each
  multiplying the signal by about 1.4) on :func:`chapter_digits` with SGD,
  with or without gradient clipping and batch normalization.

The chapter's other runs: :func:`watch_dead_units` (dead ReLU units during
training at a sensible and a too-large learning rate), :func:`train_sgd` (the
batch-normalization comparisons), :func:`clipping_cosines` (how far each kind
of clipping turns a real gradient) and :func:`best_forward_time` (folded
against unfolded batch normalization).

Examples
--------
>>> import numpy as np
>>> from mlcourse.nn import mlp
>>> model = mlp([4, 8, 8, 3], activation="sigmoid", seed=0)
>>> X = np.random.default_rng(0).standard_normal((16, 4)); y = np.arange(16) % 3
>>> norms = layer_gradient_norms(model, "cross_entropy", X, y)
>>> list(norms)
['0.W', '2.W', '4.W']
"""

from __future__ import annotations

import math
import time
import warnings
from functools import lru_cache
from typing import Any, Mapping, NamedTuple

import numpy as np

from mlcourse._validation import as_float_array, check_positive, describe
from mlcourse.data import Standardizer, load_digits, train_test_split
from mlcourse.init import normal_init
from mlcourse.losses import as_loss
from mlcourse.model_selection import holdout_split
from mlcourse.models import TrainingDiverged
from mlcourse.nn import (
    LeakyReLU,
    Linear,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
    evaluating,
    mlp,
)
from mlcourse.optim import SGD, Adam, clip_grad_norm, clip_grad_value
from mlcourse.train import History, fit

__all__ = [
    "layer_gradient_norms",
    "ActivationStats",
    "activation_statistics",
    "dead_unit_fractions",
    "global_norm",
    "DEPTHS",
    "ACTIVATIONS",
    "INITS",
    "FLOW_WIDTH",
    "FLOW_BATCH",
    "chapter_batch",
    "build_flow_network",
    "measure_gradient_flow",
    "THRESHOLDS",
    "METHODS",
    "CHAIN_DEPTH",
    "CHAIN_WIDTH",
    "GAIN",
    "LEARNING_RATE",
    "EPOCHS",
    "BATCH_SIZE",
    "chapter_digits",
    "linear_chain",
    "build_clipping_network",
    "clipping_run",
    "initial_gradient_norm",
    "global_norms_per_epoch",
    "DEAD_SIZES",
    "DEAD_EPOCHS",
    "watch_dead_units",
    "train_sgd",
    "clipping_cosines",
    "best_forward_time",
]


def _check_sequential(model: Any) -> Sequential:
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be an mlcourse.nn.Sequential, got {describe(model)}")
    return model


def layer_gradient_norms(model: Sequential, loss: Any, X: Any, y: Any, *, training: bool = True) -> dict[str, float]:
    """L2 norm of the loss gradient with respect to each weight matrix, for one batch.

    One forward and one backward pass on ``(X, y)``; the gradients are
    cleared before and left in the parameters afterwards (nothing is updated).
    In a network whose gradients vanish the norms shrink from the last layer
    towards the first; when they explode, they grow.

    Parameters
    ----------
    model : Sequential
        The network.
    loss : loss object or str
        E.g. ``"cross_entropy"`` or ``losses.MSELoss()``.
    X : array_like of shape (n_samples, n_features)
        The batch.
    y : array_like
        Its targets.
    training : bool, default True
        Run in training mode (dropout active, batch statistics in batch
        normalization), as during a training step. The model's mode is
        restored afterwards.

    Returns
    -------
    dict of str to float
        ``{"0.W": norm, "2.W": norm, ...}`` from the input layer to the output layer.

    Raises
    ------
    TypeError
        If ``model`` is not a Sequential or ``loss`` is not a loss.
    """
    model = _check_sequential(model)
    loss_fn = as_loss(loss)
    X = as_float_array(X, "X", ndim=2)
    with evaluating(model):  # gives the model its mode back afterwards
        model.train(training)
        model.zero_grad()
        with np.errstate(over="ignore", invalid="ignore"):
            loss_fn(model(X), y)
            model.backward(loss_fn.backward())
    return {name: float(np.linalg.norm(param.grad)) for name, param in model.named_parameters() if param.name == "W"}


class ActivationStats(NamedTuple):
    """Statistics of one layer's outputs over a batch (see :func:`activation_statistics`)."""

    layer: str
    mean: float
    std: float
    saturated: float


def activation_statistics(
    model: Sequential, X: Any, *, training: bool = False, saturation: float = 0.99
) -> list[ActivationStats]:
    """Mean, standard deviation and saturation of the output of every non-linear layer.

    Runs one forward pass and reports, for every layer that is not a
    ``Linear`` (activations, batch normalization, dropout), the mean and the
    standard deviation of its output over all samples and units. With a good
    initialization the standard deviation stays roughly constant from layer
    to layer; too small a scale makes it shrink towards 0, too large a scale
    makes tanh and sigmoid units saturate.

    Parameters
    ----------
    model : Sequential
        The network.
    X : array_like of shape (n_samples, n_features)
        The batch.
    training : bool, default False
        Forward in training mode (the model's mode is restored afterwards).
    saturation : float, default 0.99
        A tanh output counts as saturated when ``|out| > saturation``, a
        sigmoid output when ``|2 out - 1| > saturation`` (i.e. within
        ``(1 - saturation) / 2`` of 0 or 1); other layers report 0.

    Returns
    -------
    list of ActivationStats
        ``(layer, mean, std, saturated)``, from the input side to the output
        side; ``layer`` is ``"<index> <LayerName>"``, and ``saturated`` the
        fraction of saturated outputs.

    Raises
    ------
    TypeError
        If ``model`` is not a Sequential.
    """
    model = _check_sequential(model)
    saturation = check_positive(saturation, "saturation")
    out = as_float_array(X, "X", ndim=2)
    rows = []
    with evaluating(model), np.errstate(over="ignore", invalid="ignore"):  # the mode is restored afterwards
        model.train(training)
        for index, layer in enumerate(model):
            out = layer(out)
            if isinstance(layer, Linear):
                continue
            if isinstance(layer, Tanh):
                saturated = float(np.mean(np.abs(out) > saturation))
            elif isinstance(layer, Sigmoid):
                saturated = float(np.mean(np.abs(2 * out - 1) > saturation))
            else:
                saturated = 0.0
            rows.append(
                ActivationStats(f"{index} {type(layer).__name__}", float(out.mean()), float(out.std()), saturated)
            )
    return rows


def dead_unit_fractions(model: Sequential, X: Any) -> dict[str, float]:
    """Fraction of "dead" units of every ReLU (and leaky ReLU) layer on the data ``X``.

    A unit is dead on ``X`` when its input is ``<= 0`` for every sample: its
    ReLU output is then always 0 and so is the gradient that flows through it,
    so the weights feeding it never change again. A leaky ReLU unit in the
    same state still passes the gradient times ``alpha``; it is reported with
    the same test (input ``<= 0`` everywhere), but it is not stuck.

    Parameters
    ----------
    model : Sequential
        The network (run in evaluation mode; its mode is restored).
    X : array_like of shape (n_samples, n_features)
        The data, usually the whole training set.

    Returns
    -------
    dict of str to float
        ``{"1 ReLU": fraction, ...}`` for each (leaky) ReLU layer, input side first.

    Raises
    ------
    TypeError
        If ``model`` is not a Sequential.

    Examples
    --------
    >>> from mlcourse import nn
    >>> net = nn.Sequential(nn.Linear(1, 2, init="zeros"), nn.ReLU())
    >>> net[0].W.data[:] = [[1.0, -1.0]]
    >>> dead_unit_fractions(net, np.array([[1.0], [2.0]]))  # the second unit never fires
    {'1 ReLU': 0.5}
    """
    model = _check_sequential(model)
    out = as_float_array(X, "X", ndim=2)
    fractions = {}
    with evaluating(model), np.errstate(over="ignore", invalid="ignore"):
        for index, layer in enumerate(model):
            before = out
            out = layer(out)
            if isinstance(layer, (ReLU, LeakyReLU)):
                dead = np.all(before <= 0, axis=0)
                fractions[f"{index} {type(layer).__name__}"] = float(dead.mean())
    return fractions


def global_norm(norms: Mapping[str, float]) -> float:
    """The norm of all the gradients together, from the norms of its parts: ``sqrt(sum of squares)``.

    Parameters
    ----------
    norms : mapping of str to float
        One norm per parameter, e.g. from :func:`layer_gradient_norms` or
        one epoch of ``History.grad_norms``.

    Returns
    -------
    float

    Examples
    --------
    >>> global_norm({"0.W": 3.0, "2.W": 4.0})
    5.0
    """
    return math.sqrt(sum(value**2 for value in norms.values()))


# --- gradient flow at initialization --------------------------------------------------------------

#: Hidden layers, activations and initializations of the gradient-flow experiment.
DEPTHS = (2, 5, 10, 15, 20)
ACTIVATIONS = ("sigmoid", "tanh", "relu")
#: Initialization name -> (what the learner reads, the initializer).
INITS = {
    "small": ("N(0, 0.01^2)", normal_init(0.01)),
    "xavier": ("Xavier (Glorot) normal", "xavier_normal"),
    "he": ("He (Kaiming) normal", "he_normal"),
    "large": ("N(0, 1)", normal_init(1.0)),
}
#: Units per hidden layer, and digits in the batch, of the gradient-flow experiment.
FLOW_WIDTH, FLOW_BATCH = 64, 256


@lru_cache(maxsize=1)
def chapter_batch() -> tuple[np.ndarray, np.ndarray]:
    """The first 256 digits, standardized (mean 0, std 1 per pixel over the whole set), and their labels.

    Returns
    -------
    X, y : numpy.ndarray
        Shapes (256, 64) and (256,) (cached: do not modify).

    Examples
    --------
    >>> X, y = chapter_batch()
    >>> X.shape, y.shape
    ((256, 64), (256,))
    """
    X, y = load_digits()
    return Standardizer().fit_transform(X)[:FLOW_BATCH], y[:FLOW_BATCH]


def build_flow_network(depth: int, activation: str, init: str) -> Sequential:
    """The gradient-flow network: ``64 -> 64 x depth -> 10`` with an initialization of :data:`INITS` (seed 0).

    Parameters
    ----------
    depth : int
        Hidden layers (>= 1).
    activation : str
        Hidden activation, e.g. ``"sigmoid"``.
    init : str
        A key of :data:`INITS`: ``"small"``, ``"xavier"``, ``"he"`` or ``"large"``.

    Returns
    -------
    Sequential

    Raises
    ------
    ValueError
        If ``init`` is not a key of :data:`INITS`.

    Examples
    --------
    >>> build_flow_network(2, "tanh", "xavier").summary(64).total_parameters   # 65*64 + 65*64 + 65*10
    8970
    """
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {list(INITS)}")
    return mlp([64] + [FLOW_WIDTH] * depth + [10], activation=activation, init=INITS[init][1], seed=0)


def measure_gradient_flow(depth: int, activation: str, init: str) -> tuple[list[float], list[float], list[float]]:
    """One forward and backward pass of :func:`build_flow_network` on :func:`chapter_batch` (cached).

    Parameters
    ----------
    depth, activation, init
        As in :func:`build_flow_network`.

    Returns
    -------
    norms : list of float
        Gradient norm of every weight matrix, input side first.
    stds : list of float
        Standard deviation of every hidden layer's outputs.
    saturated : list of float
        Fraction of saturated outputs of every hidden layer.

    Examples
    --------
    >>> norms, stds, saturated = measure_gradient_flow(2, "sigmoid", "xavier")
    >>> len(norms), len(stds), norms[0] < norms[-1]
    (3, 2, True)
    """
    return _measure_gradient_flow(int(depth), str(activation), str(init))


@lru_cache(maxsize=None)
def _measure_gradient_flow(depth: int, activation: str, init: str) -> tuple[list[float], list[float], list[float]]:
    X, y = chapter_batch()
    model = build_flow_network(depth, activation, init)
    norms = list(layer_gradient_norms(model, "cross_entropy", X, y).values())
    stats = activation_statistics(model, X)
    return norms, [row.std for row in stats], [row.saturated for row in stats]


# --- exploding gradients: clipping and batch normalization ----------------------------------------

#: Clipping thresholds (None: no clipping) and methods of the clipping experiment.
THRESHOLDS = (None, 100.0, 10.0, 1.0, 0.1)
METHODS = ("norm", "value")
#: The exploding chain: hidden layers, their width, and the factor each multiplies the signal by.
CHAIN_DEPTH, CHAIN_WIDTH, GAIN = 12, 32, 1.4
#: Its training: plain SGD.
LEARNING_RATE, EPOCHS, BATCH_SIZE = 0.01, 8, 128
#: Fraction of the 1,257 training digits held out for validation.
VALIDATION_FRACTION = 0.2


@lru_cache(maxsize=1)
def chapter_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits split into training, validation and test parts, standardized with the training statistics.

    The 1,797 digits are split 7:3 (stratified, seed 0) into 1,257 training
    and 540 test digits; :func:`mlcourse.model_selection.holdout_split` (8:2,
    stratified, seed 0) carves 252 validation digits out of the training
    digits. The :class:`~mlcourse.data.Standardizer` is fitted on the
    remaining 1,005 training digits only. The chapter's runs are watched and
    compared on the validation part; the test part is not used for them.

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : numpy.ndarray
        1,005, 252 and 540 digits (cached: do not modify).

    Examples
    --------
    >>> X_train, X_val, X_test, y_train, y_val, y_test = chapter_digits()
    >>> X_train.shape, X_val.shape, X_test.shape
    ((1005, 64), (252, 64), (540, 64))
    """
    X, y = load_digits()
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.3, seed=0, stratify=y)
    fit_index, val_index = holdout_split(len(y_rest), VALIDATION_FRACTION, stratify=y_rest, seed=0)
    X_train, X_val, y_train, y_val = X_rest[fit_index], X_rest[val_index], y_rest[fit_index], y_rest[val_index]
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val), scaler.transform(X_test), y_train, y_val, y_test


def linear_chain(depth: int, width: int, gain: float, *, batch_norm: bool = False) -> Sequential:
    """A deep linear chain ``64 -> width x depth -> 10`` whose layers each scale the signal by about ``gain``.

    Identity activations and weights drawn from ``N(0, (gain / sqrt(width))^2)``
    (seed 0): every layer multiplies the size of the signal, forward and
    backward, by about ``gain``.

    Parameters
    ----------
    depth : int
        Hidden layers.
    width : int
        Units per hidden layer.
    gain : float
        The factor per layer (> 0).
    batch_norm : bool, default False
        Batch normalization after every hidden linear layer.

    Returns
    -------
    Sequential

    Examples
    --------
    >>> [type(layer).__name__ for layer in linear_chain(1, 8, 1.0, batch_norm=True)]
    ['Linear', 'BatchNorm1d', 'Identity', 'Linear']
    """
    gain = check_positive(gain, "gain")
    return mlp(
        [64] + [width] * depth + [10],
        activation="identity",
        init=normal_init(gain / math.sqrt(width)),
        batch_norm=batch_norm,
        seed=0,
    )


def build_clipping_network(batch_norm: bool = False) -> Sequential:
    """The exploding chain of the clipping experiment: :func:`linear_chain` with 12 x 32 units, gain 1.4.

    Examples
    --------
    >>> build_clipping_network().summary(64).total_parameters
    14026
    """
    return linear_chain(CHAIN_DEPTH, CHAIN_WIDTH, GAIN, batch_norm=batch_norm)


def clipping_run(threshold: float | None, method: str = "norm", batch_norm: bool = False) -> tuple[Sequential, History]:
    """Train :func:`build_clipping_network` on :func:`chapter_digits`, clipping at ``threshold`` (cached).

    Plain SGD (learning rate 0.01, batches of 128, 8 epochs, seed 0), the
    validation digits as validation data, gradient norms recorded. A run that
    diverges stops there (its warning is silenced: ``History.diverged_at``
    says it).

    Parameters
    ----------
    threshold : float or None
        Clipping threshold; None for no clipping.
    method : {"norm", "value"}, default "norm"
        ``fit(clip_norm=threshold)`` or ``fit(clip_value=threshold)``.
    batch_norm : bool, default False
        Batch normalization after every hidden layer.

    Returns
    -------
    model : Sequential
    history : History
        (cached: do not modify either).

    Raises
    ------
    ValueError
        If ``method`` is not "norm" or "value".

    Examples
    --------
    >>> model, history = clipping_run(None)
    >>> history.diverged_at, history.epochs_run
    (1, 0)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if threshold is None:
        method = "norm"  # no clipping: the method does not matter
    else:
        threshold = check_positive(threshold, "threshold")
    return _clipping_run(threshold, method, bool(batch_norm))


@lru_cache(maxsize=None)
def _clipping_run(threshold: float | None, method: str, batch_norm: bool) -> tuple[Sequential, History]:
    X_train, X_val, _, y_train, y_val, _ = chapter_digits()
    model = build_clipping_network(batch_norm)
    options: dict[str, Any] = {}
    if threshold is not None:
        options["clip_norm" if method == "norm" else "clip_value"] = threshold
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # reported in the history instead
        history = fit(
            model,
            "cross_entropy",
            SGD(model.parameters(), lr=LEARNING_RATE),
            X_train,
            y_train,
            epochs=EPOCHS,
            batch_size=BATCH_SIZE,
            seed=0,
            validation_data=(X_val, y_val),
            record_grad_norms=True,
            **options,
        )
    return model, history


@lru_cache(maxsize=2)
def initial_gradient_norm(batch_norm: bool = False) -> float:
    """Global gradient norm of the untrained :func:`build_clipping_network` on the first training batch.

    Examples
    --------
    >>> round(initial_gradient_norm()), round(initial_gradient_norm(batch_norm=True), 1)
    (598, 6.4)
    """
    X_train, _, _, y_train, _, _ = chapter_digits()
    return global_norm(
        layer_gradient_norms(
            build_clipping_network(batch_norm), "cross_entropy", X_train[:BATCH_SIZE], y_train[:BATCH_SIZE]
        )
    )


def global_norms_per_epoch(history: History) -> list[float]:
    """Per epoch, the global gradient norm (before clipping) from ``History.grad_norms``.

    Examples
    --------
    >>> history = History(grad_norms=[{"0.W": 3.0, "0.b": 4.0}, {"0.W": 1.0, "0.b": 0.0}])
    >>> global_norms_per_epoch(history)
    [5.0, 1.0]
    """
    return [global_norm(epoch) for epoch in history.grad_norms]


# --- dead ReLU units ------------------------------------------------------------------------------

#: The dead-unit experiment: layer sizes (He-normal weights, seed 0) and epochs of Adam (batches of 64).
DEAD_SIZES, DEAD_EPOCHS = (64, 64, 64, 64, 10), 15


def watch_dead_units(activation: str, lr: float, alpha: float | None = None) -> tuple[list[float], History]:
    """Train the dead-unit network on :func:`chapter_digits`, recording its dead units after every epoch (cached).

    The network is ``64 -> 64 -> 64 -> 64 -> 10`` (:data:`DEAD_SIZES`) with
    He-normal weights; it is trained with Adam at learning rate ``lr`` for
    :data:`DEAD_EPOCHS` epochs (batches of 64, seed 0, the validation digits as
    validation data). After every epoch a callback of ``fit`` records the mean
    over the hidden layers of :func:`dead_unit_fractions` on the training set.

    Parameters
    ----------
    activation : str
        ``"relu"`` or ``"leaky_relu"``.
    lr : float
        Adam's learning rate.
    alpha : float, optional
        The leaky ReLU's slope for negative inputs.

    Returns
    -------
    dead : list of float
        One fraction per epoch (units whose input is <= 0 on every training digit).
    history : History
        The run (cached: do not modify).

    Examples
    --------
    >>> dead, history = watch_dead_units("relu", 0.01)
    >>> len(dead) == len(history.val_accuracy) == DEAD_EPOCHS
    True
    """
    return _watch_dead_units(str(activation), float(lr), None if alpha is None else float(alpha))


@lru_cache(maxsize=None)
def _watch_dead_units(activation: str, lr: float, alpha: float | None) -> tuple[list[float], History]:
    X_train, X_val, _, y_train, y_val, _ = chapter_digits()
    model = mlp(
        list(DEAD_SIZES),
        activation=activation,
        init="he_normal",
        seed=0,
        activation_options=None if alpha is None else {"alpha": alpha},
    )
    dead: list[float] = []

    def record(epoch: int, history: History, model: Sequential) -> None:
        dead.append(float(np.mean(list(dead_unit_fractions(model, X_train).values()))))

    history = fit(
        model,
        "cross_entropy",
        Adam(model.parameters(), lr=lr),
        X_train,
        y_train,
        epochs=DEAD_EPOCHS,
        batch_size=64,
        seed=0,
        validation_data=(X_val, y_val),
        callbacks=[record],
    )
    return dead, history


# --- batch normalization ---------------------------------------------------------------------------


def train_sgd(model: Sequential, lr: float, epochs: int = 10) -> History:
    """Train ``model`` on :func:`chapter_digits` with plain SGD (batches of 128, seed 0), validated on the validation digits.

    A run that diverges stops there, silently: ``History.diverged_at`` says it.

    Parameters
    ----------
    model : Sequential
        A ``64 -> ... -> 10`` network (trained in place).
    lr : float
        The learning rate.
    epochs : int, default 10
        Epochs of training.

    Returns
    -------
    History

    Examples
    --------
    >>> history = train_sgd(mlp([64, 16, 10], seed=0), 0.1, epochs=2)
    >>> history.epochs_run, history.val_accuracy[-1] > 0.5
    (2, True)
    """
    X_train, X_val, _, y_train, y_val, _ = chapter_digits()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)
        return fit(
            model,
            "cross_entropy",
            SGD(model.parameters(), lr=lr),
            X_train,
            y_train,
            epochs=epochs,
            batch_size=128,
            seed=0,
            validation_data=(X_val, y_val),
        )


# --- clipping a real gradient ---------------------------------------------------------------------


def clipping_cosines(
    model: Sequential, loss: Any, X: Any, y: Any, *, norm_threshold: float, value_threshold: float
) -> dict[str, tuple[float, float]]:
    """The gradient of ``model`` on ``(X, y)`` clipped by norm and by value: its norm and cosine with the original.

    One forward and backward pass (:func:`layer_gradient_norms`); all the
    parameters' gradients are read as one long vector, clipped with
    :func:`~mlcourse.optim.clip_grad_norm` and with
    :func:`~mlcourse.optim.clip_grad_value` (each on a fresh copy), and
    compared with the unclipped vector. The model's gradients are left
    unclipped.

    Parameters
    ----------
    model : Sequential
        The network.
    loss : loss object or str
        E.g. ``"cross_entropy"``.
    X, y : array_like
        The batch.
    norm_threshold, value_threshold : float
        The two clipping thresholds.

    Returns
    -------
    dict of str to (float, float)
        ``{"original": (norm, 1.0), "by norm": (norm, cosine), "by value": (norm, cosine)}``.

    Examples
    --------
    >>> from mlcourse import nn
    >>> net = nn.Sequential(nn.Linear(1, 2, init="zeros", bias=False))
    >>> net[0].W.data[:] = [[3.0, 0.8]]
    >>> result = clipping_cosines(net, "mse", [[1.0]], [[0.0, 0.0]], norm_threshold=1.0, value_threshold=1.0)
    >>> [round(value, 4) for value in result["by norm"]]
    [1.0, 1.0]
    """
    layer_gradient_norms(model, loss, X, y)  # fills every .grad
    params = model.parameters()
    saved = [param.grad.copy() for param in params]
    original = np.concatenate([grad.ravel() for grad in saved])
    result = {"original": (float(np.linalg.norm(original)), 1.0)}
    for name, clip, threshold in (
        ("by norm", clip_grad_norm, norm_threshold),
        ("by value", clip_grad_value, value_threshold),
    ):
        clip(params, threshold)
        clipped = np.concatenate([param.grad.ravel() for param in params])
        cosine = float(original @ clipped / (np.linalg.norm(original) * np.linalg.norm(clipped)))
        result[name] = (float(np.linalg.norm(clipped)), cosine)
        for param, grad in zip(params, saved):  # the unclipped gradient back, for the next method
            param.grad = grad.copy()
    return result


def best_forward_time(model: Sequential, X: Any, repeats: int = 10) -> float:
    """The shortest of ``repeats`` timings (seconds) of one forward pass of ``model`` on ``X``.

    The minimum is the least disturbed by whatever else the machine is doing.

    Examples
    --------
    >>> best_forward_time(mlp([4, 3], seed=0), np.ones((2, 4)), repeats=3) > 0
    True
    """
    X = as_float_array(X, "X", ndim=2)
    times = []
    for _ in range(int(repeats)):
        start = time.perf_counter()
        model(X)
        times.append(time.perf_counter() - start)
    return min(times)
