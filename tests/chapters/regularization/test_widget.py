"""Chapter 10 widget: capacity opens the train/validation gap, L2 and dropout close it."""

from __future__ import annotations

import pytest

from mlcourse.chapters.regularization.analysis import (
    DROPOUT_RATES,
    HIDDEN_UNITS,
    L2_STRENGTHS,
)
from tests.chapters.widget_sweep import table


@pytest.fixture(scope="module")
def states():
    """The widget's numbers keyed by (hidden, l2, dropout)."""
    return table("regularization", "hidden", "l2", "dropout")


def test_grid_is_small(states):
    assert len(states) == len(HIDDEN_UNITS) * len(L2_STRENGTHS) * len(DROPOUT_RATES) <= 60


def test_gap_is_validation_minus_training(states):
    for key, numbers in states.items():
        assert numbers["gap"] == pytest.approx(numbers["val loss"] - numbers["train loss"]), key


def test_capacity_lowers_training_loss_and_opens_the_gap(states):
    gaps = [states[(h, 0.0, 0.0)]["gap"] for h in HIDDEN_UNITS]
    train = [states[(h, 0.0, 0.0)]["train loss"] for h in HIDDEN_UNITS]
    small, large = HIDDEN_UNITS.index(2), HIDDEN_UNITS.index(32)
    assert all(a < b for a, b in zip(gaps[small:large], gaps[small + 1 : large + 1])), gaps
    assert max(gaps) > 10 * gaps[0] and max(gaps) > 1.0
    assert train[-1] < 0.1 < train[0]
    assert states[(32, 0.0, 0.0)]["train accuracy"] == 1.0
    # the over-capacity model's validation loss turned up long before the last epoch
    assert states[(32, 0.0, 0.0)]["best val epoch"] < 50


def test_strong_l2_closes_the_gap_of_every_large_model(states):
    for h in (h for h in HIDDEN_UNITS if h >= 8):
        for p in DROPOUT_RATES:
            assert abs(states[(h, 0.03, p)]["gap"]) < 0.05, (h, p)
            assert states[(h, 0.03, p)]["gap"] < states[(h, 0.0, p)]["gap"], (h, p)


def test_l2_raises_the_training_loss_of_large_models(states):
    for h in (h for h in HIDDEN_UNITS if h >= 8):
        losses = [states[(h, lam, 0.0)]["train loss"] for lam in L2_STRENGTHS]
        assert losses == sorted(losses), (h, losses)


def test_dropout_shrinks_the_gap_of_large_models(states):
    for h in (h for h in HIDDEN_UNITS if h >= 16):
        for lam in (0.0, 0.003):
            assert states[(h, lam, 0.5)]["gap"] < states[(h, lam, 0.0)]["gap"], (h, lam)
            assert states[(h, lam, 0.5)]["val loss"] < states[(h, lam, 0.0)]["val loss"], (h, lam)


def test_every_curve_stays_inside_the_fixed_axis_and_under_the_legend():
    """The widget's loss axis is fixed (0 to 2), its legend in the upper left (epochs up to about 66, losses
    above about 1.55): every curve stays inside, and below 1.5 during the first 70 epochs."""
    from mlcourse.chapters.regularization.analysis import moons_run
    from mlcourse.chapters.regularization.widget import LOSS_LIMITS

    for h in HIDDEN_UNITS:
        for lam in L2_STRENGTHS:
            for p in DROPOUT_RATES:
                _, history, tracker = moons_run(h, lam, p)
                values = [*history.val_loss, *tracker.losses]
                assert LOSS_LIMITS[0] <= min(values) and max(values) < 0.95 * LOSS_LIMITS[1], (h, lam, p)
                assert max([*history.val_loss[:70], *tracker.losses[:70]]) < 1.5, (h, lam, p)
