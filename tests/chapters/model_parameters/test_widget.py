"""Chapter 13 widget: the recorded weights behave as initialization and training theory say."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.chapters.model_parameters.widget import LAYERS, SHOWN_EPOCHS, build_model, chapter_data, training_run

WIDGET = chapters.get_widget("model_parameters")
N_IN = {"0.W": 64, "2.W": 32, "4.W": 16}
N_OUT = {"0.W": 32, "2.W": 16, "4.W": 10}


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results[(params["layer"], params["epoch"])] = rendered.numbers
    return results


def test_grid_is_small_and_main_control_is_the_epoch(table):
    assert WIDGET.main.name == "epoch" and len(table) <= 60
    assert {layer for layer, _ in table} == set(LAYERS)


def test_initial_std_matches_the_initializer_formula(table):
    for layer, key in LAYERS.items():
        numbers = table[(layer, 0)]
        if key == "4.W":  # Xavier normal before the softmax output
            expected = math.sqrt(2 / (N_IN[key] + N_OUT[key]))
        else:  # He normal before each ReLU
            expected = math.sqrt(2 / N_IN[key])
        n_weights = N_IN[key] * N_OUT[key]
        # the sample std of n normal draws has relative standard error about 1/sqrt(2n)
        assert numbers["std w"] == pytest.approx(expected, rel=4 / math.sqrt(2 * n_weights)), layer
        assert numbers["relative change"] == 0.0
        assert numbers["std at init"] == numbers["std w"]


def test_weights_move_further_from_init_every_shown_epoch(table):
    for layer in LAYERS:
        changes = [table[(layer, epoch)]["relative change"] for epoch in SHOWN_EPOCHS]
        assert all(a < b for a, b in zip(changes, changes[1:])), (layer, changes)
        assert table[(layer, 20)]["std w"] > table[(layer, 0)]["std w"]
        assert table[(layer, 20)]["max |w|"] > table[(layer, 0)]["max |w|"]


def test_accuracy_goes_from_chance_to_high(table):
    layer = next(iter(LAYERS))
    assert table[(layer, 0)]["validation accuracy"] < 0.25  # ten classes: chance is about 0.1
    assert table[(layer, 20)]["validation accuracy"] > 0.95
    for other in LAYERS:  # the accuracy belongs to the network, not to the layer shown
        assert table[(other, 5)]["validation accuracy"] == table[(layer, 5)]["validation accuracy"]


def test_weights_of_always_blank_pixels_never_change():
    X_train = chapter_data()[0]
    blank = np.all(X_train == X_train[0], axis=0)  # constant in every training image
    assert 0 < blank.sum() < 64
    _, history = training_run()
    initial = history.weights_snapshots[0]["0.W"]
    for snapshot in history.weights_snapshots[1:]:
        assert np.array_equal(snapshot["0.W"][blank], initial[blank])  # input 0 -> gradient x.T @ g is 0
    assert not np.any(np.all(history.weights_snapshots[-1]["0.W"][~blank] == initial[~blank], axis=1))


def test_snapshots_are_copies_and_the_final_one_is_the_model():
    model, history = training_run()
    assert len(history.weights_snapshots) == 21
    final = model.state_dict()
    for key, value in history.weights_snapshots[-1].items():
        assert np.array_equal(value, final[key])
    assert not np.array_equal(history.weights_snapshots[0]["0.W"], final["0.W"])
    np.testing.assert_array_equal(history.weights_snapshots[0]["0.W"], build_model().state_dict()["0.W"])


def test_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="unknown layer"):
        WIDGET.render(layer="layer 9")
