"""Chapter 9 widget: the optimizers behave on the test surfaces as the chapter says."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.chapters.optimizers.analysis import first_step_below
from mlcourse.chapters.optimizers.widget import LEARNING_RATES, STARTS, SURFACES, runs

WIDGET = chapters.get_widget("optimizers")
NAMES = ("SGD", "Momentum", "AdaGrad", "RMSProp", "Adam")
ADAPTIVE = ("AdaGrad", "RMSProp", "Adam")
BOWL = SURFACES["bowl"]


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert len(rendered.figure.axes) == 2
        for ax in rendered.figure.axes:
            assert ax.lines, f"{params}: an empty panel"
        rendered.figure.clear()
        results[(params["surface"], params["start"], params["learning_rate"])] = rendered.numbers
    return results


def test_grid_and_controls():
    assert len(list(WIDGET.grid())) <= 60
    assert WIDGET.main.name == "learning_rate" and len(LEARNING_RATES) <= 10
    ratios = np.diff(np.log10(LEARNING_RATES))
    assert np.all((ratios > 0.4) & (ratios < 0.6))  # log-spaced, half a decade apart
    assert set(SURFACES) == {"bowl", "saddle", "rosenbrock", "himmelblau"}
    assert all(len(starts) >= 2 for starts in STARTS.values())


def test_numbers_are_each_optimizers_final_value_and_divergence(table):
    for numbers in table.values():
        assert list(numbers) == [f"{n} final f" for n in NAMES] + [f"{n} diverged" for n in NAMES]


def test_sgd_diverges_on_the_bowl_exactly_above_two_over_the_largest_curvature(table):
    limit = 2 / BOWL.b
    for (surface, start, rate), numbers in table.items():
        if surface == "bowl":
            assert numbers["SGD diverged"] == (rate > limit), (start, rate)


def test_momentum_tolerates_up_to_two_one_plus_mu_over_the_curvature(table):
    limit = 2 * (1 + 0.9) / BOWL.b
    for (surface, start, rate), numbers in table.items():
        if surface == "bowl":
            assert numbers["Momentum diverged"] == (rate > limit), (start, rate)


def test_adaptive_methods_never_diverge(table):
    # their steps are bounded by a few learning rates whatever the gradient
    for key, numbers in table.items():
        for name in ADAPTIVE:
            assert numbers[f"{name} diverged"] is False, (key, name)


def test_momentum_beats_sgd_on_the_bowl_wherever_sgd_is_stable(table):
    for (surface, start, rate), numbers in table.items():
        if surface == "bowl" and rate < 2 / BOWL.b:
            assert numbers["Momentum final f"] < numbers["SGD final f"], (start, rate)


def test_adaptive_methods_crawl_at_small_rates_and_arrive_at_large_ones(table):
    for start in STARTS["bowl"]:
        small, large = table[("bowl", start, LEARNING_RATES[0])], table[("bowl", start, LEARNING_RATES[-1])]
        for name in ADAPTIVE:
            assert small[f"{name} final f"] > small["SGD final f"], (start, name)
            assert large[f"{name} final f"] < small[f"{name} final f"] / 10, (start, name)
        assert large["Adam final f"] < 1e-6 and large["RMSProp final f"] < 1e-6


def test_where_sgd_ends_on_himmelblau_depends_on_the_start():
    surface = SURFACES["himmelblau"]
    ends = [runs("himmelblau", start, 0.01)["sgd"].path[-1] for start in STARTS["himmelblau"]]
    nearest = [int(np.argmin([np.hypot(*(end - np.array(m))) for m in surface.minima])) for end in ends]
    assert all(np.hypot(*(end - np.array(surface.minima[i]))) < 1e-6 for end, i in zip(ends, nearest))
    assert len(set(nearest)) == len(ends)


def test_adaptive_methods_leave_the_saddle_sooner_from_near_its_axis():
    results = runs("saddle", "A", 0.01)
    sgd = first_step_below(results["sgd"].losses, -0.5)
    for name in ("rmsprop", "adam"):
        escaped = first_step_below(results[name].losses, -0.5)
        assert escaped is not None and (sgd is None or escaped < sgd), name
