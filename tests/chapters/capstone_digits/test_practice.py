"""Chapter 14's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.capstone_digits.exercises import (
    check_confusion_matrix,
    check_standardize,
    library_confusion_matrix,
    library_standardize,
)


def standardize(X_train, X_test):  # the page's solution
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def confusion_matrix(y_true, y_pred, n_classes):  # the page's solution
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true, predicted in zip(y_true, y_pred):
        matrix[true, predicted] += 1
    return matrix


def test_the_references_are_the_library():
    X_train, X_test = np.array([[0.0, 5.0], [2.0, 5.0]]), np.array([[4.0, 6.0]])
    Z_train, Z_test = library_standardize(X_train, X_test)
    np.testing.assert_array_equal(Z_train, [[-1.0, 0.0], [1.0, 0.0]])  # the constant pixel is centred, not NaN
    np.testing.assert_array_equal(Z_test, [[3.0, 1.0]])  # with the training mean and scale
    matrix = library_confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), 4)
    assert matrix.tolist() == [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]]  # rows: true classes


def test_the_library_and_the_published_solutions_pass():
    assert check_standardize(library_standardize).correct
    assert check_standardize(standardize).correct
    assert check_confusion_matrix(library_confusion_matrix).correct
    assert check_confusion_matrix(confusion_matrix).correct


def test_the_starters_fail():
    def starter(*arguments):
        raise NotImplementedError("write it here")

    assert "raised NotImplementedError: write it here" in check_standardize(starter).message
    assert "raised NotImplementedError" in check_confusion_matrix(starter).message


def test_standardizing_mistakes_are_named():
    def together(X_train, X_test):
        everything = np.vstack([X_train, X_test])
        mean, std = everything.mean(axis=0), everything.std(axis=0)
        std = np.where(std > 0, std, 1.0)
        return (X_train - mean) / std, (X_test - mean) / std

    def separately(X_train, X_test):
        return standardize(X_train, X_train)[0], standardize(X_test, X_test)[0]

    def zero_division(X_train, X_test):
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mean) / std, (X_test - mean) / std

    def sample_std(X_train, X_test):
        mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
        std = np.where(std > 0, std, 1.0)
        return (X_train - mean) / std, (X_test - mean) / std

    def in_place(X_train, X_test):
        Z_test = standardize(X_train, X_test)[1]
        X_train -= X_train.mean(axis=0)
        return X_train / np.where(X_train.std(axis=0) > 0, X_train.std(axis=0), 1.0), Z_test

    with np.errstate(divide="ignore", invalid="ignore"):
        assert "a leak" in check_standardize(together).message
        assert "with the TRAINING mean and standard deviation" in check_standardize(separately).message
        message = check_standardize(zero_division).message
        assert "holds NaN or inf" in message and "use 1 instead" in message
        assert (
            "0.866 times" in check_standardize(sample_std).message and "ddof=0" in check_standardize(sample_std).message
        )
        assert "changed its argument X_train" in check_standardize(in_place).message


def test_confusion_mistakes_are_named():
    def transposed(y_true, y_pred, n_classes):
        return confusion_matrix(y_pred, y_true, n_classes)

    def size_from_labels(y_true, y_pred, n_classes):
        return confusion_matrix(y_true, y_pred, int(max(y_true.max(), y_pred.max())) + 1)

    def fancy_increment(y_true, y_pred, n_classes):
        matrix = np.zeros((n_classes, n_classes), dtype=int)
        matrix[y_true, y_pred] += 1
        return matrix

    message = check_confusion_matrix(transposed).message
    assert "the matrix is transposed" in message and "TRUE class is i" in message
    assert "has shape (3, 3), expected (4, 4)" in check_confusion_matrix(size_from_labels).message
    assert "np.add.at" in check_confusion_matrix(fancy_increment).message
