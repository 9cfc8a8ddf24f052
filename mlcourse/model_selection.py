"""Estimating how well a model generalizes: hold-out, K-fold, leave-one-out.

The splitters follow scikit-learn: ``split`` yields pairs of index arrays
``(train_index, test_index)``, so the same split can index ``X``, ``y`` and
anything else aligned with them.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from ._validation import as_rng, check_bool, check_finite_number, check_int, check_positive, describe
from .data import _MAX_VALUES, _check_class_labels, _plain, train_test_split

__all__ = [
    "holdout_split",
    "KFold",
    "StratifiedKFold",
    "LeaveOneOut",
    "CVResult",
    "cross_validate",
    "grid_search_cv",
    "Distribution",
    "uniform",
    "log_uniform",
    "randint",
    "sample_parameters",
    "random_search_cv",
]


def holdout_split(
    n_samples: int,
    test_size: float | int | None = None,
    *,
    train_size: float | int | None = None,
    shuffle: bool = True,
    stratify: Any = None,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Hold-out validation: indices of a training part and a test part.

    The index version of :func:`mlcourse.data.train_test_split` (same
    arguments, same split for the same seed).

    Parameters
    ----------
    n_samples : int
        Number of samples (>= 2).
    test_size : float or int, optional
        Fraction held out, strictly between 0 and 1 (0.2 is the 8:2 split),
        or a number of samples; ``ceil(test_size * n_samples)`` samples are
        held out, as in scikit-learn. Default: 0.2 if ``train_size`` is not
        given, else the complement of ``train_size``.
    train_size : float or int, optional
        Fraction or number of training samples (``floor(train_size *
        n_samples)``); default the complement of the held-out part.
    shuffle : bool, default True
        Shuffle before splitting.
    stratify : array_like of shape (n_samples,), optional
        Class labels whose proportions both parts should keep.
    rng, seed
        Source of randomness.

    Returns
    -------
    train_index, test_index : numpy.ndarray of int

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer or a size is not a number.
    ValueError
        If ``n_samples < 2``, a size is out of range or a part would be
        empty (the refusals of :func:`mlcourse.data.train_test_split`).

    Examples
    --------
    >>> train, test = holdout_split(10, 0.3, seed=0)
    >>> len(train), len(test), sorted(np.concatenate([train, test]).tolist()) == list(range(10))
    (7, 3, True)
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2, maximum=_MAX_VALUES)
    index = np.arange(n_samples)
    train, test, _, _ = train_test_split(
        index,
        index,
        test_size=test_size,
        train_size=train_size,
        shuffle=shuffle,
        stratify=stratify,
        rng=rng,
        seed=seed,
    )
    return train, test


def _n_samples(X: Any) -> int:
    if isinstance(X, (int, np.integer)) and not isinstance(X, bool):
        return check_int(X, "X (a number of samples)", minimum=0, maximum=_MAX_VALUES)
    if isinstance(X, (str, bytes, dict)) or not hasattr(X, "__len__") or (isinstance(X, np.ndarray) and X.ndim == 0):
        raise TypeError(f"X must be an array of samples or their number, got {describe(X)}")
    return len(X)


def _check_splits(n_splits: int, n_samples: int) -> None:
    if n_splits > n_samples:
        raise ValueError(
            f"n_splits={n_splits} is larger than the number of samples n_samples={n_samples}: "
            "every fold needs at least one sample"
        )


def _folds_to_splits(fold_of: np.ndarray, n_splits: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for fold in range(n_splits):
        is_test = fold_of == fold
        yield np.flatnonzero(~is_test), np.flatnonzero(is_test)


class KFold:
    """K-fold cross-validation: each sample is in the test fold exactly once.

    Without shuffling the folds are contiguous blocks, in order; the first
    ``n_samples % n_splits`` folds have one sample more than the others, as in
    scikit-learn. Data sorted by label or time should be shuffled first,
    otherwise a test fold can hold classes the training folds never saw.

    Parameters
    ----------
    n_splits : int, default 5
        Number of folds K (>= 2).
    shuffle : bool, default False
        Shuffle the samples before cutting the folds.
    rng, seed
        Source of randomness for the shuffle. With ``seed`` every call of
        ``split`` gives the same folds; with ``rng`` each call draws anew.

    Raises
    ------
    TypeError
        If ``n_splits`` is not an integer, ``shuffle`` not a bool, or
        ``seed``/``rng`` of the wrong type.
    ValueError
        If ``n_splits < 2``; a ``seed`` or ``rng`` is given with
        ``shuffle=False`` (it would have no effect); or (in ``split``)
        ``n_splits`` exceeds the number of samples.

    Examples
    --------
    >>> [test.tolist() for _, test in KFold(3).split(np.zeros(7))]
    [[0, 1, 2], [3, 4], [5, 6]]
    """

    def __init__(
        self,
        n_splits: int = 5,
        *,
        shuffle: bool = False,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        self.n_splits = check_int(n_splits, "n_splits", minimum=2)
        self.shuffle = check_bool(shuffle, "shuffle")
        as_rng(rng, seed)  # check them now
        if not self.shuffle and (rng is not None or seed is not None):
            raise ValueError(
                f"{type(self).__name__}: a seed or rng has no effect with shuffle=False "
                "(scikit-learn refuses it too): pass shuffle=True or leave seed and rng out"
            )
        self._rng, self._seed = rng, seed

    def _generator(self) -> np.random.Generator:
        # a seed gives the same folds at every call of split (as an int random_state does in
        # scikit-learn), so that grid_search_cv compares all settings on the same folds
        return as_rng(self._rng, self._seed)

    def get_n_splits(self, X: Any = None, y: Any = None) -> int:
        """Return the number of folds."""
        return self.n_splits

    def split(self, X: Any, y: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold.

        Parameters
        ----------
        X : array_like or int
            The samples (only their number is used), or that number.
        y : array_like, optional
            Ignored; accepted so that every splitter has the same signature.

        Returns
        -------
        iterator of (numpy.ndarray, numpy.ndarray)
            Sorted index arrays.

        Raises
        ------
        TypeError
            If ``X`` is neither an array nor a number of samples.
        ValueError
            If ``n_splits`` exceeds the number of samples.
        """
        n_samples = _n_samples(X)
        _check_splits(self.n_splits, n_samples)
        sizes = np.full(self.n_splits, n_samples // self.n_splits)
        sizes[: n_samples % self.n_splits] += 1
        fold_of_position = np.repeat(np.arange(self.n_splits), sizes)
        fold_of = np.empty(n_samples, dtype=np.int64)
        order = self._generator().permutation(n_samples) if self.shuffle else np.arange(n_samples)
        fold_of[order] = fold_of_position
        return _folds_to_splits(fold_of, self.n_splits)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_splits={self.n_splits}, shuffle={self.shuffle})"


class StratifiedKFold(KFold):
    """K-fold cross-validation that keeps the class proportions in every fold.

    Within each class, the number of samples per test fold differs by at
    most one between folds, and the fold sizes differ by at most one: the
    samples, ordered by class (the classes in order of first appearance in
    ``y``), are dealt to the folds in turn, then each class's share is taken
    in order (or at random with ``shuffle=True``), as scikit-learn does:
    without shuffling the folds are scikit-learn's.

    Parameters
    ----------
    n_splits : int, default 5
        Number of folds K (>= 2).
    shuffle : bool, default False
        Shuffle the samples of each class before assigning them.
    rng, seed
        Source of randomness for the shuffle.

    Raises
    ------
    TypeError
        If ``n_splits`` is not an integer, ``shuffle`` not a bool, or
        ``seed``/``rng`` of the wrong type.
    ValueError
        If ``n_splits < 2`` or a ``seed``/``rng`` comes with
        ``shuffle=False``; in ``split``, see there.

    Warns
    -----
    UserWarning
        In ``split``, when ``n_splits`` exceeds the size of the smallest class
        (but not of every class).

    Examples
    --------
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> [y[test].tolist() for _, test in StratifiedKFold(2).split(np.zeros(6), y)]
    [[0, 0, 1], [0, 0, 1]]
    """

    def split(self, X: Any, y: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold.

        Parameters
        ----------
        X : array_like or int
            The samples (only their number is used), or that number.
        y : array_like of shape (n_samples,)
            Class labels: integers (or whole-number floats), strings or bools.

        Returns
        -------
        iterator of (numpy.ndarray, numpy.ndarray)
            Sorted index arrays.

        Raises
        ------
        TypeError
            If ``X`` is neither an array nor a number of samples, or the
            labels cannot be sorted (e.g. ``None`` among numbers).
        ValueError
            If ``y`` is missing, not 1-D, of another length than ``X``, holds
            NaN/inf or non-whole floats (a continuous target, not classes);
            or ``n_splits`` exceeds the number of samples or the size of
            every class (scikit-learn's refusals).

        Warns
        -----
        UserWarning
            When ``n_splits`` exceeds the size of the smallest class only:
            some test folds will not contain that class.
        """
        n_samples = _n_samples(X)
        if y is None:
            raise ValueError("StratifiedKFold.split needs the class labels y")
        try:
            y = np.asarray(y)
        except ValueError as error:  # ragged nested lists
            raise ValueError(f"y must be 1-D labels of length n_samples={n_samples}, got {describe(y)}") from error
        if y.ndim != 1 or len(y) != n_samples:
            raise ValueError(f"y must be 1-D labels of length n_samples={n_samples}, got shape {y.shape}")
        y = _check_class_labels(y, "y", n_samples)
        if y.dtype.kind == "f" and not np.all(y == np.round(y)):
            example = _plain(y[np.flatnonzero(y != np.round(y))[0]])
            raise ValueError(
                f"y must be class labels (integers, strings), got floats that are not whole numbers such as "
                f"{example!r}: StratifiedKFold needs classes, not a continuous target"
            )
        _check_splits(self.n_splits, n_samples)
        classes, first_seen, inverse, sorted_counts = np.unique(
            y, return_index=True, return_inverse=True, return_counts=True
        )
        inverse = inverse.reshape(-1)
        # as scikit-learn, code the classes in order of first appearance: 0 is the class of y[0]
        appearance = np.argsort(np.argsort(first_seen, kind="stable"), kind="stable")
        encoded = appearance[inverse]
        counts = np.bincount(encoded, minlength=len(classes))
        if np.all(counts < self.n_splits):
            raise ValueError(
                f"n_splits={self.n_splits} is larger than the number of members of every class "
                f"(the largest class has {counts.max()}): lower n_splits"
            )
        if counts.min() < self.n_splits:
            warnings.warn(
                f"the smallest class ({_plain(classes[np.argmin(sorted_counts)])!r}) has {counts.min()} samples, "
                f"fewer than n_splits={self.n_splits}: some test folds will not contain it",
                UserWarning,
                stacklevel=2,
            )
        dealt = np.sort(encoded)
        # allocation[f, c]: how many samples of class c (in order of appearance) go to test fold f
        allocation = np.array(
            [np.bincount(dealt[f :: self.n_splits], minlength=len(classes)) for f in range(self.n_splits)]
        )
        fold_of = np.empty(n_samples, dtype=np.int64)
        generator = self._generator() if self.shuffle else None
        for label in range(len(classes)):  # in sorted order, drawing from the generator as before
            members = np.flatnonzero(inverse == label)
            if generator is not None:
                members = generator.permutation(members)
            fold_of[members] = np.repeat(np.arange(self.n_splits), allocation[:, appearance[label]])
        return _folds_to_splits(fold_of, self.n_splits)


class LeaveOneOut:
    """Leave-one-out cross-validation (LOOCV): K-fold with K equal to the number of samples.

    Each sample is the test set once, and the model is trained on all the
    others: the most training data per fit, and ``n_samples`` fits in total,
    so it suits small data sets.

    Examples
    --------
    >>> [test.tolist() for _, test in LeaveOneOut().split(np.zeros(3))]
    [[0], [1], [2]]
    """

    def get_n_splits(self, X: Any, y: Any = None) -> int:
        """Return the number of samples (one split per sample)."""
        return _n_samples(X)

    def split(self, X: Any, y: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(all but i, [i])`` for every sample ``i``.

        Parameters
        ----------
        X : array_like or int
            The samples (only their number is used), or that number.
        y : array_like, optional
            Ignored.

        Returns
        -------
        iterator of (numpy.ndarray, numpy.ndarray)

        Raises
        ------
        ValueError
            If there are fewer than 2 samples.
        """
        n_samples = _n_samples(X)
        if n_samples < 2:
            raise ValueError(f"LeaveOneOut needs at least 2 samples, got n_samples={n_samples}")
        return _folds_to_splits(np.arange(n_samples), n_samples)

    def __repr__(self) -> str:
        return "LeaveOneOut()"


@dataclass
class CVResult:
    """Scores of a cross-validation, one per fold (the fields are attributes of the same name).

    Parameters
    ----------
    scores : numpy.ndarray
        Test score of each fold.
    train_scores : numpy.ndarray
        Score on the training folds of each split (a large gap to ``scores``
        signals overfitting).
    fit_times : numpy.ndarray
        Seconds spent in each ``fit`` (machine-dependent: do not print them
        in a notebook whose outputs are compared).
    """

    scores: np.ndarray
    train_scores: np.ndarray
    fit_times: np.ndarray = field(repr=False)

    @property
    def mean(self) -> float:
        """Mean test score: the cross-validation estimate."""
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        """Standard deviation of the test scores across folds (population, ``ddof=0``)."""
        return float(np.std(self.scores))

    @property
    def total_time(self) -> float:
        """Seconds spent fitting, over all folds."""
        return float(np.sum(self.fit_times))


def _check_cv(cv: Any) -> Any:
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        return KFold(check_int(cv, "cv (the number of folds)", minimum=2))
    if isinstance(cv, (str, bytes, type)) or not callable(getattr(cv, "split", None)):
        raise TypeError(f"cv must be a number of folds (int) or a splitter such as KFold(5), got {describe(cv)}")
    return cv


def _check_builder(build_model: Any) -> None:
    if not isinstance(build_model, type) and callable(getattr(build_model, "fit", None)):
        raise TypeError(
            "build_model must build a new model for every fold, got the model "
            f"{type(build_model).__name__} itself: pass a function such as lambda: {type(build_model).__name__}(...)"
        )
    if not callable(build_model):
        raise TypeError(
            "build_model must be a callable that returns a new, unfitted model (a class, or e.g. "
            f"lambda: MLPClassifier(seed=0)), got {describe(build_model)}"
        )


def _check_built_model(model: Any, needs_score: bool) -> Any:
    if not callable(getattr(model, "fit", None)):
        raise TypeError(f"build_model() must return a model with a fit(X, y) method, got {describe(model)}")
    if needs_score and not callable(getattr(model, "score", None)):
        raise TypeError(f"build_model() returned a {type(model).__name__} without a score(X, y) method: pass score=...")
    return model


def _check_fit_options(fit_kwargs: Any, score: Any) -> dict[str, Any]:
    if fit_kwargs is not None and not isinstance(fit_kwargs, dict):
        raise TypeError(f"fit_kwargs must be a dict of keyword arguments for fit, or None, got {describe(fit_kwargs)}")
    if fit_kwargs and not all(isinstance(key, str) for key in fit_kwargs):
        raise TypeError(f"fit_kwargs must have str keys (argument names), got {list(fit_kwargs)!r}")
    if score is not None and not callable(score):
        raise TypeError(f"score must be a callable score(model, X, y) -> float, or None, got {describe(score)}")
    return dict(fit_kwargs or {})


def _as_score(value: Any) -> float:
    number = value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value
    if isinstance(number, (bool, np.bool_)) or not isinstance(number, (int, float, np.integer, np.floating)):
        raise TypeError(f"a score must be a number, got {describe(value)} from the score function")
    try:
        score = float(number)
    except OverflowError:  # a Python int beyond the floats
        score = math.inf
    if math.isnan(score):
        raise ValueError(
            "a score must be a number, got NaN from the score function: the fold's model may have diverged, "
            "and a NaN would make the mean NaN and max() pick at random"
        )
    if math.isinf(score):
        raise ValueError(
            f"a score must be a finite number, got {describe(value)} from the score function: the fold's model "
            "may have diverged, and an infinite score would make the mean infinite"
        )
    return score


def _as_data(value: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{name} must be an array of samples, got {describe(value)}") from error


def cross_validate(
    build_model: Callable[[], Any],
    X: Any,
    y: Any,
    cv: Any = 5,
    *,
    fit_kwargs: dict[str, Any] | None = None,
    score: Callable[[Any, np.ndarray, np.ndarray], float] | None = None,
) -> CVResult:
    """Fit a fresh model on each training part and score it on the held-out fold.

    Parameters
    ----------
    build_model : callable
        ``build_model()`` returns a new, unfitted estimator with ``fit(X, y)``
        (and ``score(X, y)`` unless ``score`` is given). A fresh model per
        fold matters: refitting one model would start from the weights the
        previous fold learned.
    X : array_like of shape (n_samples, ...)
        Features.
    y : array_like of shape (n_samples, ...)
        Targets.
    cv : int or splitter, default 5
        Number of folds for an unshuffled :class:`KFold`, or a splitter such
        as ``KFold(5, shuffle=True, seed=0)``, :class:`StratifiedKFold` or
        :class:`LeaveOneOut`.
    fit_kwargs : dict, optional
        Extra keyword arguments for ``fit``.
    score : callable, optional
        ``score(model, X, y) -> float``; by default ``model.score(X, y)``.

    Returns
    -------
    CVResult

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, ``cv`` is a number below 2, or
        the folds do not fit the data.
    TypeError
        If ``build_model`` is not callable (or is a model instead of a
        builder), returns something without ``fit`` (or without ``score``
        when ``score`` is not given); ``cv`` is neither an int nor a
        splitter; ``fit_kwargs`` is not a dict; ``score`` is not callable or
        returns something else than a number (a NaN or infinite score is a
        ``ValueError``). All of these except the last are found before any
        training.

    Examples
    --------
    >>> from mlcourse.models import LinearRegression
    >>> X = np.arange(10.0).reshape(10, 1); y = 2.0 * X[:, 0] + 3.0
    >>> result = cross_validate(lambda: LinearRegression("normal_equation"), X, y, cv=5)
    >>> len(result.scores), round(result.mean, 6)
    (5, 1.0)
    """
    _check_builder(build_model)
    X = _as_data(X, "X")
    y = _as_data(y, "y")
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got shapes {X.shape} and {y.shape}")
    splitter = _check_cv(cv)
    fit_kwargs = _check_fit_options(fit_kwargs, score)
    scorer = score if score is not None else (lambda model, X_part, y_part: model.score(X_part, y_part))
    scores, train_scores, fit_times = [], [], []
    for train_index, test_index in splitter.split(X, y):
        model = _check_built_model(build_model(), needs_score=score is None)
        started = time.perf_counter()
        model.fit(X[train_index], y[train_index], **fit_kwargs)
        fit_times.append(time.perf_counter() - started)
        scores.append(_as_score(scorer(model, X[test_index], y[test_index])))
        train_scores.append(_as_score(scorer(model, X[train_index], y[train_index])))
    return CVResult(np.array(scores), np.array(train_scores), np.array(fit_times))


def _build_with(build_model: Callable[..., Any], params: dict[str, Any], source: str = "param_grid") -> Any:
    try:
        return build_model(**params)
    except TypeError as error:
        raise TypeError(f"build_model(**{params!r}) with the values of {source} failed: {error}") from error


def grid_search_cv(
    build_model: Callable[..., Any],
    param_grid: dict[str, Any],
    X: Any,
    y: Any,
    cv: Any = 5,
    *,
    fit_kwargs: dict[str, Any] | None = None,
    score: Callable[[Any, np.ndarray, np.ndarray], float] | None = None,
) -> list[tuple[dict[str, Any], CVResult]]:
    """Cross-validate every combination of hyper-parameters.

    Parameters
    ----------
    build_model : callable
        ``build_model(**params)`` returns a new estimator, e.g.
        ``lambda **p: MLPClassifier(epochs=50, seed=0, **p)``.
    param_grid : dict of str to list
        Values to try per parameter, e.g.
        ``{"learning_rate": [0.01, 0.1], "hidden_layer_sizes": [(16,), (64,)]}``.
    X, y : array_like
        The data (use the training part; keep the test part for the end).
    cv : int or splitter, default 5
        As in :func:`cross_validate`. Pass a splitter (not a number) with a
        seed to use the same folds for every combination.
    fit_kwargs, score
        As in :func:`cross_validate`.

    Returns
    -------
    list of (dict, CVResult)
        One entry per combination, in the order of the grid (the first
        parameter changes slowest). The best is
        ``max(results, key=lambda r: r[1].mean)``.

    Raises
    ------
    ValueError
        If ``param_grid`` is empty or a parameter has no values; and as
        :func:`cross_validate`.
    TypeError
        If ``build_model`` is not callable, ``param_grid`` is not a dict with
        str keys, or a parameter's values are not a list; and as
        :func:`cross_validate`. Everything is checked before any training.

    Examples
    --------
    >>> from mlcourse.models import LinearRegression
    >>> X = np.arange(10.0).reshape(10, 1); y = 2.0 * X[:, 0] + 3.0
    >>> results = grid_search_cv(lambda **p: LinearRegression(**p), {"method": ["normal_equation"]}, X, y)
    >>> results[0][0]
    {'method': 'normal_equation'}
    """
    _check_builder(build_model)
    if not isinstance(param_grid, dict):
        raise TypeError(f"param_grid must be a dict of parameter name -> list of values, got {describe(param_grid)}")
    if not param_grid:
        raise ValueError(f"param_grid must be a non-empty dict of parameter -> list of values, got {param_grid!r}")
    names = list(param_grid)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"param_grid keys must be parameter names (str), got {describe(name)}")
        values = param_grid[name]
        if (
            isinstance(values, (str, bytes, dict))
            or not hasattr(values, "__len__")
            or (isinstance(values, np.ndarray) and values.ndim == 0)
        ):
            raise TypeError(f"param_grid[{name!r}] must be a list of values, got {describe(values)}")
        if len(values) == 0:
            raise ValueError(f"param_grid[{name!r}] must be a non-empty list of values, got {values!r}")
    _check_cv(cv)
    _check_fit_options(fit_kwargs, score)
    results = []
    for combination in itertools.product(*(param_grid[name] for name in names)):
        params = dict(zip(names, combination))
        result = cross_validate(
            functools.partial(_build_with, build_model, params), X, y, cv, fit_kwargs=fit_kwargs, score=score
        )
        results.append((params, result))
    return results


# ------------------------------------------------------------------ random search

_KINDS = ("uniform", "log_uniform", "randint")
_INT64 = (-(2**63), 2**63 - 1)


def _check_order(low: float | int, high: float | int) -> None:
    if not high > low:
        raise ValueError(f"high must be > low, got low={low!r} and high={high!r}")


def _uniform_bounds(low: Any, high: Any) -> tuple[float, float]:
    low, high = check_finite_number(low, "low"), check_finite_number(high, "high")
    _check_order(low, high)
    if not math.isfinite(high - low):
        raise ValueError(
            f"high - low must be a finite number, got low={low!r} and high={high!r}, whose difference overflows float64"
        )
    return low, high


def _log_uniform_bounds(low: Any, high: Any) -> tuple[float, float]:
    low, high = check_positive(low, "low"), check_positive(high, "high")
    _check_order(low, high)
    return low, high


def _randint_bounds(low: Any, high: Any) -> tuple[int, int]:
    low, high = check_int(low, "low", minimum=_INT64[0]), check_int(high, "high", maximum=_INT64[1])
    _check_order(low, high)
    return low, high


_BOUNDS = {"uniform": _uniform_bounds, "log_uniform": _log_uniform_bounds, "randint": _randint_bounds}


@dataclass(frozen=True, repr=False)
class Distribution:
    """A law to draw a hyper-parameter from, for :func:`sample_parameters` and :func:`random_search_cv`.

    Built by :func:`uniform`, :func:`log_uniform` and :func:`randint`; the
    three laws are those of ``scipy.stats.uniform(low, high - low)``,
    ``scipy.stats.loguniform(low, high)`` and ``scipy.stats.randint(low,
    high)`` (and ``sample`` draws the same numbers as their ``rvs`` from the
    same generator).

    Parameters
    ----------
    kind : str
        ``"uniform"``, ``"log_uniform"`` or ``"randint"``.
    low, high : float or int
        The bounds: ``low < high``, both finite; ``low > 0`` for
        ``"log_uniform"``; integers for ``"randint"`` (``high`` excluded).

    Raises
    ------
    TypeError
        If ``kind`` is not a str, or a bound is not a number (not an integer
        for ``"randint"``).
    ValueError
        If ``kind`` is unknown, a bound is NaN/inf, ``high <= low``, ``low <=
        0`` for ``"log_uniform"``, or ``high - low`` overflows for
        ``"uniform"``.

    Examples
    --------
    >>> Distribution("log_uniform", 1e-4, 1.0)
    log_uniform(0.0001, 1.0)
    """

    kind: str
    low: float | int
    high: float | int

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            raise TypeError(f"kind must be a str, one of {list(_KINDS)}; got {describe(self.kind)}")
        if self.kind not in _KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; choose one of {list(_KINDS)} as kind")
        low, high = _BOUNDS[self.kind](self.low, self.high)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    def __repr__(self) -> str:
        return f"{self.kind}({self.low!r}, {self.high!r})"

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | int | np.ndarray:
        """Draw ``size`` values (one number when ``size`` is None).

        Parameters
        ----------
        rng : numpy.random.Generator
            The source of randomness, e.g. ``np.random.default_rng(0)``.
        size : int, optional
            Number of draws (>= 0).

        Returns
        -------
        float or int or numpy.ndarray
            A Python float (an int for ``"randint"``) when ``size`` is None,
            else an array of shape ``(size,)``; every value lies in
            ``[low, high]`` (``[low, high)`` for ``"randint"``).

        Raises
        ------
        TypeError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` not an
            integer.
        ValueError
            If ``size < 0``.

        Examples
        --------
        >>> draws = log_uniform(1e-4, 1.0).sample(np.random.default_rng(0), size=4000)
        >>> np.histogram(draws, bins=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])[0]  # as many per decade
        array([1014, 1017,  969, 1000])
        """
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {describe(rng)}")
        count = None if size is None else check_int(size, "size", minimum=0, maximum=_MAX_VALUES)
        if self.kind == "randint":
            draws = rng.integers(self.low, self.high, size=count)
            return int(draws) if count is None else draws
        if self.kind == "uniform":
            draws = rng.uniform(self.low, self.high, size=count)
        else:
            log_low, log_high = np.log(self.low), np.log(self.high)
            # scipy's inverse CDF, then clipped: exp(log(high)) may round just past high
            draws = np.clip(np.exp(log_low + rng.random(count) * (log_high - log_low)), self.low, self.high)
        return float(draws) if count is None else draws


def uniform(low: float, high: float) -> Distribution:
    """The uniform law on ``[low, high)``: every value equally likely.

    Suits a parameter whose plausible values span less than a factor of ten
    or so (a dropout rate between 0.1 and 0.5).

    Parameters
    ----------
    low, high : float
        The bounds (finite, ``low < high``).

    Returns
    -------
    Distribution

    Raises
    ------
    TypeError
        If a bound is not a real number.
    ValueError
        If a bound is NaN/inf, ``high <= low`` or ``high - low`` overflows.

    Examples
    --------
    >>> uniform(0.1, 0.5).sample(np.random.default_rng(0), 3).round(3)
    array([0.355, 0.208, 0.116])
    """
    return Distribution("uniform", low, high)


def log_uniform(low: float, high: float) -> Distribution:
    """The log-uniform law on ``[low, high]``: ``exp(U(log low, log high))``.

    Every factor of ten between the bounds is equally likely (as much
    probability between 1e-4 and 1e-3 as between 1e-2 and 1e-1), the right
    prior for a learning rate or a weight decay whose order of magnitude is
    unknown; the law of ``scipy.stats.loguniform`` and scikit-learn's
    examples. A uniform law on ``[1e-4, 1e-1]`` would put 90 % of its draws
    above 1e-2.

    Parameters
    ----------
    low, high : float
        The bounds (finite, ``0 < low < high``).

    Returns
    -------
    Distribution

    Raises
    ------
    TypeError
        If a bound is not a real number.
    ValueError
        If a bound is NaN/inf or not > 0, or ``high <= low``.

    Examples
    --------
    >>> log_uniform(1e-4, 1e-1).sample(np.random.default_rng(0), 3).round(5)
    array([0.00814, 0.00064, 0.00013])
    """
    return Distribution("log_uniform", low, high)


def randint(low: int, high: int) -> Distribution:
    """The uniform law on the integers ``low, low + 1, ..., high - 1`` (``high`` excluded, as in numpy and scipy).

    Parameters
    ----------
    low, high : int
        The bounds (``low < high``, within int64).

    Returns
    -------
    Distribution

    Raises
    ------
    TypeError
        If a bound is not an integer.
    ValueError
        If ``high <= low`` or a bound lies outside int64.

    Examples
    --------
    >>> randint(1, 4).sample(np.random.default_rng(0), 6)
    array([3, 2, 2, 1, 1, 1])
    """
    return Distribution("randint", low, high)


def _is_choice(law: Any) -> bool:
    return not isinstance(law, Distribution) and not callable(getattr(law, "rvs", None))


def _check_law(name: str, law: Any) -> None:
    if any(law is factory for factory in (uniform, log_uniform, randint)):
        raise TypeError(
            f"distributions[{name!r}] is the function {law.__name__} itself: call it, {law.__name__}(low, high)"
        )
    if not _is_choice(law):
        return
    if (
        isinstance(law, (str, bytes, dict, type))
        or not (hasattr(law, "__len__") and hasattr(law, "__getitem__"))
        or (isinstance(law, np.ndarray) and law.ndim == 0)
    ):
        raise TypeError(
            f"distributions[{name!r}] must be a distribution (uniform, log_uniform, randint, or an object with "
            f"rvs(random_state=...) such as a scipy.stats law) or a list of values, got {describe(law)}"
        )
    if len(law) == 0:
        raise ValueError(f"distributions[{name!r}] must be a non-empty list of values, got {law!r}")


def _check_distributions(distributions: Any) -> dict[str, Any]:
    if not isinstance(distributions, dict):
        raise TypeError(
            f"distributions must be a dict of parameter name -> distribution or list of values, got {describe(distributions)}"
        )
    if not distributions:
        raise ValueError(f"distributions must be a non-empty dict of parameter -> distribution, got {distributions!r}")
    for name, law in distributions.items():
        if not isinstance(name, str):
            raise TypeError(f"distributions keys must be parameter names (str), got {describe(name)}")
        _check_law(name, law)
    return dict(distributions)


def _rvs(name: str, law: Any, rng: np.random.Generator) -> Any:
    try:
        return law.rvs(random_state=rng)
    except (TypeError, ValueError) as error:
        raise TypeError(f"distributions[{name!r}].rvs(random_state=rng) failed: {error}") from error


def _draw(laws: dict[str, Any], rng: np.random.Generator) -> tuple[dict[str, Any], tuple[int, ...]]:
    """One setting, and the indices picked in the lists (to recognise a repeated grid point)."""
    params, picks = {}, []
    for name, law in laws.items():
        if isinstance(law, Distribution):
            params[name] = law.sample(rng)
        elif not _is_choice(law):
            params[name] = _rvs(name, law, rng)
        else:
            index = int(rng.integers(len(law)))
            params[name] = law[index]
            picks.append(index)
    return params, tuple(picks)


def _sample_grid(laws: dict[str, Any], n_iter: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    total = math.prod(len(values) for values in laws.values())
    if n_iter > total:
        warnings.warn(
            f"n_iter={n_iter} exceeds the {total} combinations of the lists in distributions: each is sampled once "
            "(grid_search_cv tries them all, in order)",
            UserWarning,
            stacklevel=3,
        )
        n_iter = total
    samples, seen = [], set()
    while len(samples) < n_iter:  # without replacement, as scikit-learn's ParameterSampler on lists only
        params, picks = _draw(laws, rng)
        if picks not in seen:
            seen.add(picks)
            samples.append(params)
    return samples


def sample_parameters(
    distributions: dict[str, Any],
    n_iter: int,
    *,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> list[dict[str, Any]]:
    """Draw ``n_iter`` settings of hyper-parameters at random (scikit-learn's ``ParameterSampler``).

    For each setting, every parameter is drawn in the order of the dict: a
    :class:`Distribution` (or an object with ``rvs(random_state=...)``, such
    as a ``scipy.stats`` law) is sampled, a list gives one of its values,
    each equally likely. When every parameter is a list, the settings are
    drawn without replacement: no grid point twice.

    Parameters
    ----------
    distributions : dict of str to Distribution or list
        E.g. ``{"learning_rate": log_uniform(1e-4, 1e-1), "hidden_layer_sizes": [(16,), (64,)]}``.
    n_iter : int
        Number of settings (>= 1).
    rng, seed
        Source of randomness: the same seed gives the same settings.

    Returns
    -------
    list of dict
        ``n_iter`` settings (fewer when the lists have fewer combinations).

    Raises
    ------
    TypeError
        If ``distributions`` is not a dict with str keys whose values are
        distributions or lists (a str is not a list of values);
        ``n_iter`` is not an integer; ``seed``/``rng`` of the wrong type;
        or an ``rvs`` fails.
    ValueError
        If ``distributions`` is empty, a list is empty, ``n_iter < 1`` or
        both ``rng`` and ``seed`` are given.

    Warns
    -----
    UserWarning
        When every parameter is a list and ``n_iter`` exceeds the number of
        their combinations (each is then returned once, in random order).

    Examples
    --------
    >>> settings = sample_parameters({"lr": log_uniform(1e-3, 1.0), "width": [16, 64]}, 2, seed=0)
    >>> [(round(s["lr"], 4), s["width"]) for s in settings]
    [(0.0814, 64), (0.0013, 16)]
    """
    laws = _check_distributions(distributions)
    n_iter = check_int(n_iter, "n_iter", minimum=1)
    generator = as_rng(rng, seed)
    if all(_is_choice(law) for law in laws.values()):
        return _sample_grid(laws, n_iter, generator)
    return [_draw(laws, generator)[0] for _ in range(n_iter)]


def random_search_cv(
    build_model: Callable[..., Any],
    distributions: dict[str, Any],
    X: Any,
    y: Any,
    cv: Any = 5,
    *,
    n_iter: int = 10,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    fit_kwargs: dict[str, Any] | None = None,
    score: Callable[[Any, np.ndarray, np.ndarray], float] | None = None,
) -> list[tuple[dict[str, Any], CVResult]]:
    """Cross-validate ``n_iter`` settings drawn at random (scikit-learn's ``RandomizedSearchCV``).

    With the same budget as a grid, a random search tries ``n_iter``
    different values of every parameter instead of a few: when only some
    parameters matter, it explores them much better (Bergstra and Bengio
    2012). Draw scale parameters such as a learning rate with
    :func:`log_uniform`.

    Parameters
    ----------
    build_model : callable
        ``build_model(**params)`` returns a new estimator, as in
        :func:`grid_search_cv`.
    distributions : dict of str to Distribution or list
        As in :func:`sample_parameters`.
    X, y : array_like
        The data (use the training part; keep the test part for the end).
    cv : int or splitter, default 5
        As in :func:`cross_validate`. Pass a splitter with a seed to use the
        same folds for every setting.
    n_iter : int, default 10
        Number of settings to try (>= 1).
    rng, seed
        Source of randomness of the settings (not of the folds).
    fit_kwargs, score
        As in :func:`cross_validate`.

    Returns
    -------
    list of (dict, CVResult)
        One entry per setting, in the order drawn (that of
        :func:`sample_parameters` with the same arguments). The best is
        ``max(results, key=lambda r: r[1].mean)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`sample_parameters` for ``distributions``, ``n_iter``,
        ``rng`` and ``seed``; as :func:`cross_validate` for the rest.
        Everything is checked before any training.

    Warns
    -----
    UserWarning
        As :func:`sample_parameters`.

    Examples
    --------
    >>> from mlcourse.models import LinearRegression
    >>> X = np.arange(10.0).reshape(10, 1); y = 2.0 * X[:, 0] + 3.0
    >>> build = lambda **p: LinearRegression("gradient_descent", epochs=50, **p)
    >>> results = random_search_cv(build, {"learning_rate": log_uniform(1e-4, 1e-2)}, X, y, cv=2, n_iter=3, seed=0)
    >>> [round(params["learning_rate"], 5) for params, _ in results]
    [0.00188, 0.00035, 0.00012]
    """
    _check_builder(build_model)
    candidates = sample_parameters(distributions, n_iter, rng=rng, seed=seed)
    _check_cv(cv)
    _check_fit_options(fit_kwargs, score)
    results = []
    for params in candidates:
        build = functools.partial(_build_with, build_model, params, "distributions")
        results.append((params, cross_validate(build, X, y, cv, fit_kwargs=fit_kwargs, score=score)))
    return results
