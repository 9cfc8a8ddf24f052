"""The linear-regression widget: the learning rate against the training loss, as the chapter claims."""

from __future__ import annotations

import pytest

from tests.chapters.widget_sweep import table


def test_learning_rate_theory():
    from mlcourse.chapters.linear_regression.exercises import largest_stable_learning_rate
    from mlcourse.chapters.linear_regression.widget import EPOCHS, LEARNING_RATES, chapter_data

    threshold = largest_stable_learning_rate(chapter_data()[0])
    states = table("linear_regression")
    for epochs in EPOCHS:
        row = {lr: states[(("epochs", epochs), ("learning_rate", lr))] for lr in LEARNING_RATES}
        stable = [lr for lr in LEARNING_RATES if lr < threshold / 2]  # monotone (no oscillation) regime
        losses = [row[lr]["train MSE"] for lr in stable]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"epochs={epochs}: {losses}"
        for lr in LEARNING_RATES:
            assert row[lr]["diverged"] is False or lr > threshold
        for lr in (lr for lr in LEARNING_RATES if lr > 1.1 * threshold):
            assert row[lr]["train MSE"] > row[0.1]["train MSE"], f"lr={lr}, epochs={epochs}: loss did not grow"
            assert row[lr]["diverged"] or epochs < 50, f"lr={lr}, epochs={epochs}: divergence not reported"
    for lr in (lr for lr in LEARNING_RATES if lr < threshold):
        losses = [states[(("epochs", e), ("learning_rate", lr))]["train MSE"] for e in EPOCHS]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"lr={lr}: more epochs raised the loss"
    best = states[(("epochs", 200), ("learning_rate", 0.1))]
    assert best["slope w"] == pytest.approx(best["exact w"], abs=1e-6)
    assert best["intercept b"] == pytest.approx(best["exact b"], abs=1e-6)
