"""Sweep every chapter widget's parameter grid headless and check the theory.

Each widget module listed in ``mlcourse.widgets.WIDGET_MODULES`` is rendered at
every combination of its controls. Two things must hold everywhere: the
numbers are finite (or booleans/strings), and the figure has axes. Then each
widget has a check of its own: the numbers must move the way the chapter says.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import widgets

ALL_WIDGETS = list(widgets.WIDGET_MODULES)
_SWEEPS: dict[str, list[tuple[dict, dict]]] = {}


def sweep(name: str) -> list[tuple[dict, dict]]:
    """Render every state of a widget once per session: (params, numbers) pairs."""
    if name not in _SWEEPS:
        widget = widgets.get(name)
        results = []
        for params in widget.grid():
            rendered = widget.render(**params)
            assert rendered.figure.axes, f"{name}{params}: the figure has no axes"
            results.append((params, rendered.numbers))
            rendered.figure.clear()
        _SWEEPS[name] = results
    return _SWEEPS[name]


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_every_state_renders_finite_numbers(name):
    for params, numbers in sweep(name):
        assert numbers, f"{name}{params}: no numbers"
        for key, value in numbers.items():
            if isinstance(value, (bool, str, np.bool_)):
                continue
            assert math.isfinite(float(value)), f"{name}{params}: {key} = {value}"


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_default_state_numbers_text_is_stable(name):
    widget = widgets.get(name)
    assert widget.numbers_text() == widget.numbers_text()


def _table(name):
    return {tuple(sorted(params.items())): numbers for params, numbers in sweep(name)}


def test_linear_regression_learning_rate_theory():
    from mlcourse.exercises.linear_regression import largest_stable_learning_rate
    from mlcourse.widgets.linear_regression import EPOCHS, LEARNING_RATES, chapter_data

    threshold = largest_stable_learning_rate(chapter_data()[0])
    table = _table("linear_regression")
    for epochs in EPOCHS:
        row = {lr: table[(("epochs", epochs), ("learning_rate", lr))] for lr in LEARNING_RATES}
        stable = [lr for lr in LEARNING_RATES if lr < threshold / 2]  # monotone (no oscillation) regime
        losses = [row[lr]["train MSE"] for lr in stable]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"epochs={epochs}: {losses}"
        for lr in LEARNING_RATES:
            assert row[lr]["diverged"] is False or lr > threshold
        for lr in (lr for lr in LEARNING_RATES if lr > 1.1 * threshold):
            assert row[lr]["train MSE"] > row[0.1]["train MSE"], f"lr={lr}, epochs={epochs}: loss did not grow"
            assert row[lr]["diverged"] or epochs < 50, f"lr={lr}, epochs={epochs}: divergence not reported"
    for lr in (lr for lr in LEARNING_RATES if lr < threshold):
        losses = [table[(("epochs", e), ("learning_rate", lr))]["train MSE"] for e in EPOCHS]
        assert all(a >= b - 1e-12 for a, b in zip(losses, losses[1:])), f"lr={lr}: more epochs raised the loss"
    best = table[(("epochs", 200), ("learning_rate", 0.1))]
    assert best["slope w"] == pytest.approx(best["exact w"], abs=1e-6)
    assert best["intercept b"] == pytest.approx(best["exact b"], abs=1e-6)
