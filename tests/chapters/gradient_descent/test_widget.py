"""Chapter 3 widgets: the learning rate (divergence exactly above 2/L, speed set by |1 - lr L|) and the
batch size (more updates and noisier paths for smaller batches), read from the shared sweep."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.gradient_descent.analysis import (
    CURVATURE,
    LEARNING_RATE_SURFACES,
    LINE_EPOCHS,
    LINE_SAMPLES,
    RUN_STEPS,
    max_stable_learning_rate,
)
from mlcourse.chapters.gradient_descent.widget import (
    BATCH_LEARNING_RATES,
    BATCH_SIZE_WIDGET,
    BATCH_SIZES,
    LEARNING_RATES,
    WIDGET,
)
from tests.chapters.widget_sweep import sweep, table

THRESHOLD = max_stable_learning_rate(CURVATURE)
FIRST_SURFACE = next(iter(LEARNING_RATE_SURFACES))


@pytest.fixture(scope="module")
def rates():
    return table("gradient_descent", "learning_rate", "surface")


@pytest.fixture(scope="module")
def batches():
    return table("gradient_descent.BATCH_SIZE_WIDGET", "batch_size", "learning_rate")


def test_grid_sizes():
    assert len(sweep("gradient_descent")) == len(LEARNING_RATES) * len(LEARNING_RATE_SURFACES) <= 60
    assert len(sweep("gradient_descent.BATCH_SIZE_WIDGET")) == len(BATCH_SIZES) * len(BATCH_LEARNING_RATES) <= 60


@pytest.mark.parametrize("learning_rate", [0.2, 0.3])
@pytest.mark.parametrize("surface", list(LEARNING_RATE_SURFACES))
def test_bouncing_and_diverging_runs_still_draw_every_panel(learning_rate, surface):
    rendered = WIDGET.render(learning_rate=learning_rate, surface=surface)
    assert len(rendered.figure.axes) == 3
    for ax in rendered.figure.axes:  # never a blank plot: a diverging path is drawn until it leaves
        assert ax.lines, f"{learning_rate}, {surface}: a panel has no lines"
    rendered.figure.clear()


# ----------------------------------------------------------------------------- the learning rate


def test_one_d_diverges_exactly_above_two_over_l(rates):
    assert THRESHOLD == pytest.approx(0.2)
    for (rate, _), numbers in rates.items():
        assert numbers["1-D diverged"] == (rate > THRESHOLD), rate
        assert numbers["2/L of the 1-D curve"] == pytest.approx(THRESHOLD)
        assert numbers["1-D factor 1 - lr*L"] == pytest.approx(1 - rate * CURVATURE)
        if numbers["1-D diverged"]:
            assert isinstance(numbers["1-D diverged at step"], int)
        else:
            assert numbers["1-D diverged at step"] == "-"


def test_one_d_steps_to_converge_follow_the_factor(rates):
    # |x_k| = 3 |1 - lr L|^k falls below 1e-6 at k = ceil(ln(3e6) / ln(1 / |1 - lr L|))
    for rate in LEARNING_RATES:
        steps = rates[(rate, FIRST_SURFACE)]["1-D steps to within 1e-6"]
        factor = abs(1 - rate * CURVATURE)
        if factor == 0:
            assert steps == 1
        elif factor < 1:
            expected = math.ceil(math.log(3e6) / math.log(1 / factor))
            assert steps == (expected if expected <= RUN_STEPS else f"not within {RUN_STEPS}"), rate
        else:
            assert steps == f"not within {RUN_STEPS}"


def test_too_small_a_rate_still_converges_on_the_curve(rates):
    smallest = rates[(min(LEARNING_RATES), FIRST_SURFACE)]
    assert smallest["1-D diverged"] is False
    assert isinstance(smallest["1-D steps to within 1e-6"], int)


def test_bowls_share_the_threshold_but_not_the_speed(rates):
    flat, rounder = "bowl, curvatures 1 and 10", "bowl, curvatures 4 and 10"
    for rate in LEARNING_RATES:
        assert rates[(rate, flat)]["2-D diverged"] == rates[(rate, rounder)]["2-D diverged"] == (rate > THRESHOLD)
    # below 1/L the flat direction (curvature 1) is the slow one: the rounder bowl converges sooner
    steps = {name: rates[(0.05, name)]["2-D steps to within 1e-6"] for name in (flat, rounder)}
    assert isinstance(steps[rounder], int)
    assert steps[flat] == f"not within {RUN_STEPS}" or steps[flat] > steps[rounder]


def test_himmelblau_has_a_lower_threshold(rates):
    # the run from (-0.5, -0.5) ends in the minimum near (-2.81, 3.13); there the residuals
    # x^2 + y - 11 and x + y^2 - 7 vanish, so the Hessian is 2 J^T J with J their Jacobian
    x, y = LEARNING_RATE_SURFACES["Himmelblau"][0].minima[1]
    jacobian = np.array([[2 * x, 1.0], [1.0, 2 * y]])
    local_threshold = max_stable_learning_rate(2 * jacobian.T @ jacobian)
    assert 0.02 < local_threshold < 0.05
    assert rates[(0.005, "Himmelblau")]["2-D diverged"] is False
    assert isinstance(rates[(0.005, "Himmelblau")]["2-D steps to within 1e-6"], int)
    for rate in LEARNING_RATES:
        if rate >= 0.05:
            assert rates[(rate, "Himmelblau")]["2-D diverged"] is True, rate


# ----------------------------------------------------------------------------- the batch size


def test_batch_size_widget_draws_two_panels():
    rendered = BATCH_SIZE_WIDGET.render(batch_size=1, learning_rate=max(BATCH_LEARNING_RATES))
    assert len(rendered.figure.axes) == 2 and all(ax.lines for ax in rendered.figure.axes)
    rendered.figure.clear()


def test_updates_per_epoch_is_ceil_n_over_batch(batches):
    for (size, _), numbers in batches.items():
        batch = LINE_SAMPLES if size == "full" else size
        assert numbers["updates per epoch"] == math.ceil(LINE_SAMPLES / batch)
        assert numbers["updates in total"] == LINE_EPOCHS * numbers["updates per epoch"]
        assert numbers["diverged"] is False


def test_smaller_batches_wiggle_more_at_every_learning_rate(batches):
    for rate in BATCH_LEARNING_RATES:
        ratios = [batches[(size, rate)]["wiggle ratio"] for size in BATCH_SIZES]
        assert all(a > b for a, b in zip(ratios, ratios[1:])), (rate, ratios)
        assert batches[("full", rate)]["wiggle ratio"] < 1.2  # nearly straight
        assert batches[(1, rate)]["wiggle ratio"] > 10


def test_no_run_beats_least_squares(batches):
    for numbers in batches.values():
        assert numbers["final MSE"] >= numbers["least-squares MSE"] - 1e-12


def test_noise_floor_and_the_value_of_many_updates(batches):
    # large learning rate: stochastic updates keep bouncing, the full batch settles
    assert batches[(1, 0.1)]["final MSE"] > batches[("full", 0.1)]["final MSE"] + 0.1
    assert batches[("full", 0.1)]["distance to least squares"] < 0.05
    # small learning rate, same epochs: 20 full-batch updates are not enough, 320 of batches of 4 are
    assert batches[("full", 0.01)]["final MSE"] > batches[(4, 0.01)]["final MSE"] + 1.0
