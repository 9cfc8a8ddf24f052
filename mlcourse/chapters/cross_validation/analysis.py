"""Polynomial features, and a polynomial regression built on :class:`~mlcourse.models.LinearRegression`.

A straight line fitted to the columns ``x, x**2, ..., x**degree`` is a
polynomial of that degree in ``x``: the model stays linear in its parameters,
so the normal equation still finds the exact least-squares fit. The degree
is a *hyper-parameter* (chosen before fitting, not learned by it): a low
degree underfits, a high one fits the noise. Chapter 12 chooses it by
cross-validation.

Examples
--------
>>> import numpy as np
>>> polynomial_features(np.array([[2.0], [3.0]]), 3)
array([[ 2.,  4.,  8.],
       [ 3.,  9., 27.]])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse._validation import as_float_array, check_int, check_same_length
from mlcourse.data import Standardizer
from mlcourse.models import LinearRegression

__all__ = ["polynomial_features", "PolynomialRegression"]


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
    if include_bias:
        columns = np.hstack([np.ones((len(X), 1), dtype=X.dtype), columns])
    return columns


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
