"""Chapter 12 widget: the folds and the fold scores behave as cross-validation theory says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.chapters.cross_validation.analysis import (
    N_SAMPLES,
    SPLITTERS,
    cross_validate_classifier,
)
from mlcourse.chapters.cross_validation.widget import K_VALUES
from tests.chapters.widget_sweep import table

WIDGET = chapters.get_widget("cross_validation")
SAFE = ("KFold, shuffled", "StratifiedKFold")


@pytest.fixture(scope="module")
def states():
    return table("cross_validation", "k", "splitter")


def test_grid_is_small_and_k_is_the_main_control(states):
    assert WIDGET.main.name == "k" and len(states) <= 60
    assert set(states) == {(k, s) for k in K_VALUES for s in SPLITTERS}


def test_every_sample_is_tested_exactly_once_for_every_k(states):
    for k in K_VALUES:
        for splitter in SPLITTERS:
            splits, result = cross_validate_classifier(k, splitter)
            counts = np.bincount(np.concatenate([test for _, test in splits]), minlength=N_SAMPLES)
            assert np.all(counts == 1), (k, splitter)
            assert len(result.scores) == k == states[(k, splitter)]["fits"]


def test_each_fit_trains_on_k_minus_one_kths_of_the_data(states):
    for (k, splitter), numbers in states.items():
        assert numbers["training samples per fit"] == pytest.approx(N_SAMPLES * (k - 1) / k)
        assert numbers["held-out samples per fold"] == pytest.approx(N_SAMPLES / k)


def test_unshuffled_folds_on_sorted_labels_leave_classes_out_and_collapse(states):
    for k in (2, 3):
        numbers = states[(k, "KFold, not shuffled")]
        assert numbers["training parts missing a class"] == k
        assert numbers["mean accuracy"] <= 1 / 3 + 1e-12  # a class never seen in training is never predicted
    assert states[(3, "KFold, not shuffled")]["mean accuracy"] == 0.0  # each test fold is exactly one class
    for k in (2, 3):
        for splitter in SAFE:
            assert states[(k, splitter)]["mean accuracy"] > states[(k, "KFold, not shuffled")]["mean accuracy"] + 0.4


def test_shuffled_and_stratified_folds_keep_every_class_and_score_well(states):
    for k in K_VALUES:
        for splitter in SAFE:
            numbers = states[(k, splitter)]
            assert numbers["training parts missing a class"] == 0
            assert numbers["mean accuracy"] > 0.75, (k, splitter)


def test_leave_one_out_is_the_same_for_every_splitter_and_its_spread_is_binomial(states):
    loo = [states[(N_SAMPLES, splitter)] for splitter in SPLITTERS]
    assert loo[0] == loo[1] == loo[2]
    accuracy = loo[0]["mean accuracy"]
    # each fold scores 0 or 1, so the std of the scores is sqrt(p (1 - p))
    assert loo[0]["std of fold accuracies"] == pytest.approx(math.sqrt(accuracy * (1 - accuracy)))


def test_smaller_test_folds_scatter_more(states):
    for splitter in SAFE:
        spreads = [states[(k, splitter)]["std of fold accuracies"] for k in K_VALUES]
        assert spreads[-1] == max(spreads) and spreads[0] == min(spreads), (splitter, spreads)
        assert states[(N_SAMPLES, splitter)]["worst fold"] == 0.0


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="k must be one of"):
        WIDGET.render(k=7)
    with pytest.raises(ValueError, match="splitter must be one of"):
        WIDGET.render(splitter="random")
    with pytest.raises(ValueError, match="unknown splitter"):
        cross_validate_classifier(5, "random")
