"""Section page 12_cross_validation_search: cross-validation across many data sets (against numpy.polyfit),
the made-up score surface (hand values), grid and random points, the search comparison (rebuilt by hand),
the page's checkers (brute force) and figures."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.cross_validation import exercises as ch12
from mlcourse.chapters.cross_validation import plots
from mlcourse.chapters.cross_validation.analysis import (
    SEARCH_SPACE,
    TOY_BEST,
    build_search_classifier,
    cv_across_datasets,
    grid_points,
    random_points,
    regression_data,
    search_regrets,
    toy_score,
)
from mlcourse.data import make_noisy_sine
from mlcourse.model_selection import KFold


def _polyfit_mse(x_train, y_train, x_test, y_test, degree=3):
    coefficients = np.polyfit(x_train, y_train, degree)
    return float(np.mean((np.polyval(coefficients, x_test) - y_test) ** 2))


def test_cv_across_datasets_matches_numpy_polyfit():
    runs = cv_across_datasets(3, n_datasets=4, first_seed=50)
    _, _, X_test, y_test = regression_data()
    for i in range(4):
        X, y = make_noisy_sine(30, noise=0.3, seed=50 + i)
        x = X[:, 0]
        scores = [
            _polyfit_mse(x[train], y[train], x[test], y[test])
            for train, test in KFold(5, shuffle=True, seed=0).split(x)
        ]
        assert runs.estimates[i] == pytest.approx(np.mean(scores), rel=1e-6)
        assert runs.fold_stds[i] == pytest.approx(np.std(scores), rel=1e-5)
        assert runs.true_errors[i] == pytest.approx(_polyfit_mse(x, y, X_test[:, 0], y_test), rel=1e-6)


def test_cv_across_datasets_refuses_bad_arguments():
    with pytest.raises(ValueError, match="k must be at most 30"):
        cv_across_datasets(3, k=31)
    with pytest.raises(ValueError, match="n_datasets"):
        cv_across_datasets(3, n_datasets=1)
    with pytest.raises(TypeError, match="degree"):
        cv_across_datasets(2.5)


def test_toy_score_by_hand():
    assert toy_score(0.03, 0.003) == pytest.approx(TOY_BEST)
    # a decade off in the learning rate: the ridge term falls to 0.3 exp(-1 / 0.18)
    assert toy_score(0.3, 0.003) == pytest.approx(0.6 + 0.3 * np.exp(-1 / 0.18) + 0.02)
    # a decade off in L2 strength only costs 0.02 (1 - exp(-1/2))
    assert toy_score(0.03, 0.03) == pytest.approx(0.9 + 0.02 * np.exp(-0.5))
    assert toy_score(1.0, 1.0, peak=(1.0, 1.0)) == pytest.approx(TOY_BEST)
    assert toy_score([[0.03], [0.3]], [0.003, 0.03]).shape == (2, 2)
    with pytest.raises(ValueError, match="learning_rate"):
        toy_score(-0.1, 0.003)
    with pytest.raises(ValueError, match="peak"):
        toy_score(0.1, 0.003, peak=(0.0, 1.0))


def test_grid_points_are_the_centres_of_equal_log_cells():
    learning_rate, l2 = grid_points(3)
    assert np.log10(np.unique(learning_rate)) == pytest.approx([-2.5, -1.5, -0.5])
    assert np.log10(np.unique(l2)) == pytest.approx([-3.5, -2.5, -1.5])
    assert len({(a, b) for a, b in zip(learning_rate, l2)}) == 9  # every combination once
    assert learning_rate[:3] == pytest.approx([learning_rate[0]] * 3)  # the learning rate changes slowest
    with pytest.raises(ValueError, match="side"):
        grid_points(0)


def test_random_points_are_log_uniform_in_the_box():
    learning_rate, l2 = random_points(4000, np.random.default_rng(1))
    for values, (low, high) in zip((learning_rate, l2), SEARCH_SPACE.values()):
        assert values.min() >= low and values.max() <= high
        logs = np.log10(values)
        assert logs.mean() == pytest.approx((np.log10(low) + np.log10(high)) / 2, abs=0.05)
        counts = np.histogram(logs, bins=3, range=(np.log10(low), np.log10(high)))[0]
        assert counts.min() > 1200  # about a third per decade
    assert len(np.unique(random_points(9, np.random.default_rng(0))[0])) == 9


def test_search_regrets_rebuilt_by_hand():
    grid_regret, random_regret = search_regrets(2, n_trials=20, seed=3)
    rng = np.random.default_rng(3)
    grid = grid_points(2)
    for trial in range(20):
        peak = tuple(float(v[0]) for v in random_points(1, rng))
        scattered = random_points(4, rng)
        best_grid = max(toy_score(a, b, peak=peak) for a, b in zip(*grid))
        best_random = max(toy_score(a, b, peak=peak) for a, b in zip(*scattered))
        assert grid_regret[trial] == pytest.approx(TOY_BEST - best_grid)
        assert random_regret[trial] == pytest.approx(TOY_BEST - best_random)
    assert np.all(grid_regret >= 0) and np.all(random_regret >= 0)


def test_random_search_beats_the_grid_on_most_problems():
    grid_regret, random_regret = search_regrets(3)
    assert np.mean(random_regret < grid_regret) > 0.55
    assert random_regret.mean() < 0.8 * grid_regret.mean()


def test_build_search_classifier_sets_the_two_hyper_parameters():
    model = build_search_classifier(0.02, 1e-3)
    assert (model.learning_rate, model.l2, model.epochs, model.hidden_layer_sizes) == (0.02, 1e-3, 50, (8,))


def test_ten_fold_spread_checker():
    expected = ch12.ten_fold_spread()
    assert expected == pytest.approx(np.std(cv_across_datasets(3, k=10).estimates))
    assert ch12.check_ten_fold_spread(expected).correct
    assert "ONE data set" in ch12.check_ten_fold_spread(ch12.cv_estimates(10).std()).message
    assert "k=10" in ch12.check_ten_fold_spread(cv_across_datasets(3).estimates.std()).message
    assert "one number" in ch12.check_ten_fold_spread("a lot").message


def _fewest_random_draws(share=0.05, confidence=0.95):
    n = 1
    while 1 - (1 - share) ** n < confidence:
        n += 1
    return n


def _fewest_grid_side(share=0.05):
    starts = np.linspace(0.0, 1.0 - share, 4001)
    for side in range(1, 40):
        centres = (np.arange(side) + 0.5) / side
        hit = (
            (centres[None, :] >= starts[:, None] - 1e-12) & (centres[None, :] <= starts[:, None] + share + 1e-12)
        ).any(1)
        if hit.all():
            return side
    raise AssertionError("no side found")


def test_trials_needed_by_brute_force():
    assert ch12.trials_needed() == {"random": _fewest_random_draws(), "grid": _fewest_grid_side() ** 2}
    assert ch12.check_trials_needed({"random": 59, "grid": 400}).correct
    assert "58" in ch12.check_trials_needed({"random": 58, "grid": 400}).message
    assert "64 %" in ch12.check_trials_needed({"random": 20, "grid": 400}).message
    assert "repeats" in ch12.check_trials_needed({"random": 59, "grid": 20}).message
    assert "dict" in ch12.check_trials_needed([59, 400]).message


def test_the_page_figures():
    runs = cv_across_datasets(3, n_datasets=5)
    figure = plots.datasets_spread_figure({"a": [1.0, 2.0], "b": [1.5, 1.5]}, runs.estimates, runs.true_errors)
    left, right = figure.axes
    assert [t.get_text() for t in left.get_xticklabels()] == ["a", "b"]
    assert right.get_title() == "5 data sets: estimate vs. truth"

    class Result:
        def __init__(self, mean):
            self.mean = mean

    grid_runs = [({"learning_rate": 0.01, "l2": 1e-3}, Result(0.5)), ({"learning_rate": 0.1, "l2": 1e-3}, Result(0.8))]
    figure = plots.search_space_figure(
        (0.05, 0.003), grid_points(2), random_points(4, np.random.default_rng(0)), grid_runs, grid_runs
    )
    left, right = figure.axes[:2]  # then the colour bar
    assert left.get_xscale() == "log" and left.get_yscale() == "log"
    labels = [text.get_text() for text in right.get_legend().get_texts()]
    assert "best grid: 0.800" in labels

    figure = plots.regret_figure(
        [4, 9], [np.array([0.2, 0.1]), np.array([0.1])], [np.array([0.1, 0.1]), np.array([0.0])]
    )
    (ax,) = figure.axes
    assert ax.get_title() == "Best score missed, averaged over 2 problems"
    assert ax.lines[0].get_ydata().tolist() == pytest.approx([0.15, 0.1])
