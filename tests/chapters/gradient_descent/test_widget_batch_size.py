"""Chapter 7 batch-size widget: more updates and noisier paths for smaller batches, as the theory says."""

from __future__ import annotations

import math

import pytest

from mlcourse import chapters
from mlcourse.chapters.gradient_descent.widget_batch_size import BATCH_SIZES, EPOCHS, LEARNING_RATES, N_SAMPLES

WIDGET = chapters.get_widget("gradient_descent.BATCH_SIZE_WIDGET")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert len(rendered.figure.axes) == 2
        rendered.figure.clear()
        results[(params["batch_size"], params["learning_rate"])] = rendered.numbers
    return results


def test_grid_size():
    assert len(list(WIDGET.grid())) <= 60


def test_updates_per_epoch_is_ceil_n_over_batch(table):
    for (size, rate), numbers in table.items():
        batch = N_SAMPLES if size == "full" else size
        assert numbers["updates per epoch"] == math.ceil(N_SAMPLES / batch)
        assert numbers["updates in total"] == EPOCHS * numbers["updates per epoch"]
        assert numbers["diverged"] is False


def test_smaller_batches_wiggle_more_at_every_learning_rate(table):
    for rate in LEARNING_RATES:
        ratios = [table[(size, rate)]["wiggle ratio"] for size in BATCH_SIZES]
        assert all(a > b for a, b in zip(ratios, ratios[1:])), (rate, ratios)
        assert table[("full", rate)]["wiggle ratio"] < 1.2  # nearly straight
        assert table[(1, rate)]["wiggle ratio"] > 10


def test_no_run_beats_least_squares(table):
    for numbers in table.values():
        assert numbers["final MSE"] >= numbers["least-squares MSE"] - 1e-12


def test_noise_floor_and_the_value_of_many_updates(table):
    # large learning rate: stochastic updates keep bouncing, the full batch settles
    assert table[(1, 0.1)]["final MSE"] > table[("full", 0.1)]["final MSE"] + 0.1
    assert table[("full", 0.1)]["distance to least squares"] < 0.05
    # small learning rate, same epochs: 20 full-batch updates are not enough, 1280 small ones are
    assert table[("full", 0.01)]["final MSE"] > table[(4, 0.01)]["final MSE"] + 1.0
