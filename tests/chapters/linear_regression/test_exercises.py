"""Chapter 1 checkers: right answers pass, typical mistakes get a specific hint."""

from __future__ import annotations

from mlcourse.chapters.linear_regression import exercises as ch01
from mlcourse.chapters.linear_regression.analysis import (
    chapter_data,
    largest_stable_learning_rate,
)


def test_gradient_checker():
    assert ch01.check_gradient_at_zero(-8.0, -16 / 3).correct
    wrong_sign = ch01.check_gradient_at_zero(8.0, 16 / 3)
    assert not wrong_sign.correct and "sign" in wrong_sign.message
    half = ch01.check_gradient_at_zero(-4.0, -8 / 3)
    assert not half.correct and "factor 2" in half.message


def test_divergence_threshold_checker():
    threshold = largest_stable_learning_rate(chapter_data()[0])
    assert ch01.check_divergence_threshold(threshold).correct
    low = ch01.check_divergence_threshold(threshold / 2)
    assert not low.correct and "Too low" in low.message
    high = ch01.check_divergence_threshold(1.1 * threshold)
    assert not high.correct and "Too high" in high.message
