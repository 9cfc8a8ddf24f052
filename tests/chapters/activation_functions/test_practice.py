"""Chapter 6's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse.activations import sigmoid
from mlcourse.chapters.activation_functions.exercises import (
    check_leaky_relu,
    check_sigmoid,
    library_leaky_relu_pair,
    library_sigmoid_pair,
)


def sigmoid_and_derivative(z):  # the page's solution
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s, s * (1 - s)


def leaky_relu_and_derivative(z, alpha):  # the page's solution
    h = np.where(z > 0, z, alpha * z)
    dh = np.where(z > 0, 1.0, alpha)
    return h, dh


def test_the_library_and_the_published_solutions_pass():
    assert check_sigmoid(library_sigmoid_pair).correct
    assert check_sigmoid(sigmoid_and_derivative).correct
    assert check_leaky_relu(library_leaky_relu_pair).correct
    assert check_leaky_relu(leaky_relu_and_derivative).correct


def test_sigmoid_mistakes_are_named():
    def literal(z):
        s = 1 / (1 + np.exp(-z))
        return s, s * (1 - s)

    def both_branches(z):  # right values, but np.where computes exp(-z) everywhere
        s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
        return s, s * (1 - s)

    for overflowing in (literal, both_branches):
        message = check_sigmoid(overflowing).message
        assert "FloatingPointError: overflow" in message and "e = exp(-|z|)" in message
    assert "ds differs" in check_sigmoid(lambda z: (sigmoid(z), sigmoid(z) * (1 - z))).message
    assert "ds differs" in check_sigmoid(lambda z: (sigmoid(z), 1 - sigmoid(z) ** 2)).message
    assert "s differs" in check_sigmoid(lambda z: sigmoid_and_derivative(z)[::-1]).message


def test_leaky_relu_mistakes_are_named():
    def slope_one_at_zero(z, alpha):
        return np.where(z > 0, z, alpha * z), np.where(z >= 0, 1.0, alpha)

    def relu_slope(z, alpha):
        return np.where(z > 0, z, alpha * z), (z > 0).astype(float)

    def in_place(z, alpha):
        dh = np.where(z > 0, 1.0, alpha)
        z[z < 0] *= alpha
        return z, dh

    assert "At z = 0 use the left-hand slope alpha" in check_leaky_relu(slope_one_at_zero).message
    assert "For z < 0 the slope is alpha, not 0" in check_leaky_relu(relu_slope).message
    assert "changed its argument z" in check_leaky_relu(in_place).message
    assert "h differs" in check_leaky_relu(lambda z, alpha: (np.maximum(z, 0), np.where(z > 0, 1.0, alpha))).message
