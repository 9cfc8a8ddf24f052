"""Chapter 5 checkers: right answers (derived by hand here) pass, typical mistakes get a specific hint."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.multilayer_perceptron import exercises as ch03


def test_parameter_count_by_hand():
    # (64+1)*32 + (32+1)*16 + (16+1)*10 = 2080 + 528 + 170
    assert ch03.counted_parameters() == 2778
    assert ch03.check_parameter_count(2778).correct
    assert "weights only" in ch03.check_parameter_count(64 * 32 + 32 * 16 + 16 * 10).message
    assert "each unit" in ch03.check_parameter_count(64 * 32 + 32 * 16 + 16 * 10 + 3).message
    assert "receiving units" in ch03.check_parameter_count(64 * 32 + 32 * 16 + 16 * 10 + 64 + 32 + 16).message
    assert "after the output" in ch03.check_parameter_count(2788).message
    assert not ch03.check_parameter_count(1000).correct


def test_shapes_by_hand():
    assert ch03.batch_shapes() == ((50, 32), (32, 10))
    assert ch03.check_shapes((50, 32), (32, 10)).correct
    assert "Transposed" in ch03.check_shapes((32, 50), (32, 10)).message
    assert "Transposed" in ch03.check_shapes((50, 32), (10, 32)).message
    assert "batch size" in ch03.check_shapes((1, 32), (32, 10)).message


def test_xor_network_by_hand():
    # hidden: OR (x1 + x2 - 0.5) and NAND (-x1 - x2 + 1.5); output: AND (h1 + h2 - 1.5)
    W1 = [[1.0, -1.0], [1.0, -1.0]]
    b1 = [-0.5, 1.5]
    feedback = ch03.check_xor_network(W1, b1, [1.0, 1.0], -1.5)
    assert feedback.correct and "[[0, 1], [1, 1], [1, 1], [1, 0]]" in feedback.message
    assert "XNOR" in ch03.check_xor_network(W1, b1, [-1.0, -1.0], 1.4).message
    assert not ch03.check_xor_network(W1, b1, [1.0, 1.0], -0.5).correct  # OR of OR and NAND: always 1
    assert "Shapes" in ch03.check_xor_network(np.ones(3), b1, [1.0, 1.0], -1.5).message
