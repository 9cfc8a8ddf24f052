"""Chapter 3 checkers: hand-derived answers pass, typical mistakes get a specific hint."""

from __future__ import annotations

import math

import pytest

from mlcourse.chapters.gradient_descent import exercises as ch07


def test_threshold_is_two_over_the_largest_curvature():
    assert ch07.threshold_exercise() == pytest.approx(2 / 8)
    assert ch07.check_threshold(0.25).correct
    assert "flat direction" in ch07.check_threshold(1.0).message
    assert "twice" in ch07.check_threshold(0.125).message
    assert not ch07.check_threshold(0.5).correct


def test_steps_follow_the_geometric_decay():
    expected = math.ceil(math.log(1e-3 / 4.0) / math.log(0.9))
    assert ch07.steps_exercise() == expected == 79
    assert ch07.check_steps(79).correct
    assert "Off by one" in ch07.check_steps(78).message
    assert "0.9" in ch07.check_steps(10).message


def test_updates_count_the_last_small_batch():
    assert ch07.check_updates(32, 320).correct
    assert "smaller batch" in ch07.check_updates(31, 310).message
    assert "total" in ch07.check_updates(32, 32).message
    assert not ch07.check_updates(1000, 10000).correct


def test_saddle_escape_steps():
    expected = math.ceil(math.log(0.1 / 1e-6) / math.log(1.2))
    assert ch07.saddle_exercise() == expected == 64
    assert ch07.check_saddle_escape(64).correct
    assert "Off by one" in ch07.check_saddle_escape(63).message
    assert "does escape" in ch07.check_saddle_escape(-1).message
    assert "1.2" in ch07.check_saddle_escape(20).message


def test_scheduled_rate_counts_whole_periods():
    assert ch07.schedule_exercise() == pytest.approx(0.1 * 0.3**2)
    assert ch07.check_scheduled_rate(0.009).correct
    assert "whole steps" in ch07.check_scheduled_rate(0.1 * 0.3**2.5).message
    assert "Count the decays" in ch07.check_scheduled_rate(0.0027).message
    assert not ch07.check_scheduled_rate(0.05).correct


def test_lagrange_exercise_point_and_multiplier():
    assert ch07.lagrange_exercise() == pytest.approx((0.8, 0.2, 1.6))
    assert ch07.check_lagrange(0.8, 0.2, 1.6).correct
    assert "lambda" in ch07.check_lagrange(0.8, 0.2, 1.0).message
    assert "swapped" in ch07.check_lagrange(0.2, 0.8, 1.6).message
    assert "line" in ch07.check_lagrange(1.0, 1.0, 1.6).message
