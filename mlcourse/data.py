"""Data sets and data handling for the course.

Every generator takes ``rng`` (a ``numpy.random.Generator``) or ``seed`` and
never touches numpy's global random state, so that a chapter re-executed
gives the same numbers every time. Features come as ``X`` of shape
``(n_samples, n_features)`` (row vectors) and targets as ``y``.
"""

from __future__ import annotations

import gzip
import importlib.resources
import math
from functools import lru_cache
from typing import Any, Iterator

import numpy as np

from ._validation import (
    as_float_array,
    as_label_array,
    as_rng,
    check_bool,
    check_finite_number,
    check_int,
    check_positive,
    check_same_length,
    describe,
)

#: The largest number of values (array elements) a function of this module builds: 2**31, 16 GiB of
#: float64. A larger request (``make_moons(10**12)``, ``one_hot([10**12])``) is refused with a
#: ``ValueError`` naming the argument, instead of a ``MemoryError`` or an obscure numpy error.
_MAX_VALUES = 2**31

__all__ = [
    "add_bias_column",
    "make_noisy_line",
    "make_noisy_sine",
    "logic_gate",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "load_digits",
    "DIGITS_CITATION",
    "one_hot",
    "Standardizer",
    "train_test_split",
    "batches",
    "add_gaussian_jitter",
    "shift_digits",
]


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

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``n_samples < 2`` or beyond 2**31; ``slope``, ``intercept`` or
        ``outlier_size`` is not finite; ``noise`` is not a finite number >= 0;
        ``n_outliers`` is not in ``[0, n_samples)``; ``x_range`` is not finite
        with ``low < high`` (and a finite width); or the parameters are so large
        that the generated data overflow float64.

    Examples
    --------
    >>> X, y = make_noisy_line(5, seed=0)
    >>> X.shape, y.shape
    ((5, 1), (5,))
    """
    n_samples = _check_count(n_samples, "n_samples", minimum=2)
    slope = check_finite_number(slope, "slope")
    intercept = check_finite_number(intercept, "intercept")
    noise = check_positive(noise, "noise", allow_zero=True)
    n_outliers = check_int(n_outliers, "n_outliers", minimum=0, maximum=n_samples - 1)
    outlier_size = check_finite_number(outlier_size, "outlier_size")
    low, high = _check_range(x_range)
    generator = as_rng(rng, seed)
    x = generator.uniform(low, high, size=n_samples)
    with np.errstate(over="ignore", invalid="ignore"):
        y = slope * x + intercept + noise * generator.standard_normal(n_samples)
        if n_outliers:
            largest_x = np.argsort(x)[-n_outliers:]
            y[largest_x] -= outlier_size
    _check_generated(
        (y,),
        {"slope": slope, "intercept": intercept, "noise": noise, "x_range": (low, high), "outlier_size": outlier_size},
    )
    return x.reshape(-1, 1), y


def _check_range(x_range: Any, name: str = "x_range") -> tuple[float, float]:
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a pair of numbers (low, high), got {describe(x_range)}") from error
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{name} must satisfy low < high (both finite), got ({low}, {high})")
    if not math.isfinite(high - low):
        raise ValueError(
            f"{name} must have a finite width high - low, got ({low}, {high}) whose width overflows float64"
        )
    return low, high


def _check_count(value: Any, name: str, *, minimum: int, per_item: int = 1) -> int:
    """``check_int``, with at most ``_MAX_VALUES // per_item`` (each item takes ``per_item`` values)."""
    return check_int(value, name, minimum=minimum, maximum=max(minimum, _MAX_VALUES // max(per_item, 1)))


def _check_generated(arrays: tuple[np.ndarray, ...], parameters: dict[str, Any]) -> None:
    """``ValueError`` naming ``parameters`` when a generated array overflowed (inf/NaN).

    The arithmetic of a generator runs under ``np.errstate(over="ignore", invalid="ignore")``:
    finite results are unchanged, and an overflow is reported here instead of a
    ``RuntimeWarning`` and a silent inf.
    """
    for array in arrays:
        if not np.all(np.isfinite(array)):
            bad = int(array.size - np.count_nonzero(np.isfinite(array)))
            given = ", ".join(f"{key}={_plain(value)!r}" for key, value in parameters.items())
            raise ValueError(
                f"{given} are too large: the generated data overflow float64 ({bad} inf/NaN value(s)); "
                "choose smaller values"
            )


def train_test_split(
    X: Any,
    y: Any,
    *,
    test_size: float | int | None = None,
    train_size: float | int | None = None,
    shuffle: bool = True,
    stratify: Any = None,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split a data set into a training part and a test part.

    ``test_size=0.2`` is the 8:2 split, ``0.3`` the 7:3 split. The test part
    is held back during training and used once, at the end, to estimate how
    the model does on data it has never seen (generalization).

    The sizes are scikit-learn's: a fraction ``test_size`` gives
    ``ceil(test_size * n_samples)`` test samples, a fraction ``train_size``
    gives ``floor(train_size * n_samples)`` training samples, an integer is a
    number of samples, and a size left out is the complement of the other.
    With ``stratify``, each class's share of the two parts is scikit-learn's
    too (the rounded-down training shares, the remaining samples going to
    the classes with the largest remainders; ties, which scikit-learn breaks
    at random, go to the last classes in sorted order).

    Parameters
    ----------
    X : array_like of shape (n_samples, ...)
        Features.
    y : array_like of shape (n_samples, ...)
        Targets (any dtype: labels or real values).
    test_size : float or int, optional
        A fraction strictly between 0 and 1, or a number of samples between
        1 and ``n_samples - 1``. Default: 0.2 if ``train_size`` is not given,
        else the complement of ``train_size``.
    train_size : float or int, optional
        As ``test_size``, for the training part. Default: the complement of
        the test part. When both are given and leave samples over, those
        samples are in neither part.
    shuffle : bool, default True
        Shuffle before splitting. Without shuffling the first samples form
        the training part and the ones after them the test part, which is
        wrong for data sorted by label or by time.
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
    TypeError
        If ``test_size`` or ``train_size`` is not a number, ``shuffle`` is
        not a bool, or the ``stratify`` labels cannot be sorted.
    ValueError
        If ``X`` and ``y`` differ in length or hold fewer than 2 samples; a
        fraction is not strictly between 0 and 1 or a count not between 1
        and ``n_samples - 1``; the two sizes add up to more than all the
        samples; a part would be empty; or (with ``stratify``) the labels are
        not 1-D and finite, a class has fewer than 2 members, a part has
        fewer samples than there are classes, or ``shuffle`` is False.

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2); y = np.arange(10)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
    >>> len(X_train), len(X_test)
    (7, 3)
    >>> [len(part) for part in train_test_split(X[:9], y[:9], test_size=0.2, seed=0)[:2]]  # ceil(1.8) = 2
    [7, 2]
    """
    X, y = _check_pair(X, y)
    n_samples = len(X)
    if n_samples < 2:
        raise ValueError(f"X and y must hold at least 2 samples (one per part), got n_samples={n_samples}")
    shuffle = check_bool(shuffle, "shuffle")
    n_train, n_test = _split_sizes(n_samples, test_size, train_size)
    if stratify is not None:
        if not shuffle:
            raise ValueError("stratify needs shuffle=True")
        labels = _check_class_labels(stratify, "stratify", n_samples)
        generator = as_rng(rng, seed)
        train_index, test_index = _stratified_split(labels, n_train, n_test, generator)
    elif shuffle:
        order = as_rng(rng, seed).permutation(n_samples)
        train_index, test_index = order[n_test : n_test + n_train], order[:n_test]
    else:
        as_rng(rng, seed)  # checked, although nothing is drawn
        train_index = np.arange(n_train)
        test_index = np.arange(n_train, n_train + n_test)
    return X[train_index], X[test_index], y[train_index], y[test_index]


def _split_size(value: Any, name: str, n_samples: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a float in (0, 1) or an int number of samples, got {describe(value)}")
    if isinstance(value, (int, np.integer)):
        if not 1 <= value <= n_samples - 1:
            raise ValueError(
                f"{name} as a number of samples must lie in [1, {n_samples - 1}] "
                f"(n_samples={n_samples}), got {_plain(value)!r}"
            )
    elif not 0 < value < 1:  # NaN fails here too
        raise ValueError(
            f"{name} must be a fraction strictly between 0 and 1 (or an int number of samples), got {_plain(value)!r}"
        )


def _split_sizes(n_samples: int, test_size: Any, train_size: Any) -> tuple[int, int]:
    """``(n_train, n_test)`` by scikit-learn's rules (``_validate_shuffle_split``)."""
    if test_size is None and train_size is None:
        test_size = 0.2
    for value, name in ((test_size, "test_size"), (train_size, "train_size")):
        if value is not None:
            _split_size(value, name, n_samples)
    test_is_fraction = isinstance(test_size, (float, np.floating))
    train_is_fraction = isinstance(train_size, (float, np.floating))
    if test_is_fraction and train_is_fraction and train_size + test_size > 1:
        raise ValueError(
            f"test_size + train_size must not exceed 1, got {_plain(test_size)!r} + {_plain(train_size)!r} = "
            f"{_plain(train_size + test_size)!r}"
        )
    n_test = n_train = None
    if test_size is not None:
        n_test = math.ceil(test_size * n_samples) if test_is_fraction else int(test_size)
    if train_size is not None:
        n_train = math.floor(train_size * n_samples) if train_is_fraction else int(train_size)
    if n_train is None:
        n_train = n_samples - n_test
    elif n_test is None:
        n_test = n_samples - n_train
    if n_train + n_test > n_samples:
        raise ValueError(
            f"train_size={_plain(train_size)!r} and test_size={_plain(test_size)!r} ask for {n_train} + {n_test} = "
            f"{n_train + n_test} samples, more than the n_samples={n_samples} there are"
        )
    if n_train == 0 or n_test == 0:
        raise ValueError(
            f"test_size={_plain(test_size)!r}, train_size={_plain(train_size)!r} of {n_samples} samples leaves an empty part "
            f"({n_test} test, {n_train} training)"
        )
    return int(n_train), int(n_test)


def _check_class_labels(values: Any, name: str, n_samples: int) -> np.ndarray:
    """1-D class labels of length ``n_samples`` that can be sorted (numbers, strings), finite if floats."""
    try:
        labels = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{name} must be 1-D class labels, got {describe(values)}") from error
    if labels.ndim != 1 or len(labels) != n_samples:
        raise ValueError(f"{name} must be 1-D class labels of length n_samples={n_samples}, got shape {labels.shape}")
    if labels.dtype.kind == "c":
        raise TypeError(f"{name} must be class labels (integers or strings), got dtype {labels.dtype}")
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        bad = int(labels.size - np.count_nonzero(np.isfinite(labels)))
        raise ValueError(f"{name} must be finite class labels, got {bad} NaN/inf value(s)")
    if labels.dtype.kind == "O":
        try:
            np.unique(labels)
        except TypeError as error:
            kinds = sorted({type(v).__name__ for v in labels.tolist()})
            raise TypeError(
                f"{name} must be class labels of one sortable kind (integers or strings), got values of types {kinds}"
            ) from error
    return labels


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value (for messages: 3, not np.int64(3))."""
    return value.item() if isinstance(value, np.generic) else value


def _approximate_mode(counts: np.ndarray, n_draws: int) -> np.ndarray:
    """scikit-learn's ``_approximate_mode``: shares rounded down, the rest to the largest remainders.

    Ties between equal remainders go to the last classes (scikit-learn draws
    them at random): drawn for the training part, this leaves the test
    part's extra samples to the first classes, as the largest-remainder
    rounding of the test shares did before.
    """
    continuous = counts / counts.sum() * n_draws
    floored = np.floor(continuous)
    need_to_add = int(n_draws - floored.sum())
    if need_to_add > 0:
        order = np.lexsort((-np.arange(len(counts)), -(continuous - floored)))
        floored[order[:need_to_add]] += 1
    return floored.astype(np.int64)


def _stratified_split(
    labels: np.ndarray, n_train: int, n_test: int, generator: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices keeping each class's share, sized as scikit-learn's StratifiedShuffleSplit."""
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if np.any(counts < 2):
        raise ValueError(
            f"stratify needs at least 2 samples per class, class {_plain(classes[np.argmin(counts)])!r} has "
            f"{counts.min()}"
        )
    for part, size in (("training", n_train), ("test", n_test)):
        if size < len(classes):
            raise ValueError(
                f"the {part} part must hold at least one sample per class with stratify: "
                f"{size} samples for {len(classes)} classes"
            )
    train_per_class = _approximate_mode(counts, n_train)
    test_per_class = _approximate_mode(counts - train_per_class, n_test)
    chosen_test = []
    is_train = np.zeros(len(labels), dtype=bool)
    for class_index, (n_class_train, n_class_test) in enumerate(zip(train_per_class, test_per_class)):
        members = generator.permutation(np.flatnonzero(inverse == class_index))
        chosen_test.append(members[:n_class_test])
        is_train[members[n_class_test : n_class_test + n_class_train]] = True
    test_index = generator.permutation(np.concatenate(chosen_test))
    train_index = generator.permutation(np.flatnonzero(is_train))
    return train_index, test_index


def make_noisy_sine(
    n_samples: int = 100,
    *,
    noise: float = 0.1,
    x_range: tuple[float, float] = (0.0, 2 * np.pi),
    frequency: float = 1.0,
    amplitude: float = 1.0,
    n_outliers: int = 0,
    outlier_size: float = 2.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample points around the curve ``y = amplitude * sin(frequency * x)``.

    A non-linear regression problem that a straight line cannot fit and a
    small network can. ``x`` is uniform on ``x_range`` and Gaussian noise of
    standard deviation ``noise`` is added to ``y``. Optionally ``n_outliers``
    points, chosen at random, are moved up by ``outlier_size``.

    Parameters
    ----------
    n_samples : int, default 100
        Number of points (at least 2).
    noise : float, default 0.1
        Standard deviation of the noise on ``y`` (>= 0).
    x_range : (float, float), default (0, 2 pi)
        Interval of the uniformly drawn ``x``.
    frequency, amplitude : float, default 1
        Shape of the sine.
    n_outliers : int, default 0
        How many points to turn into outliers (< n_samples).
    outlier_size : float, default 2.0
        How far above the curve the outliers are moved.
    rng, seed
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 1)
        The inputs, as a one-column matrix.
    y : numpy.ndarray of shape (n_samples,)
        The noisy targets.

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``n_samples < 2``; ``frequency``, ``amplitude`` or
        ``outlier_size`` is not finite; ``noise`` is not a finite number
        >= 0; ``n_outliers`` is not in ``[0, n_samples)``; ``x_range`` is
        not finite with ``low < high`` (and a finite width); ``n_samples``
        is beyond 2**31; or the generated data overflow float64.

    Examples
    --------
    >>> X, y = make_noisy_sine(50, noise=0.0, seed=0)
    >>> bool(np.allclose(y, np.sin(X[:, 0])))
    True
    """
    n_samples = _check_count(n_samples, "n_samples", minimum=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    frequency = check_finite_number(frequency, "frequency")
    amplitude = check_finite_number(amplitude, "amplitude")
    n_outliers = check_int(n_outliers, "n_outliers", minimum=0, maximum=n_samples - 1)
    outlier_size = check_finite_number(outlier_size, "outlier_size")
    low, high = _check_range(x_range)
    generator = as_rng(rng, seed)
    x = generator.uniform(low, high, size=n_samples)
    with np.errstate(over="ignore", invalid="ignore"):
        y = amplitude * np.sin(frequency * x) + noise * generator.standard_normal(n_samples)
        if n_outliers:
            y[generator.choice(n_samples, size=n_outliers, replace=False)] += outlier_size
    _check_generated(
        (y,),
        {
            "frequency": frequency,
            "x_range": (low, high),
            "amplitude": amplitude,
            "noise": noise,
            "outlier_size": outlier_size,
        },
    )
    return x.reshape(-1, 1), y


_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "xor": (0, 1, 1, 0),
    "nand": (1, 1, 1, 0),
}


def logic_gate(name: str, *, labels: str = "pm1") -> tuple[np.ndarray, np.ndarray]:
    """The four points of a two-input logic gate and its truth table.

    Parameters
    ----------
    name : {"and", "or", "xor", "nand"}
        The gate (case-insensitive).
    labels : {"pm1", "01"}, default "pm1"
        ``"pm1"`` gives -1 for false and +1 for true, the labels of the
        perceptron (:class:`mlcourse.models.Perceptron`); ``"01"`` gives 0 and
        1, the labels of a sigmoid output and binary cross-entropy.

    Returns
    -------
    X : numpy.ndarray of shape (4, 2), float64
        The inputs ``(0, 0), (0, 1), (1, 0), (1, 1)``.
    y : numpy.ndarray of shape (4,), int64
        The gate's output for each row.

    Raises
    ------
    TypeError
        If ``name`` or ``labels`` is not a str.
    ValueError
        If ``name`` or ``labels`` is unknown.

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> y
    array([-1,  1,  1, -1])
    >>> logic_gate("xor", labels="01")[1]
    array([0, 1, 1, 0])
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of a gate (str), one of {sorted(_GATES)}; got {describe(name)}")
    if name.lower() not in _GATES:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {sorted(_GATES)} as name")
    if not isinstance(labels, str):
        raise TypeError(f"labels must be 'pm1' or '01' (a str), got {describe(labels)}")
    if labels not in ("pm1", "01"):
        raise ValueError(f"labels must be 'pm1' (-1/+1) or '01' (0/1), got {labels!r}")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    truth = np.array(_GATES[name.lower()], dtype=np.int64)
    return X, (2 * truth - 1 if labels == "pm1" else truth)


def _add_noise(X: np.ndarray, noise: float, generator: np.random.Generator) -> np.ndarray:
    """``X`` plus Gaussian noise of standard deviation ``noise``; ``ValueError`` if it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        noisy = X + noise * generator.standard_normal(X.shape)
    _check_generated((noisy,), {"noise": noise})
    return noisy


def _shuffled(X: np.ndarray, y: np.ndarray, generator: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    order = generator.permutation(len(X))
    return X[order], y[order]


def make_moons(
    n_samples: int = 200,
    *,
    noise: float = 0.1,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: a classic data set that no line separates.

    Class 0 is the upper half circle of radius 1 centred at (0, 0); class 1
    the lower half circle centred at (1, 0.5), as in scikit-learn. The points
    are evenly spaced along each half circle, then shuffled, and Gaussian
    noise of standard deviation ``noise`` is added to both coordinates.

    Parameters
    ----------
    n_samples : int, default 200
        Total number of points (at least 2; class 1 gets the extra one when
        odd).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise (>= 0).
    rng, seed
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), int64 labels 0 and 1

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``n_samples < 2`` or beyond 2**30, ``noise`` is not a finite
        number >= 0, or the noise overflows float64.

    Examples
    --------
    >>> X, y = make_moons(100, seed=0)
    >>> X.shape, np.bincount(y)
    ((100, 2), array([50, 50]))
    """
    n_samples = _check_count(n_samples, "n_samples", minimum=2, per_item=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    generator = as_rng(rng, seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n_lower)
    X = np.vstack(
        [
            np.column_stack([np.cos(t_upper), np.sin(t_upper)]),
            np.column_stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)]),
        ]
    )
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_upper, n_lower])
    X, y = _shuffled(X, y, generator)
    return _add_noise(X, noise, generator), y


def make_circles(
    n_samples: int = 200,
    *,
    noise: float = 0.05,
    factor: float = 0.5,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a large one: separable by a circle, not by a line.

    Class 0 lies on the unit circle, class 1 on the circle of radius
    ``factor``; points are evenly spaced in angle, shuffled, and given
    Gaussian noise of standard deviation ``noise``.

    Parameters
    ----------
    n_samples : int, default 200
        Total number of points (at least 2; class 1 gets the extra one when
        odd).
    noise : float, default 0.05
        Standard deviation of the Gaussian noise (>= 0).
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).
    rng, seed
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), int64 labels 0 (outer) and 1 (inner)

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``n_samples < 2`` or beyond 2**30, ``noise`` is not a finite
        number >= 0, ``factor`` is not in (0, 1), or the noise overflows
        float64.

    Examples
    --------
    >>> X, y = make_circles(10, noise=0.0, seed=0)
    >>> np.round(np.hypot(X[:, 0], X[:, 1])[y == 1], 6)
    array([0.5, 0.5, 0.5, 0.5, 0.5])
    """
    n_samples = _check_count(n_samples, "n_samples", minimum=2, per_item=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    factor = check_positive(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor must lie in (0, 1) (inner radius / outer radius), got {factor!r}")
    generator = as_rng(rng, seed)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    t_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    X = np.vstack(
        [
            np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
            factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)]),
        ]
    )
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_outer, n_inner])
    X, y = _shuffled(X, y, generator)
    return _add_noise(X, noise, generator), y


def _class_sizes(n_samples: int, n_classes: int) -> np.ndarray:
    """Split ``n_samples`` into ``n_classes`` sizes, the first ``n % k`` one larger."""
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    return sizes


def make_spirals(
    n_samples: int = 300,
    *,
    n_classes: int = 2,
    noise: float = 0.1,
    turns: float = 1.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class: hard for shallow models.

    Arm ``j`` has points at radius ``r`` from 0.05 to 1 and angle
    ``2 pi (turns * r + j / n_classes)``; Gaussian noise of standard deviation
    ``noise`` is added to both coordinates, then the points are shuffled.

    Parameters
    ----------
    n_samples : int, default 300
        Total number of points (the first ``n_samples % n_classes`` classes
        get one more).
    n_classes : int, default 2
        Number of arms (>= 2).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise (>= 0).
    turns : float, default 1.0
        How many full turns each arm makes (> 0).
    rng, seed
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), int64 labels 0 .. n_classes - 1

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``n_classes < 2``, ``n_samples < n_classes``, ``noise`` is not a
        finite number >= 0, ``turns`` not a finite number > 0, a count is
        beyond 2**30, or ``turns`` or ``noise`` is so large that the points
        overflow float64.

    Examples
    --------
    >>> X, y = make_spirals(90, n_classes=3, seed=0)
    >>> np.bincount(y)
    array([30, 30, 30])
    """
    n_classes = _check_count(n_classes, "n_classes", minimum=2)
    n_samples = _check_count(n_samples, "n_samples", minimum=2, per_item=2)
    if n_samples < n_classes:
        raise ValueError(f"n_samples must be >= n_classes = {n_classes} (one point per arm at least), got {n_samples}")
    noise = check_positive(noise, "noise", allow_zero=True)
    turns = check_positive(turns, "turns")
    generator = as_rng(rng, seed)
    arms, labels = [], []
    for label, size in enumerate(_class_sizes(n_samples, n_classes)):
        radius = np.linspace(0.05, 1.0, size)
        with np.errstate(over="ignore", invalid="ignore"):
            angle = 2 * np.pi * (turns * radius + label / n_classes)
            arms.append(radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]))
        _check_generated((arms[-1],), {"turns": turns})
        labels.append(np.full(size, label, dtype=np.int64))
    X, y = _shuffled(np.vstack(arms), np.concatenate(labels), generator)
    return _add_noise(X, noise, generator), y


def make_blobs(
    n_samples: int = 100,
    *,
    centers: int | Any = 3,
    cluster_std: float | Any = 1.0,
    n_features: int = 2,
    center_box: tuple[float, float] = (-10.0, 10.0),
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one per class.

    Parameters
    ----------
    n_samples : int, default 100
        Total number of points (the first ``n_samples % n_centers`` clusters
        get one more).
    centers : int or array_like of shape (n_centers, n_features), default 3
        How many clusters (their centres drawn uniformly in ``center_box``),
        or the centres themselves.
    cluster_std : float or array_like of shape (n_centers,), default 1.0
        Standard deviation of each cluster (>= 0).
    n_features : int, default 2
        Dimension of the points when ``centers`` is a number.
    center_box : (float, float), default (-10, 10)
        Interval of the random centres.
    rng, seed
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, n_features)
    y : numpy.ndarray of shape (n_samples,), int64 labels 0 .. n_centers - 1

    Raises
    ------
    TypeError
        If a count is not an int, a parameter not a number, ``rng`` not a
        ``numpy.random.Generator`` or ``seed`` not an int.
    ValueError
        If ``cluster_std`` does not match the number of centres, is negative
        or not finite; ``centers`` is not a finite 2-D array (or an int >= 1);
        ``n_samples`` is smaller than the number of centres; or
        ``center_box`` is not finite with ``low < high`` (and a finite width);
        the data would hold more than 2**31 values; or ``cluster_std`` is so
        large that the points overflow float64.

    Examples
    --------
    >>> X, y = make_blobs(10, centers=[[0.0, 0.0], [5.0, 5.0]], cluster_std=0.0, seed=0)
    >>> X[y == 1][0]
    array([5., 5.])
    """
    generator = as_rng(rng, seed)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        n_centers = _check_count(centers, "centers", minimum=1)
        n_features = _check_count(n_features, "n_features", minimum=1, per_item=n_centers)
        low, high = _check_range(center_box, "center_box")
        center_array = generator.uniform(low, high, size=(n_centers, n_features))
    else:
        center_array = as_float_array(centers, "centers", ndim=2)
    n_centers = len(center_array)
    n_samples = _check_count(n_samples, "n_samples", minimum=1, per_item=center_array.shape[1])
    if n_samples < n_centers:
        raise ValueError(
            f"n_samples must be >= the number of centers ({n_centers}, one point per cluster at least), got {n_samples}"
        )
    std = as_float_array(cluster_std, "cluster_std", ndim=(0, 1))
    if std.ndim == 1 and len(std) != n_centers:
        raise ValueError(f"cluster_std must have one value per centre ({n_centers}), got {len(std)}")
    if np.any(std < 0):
        raise ValueError(f"cluster_std must be >= 0, got {cluster_std!r}")
    std = np.broadcast_to(std, (n_centers,))
    sizes = _class_sizes(n_samples, n_centers)
    labels = np.repeat(np.arange(n_centers, dtype=np.int64), sizes)
    with np.errstate(over="ignore", invalid="ignore"):
        X = center_array[labels] + std[labels, None] * generator.standard_normal((n_samples, center_array.shape[1]))
    _check_generated((X,), {"centers (largest |value|)": float(np.abs(center_array).max()), "cluster_std": cluster_std})
    return _shuffled(X, labels, generator)


#: How to cite the bundled digits (UCI repository, CC BY 4.0), for a figure caption or a reference list.
DIGITS_CITATION = (
    "E. Alpaydin and C. Kaynak (1998). Optical Recognition of Handwritten Digits [data set]. "
    "UCI Machine Learning Repository. https://doi.org/10.24432/C50P49. "
    "Licensed under CC BY 4.0; this copy is the one distributed with scikit-learn."
)


@lru_cache(maxsize=1)
def _read_digits() -> np.ndarray:
    resource = importlib.resources.files("mlcourse") / "datasets" / "digits.csv.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.int64)
    table.setflags(write=False)
    return table


def load_digits(*, as_images: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Load the 1797 handwritten digits (8x8 pixels, 10 classes) shipped with mlcourse.

    Each image is an 8x8 grid of integers 0..16 (the count of "on" pixels in
    a 4x4 block of a 32x32 bitmap). The file is read from the package, so
    no download is needed; see :data:`DIGITS_CITATION` for its source and
    licence.

    Parameters
    ----------
    as_images : bool, default False
        Return ``X`` as images of shape (1797, 8, 8) instead of flat rows of
        64 pixels (row by row).

    Returns
    -------
    X : numpy.ndarray of shape (1797, 64) or (1797, 8, 8), float64
        Pixel values 0..16 (divide by 16 to scale to [0, 1]).
    y : numpy.ndarray of shape (1797,), int64
        The digit 0..9.

    Raises
    ------
    TypeError
        If ``as_images`` is not a bool.

    Examples
    --------
    >>> X, y = load_digits()
    >>> X.shape, y.shape, int(X.max()), int(y[0])
    ((1797, 64), (1797,), 16, 0)
    """
    as_images = check_bool(as_images, "as_images")
    table = _read_digits()
    X = table[:, :64].astype(np.float64)
    y = table[:, 64].copy()
    return (X.reshape(-1, 8, 8) if as_images else X), y


def one_hot(labels: Any, n_classes: int | None = None, *, dtype: Any = np.float64) -> np.ndarray:
    """Encode integer class labels as one-hot rows.

    Parameters
    ----------
    labels : array_like of shape (n_samples,)
        Integer labels 0 .. n_classes - 1.
    n_classes : int, optional
        Number of classes; by default ``labels.max() + 1``.
    dtype : numpy dtype, default float64
        dtype of the result.

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_classes)
        Row ``i`` is all zeros except a one in column ``labels[i]``.

    Raises
    ------
    TypeError
        If the labels are not integers (whole-number floats are accepted),
        ``n_classes`` is not an int or ``dtype`` is not a numeric dtype.
    ValueError
        If the labels are empty, not 1-D or NaN/inf, a label is negative or
        not below ``n_classes``, ``n_classes < 1``, or the result would hold
        more than 2**31 values (``one_hot([10**12])``).

    Examples
    --------
    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    if n_classes is not None:
        n_classes = _check_count(n_classes, "n_classes", minimum=1)
    labels = as_label_array(labels, "labels", n_classes=n_classes)
    if n_classes is None:
        n_classes = int(labels.max()) + 1
    if len(labels) * n_classes > _MAX_VALUES:
        raise ValueError(
            f"labels and n_classes ask for a one-hot array of {len(labels)} x {n_classes} values, more than the "
            f"{_MAX_VALUES} this function builds (labels up to {int(labels.max())})"
        )
    try:
        dtype = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"dtype must be a numpy dtype such as np.float32, got {describe(dtype)}") from error
    if dtype.kind not in "iufb":
        raise TypeError(f"dtype must be a numeric numpy dtype such as np.float32, got {dtype}")
    encoded = np.zeros((len(labels), n_classes), dtype=dtype)
    encoded[np.arange(len(labels)), labels] = 1
    return encoded


class Standardizer:
    """Rescale each feature to mean 0 and standard deviation 1: ``(X - mean_) / scale_``.

    The statistics come from the data given to :meth:`fit`, which must be the
    training data only: computing them on the test data too would leak
    information about it into training. A feature that is constant in the
    training data (standard deviation 0, e.g. a border pixel of the digits
    that is always 0) gets ``scale_ = 1``, so it is centred but not divided by
    zero and never becomes NaN.

    Attributes
    ----------
    mean_ : numpy.ndarray of shape (n_features,)
        Per-feature mean of the training data.
    scale_ : numpy.ndarray of shape (n_features,)
        Per-feature standard deviation (population, ``ddof=0``), with 1 for
        constant features.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Raises
    ------
    TypeError
        If ``X`` is not a float array (an integer array is refused: convert
        it with ``.astype(float)``).
    ValueError
        If ``X`` is not 2-D, is empty or holds NaN/inf, or (``transform``,
        ``inverse_transform``) has another number of features than in
        ``fit`` or gives a result that overflows its dtype.
    RuntimeError
        If ``transform`` or ``inverse_transform`` is called before ``fit``.

    Examples
    --------
    >>> scaler = Standardizer().fit(np.array([[0.0, 5.0], [2.0, 5.0]]))
    >>> scaler.mean_, scaler.scale_
    (array([1., 5.]), array([1., 1.]))
    >>> scaler.transform(np.array([[4.0, 6.0]]))
    array([[3., 1.]])
    """

    def fit(self, X: Any) -> "Standardizer":
        """Compute the mean and scale of every column of ``X`` (n_samples, n_features)."""
        X = as_float_array(X, "X", ndim=2)
        with np.errstate(over="ignore", invalid="ignore"):
            mean = X.mean(axis=0, dtype=np.float64)
            scale = X.std(axis=0, dtype=np.float64)
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scale))):
            # values near the float limit: the sums overflowed; compute on X / max|X| instead
            peak = np.max(np.abs(X), axis=0).astype(np.float64)
            peak = np.where(peak > 0, peak, 1.0)
            scaled = X / peak
            mean = peak * scaled.mean(axis=0, dtype=np.float64)
            scale = peak * scaled.std(axis=0, dtype=np.float64)
        self.mean_ = mean
        self.scale_ = np.where(scale > 0, scale, 1.0)
        self.n_features_in_ = X.shape[1]
        return self

    def _check(self, X: Any) -> np.ndarray:
        if not hasattr(self, "mean_"):
            raise RuntimeError("this Standardizer is not fitted yet: call fit(X_train) first")
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must have {self.n_features_in_} features as in fit, got shape {X.shape}")
        return X

    def transform(self, X: Any) -> np.ndarray:
        """Return ``(X - mean_) / scale_``, in the dtype of ``X``."""
        X = self._check(X)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            mean, scale = self.mean_.astype(X.dtype), self.scale_.astype(X.dtype)
            result = (X - mean) / scale
            if not np.all(np.isfinite(result)):  # X - mean overflowed near the float limit
                result = X / scale - mean / scale
            if not np.all(np.isfinite(result)):  # statistics beyond float32 (overflow, or a scale rounding to 0)
                result = ((X.astype(np.float64) - self.mean_) / self.scale_).astype(X.dtype)
        return self._finite(result, X, "(X - mean_) / scale_")

    def _finite(self, result: np.ndarray, X: np.ndarray, formula: str) -> np.ndarray:
        """``result``, or ``ValueError`` when it overflowed the dtype of ``X``."""
        if not np.all(np.isfinite(result)):
            raise ValueError(
                f"X is too far from the data seen in fit: {formula} overflows {X.dtype} "
                f"(largest |X| = {float(np.abs(X).max()):.3g}, largest scale_ = {float(self.scale_.max()):.3g})"
            )
        return result

    def fit_transform(self, X: Any) -> np.ndarray:
        """Fit on ``X`` and return it transformed."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Undo :meth:`transform`: return ``X * scale_ + mean_``."""
        X = self._check(X)
        with np.errstate(over="ignore", invalid="ignore"):
            result = X * self.scale_.astype(X.dtype) + self.mean_.astype(X.dtype)
            if not np.all(np.isfinite(result)):  # statistics beyond float32: compute in float64
                result = (X.astype(np.float64) * self.scale_ + self.mean_).astype(X.dtype)
        return self._finite(result, X, "X * scale_ + mean_")

    def __repr__(self) -> str:
        fitted = f"n_features_in_={self.n_features_in_}" if hasattr(self, "mean_") else "not fitted"
        return f"Standardizer({fitted})"


def add_bias_column(X: Any) -> np.ndarray:
    """Put a constant 1 in front of every sample: ``(x_1, ..., x_d) -> (1, x_1, ..., x_d)``.

    With this column, a bias is the weight of an input that is always 1, so
    ``X @ w + b`` becomes one product ``add_bias_column(X) @ [b, w]``. The
    course puts the 1 first everywhere (the bias is weight ``w_0``).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The samples: a float32/float64 array, or nested lists of numbers
        (taken as float64).

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_features + 1)
        ``[1, X]``, in the dtype of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D or holds NaN/inf.
    TypeError
        If ``X`` does not hold numbers, or is an integer array (convert it
        with ``.astype(float)``).

    Examples
    --------
    >>> add_bias_column([[2.0, 3.0], [4.0, 5.0]])
    array([[1., 2., 3.],
           [1., 4., 5.]])
    """
    X = as_float_array(X, "X", ndim=2)
    return np.hstack([np.ones((len(X), 1), dtype=X.dtype), X])


def _as_samples(value: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{name} must be an array of samples, got {describe(value)}") from error


def _check_pair(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = _as_samples(X, "X")
    y = _as_samples(y, "y")
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays of samples, got shapes {X.shape} and {y.shape}")
    check_same_length(X, y, "X", "y")
    if len(X) == 0:
        raise ValueError("X and y must not be empty")
    return X, y


def batches(
    X: Any,
    y: Any,
    batch_size: int,
    *,
    shuffle: bool = False,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs of ``batch_size`` rows; the last may be smaller.

    One pass over the data (one epoch) of mini-batch gradient descent.
    ``batch_size=1`` is stochastic gradient descent, ``batch_size=len(X)``
    batch gradient descent. The arguments are checked when ``batches`` is
    called, not at the first batch.

    Parameters
    ----------
    X : array_like of shape (n_samples, ...)
        Features.
    y : array_like of shape (n_samples, ...)
        Targets.
    batch_size : int
        Rows per batch (>= 1).
    shuffle : bool, default False
        Visit the rows in a random order.
    rng, seed
        Source of randomness for the shuffle.

    Returns
    -------
    iterator of (numpy.ndarray, numpy.ndarray)
        ``ceil(n_samples / batch_size)`` pairs.

    Raises
    ------
    TypeError
        If ``batch_size`` is not an int or ``shuffle`` not a bool.
    ValueError
        If ``X`` and ``y`` are empty or differ in length, or
        ``batch_size < 1``.

    Examples
    --------
    >>> X = np.arange(10.0).reshape(5, 2); y = np.arange(5)
    >>> [len(yb) for _, yb in batches(X, y, 2)]
    [2, 2, 1]
    """
    X, y = _check_pair(X, y)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    shuffle = check_bool(shuffle, "shuffle")
    order = as_rng(rng, seed).permutation(len(X)) if shuffle else None
    return _iterate_batches(X, y, batch_size, order)


def _iterate_batches(
    X: np.ndarray, y: np.ndarray, batch_size: int, order: np.ndarray | None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for start in range(0, len(X), batch_size):
        if order is None:
            yield X[start : start + batch_size], y[start : start + batch_size]
        else:
            index = order[start : start + batch_size]
            yield X[index], y[index]


def add_gaussian_jitter(
    X: Any,
    y: Any,
    copies: int = 1,
    std: float = 0.05,
    *,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Augment a data set with noisy copies of every sample.

    The simplest data augmentation: each copy is ``X`` plus Gaussian noise of
    standard deviation ``std``, with the same labels. Use it on the training
    part only.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features (float32 or float64; the dtype is kept).
    y : array_like of shape (n_samples, ...)
        Targets, repeated for every copy.
    copies : int, default 1
        Number of noisy copies (>= 1).
    std : float, default 0.05
        Standard deviation of the noise (>= 0), in the units of ``X``.
    rng, seed
        Source of randomness.

    Returns
    -------
    X_augmented : numpy.ndarray of shape ((copies + 1) * n_samples, n_features)
        The original rows first, then each copy.
    y_augmented : numpy.ndarray
        ``y`` repeated ``copies + 1`` times.

    Raises
    ------
    TypeError
        If ``X`` is not a float array, ``copies`` not an int or ``std`` not a
        number.
    ValueError
        If ``X`` is not 2-D, is empty or holds NaN/inf; ``X`` and ``y``
        differ in length; ``copies < 1`` or the result would hold more than
        2**31 values; ``std`` is not a finite number >= 0; or the noisy copies
        overflow the dtype of ``X`` (``std=1e300`` for float32).

    Examples
    --------
    >>> X_aug, y_aug = add_gaussian_jitter(np.zeros((3, 2)), np.arange(3), copies=2, seed=0)
    >>> X_aug.shape, y_aug
    ((9, 2), array([0, 1, 2, 0, 1, 2, 0, 1, 2]))
    """
    X = as_float_array(X, "X", ndim=2)
    X, y = _check_pair(X, y)
    copies = _check_count(copies, "copies", minimum=1, per_item=X.size)
    std = check_positive(std, "std", allow_zero=True)
    generator = as_rng(rng, seed)
    with np.errstate(over="ignore", invalid="ignore"):
        noisy = [X + (std * generator.standard_normal(X.shape)).astype(X.dtype) for _ in range(copies)]
    for copy in noisy:
        if not np.all(np.isfinite(copy)):
            raise ValueError(
                f"std={std!r} is too large for X (dtype {X.dtype}, largest |X| = {float(np.abs(X).max()):.3g}): "
                f"the noisy copies overflow {X.dtype}"
            )
    return np.concatenate([X, *noisy]), np.concatenate([y] * (copies + 1))


def _shift_images(images: np.ndarray, down: int, right: int) -> np.ndarray:
    shifted = np.zeros_like(images)
    height, width = images.shape[1:]
    source_rows = slice(max(0, -down), height - max(0, down))
    target_rows = slice(max(0, down), height - max(0, -down))
    source_cols = slice(max(0, -right), width - max(0, right))
    target_cols = slice(max(0, right), width - max(0, -right))
    shifted[:, target_rows, target_cols] = images[:, source_rows, source_cols]
    return shifted


def shift_digits(
    X: Any,
    y: Any,
    shifts: Any = ((0, 1), (0, -1), (1, 0), (-1, 0)),
) -> tuple[np.ndarray, np.ndarray]:
    """Augment 8x8 digit images with shifted copies (zero fill at the border).

    A digit moved by one pixel is still the same digit: each shift adds a
    copy of every image, moved ``down`` rows and ``right`` columns (negative
    values move up or left); pixels shifted in from outside are 0.

    Parameters
    ----------
    X : array_like of shape (n_samples, 64)
        Flat 8x8 images, as returned by :func:`load_digits`.
    y : array_like of shape (n_samples,)
        Labels, repeated for every copy.
    shifts : sequence of (int, int), default one pixel right, left, down, up
        The ``(down, right)`` moves, each between -7 and 7.

    Returns
    -------
    X_augmented : numpy.ndarray of shape ((len(shifts) + 1) * n_samples, 64)
        The original images first, then one block per shift.
    y_augmented : numpy.ndarray
        ``y`` repeated ``len(shifts) + 1`` times.

    Raises
    ------
    TypeError
        If ``X`` is not a float array, ``shifts`` not a sequence of pairs or
        a shift not made of ints.
    ValueError
        If ``X`` does not have 64 columns, is empty or holds NaN/inf; ``X``
        and ``y`` differ in length; or a shift is not a pair of ints in
        [-7, 7].

    Examples
    --------
    >>> image = np.zeros((1, 64)); image[0, 0] = 16.0
    >>> X_aug, _ = shift_digits(image, [3], shifts=[(1, 2)])
    >>> int(np.flatnonzero(X_aug[1])[0])  # row 1, column 2
    10
    """
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 64:
        raise ValueError(f"X must hold flat 8x8 images with 64 columns, got shape {X.shape}")
    X, y = _check_pair(X, y)
    if isinstance(shifts, (str, bytes)) or not hasattr(shifts, "__iter__"):
        raise TypeError(f"shifts must be a sequence of (down, right) pairs, got {describe(shifts)}")
    moves = []
    for shift in shifts:
        try:
            shape = np.shape(shift)
        except ValueError:  # ragged nested sequences
            shape = ()
        if len(shape) != 1 or len(shift) != 2:
            raise ValueError(f"each shift in shifts must be a pair (down, right), got {shift!r}")
        moves.append(tuple(check_int(v, "each shift in shifts", minimum=-7, maximum=7) for v in shift))
    images = X.reshape(-1, 8, 8)
    shifted = [_shift_images(images, down, right).reshape(len(X), 64) for down, right in moves]
    return np.concatenate([X, *shifted]), np.concatenate([y] * (len(moves) + 1))
