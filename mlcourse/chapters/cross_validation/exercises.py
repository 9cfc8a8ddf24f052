"""Checkers for chapter 12 (cross-validation)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import Feedback
from mlcourse.chapters.cross_validation.analysis import (
    PolynomialRegression,
    classification_data,
    regression_data,
    training_parts_missing_a_class,
)
from mlcourse.model_selection import KFold, LeaveOneOut, grid_search_cv

#: Exercise 1: K-fold on this many samples with this many folds.
FOLD_EXERCISE = (23, 5)
#: Exercise 2: the values of K asked about.
MISSING_EXERCISE_K = (2, 3, 4, 5, 6)
#: Exercises 3 and 4: the degrees compared.
DEGREES = tuple(range(1, 11))


def _as_int_list(values: Any) -> list[int] | None:
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
        return None
    return [int(v) for v in array]


def check_fold_sizes(sizes: Sequence[int]) -> Feedback:
    """Exercise 1: the test-fold sizes of ``KFold(5)`` on 23 samples, in order."""
    n_samples, k = FOLD_EXERCISE
    expected = [len(test) for _, test in KFold(k).split(n_samples)]
    answer = _as_int_list(sizes)
    if answer is None:
        if np.size(sizes) == k and np.allclose(np.asarray(sizes, dtype=float), n_samples / k):
            return Feedback(False, "A fold holds whole samples: 23 / 5 = 4.6 must become some 5s and some 4s.")
        return Feedback(False, f"Give {k} whole numbers, one per test fold.")
    if answer == expected:
        return Feedback(
            True,
            f"{expected}: 23 = 5 x 4 + 3, so the first 3 folds take one extra sample; "
            f"every fit trains on {n_samples - expected[0]} or {n_samples - expected[-1]} samples.",
        )
    if len(answer) != k:
        return Feedback(False, f"K = {k} folds means {k} sizes.")
    if sum(answer) != n_samples:
        return Feedback(
            False, f"The test folds together hold every sample exactly once: they must add up to {n_samples}."
        )
    if sorted(answer) == sorted(expected):
        return Feedback(False, "Right sizes, wrong order: the first n % K folds are the larger ones.")
    return Feedback(False, "Spread the remainder n % K one sample at a time over the first folds.")


def missing_class_counts(ks: Sequence[int] = MISSING_EXERCISE_K) -> dict[int, int]:
    """For each K: how many training parts of unshuffled ``KFold(K)`` on the sorted data lack a class."""
    _, y = classification_data()
    return {k: training_parts_missing_a_class(KFold(k).split(y), y) for k in ks}


def check_missing_classes(counts: Mapping[int, int]) -> Feedback:
    """Exercise 2: for K = 2..6, the number of training parts that lack a whole class (unshuffled, sorted data)."""
    expected = missing_class_counts()
    if not isinstance(counts, Mapping):
        return Feedback(False, f"Give a dict with one count per K in {list(expected)}, e.g. {{2: ..., 3: ...}}.")
    try:
        answer = {int(k): int(counts[k]) for k in expected}
    except (KeyError, TypeError, ValueError):
        return Feedback(False, f"Give a dict with one count per K in {list(expected)}, e.g. {{2: ..., 3: ...}}.")
    if answer == expected:
        return Feedback(
            True,
            "Only K = 2 and K = 3 remove a whole class (test blocks of 30 and 20 samples cover "
            "a class of 20); from K = 4 on, a block of 15 or fewer cannot.",
        )
    if any(answer[k] > 0 for k in expected if k >= 4):
        return Feedback(
            False,
            "With K >= 4 each test block has at most 15 samples, fewer than the 20 of a class: "
            "some samples of every class stay in training.",
        )
    if answer[2] != expected[2]:
        return Feedback(
            False,
            "K = 2: the first block is class 0 plus half of class 1, the second half of class 1 "
            "plus class 2. Which class does each training part lack?",
        )
    return Feedback(False, "K = 3: each test block is exactly one class.")


def _degree_errors(cv: Any) -> list[float]:
    X, y, _, _ = regression_data()
    results = grid_search_cv(
        lambda degree: PolynomialRegression(degree),
        {"degree": list(DEGREES)},
        X,
        y,
        cv,
        score=lambda model, X_part, y_part: model.mse(X_part, y_part),
    )
    return [result.mean for _, result in results]


def loocv_degree() -> int:
    """Exercise 3: the degree with the lowest leave-one-out MSE on the chapter's 30 points."""
    errors = _degree_errors(LeaveOneOut())
    return DEGREES[int(np.argmin(errors))]


def check_loocv_degree(degree: int) -> Feedback:
    """Exercise 3: the degree chosen by leave-one-out cross-validation."""
    expected = loocv_degree()
    five_fold = DEGREES[int(np.argmin(_degree_errors(KFold(5, shuffle=True, seed=0))))]
    if degree == expected:
        note = (
            (
                f" 5-fold chose {five_fold}: the curve is flat between them, so the choice depends on the split, "
                "and both degrees predict almost equally well."
            )
            if five_fold != expected
            else ""
        )
        return Feedback(True, f"Leave-one-out picks degree {expected}.{note}")
    if degree == max(DEGREES):
        return Feedback(
            False,
            "That degree has the lowest TRAINING error, which always falls as the degree grows; "
            "choose by the held-out error.",
        )
    if degree == five_fold:
        return Feedback(False, "That is the 5-fold choice; run grid_search_cv with cv=LeaveOneOut().")
    return Feedback(
        False,
        "Use grid_search_cv over degrees 1..10 with cv=LeaveOneOut() and the MSE as score; "
        "take the degree with the lowest mean.",
    )


def check_number_of_fits(n_fits: int) -> Feedback:
    """Exercise 4: fits needed to choose among 10 degrees by 5-fold CV, then refit the chosen one."""
    k, n_settings = 5, len(DEGREES)
    expected = k * n_settings + 1
    if n_fits == expected:
        return Feedback(
            True,
            f"{n_settings} settings x {k} folds = {k * n_settings} fits, plus 1 on the whole "
            "training set for the chosen degree.",
        )
    if n_fits == k * n_settings:
        return Feedback(False, "Nearly: the chosen degree is then refitted once on all the training data.")
    if n_fits in (k + 1, k, n_settings, n_settings + 1):
        return Feedback(False, "Every setting needs its own K fits.")
    return Feedback(False, "Count K fits per setting, then the final refit.")
