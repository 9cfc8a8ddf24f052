"""Checkers for chapter 1 (linear regression).

The right answers are computed by the library and the chapter's analysis:
the gradient by :meth:`mlcourse.models.LinearRegression.gradient`, the
divergence threshold by
:func:`mlcourse.chapters.linear_regression.analysis.largest_stable_learning_rate`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.linear_regression.analysis import (
    chapter_data,
    largest_stable_learning_rate,
)
from mlcourse.models import LinearRegression

__all__ = [
    "EXERCISE_POINTS_X",
    "EXERCISE_POINTS_Y",
    "check_divergence_threshold",
    "check_gradient_at_zero",
    "check_gradient_descent",
    "check_mse_gradient",
]

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


def _regression_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Random ``(X, y, w, b)``: a few samples and features, the first trials small enough to read."""
    n_samples, n_features = int(rng.integers(3, 7)), int(rng.integers(1, 4))
    X = np.round(rng.normal(size=(n_samples, n_features)), 2)
    y = np.round(rng.normal(size=n_samples), 2)
    return X, y, np.round(rng.normal(size=n_features), 2), float(np.round(rng.normal(), 2))


def check_mse_gradient(mse_gradient: Any) -> Feedback:
    """Practice: a learner's ``mse_gradient(X, y, w, b) -> (dL_dw, dL_db)`` against the library's.

    The reference is :meth:`mlcourse.models.LinearRegression.gradient`; the
    function is run on 20 random problems (1 to 3 features) and the first
    difference is reported (:func:`~mlcourse.chapters._book.check_function`).

    Examples
    --------
    >>> check_mse_gradient(LinearRegression.gradient).correct
    True
    >>> check_mse_gradient(lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y))).correct
    False
    """
    return check_function(
        mse_gradient,
        LinearRegression.gradient,
        _regression_problem,
        names=["X", "y", "w", "b"],
        outputs=["dL_dw", "dL_db"],
        success="Your gradient is the library's on 20 random problems, with 1 to 3 features.",
    )


def _descent_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, int]:
    X, y, _, _ = _regression_problem(rng)
    return X, y, float(rng.choice([0.01, 0.05, 0.1])), int(rng.integers(1, 30))


def _library_descent(X: np.ndarray, y: np.ndarray, learning_rate: float, epochs: int) -> tuple[np.ndarray, float]:
    model = LinearRegression(learning_rate=learning_rate, epochs=epochs).fit(X, y)
    return model.weights_, model.bias_


def check_gradient_descent(gradient_descent: Any) -> Feedback:
    """Practice: a learner's ``gradient_descent(X, y, learning_rate, epochs) -> (w, b)`` against the library's.

    Starting from ``w = 0, b = 0``, ``epochs`` full-batch steps; the reference
    is :class:`mlcourse.models.LinearRegression` with the same settings.

    Examples
    --------
    >>> check_gradient_descent(_library_descent).correct
    True
    """
    return check_function(
        gradient_descent,
        _library_descent,
        _descent_problem,
        names=["X", "y", "learning_rate", "epochs"],
        outputs=["w", "b"],
        success="Your loop lands where the library's does on 20 random problems (1 to 29 epochs).",
    )
