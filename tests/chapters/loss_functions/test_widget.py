"""Chapter 7 widgets, over their whole grids.

``WIDGET``: the loss and gradient numbers follow -log p, p - 1 and the squared
error's chain rule. ``OUTLIERS_WIDGET``: outliers move the MSE line and
(almost) not the MAE line.
"""

from __future__ import annotations

import math

import pytest

from mlcourse import chapters
from mlcourse.chapters.loss_functions.analysis import OUTLIER_COUNTS, OUTLIER_SIZES
from mlcourse.chapters.loss_functions.widget import PROBABILITIES
from tests.chapters.widget_sweep import sweep, table

CROSS_ENTROPY = "loss_functions"
OUTLIERS = "loss_functions.OUTLIERS_WIDGET"


# ------------------------------------------------- cross-entropy of one prediction


def test_cross_entropy_grid():
    assert chapters.get_widget(CROSS_ENTROPY).main.name == "p" and len(sweep(CROSS_ENTROPY)) <= 60


def test_cross_entropy_values_and_gradients():
    rows = table(CROSS_ENTROPY, "wrt", "p")
    for p in PROBABILITIES:
        logit, prob = rows[("logit", p)], rows[("probability", p)]
        assert logit["cross-entropy"] == pytest.approx(-math.log(p), rel=1e-12)
        assert logit["d cross-entropy / d logit"] == pytest.approx(p - 1, rel=1e-12)
        assert prob["d cross-entropy / d probability"] == pytest.approx(-1 / p, rel=1e-12)
        assert logit["squared error"] == pytest.approx((1 - p) ** 2, rel=1e-12)
        assert prob["d squared error / d probability"] == pytest.approx(2 * (p - 1), rel=1e-12)
        assert logit["d squared error / d logit"] == pytest.approx(2 * (p - 1) * p * (1 - p), rel=1e-9)


def test_cross_entropy_punishes_confident_mistakes_and_keeps_pushing():
    rows = table(CROSS_ENTROPY, "wrt", "p")
    losses = [rows[("logit", p)]["cross-entropy"] for p in PROBABILITIES]
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert losses[0] > 4.5
    for p in PROBABILITIES:
        ce = abs(rows[("logit", p)]["d cross-entropy / d logit"])
        se = abs(rows[("logit", p)]["d squared error / d logit"])
        assert ce > se
    # confidently wrong: the squared error's logit gradient has almost vanished, cross-entropy's has not
    assert abs(rows[("logit", 0.01)]["d squared error / d logit"]) < 0.02
    assert abs(rows[("logit", 0.01)]["d cross-entropy / d logit"]) > 0.98


# ------------------------------------------------------------------- outliers


def test_outliers_grid():
    assert chapters.get_widget(OUTLIERS).main.name == "outlier_size" and len(sweep(OUTLIERS)) <= 60


def test_without_outliers_both_fits_find_the_true_slope():
    rows = table(OUTLIERS, "n_outliers", "outlier_size")
    for n in OUTLIER_COUNTS:
        row = rows[(n, 0)]
        assert abs(row["MSE slope"] - 2) < 0.05 and abs(row["MAE slope"] - 2) < 0.05


def test_mse_slope_falls_as_the_outliers_move_and_mae_slope_stays():
    rows = table(OUTLIERS, "n_outliers", "outlier_size")
    for n in OUTLIER_COUNTS:
        mse = [rows[(n, s)]["MSE slope"] for s in OUTLIER_SIZES]
        assert all(a > b for a, b in zip(mse, mse[1:])), (n, mse)
        mae = [rows[(n, s)]["MAE slope"] for s in OUTLIER_SIZES if s >= 5]
        assert max(mae) - min(mae) < 1e-12, (n, mae)  # only the signs of the residuals count
        for s in OUTLIER_SIZES:
            if s >= 5:
                assert abs(rows[(n, s)]["MAE slope"] - 2) < abs(rows[(n, s)]["MSE slope"] - 2)


def test_mae_is_robust_not_immune():
    rows = table(OUTLIERS, "n_outliers", "outlier_size")
    # 12 outliers of 60, all at the largest x, still tilt the L1 line (but far less than the L2 line)
    assert rows[(12, 40)]["MAE slope"] < rows[(1, 40)]["MAE slope"] - 0.2
    assert rows[(12, 40)]["MSE slope"] < 0


def test_pull_of_the_outliers():
    rows = table(OUTLIERS, "n_outliers", "outlier_size")
    for n in OUTLIER_COUNTS:
        mse = [rows[(n, s)]["outliers' share of the MSE pull (%)"] for s in OUTLIER_SIZES]
        assert all(a < b for a, b in zip(mse, mse[1:]))
        mae = [rows[(n, s)]["outliers' share of the MAE pull (%)"] for s in OUTLIER_SIZES if s >= 5]
        assert max(mae) - min(mae) < 1e-9
        assert rows[(n, 40)]["outliers' share of the MSE pull (%)"] > 3 * mae[-1]
