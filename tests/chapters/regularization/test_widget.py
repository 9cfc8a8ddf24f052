"""Chapter 10 widget: capacity opens the train/validation gap, L2 and dropout close it."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.regularization.widget import DROPOUT_RATES, HIDDEN_UNITS, L2_STRENGTHS

WIDGET = chapters.get_widget("regularization")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results[(params["hidden"], params["l2"], params["dropout"])] = rendered.numbers
    return results


def test_grid_is_small(table):
    assert len(table) == len(HIDDEN_UNITS) * len(L2_STRENGTHS) * len(DROPOUT_RATES) <= 60


def test_gap_is_validation_minus_training(table):
    for key, numbers in table.items():
        assert numbers["gap"] == pytest.approx(numbers["val loss"] - numbers["train loss"]), key


def test_capacity_lowers_training_loss_and_opens_the_gap(table):
    gaps = [table[(h, 0.0, 0.0)]["gap"] for h in HIDDEN_UNITS]
    train = [table[(h, 0.0, 0.0)]["train loss"] for h in HIDDEN_UNITS]
    small, large = HIDDEN_UNITS.index(2), HIDDEN_UNITS.index(32)
    assert all(a < b for a, b in zip(gaps[small:large], gaps[small + 1:large + 1])), gaps
    assert max(gaps) > 10 * gaps[0] and max(gaps) > 1.0
    assert train[-1] < 0.1 < train[0]
    assert table[(32, 0.0, 0.0)]["train accuracy"] == 1.0
    # the over-capacity model's validation loss turned up long before the last epoch
    assert table[(32, 0.0, 0.0)]["best val epoch"] < 50


def test_strong_l2_closes_the_gap_of_every_large_model(table):
    for h in (h for h in HIDDEN_UNITS if h >= 8):
        for p in DROPOUT_RATES:
            assert abs(table[(h, 0.03, p)]["gap"]) < 0.05, (h, p)
            assert table[(h, 0.03, p)]["gap"] < table[(h, 0.0, p)]["gap"], (h, p)


def test_l2_raises_the_training_loss_of_large_models(table):
    for h in (h for h in HIDDEN_UNITS if h >= 8):
        losses = [table[(h, lam, 0.0)]["train loss"] for lam in L2_STRENGTHS]
        assert losses == sorted(losses), (h, losses)


def test_dropout_shrinks_the_gap_of_large_models(table):
    for h in (h for h in HIDDEN_UNITS if h >= 16):
        for lam in (0.0, 0.003):
            assert table[(h, lam, 0.5)]["gap"] < table[(h, lam, 0.0)]["gap"], (h, lam)
            assert table[(h, lam, 0.5)]["val loss"] < table[(h, lam, 0.0)]["val loss"], (h, lam)
