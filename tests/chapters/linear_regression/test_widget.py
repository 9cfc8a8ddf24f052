"""The linear-regression widget: the learning rate against the training loss, as the chapter claims."""

from __future__ import annotations

import pytest

from mlcourse.chapters.linear_regression.analysis import (
    chapter_data,
    largest_stable_learning_rate,
)
from tests.chapters.widget_sweep import table


@pytest.fixture(scope="module")
def states():
    return table("linear_regression", "learning_rate", "epochs")


def test_learning_rate_theory(states):
    threshold = largest_stable_learning_rate(chapter_data()[0])
    rates = sorted({rate for rate, _ in states})
    epoch_counts = sorted({epochs for _, epochs in states})
    assert min(rates) < threshold / 2 and max(rates) > 1.1 * threshold  # the grid spans every regime
    for epochs in epoch_counts:
        row = {rate: states[(rate, epochs)] for rate in rates}
        stable = [rate for rate in rates if rate < threshold / 2]  # monotone (no oscillation) regime
        losses = [row[rate]["train MSE"] for rate in stable]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"epochs={epochs}: {losses}"
        for rate in rates:
            assert row[rate]["diverged"] is False or rate > threshold
        for rate in (rate for rate in rates if rate > 1.1 * threshold):
            assert row[rate]["train MSE"] > row[0.1]["train MSE"], f"lr={rate}, epochs={epochs}: loss did not grow"
            assert row[rate]["diverged"] or epochs < 50, f"lr={rate}, epochs={epochs}: divergence not reported"
    for rate in (rate for rate in rates if rate < threshold):
        losses = [states[(rate, epochs)]["train MSE"] for epochs in epoch_counts]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"lr={rate}: more epochs raised the loss"


def test_a_good_rate_lands_on_the_normal_equation(states):
    best = states[(0.1, 200)]
    assert best["slope w"] == pytest.approx(best["exact w"], abs=1e-6)
    assert best["intercept b"] == pytest.approx(best["exact b"], abs=1e-6)
    assert best["steps"] == 200 and best["diverged"] is False
