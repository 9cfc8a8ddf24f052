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


def test_section_page_figures_draw_their_panels():
    from mlcourse.chapters.gradient_descent.analysis import SCHEDULE_BOWL, schedule_runs
    from mlcourse.surfaces import EqualityPenalty, Rosenbrock, newton_path, project_onto_box, projected_path

    runs = schedule_runs(seeds=2, steps=40)
    figure = plots.plot_schedule_runs(SCHEDULE_BOWL, runs, radius=0.5, learning_rate=0.1, tail=20)
    left, middle, right = figure.axes
    assert len(middle.lines) == len(runs) + 1 and len(right.lines) == len(runs)
    np.testing.assert_allclose(right.lines[0].get_ydata(), 0.1)  # the constant rate
    assert left.patches[0].radius == 0.5
    saddle = Saddle()
    figure = plots.plot_newton_paths(
        {
            "saddle": (saddle, {"Newton": newton_path(saddle, (1.5, 0.5), 3).path}, None),
            "himmelblau": (Himmelblau(), {"Newton": newton_path(Himmelblau(), (0.0, 0.0), 5).path}, None),
        }
    )
    assert [ax.get_title() for ax in figure.axes] == ["saddle", "himmelblau"]
    assert "local maximum" in [line.get_label() for line in figure.axes[1].lines]
    bowl = IllConditionedBowl(a=1.0, b=10.0)
    box = projected_path(bowl, (3.0, 3.0), 50, lr=0.15, project=lambda p: project_onto_box(p, [-3.0, 1.0], [3.0, 3.0]))
    disc = projected_path(Rosenbrock(), (-0.5, -0.5), 50, lr=0.002, project=lambda p: p / max(1.0, np.linalg.norm(p)))
    points = {mu: newton_path(EqualityPenalty(bowl, mu=mu), (0.0, 0.0), 2).final_point for mu in (1.0, 10.0)}
    figure = plots.plot_constrained(
        (bowl, box, (-3.0, 1.0), (3.0, 3.0)),
        (Rosenbrock(), disc, (0.0, 0.0), 1.0),
        (bowl, ((1.0, 1.0), 1.0), points, (10 / 11, 1 / 11)),
    )
    assert len(figure.axes) == 3 and len(figure.axes[0].patches) == 1 and len(figure.axes[1].patches) == 1
