"""Checkers for chapter 12 (cross-validation)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import Feedback, check_function
from mlcourse.chapters.cross_validation.analysis import (
    PolynomialRegression,
    classification_data,
    cv_across_datasets,
    cv_estimates,
    regression_data,
    training_parts_missing_a_class,
)
from mlcourse.model_selection import KFold, LeaveOneOut, cross_validate, grid_search_cv

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


# --- Practice page: the learner writes a K-fold splitter, then cross-validation with it ---


def library_kfold_indices(n_samples: int, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``(train_index, test_index)`` pairs of unshuffled :class:`mlcourse.model_selection.KFold`."""
    return list(KFold(n_splits).split(n_samples))


def _kfold_problem(rng: np.random.Generator) -> tuple[int, int]:
    """Random ``(n_samples, n_splits)``: 2 to 15 samples, 2 to 6 folds; K divides n about one time in four."""
    n_samples = int(rng.integers(2, 16))
    return n_samples, int(rng.integers(2, min(n_samples, 6) + 1))


def _kfold_first_problems() -> list[tuple[int, int]]:
    """The first problems of the check: a remainder of 1 and of 2, then none."""
    return [(7, 3), (12, 5), (6, 2)]


def _remainder_last(n_samples: int, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The mistake: the samples left over from n // K all go to the last fold."""
    size = n_samples // n_splits
    starts = [k * size for k in range(n_splits)] + [n_samples]
    everything = np.arange(n_samples)
    return [
        (np.setdiff1d(everything, np.arange(starts[k], starts[k + 1])), np.arange(starts[k], starts[k + 1]))
        for k in range(n_splits)
    ]


def _remainder_dropped(n_samples: int, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The mistake: folds of n // K samples; the samples left over are never tested."""
    size = n_samples // n_splits
    everything = np.arange(n_samples)
    return [
        (np.setdiff1d(everything, np.arange(k * size, (k + 1) * size)), np.arange(k * size, (k + 1) * size))
        for k in range(n_splits)
    ]


def _as_index_array(values: Any) -> np.ndarray | None:
    """``values`` as a 1-D integer array, or None if they are not whole numbers in one dimension."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):
        return None
    if array.ndim != 1:
        return None
    if array.size == 0:
        return array.astype(np.int64)
    if array.dtype.kind not in "iu":
        return None
    return array


def _describe_kfold_answer(answer: Any, n_samples: int, n_splits: int) -> str:
    """'' when ``answer`` holds KFold's rounds for ``(n_samples, n_splits)``, else what is wrong (any order within a fold)."""
    expected = library_kfold_indices(n_samples, n_splits)
    try:
        rounds = list(answer)
    except TypeError:
        return f"your function returns {type(answer).__name__}; return a list of (train_idx, test_idx) pairs."
    if len(rounds) != n_splits:
        return f"your function returns {len(rounds)} pair(s); expected n_splits = {n_splits}, one per round."
    pairs = []
    for k, pair in enumerate(rounds):
        try:
            train, test = pair
        except (TypeError, ValueError):
            return f"round {k} is {type(pair).__name__}; each round must be a pair (train_idx, test_idx)."
        train_array, test_array = _as_index_array(train), _as_index_array(test)
        if train_array is None or test_array is None:
            return (
                f"round {k} does not hold 1-D arrays of integers; use index arrays such as np.arange(...) "
                "(integers, so that X[test_idx] picks rows)."
            )
        pairs.append((np.sort(train_array), np.sort(test_array)))
    if all(
        np.array_equal(test, right_train) and np.array_equal(train, right_test)
        for (train, test), (right_train, right_test) in zip(pairs, expected)
    ):
        return "training and test indices are swapped; each pair is (train_idx, test_idx), the test fold second."
    sizes = [len(test) for _, test in pairs]
    expected_sizes = [len(test) for _, test in expected]
    if sizes != expected_sizes:
        return (
            f"the test folds hold {sizes} samples; expected {expected_sizes}: every fold gets "
            f"n_samples // n_splits = {n_samples // n_splits}, and the first n_samples % n_splits = "
            f"{n_samples % n_splits} fold(s) one more."
        )
    for k, ((train, test), (right_train, right_test)) in enumerate(zip(pairs, expected)):
        if not np.array_equal(test, right_test):
            return (
                f"round {k} tests {test.tolist()}; expected {right_test.tolist()}: without shuffling, the folds "
                "are consecutive blocks, in order."
            )
        if not np.array_equal(train, right_train):
            return (
                f"round {k} trains on {train.tolist()}; expected {right_train.tolist()}: every sample that "
                "is not in the test fold, each once."
            )
    return ""


def check_kfold_indices(kfold_indices: Any) -> Feedback:
    """Practice: a learner's ``kfold_indices(n_samples, n_splits) -> [(train_idx, test_idx), ...]``.

    The reference is unshuffled :class:`mlcourse.model_selection.KFold`
    (:func:`library_kfold_indices`): consecutive blocks, the first
    ``n_samples % n_splits`` one sample larger. 23 problems: (7, 3),
    (12, 5), (6, 2), then 20 random ones from 2 to 15 samples and 2 to 6
    folds. The indices of a fold may come in any order. The message names a
    wrong structure, wrong fold sizes (with the rule), a fold's wrong
    indices, a wrong training part, or swapped parts, with the problem that
    shows it.

    Examples
    --------
    >>> check_kfold_indices(library_kfold_indices).correct
    True
    >>> print(check_kfold_indices(_remainder_last).message)
    On n_samples=7, n_splits=3: the test folds hold [2, 2, 3] samples; expected [3, 2, 2]: every fold gets n_samples // n_splits = 2, and the first n_samples % n_splits = 1 fold(s) one more.
    """
    rng = np.random.default_rng(0)
    problems = _kfold_first_problems() + [_kfold_problem(rng) for _ in range(20)]
    for n_samples, n_splits in problems:
        shown = f"On n_samples={n_samples}, n_splits={n_splits}"
        try:
            answer = kfold_indices(n_samples, n_splits)
        except Exception as error:  # the learner's code: any failure is feedback
            return Feedback(False, f"{shown}: your function raised {type(error).__name__}: {error}")
        verdict = _describe_kfold_answer(answer, n_samples, n_splits)
        if verdict:
            return Feedback(False, f"{shown}: {verdict}")
    return Feedback(
        True,
        f"Your folds are KFold's on {len(problems)} problems, from {min(n for n, _ in problems)} to "
        f"{max(n for n, _ in problems)} samples, with and without a remainder.",
    )


def _cv_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Random ``(X, y, degree, n_splits)``: 8 to 12 noisy points of a sine, degree 1 to 3, 2 to 4 folds."""
    n_samples = int(rng.integers(8, 13))
    X = np.round(rng.uniform(0, 2 * np.pi, size=(n_samples, 1)), 2)
    y = np.round(np.sin(X[:, 0]) + 0.3 * rng.normal(size=n_samples), 2) + 0.0
    return X, y, int(rng.integers(1, 4)), int(rng.integers(2, 5))


def _fold_mse(model: Any, X_part: np.ndarray, y_part: np.ndarray) -> float:
    return model.mse(X_part, y_part)


def library_cross_validation_scores(X: np.ndarray, y: np.ndarray, degree: int, n_splits: int) -> np.ndarray:
    """The fold scores of :func:`mlcourse.model_selection.cross_validate` with unshuffled ``KFold(n_splits)``.

    A fresh ``PolynomialRegression(degree)`` per round, scored by its MSE on
    the held-out fold, as in the chapter.
    """
    return cross_validate(lambda: PolynomialRegression(degree), X, y, KFold(n_splits), score=_fold_mse).scores


def _training_scores(X: np.ndarray, y: np.ndarray, degree: int, n_splits: int) -> np.ndarray:
    """The mistake: each model scored on the samples it was trained on."""
    return cross_validate(lambda: PolynomialRegression(degree), X, y, KFold(n_splits), score=_fold_mse).train_scores


def _fitted_on_everything(X: np.ndarray, y: np.ndarray, degree: int, n_splits: int) -> np.ndarray:
    """The mistake: one model fitted on all the samples, then scored on each fold."""
    model = PolynomialRegression(degree).fit(X, y)
    return np.array([model.mse(X[test], y[test]) for _, test in KFold(n_splits).split(len(y))])


def check_cross_validation_scores(cross_validation_scores: Any) -> Feedback:
    """Practice: a learner's ``cross_validation_scores(X, y, degree, n_splits) -> scores``, one MSE per round.

    The reference is :func:`mlcourse.model_selection.cross_validate` with
    ``KFold(n_splits)`` (unshuffled) and a fresh
    ``PolynomialRegression(degree)`` per round
    (:func:`library_cross_validation_scores`), on 20 random data sets of 8 to
    12 noisy points of a sine. Scores measured on the training part, or of a
    model fitted on every sample, are named.

    Examples
    --------
    >>> check_cross_validation_scores(library_cross_validation_scores).correct
    True
    >>> "trained on" in check_cross_validation_scores(_training_scores).message
    True
    """
    names = ["X", "y", "degree", "n_splits"]
    feedback = check_function(
        cross_validation_scores,
        library_cross_validation_scores,
        _cv_problem,
        names=names,
        outputs=["scores"],
        success="Your fold scores are cross_validate's on 20 random data sets, degrees 1 to 3, 2 to 4 folds.",
    )
    if feedback.correct:
        return feedback
    mistakes = [
        (
            _training_scores,
            "These are the errors on the samples each model was trained on; score it on the held-out fold.",
        ),
        (
            _fitted_on_everything,
            "Your model has seen the held-out fold: fit a fresh one on the training part of each round only.",
        ),
    ]
    for mistake, hint in mistakes:
        if check_function(cross_validation_scores, mistake, _cv_problem, names=names).correct:
            return Feedback(False, f"{feedback.message} {hint}")
    return feedback


# --- Section page: how much a cross-validated score varies, and searching hyper-parameters ---

#: Search exercise: the share of the learning-rate axis that counts as "good", and the confidence wanted.
GOOD_SHARE, CONFIDENCE = 0.05, 0.95


def ten_fold_spread() -> float:
    """The standard deviation, across the page's 200 data sets, of the 10-fold estimate of the degree-3 MSE."""
    return float(cv_across_datasets(3, k=10).estimates.std())


def check_ten_fold_spread(std: float) -> Feedback:
    """Section page, exercise 1: the spread of 10-fold estimates across the 200 data sets."""
    expected = ten_fold_spread()
    five_fold = float(cv_across_datasets(3).estimates.std())
    reshuffles = {k: float(cv_estimates(k).std()) for k in (5, 10)}
    try:
        std = float(std)
    except (TypeError, ValueError):
        return Feedback(False, "Give one number: the standard deviation of the 200 estimates.")
    if abs(std - expected) <= 1e-3 * expected:
        return Feedback(
            True,
            f"{expected:.4f}, against {five_fold:.4f} with 5 folds: more folds help a little, but the estimate "
            f"still moves {expected / reshuffles[10]:.0f} times more across data sets than across reshuffles "
            "of one (mostly because the data change, not the folds).",
        )
    if any(abs(std - value) <= 1e-3 * value for value in reshuffles.values()):
        return Feedback(False, "That is the spread across reshuffles of ONE data set; use the 200 data sets.")
    if abs(std - five_fold) <= 1e-3 * five_fold:
        return Feedback(False, "That is the 5-fold spread: pass k=10.")
    if abs(std - float(cv_across_datasets(3, k=10).fold_stds.mean())) <= 1e-3 * std:
        return Feedback(False, "That is the mean spread of the fold scores; take the std of the estimates.")
    return Feedback(False, "Take np.std of the 200 ten-fold estimates (population std, the numpy default).")


def trials_needed() -> dict[str, int]:
    """Search exercise: trials so that a search tries a learning rate in a given 5 % of the axis.

    ``"random"``: the fewest draws with probability at least 95 % that one
    falls in the interval, ``1 - 0.95**n >= 0.95``. ``"grid"``: the fewest
    trials of a square grid whose learning rates, one per interval of width
    ``1 / side`` of the axis, leave no gap wider than the interval
    (``side = 20``, whatever the interval's position).
    """
    random = int(np.ceil(np.log(1 - CONFIDENCE) / np.log(1 - GOOD_SHARE)))
    side = int(np.ceil(1 / GOOD_SHARE - 1e-9))
    return {"random": random, "grid": side**2}


def check_trials_needed(answer: Mapping[str, int]) -> Feedback:
    """Section page, exercise 2: trials a random search and a square grid need to hit the best 5 % of the axis."""
    expected = trials_needed()
    if not isinstance(answer, Mapping) or set(answer) != {"random", "grid"}:
        return Feedback(False, 'Give a dict {"random": ..., "grid": ...} of two whole numbers of trials.')
    try:
        given = {key: int(answer[key]) for key in expected}
    except (TypeError, ValueError):
        return Feedback(False, 'Give a dict {"random": ..., "grid": ...} of two whole numbers of trials.')
    if given == expected:
        return Feedback(
            True,
            f"Random search: 1 - 0.95^n >= 0.95 first holds at n = {expected['random']}, whatever the number of "
            f"parameters. The grid needs 20 learning rates, and each comes with 20 values of the other "
            f"parameter: {expected['grid']} trials.",
        )
    if given["random"] == expected["random"] - 1:
        return Feedback(False, "Check n = 58: 1 - 0.95**58 is just below 0.95. Round up.")
    if given["random"] == 20:
        return Feedback(False, "20 draws only hit the interval with probability 1 - 0.95**20, about 64 %.")
    if given["random"] != expected["random"]:
        return Feedback(False, "A draw misses the interval with probability 0.95; n draws all miss with 0.95**n.")
    if given["grid"] == 20:
        return Feedback(False, "Right for the learning rates, but a square grid repeats each one for every L2 value.")
    return Feedback(False, "The grid's learning rates must be at most 5 % of the axis apart: how many is that?")
