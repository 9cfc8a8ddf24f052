"""Linear regression: the chapter's data and its experiments (chapter 1).

- :func:`chapter_points` and :func:`chapter_data`: 60 noisy points around
  ``y = 2x + 1`` and their 8:2 training/test split, the data of the widget
  and the exercises;
- :func:`largest_stable_learning_rate`: the learning rate above which batch
  gradient descent on the MSE diverges, ``2 / lambda_max`` of the Hessian;
- :func:`diverges` and :func:`bisect_divergence_threshold`: the same
  threshold found by experiment, as exercise 2 of the chapter finds it;
- :func:`split_test_mse`: how much the test MSE of the normal equation's
  line changes from one random split to the next;
- :func:`gaussian_negative_log_likelihood`, :func:`slope_scan` and
  :func:`variance_scan`: the MSE derived from Gaussian noise by maximum
  likelihood, and the experiment showing that both losses pick the same line.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.data import add_bias_column, make_noisy_line, train_test_split
from mlcourse.models import LinearRegression, TrainingDiverged

__all__ = [
    "bisect_divergence_threshold",
    "chapter_data",
    "chapter_points",
    "diverges",
    "gaussian_negative_log_likelihood",
    "largest_stable_learning_rate",
    "slope_scan",
    "split_test_mse",
    "variance_scan",
]


def chapter_points() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's 60 points: ``y = 2x + 1`` plus Gaussian noise of standard deviation 1 (seed 0).

    Returns
    -------
    X : numpy.ndarray of shape (60, 1)
    y : numpy.ndarray of shape (60,)

    Examples
    --------
    >>> X, y = chapter_points()
    >>> X.shape, y.shape
    ((60, 1), (60,))
    """
    return make_noisy_line(60, slope=2.0, intercept=1.0, noise=1.0, seed=0)


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's points split 8:2 into training and test sets (seed 1), as in the chapter.

    Cached: do not modify the arrays.

    Returns
    -------
    X_train, X_test, y_train, y_test : numpy.ndarray
        48 training and 12 test samples.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = chapter_data()
    >>> len(X_train), len(X_test)
    (48, 12)
    """
    return train_test_split(*chapter_points(), test_size=0.2, seed=1)


def largest_stable_learning_rate(X: Any) -> float:
    """The learning rate above which batch gradient descent on the MSE diverges: ``2 / lambda_max``.

    ``lambda_max`` is the largest eigenvalue of the MSE's Hessian
    ``H = (2/n) A^T A``, where ``A = [1, X]``. Along each eigenvector of
    ``H`` a gradient step multiplies the error by ``1 - learning_rate *
    lambda``, which shrinks only while ``learning_rate < 2 / lambda``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The training inputs.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array.

    Examples
    --------
    >>> round(largest_stable_learning_rate([[0.0], [1.0], [2.0]]), 4)  # 2 / ((2/3)(4 + sqrt(10)))
    0.4189
    """
    design = add_bias_column(X)
    hessian = 2.0 / len(design) * design.T @ design
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def split_test_mse(test_size: float, seeds: Iterable[int] = range(20)) -> np.ndarray:
    """The test MSE of the normal equation's line on :func:`chapter_points`, one random split per seed.

    Parameters
    ----------
    test_size : float
        Fraction of the points in the test set, as in :func:`mlcourse.data.train_test_split`.
    seeds : iterable of int, default range(20)
        One split per seed.

    Returns
    -------
    numpy.ndarray of shape (n_seeds,)

    Raises
    ------
    ValueError
        If no seed is given, or ``test_size`` is refused by ``train_test_split``.

    Examples
    --------
    >>> scores = split_test_mse(0.2, seeds=range(3))
    >>> scores.shape, bool(np.all(scores > 0))
    ((3,), True)
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    X, y = chapter_points()
    results = []
    for seed in seeds:
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=seed)
        results.append(LinearRegression(method="normal_equation").fit(X_train, y_train).mse(X_test, y_test))
    return np.array(results)


def diverges(learning_rate: float, epochs: int = 2000) -> bool:
    """Whether batch gradient descent at ``learning_rate`` diverges on the chapter's training data.

    A rate diverges if, after ``epochs`` epochs from ``w = b = 0``, the
    training MSE is above its starting value, or if the library stopped the
    run because the loss exploded (``diverged_at`` set).

    Parameters
    ----------
    learning_rate : float
        The step size to try (> 0).
    epochs : int, default 2000
        How long to run; the longer, the closer to the threshold a rate can be
        told apart.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``learning_rate`` or ``epochs`` is refused by :class:`~mlcourse.models.LinearRegression`.

    Examples
    --------
    >>> diverges(0.1), diverges(0.5)
    (False, True)
    """
    X_train, _, y_train, _ = chapter_data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # the answer says it
        model = LinearRegression(learning_rate=learning_rate, epochs=epochs).fit(X_train, y_train)
    return model.diverged_at is not None or model.loss_history_[-1] > model.loss_history_[0]


def bisect_divergence_threshold(low: float = 0.1, high: float = 0.5, halvings: int = 10, epochs: int = 2000) -> float:
    """The learning rate where gradient descent starts to diverge, found by bisection with :func:`diverges`.

    Each halving keeps the half of ``[low, high]`` in which the switch from
    converging to diverging happens.

    Parameters
    ----------
    low, high : float, default 0.1 and 0.5
        A rate that converges and one that diverges.
    halvings : int, default 10
        How often to halve the interval: the answer is within
        ``(high - low) / 2**(halvings + 1)`` of the switch.
    epochs : int, default 2000
        Passed to :func:`diverges`.

    Returns
    -------
    float
        The midpoint of the last interval.

    Raises
    ------
    ValueError
        If ``low`` diverges or ``high`` converges (no switch in between), or
        ``halvings < 1``.

    Examples
    --------
    >>> round(bisect_divergence_threshold(), 3)  # 2 / lambda_max = 0.3056
    0.306
    """
    if halvings < 1:
        raise ValueError(f"halvings must be at least 1, got {halvings}")
    if diverges(low, epochs) or not diverges(high, epochs):
        raise ValueError(f"need a converging low and a diverging high rate, got [{low}, {high}]")
    for _ in range(halvings):
        middle = (low + high) / 2
        if diverges(middle, epochs):
            high = middle
        else:
            low = middle
    return (low + high) / 2


def _residual_vector(residuals: Any) -> np.ndarray:
    try:
        values = np.asarray(residuals, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"residuals must be an array of numbers, got {type(residuals).__name__}") from error
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"residuals must be a non-empty 1-D array of finite numbers, got shape {values.shape}")
    return values


def gaussian_negative_log_likelihood(residuals: Any, sigma: float) -> float:
    """The negative log-likelihood of residuals under independent Gaussian noise ``N(0, sigma**2)``.

    If ``y_i = f(x_i) + noise_i`` with the noise drawn independently from
    ``N(0, sigma**2)``, the density of the targets is the product of
    ``exp(-r_i**2 / (2 sigma**2)) / sqrt(2 pi sigma**2)`` over the residuals
    ``r_i = f(x_i) - y_i``; minus its logarithm is
    ``n/2 log(2 pi sigma**2) + sum(r_i**2) / (2 sigma**2)``.

    Parameters
    ----------
    residuals : array_like of shape (n,)
        Predictions minus targets.
    sigma : float
        The standard deviation of the noise (> 0).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``residuals`` is not numeric or ``sigma`` is not a real number.
    ValueError
        If ``residuals`` is not a non-empty 1-D finite array, or ``sigma`` is not positive and finite.

    Examples
    --------
    >>> round(gaussian_negative_log_likelihood([1.0, -1.0], 1.0), 4)  # log(2 pi) + 1
    2.8379
    """
    r = _residual_vector(residuals)
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.integer, np.floating)):
        raise TypeError(f"sigma must be a real number, got {type(sigma).__name__}")
    if not (np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be positive and finite, got {sigma}")
    n = r.size
    return float(n / 2 * np.log(2 * np.pi * sigma**2) + np.sum(r**2) / (2 * sigma**2))


def slope_scan(X: Any, y: Any, slopes: Any, bias: float, sigmas: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    """The MSE and the Gaussian negative log-likelihood of the lines ``y = w x + bias`` over a grid of slopes.

    Parameters
    ----------
    X : array_like of shape (n, 1)
        The inputs.
    y : array_like of shape (n,)
        The targets.
    slopes : array_like of shape (k,)
        The slopes ``w`` to try.
    bias : float
        The intercept, held fixed.
    sigmas : iterable of float
        The noise standard deviations of the likelihood, each held fixed.

    Returns
    -------
    mse : numpy.ndarray of shape (k,)
    nll : numpy.ndarray of shape (len(sigmas), k)

    Raises
    ------
    ValueError
        If ``X`` is not a single column matching ``y``, ``slopes`` or ``sigmas`` is empty,
        or a value is refused by :func:`gaussian_negative_log_likelihood`.

    Examples
    --------
    >>> mse, nll = slope_scan([[0.0], [1.0]], [1.0, 3.0], [1.0, 2.0, 3.0], 1.0, [1.0])
    >>> mse.tolist(), int(nll.argmin())
    ([0.5, 0.0, 0.5], 1)
    """
    inputs, targets = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if inputs.ndim != 2 or inputs.shape[1] != 1 or targets.shape != (len(inputs),):
        raise ValueError(f"X must have shape (n, 1) and y shape (n,), got {inputs.shape} and {targets.shape}")
    grid = np.atleast_1d(np.asarray(slopes, dtype=float))
    sigmas = list(sigmas)
    if grid.size == 0 or not sigmas:
        raise ValueError("slopes and sigmas must each hold at least one value")
    residuals = [w * inputs[:, 0] + bias - targets for w in grid]
    mse = np.array([np.mean(r**2) for r in residuals])
    nll = np.array([[gaussian_negative_log_likelihood(r, sigma) for r in residuals] for sigma in sigmas])
    return mse, nll


def variance_scan(residuals: Any, variances: Any) -> np.ndarray:
    """The Gaussian negative log-likelihood of fixed residuals as a function of the noise variance ``sigma**2``.

    Its minimum is at the mean squared residual: the derivative
    ``n / (2 v) - sum(r**2) / (2 v**2)`` vanishes at ``v = mean(r**2)``.

    Parameters
    ----------
    residuals : array_like of shape (n,)
        Predictions minus targets.
    variances : array_like of shape (k,)
        The values of ``sigma**2`` to try (> 0).

    Returns
    -------
    numpy.ndarray of shape (k,)

    Raises
    ------
    ValueError
        If a value is refused by :func:`gaussian_negative_log_likelihood`.

    Examples
    --------
    >>> nll = variance_scan([1.0, -2.0], [1.0, 2.5, 4.0])  # mean squared residual 2.5
    >>> int(nll.argmin())
    1
    """
    grid = np.atleast_1d(np.asarray(variances, dtype=float))
    if np.any(grid <= 0):
        raise ValueError(f"variances must be positive, got minimum {grid.min()}")
    return np.array([gaussian_negative_log_likelihood(residuals, float(np.sqrt(v))) for v in grid])
