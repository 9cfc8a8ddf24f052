"""Tests of mlcourse.chapters.loss_functions.robust: exact L1/L2 lines against independent oracles, and gradient-descent fits."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.loss_functions import robust
from mlcourse.data import make_noisy_line
from mlcourse.models import LinearRegression


def _mae(x, y, slope, intercept):
    return float(np.mean(np.abs(slope * x + intercept - y)))


@pytest.mark.parametrize("seed", range(5))
def test_lad_line_is_a_minimum_of_the_mae(seed):
    X, y = make_noisy_line(25, noise=2.0, n_outliers=seed, outlier_size=10.0, seed=seed)
    slope, intercept = robust.lad_line(X, y)
    best = _mae(X[:, 0], y, slope, intercept)
    # convex function: no small step in any direction goes lower (a local minimum is the global one)
    for ds in (-1e-3, 0.0, 1e-3):
        for db in (-1e-3, 0.0, 1e-3):
            assert _mae(X[:, 0], y, slope + ds, intercept + db) >= best - 1e-12
    # and a dense grid of lines never does better
    slopes, intercepts = np.meshgrid(np.linspace(slope - 1, slope + 1, 81), np.linspace(intercept - 2, intercept + 2, 81))
    grid = np.abs(slopes[..., None] * X[:, 0] + intercepts[..., None] - y).mean(axis=-1)
    assert grid.min() >= best - 1e-12


def test_lad_intercept_is_a_median_of_the_residuals():
    # subgradient condition in b: as many residuals above as below, up to the ones that are exactly zero
    X, y = make_noisy_line(31, n_outliers=4, outlier_size=20.0, seed=3)
    slope, intercept = robust.lad_line(X, y)
    r = y - slope * X[:, 0] - intercept
    zero = np.isclose(r, 0, atol=1e-9)
    assert abs(int(np.sum(r[~zero] > 0)) - int(np.sum(r[~zero] < 0))) <= int(zero.sum())
    assert zero.sum() >= 2  # the line passes through two data points


def test_lad_hand_values_and_shift():
    assert robust.lad_line([[0.0], [1.0], [2.0]], [0.0, 10.0, 2.0]) == (1.0, 0.0)
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    assert robust.exact_line(X, np.array([0.0, 1.0, 2.0, 30.0]), "mae") == (1.0, 0.0)
    slope, intercept = robust.lad_line(X, np.array([0.0, 1.0, 2.0, 30.0]) + 5.0)
    assert (slope, intercept) == pytest.approx((1.0, 5.0))


def test_exact_mse_line_is_the_normal_equation():
    X, y = make_noisy_line(40, n_outliers=3, seed=1)
    model = LinearRegression(method="normal_equation").fit(X, y)
    assert robust.exact_line(X, y, "mse") == pytest.approx((model.weights_[0], model.bias_), rel=1e-10)


def test_outliers_move_the_mse_line_not_the_mae_line():
    X, y = make_noisy_line(60, n_outliers=3, outlier_size=0.0, seed=0)
    X2, y2 = make_noisy_line(60, n_outliers=3, outlier_size=40.0, seed=0)
    assert robust.exact_line(X2, y2, "mse")[0] < robust.exact_line(X, y, "mse")[0] - 1.0
    # once the outliers sit below the L1 line, moving them further changes nothing (only signs count)
    X3, y3 = make_noisy_line(60, n_outliers=3, outlier_size=20.0, seed=0)
    assert robust.exact_line(X2, y2, "mae") == robust.exact_line(X3, y3, "mae")


def test_fit_line_by_gradient_descent_reaches_the_exact_lines():
    X, y = make_noisy_line(60, n_outliers=3, outlier_size=20.0, seed=0)
    mse_fit = robust.fit_line(X, y, "mse", learning_rate=0.1, epochs=300)
    assert (mse_fit.slope, mse_fit.intercept) == pytest.approx(robust.exact_line(X, y, "mse"), abs=1e-6)
    mae_fit = robust.fit_line(X, y, "mae", learning_rate=0.1, epochs=300, stages=3)
    exact = robust.exact_line(X, y, "mae")
    assert mae_fit.learning_rates == pytest.approx([0.1, 0.01, 0.001])
    assert len(mae_fit.train_loss) == 900
    assert robust.line_loss(X, y, mae_fit.slope, mae_fit.intercept, "mae") == pytest.approx(
        robust.line_loss(X, y, *exact, "mae"), abs=1e-4)
    assert (mae_fit.slope, mae_fit.intercept) == pytest.approx(exact, abs=0.01)
    one_stage = robust.fit_line(X, y, "mae", learning_rate=0.1, epochs=300)
    assert robust.line_loss(X, y, one_stage.slope, one_stage.intercept, "mae") >= \
        robust.line_loss(X, y, mae_fit.slope, mae_fit.intercept, "mae")


def test_bad_input():
    with pytest.raises(ValueError, match="'mse' or 'mae'"):
        robust.exact_line([[0.0], [1.0]], [0.0, 1.0], "huber")
    with pytest.raises(ValueError, match="exactly one feature"):
        robust.lad_line(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match="two distinct x"):
        robust.lad_line([[1.0], [1.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="same number of samples"):
        robust.fit_line([[0.0], [1.0]], [0.0], "mse")
    with pytest.raises(ValueError, match="learning_rate"):
        robust.fit_line([[0.0], [1.0]], [0.0, 1.0], "mse", learning_rate=0.0)
