"""The anatomy of a feedforward network, and its capacity experiment (chapter 5).

A multilayer perceptron computes, layer after layer, ``H = f(H_prev @ W + b)``
with one row per sample (the row-vector convention of :mod:`mlcourse.nn`).
This module holds the small tools the chapter uses to look inside:

- :func:`augmented_weights`: the second notation for a layer, in which the
  bias is the first row of the weight matrix and every input gets a leading
  constant 1 (the "bias unit", :func:`mlcourse.data.add_bias_column`);
- :func:`parameter_count`: the number of weights and biases of a stack of
  fully connected layers, ``sum((n_in + 1) * n_out)``, computed from the
  layer sizes alone;
- :func:`layer_outputs`: what every layer of a ``Sequential`` outputs, for
  looking at the hidden representation;
- :func:`time_batch_vs_loop`: one forward pass on a whole batch against a
  Python loop over its samples.

Training uses only what the chapters before taught: the mean squared error
(chapter 1) and plain full-batch gradient descent (chapter 3, ``optim.SGD``),
one :func:`mlcourse.train.train_step` per epoch, with sigmoid units (a smooth
step) so that every weight has a useful gradient:

- :func:`train_by_gradient_descent`: the loop, on any network and data;
- :func:`train_xor_network` and :func:`xor_starts`: the four XOR points,
  from one random start or from many;

and the experiment of the chapter's widget, which trains sigmoid networks of
several widths and depths on two data sets that no straight line separates:
:func:`make_xor_cloud` and :func:`capacity_data` (the data),
:func:`best_line_accuracy` (what a single line can do on them) and
:func:`trained_network` (the trained networks, cached).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Sequence

import numpy as np

from mlcourse import losses, optim
from mlcourse._validation import (
    as_float_array,
    as_rng,
    check_int,
    check_positive,
    describe,
)
from mlcourse.chapters.perceptron.analysis import fewest_errors_of_any_line
from mlcourse.data import logic_gate, make_moons
from mlcourse.nn import Linear, Module, Sequential, evaluating, mlp
from mlcourse.train import train_step

__all__ = [
    "augmented_weights",
    "parameter_count",
    "layer_outputs",
    "BatchTiming",
    "time_batch_vs_loop",
    "train_by_gradient_descent",
    "XOR_LEARNING_RATE",
    "XOR_EPOCHS",
    "train_xor_network",
    "solves_xor",
    "xor_starts",
    "DATASETS",
    "N_SAMPLES",
    "EPOCHS",
    "LEARNING_RATE",
    "make_xor_cloud",
    "capacity_data",
    "best_line_accuracy",
    "TrainedNetwork",
    "trained_network",
]


def augmented_weights(layer: Linear) -> np.ndarray:
    """The weight matrix of ``layer`` with its bias as the first row: shape ``(n_in + 1, n_out)``.

    Parameters
    ----------
    layer : mlcourse.nn.Linear
        A dense layer (with a bias).

    Returns
    -------
    numpy.ndarray of shape (n_in + 1, n_out)
        ``[[b_1, ..., b_m], [W]]``, the notation in which column ``j`` holds
        every parameter of output unit ``j``: with the inputs given a leading
        1 by :func:`mlcourse.data.add_bias_column`,
        ``add_bias_column(X) @ augmented_weights(layer) == X @ W + b``.

    Raises
    ------
    TypeError
        If ``layer`` is not a ``Linear`` layer.
    ValueError
        If the layer was built with ``bias=False``.

    Examples
    --------
    >>> from mlcourse.data import add_bias_column
    >>> layer = Linear(2, 1, init="zeros")
    >>> layer.W.data[:] = [[2.0], [3.0]]
    >>> layer.b.data[:] = [-1.0]
    >>> augmented_weights(layer)
    array([[-1.],
           [ 2.],
           [ 3.]])
    >>> add_bias_column([[1.0, 1.0]]) @ augmented_weights(layer)  # 2 + 3 - 1
    array([[4.]])
    """
    if not isinstance(layer, Linear):
        raise TypeError(f"layer must be an mlcourse.nn.Linear, got {describe(layer)}")
    if layer.b is None:
        raise ValueError(f"{layer!r} has no bias: there is no bias row to add")
    return np.vstack([layer.b.data[None, :], layer.W.data])


def parameter_count(sizes: Sequence[int]) -> int:
    """Weights and biases of fully connected layers ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``.

    Each of the ``n_out`` units of a layer has one weight per input and one
    bias, so a layer has ``(n_in + 1) * n_out`` parameters; activations
    (sigmoid, ReLU, softmax, ...) have none.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first (at least 2 entries, each >= 1).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than 2 entries or an entry below 1.

    Examples
    --------
    >>> parameter_count([3, 2])  # the notes' network: (3 + 1) * 2
    8
    >>> parameter_count([4, 16, 16, 3])  # 5*16 + 17*16 + 17*3
    403
    """
    sizes = [check_int(size, "sizes[i]", minimum=1) for size in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def layer_outputs(model: Sequential, X: Any) -> list[np.ndarray]:
    """The output of every layer of ``model`` for the batch ``X``, in order (evaluation mode).

    Parameters
    ----------
    model : mlcourse.nn.Sequential
        The network.
    X : array_like of shape (n_samples, n_features)
        The batch.

    Returns
    -------
    list of numpy.ndarray
        ``outputs[k]`` is what layer ``k`` hands to layer ``k + 1``; the last
        entry equals ``model(X)``.

    Raises
    ------
    TypeError
        If ``model`` is not a ``Sequential``.

    Examples
    --------
    >>> from mlcourse.nn import Tanh
    >>> net = Sequential(Linear(2, 3, seed=0), Tanh(), Linear(3, 1, seed=1))
    >>> [h.shape for h in layer_outputs(net, np.zeros((5, 2)))]
    [(5, 3), (5, 3), (5, 1)]
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be an mlcourse.nn.Sequential, got {describe(model)}")
    X = as_float_array(X, "X", ndim=2)
    outputs, h = [], X
    with evaluating(model):
        for layer in model:
            h = layer(h)
            outputs.append(h)
    return outputs


@dataclass
class BatchTiming:
    """What :func:`time_batch_vs_loop` measured.

    Parameters
    ----------
    batch_seconds : float
        Best time of one forward pass over the whole batch.
    loop_seconds : float
        Best time of a Python loop doing one forward pass per sample.
    n_samples : int
        Rows in the batch.
    max_difference : float
        Largest absolute difference between the two ways' outputs.
    """

    batch_seconds: float
    loop_seconds: float
    n_samples: int
    max_difference: float

    @property
    def speedup(self) -> float:
        """How many times faster the batched pass was."""
        return self.loop_seconds / self.batch_seconds


def time_batch_vs_loop(model: Module, X: Any, *, repeats: int = 3) -> BatchTiming:
    """Time ``model(X)`` on the whole batch against ``model(x)`` for one sample at a time.

    Both compute the same numbers (one row of a matrix product does not depend
    on the other rows); the batch does it in a few large matrix products, the
    loop in ``n_samples`` small ones with Python in between. Each way is
    timed ``repeats`` times and the best time kept.

    Parameters
    ----------
    model : mlcourse.nn.Module
        The network (put in evaluation mode while timing).
    X : array_like of shape (n_samples, n_features)
        The batch.
    repeats : int, default 3
        Timings per way (>= 1).

    Returns
    -------
    BatchTiming

    Raises
    ------
    TypeError
        If ``model`` is not a Module.
    ValueError
        If ``X`` is not 2-D or ``repeats`` is below 1.

    Examples
    --------
    >>> from mlcourse.nn import mlp
    >>> timing = time_batch_vs_loop(mlp([3, 4, 2], seed=0), np.ones((10, 3)), repeats=1)
    >>> timing.n_samples, timing.max_difference < 1e-12
    (10, True)
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module, got {describe(model)}")
    X = as_float_array(X, "X", ndim=2)
    repeats = check_int(repeats, "repeats", minimum=1)
    batch_times, loop_times = [], []
    with evaluating(model):
        for _ in range(repeats):
            started = time.perf_counter()
            batched = model(X)
            batch_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            looped = np.vstack([model(X[i : i + 1]) for i in range(len(X))])
            loop_times.append(time.perf_counter() - started)
    return BatchTiming(min(batch_times), min(loop_times), len(X), float(np.max(np.abs(batched - looped))))


# ------------------------------------------------------- training by gradient descent

#: The chapter's XOR networks: full-batch gradient descent at this learning rate for this many epochs.
#: The rate is large because a sigmoid's slope is at most 1/4, which shrinks every gradient.
XOR_LEARNING_RATE = 5.0
XOR_EPOCHS = 500


def train_by_gradient_descent(model: Module, X: Any, y: Any, *, learning_rate: float, epochs: int) -> list[float]:
    """Train ``model`` on ``(X, y)`` by plain full-batch gradient descent on the mean squared error.

    Each epoch is one :func:`mlcourse.train.train_step` on all samples with
    ``optim.SGD(model.parameters(), lr=learning_rate)``: zero the gradients,
    forward pass, loss, backward pass (the gradients), update.

    Parameters
    ----------
    model : mlcourse.nn.Module
        The network, trained in place.
    X : array_like of shape (n_samples, n_features)
        Inputs.
    y : array_like of shape (n_samples,) or (n_samples, n_outputs)
        Targets; a 1-D ``y`` is taken as one column (the output of a one-unit layer).
    learning_rate : float
        Step size (> 0).
    epochs : int
        Number of steps (>= 1).

    Returns
    -------
    list of float
        The mean squared error before each step, one per epoch.

    Raises
    ------
    TypeError
        If ``model`` is not a Module.
    ValueError
        If ``learning_rate`` is not positive, ``epochs`` is below 1, or the
        data do not suit the network.

    Examples
    --------
    >>> from mlcourse.nn import Linear
    >>> model = Linear(1, 1, init="zeros")
    >>> losses = train_by_gradient_descent(model, [[1.0], [2.0]], [2.0, 4.0], learning_rate=0.1, epochs=500)
    >>> round(losses[0], 6), losses[-1] < 1e-6   # mean of 2**2 and 4**2 at first
    (10.0, True)
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module, got {describe(model)}")
    epochs = check_int(epochs, "epochs", minimum=1)
    optimizer = optim.SGD(model.parameters(), lr=check_positive(learning_rate, "learning_rate"))
    y = np.asarray(y)
    target = y.reshape(-1, 1).astype(float) if y.ndim == 1 else y.astype(float)
    loss = losses.MSELoss()
    return [train_step(model, loss, optimizer, X, target) for _ in range(epochs)]


def train_xor_network(
    hidden_units: int = 2,
    *,
    seed: int = 0,
    activation: str = "sigmoid",
    depth: int = 1,
    learning_rate: float = XOR_LEARNING_RATE,
    epochs: int = XOR_EPOCHS,
) -> tuple[Sequential, list[float]]:
    """A network ``2 -> hidden_units (x depth) -> 1`` trained on the four XOR points (labels 0/1).

    The hidden units use ``activation``, the output unit a sigmoid; the
    weights start at random (Xavier/Glorot uniform, ``seed``) and
    :func:`train_by_gradient_descent` fits them to the mean squared error.

    Parameters
    ----------
    hidden_units : int, default 2
        Units per hidden layer (>= 1).
    seed : int, default 0
        Seed of the initial weights.
    activation : str, default "sigmoid"
        Hidden activation, a name of :data:`mlcourse.nn.ACTIVATION_MODULES`.
    depth : int, default 1
        Number of hidden layers (>= 1).
    learning_rate : float, default XOR_LEARNING_RATE
        Step size of gradient descent.
    epochs : int, default XOR_EPOCHS
        Steps of gradient descent.

    Returns
    -------
    model : mlcourse.nn.Sequential
        The trained network; its output is the probability-like score of class 1.
    losses : list of float
        The mean squared error before each step.

    Raises
    ------
    ValueError
        If a size is below 1 or the activation is unknown.

    Examples
    --------
    >>> model, losses = train_xor_network(2, seed=0)
    >>> solves_xor(model), losses[-1] < losses[0]
    (True, True)
    """
    hidden_units = check_int(hidden_units, "hidden_units", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    X, y = logic_gate("xor", labels="01")
    model = mlp([2] + [hidden_units] * depth + [1], activation=activation, output_activation="sigmoid", seed=seed)
    return model, train_by_gradient_descent(model, X, y, learning_rate=learning_rate, epochs=epochs)


def solves_xor(model: Module) -> bool:
    """Whether ``model`` classifies the four XOR points right, reading an output >= 0.5 as class 1.

    Examples
    --------
    >>> from mlcourse.chapters.multilayer_perceptron.exercises import xor_network
    >>> solves_xor(xor_network([[1.0, -1.0], [1.0, -1.0]], [-0.5, 1.5], [1.0, 1.0], -1.5))
    True
    """
    X, y = logic_gate("xor", labels="01")
    with evaluating(model):
        output = np.asarray(model(X))
    return bool(np.array_equal((output[:, 0] >= 0.5).astype(int), y))


def xor_starts(hidden_units: int, seeds: Sequence[int], **training: Any) -> list[tuple[bool, float]]:
    """Train on XOR from each of the random starts ``seeds`` (:func:`train_xor_network`): solved, and final loss.

    Parameters
    ----------
    hidden_units : int
        Units of the hidden layer.
    seeds : sequence of int
        One training per seed.
    **training
        Further arguments of :func:`train_xor_network` (``epochs``, ``learning_rate``, ...).

    Returns
    -------
    list of (bool, float)
        Per seed: whether the trained network classifies the four points
        right (:func:`solves_xor`), and its mean squared error before the
        last step.

    Examples
    --------
    >>> [solved for solved, _ in xor_starts(3, range(2))]
    [True, True]
    """
    runs = []
    for seed in seeds:
        model, history = train_xor_network(hidden_units, seed=seed, **training)
        runs.append((solves_xor(model), history[-1]))
    return runs


# ------------------------------------------------------- capacity experiment

#: The two data sets of the capacity experiment; no straight line separates either.
DATASETS: tuple[str, ...] = ("XOR", "moons")
#: Points per data set.
N_SAMPLES = 120
#: Training of every network: full-batch gradient descent on the MSE for this many epochs at this rate.
EPOCHS = 2000
LEARNING_RATE = 5.0


def make_xor_cloud(n_samples: int = N_SAMPLES, *, noise: float = 0.35, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy XOR: Gaussian clouds around the corners ``(+-1, +-1)``; class 1 where the signs differ.

    Parameters
    ----------
    n_samples : int, default N_SAMPLES
        Number of points (spread evenly over the four corners, >= 1).
    noise : float, default 0.35
        Standard deviation of each cloud (>= 0).
    seed : int, default 0
        Seed of the generator.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), labels 0 and 1

    Raises
    ------
    ValueError
        If ``n_samples`` is below 1 or ``noise`` is negative.

    Examples
    --------
    >>> X, y = make_xor_cloud(4, noise=0.0)
    >>> X.tolist(), y.tolist()
    ([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    noise = check_positive(noise, "noise", allow_zero=True)
    generator = as_rng(seed=seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = np.arange(n_samples) % 4
    X = corners[which] + noise * generator.standard_normal((n_samples, 2))
    y = (corners[which, 0] * corners[which, 1] < 0).astype(np.int64)
    return X, y


@cache
def capacity_data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The experiment's data set ``"XOR"`` (:func:`make_xor_cloud`) or ``"moons"`` (120 points, seed 0, labels 0/1).

    Computed once and cached: do not modify the arrays.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.

    Returns
    -------
    X : numpy.ndarray of shape (N_SAMPLES, 2)
    y : numpy.ndarray of shape (N_SAMPLES,)

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`DATASETS`.

    Examples
    --------
    >>> X, y = capacity_data("moons")
    >>> X.shape, sorted(set(y.tolist()))
    ((120, 2), [0, 1])
    """
    if name == "XOR":
        return make_xor_cloud()
    if name == "moons":
        return make_moons(N_SAMPLES, noise=0.15, seed=0)
    raise ValueError(f"unknown data set {name!r}; choose one of {DATASETS}")


@cache
def best_line_accuracy(name: str) -> float:
    """The training accuracy of the best straight line on the data set ``name`` (exact).

    Computed from :func:`mlcourse.chapters.perceptron.analysis.fewest_errors_of_any_line`,
    which searches every line, so no classifier whose boundary is a line can do better.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`DATASETS`.

    Examples
    --------
    >>> best_line_accuracy("XOR") < 0.8
    True
    """
    X, y = capacity_data(name)
    return 1.0 - fewest_errors_of_any_line(X, 2 * y - 1) / len(y)


@dataclass(frozen=True)
class TrainedNetwork:
    """A network of the capacity experiment and its training record (see :func:`trained_network`).

    Parameters
    ----------
    model : mlcourse.nn.Sequential
        The trained network (sigmoid output: the score of class 1).
    losses : tuple of float
        The mean squared error before each step of gradient descent.
    """

    model: Sequential
    losses: tuple[float, ...]

    def probability(self, X: Any) -> np.ndarray:
        """The network's output (score of class 1, in (0, 1)) for every row of ``X``, shape (n_samples,)."""
        with evaluating(self.model):
            return np.asarray(self.model(as_float_array(X, "X", ndim=2)))[:, 0]

    def accuracy(self, X: Any, y: Any) -> float:
        """The fraction of samples whose class (output >= 0.5 means 1) equals the label ``y`` (0/1)."""
        return float(np.mean((self.probability(X) >= 0.5).astype(int) == np.asarray(y)))


@cache
def trained_network(hidden_units: int, depth: int, name: str) -> TrainedNetwork:
    """A sigmoid network with ``depth`` hidden layers of ``hidden_units`` units, trained on the data set ``name``.

    Sigmoid hidden and output units, Xavier/Glorot initial weights (seed 0),
    full-batch gradient descent on the mean squared error for :data:`EPOCHS`
    epochs at :data:`LEARNING_RATE` (:func:`train_by_gradient_descent`).
    Trained once per argument set and cached: do not train the returned
    network further.

    Parameters
    ----------
    hidden_units : int
        Units per hidden layer (>= 1).
    depth : int
        Number of hidden layers (>= 1).
    name : str
        One of :data:`DATASETS`.

    Returns
    -------
    TrainedNetwork

    Raises
    ------
    ValueError
        If a size is below 1 or ``name`` is unknown.

    Examples
    --------
    >>> network = trained_network(4, 1, "XOR")
    >>> network.accuracy(*capacity_data("XOR"))
    1.0
    """
    hidden_units = check_int(hidden_units, "hidden_units", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    X, y = capacity_data(name)
    model = mlp([X.shape[1]] + [hidden_units] * depth + [1], activation="sigmoid", output_activation="sigmoid", seed=0)
    history = train_by_gradient_descent(model, X, y, learning_rate=LEARNING_RATE, epochs=EPOCHS)
    return TrainedNetwork(model, tuple(history))
