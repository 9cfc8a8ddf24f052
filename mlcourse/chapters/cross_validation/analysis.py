"""Chapter 12's data and experiments: the two data sets, the small classifier, its
cross-validation by K folds, and a polynomial regression whose degree is chosen by
cross-validation.

Two data sets serve the chapter. :func:`classification_data` is 60 points of
three classes stored sorted by label, as data files often are: unshuffled
folds then leave whole classes out of training. :func:`regression_data` is 30
noisy points of a sine with a large fresh test set, on which
:class:`PolynomialRegression` of each degree is cross-validated.

A straight line fitted to the columns ``x, x**2, ..., x**degree`` is a
polynomial of that degree in ``x``: the model stays linear in its parameters,
so the normal equation still finds the exact least-squares fit. The degree
is a *hyper-parameter* (chosen before fitting, not learned by it): a low
degree underfits, a high one fits the noise.

Examples
--------
>>> import numpy as np
>>> polynomial_features(np.array([[2.0], [3.0]]), 3)
array([[ 2.,  4.,  8.],
       [ 3.,  9., 27.]])
>>> splits, result = cross_validate_classifier(3, "KFold, not shuffled")
>>> result.scores.tolist()  # every held-out fold is a class its training part never saw
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np

from mlcourse._validation import as_float_array, check_int, check_same_length
from mlcourse.data import Standardizer, add_bias_column, make_blobs, make_noisy_sine
from mlcourse.model_selection import (
    CVResult,
    KFold,
    LeaveOneOut,
    StratifiedKFold,
    cross_validate,
    log_uniform,
)
from mlcourse.models import LinearRegression, MLPClassifier

__all__ = [
    "N_SAMPLES",
    "SPLITTERS",
    "classification_data",
    "imbalanced_data",
    "regression_data",
    "build_classifier",
    "make_splitter",
    "cross_validate_classifier",
    "training_parts_missing_a_class",
    "polynomial_features",
    "PolynomialRegression",
    "cv_estimates",
    "AcrossDatasets",
    "cv_across_datasets",
    "SEARCH_SPACE",
    "TOY_BEST",
    "build_search_classifier",
    "toy_score",
    "grid_points",
    "random_points",
    "search_regrets",
]

#: Points in :func:`classification_data` (three classes of 20).
N_SAMPLES = 60
#: The ways of cutting folds that the chapter compares.
SPLITTERS = ("KFold, shuffled", "KFold, not shuffled", "StratifiedKFold")


@lru_cache(maxsize=1)
def classification_data() -> tuple[np.ndarray, np.ndarray]:
    """Three overlapping Gaussian classes of 20 points each, stored SORTED BY LABEL (as files often are).

    Returns
    -------
    X : numpy.ndarray of shape (60, 2)
        The points.
    y : numpy.ndarray of shape (60,)
        Labels 0, 1, 2 in blocks: twenty 0s, then twenty 1s, then twenty 2s.
        Cached: treat both arrays as read-only.

    Examples
    --------
    >>> X, y = classification_data()
    >>> X.shape, np.bincount(y).tolist(), bool(np.all(np.diff(y) >= 0))
    ((60, 2), [20, 20, 20], True)
    """
    X, y = make_blobs(N_SAMPLES, centers=[[0.0, 0.0], [3.0, 0.0], [1.5, 2.6]], cluster_std=0.9, seed=3)
    order = np.argsort(y, kind="stable")
    return X[order], y[order]


@lru_cache(maxsize=1)
def imbalanced_data(class_sizes: tuple[int, ...] = (40, 15, 5)) -> tuple[np.ndarray, np.ndarray]:
    """Three overlapping Gaussian classes of unequal sizes, for stratification: 40, 15 and 5 points by default.

    The first ``class_sizes[c]`` points of class ``c`` of a 150-point draw of
    :func:`~mlcourse.data.make_blobs` (the centres of
    :func:`classification_data`, seed 4), in the draw's order.

    Parameters
    ----------
    class_sizes : tuple of three int, default (40, 15, 5)
        Points kept of classes 0, 1 and 2 (each at most 50).

    Returns
    -------
    X : numpy.ndarray of shape (sum(class_sizes), 2)
    y : numpy.ndarray of shape (sum(class_sizes),)
        Cached: treat both arrays as read-only.

    Raises
    ------
    ValueError
        If ``class_sizes`` is not three sizes from 1 to 50.

    Examples
    --------
    >>> X, y = imbalanced_data()
    >>> X.shape, np.bincount(y).tolist()
    ((60, 2), [40, 15, 5])
    """
    if len(class_sizes) != 3 or not all(isinstance(m, int) and 1 <= m <= 50 for m in class_sizes):
        raise ValueError(f"class_sizes must be three sizes from 1 to 50, got {class_sizes!r}")
    X, y = make_blobs(150, centers=[[0.0, 0.0], [3.0, 0.0], [1.5, 2.6]], cluster_std=0.9, seed=4)
    keep = np.sort(np.concatenate([np.flatnonzero(y == c)[:m] for c, m in enumerate(class_sizes)]))
    return X[keep], y[keep]


@lru_cache(maxsize=1)
def regression_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's regression task: 30 noisy points of a sine to learn from, 2000 fresh ones to test on.

    Returns ``X, y, X_test, y_test``: ``y = sin(x) + noise`` (standard deviation
    0.3) with ``x`` uniform on ``[0, 2 pi]``. The test points come from the same
    source with another seed: synthetic data can afford a test set large enough
    to measure the true generalization error closely. Cached: treat the arrays
    as read-only.

    Examples
    --------
    >>> X, y, X_test, y_test = regression_data()
    >>> X.shape, y.shape, X_test.shape
    ((30, 1), (30,), (2000, 1))
    """
    X, y = make_noisy_sine(30, noise=0.3, seed=2)
    X_test, y_test = make_noisy_sine(2000, noise=0.3, seed=100)
    return X, y, X_test, y_test


def build_classifier() -> MLPClassifier:
    """The chapter's small classifier, unfitted: 8 tanh hidden units, full-batch Adam (lr 0.1), 50 epochs, seeded.

    Examples
    --------
    >>> build_classifier()
    MLPClassifier(hidden_layer_sizes=(8,), activation='tanh', optimizer='adam', learning_rate=0.1, epochs=50,
                  batch_size=None)
    """
    return MLPClassifier((8,), activation="tanh", learning_rate=0.1, epochs=50, batch_size=None, seed=0)


def make_splitter(k: int, splitter: str = "KFold, shuffled") -> KFold | StratifiedKFold | LeaveOneOut:
    """The splitter of :data:`SPLITTERS` named ``splitter`` with ``k`` folds (shuffles seeded with 0).

    ``k`` equal to :data:`N_SAMPLES` means leave-one-out, whose folds do not
    depend on the order of the data, so every name gives ``LeaveOneOut()``.

    Raises
    ------
    ValueError
        If ``splitter`` is not one of :data:`SPLITTERS` or ``k`` is below 2.
    TypeError
        If ``k`` is not an integer.

    Examples
    --------
    >>> make_splitter(5), make_splitter(5, "StratifiedKFold"), make_splitter(N_SAMPLES)
    (KFold(n_splits=5, shuffle=True), StratifiedKFold(n_splits=5, shuffle=True), LeaveOneOut())
    """
    k = check_int(k, "k", minimum=2)
    if splitter not in SPLITTERS:
        raise ValueError(f"unknown splitter {splitter!r}; expected one of {list(SPLITTERS)}")
    if k == N_SAMPLES:
        return LeaveOneOut()
    if splitter == "KFold, shuffled":
        return KFold(k, shuffle=True, seed=0)
    if splitter == "KFold, not shuffled":
        return KFold(k)
    return StratifiedKFold(k, shuffle=True, seed=0)


def cross_validate_classifier(k: int, splitter: str = "KFold, shuffled") -> tuple[tuple, CVResult]:
    """Cross-validate :func:`build_classifier` on :func:`classification_data` with ``make_splitter(k, splitter)``.

    Returns
    -------
    splits : tuple of (train_index, test_index)
        The folds, in order.
    result : CVResult
        Accuracy on each held-out fold (``scores``) and on each training part.
        Cached: treat both as read-only.

    Examples
    --------
    >>> splits, result = cross_validate_classifier(5, "StratifiedKFold")
    >>> len(splits), len(result.scores)
    (5, 5)
    """
    make_splitter(k, splitter)  # checks the arguments
    if k == N_SAMPLES:
        splitter = SPLITTERS[0]  # leave-one-out does not depend on the order: compute it once
    return _cross_validate_cached(k, splitter)


@lru_cache(maxsize=None)
def _cross_validate_cached(k: int, splitter: str) -> tuple[tuple, CVResult]:
    cv = make_splitter(k, splitter)
    X, y = classification_data()
    with warnings.catch_warnings():
        # StratifiedKFold warns when K exceeds a class size (never here: K <= 20 = the class size)
        warnings.simplefilter("ignore", UserWarning)
        splits = tuple(cv.split(X, y))
        result = cross_validate(build_classifier, X, y, cv)
    return splits, result


def training_parts_missing_a_class(splits: Sequence[tuple[np.ndarray, np.ndarray]], y: Any) -> int:
    """How many training parts of ``splits`` lack at least one of the classes present in ``y``.

    A classifier never predicts a class it was not trained on, so every
    held-out sample of a missing class is a sure error.

    Examples
    --------
    >>> _, y = classification_data()
    >>> training_parts_missing_a_class(KFold(3).split(y), y)  # unshuffled: each test block is one class
    3
    >>> training_parts_missing_a_class(KFold(3, shuffle=True, seed=0).split(y), y)
    0
    """
    y = np.asarray(y)
    classes = np.unique(y)
    return int(sum(len(np.setdiff1d(classes, y[train])) > 0 for train, _ in splits))


def polynomial_features(X: Any, degree: int, *, include_bias: bool = False) -> np.ndarray:
    """Powers ``x, x**2, ..., x**degree`` of every column of ``X``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Inputs.
    degree : int
        Highest power (>= 1).
    include_bias : bool, default False
        Put a column of ones (the power 0) first. Leave it off when the model
        has its own intercept, as :class:`~mlcourse.models.LinearRegression` has.

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_features * degree (+ 1))
        For each column ``j`` of ``X`` in turn, its powers 1 to ``degree``
        (no products of different columns), in the dtype of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D or ``degree`` is below 1.
    TypeError
        If ``degree`` is not an integer or ``X`` is not numeric.

    Examples
    --------
    >>> polynomial_features(np.array([[1.0, 2.0]]), 2, include_bias=True)
    array([[1., 1., 1., 2., 4.]])
    """
    X = as_float_array(X, "X", ndim=2)
    degree = check_int(degree, "degree", minimum=1)
    powers = np.arange(1, degree + 1).astype(X.dtype)
    columns = (X[:, :, None] ** powers).reshape(len(X), -1)
    return add_bias_column(columns) if include_bias else columns


class PolynomialRegression:
    """Least-squares polynomial ``y_hat = b + w_1 z + w_2 z**2 + ... + w_d z**d``.

    ``z`` is the input standardized with the training data's mean and
    standard deviation (:class:`~mlcourse.data.Standardizer`), which keeps
    the powers of moderate size: with raw inputs such as ``x = 6``, ``x**10``
    is 60 million and the normal equation becomes numerically fragile.
    The fit itself is :class:`~mlcourse.models.LinearRegression` with
    ``method="normal_equation"`` on :func:`polynomial_features`.

    Parameters
    ----------
    degree : int
        Degree of the polynomial (>= 1), the model's hyper-parameter.
    standardize : bool, default True
        Standardize the input before taking powers.

    Attributes
    ----------
    linear_ : LinearRegression
        The fitted linear model on the powers.
    scaler_ : Standardizer or None
        The input standardization learned in ``fit``.

    Raises
    ------
    ValueError
        If ``degree`` is below 1 (in ``fit``: if there are fewer samples than
        coefficients, the normal equation has no unique solution).

    Examples
    --------
    >>> x = np.linspace(-1, 1, 9).reshape(-1, 1)
    >>> model = PolynomialRegression(2).fit(x, 3 * x[:, 0] ** 2 - 1)
    >>> float(round(model.mse(x, 3 * x[:, 0] ** 2 - 1), 12))
    0.0
    >>> model.predict(np.array([[0.5]])).round(6)
    array([-0.25])
    """

    def __init__(self, degree: int, *, standardize: bool = True) -> None:
        self.degree = check_int(degree, "degree", minimum=1)
        self.standardize = bool(standardize)

    def _features(self, X: np.ndarray) -> np.ndarray:
        z = self.scaler_.transform(X) if self.scaler_ is not None else X
        return polynomial_features(z, self.degree)

    def fit(self, X: Any, y: Any) -> "PolynomialRegression":
        """Fit to inputs ``X`` (n_samples, n_features) and targets ``y`` (n_samples,); returns ``self``."""
        X = as_float_array(X, "X", ndim=2)
        y = as_float_array(y, "y", ndim=1)
        check_same_length(X, y, "X", "y")
        self.scaler_ = Standardizer().fit(X) if self.standardize else None
        self.linear_ = LinearRegression(method="normal_equation").fit(self._features(X), y)
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Return the polynomial's values at the rows of ``X``."""
        if not hasattr(self, "linear_"):
            raise RuntimeError("this PolynomialRegression is not fitted yet: call fit(X, y) first")
        X = as_float_array(X, "X", ndim=2)
        return self.linear_.predict(self._features(X))

    def mse(self, X: Any, y: Any) -> float:
        """Mean squared error on ``(X, y)``; defined for a single sample too (leave-one-out)."""
        y = as_float_array(y, "y", ndim=1)
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        return float(np.mean((prediction - y) ** 2))

    def score(self, X: Any, y: Any) -> float:
        """Coefficient of determination R^2 on ``(X, y)`` (needs targets that are not all equal)."""
        y = as_float_array(y, "y", ndim=1)
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        total = float(np.sum((y - y.mean()) ** 2))
        if total == 0:
            raise ValueError("R^2 is undefined when all targets are equal (e.g. a single test sample): use mse")
        return 1.0 - float(np.sum((prediction - y) ** 2)) / total

    def __repr__(self) -> str:
        return f"PolynomialRegression(degree={self.degree}, standardize={self.standardize})"


def cv_estimates(k: int, seeds: Iterable[int] = range(20), degree: int = 3) -> np.ndarray:
    """The K-fold estimate of the MSE of ``PolynomialRegression(degree)`` on :func:`regression_data`, once per seed.

    Each seed shuffles the data differently before cutting the folds
    (``KFold(k, shuffle=True, seed=seed)``), so the spread of the returned
    estimates is the luck left in K-fold cross-validation.

    Parameters
    ----------
    k : int
        Number of folds (2 to 30).
    seeds : iterable of int, default range(20)
        One shuffle per seed.
    degree : int, default 3
        Degree of the polynomial.

    Returns
    -------
    numpy.ndarray of shape (len(seeds),)
        The mean held-out MSE of each cross-validation.

    Examples
    --------
    >>> estimates = cv_estimates(5, seeds=range(3))
    >>> estimates.shape, bool(np.all(estimates > 0))
    ((3,), True)
    """
    X, y, _, _ = regression_data()
    return np.array(
        [
            cross_validate(
                lambda: PolynomialRegression(degree),
                X,
                y,
                KFold(k, shuffle=True, seed=seed),
                score=lambda model, X_part, y_part: model.mse(X_part, y_part),
            ).mean
            for seed in seeds
        ]
    )


# ---------------------------------------------------------------------------
# Section page "How much a cross-validated score varies, and searching hyper-parameters"


@dataclass(frozen=True)
class AcrossDatasets:
    """K-fold estimates on many independent data sets, and the true error of each data set's model.

    Attributes
    ----------
    estimates : numpy.ndarray of shape (n_datasets,)
        The K-fold estimate of the MSE on each data set.
    fold_stds : numpy.ndarray of shape (n_datasets,)
        The standard deviation of the K fold scores behind each estimate.
    true_errors : numpy.ndarray of shape (n_datasets,)
        The MSE, on the 2000 fresh points of :func:`regression_data`, of the
        model fitted on all the points of each data set.
    """

    estimates: np.ndarray
    fold_stds: np.ndarray
    true_errors: np.ndarray


@lru_cache(maxsize=None)
def cv_across_datasets(
    degree: int = 3, *, n_datasets: int = 200, k: int = 5, fold_seed: int = 0, first_seed: int = 1000
) -> AcrossDatasets:
    """Cross-validate ``PolynomialRegression(degree)`` on ``n_datasets`` fresh draws of the chapter's data.

    Data set ``i`` is ``make_noisy_sine(30, noise=0.3, seed=first_seed + i)``:
    the source of :func:`regression_data`, drawn again. On each, the K-fold
    estimate uses ``KFold(k, shuffle=True, seed=fold_seed)``, and the model
    fitted on all 30 points is measured on the 2000 fresh test points of
    :func:`regression_data` (its true error, within about 0.005).

    Parameters
    ----------
    degree : int, default 3
        Degree of the polynomial.
    n_datasets : int, default 200
        Number of independent data sets.
    k : int, default 5
        Number of folds (2 to 30).
    fold_seed : int, default 0
        Seed of the shuffle that cuts the folds (the same on every data set).
    first_seed : int, default 1000
        Seed of the first data set (the chapter's own data set has seed 2).

    Returns
    -------
    AcrossDatasets
        Cached: treat its arrays as read-only.

    Raises
    ------
    ValueError
        If ``n_datasets`` is below 2 or ``k`` outside 2 to 30.
    TypeError
        If an argument is not an integer.

    Examples
    --------
    >>> runs = cv_across_datasets(n_datasets=3)
    >>> runs.estimates.shape, bool(np.all(runs.true_errors > 0.09))  # above the noise variance 0.3**2
    ((3,), True)
    """
    degree = check_int(degree, "degree", minimum=1)
    n_datasets = check_int(n_datasets, "n_datasets", minimum=2)
    k = check_int(k, "k", minimum=2)
    if k > 30:
        raise ValueError(f"k must be at most 30 (the number of points), got {k}")
    _, _, X_test, y_test = regression_data()
    estimates, fold_stds, true_errors = [], [], []
    for i in range(n_datasets):
        X, y = make_noisy_sine(30, noise=0.3, seed=first_seed + i)
        result = cross_validate(
            lambda: PolynomialRegression(degree),
            X,
            y,
            KFold(k, shuffle=True, seed=fold_seed),
            score=lambda model, X_part, y_part: model.mse(X_part, y_part),
        )
        estimates.append(result.mean)
        fold_stds.append(result.std)
        true_errors.append(PolynomialRegression(degree).fit(X, y).mse(X_test, y_test))
    return AcrossDatasets(np.array(estimates), np.array(fold_stds), np.array(true_errors))


#: The box searched on the page: learning rate and L2 strength, both sampled on a log scale.
SEARCH_SPACE = {"learning_rate": (1e-3, 1.0), "l2": (1e-4, 1e-1)}
#: The highest value of :func:`toy_score`, reached at its peak.
TOY_BEST = 0.92


def build_search_classifier(learning_rate: float = 0.1, l2: float = 0.0) -> MLPClassifier:
    """:func:`build_classifier` with another learning rate and an L2 penalty: the model the page searches over.

    Examples
    --------
    >>> model = build_search_classifier(0.01, 1e-3)
    >>> model.learning_rate, model.l2, model.epochs
    (0.01, 0.001, 50)
    """
    return MLPClassifier(
        (8,), activation="tanh", learning_rate=learning_rate, l2=l2, epochs=50, batch_size=None, seed=0
    )


def toy_score(learning_rate: Any, l2: Any, *, peak: tuple[float, float] = (0.03, 0.003)) -> np.ndarray:
    """A made-up validation score in which the learning rate matters far more than the L2 strength.

    With ``u`` and ``v`` the distances, in decades, of ``learning_rate`` and
    ``l2`` from the peak's coordinates,

    ``score = 0.6 + 0.3 exp(-u**2 / (2 * 0.3**2)) + 0.02 exp(-v**2 / 2)``:

    a narrow ridge along the learning rate (0.3 points of score, half of them
    lost 0.35 decades away from the peak) and a gentle slope along the L2
    strength (0.02 points at most). Its maximum is :data:`TOY_BEST`, at
    ``peak``. A cheap stand-in for a real model's cross-validated score, so
    that a search can be repeated thousands of times.

    Parameters
    ----------
    learning_rate, l2 : array_like of float
        Positive values (broadcast together).
    peak : (float, float), default (0.03, 0.003)
        The best learning rate and L2 strength.

    Returns
    -------
    numpy.ndarray
        The scores, of the broadcast shape.

    Raises
    ------
    ValueError
        If a value or a peak coordinate is not positive and finite.

    Examples
    --------
    >>> round(float(toy_score(0.03, 0.003)), 12)  # the peak: TOY_BEST
    0.92
    >>> toy_score([0.3, 0.03], [0.003, 0.3]).round(4)  # a decade off in learning rate costs far more
    array([0.6212, 0.9027])
    """
    learning_rate = np.asarray(learning_rate, dtype=float)
    l2 = np.asarray(l2, dtype=float)
    for name, value in (("learning_rate", learning_rate), ("l2", l2), ("peak", np.asarray(peak, dtype=float))):
        if not np.all(np.isfinite(value) & (value > 0)):
            raise ValueError(f"{name} must hold positive finite values, got {value!r}")
    u = np.log10(learning_rate) - np.log10(peak[0])
    v = np.log10(l2) - np.log10(peak[1])
    return 0.6 + 0.3 * np.exp(-(u**2) / (2 * 0.3**2)) + 0.02 * np.exp(-(v**2) / 2)


def grid_points(side: int) -> tuple[np.ndarray, np.ndarray]:
    """A ``side`` x ``side`` grid over :data:`SEARCH_SPACE`, evenly spaced on a log scale.

    Each axis is cut into ``side`` equal intervals of log10 and the grid takes
    their centres (the layout that leaves the smallest gaps), every
    combination once.

    Returns
    -------
    learning_rate, l2 : numpy.ndarray of shape (side**2,)
        The learning rate changes slowest.

    Raises
    ------
    ValueError, TypeError
        If ``side`` is not an integer >= 1.

    Examples
    --------
    >>> learning_rate, l2 = grid_points(3)
    >>> np.unique(learning_rate).round(4), len(l2)  # 3 values of each parameter, 9 points
    (array([0.0032, 0.0316, 0.3162]), 9)
    """
    side = check_int(side, "side", minimum=1)
    axes = []
    for low, high in SEARCH_SPACE.values():
        edges = np.linspace(np.log10(low), np.log10(high), side + 1)
        axes.append(10 ** ((edges[:-1] + edges[1:]) / 2))
    learning_rate, l2 = np.meshgrid(*axes, indexing="ij")
    return learning_rate.ravel(), l2.ravel()


def random_points(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random points of :data:`SEARCH_SPACE`, each parameter drawn with :func:`~mlcourse.model_selection.log_uniform`.

    Returns
    -------
    learning_rate, l2 : numpy.ndarray of shape (n,)

    Examples
    --------
    >>> learning_rate, l2 = random_points(9, np.random.default_rng(0))
    >>> len(np.unique(learning_rate)), bool(np.all((1e-3 <= learning_rate) & (learning_rate <= 1)))
    (9, True)
    """
    n = check_int(n, "n", minimum=1)
    return tuple(log_uniform(low, high).sample(rng, n) for low, high in SEARCH_SPACE.values())


def search_regrets(side: int, *, n_trials: int = 500, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Grid search against random search with the same budget, on ``n_trials`` problems of :func:`toy_score`.

    Each trial draws the peak of :func:`toy_score` at random in
    :data:`SEARCH_SPACE` (log-uniform in each parameter), then scores the
    ``side**2`` points of :func:`grid_points` and ``side**2`` points of
    :func:`random_points`. The regret of a search is :data:`TOY_BEST` minus the
    best score it found: 0 for a search that hit the peak.

    Parameters
    ----------
    side : int
        Grid side; the budget of both searches is ``side**2`` trials.
    n_trials : int, default 500
        Number of problems (peaks).
    seed : int, default 0
        Seed of the peaks and of the random searches.

    Returns
    -------
    grid_regret, random_regret : numpy.ndarray of shape (n_trials,)

    Raises
    ------
    ValueError, TypeError
        If ``side`` or ``n_trials`` is not an integer >= 1.

    Examples
    --------
    >>> grid_regret, random_regret = search_regrets(3, n_trials=200)
    >>> bool(np.all(grid_regret >= 0) and np.all(random_regret >= 0))
    True
    >>> bool(random_regret.mean() < grid_regret.mean())
    True
    """
    side = check_int(side, "side", minimum=1)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    rng = np.random.default_rng(seed)
    grid = grid_points(side)
    grid_regret, random_regret = np.empty(n_trials), np.empty(n_trials)
    for trial in range(n_trials):
        peak = tuple(float(value[0]) for value in random_points(1, rng))
        grid_regret[trial] = TOY_BEST - toy_score(*grid, peak=peak).max()
        random_regret[trial] = TOY_BEST - toy_score(*random_points(side**2, rng), peak=peak).max()
    return grid_regret, random_regret
