"""Build multilayer perceptrons in one call, and fixed-scale weight initializers.

:func:`mlp` stacks ``Linear -> [BatchNorm1d] -> activation -> [Dropout]`` for
every hidden layer and ends with a plain ``Linear`` (logits or regression
outputs), the shape used by the regularization and gradient-flow chapters to
compare many variants of the same network. :func:`normal_init` makes an
initializer with a chosen standard deviation (for "too small" and "too large"
initializations), usable wherever :class:`mlcourse.nn.Linear` takes ``init``.

Examples
--------
>>> model = mlp([2, 8, 8, 2], activation="relu", init="he_normal", seed=0)
>>> model
Sequential(
  (0): Linear(2, 8)
  (1): ReLU()
  (2): Linear(8, 8)
  (3): ReLU()
  (4): Linear(8, 2)
)
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ._validation import as_rng, check_int, check_positive, check_probability
from .init import normal
from .nn import ACTIVATION_MODULES, BatchNorm1d, Dropout, Linear, Module, Sequential, activation_module

__all__ = ["mlp", "normal_init", "NormalInit", "fold_batchnorm"]


class NormalInit:
    """Initializer drawing weights from ``N(0, std**2)``, whatever the layer's size.

    A fixed standard deviation ignores the fan-in, which is exactly what makes
    it too small or too large for deep networks (compare Xavier and He, which
    scale with ``n_in``).

    Parameters
    ----------
    std : float
        Standard deviation (> 0).

    Examples
    --------
    >>> init = NormalInit(0.5)
    >>> init(3, 2, seed=0).shape
    (3, 2)
    >>> init
    NormalInit(std=0.5)
    """

    def __init__(self, std: float) -> None:
        self.std = check_positive(std, "std")

    def __call__(self, n_in: int, n_out: int, *, rng: np.random.Generator | None = None,
                 seed: int | None = None, dtype: Any = np.float64) -> np.ndarray:
        """Return an ``(n_in, n_out)`` array of ``N(0, std**2)`` draws."""
        shape = (check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1))
        return normal(shape, self.std, rng=rng, seed=seed, dtype=dtype)

    def __repr__(self) -> str:
        return f"NormalInit(std={self.std:g})"


def normal_init(std: float) -> NormalInit:
    """Return an initializer for :class:`mlcourse.nn.Linear` with weights ``N(0, std**2)``.

    Parameters
    ----------
    std : float
        Standard deviation (> 0).

    Returns
    -------
    NormalInit
        Callable as ``init(n_in, n_out, rng=..., dtype=...)``.

    Raises
    ------
    ValueError
        If ``std`` is not a positive number.
    """
    return NormalInit(std)


def mlp(
    sizes: Sequence[int],
    *,
    activation: str = "relu",
    activation_options: dict[str, Any] | None = None,
    init: str | Callable[..., np.ndarray] = "xavier_uniform",
    batch_norm: bool = False,
    dropout: float = 0.0,
    output_activation: str | None = None,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> Sequential:
    """A multilayer perceptron ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``.

    Each hidden layer is ``Linear``, then ``BatchNorm1d`` (if ``batch_norm``),
    then the activation, then ``Dropout`` (if ``dropout > 0``); the last layer
    is a ``Linear``, followed by ``output_activation`` if one is given.
    Batch normalization sits between the linear part and the activation, as in
    Ioffe & Szegedy (2015).

    Parameters
    ----------
    sizes : sequence of int
        Number of units per layer, input first, output last (at least 2
        entries, each >= 1).
    activation : str, default "relu"
        Hidden activation, a name of :data:`mlcourse.nn.ACTIVATION_MODULES`.
    activation_options : dict, optional
        Keyword arguments of the activation layers, e.g. ``{"alpha": 0.1}``
        for ``"leaky_relu"``.
    init : str or callable, default "xavier_uniform"
        Weight initializer of every ``Linear`` (see :class:`mlcourse.nn.Linear`).
    batch_norm : bool, default False
        Insert ``BatchNorm1d`` after every hidden ``Linear``.
    dropout : float, default 0
        Dropout probability after every hidden activation, in [0, 1).
    output_activation : str, optional
        An activation after the last ``Linear`` (e.g. ``"softmax"``).
    seed, rng
        Source of randomness for the weights and the dropout masks (one
        generator is drawn from for every layer in order, so the same seed
        builds the same network).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    Sequential
        The network, in training mode.

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than 2 entries or a size below 1, the
        activation name is unknown, or ``dropout`` is outside [0, 1).

    Examples
    --------
    >>> net = mlp([4, 3, 2], activation="tanh", batch_norm=True, dropout=0.5, seed=1)
    >>> [type(layer).__name__ for layer in net]
    ['Linear', 'BatchNorm1d', 'Tanh', 'Dropout', 'Linear']
    >>> net.summary(4).total_parameters  # (4+1)*3 + 2*3 + (3+1)*2
    29
    """
    sizes = [check_int(size, "sizes[i]", minimum=1) for size in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    if str(activation).lower() not in ACTIVATION_MODULES:
        raise ValueError(f"unknown activation {activation!r}; valid names: {', '.join(ACTIVATION_MODULES)}")
    dropout = check_probability(dropout, "dropout")
    generator = as_rng(rng, seed)
    layers: list[Module] = []
    n_hidden = len(sizes) - 2
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(n_in, n_out, init=init, rng=generator, dtype=dtype))
        if index < n_hidden:
            if batch_norm:
                layers.append(BatchNorm1d(n_out, dtype=dtype))
            layers.append(activation_module(activation, **(activation_options or {})))
            if dropout > 0:
                layers.append(Dropout(dropout, rng=generator))
    if output_activation is not None:
        layers.append(activation_module(output_activation))
    return Sequential(*layers)


def fold_batchnorm(model: Sequential) -> Sequential:
    """Return an inference-only copy of ``model`` with every ``Linear -> BatchNorm1d`` pair merged.

    In evaluation mode batch normalization is a fixed affine map of each
    feature, ``y = gamma * (z - mean) / sqrt(var + eps) + beta`` with the
    running ``mean`` and ``var``. Applied to ``z = x @ W + b`` it gives
    another affine map, ``y = x @ W' + b'`` with::

        s  = gamma / sqrt(var + eps)      # one factor per output feature
        W' = W * s                        # scales column j of W by s[j]
        b' = (b - mean) * s + beta

    so at inference the normalization costs nothing: the folded network has
    only ``Linear`` layers where the original had ``Linear`` and
    ``BatchNorm1d``. The result matches ``model.eval()`` (up to rounding)
    but not training mode, which uses batch statistics.

    Parameters
    ----------
    model : Sequential
        A network whose ``BatchNorm1d`` layers each directly follow a
        ``Linear`` layer. Not modified.

    Returns
    -------
    Sequential
        A new network in evaluation mode, with copied (not shared) parameters.

    Raises
    ------
    TypeError
        If ``model`` is not a Sequential.
    ValueError
        If a ``BatchNorm1d`` does not follow a ``Linear`` (there is nothing
        to fold it into).

    Examples
    --------
    >>> from mlcourse import nn
    >>> net = mlp([3, 4, 2], batch_norm=True, seed=0)
    >>> _ = net(np.random.default_rng(1).standard_normal((8, 3)))   # update the running statistics
    >>> folded = fold_batchnorm(net)
    >>> [type(layer).__name__ for layer in folded]
    ['Linear', 'ReLU', 'Linear']
    >>> x = np.ones((2, 3))
    >>> bool(np.allclose(folded(x), net.eval()(x)))
    True
    """
    import copy

    if not isinstance(model, Sequential):
        raise TypeError(f"model must be an mlcourse.nn.Sequential, got {type(model).__name__}")
    layers: list[Module] = []
    for index, layer in enumerate(model):
        if isinstance(layer, BatchNorm1d):
            previous = layers[-1] if layers else None
            if not isinstance(previous, Linear) or isinstance(model[index - 1], BatchNorm1d):
                raise ValueError(f"BatchNorm1d at position {index} does not follow a Linear layer; "
                                 "only Linear -> BatchNorm1d pairs can be folded")
            scale = layer.gamma.data / np.sqrt(layer.running_var + layer.eps)
            bias = previous.b.data if previous.b is not None else np.zeros_like(scale)
            folded = Linear(previous.n_in, previous.n_out, init="zeros", dtype=previous.W.data.dtype)
            folded.W.data[...] = previous.W.data * scale
            folded.b.data[...] = (bias - layer.running_mean) * scale + layer.beta.data
            layers[-1] = folded
        else:
            layers.append(copy.deepcopy(layer))
    return Sequential(*layers).eval()
