"""Classification metrics: accuracy, confusion matrix, the most confused pairs."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_label_array, check_int, check_same_length, describe

__all__ = ["accuracy", "confusion_matrix", "most_confused_pairs", "per_class_accuracy"]

#: The most classes :func:`confusion_matrix` counts: its ``(n_classes, n_classes)`` int64 matrix
#: then takes 2 GiB. Labels far beyond (``10**9``) are nearly always ids that need encoding as 0 .. k-1.
_MAX_CLASSES = 2**14


def _labels_pair(y_true: Any, y_pred: Any, n_classes: int | None) -> tuple[np.ndarray, np.ndarray, int]:
    y_true = as_label_array(y_true, "y_true", n_classes=n_classes)
    y_pred = as_label_array(y_pred, "y_pred", n_classes=n_classes)
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    if n_classes is None:
        n_classes = int(max(y_true.max(), y_pred.max())) + 1
    return y_true, y_pred, n_classes


def _check_matrix(matrix: Any) -> np.ndarray:
    """A confusion matrix: square, non-empty, of counts (non-negative whole numbers, ints or floats)."""
    try:
        array = np.asarray(matrix)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"a confusion matrix must be a square array of counts, got {describe(matrix)}") from error
    if array.dtype.kind not in "iuf":
        raise TypeError(f"a confusion matrix must hold numbers (counts), got {describe(matrix)}")
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"a confusion matrix must be square, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"a confusion matrix must not be empty, got shape {array.shape}")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"a confusion matrix must be finite, got {bad} NaN/inf value(s)")
    if array.min() < 0:
        raise ValueError(f"a confusion matrix must hold counts >= 0, got a minimum of {array.min().item()!r}")
    if array.dtype.kind == "f" and not np.all(array == np.round(array)):
        fraction = float(array[array != np.round(array)].flat[0])
        raise ValueError(f"a confusion matrix must hold counts (whole numbers), got {fraction!r}")
    return array


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of predictions equal to the true labels.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n_samples,)
        True and predicted class labels (>= 0).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If the labels are not integers (whole-number floats are accepted).
    ValueError
        If the labels are empty, not 1-D, NaN/inf, negative, or the two
        differ in length.

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
        True and predicted labels in ``[0, n_classes)``, of any integer dtype.
    n_classes : int, optional
        Number of classes (default: one more than the largest label seen), at
        most 16384 (the matrix then takes 2 GiB).

    Returns
    -------
    numpy.ndarray of shape (n_classes, n_classes), dtype int64

    Raises
    ------
    TypeError
        If the labels are not integers or ``n_classes`` is not an int.
    ValueError
        If the labels are empty, not 1-D, NaN/inf, outside
        ``[0, n_classes)``, or the two differ in length; or
        ``n_classes < 1``, or ``n_classes`` (or, without it, the largest label)
        is above 16383 (encode sparse label ids as 0 .. k-1 first).

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2]).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", minimum=1, maximum=_MAX_CLASSES)
    y_true, y_pred, n_classes = _labels_pair(y_true, y_pred, n_classes)
    if n_classes > _MAX_CLASSES:
        raise ValueError(
            f"y_true and y_pred must hold labels below {_MAX_CLASSES} for a confusion matrix, got labels up to "
            f"{n_classes - 1}: the matrix would have {n_classes} x {n_classes} cells (encode the labels as "
            "0 .. n_classes - 1 first, e.g. with np.unique(y, return_inverse=True))"
        )
    # int64, so that y_true * n_classes cannot wrap around in a small integer dtype (int8, uint8)
    # and uint64 labels are accepted by bincount
    true_index = y_true.astype(np.int64, copy=False)
    counts = np.bincount(true_index * n_classes + y_pred.astype(np.int64, copy=False), minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def per_class_accuracy(matrix: Any) -> np.ndarray:
    """Recall of each class from a confusion matrix: diagonal / row sums (NaN-free: empty rows give 0).

    Parameters
    ----------
    matrix : array_like of shape (n_classes, n_classes)
        A confusion matrix of counts (rows: true classes), e.g. from :func:`confusion_matrix`.

    Returns
    -------
    numpy.ndarray of shape (n_classes,)

    Raises
    ------
    TypeError
        If ``matrix`` does not hold numbers.
    ValueError
        If ``matrix`` is not square, is empty, or holds NaN/inf, negative or
        fractional values.

    Examples
    --------
    >>> per_class_accuracy([[3, 1], [0, 0]])
    array([0.75, 0.  ])
    """
    matrix = _check_matrix(matrix)
    if matrix.dtype.kind in "iu":  # summed as floats: the sum of huge int64/uint64 counts would wrap around
        totals = matrix.sum(axis=1, dtype=np.float64)
    else:
        if float(matrix.max()) * len(matrix) > float(np.finfo(matrix.dtype).max):  # the row sums could overflow
            matrix = matrix / matrix.max()  # the same fractions
        totals = matrix.sum(axis=1)
    return np.divide(np.diag(matrix), totals, out=np.zeros(len(matrix)), where=totals > 0)


def most_confused_pairs(matrix: Any, top: int = 3) -> list[tuple[int, int, int]]:
    """The ``top`` off-diagonal cells with the largest counts, as ``(true, predicted, count)``.

    Ties are broken by (true, predicted) order, so the result is deterministic.

    Parameters
    ----------
    matrix : array_like of shape (n_classes, n_classes)
        A confusion matrix of counts.
    top : int, default 3
        How many cells to return at most (>= 1); cells with count 0 are left out.

    Returns
    -------
    list of (int, int, int)

    Raises
    ------
    TypeError
        If ``matrix`` does not hold numbers or ``top`` is not an int.
    ValueError
        If ``matrix`` is not square, is empty, or holds NaN/inf, negative or
        fractional values; or ``top < 1``.

    Examples
    --------
    >>> most_confused_pairs([[5, 2, 0], [0, 4, 1], [3, 0, 6]], top=2)
    [(2, 0, 3), (0, 1, 2)]
    """
    matrix = _check_matrix(matrix)
    top = check_int(top, "top", minimum=1)
    cells = [(int(matrix[i, j]), i, j) for i in range(len(matrix)) for j in range(len(matrix)) if i != j]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    return [(i, j, count) for count, i, j in cells[:top] if count > 0]
