"""Checkers for chapter 14 (the digits capstone)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.capstone_digits.analysis import DigitsMLP, digits_split
from mlcourse.data import Standardizer, shift_digits, train_test_split
from mlcourse.metrics import confusion_matrix
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
    """Exercise 3: the parameters with the highest mean CV score in a list of ``(params, CVResult)`` pairs."""
    best, result = max(search, key=lambda item: item[1].mean)
    if params == best:
        return Feedback(True, f"{best} has the best mean CV accuracy, {result.mean:.4f}.")
    chosen = [res for p, res in search if p == params]
    if chosen and chosen[0].mean == result.mean:
        return Feedback(True, "Tied with the best mean: an equally valid choice.")
    return Feedback(False, "Compare the .mean of each CVResult and take the largest (max with a key).")


@lru_cache(maxsize=2)
def augmentation_comparison(
    epochs: int = 13, hidden: int = 64, learning_rate: float = 0.01, l2: float = 1e-3, seed: int = 0
) -> dict[str, float]:
    """Exercise 4: validation accuracy of the final settings trained with and without one-pixel shifts.

    A :class:`DigitsMLP` with the given settings (by default those the
    chapter's cross-validation chose) is trained on four fifths of the
    training part (a stratified split), once on the images as they are and
    once with four shifted copies of every image
    (:func:`mlcourse.data.shift_digits`). Both are scored on the remaining
    fifth, the validation images, as they are and shifted by one pixel; the
    test set is not touched.

    Parameters
    ----------
    epochs, hidden, learning_rate, l2 : default 13, 64, 0.01, 0.001
        The settings of both models (as :class:`DigitsMLP`).
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
    settings = dict(hidden=hidden, learning_rate=learning_rate, l2=l2, epochs=epochs, seed=seed)
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


# --- Practice page: the learner standardizes without leaking and counts the confusion matrix ---


def library_standardize(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both parts transformed by a :class:`mlcourse.data.Standardizer` fitted on ``X_train`` only."""
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


def _standardize_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random pixel values 0 to 16: 3 to 4 training rows and 2 test rows of 2 to 3 pixels, often a constant pixel."""
    n_pixels = int(rng.integers(2, 4))
    n_train = int(rng.integers(3, 12 // n_pixels + 1))
    X_train = rng.integers(0, 17, size=(n_train, n_pixels)).astype(float)
    X_test = rng.integers(0, 17, size=(2, n_pixels)).astype(float)
    if rng.random() < 0.6:  # a pixel that never varies in the training images, like the digits' borders
        pixel = int(rng.integers(n_pixels))
        X_train[:, pixel] = float(rng.choice([0.0, 3.0]))
    return X_train, X_test


def _standardized_separately(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: the test part standardized with its own statistics."""
    return Standardizer().fit_transform(X_train), Standardizer().fit_transform(X_test)


def _standardized_together(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mistake (the leak): statistics of all the images, test part included."""
    scaler = Standardizer().fit(np.vstack([X_train, X_test]))
    return scaler.transform(X_train), scaler.transform(X_test)


def _divided_by_zero(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: a constant pixel divided by its standard deviation 0."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X_train - mean) / std, (X_test - mean) / std


def _sample_std(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: the sample standard deviation (ddof=1)."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def check_standardize(standardize: Any) -> Feedback:
    """Practice: a learner's ``standardize(X_train, X_test) -> (Z_train, Z_test)``, with training statistics only.

    The reference is :class:`mlcourse.data.Standardizer` fitted on
    ``X_train`` (:func:`library_standardize`): per-pixel mean and population
    standard deviation, 1 for a pixel constant in the training images. 20
    random sets of pixel values from 0 to 16, most with a constant pixel.
    A changed input, the test part standardized on its own or together with
    the training part, a division by zero (NaN) and the sample standard
    deviation are named.

    Examples
    --------
    >>> check_standardize(library_standardize).correct
    True
    >>> "leak" in check_standardize(_standardized_together).message
    True
    """
    names = ["X_train", "X_test"]
    outputs = ["Z_train", "Z_test"]
    with np.errstate(divide="ignore", invalid="ignore"):  # a learner's division by zero is reported, not warned
        feedback = check_function(
            standardize,
            library_standardize,
            _standardize_problem,
            names=names,
            outputs=outputs,
            success="Your standardization is the Standardizer's on 20 random image sets, constant pixels included.",
        )
        if feedback.correct:
            return feedback
        if "holds NaN or inf" in feedback.message:
            return Feedback(
                False,
                f"{feedback.message} A pixel that is constant in the training images has standard deviation 0: "
                "use 1 instead (np.where(std > 0, std, 1.0)), so it is centred but not divided by zero.",
            )
        mistakes = [
            (
                _standardized_separately,
                "The test images must be transformed with the TRAINING mean and standard deviation, "
                "not with their own: the model only knows the training scale.",
            ),
            (
                _standardized_together,
                "Your statistics include the test images: a leak. Compute the mean and standard deviation "
                "on X_train only and apply them to both parts.",
            ),
            (
                _sample_std,
                "Use the population standard deviation, np.std's default (ddof=0), as Standardizer does.",
            ),
        ]
        for mistake, hint in mistakes:
            if check_function(standardize, mistake, _standardize_problem, names=names, outputs=outputs).correct:
                return Feedback(False, f"{feedback.message} {hint}")
    return feedback


def library_confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """:func:`mlcourse.metrics.confusion_matrix`: rows true classes, columns predicted classes."""
    return confusion_matrix(y_true, y_pred, n_classes=n_classes)


def _confusion_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    """Random labels: 2 to 4 classes, 4 to 12 samples, about two thirds predicted right; classes may be absent."""
    n_classes = int(rng.integers(2, 5))
    n_samples = int(rng.integers(4, 13))
    seen = n_classes - 1 if rng.random() < 0.3 else n_classes  # sometimes the last class never occurs
    y_true = rng.integers(0, seen, size=n_samples)
    y_pred = np.where(rng.random(n_samples) < 0.65, y_true, rng.integers(0, seen, size=n_samples))
    return y_true, y_pred, n_classes


def _transposed_confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """The mistake: rows are the predictions."""
    return confusion_matrix(y_true, y_pred, n_classes=n_classes).T


def _counted_once(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """The mistake: ``matrix[y_true, y_pred] += 1``, which counts a repeated pair once."""
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    matrix[y_true, y_pred] += 1
    return matrix


def check_confusion_matrix(confusion: Any) -> Feedback:
    """Practice: a learner's ``confusion_matrix(y_true, y_pred, n_classes)`` against the library's.

    The reference is :func:`mlcourse.metrics.confusion_matrix` (rows: true
    classes, columns: predicted classes), on 20 random label sets of 2 to 4
    classes in which a class can be missing. A changed argument, a shape
    (e.g. the size taken from the labels seen instead of ``n_classes``) and
    a transposed matrix, and repeated pairs counted once are named.

    Examples
    --------
    >>> check_confusion_matrix(library_confusion_matrix).correct
    True
    >>> "transposed" in check_confusion_matrix(_transposed_confusion).message
    True
    """
    names = ["y_true", "y_pred", "n_classes"]
    feedback = check_function(
        confusion,
        library_confusion_matrix,
        _confusion_problem,
        names=names,
        outputs=["the matrix"],
        success="Your matrix is the library's on 20 random label sets, absent classes included.",
    )
    if feedback.correct:
        return feedback
    mistakes = [
        (
            _transposed_confusion,
            "Row i counts the samples whose TRUE class is i, column j those predicted as j: "
            "matrix[y_true[k], y_pred[k]] += 1.",
        ),
        (
            _counted_once,
            "matrix[y_true, y_pred] += 1 adds 1 once per distinct pair, however often it repeats (numpy does not "
            "accumulate over repeated indices): loop over the samples, or use np.add.at(matrix, (y_true, y_pred), 1).",
        ),
    ]
    for mistake, hint in mistakes:
        if check_function(confusion, mistake, _confusion_problem, names=names).correct:
            return Feedback(False, f"{feedback.message} {hint}")
    return feedback
