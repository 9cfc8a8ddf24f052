"""Chapter 9 checkers: right answers accepted, typical wrong answers get their specific hint."""

from __future__ import annotations

import pytest

from mlcourse.chapters.optimizers import exercises as ch09


def test_adam_first_step():
    expected = ch09.adam_first_step()
    assert expected == pytest.approx([-0.01, -0.01 * 0.001 / (0.001 + 1e-8)], rel=1e-9)
    assert ch09.check_adam_first_step(-0.01, -0.01)
    assert "direction" in ch09.check_adam_first_step(0.01, 0.01).message
    assert "SGD" in ch09.check_adam_first_step(-10.0, -1e-5).message
    assert "bias correction" in ch09.check_adam_first_step(-0.001, -0.001).message
    assert not ch09.check_adam_first_step(0.0, 0.0)


def test_state_floats():
    n = 65 * 32 + 33 * 10
    assert ch09.state_floats_exercise() == {"sgd": 0, "momentum": n, "adagrad": n, "rmsprop": n, "adam": 2 * n}
    assert ch09.check_state_floats(0, n, n, n, 2 * n)
    assert "counts the parameters too" in ch09.check_state_floats(0, 2 * n, n, n, 2 * n).message
    assert "two running averages" in ch09.check_state_floats(0, n, n, n, n).message
    wrong = 64 * 32 + 32 * 10
    assert "biases" in ch09.check_state_floats(0, wrong, wrong, wrong, 2 * wrong).message
    assert not ch09.check_state_floats(1, 2, 3, 4, 5)


def test_adagrad_effective_rate():
    assert ch09.adagrad_effective_rate() == pytest.approx(0.1 / 20, rel=1e-8)
    assert ch09.check_adagrad_effective_rate(0.005)
    assert "ROOT" in ch09.check_adagrad_effective_rate(0.1 / 400).message
    assert "not t" in ch09.check_adagrad_effective_rate(0.01).message
    assert "first step" in ch09.check_adagrad_effective_rate(0.05).message
    assert not ch09.check_adagrad_effective_rate(1.0)


def test_momentum_terminal_step():
    assert ch09.momentum_terminal_step() == pytest.approx(0.1, rel=1e-9)
    assert ch09.check_momentum_terminal_step(0.1)
    assert "first step" in ch09.check_momentum_terminal_step(0.01).message
    assert "fixed point" in ch09.check_momentum_terminal_step(0.09).message
    assert "geometric series" in ch09.check_momentum_terminal_step(0.019).message
    assert not ch09.check_momentum_terminal_step(5.0)
