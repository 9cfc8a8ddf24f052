"""Checkers for chapter 7 (loss functions)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.data import one_hot
from mlcourse.losses import cross_entropy, mae, mse, softmax_cross_entropy_grad

__all__ = [
    "CE_PROBABILITIES",
    "CE_LABEL",
    "GRAD_LOGITS",
    "GRAD_LABEL",
    "CONSTANT_TARGETS",
    "check_cross_entropy",
    "softmax_gradient_exercise",
    "check_softmax_gradient",
    "best_constants",
    "check_best_constants",
]

#: Exercise 1: predicted probabilities of one sample and its true class.
CE_PROBABILITIES = np.array([0.1, 0.7, 0.2])
CE_LABEL = 1

#: Exercise 2: logits of one sample and its true class.
GRAD_LOGITS = np.array([2.0, 1.0, 0.0])
GRAD_LABEL = 0

#: Exercise 3: five targets for a constant prediction.
CONSTANT_TARGETS = np.array([1.0, 2.0, 3.0, 4.0, 100.0])


def check_cross_entropy(value: float) -> Feedback:
    """Exercise 1: the cross-entropy of ``CE_PROBABILITIES`` for the true class ``CE_LABEL``.

    Examples
    --------
    >>> check_cross_entropy(0.3567).correct
    True
    """
    expected = cross_entropy(CE_PROBABILITIES[None, :], np.array([CE_LABEL]))
    if close_enough(value, expected):
        return Feedback(True, f"-ln 0.7 = {expected:.4f}: only the true class's probability counts.")
    if close_enough(value, -expected):
        return Feedback(False, "The sign: log p is negative for p < 1, and a loss must be positive; write -log p.")
    if close_enough(value, expected / np.log(10)):
        return Feedback(False, "That is log base 10; the cross-entropy uses the natural logarithm.")
    if close_enough(value, float(-np.sum(np.log(CE_PROBABILITIES)))):
        return Feedback(False, "With a one-hot target only the true class's term survives: t_k = 0 for the others.")
    if any(close_enough(value, -np.log(p)) for p in CE_PROBABILITIES):
        return Feedback(False, f"Use the probability of the true class, index {CE_LABEL}.")
    return Feedback(False, "L = -sum_k t_k log p_k with the one-hot target t: that is -log of one number.")


def softmax_gradient_exercise() -> np.ndarray:
    """dL/dz for the softmax cross-entropy of ``GRAD_LOGITS`` with class ``GRAD_LABEL``.

    Examples
    --------
    >>> softmax_gradient_exercise().round(4)
    array([-0.3348,  0.2447,  0.09  ])
    """
    return softmax_cross_entropy_grad(GRAD_LOGITS[None, :], np.array([GRAD_LABEL]))[0]


def check_softmax_gradient(gradient: Any) -> Feedback:
    """Exercise 2: the gradient of softmax + cross-entropy with respect to the logits ``[2, 1, 0]``, class 0.

    Examples
    --------
    >>> check_softmax_gradient([0.3348, -0.2447, -0.0900]).correct  # the sign flipped
    False
    """
    expected = softmax_gradient_exercise()
    target = one_hot(np.array([GRAD_LABEL]), 3)[0]
    probs = expected + target
    if close_enough(gradient, expected, rtol=1e-3, atol=1e-3):
        return Feedback(True, "p - y: the true class's logit is pushed up by 1 - p_0, the others down by their p.")
    if close_enough(gradient, -expected, rtol=1e-3, atol=1e-3):
        return Feedback(False, "The sign is flipped: the gradient is p - y (prediction minus target), not y - p.")
    if close_enough(gradient, probs, rtol=1e-3, atol=1e-3):
        return Feedback(False, "That is the softmax itself; subtract the one-hot target.")
    if close_enough(gradient, -target / probs, rtol=1e-3, atol=1e-3):
        return Feedback(False, "That is dL/dp; the chain rule through the softmax's Jacobian gives dL/dz = p - y.")
    return Feedback(False, "Compute p = softmax([2, 1, 0]) (subtract the max first), then p - one_hot(0).")


def best_constants() -> tuple[float, float]:
    """Exercise 3: the constant predictions that minimise the MSE and the MAE of ``CONSTANT_TARGETS``.

    Examples
    --------
    >>> [round(c, 4) for c in best_constants()]
    [22.0, 3.0]
    """
    best = []
    for loss in (mse, mae):
        centre, step = 50.0, 0.5
        for _ in range(3):  # a coarse grid over the targets' range, then two finer ones around its best point
            grid = centre + step * np.arange(-100, 101)
            centre = float(grid[int(np.argmin([loss(np.full(5, c), CONSTANT_TARGETS) for c in grid]))])
            step /= 100
        best.append(centre)
    return best[0], best[1]


def check_best_constants(mse_constant: float, mae_constant: float) -> Feedback:
    """Exercise 3: the best constant under MSE and under MAE for the targets 1, 2, 3, 4, 100.

    Examples
    --------
    >>> check_best_constants(22, 3).correct
    True
    """
    best_mse, best_mae = best_constants()
    mse_ok = close_enough(mse_constant, best_mse, rtol=1e-3, atol=0.01)
    mae_ok = close_enough(mae_constant, best_mae, rtol=1e-3, atol=0.01)
    if mse_ok and mae_ok:
        return Feedback(
            True, "MSE -> the mean (22), MAE -> the median (3): one outlier moves the mean, not the median."
        )
    if close_enough(mse_constant, best_mae, atol=0.01) and close_enough(mae_constant, best_mse, atol=0.01):
        return Feedback(False, "Swapped: the squared error is minimised by the mean, the absolute error by the median.")
    if not mse_ok:
        return Feedback(False, "Set the derivative of (1/n) sum (c - y_i)^2 to zero and solve for c.")
    return Feedback(False, "The derivative of (1/n) sum |c - y_i| is (#{y_i < c} - #{y_i > c}) / n: where is it 0?")
