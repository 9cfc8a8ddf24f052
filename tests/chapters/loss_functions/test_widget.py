"""Chapter 5 widget 2: the loss and gradient numbers follow -log p, p - 1, and the squared error's chain rule."""

from __future__ import annotations

import math

import pytest

from mlcourse import chapters
from mlcourse.chapters.loss_functions.widget import PROBABILITIES

WIDGET = chapters.get_widget("loss_functions")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results[(params["wrt"], params["p"])] = rendered.numbers
    return results


def test_grid():
    assert WIDGET.main.name == "p" and len(list(WIDGET.grid())) <= 60


def test_cross_entropy_values_and_gradients(table):
    for p in PROBABILITIES:
        logit, prob = table[("logit", p)], table[("probability", p)]
        assert logit["cross-entropy"] == pytest.approx(-math.log(p), rel=1e-12)
        assert logit["d cross-entropy / d logit"] == pytest.approx(p - 1, rel=1e-12)
        assert prob["d cross-entropy / d probability"] == pytest.approx(-1 / p, rel=1e-12)
        assert logit["squared error"] == pytest.approx((1 - p) ** 2, rel=1e-12)
        assert prob["d squared error / d probability"] == pytest.approx(2 * (p - 1), rel=1e-12)
        assert logit["d squared error / d logit"] == pytest.approx(2 * (p - 1) * p * (1 - p), rel=1e-9)


def test_cross_entropy_punishes_confident_mistakes_and_keeps_pushing(table):
    losses = [table[("logit", p)]["cross-entropy"] for p in PROBABILITIES]
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert losses[0] > 4.5
    for p in PROBABILITIES:
        ce = abs(table[("logit", p)]["d cross-entropy / d logit"])
        se = abs(table[("logit", p)]["d squared error / d logit"])
        assert ce > se
    # confidently wrong: the squared error's logit gradient has almost vanished, cross-entropy's has not
    assert abs(table[("logit", 0.01)]["d squared error / d logit"]) < 0.02
    assert abs(table[("logit", 0.01)]["d cross-entropy / d logit"]) > 0.98
