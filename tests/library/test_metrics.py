"""Metrics against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.metrics import (
    accuracy,
    confusion_matrix,
    most_confused_pairs,
    per_class_accuracy,
)


def test_confusion_matrix_by_hand():
    y_true = [0, 0, 1, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 0]
    expected = [[1, 1, 0], [0, 2, 1], [1, 0, 0]]
    assert confusion_matrix(y_true, y_pred).tolist() == expected
    assert confusion_matrix(y_true, y_pred, n_classes=4).shape == (4, 4)
    assert accuracy(y_true, y_pred) == pytest.approx(3 / 6)


def test_confusion_matrix_sums_and_diagonal_match_accuracy():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 500)
    y_pred = np.where(rng.random(500) < 0.7, y_true, rng.integers(0, 10, 500))
    matrix = confusion_matrix(y_true, y_pred, n_classes=10)
    assert matrix.sum() == 500
    assert np.trace(matrix) / 500 == pytest.approx(accuracy(y_true, y_pred))
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(y_true, minlength=10))


def test_per_class_accuracy_and_empty_rows():
    np.testing.assert_allclose(per_class_accuracy([[3, 1], [0, 0]]), [0.75, 0.0])


def test_most_confused_pairs_order_and_ties():
    matrix = [[9, 2, 2], [0, 9, 1], [2, 0, 9]]
    assert most_confused_pairs(matrix, top=3) == [(0, 1, 2), (0, 2, 2), (2, 0, 2)]
    assert most_confused_pairs(np.eye(3, dtype=int) * 5) == []


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: confusion_matrix([0, 1], [0]), ValueError, "same number of samples, got 2 and 1"),
        (lambda: confusion_matrix([0, 3], [0, 1], n_classes=3), ValueError, r"y_true must lie in \[0, 2\], got values from 0 to 3"),
        (lambda: confusion_matrix([0.5, 1], [0, 1]), TypeError, "y_true must be integer class labels"),
        (lambda: accuracy([-1, 0], [0, 0]), ValueError, r"must lie in \[0, inf\], got values from -1 to 0"),
        (lambda: most_confused_pairs([[1, 2]]), ValueError, r"must be square, got shape \(1, 2\)"),
        (lambda: most_confused_pairs([[1]], top=0), ValueError, "top must be >= 1, got 0"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
