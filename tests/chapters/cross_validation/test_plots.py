"""Chapter 12's whole-figure helpers: each figure holds the panels and marks the notebook relies on."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.cross_validation import plots
from mlcourse.chapters.cross_validation.analysis import PolynomialRegression, regression_data
from mlcourse.model_selection import KFold, StratifiedKFold, grid_search_cv


def test_fold_matrix_marks_each_test_sample_once_per_split():
    splits = list(KFold(4).split(8))
    matrix = plots.fold_matrix(splits, 8)
    assert matrix.tolist()[0] == [1, 1, 0, 0, 0, 0, 0, 0]
    assert matrix.sum(axis=0).tolist() == [1] * 8
    with pytest.raises(ValueError, match="test indices"):
        plots.fold_matrix(splits, 6)


def test_folds_figure_draws_one_row_per_split_and_a_label_strip():
    splits = list(KFold(3).split(12))
    figure = plots.folds_figure(splits, 12, labels=np.repeat([0, 1, 2], 4), title="three folds")
    (ax,) = figure.axes
    assert ax.get_title() == "three folds"
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["1", "2", "3", "label"]


def test_estimate_spread_figure_has_one_column_per_method_and_the_reference():
    groups = {"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 2.0]}
    figure = plots.estimate_spread_figure(groups, reference=1.5)
    (ax,) = figure.axes
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["a", "b"]
    assert ax.get_title() == "3 repetitions of each estimate (dotted: true MSE)"
    assert any(np.allclose(line.get_ydata(), 1.5) for line in ax.lines)  # the dotted reference
    assert "std 0.8165" in [text.get_text() for text in ax.texts]  # population std of 1, 2, 3


def test_class_counts_figure_stacks_the_classes_of_every_fold():
    labels = np.array([0] * 6 + [1] * 3)
    panels = {"plain": list(KFold(3).split(9)), "stratified": list(StratifiedKFold(3).split(np.zeros(9), labels))}
    figure = plots.class_counts_figure(panels, labels)
    assert [ax.get_title() for ax in figure.axes] == ["plain", "stratified"]
    stratified = figure.axes[1]
    heights = [patch.get_height() for patch in stratified.patches]
    assert heights == [2, 2, 2, 1, 1, 1]  # class 0 bars, then class 1 bars: 2 and 1 per fold


def test_degree_choice_figure_stars_the_chosen_degree():
    X, y, X_test, y_test = regression_data()
    degrees = [1, 2, 3]
    search = grid_search_cv(
        lambda degree: PolynomialRegression(degree),
        {"degree": degrees},
        X,
        y,
        KFold(3, shuffle=True, seed=0),
        score=lambda m, X_part, y_part: m.mse(X_part, y_part),
    )
    final = PolynomialRegression(3).fit(X, y)
    test_curve = [PolynomialRegression(d).fit(X, y).mse(X_test, y_test) for d in degrees]
    figure = plots.degree_choice_figure(degrees, search, 3, test_curve, X, y, final)
    left, right = figure.axes
    assert "chosen: 3" in [text.get_text() for text in left.get_legend().get_texts()]
    assert left.get_yscale() == "log" and right.get_ylim() == (-2.0, 2.0)
    assert "degree 3, refitted on all 30 points" in [text.get_text() for text in right.get_legend().get_texts()]
