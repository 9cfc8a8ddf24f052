"""The digits training scrubber: numbers follow the training record and the theory."""

from __future__ import annotations

import pytest

from mlcourse import chapters


@pytest.fixture(scope="module")
def table():
    widget = chapters.get_widget("capstone_digits")
    return {(p["learning_rate"], p["epoch"]): widget.render(**p).numbers for p in widget.grid()}


def test_validation_accuracy_improves_from_the_first_epoch(table):
    for learning_rate in (0.001, 0.01):
        assert table[(learning_rate, 30)]["val accuracy"] > table[(learning_rate, 1)]["val accuracy"]
        assert table[(learning_rate, 30)]["train loss"] < table[(learning_rate, 1)]["train loss"]


def test_training_loss_falls_monotonically_for_small_rates(table):
    from mlcourse.chapters.capstone_digits.widget import EPOCH_STEPS

    for learning_rate in (0.001, 0.01):
        losses = [table[(learning_rate, e)]["train loss"] for e in EPOCH_STEPS]
        assert all(a > b for a, b in zip(losses, losses[1:]))


def test_errors_and_accuracy_agree(table):
    for numbers in table.values():
        n_val = round(numbers["val errors"] / (1 - numbers["val accuracy"])) if numbers["val accuracy"] < 1 else None
        if n_val is not None:
            assert n_val == 288


def test_good_rate_beats_too_small_and_too_large_at_the_end(table):
    good = table[(0.01, 30)]["val accuracy"]
    assert good > 0.95
    assert good >= table[(0.001, 30)]["val accuracy"] and good > table[(0.1, 30)]["val accuracy"]
