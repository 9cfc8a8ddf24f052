"""Chapter 13 widget: the recorded weights behave as initialization and training theory say."""

from __future__ import annotations

import math

import pytest

from mlcourse import chapters
from mlcourse.chapters.model_parameters.widget import LAYERS, SHOWN_EPOCHS
from tests.chapters.widget_sweep import table

WIDGET = chapters.get_widget("model_parameters")
N_IN = {"0.W": 64, "2.W": 32, "4.W": 16}
N_OUT = {"0.W": 32, "2.W": 16, "4.W": 10}


@pytest.fixture(scope="module")
def states():
    return table("model_parameters", "layer", "epoch")


def test_grid_is_small_and_main_control_is_the_epoch(states):
    assert WIDGET.main.name == "epoch" and len(states) <= 60
    assert {layer for layer, _ in states} == set(LAYERS)


def test_initial_std_matches_the_initializer_formula(states):
    for layer, key in LAYERS.items():
        numbers = states[(layer, 0)]
        if key == "4.W":  # Xavier normal before the softmax output
            expected = math.sqrt(2 / (N_IN[key] + N_OUT[key]))
        else:  # He normal before each ReLU
            expected = math.sqrt(2 / N_IN[key])
        n_weights = N_IN[key] * N_OUT[key]
        # the sample std of n normal draws has relative standard error about 1/sqrt(2n)
        assert numbers["std w"] == pytest.approx(expected, rel=4 / math.sqrt(2 * n_weights)), layer
        assert numbers["relative change"] == 0.0
        assert numbers["std at init"] == numbers["std w"]


def test_weights_move_further_from_init_every_shown_epoch(states):
    for layer in LAYERS:
        changes = [states[(layer, epoch)]["relative change"] for epoch in SHOWN_EPOCHS]
        assert all(a < b for a, b in zip(changes, changes[1:])), (layer, changes)
        assert states[(layer, 20)]["std w"] > states[(layer, 0)]["std w"]
        assert states[(layer, 20)]["max |w|"] > states[(layer, 0)]["max |w|"]


def test_accuracy_goes_from_chance_to_high(states):
    layer = next(iter(LAYERS))
    assert states[(layer, 0)]["validation accuracy"] < 0.25  # ten classes: chance is about 0.1
    assert states[(layer, 20)]["validation accuracy"] > 0.95
    for other in LAYERS:  # the accuracy belongs to the network, not to the layer shown
        assert states[(other, 5)]["validation accuracy"] == states[(layer, 5)]["validation accuracy"]


def test_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="layer must be one of"):
        WIDGET.render(layer="layer 9")
    with pytest.raises(ValueError, match="epoch must be one of"):
        WIDGET.render(epoch=21)
    scene = WIDGET.build()  # update itself refuses them too, whoever calls it
    with pytest.raises(ValueError, match="unknown layer"):
        WIDGET.update_function(scene, layer="layer 9")
    with pytest.raises(ValueError, match="epoch must be an integer from 0 to 20"):
        WIDGET.update_function(scene, epoch=21)
    scene.figure.clear()


def test_the_live_picture_of_a_state_does_not_depend_on_the_states_before():
    # a digest has no pixel positions: the mosaic's equal aspect must be applied by update itself
    from mlcourse.chapters._book.widgets import LiveFrames

    first, second = "layer 1: Linear(64, 32)", "layer 2: Linear(32, 16)"
    visited = LiveFrames(WIDGET, dpi=40)
    for params in ({"layer": first}, {"layer": second}, {"layer": first, "epoch": 3}):
        picture, _ = visited.frame(**params)
    fresh, _ = LiveFrames(WIDGET, dpi=40).frame(layer=first, epoch=3)
    assert picture == fresh
    for params in ({"layer": second, "epoch": 3}, {"layer": first}, {"layer": second, "epoch": 5}):
        picture, _ = visited.frame(**params)
    fresh, _ = LiveFrames(WIDGET, dpi=40).frame(layer=second, epoch=5)
    assert picture == fresh
