"""The anatomy of a feedforward network (chapter 3).

A multilayer perceptron computes, layer after layer, ``H = f(H_prev @ W + b)``
with one row per sample (the row-vector convention of :mod:`mlcourse.nn`).
This module holds the small tools the chapter uses to look inside:

- :func:`add_bias_input` and :func:`augmented_weights`: the second notation
  for a layer, in which the bias is the first row of the weight matrix and
  every input gets a leading constant 1 (the "bias unit");
- :func:`parameter_count`: the number of weights and biases of a stack of
  fully connected layers, ``sum((n_in + 1) * n_out)``, computed from the
  layer sizes alone;
- :func:`layer_outputs`: what every layer of a ``Sequential`` outputs, for
  looking at the hidden representation;
- :func:`time_batch_vs_loop`: one forward pass on a whole batch against a
  Python loop over its samples.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from mlcourse._validation import as_float_array, check_int, describe
from mlcourse.nn import Linear, Module, Sequential

__all__ = ["add_bias_input", "augmented_weights", "parameter_count", "layer_outputs", "BatchTiming",
           "time_batch_vs_loop"]


def add_bias_input(X: Any) -> np.ndarray:
    """Put a constant 1 in front of every sample: ``(x_1, ..., x_d) -> (1, x_1, ..., x_d)``.

    With this input, a layer's bias becomes the first row of its weight matrix
    (:func:`augmented_weights`): ``[1, X] @ [[b], [W]] == X @ W + b``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The batch.

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_features + 1)

    Examples
    --------
    >>> add_bias_input([[2.0, 3.0]])
    array([[1., 2., 3.]])
    """
    X = as_float_array(X, "X", ndim=2)
    return np.hstack([np.ones((len(X), 1), dtype=X.dtype), X])


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
        every parameter of output unit ``j``.

    Raises
    ------
    TypeError
        If ``layer`` is not a ``Linear`` layer.
    ValueError
        If the layer was built with ``bias=False``.

    Examples
    --------
    >>> layer = Linear(3, 2, init="zeros")
    >>> augmented_weights(layer).shape
    (4, 2)
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
    was_training = model.training
    model.eval()
    try:
        outputs, h = [], X
        for layer in model:
            h = layer(h)
            outputs.append(h)
        return outputs
    finally:
        model.train(was_training)


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
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module, got {describe(model)}")
    X = as_float_array(X, "X", ndim=2)
    repeats = check_int(repeats, "repeats", minimum=1)
    was_training = model.training
    model.eval()
    try:
        batch_times, loop_times = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            batched = model(X)
            batch_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            looped = np.vstack([model(X[i:i + 1]) for i in range(len(X))])
            loop_times.append(time.perf_counter() - started)
    finally:
        model.train(was_training)
    return BatchTiming(min(batch_times), min(loop_times), len(X), float(np.max(np.abs(batched - looped))))
