"""Chapter 7 learning-rate widget: divergence is reported exactly above 2/L, and speed follows |1 - lr L|."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.chapters.gradient_descent.analysis import max_stable_learning_rate
from mlcourse.chapters.gradient_descent.widget import CURVATURE, LEARNING_RATES, MAX_STEPS, SURFACES

WIDGET = chapters.get_widget("gradient_descent")
THRESHOLD = max_stable_learning_rate(CURVATURE)


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert len(rendered.figure.axes) == 3
        for ax in rendered.figure.axes:  # never a blank plot: every panel draws something
            assert ax.lines, f"{params}: a panel has no lines"
        rendered.figure.clear()
        results[(params["learning_rate"], params["surface"])] = rendered.numbers
    return results


def test_grid_size():
    assert len(list(WIDGET.grid())) <= 60


def test_one_d_diverges_exactly_above_two_over_l(table):
    assert THRESHOLD == pytest.approx(0.2)
    for (rate, _), numbers in table.items():
        assert numbers["1-D diverged"] == (rate > THRESHOLD), rate
        assert numbers["2/L of the 1-D curve"] == pytest.approx(THRESHOLD)
        assert numbers["1-D factor 1 - lr*L"] == pytest.approx(1 - rate * CURVATURE)
        if numbers["1-D diverged"]:
            assert isinstance(numbers["1-D diverged at step"], int)
        else:
            assert numbers["1-D diverged at step"] == "-"


def test_one_d_steps_to_converge_follow_the_factor(table):
    # |x_k| = 3 |1 - lr L|^k falls below 1e-6 at k = ceil(ln(3e6) / ln(1 / |1 - lr L|))
    surface = next(iter(SURFACES))
    for rate in LEARNING_RATES:
        steps = table[(rate, surface)]["1-D steps to within 1e-6"]
        factor = abs(1 - rate * CURVATURE)
        if factor == 0:
            assert steps == 1
        elif factor < 1:
            expected = math.ceil(math.log(3e6) / math.log(1 / factor))
            assert steps == (expected if expected <= MAX_STEPS else f"not within {MAX_STEPS}"), rate
        else:
            assert steps == f"not within {MAX_STEPS}"


def test_too_small_a_rate_still_converges_on_the_curve(table):
    surface = next(iter(SURFACES))
    smallest = table[(min(LEARNING_RATES), surface)]
    assert smallest["1-D diverged"] is False
    assert isinstance(smallest["1-D steps to within 1e-6"], int)


def test_bowls_share_the_threshold_but_not_the_speed(table):
    flat, rounder = "bowl, curvatures 1 and 10", "bowl, curvatures 4 and 10"
    for rate in LEARNING_RATES:
        assert table[(rate, flat)]["2-D diverged"] == table[(rate, rounder)]["2-D diverged"] == (rate > THRESHOLD)
    # below 1/L the flat direction (curvature 1) is the slow one: the rounder bowl converges sooner
    steps = {name: table[(0.05, name)]["2-D steps to within 1e-6"] for name in (flat, rounder)}
    assert isinstance(steps[rounder], int)
    assert steps[flat] == f"not within {MAX_STEPS}" or steps[flat] > steps[rounder]


def test_himmelblau_has_a_lower_threshold(table):
    # the run from (-0.5, -0.5) ends in the minimum near (-2.81, 3.13); there the residuals
    # x^2 + y - 11 and x + y^2 - 7 vanish, so the Hessian is 2 J^T J with J their Jacobian
    x, y = SURFACES["Himmelblau"][0].minima[1]
    jacobian = np.array([[2 * x, 1.0], [1.0, 2 * y]])
    local_threshold = max_stable_learning_rate(2 * jacobian.T @ jacobian)
    assert 0.02 < local_threshold < 0.05
    assert table[(0.005, "Himmelblau")]["2-D diverged"] is False
    assert isinstance(table[(0.005, "Himmelblau")]["2-D steps to within 1e-6"], int)
    for rate in LEARNING_RATES:
        if rate >= 0.05:
            assert table[(rate, "Himmelblau")]["2-D diverged"] is True, rate
