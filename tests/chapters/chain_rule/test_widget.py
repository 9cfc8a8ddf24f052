"""Chapter 2 widget: the graph's gradients are the chain rule's, at every state of the grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.chain_rule.analysis import GRAPH_EXPRESSIONS
from tests.chapters.widget_sweep import sweep

NAME = "chain_rule"


def test_grid_is_small_and_covers_every_expression():
    assert len(sweep(NAME)) <= 63
    assert {params["expression"] for params, _ in sweep(NAME)} == set(GRAPH_EXPRESSIONS)


def test_backward_equals_hand_derivation_and_central_differences():
    for params, numbers in sweep(NAME):
        for variable in ("x", "y"):
            backward = numbers[f"dz/d{variable} (backward)"]
            assert backward == pytest.approx(numbers[f"dz/d{variable} (by hand)"], rel=1e-12, abs=1e-12), params
            assert backward == pytest.approx(numbers[f"dz/d{variable} (central difference)"], rel=1e-6, abs=1e-8), (
                params
            )


def test_square_of_sum_has_equal_partials_two_x_plus_y():
    for params, numbers in sweep(NAME):
        if params["expression"] != "(x + y)**2":
            continue
        s = params["x"] + params["y"]
        assert numbers["z"] == pytest.approx(s * s)
        assert numbers["dz/dx (backward)"] == numbers["dz/dy (backward)"] == pytest.approx(2 * s)


def test_default_state_is_the_notes_example():
    numbers = chapters.get_widget(NAME).render().numbers
    assert numbers["z"] == 9.0 and numbers["dz/dx (backward)"] == 6.0 and numbers["dz/dy (backward)"] == 6.0
