"""Chapter 6 checkers: right answers (derived by hand here) pass, typical mistakes get a specific hint."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.activation_functions import exercises as ch04


def test_gradient_factor():
    assert ch04.largest_gradient_factor(5) == pytest.approx(1 / 1024)
    assert ch04.check_gradient_factor(1 / 1024).correct
    assert ch04.check_gradient_factor(0.0625, n_layers=2).correct
    assert "multiplies" in ch04.check_gradient_factor(1.25).message
    assert "value" in ch04.check_gradient_factor(1 / 32).message
    assert "tanh" in ch04.check_gradient_factor(1.0).message
    assert not ch04.check_gradient_factor(0.3).correct


def test_collapse_by_hand():
    # (x W1 + b1) W2 + b2 with W1 = [[1, 2], [0, 1]], b1 = [1, -1], W2 = [[2, 0], [1, 3]], b2 = [0.5, 0.5]
    W = np.array([[4.0, 6.0], [1.0, 3.0]])
    b = np.array([1.5, -2.5])  # [1, -1] W2 = [2 - 1, 0 - 3] = [1, -3], plus b2
    got_W, got_b = ch04.collapsed_exercise()
    np.testing.assert_allclose(got_W, W)
    np.testing.assert_allclose(got_b, b)
    x = np.array([[0.7, -2.0]])
    layers = ch04.exercise_layers()
    np.testing.assert_allclose(layers[1](layers[0](x)), x @ W + b)
    assert ch04.check_collapsed(W, b).correct
    assert "W1 W2, not W2 W1" in ch04.check_collapsed(ch04.W2 @ ch04.W1, b).message
    assert "does not disappear" in ch04.check_collapsed(W, ch04.B2).message
    assert "b1 W2 + b2" in ch04.check_collapsed(W, ch04.B1 + ch04.B2).message
    assert "collect the terms" in ch04.check_collapsed(np.eye(2), b).message
    assert not ch04.check_collapsed(W, np.zeros(2)).correct


def test_tanh_from_sigmoid():
    assert ch04.check_tanh_from_sigmoid(2, 2, -1).correct
    assert "slope" in ch04.check_tanh_from_sigmoid(2, 1, -1).message
    assert "shift it down" in ch04.check_tanh_from_sigmoid(2, 2, 0).message
    assert not ch04.check_tanh_from_sigmoid(1, 1, 0).correct
    assert ch04.tanh_from_sigmoid_residual(1, 1, 0) > 0.1
