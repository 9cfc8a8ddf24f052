"""The exercise checkers accept right answers and reject wrong ones with a useful hint."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.linear_regression import exercises as ch01


def test_feedback_repr_and_truth():
    assert repr(Feedback(True, "ok")) == "Correct. ok" and Feedback(True, "ok")
    assert repr(Feedback(False, "hint")) == "Not yet. hint" and not Feedback(False, "hint")


def test_close_enough_handles_shapes_and_junk():
    assert close_enough([1.0, 2.0], [1.0, 2.0001])
    assert not close_enough([1.0], [1.0, 2.0])
    assert not close_enough("abc", 1.0)


def test_ch01_gradient_checker():
    assert ch01.check_gradient_at_zero(-8.0, -16 / 3).correct
    wrong_sign = ch01.check_gradient_at_zero(8.0, 16 / 3)
    assert not wrong_sign.correct and "sign" in wrong_sign.message
    half = ch01.check_gradient_at_zero(-4.0, -8 / 3)
    assert not half.correct and "factor 2" in half.message


def test_ch01_divergence_threshold_is_two_over_lambda_max():
    X = np.array([[0.0], [1.0], [2.0]])
    # Hessian (2/3) [[3, 3], [3, 5]]: eigenvalues (2/3)(4 +- sqrt(10))
    expected = 2.0 / ((2.0 / 3.0) * (4.0 + np.sqrt(10.0)))
    assert ch01.largest_stable_learning_rate(X) == np.float64(expected) or abs(
        ch01.largest_stable_learning_rate(X) - expected) < 1e-12
    from mlcourse.chapters.linear_regression.widget import chapter_data

    threshold = ch01.largest_stable_learning_rate(chapter_data()[0])
    assert ch01.check_divergence_threshold(threshold).correct
    assert not ch01.check_divergence_threshold(threshold / 2).correct
    assert not ch01.check_divergence_threshold(1.0).correct


def test_ch01_split_scores_vary_across_splits():
    scores = ch01.split_test_mse(0.2, seeds=range(5))
    assert scores.shape == (5,) and np.all(scores > 0) and scores.std() > 0
