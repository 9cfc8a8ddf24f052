"""Chapter 5 widget 1: outliers move the MSE line and (almost) not the MAE line, over the whole grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.loss_functions.widget_outliers import N_OUTLIERS, SIZES

WIDGET = chapters.get_widget("loss_functions.OUTLIERS_WIDGET")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results[(params["n_outliers"], params["outlier_size"])] = rendered.numbers
    return results


def test_grid():
    assert WIDGET.main.name == "outlier_size" and len(list(WIDGET.grid())) <= 60


def test_without_outliers_both_fits_find_the_true_slope(table):
    for n in N_OUTLIERS:
        row = table[(n, 0)]
        assert abs(row["MSE slope"] - 2) < 0.05 and abs(row["MAE slope"] - 2) < 0.05


def test_mse_slope_falls_as_the_outliers_move_and_mae_slope_stays(table):
    for n in N_OUTLIERS:
        mse = [table[(n, s)]["MSE slope"] for s in SIZES]
        assert all(a > b for a, b in zip(mse, mse[1:])), (n, mse)
        mae = [table[(n, s)]["MAE slope"] for s in SIZES if s >= 5]
        assert max(mae) - min(mae) < 1e-12, (n, mae)  # only the signs of the residuals count
        for s in SIZES:
            if s >= 5:
                assert abs(table[(n, s)]["MAE slope"] - 2) < abs(table[(n, s)]["MSE slope"] - 2)


def test_mae_is_robust_not_immune(table):
    # 12 outliers of 60, all at the largest x, still tilt the L1 line (but far less than the L2 line)
    assert table[(12, 40)]["MAE slope"] < table[(1, 40)]["MAE slope"] - 0.2
    assert table[(12, 40)]["MSE slope"] < 0


def test_pull_of_the_outliers(table):
    for n in N_OUTLIERS:
        mse = [table[(n, s)]["outliers' share of the MSE pull (%)"] for s in SIZES]
        assert all(a < b for a, b in zip(mse, mse[1:]))
        mae = [table[(n, s)]["outliers' share of the MAE pull (%)"] for s in SIZES if s >= 5]
        assert max(mae) - min(mae) < 1e-9
        assert table[(n, 40)]["outliers' share of the MSE pull (%)"] > 3 * mae[-1]
