"""Chapter 12's data, splitters and classifier runs; polynomial features and PolynomialRegression,
against hand values and numpy.polyfit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.cross_validation.analysis import (
    N_SAMPLES,
    SPLITTERS,
    PolynomialRegression,
    classification_data,
    cross_validate_classifier,
    make_splitter,
    polynomial_features,
    regression_data,
    training_parts_missing_a_class,
)
from mlcourse.model_selection import KFold, LeaveOneOut, StratifiedKFold, cross_validate


def test_the_classification_data_is_sorted_by_label():
    X, y = classification_data()
    assert X.shape == (N_SAMPLES, 2)
    assert np.all(np.diff(y) >= 0) and np.bincount(y).tolist() == [20, 20, 20]


def test_regression_data_is_a_noisy_sine_with_a_large_test_set():
    X, y, X_test, y_test = regression_data()
    assert X.shape == (30, 1) and X_test.shape == (2000, 1)
    residuals = y_test - np.sin(X_test[:, 0])
    assert residuals.std() == pytest.approx(0.3, rel=0.1)  # the noise level, from 2000 draws
    assert not np.array_equal(X[:5], X_test[:5])  # fresh points, another seed


def test_make_splitter_names_and_leave_one_out():
    assert isinstance(make_splitter(5, "KFold, not shuffled"), KFold)
    assert isinstance(make_splitter(5, "StratifiedKFold"), StratifiedKFold)
    for splitter in SPLITTERS:
        assert isinstance(make_splitter(N_SAMPLES, splitter), LeaveOneOut)
    with pytest.raises(ValueError, match="unknown splitter"):
        make_splitter(5, "random")
    with pytest.raises(ValueError, match="k must be >= 2"):
        make_splitter(1)
    with pytest.raises(TypeError, match="k must be an integer"):
        make_splitter(2.5)


def test_training_parts_missing_a_class_by_hand():
    y = np.array([0, 0, 1, 1, 2, 2])
    splits = [
        (np.array([2, 3, 4, 5]), np.array([0, 1])),  # lacks class 0
        (np.array([0, 2, 4]), np.array([1, 3, 5])),  # has every class
        (np.array([0, 1]), np.array([2, 3, 4, 5])),
    ]  # lacks classes 1 and 2: still one part
    assert training_parts_missing_a_class(splits, y) == 2
    assert training_parts_missing_a_class([], y) == 0


def test_leave_one_out_run_is_computed_once_for_every_splitter():
    runs = [cross_validate_classifier(N_SAMPLES, splitter) for splitter in SPLITTERS]
    assert runs[0] is runs[1] is runs[2]
    assert len(runs[0][0]) == N_SAMPLES and set(np.unique(runs[0][1].scores)) <= {0.0, 1.0}


def test_stratified_test_folds_keep_the_class_ratios():
    _, y = classification_data()
    for k in (2, 3, 5, 10, 20):
        splits, _ = cross_validate_classifier(k, "StratifiedKFold")
        counts = np.array([np.bincount(y[test], minlength=3) for _, test in splits])
        assert counts.max(axis=0).tolist() == [math.ceil(20 / k)] * 3
        assert counts.min(axis=0).tolist() == [20 // k] * 3


def test_polynomial_features_hand_values():
    X = np.array([[2.0, -1.0], [0.5, 3.0]])
    expected = np.array([[2.0, 4.0, 8.0, -1.0, 1.0, -1.0], [0.5, 0.25, 0.125, 3.0, 9.0, 27.0]])
    np.testing.assert_array_equal(polynomial_features(X, 3), expected)
    with_bias = polynomial_features(X, 1, include_bias=True)
    np.testing.assert_array_equal(with_bias, np.array([[1.0, 2.0, -1.0], [1.0, 0.5, 3.0]]))


def test_polynomial_features_keeps_float32():
    X = np.ones((3, 1), dtype=np.float32)
    assert polynomial_features(X, 4, include_bias=True).dtype == np.float32


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-2, ValueError), (2.0, TypeError), (True, TypeError)])
def test_polynomial_features_refuses_bad_degree(bad, error):
    with pytest.raises(error, match="degree"):
        polynomial_features(np.ones((2, 1)), bad)


def test_polynomial_features_refuses_1d_input():
    with pytest.raises(ValueError, match="X"):
        polynomial_features(np.ones(3), 2)


def test_exact_polynomial_is_recovered():
    x = np.linspace(-2, 3, 12).reshape(-1, 1)
    y = 0.5 * x[:, 0] ** 3 - 2 * x[:, 0] + 1
    model = PolynomialRegression(3).fit(x, y)
    assert model.mse(x, y) < 1e-20
    grid = np.array([[-1.5], [0.0], [2.5]])
    np.testing.assert_allclose(model.predict(grid), 0.5 * grid[:, 0] ** 3 - 2 * grid[:, 0] + 1, atol=1e-9)


@pytest.mark.parametrize("degree", [1, 2, 5, 8])
@pytest.mark.parametrize("standardize", [True, False])
def test_matches_numpy_polyfit_on_noisy_data(degree, standardize):
    rng = np.random.default_rng(degree)
    x = rng.uniform(-1.5, 1.5, 30)
    y = np.sin(2 * x) + 0.2 * rng.standard_normal(30)
    model = PolynomialRegression(degree, standardize=standardize).fit(x.reshape(-1, 1), y)
    oracle = np.polyval(np.polyfit(x, y, degree), x)  # independent least-squares solver
    np.testing.assert_allclose(model.predict(x.reshape(-1, 1)), oracle, atol=1e-8)


def test_training_error_never_rises_with_degree():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 6, 25).reshape(-1, 1)
    y = np.sin(x[:, 0]) + 0.3 * rng.standard_normal(25)
    errors = [PolynomialRegression(d).fit(x, y).mse(x, y) for d in range(1, 10)]
    assert all(a >= b - 1e-12 for a, b in zip(errors, errors[1:]))  # nested models


def test_score_is_r2_and_mse_works_for_one_sample():
    x = np.arange(6.0).reshape(-1, 1)
    y = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    model = PolynomialRegression(1).fit(x, y)
    prediction = model.predict(x)
    r2 = 1 - np.sum((prediction - y) ** 2) / np.sum((y - y.mean()) ** 2)
    assert model.score(x, y) == pytest.approx(r2)
    assert model.mse(x[:1], y[:1]) == pytest.approx((prediction[0] - y[0]) ** 2)
    with pytest.raises(ValueError, match="R\\^2 is undefined"):
        model.score(x[:1], y[:1])


def test_leave_one_out_cross_validation_runs_with_mse():
    x = np.linspace(0, 1, 8).reshape(-1, 1)
    y = 2 * x[:, 0] + 1
    result = cross_validate(lambda: PolynomialRegression(1), x, y, LeaveOneOut(), score=lambda m, X, t: m.mse(X, t))
    assert len(result.scores) == 8 and result.mean < 1e-20


def test_errors_are_clear():
    with pytest.raises(RuntimeError, match="not fitted"):
        PolynomialRegression(2).predict(np.ones((2, 1)))
    with pytest.raises(ValueError, match="same number of samples"):
        PolynomialRegression(2).fit(np.ones((3, 1)), np.ones(4))
    with pytest.raises(ValueError, match="no unique solution"):
        PolynomialRegression(5).fit(np.arange(4.0).reshape(-1, 1), np.arange(4.0))
    with pytest.raises(ValueError, match="degree"):
        PolynomialRegression(0)
    model = PolynomialRegression(2).fit(np.arange(5.0).reshape(-1, 1), np.arange(5.0))
    with pytest.raises(ValueError, match="feature"):
        model.predict(np.ones((2, 2)))
    assert repr(model) == "PolynomialRegression(degree=2, standardize=True)"


def test_cv_estimates_are_the_mean_fold_mse_of_each_shuffle():
    from mlcourse.chapters.cross_validation.analysis import cv_estimates

    X, y, _, _ = regression_data()
    estimates = cv_estimates(5, seeds=[0, 1])
    by_hand = cross_validate(
        lambda: PolynomialRegression(3),
        X,
        y,
        KFold(5, shuffle=True, seed=1),
        score=lambda m, X_part, y_part: m.mse(X_part, y_part),
    ).mean
    assert estimates.shape == (2,) and estimates[1] == pytest.approx(by_hand, rel=1e-12)
    assert estimates[0] != estimates[1]  # another shuffle, another estimate
    assert cv_estimates(5, seeds=[0], degree=1)[0] > estimates[0]  # a line underfits the sine


def test_imbalanced_data_keeps_the_first_points_of_each_class():
    from mlcourse.chapters.cross_validation.analysis import imbalanced_data
    from mlcourse.data import make_blobs

    X, y = imbalanced_data()
    assert np.bincount(y).tolist() == [40, 15, 5]
    X_all, y_all = make_blobs(150, centers=[[0.0, 0.0], [3.0, 0.0], [1.5, 2.6]], cluster_std=0.9, seed=4)
    np.testing.assert_array_equal(X[y == 2], X_all[y_all == 2][:5])  # the first five of class 2, in order
    assert np.bincount(imbalanced_data((1, 2, 3))[1]).tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="class_sizes"):
        imbalanced_data((40, 15))
    with pytest.raises(ValueError, match="class_sizes"):
        imbalanced_data((40, 15, 0))
