"""Splitters (property tests over n and k), cross_validate and grid_search_cv."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse.data import train_test_split
from mlcourse.model_selection import (
    KFold,
    LeaveOneOut,
    StratifiedKFold,
    cross_validate,
    grid_search_cv,
    holdout_split,
)

PROPERTY = settings(max_examples=60, deadline=None)


@st.composite
def n_and_k(draw):
    n = draw(st.integers(2, 120))
    k = draw(st.integers(2, n))
    return n, k


def check_partition(splits, n):
    tests = [test for _, test in splits]
    counts = np.bincount(np.concatenate(tests), minlength=n)
    assert np.all(counts == 1), "every sample is in exactly one test fold"
    for train, test in splits:
        assert len(np.intersect1d(train, test)) == 0
        np.testing.assert_array_equal(np.union1d(train, test), np.arange(n))
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)  # sorted


@PROPERTY
@given(n_and_k(), st.booleans(), st.integers(0, 2**31))
def test_kfold_partitions_and_sizes(nk, shuffle, seed):
    n, k = nk
    splitter = KFold(k, shuffle=shuffle, seed=seed) if shuffle else KFold(k)
    splits = list(splitter.split(np.zeros((n, 3))))
    assert len(splits) == k == splitter.get_n_splits()
    check_partition(splits, n)
    expected_sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    assert [len(test) for _, test in splits] == expected_sizes
    if not shuffle:  # contiguous blocks, in order
        np.testing.assert_array_equal(np.concatenate([test for _, test in splits]), np.arange(n))


@PROPERTY
@given(st.integers(2, 40))
def test_leave_one_out_equals_kfold_with_k_equal_n(n):
    loo = list(LeaveOneOut().split(np.zeros(n)))
    kfold = list(KFold(n).split(np.zeros(n)))
    assert len(loo) == n == LeaveOneOut().get_n_splits(np.zeros(n))
    for (train_a, test_a), (train_b, test_b) in zip(loo, kfold):
        np.testing.assert_array_equal(train_a, train_b)
        np.testing.assert_array_equal(test_a, test_b)


@PROPERTY
@given(st.lists(st.integers(0, 3), min_size=2, max_size=120), st.integers(2, 10), st.booleans(),
       st.integers(0, 1000))
def test_stratified_kfold_keeps_class_ratios_within_one_sample(labels, k, shuffle, seed):
    y = np.array(labels)
    n = len(y)
    k = min(k, n)
    splitter = StratifiedKFold(k, shuffle=shuffle, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # classes smaller than k are allowed here
        splits = list(splitter.split(np.zeros(n), y))
    check_partition(splits, n)
    sizes = [len(test) for _, test in splits]
    assert max(sizes) - min(sizes) <= 1
    for label in np.unique(y):
        n_class = np.sum(y == label)
        per_fold = [np.sum(y[test] == label) for _, test in splits]
        assert set(per_fold) <= {n_class // k, -(-n_class // k)}  # floor or ceil of n_class / k


def test_kfold_known_example_and_shuffle_reproducibility():
    assert [test.tolist() for _, test in KFold(3).split(np.zeros(7))] == [[0, 1, 2], [3, 4], [5, 6]]
    seeded = KFold(3, shuffle=True, seed=5)
    first = [test.tolist() for _, test in seeded.split(10)]
    assert first == [test.tolist() for _, test in seeded.split(10)]  # same seed, same folds
    assert first != [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    generator = KFold(3, shuffle=True, rng=np.random.default_rng(5))
    draws = [[test.tolist() for _, test in generator.split(10)] for _ in range(3)]
    assert draws[0] != draws[1] or draws[1] != draws[2]  # a generator advances


def test_stratified_kfold_warns_about_small_classes():
    y = np.array([0] * 8 + [1] * 2)
    with pytest.warns(UserWarning, match="fewer than n_splits=3"):
        list(StratifiedKFold(3).split(np.zeros(10), y))


def test_holdout_split_is_the_index_form_of_train_test_split():
    train, test = holdout_split(20, 0.25, seed=3)
    X = np.arange(20)
    X_train, X_test, _, _ = train_test_split(X, X, test_size=0.25, seed=3)
    np.testing.assert_array_equal(train, X_train)
    np.testing.assert_array_equal(test, X_test)
    assert len(test) == 5


class MeanRegressor:
    """Predicts the training mean; score is minus the mean squared error."""

    built = 0

    def __init__(self, shift=0.0):
        MeanRegressor.built += 1
        self.shift = shift

    def fit(self, X, y, *, extra=0.0):
        self.mean_ = float(np.mean(y)) + self.shift + extra
        return self

    def score(self, X, y):
        return -float(np.mean((y - self.mean_) ** 2))


def test_cross_validate_scores_by_hand():
    X = np.zeros((6, 1))
    y = np.array([0.0, 2.0, 4.0, 6.0, 8.0, 10.0])
    MeanRegressor.built = 0
    result = cross_validate(MeanRegressor, X, y, cv=3)
    # folds [0,1] [2,3] [4,5]; training means 7, 5, 3
    expected = [-np.mean((np.array([0, 2]) - 7) ** 2), -np.mean((np.array([4, 6]) - 5) ** 2),
                -np.mean((np.array([8, 10]) - 3) ** 2)]
    np.testing.assert_allclose(result.scores, expected)
    np.testing.assert_allclose(result.train_scores, [-5.0, -17.0, -5.0])
    assert MeanRegressor.built == 3  # a fresh model per fold
    assert result.mean == pytest.approx(np.mean(expected)) and result.std == pytest.approx(np.std(expected))
    assert len(result.fit_times) == 3 and result.total_time >= 0


def test_cross_validate_fit_kwargs_custom_score_and_loo():
    X = np.zeros((4, 1))
    y = np.array([1.0, 1.0, 1.0, 1.0])
    result = cross_validate(MeanRegressor, X, y, LeaveOneOut(), fit_kwargs={"extra": 2.0},
                            score=lambda model, X_part, y_part: model.mean_)
    np.testing.assert_array_equal(result.scores, [3.0] * 4)


def test_grid_search_cv_order_and_values():
    X = np.zeros((6, 1))
    y = np.arange(6.0)
    results = grid_search_cv(lambda **p: MeanRegressor(**p), {"shift": [0.0, 1.0, -1.0]}, X, y,
                             KFold(3, shuffle=True, seed=0))
    assert [params for params, _ in results] == [{"shift": 0.0}, {"shift": 1.0}, {"shift": -1.0}]
    means = [result.mean for _, result in results]
    assert means[0] > means[1] and means[0] > means[2]  # an unbiased mean is best
    best = max(results, key=lambda r: r[1].mean)
    assert best[0] == {"shift": 0.0}
