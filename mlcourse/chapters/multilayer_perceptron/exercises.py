"""Checkers for chapter 5 (the multilayer perceptron).

The right answers are computed by the library: parameter counts by
:meth:`mlcourse.nn.Sequential.summary`, shapes by running a batch through a
network, and the learner's XOR network by :func:`mlcourse.nn.mlp` with step
units and the given weights.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np

from mlcourse import nn
from mlcourse.chapters._book import Feedback, check_function
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


# Practice page: the learner writes the forward pass and the training step.


def _on_one_line(feedback: Feedback) -> Feedback:
    """The feedback with a matrix of the message (numpy prints one row per line) written on one line."""
    feedback.message = re.sub(r"\n\s*", " ", feedback.message)
    return feedback


def _forward_problem(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Random ``(X, W1, b1, W2, b2)`` of a small two-layer network, rounded to 2 decimals so the message reads."""
    n_samples, n_in = int(rng.integers(2, 5)), int(rng.integers(1, 4))
    n_hidden, n_out = int(rng.integers(2, 5)), int(rng.integers(1, 3))
    return tuple(
        np.round(rng.normal(size=shape), 2)
        for shape in ((n_samples, n_in), (n_in, n_hidden), (n_hidden,), (n_hidden, n_out), (n_out,))
    )


def library_forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(H, Y_hat)`` of the sigmoid network ``mlp(..., activation="sigmoid", output_activation="sigmoid")``.

    The weights are loaded into the library's network; ``H`` is what its
    hidden ``Sigmoid`` layer hands on, ``Y_hat`` its output.

    Examples
    --------
    >>> H, Y_hat = library_forward(np.zeros((1, 2)), np.ones((2, 3)), np.zeros(3), np.ones((3, 1)), np.zeros(1))
    >>> H, Y_hat.round(4)
    (array([[0.5, 0.5, 0.5]]), array([[0.8176]]))
    """
    model = mlp(
        [W1.shape[0], W1.shape[1], W2.shape[1]], activation="sigmoid", output_activation="sigmoid", init="zeros"
    )
    model.load_state_dict({"0.W": W1, "0.b": b1, "2.W": W2, "2.b": b2})
    outputs = [X]
    for layer in model:
        outputs.append(layer(outputs[-1]))
    return outputs[2], outputs[4]


def check_forward(forward: Any) -> Feedback:
    """Practice: a learner's ``forward(X, W1, b1, W2, b2) -> (H, Y_hat)`` against the library's network.

    ``H = sigmoid(X @ W1 + b1)`` and ``Y_hat = sigmoid(H @ W2 + b2)``; the
    reference is :func:`library_forward` (``nn.Linear`` and ``nn.Sigmoid``
    layers holding the given weights), run on 20 random networks and batches.

    Examples
    --------
    >>> from mlcourse.activations import sigmoid
    >>> check_forward(library_forward).correct
    True
    >>> check_forward(lambda X, W1, b1, W2, b2: (sigmoid(X @ W1 + b1), sigmoid(X @ W1 + b1) @ W2 + b2)).correct
    False
    """
    feedback = check_function(
        forward,
        library_forward,
        _forward_problem,
        names=["X", "W1", "b1", "W2", "b2"],
        outputs=["H", "Y_hat"],
        success="Your forward pass is the library's on 20 random networks (1 to 3 inputs, 2 to 4 hidden units).",
    )
    if not feedback.correct and "matmul" in feedback.message:
        feedback.message += (
            ". In the row-vector convention W1 has shape (n_in, n_hidden): one row per input, one column "
            "per hidden unit, so a layer computes X @ W1 + b1."
        )
    return _on_one_line(feedback)


def _training_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(X, Y, sizes, learning_rate, steps, seed)``: a batch with 0/1 targets and a small sigmoid network."""
    sizes = [int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(1, 3))]
    n_samples = int(rng.integers(2, 6))
    X = np.round(rng.normal(size=(n_samples, sizes[0])), 2)
    Y = rng.integers(0, 2, size=(n_samples, sizes[2])).astype(float)
    return X, Y, sizes, float(rng.choice([0.5, 1.0, 5.0])), int(rng.integers(2, 4)), int(rng.integers(0, 100))


def _run_training(
    step: Any, X: np.ndarray, Y: np.ndarray, sizes: list[int], learning_rate: float, steps: int, seed: int
):
    """Build the network and the SGD optimizer, call ``step(model, loss_fn, optimizer, X, Y)`` ``steps`` times.

    Returns the losses the calls returned (None if one returned None), then
    ``W1, b1, W2, b2`` after the steps.
    """
    from mlcourse import losses, optim

    model = mlp(sizes, activation="sigmoid", output_activation="sigmoid", seed=seed)
    optimizer = optim.SGD(model.parameters(), lr=learning_rate)
    loss_fn = losses.MSELoss()
    returned = [step(model, loss_fn, optimizer, X, Y) for _ in range(steps)]
    values = None if any(value is None for value in returned) else returned
    return (values, *(parameter.data.copy() for parameter in model.parameters()))


def _library_training(*problem: Any):
    from mlcourse.train import train_step

    return _run_training(train_step, *problem)


def _step_without_update(model: Any, loss_fn: Any, optimizer: Any, X: np.ndarray, y: np.ndarray) -> float:
    optimizer.zero_grad()
    value = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    return value


def _step_without_zero_grad(model: Any, loss_fn: Any, optimizer: Any, X: np.ndarray, y: np.ndarray) -> float:
    value = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    optimizer.step()
    return value


def _step_reporting_after(model: Any, loss_fn: Any, optimizer: Any, X: np.ndarray, y: np.ndarray) -> float:
    optimizer.zero_grad()
    loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    optimizer.step()
    return loss_fn(model(X), y)


#: Typical slips of a training step, each run through the library, and what to say when a step does the same.
_TRAINING_SLIPS = (
    (_step_without_update, "The weights never move: call optimizer.step() after the backward pass."),
    (
        _step_without_zero_grad,
        "From the second step on the gradients add up: backward adds (+=) into every p.grad, so call "
        "optimizer.zero_grad() at the start of each step.",
    ),
    (_step_reporting_after, "Return the loss of this step's forward pass, computed before the update."),
)


def _same_outputs(first: tuple[Any, ...], second: tuple[Any, ...]) -> bool:
    try:
        return all(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float)) for a, b in zip(first, second))
    except (TypeError, ValueError):
        return False


def check_train_step(train_step: Any) -> Feedback:
    """Practice: a learner's ``train_step(model, loss_fn, optimizer, X, y) -> loss`` against the library's.

    For 20 random problems, a sigmoid network ``mlp(sizes, activation="sigmoid",
    output_activation="sigmoid", seed=seed)`` with ``optim.SGD`` and
    ``losses.MSELoss()`` takes ``steps`` steps with the learner's function
    and, from the same start, with :func:`mlcourse.train.train_step`; the
    losses returned and the weights after must agree. When a step behaves like
    a typical slip (no update, no zeroing of the gradients, the loss reported
    after the update), the message says so.

    Examples
    --------
    >>> from mlcourse.train import train_step
    >>> check_train_step(train_step).correct
    True
    >>> print(check_train_step(_step_without_zero_grad).message)  # doctest: +ELLIPSIS
    On ...: ... From the second step on the gradients add up: ...
    """

    def run(*problem: Any):
        return _run_training(train_step, *problem)

    feedback = check_function(
        run,
        _library_training,
        _training_problem,
        names=["X", "Y", "sizes", "learning_rate", "steps", "seed"],
        outputs=[
            "the list of returned losses",
            "W1 after the steps",
            "b1 after the steps",
            "W2 after the steps",
            "b2 after the steps",
        ],
        success="Your step trains exactly like the library's train_step on 20 random networks (2 or 3 steps each).",
    )
    if not feedback.correct:
        problem = _training_problem(np.random.default_rng(0))
        try:
            got = run(*problem)
        except Exception:  # the learner's code: the error is already in the message
            return _on_one_line(feedback)
        for slip, hint in _TRAINING_SLIPS:
            if _same_outputs(got, _run_training(slip, *problem)):
                feedback.message += " " + hint
                break
    return _on_one_line(feedback)
