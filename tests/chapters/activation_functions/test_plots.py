"""The chapter's figure helpers draw what they are given (one panel per input, the right lines)."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.activation_functions import plots
from mlcourse.chapters.activation_functions.analysis import sgd_path


def test_saturation_figure_marks_where_each_derivative_goes_flat():
    figure = plots.saturation_figure(flat_level=0.01)
    (ax,) = figure.axes
    assert ax.get_yscale() == "log"
    edges = sorted({round(abs(line.get_xdata()[0]), 1) for line in ax.lines if line.get_linestyle() == ":"})
    assert edges == [3.0, 6.0]  # tanh' and sigmoid' below 1/100 of their peaks


def test_sgd_paths_figure_has_one_panel_per_input_set():
    H = np.array([[0.2, 0.9], [0.7, 0.4], [0.5, 0.5]])
    y = H @ np.array([1.0, -1.0])
    path = sgd_path(H, y, learning_rate=0.5, steps=5)
    figure = plots.sgd_paths_figure([(H, y, path.weights, "a"), (H - 0.5, y, path.weights, "b")], optimum=(1, -1))
    assert [ax.get_title() for ax in figure.axes if ax.get_title()] == ["a", "b"]
    drawn = figure.axes[0].lines[0]
    np.testing.assert_array_equal(drawn.get_xdata(), path.weights[:, 0])


def test_race_figure_draws_the_medians_with_the_budget_for_failures():
    results = {
        ("sigmoid", 4.0): [10, None, 30],
        ("sigmoid", 8.0): [5, 7, 9],
        ("tanh", 4.0): [1, 2, 3],
        ("tanh", 8.0): [None, None, 4],
    }
    figure = plots.race_figure(results, budget=100, threshold=0.15)
    lines = {line.get_label(): np.asarray(line.get_ydata()).tolist() for line in figure.axes[0].lines}
    assert lines["sigmoid"] == [30.0, 7.0] and lines["tanh"] == [2.0, 100.0]
