"""Chapter 10 figures: each *_figure builds the panels the chapter describes from its runs."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from mlcourse import train
from mlcourse.chapters.regularization import plots
from mlcourse.chapters.regularization.analysis import (
    few_digits,
    moons_run,
    train_digits,
    train_moons,
)


@pytest.fixture(scope="module")
def short_runs():
    return {h: moons_run(h, epochs=5) for h in (2, 4)}


def test_run_figure_shows_regions_and_both_curves(short_runs):
    figure = plots.run_figure(short_runs[4], regions_title="regions", losses_title="losses")
    assert isinstance(figure, Figure) and len(figure.axes) == 2
    regions, losses = figure.axes
    assert regions.get_title() == "regions" and losses.get_title() == "losses"
    _, history, tracker = short_runs[4]
    np.testing.assert_allclose(losses.lines[0].get_ydata(), tracker.losses)
    np.testing.assert_allclose(losses.lines[1].get_ydata(), history.val_loss)


def test_data_size_and_capacity_figures_report_the_final_gap(short_runs):
    figure = plots.data_size_figure(short_runs)
    assert len(figure.axes) == 2
    _, history, tracker = short_runs[2]
    assert figure.axes[0].get_title() == f"2 training points: gap {history.val_loss[-1] - tracker.losses[-1]:.2f}"
    ax = plots.capacity_figure(short_runs, title="capacity").axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [run[2].losses[-1] for run in short_runs.values()])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [run[1].val_loss[-1] for run in short_runs.values()])


def test_shifted_digit_and_weight_figures():
    X, _ = few_digits(1)
    figure = plots.shifted_digit_figure(X[3])
    assert [ax.get_title() for ax in figure.axes] == ["original", "right 1", "left 1", "down 1", "up 1"]
    weights = {"a": np.array([0.0, 1e-4, 0.3]), "b": np.array([0.5, -0.2, 0.01])}
    figure = plots.weights_figure(weights, markers={"a": 1e-4})
    assert [ax.get_title() for ax in figure.axes] == ["a", "b"]
    assert "exactly 0: 33.3%" in figure.axes[0].texts[0].get_text()


def test_dropout_and_early_stopping_figures():
    X, y = few_digits(1)
    histories = {
        p: train_digits(X, y, sizes=(64, 8, 10), dropout=p, epochs=3, validation=(X, y))[1] for p in (0.0, 0.5)
    }
    figure = plots.dropout_curves_figure(histories, title="dropout {p}")
    assert [ax.get_title() for ax in figure.axes] == ["dropout 0.0", "dropout 0.5"]
    from mlcourse.chapters.regularization.analysis import chapter_moons

    X_train, y_train, _, _ = chapter_moons()
    _, history, tracker = train_moons(X_train, y_train, hidden=32, early_stopping=train.EarlyStopping(patience=3))
    ax = plots.early_stopping_figure(history, tracker, title="stop").axes[0]
    assert ax.get_title() == "stop"
    assert any(f"epoch {history.stopped_early_at}" in text.get_text() for text in ax.get_legend().get_texts())
