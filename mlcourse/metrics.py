"""Classification metrics: accuracy, confusion matrix, the most confused pairs."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_label_array, check_int, check_same_length

__all__ = ["accuracy", "confusion_matrix", "most_confused_pairs", "per_class_accuracy"]


def _labels_pair(y_true: Any, y_pred: Any, n_classes: int | None) -> tuple[np.ndarray, np.ndarray, int]:
    y_true = as_label_array(y_true, "y_true", n_classes=n_classes)
    y_pred = as_label_array(y_pred, "y_pred", n_classes=n_classes)
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    if n_classes is None:
        n_classes = int(max(y_true.max(), y_pred.max())) + 1
    return y_true, y_pred, n_classes


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of predictions equal to the true labels.

    Examples
    --------
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    y_true, y_pred, _ = _labels_pair(y_true, y_pred, None)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int | None = None) -> np.ndarray:
    """Count matrix ``C`` with ``C[i, j]`` = number of samples of class ``i`` predicted as ``j``.

    Rows are true classes, columns predicted classes (scikit-learn's layout); the
    diagonal holds the correct predictions.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n_samples,)
        True and predicted labels in ``[0, n_classes)``.
    n_classes : int, optional
        Number of classes (default: one more than the largest label seen).

    Returns
    -------
    numpy.ndarray of shape (n_classes, n_classes), dtype int64

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2]).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", minimum=1)
    y_true, y_pred, n_classes = _labels_pair(y_true, y_pred, n_classes)
    counts = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def per_class_accuracy(matrix: Any) -> np.ndarray:
    """Recall of each class from a confusion matrix: diagonal / row sums (NaN-free: empty rows give 0)."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix must be square, got shape {matrix.shape}")
    totals = matrix.sum(axis=1)
    return np.divide(np.diag(matrix), totals, out=np.zeros(len(matrix)), where=totals > 0)


def most_confused_pairs(matrix: Any, top: int = 3) -> list[tuple[int, int, int]]:
    """The ``top`` off-diagonal cells with the largest counts, as ``(true, predicted, count)``.

    Ties are broken by (true, predicted) order, so the result is deterministic.

    Examples
    --------
    >>> most_confused_pairs([[5, 2, 0], [0, 4, 1], [3, 0, 6]], top=2)
    [(2, 0, 3), (0, 1, 2)]
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix must be square, got shape {matrix.shape}")
    top = check_int(top, "top", minimum=1)
    cells = [(int(matrix[i, j]), i, j) for i in range(len(matrix)) for j in range(len(matrix)) if i != j]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    return [(i, j, count) for count, i, j in cells[:top] if count > 0]
