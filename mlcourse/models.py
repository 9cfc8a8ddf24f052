"""Estimators with scikit-learn's ``fit`` / ``predict`` / ``score`` interface."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ._validation import as_float_array, as_rng, check_int, check_positive, check_same_length, describe

__all__ = ["LinearRegression", "Perceptron", "TrainingDiverged",
           "ConvergenceWarning"]


class TrainingDiverged(RuntimeWarning):
    """Warned when the loss stops being finite: training was stopped there."""


class ConvergenceWarning(UserWarning):
    """Warned when an iterative method stops at its epoch limit without converging."""


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


class Perceptron:
    """Rosenblatt's perceptron: a threshold unit trained by the perceptron rule.

    The net input is ``z = X @ w + b`` and the output ``+1 if z >= 0 else -1``
    (Rosenblatt 1958). Training visits the samples one at a time and applies

    ``w <- w + learning_rate * (y_i - y_hat_i) * x_i``,
    ``b <- b + learning_rate * (y_i - y_hat_i)``,

    which changes nothing when sample ``i`` is classified correctly and moves
    the decision line towards it (by ``2 * learning_rate * x_i``) when not.
    Training stops after the first epoch without a mistake. If the classes
    are linearly separable this happens after finitely many updates
    (Novikoff 1962); for XOR it never does.

    Parameters
    ----------
    learning_rate : float, default 1.0
        Step size (> 0). From zero weights it only rescales ``w`` and ``b``,
        so the decision line and the errors do not depend on it.
    max_epochs : int, default 100
        Maximum number of passes over the data (>= 1).
    shuffle : bool, default False
        Visit the samples in a new random order every epoch.
    rng, seed
        Source of randomness for ``shuffle`` and ``init="random"``.
    init : {"zeros", "random"}, default "zeros"
        Starting weights and bias: zeros, or normal with standard deviation
        0.01.

    Attributes
    ----------
    weights_ : numpy.ndarray of shape (n_features,)
        The learned ``w``.
    bias_ : float
        The learned ``b``.
    errors_ : list of int
        Misclassified samples (non-zero updates) in each epoch.
    weights_history_ : numpy.ndarray of shape (n_steps + 1, n_features + 1)
        ``(w..., b)`` at the start and after the rule was applied to each
        sample in turn (one row per sample visit, so ``n_steps = epochs run x
        n_samples``; a row repeats the previous one when that sample was
        classified correctly).
    epoch_weights_ : numpy.ndarray of shape (n_epochs + 1, n_features + 1)
        ``(w..., b)`` at the start and at the end of each epoch.
    converged_ : bool
        Whether an epoch ended without a mistake.
    n_epochs_ : int
        Epochs run.

    Warns
    -----
    ConvergenceWarning
        When ``max_epochs`` ran out with mistakes left: the data may not be
        linearly separable.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> y = np.array([-1, -1, -1, 1])  # AND
    >>> model = Perceptron().fit(X, y)
    >>> model.predict(X), model.converged_
    (array([-1, -1, -1,  1]), True)
    """

    INITS = ("zeros", "random")

    def __init__(
        self,
        learning_rate: float = 1.0,
        max_epochs: int = 100,
        shuffle: bool = False,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        init: str = "zeros",
    ) -> None:
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
        self.shuffle = bool(shuffle)
        self._rng = as_rng(rng, seed)
        if init not in self.INITS:
            raise ValueError(f"init must be one of {self.INITS}, got {init!r}")
        self.init = init

    def fit(self, X: Any, y: Any) -> "Perceptron":
        """Train on ``X`` (n_samples, n_features) and labels ``y`` in {-1, +1}.

        Raises
        ------
        ValueError
            If the labels are not -1/+1 (0/1 labels get a hint to use
            ``2 * y - 1``) or ``X`` and ``y`` differ in length.
        """
        X = as_float_array(X, "X", ndim=2)
        y = self._check_labels(y)
        check_same_length(X, y, "X", "y")
        n_samples, n_features = X.shape
        theta = np.zeros(n_features + 1)  # (w..., b)
        if self.init == "random":
            theta = 0.01 * self._rng.standard_normal(n_features + 1)
        history, epoch_weights, self.errors_ = [theta.copy()], [theta.copy()], []
        self.converged_ = False
        for _ in range(self.max_epochs):
            order = self._rng.permutation(n_samples) if self.shuffle else range(n_samples)
            errors = 0
            for i in order:
                prediction = 1.0 if X[i] @ theta[:-1] + theta[-1] >= 0 else -1.0
                update = self.learning_rate * (y[i] - prediction)
                if update:
                    theta[:-1] += update * X[i]
                    theta[-1] += update
                    errors += 1
                history.append(theta.copy())
            self.errors_.append(errors)
            epoch_weights.append(theta.copy())
            if errors == 0:
                self.converged_ = True
                break
        self.weights_, self.bias_ = theta[:-1].copy(), float(theta[-1])
        self.weights_history_ = np.array(history)
        self.epoch_weights_ = np.array(epoch_weights)
        self.n_epochs_ = len(self.errors_)
        if not self.converged_:
            warnings.warn(
                f"the perceptron still misclassified {self.errors_[-1]} sample(s) in its last epoch "
                f"after max_epochs={self.max_epochs}: the data may not be linearly separable "
                "(no line splits the classes, as for XOR)",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    @staticmethod
    def _check_labels(y: Any) -> np.ndarray:
        y = np.asarray(y)
        if y.ndim != 1 or y.dtype.kind not in "iuf":
            raise ValueError(f"y must be 1-D numeric labels -1/+1, got {describe(y)}")
        values = set(np.unique(y).tolist())
        if values <= {-1, 1}:
            return y.astype(np.float64)
        if values <= {0, 1}:
            raise ValueError(
                "Perceptron labels must be -1 and +1, got 0/1 labels: convert them with y = 2 * y - 1"
            )
        raise ValueError(f"Perceptron labels must be -1 and +1, got the values {sorted(values)[:10]}")

    def net_input(self, X: Any) -> np.ndarray:
        """Return ``z = X @ weights_ + bias_`` for ``X`` of shape (n_samples, n_features)."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("this Perceptron is not fitted yet: call fit(X, y) first")
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != len(self.weights_):
            raise ValueError(f"X must have {len(self.weights_)} feature(s) as in fit, got shape {X.shape}")
        return X @ self.weights_ + self.bias_

    def predict(self, X: Any) -> np.ndarray:
        """Return +1 where the net input is >= 0, else -1 (int64)."""
        return np.where(self.net_input(X) >= 0, 1, -1).astype(np.int64)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the fraction of samples whose predicted label equals ``y``."""
        y = self._check_labels(y)
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        return float(np.mean(prediction == y))

    def __repr__(self) -> str:
        return (
            f"Perceptron(learning_rate={self.learning_rate}, max_epochs={self.max_epochs}, "
            f"shuffle={self.shuffle}, init={self.init!r})"
        )
