"""Checkers for chapter 5 (the multilayer perceptron).

The right answers are computed by the library: parameter counts by
:meth:`mlcourse.nn.Sequential.summary`, shapes by running a batch through a
network, and the learner's XOR network by :func:`mlcourse.nn.mlp` with step
units and the given weights.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from mlcourse import nn
from mlcourse.chapters._book import Feedback
from mlcourse.data import logic_gate
from mlcourse.nn import mlp

#: Exercise 1: the network whose parameters the learner counts (8x8 digit images in, 10 classes out).
COUNT_SIZES = (64, 32, 16, 10)
#: Exercise 2: the batch size and the layer sizes of the shape question.
SHAPE_BATCH = 50
SHAPE_SIZES = (64, 32, 10)


def counted_parameters(sizes: Sequence[int] = COUNT_SIZES) -> int:
    """The parameter count of the network ``sizes``, read from ``Sequential.summary`` (exercise 1)."""
    model = mlp(list(sizes), activation="sigmoid", seed=0, output_activation="softmax")
    return model.summary(sizes[0]).total_parameters


def check_parameter_count(count: int) -> Feedback:
    """Exercise 1: the number of weights and biases of the 64 -> 32 -> 16 -> 10 network."""
    expected = counted_parameters()
    pairs = list(zip(COUNT_SIZES[:-1], COUNT_SIZES[1:]))
    weights_only = sum(n_in * n_out for n_in, n_out in pairs)
    if count == expected:
        return Feedback(True, f"{' + '.join(f'({a}+1)*{b}' for a, b in pairs)} = {expected}; the softmax adds none.")
    if count == weights_only:
        return Feedback(False, "You counted the weights only: every unit also has a bias (the +1 in (n_in+1)*n_out).")
    if count == weights_only + len(pairs):
        return Feedback(False, "One bias per layer is too few: each unit of a layer has its own bias.")
    if count == weights_only + sum(COUNT_SIZES[:-1]):
        return Feedback(
            False, "The bias belongs to the receiving units: a layer with n_out units has n_out biases, not n_in."
        )
    if count == expected + COUNT_SIZES[-1]:
        return Feedback(
            False, "The output layer's biases are already in (n_in+1)*n_out; there is no bias unit after the output."
        )
    return Feedback(False, "Add (n_in + 1) * n_out over the three layers of weights.")


def batch_shapes(
    batch: int = SHAPE_BATCH, sizes: Sequence[int] = SHAPE_SIZES
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Exercise 2: the shapes of the hidden output ``H`` and of the second weight matrix ``W2``, by running a batch."""
    model = mlp(list(sizes), activation="sigmoid", seed=0)
    hidden = model[1](model[0](np.zeros((batch, sizes[0]))))
    return hidden.shape, model[2].W.data.shape


def check_shapes(hidden_shape: Any, W2_shape: Any) -> Feedback:
    """Exercise 2: shapes of ``H = sigmoid(X @ W1 + b1)`` and of ``W2`` for 50 samples through 64 -> 32 -> 10."""
    expected_hidden, expected_W2 = batch_shapes()
    hidden_shape, W2_shape = tuple(hidden_shape), tuple(W2_shape)
    if hidden_shape == expected_hidden and W2_shape == expected_W2:
        return Feedback(
            True,
            "One row per sample, one column per unit; W has one row per input and one "
            "column per output, so H @ W2 is (50, 32) @ (32, 10) = (50, 10).",
        )
    if hidden_shape == expected_hidden[::-1] or W2_shape == expected_W2[::-1]:
        return Feedback(
            False,
            "Transposed: in the row-vector convention a batch has one ROW per sample and W has shape (n_in, n_out).",
        )
    if hidden_shape[0] != SHAPE_BATCH:
        return Feedback(False, "The batch size stays the first dimension of every layer's output.")
    return Feedback(False, "H has one column per hidden unit; W2 maps the hidden units to the outputs.")


def xor_network(W1: Any, b1: Any, W2: Any, b2: Any) -> nn.Sequential:
    """A 2 -> 2 -> 1 network of step units (output 1 where the net input is >= 0) with the given parameters."""
    model = mlp([2, 2, 1], activation="step", output_activation="step", init="zeros")
    hidden, output = model[0], model[2]
    hidden.W.data[:] = np.asarray(W1, dtype=float).reshape(2, 2)
    hidden.b.data[:] = np.asarray(b1, dtype=float).reshape(2)
    output.W.data[:] = np.asarray(W2, dtype=float).reshape(2, 1)
    output.b.data[:] = np.asarray(b2, dtype=float).reshape(1)
    return model


def check_xor_network(W1: Any, b1: Any, W2: Any, b2: Any) -> Feedback:
    """Exercise 3: parameters of a 2 -> 2 -> 1 step network computing XOR (outputs 0/1).

    ``W1`` has shape (2, 2) (column j = weights of hidden unit j), ``b1``
    shape (2,), ``W2`` shape (2, 1) or (2,), ``b2`` a number.
    """
    try:
        model = xor_network(W1, b1, W2, b2)
    except ValueError as error:
        return Feedback(False, f"Shapes: W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,). ({error})")
    X, y = logic_gate("xor", labels="01")
    output = model(X)[:, 0]
    if np.array_equal(output, y):
        hidden = model[1](model[0](X))
        return Feedback(
            True,
            f"The hidden layer maps the four inputs to {hidden.astype(int).tolist()}, where one "
            "line separates the classes.",
        )
    if np.array_equal(output, 1 - y):
        return Feedback(False, "You built XNOR: flip the signs of the output unit's weights and bias.")
    return Feedback(
        False,
        f"The outputs are {output.astype(int).tolist()}, XOR is {y.tolist()}. Try hidden units "
        "computing OR and NAND, and an output unit computing AND of the two.",
    )
