"""The chapter's figure helpers draw what they are given (one panel per input, the right lines)."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.vanishing_gradients import plots
from mlcourse.train import History


def test_dead_units_figure_draws_the_fractions_and_the_accuracies_with_one_legend():
    runs = {
        "a": ([0.1, 0.2, 0.3], History(val_accuracy=[0.5, 0.6, 0.7])),
        "b": ([0.0, 0.0, 0.1], History(val_accuracy=[0.9, 0.9, 0.95])),
    }
    figure = plots.plot_dead_units(runs)
    left, right = figure.axes
    np.testing.assert_array_equal(left.lines[0].get_ydata(), [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(right.lines[1].get_ydata(), [0.9, 0.9, 0.95])
    assert left.get_legend() is None and right.get_legend() is None
    assert [text.get_text() for text in figure.legends[0].get_texts()] == ["a", "b"]


def test_chain_growth_figure_labels_the_depths():
    figure = plots.plot_chain_growth({"c = 1": [1.0, 2.0, 4.0]}, depths=(2, 5, 10))
    (ax,) = figure.axes
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2", "5", "10"]
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [2, 5, 10])  # at the depths, not evenly spaced
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1.0, 2.0, 4.0])


def test_init_spread_figure_has_one_panel_per_activation_on_a_common_scale():
    spread = {"tanh": {"small": [1e-2, 1e-4], "he": [0.5, 0.4]}, "relu": {"small": [1e-2, 1e-5], "he": [0.7, 0.6]}}
    figure = plots.plot_init_spread(spread, ylim=(1e-10, 1e2))
    assert [ax.get_title() for ax in figure.axes] == [
        "tanh: activations through 2 layers",
        "relu: activations through 2 layers",
    ]
    for ax in figure.axes:
        assert ax.get_ylim() == pytest.approx((1e-10, 1e2))
        assert len(ax.lines) == 2
