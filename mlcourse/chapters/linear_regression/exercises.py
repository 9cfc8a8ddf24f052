"""Checkers for chapter 1 (linear regression)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.data import make_noisy_line, train_test_split
from mlcourse.models import LinearRegression
from mlcourse.chapters._book import Feedback, close_enough

#: The three points of exercise 1.
EXERCISE_POINTS_X = np.array([[0.0], [1.0], [2.0]])
EXERCISE_POINTS_Y = np.array([1.0, 2.0, 5.0])


def check_gradient_at_zero(dL_dw: float, dL_db: float) -> Feedback:
    """Exercise 1: the MSE gradient at ``w = b = 0`` for the points (0,1), (1,2), (2,5)."""
    expected_w, expected_b = LinearRegression.gradient(EXERCISE_POINTS_X, EXERCISE_POINTS_Y, np.zeros(1), 0.0)
    if close_enough([dL_dw, dL_db], [expected_w[0], expected_b]):
        return Feedback(True, "Both partial derivatives are negative: increasing w and b lowers the loss.")
    if close_enough([dL_dw, dL_db], [-expected_w[0], -expected_b]):
        return Feedback(False, "The sign is flipped: the residual is y_hat - y, and y_hat = 0 here.")
    if close_enough([dL_dw, dL_db], [expected_w[0] / 2, expected_b / 2]):
        return Feedback(False, "Off by a factor 2: differentiating the square brings down a 2.")
    return Feedback(False, "Write the residuals y_hat - y at w = b = 0, then use dL/dw = (2/n) sum x_i r_i.")


def largest_stable_learning_rate(X: np.ndarray) -> float:
    """The learning rate above which batch gradient descent on the MSE diverges: 2 / lambda_max.

    ``lambda_max`` is the largest eigenvalue of the Hessian ``(2/n) A^T A`` of
    the MSE, where ``A`` is ``X`` with a column of ones.
    """
    design = np.hstack([np.ones((len(X), 1)), X])
    hessian = 2.0 / len(X) * design.T @ design
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def check_divergence_threshold(learning_rate: float) -> Feedback:
    """Exercise 2: the learning rate above which gradient descent diverges on the chapter's data."""
    from mlcourse.chapters.linear_regression.widget import chapter_data

    X_train = chapter_data()[0]
    expected = largest_stable_learning_rate(X_train)
    if close_enough(learning_rate, expected, rtol=0.02):
        return Feedback(True, f"2 / lambda_max = {expected:.4f}; the widget diverges between 0.3 and 0.35.")
    if close_enough(learning_rate, expected / 2, rtol=0.02):
        return Feedback(False, "That is 1/lambda_max, the fastest rate; divergence starts at twice it.")
    return Feedback(False, "Form the Hessian (2/n) A^T A, take its largest eigenvalue, and compute 2 / lambda_max.")


def split_test_mse(test_size: float, seeds: Any = range(20)) -> np.ndarray:
    """Exercise 3: the test MSE of the normal-equation line over several random splits."""
    X, y = make_noisy_line(60, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    results = []
    for seed in seeds:
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=seed)
        results.append(LinearRegression(method="normal_equation").fit(X_train, y_train).mse(X_test, y_test))
    return np.array(results)
