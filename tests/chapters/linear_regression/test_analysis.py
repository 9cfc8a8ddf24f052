"""Chapter 1 analysis: the data, the divergence threshold against hand values and gradient descent itself."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse.chapters.linear_regression.analysis import (
    bisect_divergence_threshold,
    chapter_data,
    chapter_points,
    diverges,
    largest_stable_learning_rate,
    split_test_mse,
)
from mlcourse.models import LinearRegression, TrainingDiverged


def test_chapter_data_is_the_8_to_2_split_of_the_chapter_points():
    X, y = chapter_points()
    X_train, X_test, y_train, y_test = chapter_data()
    assert (len(X_train), len(X_test)) == (48, 12)
    assert sorted(np.concatenate([y_train, y_test])) == sorted(y)


def test_divergence_threshold_is_two_over_lambda_max():
    X = np.array([[0.0], [1.0], [2.0]])
    # Hessian (2/3) [[3, 3], [3, 5]]: eigenvalues (2/3)(4 +- sqrt(10))
    expected = 2.0 / ((2.0 / 3.0) * (4.0 + np.sqrt(10.0)))
    assert largest_stable_learning_rate(X) == pytest.approx(expected, rel=1e-12)


def test_gradient_descent_diverges_exactly_past_the_threshold():
    X_train, _, y_train, _ = chapter_data()
    threshold = largest_stable_learning_rate(X_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        below = LinearRegression(learning_rate=0.97 * threshold, epochs=2000).fit(X_train, y_train)
    assert below.diverged_at is None
    with pytest.warns(TrainingDiverged):
        above = LinearRegression(learning_rate=1.03 * threshold, epochs=2000).fit(X_train, y_train)
    assert above.diverged_at is not None


def test_split_scores_vary_across_splits():
    scores = split_test_mse(0.2, seeds=range(5))
    assert scores.shape == (5,) and np.all(scores > 0) and scores.std() > 0
    with pytest.raises(ValueError, match="at least one seed"):
        split_test_mse(0.2, seeds=[])


def test_bisection_finds_the_threshold_two_over_lambda_max():
    threshold = largest_stable_learning_rate(chapter_data()[0])
    assert not diverges(0.98 * threshold) and diverges(1.02 * threshold)
    found = bisect_divergence_threshold(halvings=10)
    assert abs(found - threshold) <= 0.4 / 2**11 + 1e-3 * threshold
    coarse = bisect_divergence_threshold(halvings=2)
    assert coarse in (0.15, 0.25, 0.35, 0.45) and abs(coarse - threshold) <= 0.05


@pytest.mark.parametrize("low, high, halvings", [(0.5, 0.9, 5), (0.01, 0.1, 5), (0.1, 0.5, 0)])
def test_bisection_refuses_an_interval_without_the_switch(low, high, halvings):
    with pytest.raises(ValueError):
        bisect_divergence_threshold(low, high, halvings=halvings)


def test_descent_figure_draws_the_path_and_the_loss_curve():
    from mlcourse.chapters.linear_regression.plots import descent_figure, split_figure

    X_train, X_test, y_train, y_test = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X_train, y_train)
    gd = LinearRegression(learning_rate=0.1, epochs=60).fit(X_train, y_train)
    figure = descent_figure(
        X_train, y_train, gd.path_, gd.loss_history_, (exact.weights_[0], exact.bias_), learning_rate=0.1, steps=40
    )
    left, right = figure.axes[:2]
    path_line = left.lines[0]
    assert len(path_line.get_xdata()) == 41 and path_line.get_xdata()[0] == 0.0
    assert len(right.lines[0].get_ydata()) == 61 and right.get_yscale() == "log"
    split = split_figure(X_train, y_train, X_test, y_test)
    assert [len(c.get_offsets()) for c in split.axes[0].collections] == [48, 12]
