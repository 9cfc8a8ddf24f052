"""Chapter 3 widget: capacity (hidden units, depth) against the decision boundary, checked over the grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.multilayer_perceptron.analysis import parameter_count
from mlcourse.chapters.multilayer_perceptron import widget as mlp_capacity

WIDGET = chapters.get_widget("multilayer_perceptron")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results[(params["dataset_name"], params["depth"], params["hidden_units"])] = rendered.numbers
    return results


def test_grid_is_small(table):
    assert len(table) <= 60


def test_parameter_count_is_the_formula_and_grows(table):
    for (name, depth, units), numbers in table.items():
        sizes = [2] + [units] * depth + [1]
        assert numbers["parameters"] == numbers["parameters by formula"] == parameter_count(sizes)
        assert numbers["deep (2+ hidden layers)"] == (depth >= 2)
    for name in mlp_capacity.DATASETS:
        for depth in mlp_capacity.DEPTHS:
            counts = [table[(name, depth, u)]["parameters"] for u in mlp_capacity.HIDDEN_UNITS]
            assert counts == sorted(set(counts))
        for units in mlp_capacity.HIDDEN_UNITS:
            counts = [table[(name, d, units)]["parameters"] for d in mlp_capacity.DEPTHS]
            assert counts == sorted(set(counts))


def test_one_unit_per_layer_is_a_linear_classifier_at_any_depth(table):
    # with one tanh unit per layer the output is a monotone function of a single w.x + b:
    # the decision region is a half-plane, so no depth beats the best straight line
    for (name, depth, units), numbers in table.items():
        if units == 1:
            assert numbers["training accuracy"] <= numbers["best accuracy of a single line"] + 1e-12


def test_no_line_solves_either_data_set(table):
    assert table[("XOR", 1, 1)]["best accuracy of a single line"] <= 0.76
    assert table[("moons", 1, 1)]["best accuracy of a single line"] < 0.9


def test_enough_hidden_units_solve_both(table):
    for name in mlp_capacity.DATASETS:
        for depth in mlp_capacity.DEPTHS:
            for units in (4, 8, 16):
                numbers = table[(name, depth, units)]
                assert numbers["training accuracy"] >= 0.95, (name, depth, units)
                assert numbers["training accuracy"] > numbers["best accuracy of a single line"]


def test_the_default_state_solves_xor(table):
    numbers = WIDGET.render().numbers
    assert numbers == table[("XOR", 1, 4)]
    assert numbers["training accuracy"] == 1.0 and numbers["parameters"] == 17


def test_xor_cloud_labels():
    X, y = mlp_capacity.make_xor_cloud(40, noise=0.0)
    assert ((X[:, 0] * X[:, 1] < 0) == (y == 1)).all()
    with pytest.raises(ValueError, match="unknown data set"):
        mlp_capacity.dataset("spirals")
