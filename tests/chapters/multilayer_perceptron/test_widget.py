"""Chapter 5 widget: capacity (hidden units, depth) against the decision boundary, checked over the grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.multilayer_perceptron.analysis import parameter_count
from tests.chapters.widget_sweep import table as sweep_table

NAME = "multilayer_perceptron"
WIDGET = chapters.get_widget(NAME)
VALUES = {control.name: control.values for control in WIDGET.controls}


@pytest.fixture(scope="module")
def table():
    return sweep_table(NAME, "dataset_name", "depth", "hidden_units")


def test_grid_is_small(table):
    assert len(table) <= 60


def test_parameter_count_is_the_formula_and_grows(table):
    for (name, depth, units), numbers in table.items():
        sizes = [2] + [units] * depth + [1]
        assert numbers["parameters"] == numbers["parameters by formula"] == parameter_count(sizes)
        assert numbers["deep (2+ hidden layers)"] == (depth >= 2)
    for name in VALUES["dataset_name"]:
        for depth in VALUES["depth"]:
            counts = [table[(name, depth, u)]["parameters"] for u in VALUES["hidden_units"]]
            assert counts == sorted(set(counts))
        for units in VALUES["hidden_units"]:
            counts = [table[(name, d, units)]["parameters"] for d in VALUES["depth"]]
            assert counts == sorted(set(counts))


def test_one_unit_per_layer_is_a_linear_classifier_at_any_depth(table):
    # with one sigmoid unit per layer the output is a monotone function of a single w.x + b:
    # the decision region is a half-plane, so no depth beats the best straight line
    for (name, depth, units), numbers in table.items():
        if units == 1:
            assert numbers["training accuracy"] <= numbers["best accuracy of a single line"] + 1e-12


def test_no_line_solves_either_data_set(table):
    assert table[("XOR", 1, 1)]["best accuracy of a single line"] <= 0.76
    assert table[("moons", 1, 1)]["best accuracy of a single line"] < 0.9


def test_enough_hidden_units_solve_both(table):
    for name in VALUES["dataset_name"]:
        for depth in VALUES["depth"]:
            for units in (4, 8, 16):
                numbers = table[(name, depth, units)]
                assert numbers["training accuracy"] >= 0.95, (name, depth, units)
                assert numbers["training accuracy"] > numbers["best accuracy of a single line"]


def test_the_default_state_solves_xor(table):
    rendered = WIDGET.render()
    rendered.figure.clear()
    numbers = rendered.numbers
    assert numbers == table[("XOR", 1, 4)]
    assert numbers["training accuracy"] == 1.0 and numbers["parameters"] == 17
