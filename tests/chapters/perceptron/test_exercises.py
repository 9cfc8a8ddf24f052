"""Chapter 4 checkers: right answers (derived by hand here) pass, typical mistakes get a specific hint."""

from __future__ import annotations

import pytest

from mlcourse.chapters.perceptron import exercises as ch02


@pytest.mark.parametrize(
    "gate, weights",
    [
        ("nand", (-1.0, -1.0, 1.5)),
        ("nand", (-2.0, -2.0, 3.5)),
        ("and", (1.0, 1.0, -1.5)),
        ("or", (1.0, 1.0, -0.5)),
    ],
)
def test_separating_weights_pass(gate, weights):
    assert ch02.check_gate_weights(gate, *weights).correct


def test_gate_weights_hints():
    assert "flipped" in ch02.check_gate_weights("nand", 1.0, 1.0, -1.5).message  # that is AND
    assert "exactly on the line" in ch02.check_gate_weights("nand", -1.0, -1.0, 2.0).message  # (1,1): z = 0
    assert "not linearly separable" in ch02.check_gate_weights("xor", 1.0, 1.0, -0.5).message
    assert not ch02.check_gate_weights("nand", 1.0, 0.0, 0.0).correct
    # a correct answer with a point on the line is accepted, with a remark
    feedback = ch02.check_gate_weights("nand", -1.0, -1.0, 1.0)
    assert feedback.correct and "on the line" in feedback.message


def test_first_epoch_on_or_by_hand():
    # (0,0): z = 0 -> +1, target -1: b = -2.  (0,1): z = -2 -> -1, target +1: w2 = 2, b = 0.
    # (1,0): z = 0 -> +1, right.  (1,1): z = 2 -> +1, right.
    assert ch02.first_epoch_weights("or") == (0.0, 2.0, 0.0)
    assert ch02.check_first_epoch(0.0, 2.0, 0.0).correct
    assert "+2 or -2" in ch02.check_first_epoch(0.0, 1.0, 0.0).message
    assert "strict threshold" in ch02.check_first_epoch(0.0, 2.0, 2.0).message
    assert "z = 0 gives +1" in ch02.check_first_epoch(0.0, 0.0, 0.0).message
    assert "sign is flipped" in ch02.check_first_epoch(0.0, -2.0, 0.0).message
    assert not ch02.check_first_epoch(5.0, 5.0, 5.0).correct


def test_or_bound_by_hand():
    # R^2 = ||(1, 1, 1)||^2 = 3; margins y z = 0.5, 0.5, 0.5, 1.5 over ||(1, 1, -0.5)|| = 1.5: gamma = 1/3
    assert ch02.or_bound() == pytest.approx(27.0)
    assert ch02.check_or_bound(27.0).correct
    assert "constant input" in ch02.check_or_bound(18.0).message
    assert "whole vector" in ch02.check_or_bound(24.0).message
    assert "square" in ch02.check_or_bound(27.0**0.5).message
    assert not ch02.check_or_bound(100.0).correct


def test_xor_with_the_product_feature():
    assert ch02.check_xor_with_product(1.0, 1.0, -2.0, -0.5).correct
    assert "negative" in ch02.check_xor_with_product(1.0, 1.0, 2.0, -0.5).message
    assert not ch02.check_xor_with_product(1.0, 1.0, -0.5, -0.5).correct  # (1,1): z = 1 + 1 - 0.5 - 0.5 = 1 gives +1
    model = ch02.xor_product_perceptron()
    assert model.converged_
    assert ch02.check_xor_with_product(*model.weights_, model.bias_).correct
