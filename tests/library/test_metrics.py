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
        (
            lambda: confusion_matrix([0, 3], [0, 1], n_classes=3),
            ValueError,
            r"y_true must lie in \[0, 2\], got values from 0 to 3",
        ),
        (lambda: confusion_matrix([0.5, 1], [0, 1]), TypeError, "y_true must be integer class labels"),
        (lambda: accuracy([-1, 0], [0, 0]), ValueError, r"must lie in \[0, inf\], got values from -1 to 0"),
        (lambda: most_confused_pairs([[1, 2]]), ValueError, r"must be square, got shape \(1, 2\)"),
        (lambda: most_confused_pairs([[1]], top=0), ValueError, "top must be >= 1, got 0"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: accuracy([], []), ValueError, "y_true must not be empty"),
        (lambda: accuracy(np.array([], dtype=int), np.array([], dtype=int)), ValueError, "y_true must not be empty"),
        (lambda: accuracy([0, np.nan], [0, 1]), ValueError, r"y_true must be integer class labels, got 1 NaN/inf"),
        (lambda: accuracy([0, 1], [0, np.inf]), ValueError, r"y_pred must be integer class labels, got 1 NaN/inf"),
        (
            lambda: accuracy([0, 1e20], [0, 1]),
            ValueError,
            r"y_true must be integer class labels below 2\*\*53, got values up to 1e\+20",
        ),
        (lambda: accuracy(["a", "b"], ["a", "b"]), TypeError, "y_true must be integer class labels"),
        (lambda: accuracy([True, False], [True, True]), TypeError, "y_true must be integer class labels"),
        (lambda: accuracy([[0, 1]], [[0, 1]]), ValueError, r"y_true must be 1-D, got shape \(1, 2\)"),
        (lambda: accuracy([0, [1, 2]], [0, 1]), TypeError, "y_true must be integer class labels, got list"),
        (lambda: confusion_matrix([0, 1], [0, 1], n_classes=2.0), TypeError, "n_classes must be an integer"),
        (lambda: confusion_matrix([0, 1], [0, 1], n_classes=0), ValueError, "n_classes must be >= 1, got 0"),
        (lambda: per_class_accuracy(np.zeros((0, 0))), ValueError, r"must not be empty, got shape \(0, 0\)"),
        (lambda: per_class_accuracy([[1, -1], [0, 2]]), ValueError, "must hold counts >= 0, got a minimum of -1"),
        (lambda: per_class_accuracy([[1.0, np.nan], [0.0, 2.0]]), ValueError, r"must be finite, got 1 NaN/inf"),
        (lambda: per_class_accuracy([["a", "b"], ["c", "d"]]), TypeError, "must hold numbers .counts., got list"),
        (lambda: per_class_accuracy([[1, 2], [3]]), TypeError, "must be a square array of counts, got list"),
        (lambda: most_confused_pairs([[1, 2], [3, np.inf]]), ValueError, "must be finite"),
        (lambda: most_confused_pairs(np.eye(2, dtype=bool)), TypeError, "must hold numbers .counts."),
        (lambda: most_confused_pairs([[1, 2], [3, 4]], top=1.5), TypeError, "top must be an integer, got float"),
    ],
)
def test_bad_input_everywhere(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_whole_float_labels_and_float_counts_still_work():
    assert accuracy(np.array([0.0, 1.0, 2.0]), [0, 1, 1]) == pytest.approx(2 / 3)
    np.testing.assert_allclose(per_class_accuracy(np.array([[3.0, 1.0], [0.0, 2.0]])), [0.75, 1.0])
    with pytest.raises(ValueError, match=r"must hold counts \(whole numbers\), got 0.5"):
        per_class_accuracy(np.array([[0.5, 0.5], [0.0, 1.0]]))
