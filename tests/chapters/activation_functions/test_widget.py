"""Chapter 6 widget: the deep stack's numbers move as the chapter says, over the whole grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from tests.chapters.widget_sweep import table as sweep_table

NAME = "activation_functions"
WIDGET = chapters.get_widget(NAME)
VALUES = {control.name: control.values for control in WIDGET.controls}
DEPTHS, INITS = VALUES["depth"], VALUES["init"]


@pytest.fixture(scope="module")
def table():
    return sweep_table(NAME, "activation", "init", "depth")


def test_grid_is_small_and_main_control_is_the_depth():
    assert WIDGET.main.name == "depth" and WIDGET.main.kind == "slider"
    assert len(list(WIDGET.grid())) <= 60
    assert set(VALUES["activation"]) == {"sigmoid", "tanh", "relu", "leaky_relu", "elu"}


def test_sigmoid_is_never_centred_and_tanh_is(table):
    for init in INITS:
        for depth in DEPTHS:
            assert table[("sigmoid", init, depth)]["mean of outputs"] > 0.4
            assert abs(table[("tanh", init, depth)]["mean of outputs"]) < 0.05


def test_large_weights_saturate_the_squashing_units(table):
    for name in ("sigmoid", "tanh"):
        for depth in DEPTHS:
            assert table[(name, "xavier", depth)]["flat derivative (%)"] < 1
            assert table[(name, "large", depth)]["flat derivative (%)"] > 25
    assert all(table[("tanh", "large", d)]["flat derivative (%)"] > 70 for d in DEPTHS)


def test_relu_zeroes_about_half_its_gradients_and_leaky_relu_none(table):
    for init in INITS:
        for depth in DEPTHS:
            relu = table[("relu", init, depth)]
            assert 40 < relu["flat derivative (%)"] < 60
            leaky = table[("leaky_relu", init, depth)]
            assert leaky["flat derivative (%)"] == 0 and leaky["dead units (%)"] == 0
            # ReLU is positively homogeneous: the weights' scale never changes which units are at 0
            assert relu["flat derivative (%)"] == table[("relu", "xavier", depth)]["flat derivative (%)"]
    assert max(table[("relu", "xavier", d)]["dead units (%)"] for d in DEPTHS) > 0


def test_xavier_relu_signal_shrinks_and_large_weights_explode_it(table):
    spreads = [table[("relu", "xavier", d)]["std of outputs"] for d in DEPTHS]
    assert all(a > b for a, b in zip(spreads, spreads[1:]))
    big = [table[("relu", "large", d)]["std of outputs"] for d in DEPTHS]
    assert all(a < b for a, b in zip(big, big[1:])) and big[-1] > 1e6


def test_default_numbers(table):
    rendered = WIDGET.render()
    rendered.figure.clear()
    numbers = rendered.numbers
    assert numbers == table[("tanh", "xavier", 5)]
    assert numbers["layer"] == 5
    assert list(numbers) == ["layer", "mean of outputs", "std of outputs", "flat derivative (%)", "dead units (%)"]
