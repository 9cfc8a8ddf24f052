"""Checkers for chapter 14 (the digits capstone)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.capstone_digits.analysis import DigitsMLP, digits_split
from mlcourse.data import Standardizer, shift_digits, train_test_split
from mlcourse.model_selection import StratifiedKFold, cross_validate


def check_accuracy_and_recall(matrix: Any, accuracy: float, recall_of_8: float) -> Feedback:
    """Exercise 1: accuracy and the recall of digit 8, read off a confusion matrix."""
    matrix = np.asarray(matrix)
    expected_accuracy = np.trace(matrix) / matrix.sum()
    expected_recall = matrix[8, 8] / matrix[8].sum()
    precision_of_8 = matrix[8, 8] / matrix[:, 8].sum()
    if not close_enough(accuracy, expected_accuracy, rtol=1e-6):
        return Feedback(False, "Accuracy is the sum of the diagonal divided by the sum of all cells.")
    if close_enough(recall_of_8, expected_recall, rtol=1e-6):
        return Feedback(True, f"accuracy {expected_accuracy:.4f}, recall of 8 {expected_recall:.4f}.")
    if close_enough(recall_of_8, precision_of_8, rtol=1e-6):
        return Feedback(False, "That is the precision (column 8). Recall divides by the row of true 8s.")
    return Feedback(False, "Recall of 8: the diagonal cell [8, 8] over the sum of row 8.")


@lru_cache(maxsize=1)
def leakage_comparison(epochs: int = 15, seed: int = 0) -> tuple[float, float]:
    """Exercise 2: CV accuracy with standardization fitted on all training images (leaky) vs inside each fold.

    Returns ``(leaky_mean, clean_mean)`` over 5 stratified folds. The leaky
    model trains on inputs standardized with statistics that include the
    held-out fold; to isolate that one difference, the network and its
    training are otherwise identical.
    """
    X_train, _, y_train, _ = digits_split()
    folds = StratifiedKFold(5, shuffle=True, seed=seed)
    clean = cross_validate(lambda: DigitsMLP(epochs=epochs, seed=seed), X_train, y_train, cv=folds)
    X_leaky = Standardizer().fit_transform(X_train)
    leaky = cross_validate(lambda: DigitsMLP(epochs=epochs, seed=seed, standardize=False), X_leaky, y_train, cv=folds)
    return leaky.mean, clean.mean


def check_best_params(search: Any, params: dict) -> Feedback:
    """Exercise 3: the parameters with the highest mean CV score in a grid search result."""
    best, result = max(search, key=lambda item: item[1].mean)
    if params == best:
        return Feedback(True, f"{best} has the best mean CV accuracy, {result.mean:.4f}.")
    chosen = [res for p, res in search if p == params]
    if chosen and chosen[0].mean == result.mean:
        return Feedback(True, "Tied with the best mean: an equally valid choice.")
    return Feedback(False, "Compare the .mean of each CVResult and take the largest (max with a key).")


@lru_cache(maxsize=2)
def augmentation_comparison(epochs: int = 6, seed: int = 0) -> dict[str, float]:
    """Exercise 4: validation accuracy of the final settings trained with and without one-pixel shifts.

    The final model of the chapter (64 hidden units, Adam at 0.01, L2 penalty
    0.001) is trained for ``epochs`` epochs on the chapter's validation run's
    training images, once as they are and once with four shifted copies of
    every image (:func:`mlcourse.data.shift_digits`). Both are scored on the
    validation images as they are and shifted by one pixel; the test set is
    not touched.

    Parameters
    ----------
    epochs : int, default 6
        Training epochs of both models.
    seed : int, default 0
        Seeds the split, the initial weights and the shuffling.

    Returns
    -------
    dict
        ``"plain"`` and ``"augmented"``: accuracy on the validation images;
        ``"plain, shifted images"`` and ``"augmented, shifted images"``:
        accuracy on their shifted copies; ``"validation images"``: how many
        validation images there are.
    """
    X_train, _, y_train, _ = digits_split()
    X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, test_size=0.2, stratify=y_train, seed=seed)
    settings = dict(hidden=64, learning_rate=0.01, l2=1e-3, epochs=epochs, seed=seed)
    plain = DigitsMLP(**settings).fit(X_fit, y_fit)
    augmented = DigitsMLP(**settings).fit(*shift_digits(X_fit, y_fit))
    X_shifted, y_shifted = shift_digits(X_val, y_val)
    X_shifted, y_shifted = X_shifted[len(X_val) :], y_shifted[len(X_val) :]  # the shifted copies only
    return {
        "plain": plain.score(X_val, y_val),
        "augmented": augmented.score(X_val, y_val),
        "plain, shifted images": plain.score(X_shifted, y_shifted),
        "augmented, shifted images": augmented.score(X_shifted, y_shifted),
        "validation images": float(len(X_val)),
    }
