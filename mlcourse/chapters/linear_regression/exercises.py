"""Checkers for chapter 1 (linear regression).

The right answers are computed by the library and the chapter's analysis:
the gradient by :meth:`mlcourse.models.LinearRegression.gradient`, the
divergence threshold by
:func:`mlcourse.chapters.linear_regression.analysis.largest_stable_learning_rate`.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.linear_regression.analysis import (
    chapter_data,
    largest_stable_learning_rate,
)
from mlcourse.models import LinearRegression

__all__ = ["EXERCISE_POINTS_X", "EXERCISE_POINTS_Y", "check_divergence_threshold", "check_gradient_at_zero"]

#: The three points of exercise 1.
EXERCISE_POINTS_X = np.array([[0.0], [1.0], [2.0]])
EXERCISE_POINTS_Y = np.array([1.0, 2.0, 5.0])


def check_gradient_at_zero(dL_dw: float, dL_db: float) -> Feedback:
    """Exercise 1: the MSE gradient at ``w = b = 0`` for the points (0,1), (1,2), (2,5).

    Examples
    --------
    >>> check_gradient_at_zero(-8.0, -16 / 3).correct
    True
    """
    expected_w, expected_b = LinearRegression.gradient(EXERCISE_POINTS_X, EXERCISE_POINTS_Y, np.zeros(1), 0.0)
    if close_enough([dL_dw, dL_db], [expected_w[0], expected_b]):
        return Feedback(True, "Both partial derivatives are negative: increasing w and b lowers the loss.")
    if close_enough([dL_dw, dL_db], [-expected_w[0], -expected_b]):
        return Feedback(False, "The sign is flipped: the residual is y_hat - y, and y_hat = 0 here.")
    if close_enough([dL_dw, dL_db], [expected_w[0] / 2, expected_b / 2]):
        return Feedback(False, "Off by a factor 2: differentiating the square brings down a 2.")
    return Feedback(False, "Write the residuals y_hat - y at w = b = 0, then use dL/dw = (2/n) sum x_i r_i.")


def check_divergence_threshold(learning_rate: float) -> Feedback:
    """Exercise 2: the learning rate above which gradient descent diverges on the chapter's training data.

    The threshold is ``2 / lambda_max`` of the MSE's Hessian
    (:func:`~mlcourse.chapters.linear_regression.analysis.largest_stable_learning_rate`);
    a bisection with :func:`~mlcourse.chapters.linear_regression.analysis.diverges`
    finds it to within 2 %.

    Examples
    --------
    >>> check_divergence_threshold(0.1).correct
    False
    """
    expected = largest_stable_learning_rate(chapter_data()[0])
    if close_enough(learning_rate, expected, rtol=0.02):
        return Feedback(True, f"The switch is at {expected:.4f}: the widget converges at 0.3 and diverges at 0.35.")
    if learning_rate < expected:
        return Feedback(
            False,
            "Too low: rates above this one still converge. Keep halving the interval, "
            "moving the low end up whenever the middle converges.",
        )
    return Feedback(
        False,
        "Too high: rates below this one already diverge. Keep halving the interval, "
        "moving the high end down whenever the middle diverges.",
    )
