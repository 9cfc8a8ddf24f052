"""Data sets and data handling for the course.

Every generator takes ``rng`` (a ``numpy.random.Generator``) or ``seed`` and
never touches numpy's global random state, so that a chapter re-executed
gives the same numbers every time. Features come as ``X`` of shape
``(n_samples, n_features)`` (row vectors) and targets as ``y``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    as_float_array,
    as_rng,
    check_int,
    check_positive,
    check_same_length,
    describe,
)

__all__ = ["make_noisy_line", "train_test_split"]


def make_noisy_line(
    n_samples: int = 100,
    *,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    x_range: tuple[float, float] = (-3.0, 3.0),
    n_outliers: int = 0,
    outlier_size: float = 15.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample points around the line ``y = slope * x + intercept``.

    ``x`` is uniform on ``x_range``; Gaussian noise of standard deviation
    ``noise`` is added to ``y``. Optionally ``n_outliers`` of the points (the
    ones with the largest ``x``, so that they pull on the slope) are shifted
    down by ``outlier_size``: the setting in which MSE and MAE disagree.

    Parameters
    ----------
    n_samples : int, default 100
        Number of points (at least 2).
    slope, intercept : float
        The true line.
    noise : float, default 1.0
        Standard deviation of the Gaussian noise on ``y`` (>= 0).
    x_range : (float, float), default (-3, 3)
        Interval of the uniformly drawn ``x``.
    n_outliers : int, default 0
        How many points to turn into outliers (< n_samples).
    outlier_size : float, default 15.0
        How far below the line the outliers are moved.
    rng, seed
        Source of randomness (pass one, or neither for an unseeded generator).

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 1)
        The inputs, as a one-column matrix.
    y : numpy.ndarray of shape (n_samples,)
        The noisy targets.

    Examples
    --------
    >>> X, y = make_noisy_line(5, seed=0)
    >>> X.shape, y.shape
    ((5, 1), (5,))
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    n_outliers = check_int(n_outliers, "n_outliers", minimum=0, maximum=n_samples - 1)
    low, high = _check_range(x_range)
    generator = as_rng(rng, seed)
    x = generator.uniform(low, high, size=n_samples)
    y = slope * x + intercept + noise * generator.standard_normal(n_samples)
    if n_outliers:
        largest_x = np.argsort(x)[-n_outliers:]
        y[largest_x] -= outlier_size
    return x.reshape(-1, 1), y


def _check_range(x_range: Any) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError) as error:
        raise TypeError(f"x_range must be a pair of numbers (low, high), got {describe(x_range)}") from error
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"x_range must satisfy low < high (both finite), got ({low}, {high})")
    return low, high


def train_test_split(
    X: Any,
    y: Any,
    *,
    test_size: float = 0.2,
    shuffle: bool = True,
    stratify: Any = None,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split a data set into a training part and a test part.

    ``test_size=0.2`` is the 8:2 split, ``0.3`` the 7:3 split. The test part
    is held back during training and used once, at the end, to estimate how
    the model does on data it has never seen (generalization).

    Parameters
    ----------
    X : array_like of shape (n_samples, ...)
        Features.
    y : array_like of shape (n_samples, ...)
        Targets (any dtype: labels or real values).
    test_size : float, default 0.2
        Fraction of the samples put in the test part, strictly between 0 and 1.
        At least one sample goes to each part.
    shuffle : bool, default True
        Shuffle before splitting. Without shuffling the last samples form the
        test part, which is wrong for data sorted by label or by time.
    stratify : array_like of shape (n_samples,), optional
        Class labels whose proportions both parts should keep (requires
        ``shuffle=True``).
    rng, seed
        Source of randomness for the shuffle.

    Returns
    -------
    X_train, X_test, y_train, y_test : numpy.ndarray

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, ``test_size`` is not in (0, 1),
        or a part would be empty.

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2); y = np.arange(10)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
    >>> len(X_train), len(X_test)
    (7, 3)
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays of samples, got shapes {X.shape} and {y.shape}")
    check_same_length(X, y, "X", "y")
    n_samples = len(X)
    if isinstance(test_size, bool) or not isinstance(test_size, (float, int, np.floating, np.integer)):
        raise TypeError(f"test_size must be a float in (0, 1), got {describe(test_size)}")
    if not 0 < float(test_size) < 1:
        raise ValueError(f"test_size must be a fraction strictly between 0 and 1, got {test_size!r}")
    n_test = int(round(float(test_size) * n_samples))
    if n_test < 1 or n_test > n_samples - 1:
        raise ValueError(
            f"test_size={test_size} of {n_samples} samples leaves an empty part "
            f"({n_test} test, {n_samples - n_test} training)"
        )
    if stratify is not None:
        if not shuffle:
            raise ValueError("stratify needs shuffle=True")
        stratify = np.asarray(stratify)
        check_same_length(stratify, y, "stratify", "y")
        generator = as_rng(rng, seed)
        test_index = _stratified_test_index(stratify, n_test, generator)
        is_test = np.zeros(n_samples, dtype=bool)
        is_test[test_index] = True
        train_index = generator.permutation(np.flatnonzero(~is_test))
    elif shuffle:
        order = as_rng(rng, seed).permutation(n_samples)
        train_index, test_index = order[n_test:], order[:n_test]
    else:
        train_index = np.arange(n_samples - n_test)
        test_index = np.arange(n_samples - n_test, n_samples)
    return X[train_index], X[test_index], y[train_index], y[test_index]


def _stratified_test_index(labels: np.ndarray, n_test: int, generator: np.random.Generator) -> np.ndarray:
    """Pick ``n_test`` indices keeping each class's share (largest remainders rounding)."""
    if labels.ndim != 1:
        raise ValueError(f"stratify must be 1-D class labels, got shape {labels.shape}")
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if np.any(counts < 2):
        raise ValueError(
            f"stratify needs at least 2 samples per class, class {classes[np.argmin(counts)]!r} has "
            f"{counts.min()}"
        )
    share = counts * n_test / len(labels)
    per_class = np.floor(share).astype(int)
    remainder_order = np.argsort(-(share - per_class), kind="stable")
    per_class[remainder_order[: n_test - per_class.sum()]] += 1
    chosen = []
    for class_index, n_class_test in enumerate(per_class):
        members = np.flatnonzero(inverse == class_index)
        chosen.append(generator.permutation(members)[:n_class_test])
    return generator.permutation(np.concatenate(chosen))
