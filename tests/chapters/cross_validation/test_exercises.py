"""Chapter 12 checkers: right answers (worked out by hand where possible) accepted, typical mistakes hinted."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.cross_validation import exercises as ch12
from mlcourse.chapters.cross_validation.analysis import (
    PolynomialRegression,
    regression_data,
)


def test_fold_sizes():
    assert ch12.check_fold_sizes([5, 5, 5, 4, 4]).correct  # 23 = 5*4 + 3: the first three folds get one more
    assert "whole samples" in ch12.check_fold_sizes([4.6] * 5).message
    assert "order" in ch12.check_fold_sizes([4, 4, 5, 5, 5]).message
    assert "add up" in ch12.check_fold_sizes([5, 5, 5, 5, 5]).message
    assert "5 folds" in ch12.check_fold_sizes([6, 6, 6, 5]).message


def test_missing_classes_by_hand():
    # 60 samples sorted by label, classes of 20: blocks of 30 and 20 cover a whole class, blocks <= 15 cannot
    expected = {2: 2, 3: 3, 4: 0, 5: 0, 6: 0}
    assert ch12.missing_class_counts() == expected
    assert ch12.check_missing_classes(expected).correct
    too_many = ch12.check_missing_classes({2: 2, 3: 3, 4: 4, 5: 0, 6: 0})
    assert not too_many and "at most 15" in too_many.message
    assert "K = 2" in ch12.check_missing_classes({2: 1, 3: 3, 4: 0, 5: 0, 6: 0}).message
    assert "dict" in ch12.check_missing_classes([2, 3]).message


def test_loocv_degree_is_the_argmin_of_an_independent_loop():
    X, y, _, _ = regression_data()
    errors = []
    for degree in ch12.DEGREES:  # leave-one-out written out by hand
        residuals = [
            PolynomialRegression(degree).fit(np.delete(X, i, 0), np.delete(y, i)).predict(X[i : i + 1])[0] - y[i]
            for i in range(len(y))
        ]
        errors.append(np.mean(np.square(residuals)))
    expected = ch12.DEGREES[int(np.argmin(errors))]
    assert ch12.loocv_degree() == expected
    assert ch12.check_loocv_degree(expected).correct
    assert "TRAINING" in ch12.check_loocv_degree(10).message


def test_number_of_fits():
    assert ch12.check_number_of_fits(51).correct
    assert "refitted" in ch12.check_number_of_fits(50).message
    assert "own K fits" in ch12.check_number_of_fits(6).message
