"""Chapter 8 checkers: right answers accepted, typical wrong answers get their specific hint."""

from __future__ import annotations

import pytest

from mlcourse.chapters.backpropagation import exercises as ch08

# Mazur (2015) prints the updated w6, w3 after one step of 0.5: w_new = w - 0.5 dE/dw
PUBLISHED_UPDATED = {"w6": 0.408666186, "w3": 0.24975114}


def test_gradients_match_the_published_updates():
    gradients = ch08.worked_example_gradients()
    assert 0.45 - 0.5 * gradients["w6"] == pytest.approx(PUBLISHED_UPDATED["w6"], abs=5e-9)
    assert 0.25 - 0.5 * gradients["w3"] == pytest.approx(PUBLISHED_UPDATED["w3"], abs=5e-9)


def test_dE_dw6():
    right = ch08.worked_example_gradients()["w6"]
    assert ch08.check_dE_dw6(right)
    assert ch08.check_dE_dw6(round(right, 6))
    w5 = ch08.check_dE_dw6(ch08.worked_example_gradients()["w5"])
    assert not w5 and "h2, not h1" in w5.message
    flipped = ch08.check_dE_dw6(-right)
    assert not flipped and "sign" in flipped.message
    assert not ch08.check_dE_dw6(1.0)


def test_dE_dw3_needs_both_paths():
    right = ch08.worked_example_gradients()["w3"]
    assert ch08.check_dE_dw3(right)
    steps = ch08.worked_example_by_hand()
    h2 = steps["forward"]["h2"]
    only_o1 = steps["w1"]["dE/dz3"] * 0.45 * h2 * (1 - h2) * 0.05
    one_path = ch08.check_dE_dw3(only_o1)
    assert not one_path and "o2" in one_path.message
    w1 = ch08.check_dE_dw3(ch08.worked_example_gradients()["w1"])
    assert not w1 and "dE/dw1" in w1.message
    assert not ch08.check_dE_dw3(0.0)


def test_cached_floats():
    assert ch08.cached_floats_exercise() == 50 * (64 + 32 + 16)
    assert ch08.check_cached_floats(5600)
    assert "per sample" in ch08.check_cached_floats(112).message
    assert "count it once" in ch08.check_cached_floats(50 * (64 + 2 * 32 + 2 * 16)).message
    assert "last Linear" in ch08.check_cached_floats(50 * (64 + 32 + 16 + 10)).message
    assert not ch08.check_cached_floats(1)


def test_numerical_forward_passes():
    n = 65 * 32 + 33 * 10
    assert ch08.forward_passes_exercise() == 2 * n
    assert ch08.check_numerical_forward_passes(2 * n)
    assert "forward difference" in ch08.check_numerical_forward_passes(n + 1).message
    assert "biases" in ch08.check_numerical_forward_passes(2 * (64 * 32 + 32 * 10)).message
    assert not ch08.check_numerical_forward_passes(7)
