"""Chapter 12's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.cross_validation.analysis import PolynomialRegression
from mlcourse.chapters.cross_validation.exercises import (
    check_cross_validation_scores,
    check_kfold_indices,
    library_cross_validation_scores,
    library_kfold_indices,
)


def kfold_indices(n_samples, n_splits):  # the page's solution
    sizes = [n_samples // n_splits + (1 if k < n_samples % n_splits else 0) for k in range(n_splits)]
    folds, start = [], 0
    for size in sizes:
        test_idx = np.arange(start, start + size)
        train_idx = np.concatenate([np.arange(0, start), np.arange(start + size, n_samples)])
        folds.append((train_idx, test_idx))
        start += size
    return folds


def cross_validation_scores(X, y, degree, n_splits):  # the page's solution
    scores = []
    for train_idx, test_idx in kfold_indices(len(y), n_splits):
        model = PolynomialRegression(degree).fit(X[train_idx], y[train_idx])
        scores.append(model.mse(X[test_idx], y[test_idx]))
    return np.array(scores)


def test_the_references_are_the_library():
    assert [test.tolist() for _, test in library_kfold_indices(7, 3)] == [
        [0, 1, 2],
        [3, 4],
        [5, 6],
    ]  # the page's example
    assert library_kfold_indices(7, 3)[0][0].tolist() == [3, 4, 5, 6]
    X = np.linspace(0, 6, 9).reshape(-1, 1)
    y = np.sin(X[:, 0])
    expected = [
        PolynomialRegression(2).fit(np.delete(X, rows, axis=0), np.delete(y, rows)).mse(X[rows], y[rows])
        for rows in ([0, 1, 2], [3, 4, 5], [6, 7, 8])
    ]
    np.testing.assert_allclose(library_cross_validation_scores(X, y, 2, 3), expected, rtol=1e-12)


def test_the_library_and_the_published_solutions_pass():
    assert check_kfold_indices(library_kfold_indices).correct
    assert check_kfold_indices(kfold_indices).correct
    assert check_cross_validation_scores(library_cross_validation_scores).correct
    assert check_cross_validation_scores(cross_validation_scores).correct


def test_other_right_splitters_pass():
    def with_array_split(n_samples, n_splits):
        everything = np.arange(n_samples)
        return [(np.setdiff1d(everything, test), test) for test in np.array_split(everything, n_splits)]

    def generator(n_samples, n_splits):
        for train, test in kfold_indices(n_samples, n_splits):
            yield train[::-1].tolist(), test.tolist()  # any order, plain lists

    assert check_kfold_indices(with_array_split).correct
    assert check_kfold_indices(generator).correct


def test_the_starters_fail():
    def starter(*arguments):
        raise NotImplementedError("write it here")

    assert "raised NotImplementedError: write it here" in check_kfold_indices(starter).message
    assert "raised NotImplementedError" in check_cross_validation_scores(starter).message


def test_splitter_mistakes_are_named():
    def remainder_last(n_samples, n_splits):
        size = n_samples // n_splits
        bounds = [k * size for k in range(n_splits)] + [n_samples]
        everything = np.arange(n_samples)
        return [(np.setdiff1d(everything, everything[a:b]), everything[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]

    def swapped(n_samples, n_splits):
        return [(test, train) for train, test in kfold_indices(n_samples, n_splits)]

    def strided(n_samples, n_splits):
        everything = np.arange(n_samples)
        return [(np.setdiff1d(everything, everything[k::n_splits]), everything[k::n_splits]) for k in range(n_splits)]

    def train_on_everything(n_samples, n_splits):
        return [(np.arange(n_samples), test) for _, test in kfold_indices(n_samples, n_splits)]

    def floats(n_samples, n_splits):
        return [(train.astype(float), test.astype(float)) for train, test in kfold_indices(n_samples, n_splits)]

    def one_too_few(n_samples, n_splits):
        return kfold_indices(n_samples, n_splits)[:-1]

    message = check_kfold_indices(remainder_last).message
    assert "On n_samples=7, n_splits=3: the test folds hold [2, 2, 3] samples; expected [3, 2, 2]" in message
    assert "training and test indices are swapped" in check_kfold_indices(swapped).message
    assert "round 0 tests [0, 3, 6]; expected [0, 1, 2]: without shuffling" in check_kfold_indices(strided).message
    assert (
        "round 0 trains on [0, 1, 2, 3, 4, 5, 6]; expected [3, 4, 5, 6]"
        in check_kfold_indices(train_on_everything).message
    )
    assert "1-D arrays of integers" in check_kfold_indices(floats).message
    assert "returns 2 pair(s); expected n_splits = 3" in check_kfold_indices(one_too_few).message


def test_cross_validation_mistakes_are_named():
    def training_error(X, y, degree, n_splits):
        return np.array(
            [
                PolynomialRegression(degree).fit(X[train], y[train]).mse(X[train], y[train])
                for train, _ in kfold_indices(len(y), n_splits)
            ]
        )

    def fitted_once(X, y, degree, n_splits):
        model = PolynomialRegression(degree).fit(X, y)
        return np.array([model.mse(X[test], y[test]) for _, test in kfold_indices(len(y), n_splits)])

    def the_mean(X, y, degree, n_splits):
        return cross_validation_scores(X, y, degree, n_splits).mean()

    assert "score it on the held-out fold" in check_cross_validation_scores(training_error).message
    assert "Your model has seen the held-out fold" in check_cross_validation_scores(fitted_once).message
    assert "scores has shape (), expected" in check_cross_validation_scores(the_mean).message
