"""Chapter 3's figures: every panel drawn, diverging and non-converging runs marked, the right data on each axis."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.gradient_descent import plots
from mlcourse.chapters.gradient_descent.analysis import (
    chapter_data,
    gradient_descent,
    least_squares,
    minibatch_descent,
    predicted_steps,
)
from mlcourse.surfaces import Himmelblau, IllConditionedBowl, Quadratic1D, Saddle

PARABOLA = Quadratic1D(curvature=10.0)


def test_rate_panels_draw_one_panel_per_rate_and_note_divergence():
    runs = {rate: gradient_descent(PARABOLA, 3.0, rate, max_steps=200) for rate in (0.01, 0.21)}
    figure = plots.plot_rate_panels(PARABOLA, runs)
    first, second = figure.axes
    assert first.get_title() == "lr = 0.01, factor r = +0.9"
    assert second.get_title() == "lr = 0.21, factor r = -1.1"
    notes = [text.get_text() for text in second.texts]
    assert notes == ["diverged at step 134"] and not first.texts


def test_steps_against_rate_marks_runs_formula_and_failures():
    rates = (0.01, 0.05, 0.2, 0.21)
    runs = {rate: gradient_descent(PARABOLA, 3.0, rate, max_steps=5000, tolerance=1e-5) for rate in rates}
    formula = {rate: predicted_steps(rate, 10.0, 3.0, 1e-6) for rate in (0.15, 0.01, 0.05, 0.2)}
    figure = plots.plot_steps_against_rate(runs, formula, curvature=10.0, distance=1e-6)
    (ax,) = figure.axes
    line, dots, crosses = ax.lines[:3]
    np.testing.assert_array_equal(line.get_xdata(), [0.01, 0.05, 0.15])  # sorted, the infinite one left out
    np.testing.assert_array_equal(dots.get_xdata(), [0.01, 0.05])
    np.testing.assert_array_equal(dots.get_ydata(), [142, 22])
    np.testing.assert_array_equal(crosses.get_xdata(), [0.2, 0.21])
    assert {text.get_text() for text in ax.texts} >= {"142", "22", " 1/L", " 2/L"}


def test_bowl_runs_draw_paths_and_distances():
    bowl = IllConditionedBowl(a=1.0, b=10.0)
    runs = {rate: gradient_descent(bowl, (-8.0, 3.0), rate, max_steps=300) for rate in (0.1, 0.21)}
    figure = plots.plot_bowl_runs(bowl, runs, steps_shown=30)
    left, right = figure.axes
    assert len(left.lines[0].get_xdata()) == 31  # the first 30 steps
    labels = [text.get_text() for text in right.get_legend().get_texts()]
    assert labels == ["lr = 0.1", "lr = 0.21 (diverged at step 134)"]
    assert right.get_xlim()[1] == 300


def test_batch_paths_name_the_three_kinds_of_descent():
    X, y = chapter_data()
    w, b, _ = least_squares()
    runs = {size: minibatch_descent(X, y, size, learning_rate=0.03, epochs=2) for size in (64, 8, 1)}
    figure = plots.plot_batch_paths(X, y, runs, optimum=(w, b))
    assert [ax.get_title() for ax in figure.axes] == [
        "batch (all 64): 2 updates",
        "mini-batch (8): 16 updates",
        "stochastic (1): 128 updates",
    ]


def test_loss_curve_panels_show_the_loss_and_its_excess():
    X, y = chapter_data()
    best = least_squares()[2]
    runs = {
        "good": minibatch_descent(X, y, 8, learning_rate=0.03, epochs=5),
        "very high": minibatch_descent(X, y, 8, learning_rate=0.4, epochs=50),
    }
    figure = plots.plot_loss_curve_panels(runs, best)
    left, right = figure.axes
    np.testing.assert_allclose(left.lines[0].get_ydata(), runs["good"].losses)
    np.testing.assert_allclose(right.lines[0].get_ydata(), runs["good"].losses[1:] - best)
    assert runs["very high"].diverged_at is not None
    crosses = [line for line in left.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == runs["very high"].diverged_at
    assert left.get_ylim()[1] < 1.2 * runs["good"].losses[0]  # the diverging curve leaves through the top


@pytest.mark.parametrize("surface", [Himmelblau(), IllConditionedBowl()])
def test_start_comparison_draws_every_start(surface):
    bowl = IllConditionedBowl()
    starts = [(1.0, 1.0), (-2.0, 0.5)]
    bowl_runs = {s: gradient_descent(bowl, s, 0.05, max_steps=20) for s in starts}
    other_runs = {s: gradient_descent(surface, s, 0.01, max_steps=20) for s in starts}
    figure = plots.plot_start_comparison(bowl, bowl_runs, surface, other_runs, other_title="other")
    _, right = figure.axes
    assert right.get_title() == "other" and right.get_legend() is None
    assert len([line for line in right.lines if line.get_marker() == "o"]) == len(starts)


def test_saddle_runs_draw_the_distance_from_the_axis():
    saddle = Saddle()
    runs = {"y0 = 0.001": gradient_descent(saddle, (1.5, 1e-3), 0.1, max_steps=50)}
    figure = plots.plot_saddle_runs(saddle, runs, radius=0.1)
    _, right = figure.axes
    np.testing.assert_allclose(right.lines[0].get_ydata(), np.abs(runs["y0 = 0.001"].path[:, 1]))
    assert any(np.all(np.asarray(line.get_ydata()) == 0.1) for line in right.lines)
