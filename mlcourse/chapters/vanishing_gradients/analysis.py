"""Look inside a network: per-layer gradient norms, activation statistics, dead units.

These are the measurements of the vanishing/exploding-gradient chapter. Each
takes a model and a batch and runs the ordinary forward (and backward) pass of
:mod:`mlcourse.nn`; nothing here changes the weights.

Layers are reported from the input to the output, named by their position in
the :class:`~mlcourse.nn.Sequential` (``"0.W"`` is the weight matrix of the
first layer).

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

from typing import Any, NamedTuple

import numpy as np

from mlcourse._validation import as_float_array, check_positive, describe
from mlcourse.nn import LeakyReLU, Linear, ReLU, Sequential

__all__ = ["layer_gradient_norms", "ActivationStats", "activation_statistics", "dead_unit_fractions"]

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
    from mlcourse.train import _check_loss

    model = _check_sequential(model)
    loss_fn = _check_loss(loss)
    X = as_float_array(X, "X", ndim=2)
    was_training = model.training
    model.train(training)
    try:
        model.zero_grad()
        with np.errstate(over="ignore", invalid="ignore"):
            loss_fn(model(X), y)
            model.backward(loss_fn.backward())
    finally:
        model.train(was_training)
    return {name: float(np.linalg.norm(param.grad)) for name, param in model.named_parameters()
            if param.name == "W"}


class ActivationStats(NamedTuple):
    """Statistics of one layer's outputs over a batch (see :func:`activation_statistics`)."""

    layer: str
    mean: float
    std: float
    saturated: float


def activation_statistics(model: Sequential, X: Any, *, training: bool = False,
                          saturation: float = 0.99) -> list[ActivationStats]:
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
    from mlcourse.nn import Sigmoid, Tanh

    model = _check_sequential(model)
    saturation = check_positive(saturation, "saturation")
    out = as_float_array(X, "X", ndim=2)
    was_training = model.training
    model.train(training)
    rows = []
    try:
        with np.errstate(over="ignore", invalid="ignore"):
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
                rows.append(ActivationStats(f"{index} {type(layer).__name__}", float(out.mean()),
                                            float(out.std()), saturated))
    finally:
        model.train(was_training)
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
    was_training = model.training
    model.eval()
    fractions = {}
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for index, layer in enumerate(model):
                before = out
                out = layer(out)
                if isinstance(layer, (ReLU, LeakyReLU)):
                    dead = np.all(before <= 0, axis=0)
                    fractions[f"{index} {type(layer).__name__}"] = float(dead.mean())
    finally:
        model.train(was_training)
    return fractions
