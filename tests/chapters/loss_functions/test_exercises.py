"""Chapter 7 checkers: right answers (derived by hand here) pass, typical mistakes get a specific hint."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.loss_functions import exercises as ch05


def test_cross_entropy_by_hand():
    right = -math.log(0.7)
    assert ch05.check_cross_entropy(right).correct
    assert "sign" in ch05.check_cross_entropy(-right).message
    assert "base 10" in ch05.check_cross_entropy(-math.log10(0.7)).message
    assert "one-hot" in ch05.check_cross_entropy(-math.log(0.1) - math.log(0.7) - math.log(0.2)).message
    assert "index 1" in ch05.check_cross_entropy(-math.log(0.1)).message
    assert not ch05.check_cross_entropy(1.0).correct


def test_softmax_gradient_by_hand():
    e = np.exp([2.0, 1.0, 0.0])
    p = e / e.sum()  # 0.6652, 0.2447, 0.0900
    right = p - np.array([1.0, 0.0, 0.0])
    np.testing.assert_allclose(ch05.softmax_gradient_exercise(), right, rtol=1e-12)
    assert ch05.check_softmax_gradient(np.round(right, 4)).correct
    assert "flipped" in ch05.check_softmax_gradient(-right).message
    assert "softmax itself" in ch05.check_softmax_gradient(p).message
    assert "dL/dp" in ch05.check_softmax_gradient(-np.array([1.0, 0.0, 0.0]) / p).message
    assert not ch05.check_softmax_gradient([0.0, 0.0, 0.0]).correct


def test_best_constants_are_mean_and_median():
    assert ch05.best_constants() == pytest.approx((22.0, 3.0))
    assert ch05.check_best_constants(22, 3).correct
    assert "Swapped" in ch05.check_best_constants(3, 22).message
    assert "derivative of (1/n) sum (c - y_i)^2" in ch05.check_best_constants(3, 3).message
    assert "#{y_i < c}" in ch05.check_best_constants(22, 22).message
