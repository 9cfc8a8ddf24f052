"""Checkers for chapter 6 (activation functions)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from mlcourse.activations import leaky_relu, leaky_relu_derivative, sigmoid, sigmoid_derivative, tanh
from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.activation_functions.analysis import collapse_linear
from mlcourse.nn import Linear

#: The two layers of the collapse exercise: h = x W1 + b1, then y = h W2 + b2.
W1 = np.array([[1.0, 2.0], [0.0, 1.0]])
B1 = np.array([1.0, -1.0])
W2 = np.array([[2.0, 0.0], [1.0, 3.0]])
B2 = np.array([0.5, 0.5])


def exercise_layers() -> list[Linear]:
    """The collapse exercise's two layers as ``nn.Linear`` objects (weights ``W1, W2``, biases ``B1, B2``)."""
    layers = []
    for W, b in ((W1, B1), (W2, B2)):
        layer = Linear(2, 2, init="zeros")
        layer.W.data[...] = W
        layer.b.data[...] = b
        layers.append(layer)
    return layers


def largest_gradient_factor(n_layers: int) -> float:
    """The largest product of sigmoid derivatives a gradient can pick up through ``n_layers`` layers."""
    return float(sigmoid_derivative(0.0)) ** n_layers


def check_gradient_factor(value: float, n_layers: int = 5) -> Feedback:
    """Exercise 1: the largest factor ``prod sigmoid'(z_k)`` over ``n_layers`` sigmoid layers."""
    expected = largest_gradient_factor(n_layers)
    if close_enough(value, expected, rtol=1e-3, atol=0):
        return Feedback(
            True,
            f"0.25^{n_layers} = {expected:.3g}: at best a thousandth of the gradient survives "
            "five sigmoid layers (ignoring the weights, which multiply in too).",
        )
    if close_enough(value, 0.25 * n_layers, atol=0):
        return Feedback(False, "The chain rule multiplies the layers' derivatives; it does not add them.")
    if close_enough(value, 0.5**n_layers, atol=0):
        return Feedback(False, "0.5 is sigmoid(0), the value; its derivative there is sigmoid(0) (1 - sigmoid(0)).")
    if close_enough(value, 1.0, atol=0):
        return Feedback(False, "1 is the peak of tanh' (and ReLU'); the sigmoid's derivative peaks lower.")
    return Feedback(
        False, "Find the maximum of sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)), then multiply one factor per layer."
    )


def collapsed_exercise() -> tuple[np.ndarray, np.ndarray]:
    """The single layer ``(W, b)`` equal to the exercise's two layers."""
    return collapse_linear(exercise_layers())


def check_collapsed(W: Any, b: Any) -> Feedback:
    """Exercise 2: the one linear layer ``x W + b`` equal to ``(x W1 + b1) W2 + b2``."""
    expected_W, expected_b = collapsed_exercise()
    W_ok = close_enough(W, expected_W)
    b_ok = close_enough(b, expected_b)
    if W_ok and b_ok:
        return Feedback(True, "W = W1 W2 and b = b1 W2 + b2: two linear layers are one linear layer.")
    if close_enough(W, W2 @ W1):
        return Feedback(False, "With row vectors, x W1 comes first: the product is W1 W2, not W2 W1.")
    if not W_ok:
        return Feedback(False, "Expand (x W1 + b1) W2 + b2 and collect the terms that multiply x.")
    if close_enough(b, B2):
        return Feedback(False, "The first bias does not disappear: it passes through W2 as b1 W2.")
    if close_enough(b, B1 + B2):
        return Feedback(False, "b1 is multiplied by W2 on its way through the second layer: b1 W2 + b2.")
    return Feedback(False, "W is right; for b expand (x W1 + b1) W2 + b2 and keep the terms without x.")


def tanh_from_sigmoid_residual(a: float, b: float, c: float) -> float:
    """Largest ``|tanh(x) - (a sigmoid(b x) + c)|`` over ``x`` in [-6, 6]."""
    x = np.linspace(-6, 6, 241)
    return float(np.max(np.abs(tanh(x) - (a * sigmoid(b * x) + c))))


def check_tanh_from_sigmoid(a: float, b: float, c: float) -> Feedback:
    """Exercise 3: numbers with ``tanh(x) = a sigmoid(b x) + c`` for every ``x``."""
    if tanh_from_sigmoid_residual(a, b, c) < 1e-9:
        return Feedback(
            True,
            "tanh(x) = 2 sigmoid(2x) - 1: a sigmoid stretched to (-1, 1) and centred on 0; "
            "its slope at 0 is 2 * 2 * 0.25 = 1.",
        )
    if close_enough(a, 2) and close_enough(c, -1):
        return Feedback(
            False,
            "Range and centre are right; now match the slope at 0: tanh'(0) = 1, while "
            "the slope of 2 sigmoid(b x) at 0 is 2 * b / 4. Choose b.",
        )
    if close_enough(b, 2) and close_enough(a, 2) and not close_enough(c, -1):
        return Feedback(False, "2 sigmoid(2x) runs from 0 to 2; shift it down so that it runs from -1 to 1.")
    return Feedback(
        False,
        "Compare ranges first: sigmoid lies in (0, 1), tanh in (-1, 1). Then compare the slopes at 0 (1/4 and 1).",
    )


# Practice page: the learner writes two activations with their derivatives.


def _on_one_line(feedback: Feedback) -> Feedback:
    """The feedback with a matrix of the message (numpy prints one row per line) written on one line."""
    feedback.message = re.sub(r"\n\s*", " ", feedback.message)
    return feedback


def _net_inputs(rng: np.random.Generator, trial: int, scale: float) -> np.ndarray:
    """Net inputs for a trial: a short vector first (readable in a message), then vectors and batches."""
    shape = (int(rng.integers(3, 6)),) if trial < 3 or rng.random() < 0.5 else tuple(rng.integers(2, 5, size=2))
    return np.round(rng.normal(scale=scale, size=shape), 2)


def _sigmoid_inputs() -> Any:
    """``make_inputs`` for the sigmoid: moderate net inputs, and from the second trial on some of size 30 to 1000."""
    trials = iter(range(10**6))

    def make_inputs(rng: np.random.Generator) -> tuple[np.ndarray]:
        trial = next(trials)
        if trial == 1:  # the inputs on which a sigmoid that evaluates exp of a positive number overflows
            return (np.array([-800.0, -30.0, 0.0, 30.0, 800.0]),)
        return (_net_inputs(rng, trial, 3.0 if trial < 3 or rng.random() < 0.5 else 300.0),)

    return make_inputs


def library_sigmoid_pair(z: Any) -> tuple[Any, Any]:
    """``(sigmoid(z), sigmoid_derivative(z))`` of :mod:`mlcourse.activations`.

    Examples
    --------
    >>> library_sigmoid_pair(np.array([0.0, -1000.0]))
    (array([0.5, 0. ]), array([0.25, 0.  ]))
    """
    return sigmoid(z), sigmoid_derivative(z)


def check_sigmoid(sigmoid_and_derivative: Any) -> Feedback:
    """Practice: a learner's ``sigmoid_and_derivative(z) -> (s, ds)`` against :mod:`mlcourse.activations`.

    Run on 20 arrays of net inputs, among them entries of size 30 to 1000,
    with numpy's overflow turned into an error: like the library's, the
    function must never evaluate ``exp`` of a large positive number.

    Examples
    --------
    >>> check_sigmoid(library_sigmoid_pair).correct
    True
    >>> def naive(z):
    ...     s = 1 / (1 + np.exp(-z))
    ...     return s, s * (1 - s)
    >>> print(check_sigmoid(naive).message)  # doctest: +ELLIPSIS
    On z=[-800.0, -30.0, 0.0, 30.0, 800.0]: your function raised FloatingPointError: overflow encountered in exp...
    """

    def guarded(z: np.ndarray) -> Any:
        with np.errstate(over="raise", under="ignore", divide="ignore", invalid="ignore"):
            return sigmoid_and_derivative(z)

    feedback = check_function(
        guarded,
        library_sigmoid_pair,
        _sigmoid_inputs(),
        names=["z"],
        outputs=["s", "ds"],
        success="Your sigmoid and its derivative are the library's on 20 arrays, up to |z| = 1000, without overflow.",
    )
    if not feedback.correct and "FloatingPointError" in feedback.message:
        feedback.message += (
            ". For a large negative z, exp(-z) is beyond the largest float. Compute e = exp(-|z|), which lies "
            "in (0, 1], and write both cases with it; np.where evaluates both of its branches on every entry, "
            "so a branch may not overflow even where it is not chosen."
        )
    return _on_one_line(feedback)


def _leaky_relu_inputs() -> Any:
    """``make_inputs`` for the leaky ReLU: net inputs holding exact zeros, and a slope alpha (0 is ReLU)."""
    trials = iter(range(10**6))

    def make_inputs(rng: np.random.Generator) -> tuple[np.ndarray, float]:
        trial = next(trials)
        z = _net_inputs(rng, trial, 2.0)
        z.flat[int(rng.integers(z.size))] = 0.0  # the kink, where the convention matters
        alpha = 0.1 if trial == 0 else float(rng.choice([0.0, 0.01, 0.1, 0.2, 0.5]))
        return z, alpha

    return make_inputs


def library_leaky_relu_pair(z: Any, alpha: float) -> tuple[Any, Any]:
    """``(leaky_relu(z, alpha), leaky_relu_derivative(z, alpha))`` of :mod:`mlcourse.activations`.

    Examples
    --------
    >>> library_leaky_relu_pair(np.array([-2.0, 0.0, 3.0]), 0.1)
    (array([-0.2,  0. ,  3. ]), array([0.1, 0.1, 1. ]))
    """
    return leaky_relu(z, alpha), leaky_relu_derivative(z, alpha)


def check_leaky_relu(leaky_relu_and_derivative: Any) -> Feedback:
    """Practice: a learner's ``leaky_relu_and_derivative(z, alpha) -> (h, dh)`` against :mod:`mlcourse.activations`.

    Run on 20 arrays of net inputs, each holding an exact 0 (where the
    derivative is ``alpha``, as in the library and PyTorch), with slopes
    ``alpha`` from 0 (ReLU) to 0.5.

    Examples
    --------
    >>> check_leaky_relu(library_leaky_relu_pair).correct
    True
    >>> print(check_leaky_relu(lambda z, alpha: (np.where(z > 0, z, alpha * z), (z >= 0) + 0.0)).message)
    ... # doctest: +ELLIPSIS
    On z=[...], alpha=0.1: dh differs ... For z < 0 the slope is alpha, not 0. At z = 0 ...
    """
    feedback = check_function(
        leaky_relu_and_derivative,
        library_leaky_relu_pair,
        _leaky_relu_inputs(),
        names=["z", "alpha"],
        outputs=["h", "dh"],
        success="Your leaky ReLU and its derivative are the library's on 20 arrays, with alpha from 0 (ReLU) to 0.5.",
    )
    if feedback.correct:
        return _on_one_line(feedback)
    try:
        h, dh = leaky_relu_and_derivative(np.array([-1.0, 0.0, 2.0]), 0.1)
        dh = np.asarray(dh, dtype=float)
    except Exception:  # the learner's code: the error is already in the message
        return _on_one_line(feedback)
    if dh.shape == (3,) and dh[0] == 0:
        feedback.message += " For z < 0 the slope is alpha, not 0."
    if dh.shape == (3,) and dh[1] == 1:
        feedback.message += " At z = 0 use the left-hand slope alpha (1 only where z > 0), as the library does."
    return _on_one_line(feedback)
