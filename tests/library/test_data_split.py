"""make_noisy_line and train_test_split (chapter 1's data handling)."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.data import make_noisy_line, train_test_split


def test_noisy_line_is_seeded_and_follows_the_line():
    X1, y1 = make_noisy_line(500, slope=-1.5, intercept=4.0, noise=0.1, seed=3)
    X2, y2 = make_noisy_line(500, slope=-1.5, intercept=4.0, noise=0.1, seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    residual = y1 - (-1.5 * X1[:, 0] + 4.0)
    assert abs(residual.std() - 0.1) < 0.01 and abs(residual.mean()) < 0.02


def test_noisy_line_outliers_sit_at_the_largest_x():
    X, y = make_noisy_line(50, noise=0.0, n_outliers=3, outlier_size=10.0, seed=1)
    residual = y - (2.0 * X[:, 0] + 1.0)
    shifted = np.flatnonzero(residual < -5)
    assert set(shifted) == set(np.argsort(X[:, 0])[-3:])


def test_noisy_line_does_not_touch_global_random_state():
    np.random.seed(0)
    before = np.random.random()
    np.random.seed(0)
    make_noisy_line(10, seed=1)
    assert np.random.random() == before


@pytest.mark.parametrize("test_size, n_test", [(0.2, 20), (0.3, 30)])
def test_split_sizes_and_partition(test_size, n_test):
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == n_test and len(X_train) == 100 - n_test
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == list(range(100))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)  # rows stay paired


def test_split_is_deterministic_per_seed_and_differs_across_seeds():
    X, y = np.arange(50.0).reshape(-1, 1), np.arange(50)
    a = train_test_split(X, y, seed=5)[3]
    b = train_test_split(X, y, seed=5)[3]
    c = train_test_split(X, y, seed=6)[3]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_split_without_shuffle_takes_the_last_samples():
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.3, shuffle=False)
    assert y_test.tolist() == [7, 8, 9] and y_train.tolist() == list(range(7))


def test_stratified_split_keeps_class_shares():
    y = np.array([0] * 80 + [1] * 20)
    X = np.arange(100.0).reshape(-1, 1)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, seed=2)
    assert np.bincount(y_test).tolist() == [20, 5]
    assert np.bincount(y_train).tolist() == [60, 15]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"test_size": 1.2}, ValueError, r"strictly between 0 and 1, got 1.2"),
        ({"test_size": 0}, ValueError, r"strictly between 0 and 1, got 0"),
        ({"test_size": "20%"}, TypeError, r"test_size must be a float in \(0, 1\), got str"),
        ({"test_size": 0.01}, ValueError, r"leaves an empty part \(0 test, 10 training\)"),
        ({"stratify": np.arange(10), "test_size": 0.2}, ValueError, "at least 2 samples per class"),
        ({"stratify": np.zeros(10), "shuffle": False}, ValueError, "stratify needs shuffle=True"),
    ],
)
def test_split_bad_arguments(kwargs, error, message):
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    with pytest.raises(error, match=message):
        train_test_split(X, y, **kwargs)


def test_split_mismatched_lengths():
    with pytest.raises(ValueError, match="X and y must have the same number of samples, got 10 and 9"):
        train_test_split(np.ones((10, 1)), np.ones(9))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_samples": 1}, ValueError, "n_samples must be >= 2, got 1"),
        ({"noise": -1.0}, ValueError, r"noise must be a finite number >= 0, got -1.0"),
        ({"n_outliers": 100, "n_samples": 10}, ValueError, "n_outliers must be <= 9, got 100"),
        ({"x_range": (3, -3)}, ValueError, r"low < high"),
        ({"x_range": 3}, TypeError, "x_range must be a pair of numbers"),
        ({"rng": 42}, TypeError, r"rng must be a numpy.random.Generator"),
    ],
)
def test_noisy_line_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_noisy_line(**kwargs)
