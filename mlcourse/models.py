"""Estimators with scikit-learn's ``fit`` / ``predict`` / ``score`` interface."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ._validation import as_float_array, check_int, check_positive, check_same_length

__all__ = ["LinearRegression", "TrainingDiverged"]


class TrainingDiverged(RuntimeWarning):
    """Warned when the loss stops being finite: training was stopped there."""


class LinearRegression:
    """Least-squares linear regression ``y_hat = X @ w + b``.

    Two ways to find ``w`` and ``b`` minimising the mean squared error
    ``L = mean((X @ w + b - y) ** 2)``:

    - ``method="gradient_descent"`` (batch gradient descent): start from zero
      and repeat ``w -= learning_rate * dL/dw``, ``b -= learning_rate * dL/db``
      with ``dL/dw = (2/n) X^T (y_hat - y)`` and ``dL/db = (2/n) sum(y_hat - y)``.
    - ``method="normal_equation"``: solve ``A^T A theta = A^T y`` for
      ``theta = (b, w)``, where ``A`` is ``X`` with a column of ones in front:
      the exact minimiser in one step, at a cost that grows with the cube of
      the number of features.

    Parameters
    ----------
    method : {"gradient_descent", "normal_equation"}, default "gradient_descent"
        How to fit.
    learning_rate : float, default 0.1
        Step size of gradient descent (> 0).
    epochs : int, default 100
        Maximum number of gradient steps (each uses the whole training set).
    tolerance : float, optional
        Stop early when the loss improves by less than this in one step.
    divergence_factor : float, default 1e6
        Declare divergence (and stop) when the loss exceeds this multiple of
        its starting value, or stops being finite. A loss that grows a
        million-fold will not come back: the steps overshoot more each time.

    Attributes
    ----------
    weights_ : numpy.ndarray of shape (n_features,)
        The fitted slope(s) ``w``.
    bias_ : float
        The fitted intercept ``b``.
    loss_history_ : list of float
        Training MSE before each gradient step and after the last one
        (gradient descent only), so ``loss_history_[0]`` is the loss at the
        starting point.
    path_ : numpy.ndarray of shape (n_steps + 1, n_features + 1)
        ``(w..., b)`` after each step, starting point first.
    n_steps_ : int
        Gradient steps taken.
    diverged_at : int or None
        The step at which training diverged, if it did (see
        ``divergence_factor``): training stops there with a
        ``TrainingDiverged`` warning and keeps the weights of the step before.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> model = LinearRegression(method="normal_equation").fit(X, y)
    >>> float(round(model.weights_[0], 6)), float(round(model.bias_, 6))
    (2.0, 1.0)
    """

    METHODS = ("gradient_descent", "normal_equation")

    def __init__(
        self,
        method: str = "gradient_descent",
        *,
        learning_rate: float = 0.1,
        epochs: int = 100,
        tolerance: float | None = None,
        divergence_factor: float = 1e6,
    ) -> None:
        if method not in self.METHODS:
            raise ValueError(f"method must be one of {self.METHODS}, got {method!r}")
        self.method = method
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.epochs = check_int(epochs, "epochs", minimum=0)
        self.tolerance = None if tolerance is None else check_positive(tolerance, "tolerance", allow_zero=True)
        self.divergence_factor = check_positive(divergence_factor, "divergence_factor")

    def fit(self, X: Any, y: Any) -> "LinearRegression":
        """Fit to inputs ``X`` of shape (n_samples, n_features) and targets ``y`` of shape (n_samples,)."""
        X, y = self._check_data(X, y)
        self.diverged_at: int | None = None
        if self.method == "normal_equation":
            self._fit_normal_equation(X, y)
        else:
            self._fit_gradient_descent(X, y)
        return self

    def _fit_normal_equation(self, X: np.ndarray, y: np.ndarray) -> None:
        design = np.hstack([np.ones((len(X), 1), dtype=X.dtype), X])
        gram = design.T @ design
        if np.linalg.matrix_rank(gram) < gram.shape[0]:
            raise ValueError(
                "the normal equation has no unique solution: the columns of [1, X] are linearly "
                f"dependent (rank {np.linalg.matrix_rank(gram)} < {gram.shape[0]}); "
                "use gradient descent or remove duplicated features"
            )
        theta = np.linalg.solve(gram, design.T @ y)
        self.bias_, self.weights_ = float(theta[0]), theta[1:]
        self.loss_history_ = [self._mse(X, y, self.weights_, self.bias_)]
        self.path_ = np.concatenate([self.weights_, [self.bias_]])[None, :]
        self.n_steps_ = 0

    def _fit_gradient_descent(self, X: np.ndarray, y: np.ndarray) -> None:
        n_samples, n_features = X.shape
        weights, bias = np.zeros(n_features, dtype=X.dtype), 0.0
        losses = [self._mse(X, y, weights, bias)]
        path = [np.append(weights, bias)]
        for step in range(1, self.epochs + 1):
            gradient_w, gradient_b = self.gradient(X, y, weights, bias)
            new_weights = weights - self.learning_rate * gradient_w
            new_bias = bias - self.learning_rate * gradient_b
            loss = self._mse(X, y, new_weights, new_bias)
            if not np.isfinite(loss) or loss > self.divergence_factor * max(losses[0], 1e-12):
                self.diverged_at = step
                warnings.warn(
                    f"gradient descent diverged at step {step} (learning_rate={self.learning_rate}): "
                    f"the loss reached {loss:.3g}, more than {self.divergence_factor:g} times its start "
                    f"({losses[0]:.3g}); stopped and kept the weights of step {step - 1}. "
                    "Lower the learning rate.",
                    TrainingDiverged,
                    stacklevel=3,
                )
                break
            weights, bias = new_weights, new_bias
            losses.append(loss)
            path.append(np.append(weights, bias))
            if self.tolerance is not None and abs(losses[-2] - losses[-1]) < self.tolerance:
                break
        self.weights_, self.bias_ = weights, float(bias)
        self.loss_history_ = losses
        self.path_ = np.array(path)
        self.n_steps_ = len(losses) - 1

    @staticmethod
    def gradient(X: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float) -> tuple[np.ndarray, float]:
        """Return ``(dL/dw, dL/db)`` of the mean squared error at ``(weights, bias)``.

        ``dL/dw = (2/n) X^T (X w + b - y)`` and ``dL/db = (2/n) sum(X w + b - y)``.
        """
        residual = X @ weights + bias - y
        n_samples = len(y)
        return (2.0 / n_samples) * (X.T @ residual), float((2.0 / n_samples) * residual.sum())

    @staticmethod
    def _mse(X: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            residual = X @ weights + bias - y
            return float(np.mean(residual * residual))

    def predict(self, X: Any) -> np.ndarray:
        """Return ``X @ weights_ + bias_`` for ``X`` of shape (n_samples, n_features)."""
        self._check_fitted()
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != len(self.weights_):
            raise ValueError(
                f"X must have {len(self.weights_)} feature(s) as in fit, got shape {X.shape}"
            )
        return X @ self.weights_ + self.bias_

    def mse(self, X: Any, y: Any) -> float:
        """Mean squared error of the predictions on ``(X, y)``."""
        X, y = self._check_data(X, y)
        prediction = self.predict(X)
        return float(np.mean((prediction - y) ** 2))

    def score(self, X: Any, y: Any) -> float:
        """Coefficient of determination R^2 = 1 - SS_res / SS_tot (1 is a perfect fit)."""
        X, y = self._check_data(X, y)
        residual_sum = float(np.sum((self.predict(X) - y) ** 2))
        total_sum = float(np.sum((y - y.mean()) ** 2))
        if total_sum == 0:
            raise ValueError("R^2 is undefined when all targets are equal")
        return 1.0 - residual_sum / total_sum

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise RuntimeError("this LinearRegression is not fitted yet: call fit(X, y) first")

    @staticmethod
    def _check_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        X = as_float_array(X, "X", ndim=2)
        y = as_float_array(y, "y", ndim=1)
        check_same_length(X, y, "X", "y")
        if len(y) < 2:
            raise ValueError(f"need at least 2 samples to fit a line, got {len(y)}")
        return X, y

    def __repr__(self) -> str:
        return (
            f"LinearRegression(method={self.method!r}, learning_rate={self.learning_rate}, "
            f"epochs={self.epochs}, tolerance={self.tolerance}, divergence_factor={self.divergence_factor:g})"
        )
