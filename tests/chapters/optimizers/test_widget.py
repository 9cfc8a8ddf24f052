"""Chapter 9 widget: the optimizers behave on the test surfaces as the chapter says."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.chapters.optimizers.analysis import (
    RACE_STARTS,
    RACE_SURFACES,
    first_step_below,
    surface_race,
)
from tests.chapters.widget_sweep import table

NAME = "optimizers"
WIDGET = chapters.get_widget(NAME)
LEARNING_RATES = WIDGET.main.values
NAMES = ("SGD", "Momentum", "AdaGrad", "RMSProp", "Adam")
ADAPTIVE = ("AdaGrad", "RMSProp", "Adam")
BOWL = RACE_SURFACES["bowl"]


@pytest.fixture(scope="module")
def states():
    return table(NAME, "surface", "start", "learning_rate")


def test_grid_and_controls():
    assert len(list(WIDGET.grid())) <= 60
    assert WIDGET.main.name == "learning_rate" and len(LEARNING_RATES) <= 10
    ratios = np.diff(np.log10(LEARNING_RATES))
    assert np.all((ratios > 0.4) & (ratios < 0.6))  # log-spaced, half a decade apart
    assert set(RACE_SURFACES) == set(RACE_STARTS) == {"bowl", "saddle", "rosenbrock", "himmelblau"}
    assert all(len(starts) >= 2 for starts in RACE_STARTS.values())


def test_the_figure_has_the_paths_and_the_values():
    rendered = WIDGET.render(**WIDGET.defaults())
    assert len(rendered.figure.axes) == 2
    assert all(ax.lines for ax in rendered.figure.axes)
    rendered.figure.clear()


def test_unknown_surface_or_start_is_refused():
    with pytest.raises(ValueError, match="surface"):
        WIDGET.render(surface="moon")
    with pytest.raises(ValueError, match="start"):
        WIDGET.render(start="C")


def test_numbers_are_each_optimizers_final_value_and_divergence(states):
    for numbers in states.values():
        assert list(numbers) == [f"{n} final f" for n in NAMES] + [f"{n} diverged" for n in NAMES]


def test_sgd_diverges_on_the_bowl_exactly_above_two_over_the_largest_curvature(states):
    limit = 2 / BOWL.b
    for (surface, start, rate), numbers in states.items():
        if surface == "bowl":
            assert numbers["SGD diverged"] == (rate > limit), (start, rate)


def test_momentum_tolerates_up_to_two_one_plus_mu_over_the_curvature(states):
    limit = 2 * (1 + 0.9) / BOWL.b
    for (surface, start, rate), numbers in states.items():
        if surface == "bowl":
            assert numbers["Momentum diverged"] == (rate > limit), (start, rate)


def test_adaptive_methods_never_diverge(states):
    # their steps are bounded by a few learning rates whatever the gradient
    for key, numbers in states.items():
        for name in ADAPTIVE:
            assert numbers[f"{name} diverged"] is False, (key, name)


def test_momentum_beats_sgd_on_the_bowl_wherever_sgd_is_stable(states):
    for (surface, start, rate), numbers in states.items():
        if surface == "bowl" and rate < 2 / BOWL.b:
            assert numbers["Momentum final f"] < numbers["SGD final f"], (start, rate)


def test_adaptive_methods_crawl_at_small_rates_and_arrive_at_large_ones(states):
    for start in RACE_STARTS["bowl"]:
        small, large = states[("bowl", start, LEARNING_RATES[0])], states[("bowl", start, LEARNING_RATES[-1])]
        for name in ADAPTIVE:
            assert small[f"{name} final f"] > small["SGD final f"], (start, name)
            assert large[f"{name} final f"] < small[f"{name} final f"] / 10, (start, name)
        assert large["Adam final f"] < 1e-6 and large["RMSProp final f"] < 1e-6


def test_where_sgd_ends_on_himmelblau_depends_on_the_start():
    surface = RACE_SURFACES["himmelblau"]
    ends = [surface_race("himmelblau", start, 0.01)["sgd"].path[-1] for start in RACE_STARTS["himmelblau"]]
    nearest = [int(np.argmin([np.hypot(*(end - np.array(m))) for m in surface.minima])) for end in ends]
    assert all(np.hypot(*(end - np.array(surface.minima[i]))) < 1e-6 for end, i in zip(ends, nearest))
    assert len(set(nearest)) == len(ends)


def test_adaptive_methods_leave_the_saddle_sooner_from_near_its_axis():
    results = surface_race("saddle", "A", 0.01)
    sgd = first_step_below(results["sgd"].losses, -0.5)
    for name in ("rmsprop", "adam"):
        escaped = first_step_below(results[name].losses, -0.5)
        assert escaped is not None and (sgd is None or escaped < sgd), name


def test_the_live_picture_of_a_state_does_not_depend_on_the_states_before():
    # a digest has no pixels: what surface, legend and scale were shown before must leave no trace
    from mlcourse.chapters._book.widgets import LiveFrames

    visited = LiveFrames(WIDGET, dpi=40)
    for params in ({}, {"surface": "saddle", "start": "B"}, {"surface": "rosenbrock", "learning_rate": 0.3}):
        visited.frame(**params)
    for params in ({"learning_rate": 0.3}, {"surface": "saddle", "start": "B", "learning_rate": 0.001}):
        picture, _ = visited.frame(**params)
        fresh, _ = LiveFrames(WIDGET, dpi=40).frame(**params)
        assert picture == fresh, params
