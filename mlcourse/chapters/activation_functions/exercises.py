"""Checkers for chapter 6 (activation functions)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.activations import sigmoid, sigmoid_derivative, tanh
from mlcourse.chapters._book import Feedback, close_enough
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
