"""Chapter 2 checkers: right answers (derived by hand here) pass, typical mistakes get a specific hint."""

from __future__ import annotations

import math

import pytest

from mlcourse.chapters.chain_rule import exercises as ch06


def test_partials_by_hand():
    # f = x^2 y + y^3: df/dx = 2xy = 12, df/dy = x^2 + 3y^2 = 31 at (2, 3)
    assert ch06.partials_exercise() == pytest.approx((12.0, 31.0))
    assert ch06.check_partials(12.0, 31.0).correct
    assert "swapped" in ch06.check_partials(31.0, 12.0).message
    assert "constant, not zero" in ch06.check_partials(12.0, 27.0).message
    assert "2 x y" in ch06.check_partials(4.0, 31.0).message
    assert not ch06.check_partials(1.0, 1.0).correct


def test_chain_rule_by_hand():
    h = math.tanh(1.0)
    expected = (h - 1.0) * (1 - h * h) * 2.0
    assert ch06.chain_exercise() == pytest.approx(expected, rel=1e-12)
    assert ch06.check_chain_rule(expected).correct
    assert "du/dw = x" in ch06.check_chain_rule((h - 1.0) * (1 - h * h)).message
    assert "derivative of tanh" in ch06.check_chain_rule((h - 1.0) * 2.0).message
    assert "sign" in ch06.check_chain_rule(-expected).message


def test_shared_node_sums_both_paths():
    # z = (x + y) x = x^2 + xy: dz/dx = 2x + y = 7 at (3, 1)
    assert ch06.shared_node_exercise() == pytest.approx(7.0)
    assert ch06.check_shared_node(7.0).correct
    assert "direct path" in ch06.check_shared_node(4.0).message
    assert "through q" in ch06.check_shared_node(3.0).message


def test_best_step_orders_of_magnitude():
    assert ch06.check_best_step(1e-8, "forward").correct
    assert ch06.check_best_step(1e-5, "central").correct
    assert "round-off" in ch06.check_best_step(1e-14, "forward").message
    assert "truncation" in ch06.check_best_step(1e-3, "forward").message
    assert "positive" in ch06.check_best_step(-1.0).message
