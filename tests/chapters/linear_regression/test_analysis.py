"""Chapter 1 analysis: the data, the divergence threshold against hand values and gradient descent itself."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse.chapters.linear_regression.analysis import (
    bisect_divergence_threshold,
    chapter_data,
    chapter_points,
    diverges,
    gaussian_negative_log_likelihood,
    largest_stable_learning_rate,
    slope_scan,
    split_test_mse,
    variance_scan,
)
from mlcourse.models import LinearRegression, TrainingDiverged


def test_chapter_data_is_the_8_to_2_split_of_the_chapter_points():
    X, y = chapter_points()
    X_train, X_test, y_train, y_test = chapter_data()
    assert (len(X_train), len(X_test)) == (48, 12)
    assert sorted(np.concatenate([y_train, y_test])) == sorted(y)


def test_divergence_threshold_is_two_over_lambda_max():
    X = np.array([[0.0], [1.0], [2.0]])
    # Hessian (2/3) [[3, 3], [3, 5]]: eigenvalues (2/3)(4 +- sqrt(10))
    expected = 2.0 / ((2.0 / 3.0) * (4.0 + np.sqrt(10.0)))
    assert largest_stable_learning_rate(X) == pytest.approx(expected, rel=1e-12)


def test_gradient_descent_diverges_exactly_past_the_threshold():
    X_train, _, y_train, _ = chapter_data()
    threshold = largest_stable_learning_rate(X_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        below = LinearRegression(learning_rate=0.97 * threshold, epochs=2000).fit(X_train, y_train)
    assert below.diverged_at is None
    with pytest.warns(TrainingDiverged):
        above = LinearRegression(learning_rate=1.03 * threshold, epochs=2000).fit(X_train, y_train)
    assert above.diverged_at is not None


def test_split_scores_vary_across_splits():
    scores = split_test_mse(0.2, seeds=range(5))
    assert scores.shape == (5,) and np.all(scores > 0) and scores.std() > 0
    with pytest.raises(ValueError, match="at least one seed"):
        split_test_mse(0.2, seeds=[])


def test_bisection_finds_the_threshold_two_over_lambda_max():
    threshold = largest_stable_learning_rate(chapter_data()[0])
    assert not diverges(0.98 * threshold) and diverges(1.02 * threshold)
    found = bisect_divergence_threshold(halvings=10)
    assert abs(found - threshold) <= 0.4 / 2**11 + 1e-3 * threshold
    coarse = bisect_divergence_threshold(halvings=2)
    assert coarse in (0.15, 0.25, 0.35, 0.45) and abs(coarse - threshold) <= 0.05


@pytest.mark.parametrize("low, high, halvings", [(0.5, 0.9, 5), (0.01, 0.1, 5), (0.1, 0.5, 0)])
def test_bisection_refuses_an_interval_without_the_switch(low, high, halvings):
    with pytest.raises(ValueError):
        bisect_divergence_threshold(low, high, halvings=halvings)


def test_descent_figure_draws_the_path_and_the_loss_curve():
    from mlcourse.chapters.linear_regression.plots import descent_figure, split_figure

    X_train, X_test, y_train, y_test = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X_train, y_train)
    gd = LinearRegression(learning_rate=0.1, epochs=60).fit(X_train, y_train)
    figure = descent_figure(
        X_train, y_train, gd.path_, gd.loss_history_, (exact.weights_[0], exact.bias_), learning_rate=0.1, steps=40
    )
    left, right = figure.axes[:2]
    path_line = left.lines[0]
    assert len(path_line.get_xdata()) == 41 and path_line.get_xdata()[0] == 0.0
    assert len(right.lines[0].get_ydata()) == 61 and right.get_yscale() == "log"
    split = split_figure(X_train, y_train, X_test, y_test)
    assert [len(c.get_offsets()) for c in split.axes[0].collections] == [48, 12]


def test_gaussian_negative_log_likelihood_by_hand():
    # residuals (1, -1), sigma 1: 2 * (1/2 log(2 pi) + 1/2) = log(2 pi) + 1
    assert gaussian_negative_log_likelihood([1.0, -1.0], 1.0) == pytest.approx(np.log(2 * np.pi) + 1, rel=1e-14)
    # one residual 3 with sigma 2: 1/2 log(8 pi) + 9/8
    assert gaussian_negative_log_likelihood([3.0], 2) == pytest.approx(0.5 * np.log(8 * np.pi) + 9 / 8, rel=1e-14)


def test_gaussian_negative_log_likelihood_against_scipy():
    stats = pytest.importorskip("scipy.stats")
    residuals = np.random.default_rng(3).normal(0.0, 1.7, size=25)
    for sigma in (0.3, 1.0, 2.5):
        expected = -stats.norm.logpdf(residuals, loc=0.0, scale=sigma).sum()
        assert gaussian_negative_log_likelihood(residuals, sigma) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "residuals, sigma, error, match",
    [
        ([1.0], 0.0, ValueError, "sigma must be positive"),
        ([1.0], float("nan"), ValueError, "sigma must be positive"),
        ([1.0], "1", TypeError, "sigma must be a real number"),
        ([], 1.0, ValueError, "residuals must be a non-empty 1-D"),
        ([[1.0, 2.0]], 1.0, ValueError, "residuals must be a non-empty 1-D"),
        ([1.0, np.inf], 1.0, ValueError, "residuals must be a non-empty 1-D"),
        (["a"], 1.0, TypeError, "residuals must be an array of numbers"),
    ],
)
def test_gaussian_negative_log_likelihood_refuses_bad_input(residuals, sigma, error, match):
    with pytest.raises(error, match=match):
        gaussian_negative_log_likelihood(residuals, sigma)


def test_likelihood_and_mse_pick_the_same_slope_on_the_chapter_data():
    X_train, _, y_train, _ = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X_train, y_train)
    slopes = np.linspace(1.5, 2.5, 101)
    mse, nll = slope_scan(X_train, y_train, slopes, exact.bias_, (0.5, 1.0, 3.0))
    assert nll.shape == (3, 101)
    assert {int(np.argmin(curve)) for curve in nll} == {int(np.argmin(mse))}
    assert abs(slopes[np.argmin(mse)] - exact.weights_[0]) <= 0.005
    # the closed form: n/2 log(2 pi sigma^2) + n/(2 sigma^2) MSE
    n = len(y_train)
    assert np.allclose(nll[1], n / 2 * np.log(2 * np.pi) + n / 2 * mse, rtol=1e-12)
    with pytest.raises(ValueError, match="shape"):
        slope_scan(X_train[:, 0], y_train, slopes, 0.0, (1.0,))
    with pytest.raises(ValueError, match="at least one value"):
        slope_scan(X_train, y_train, slopes, 0.0, ())


def test_noise_variance_estimate_is_the_training_mse():
    X_train, _, y_train, _ = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X_train, y_train)
    residuals = exact.predict(X_train) - y_train
    variances = np.linspace(0.5, 2.0, 1501)
    best = variances[np.argmin(variance_scan(residuals, variances))]
    assert abs(best - exact.loss_history_[0]) <= 0.0005
    # a finer look: the minimiser of the NLL over sigma^2 is mean(r^2) (derivative zero there)
    v = np.mean(residuals**2)
    near = variance_scan(residuals, [v * (1 - 1e-3), v, v * (1 + 1e-3)])
    assert near[1] < near[0] and near[1] < near[2]
    with pytest.raises(ValueError, match="variances must be positive"):
        variance_scan(residuals, [0.0, 1.0])


def test_likelihood_figure_marks_the_minima():
    from mlcourse.chapters.linear_regression.plots import likelihood_figure

    slopes = np.linspace(1.0, 3.0, 5)
    figure = likelihood_figure(
        slopes, slopes**2, np.array([slopes, 2 * slopes]), (1.0, 2.0), slopes, slopes, best_slope=2.0, best_variance=1.5
    )
    left, middle, right = figure.axes[:3]
    assert len(middle.lines) == 3 and [t.get_text() for t in middle.get_legend().get_texts()] == ["σ = 1", "σ = 2"]
    assert left.lines[-1].get_xdata()[0] == 2.0 and right.lines[-1].get_xdata()[0] == 1.5
