"""Estimators with scikit-learn's ``fit`` / ``predict`` / ``score`` interface."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from . import losses, nn, optim
from ._validation import (
    all_finite,
    as_float_array,
    as_pm1_labels,
    as_rng,
    check_bool,
    check_finite_number,
    check_int,
    check_positive,
    check_probability,
    check_same_length,
    describe,
)
from .activations import sigmoid, softmax
from .data import add_bias_column
from .train import History, TrainingDiverged, _check_output, fit

__all__ = ["LinearRegression", "Perceptron", "MLPClassifier", "MLPRegressor", "TrainingDiverged", "ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """Warned when an iterative method stops at its epoch limit without converging."""


def _mse_allowing_overflow(prediction: np.ndarray, y: np.ndarray) -> float:
    """``losses.mse``, or inf (NaN if a prediction is NaN) when a diverging step overflowed the predictions.

    The losses refuse NaN/inf predictions; here they are the sign that
    gradient descent diverged, which the caller reports.
    """
    if all_finite(prediction):
        try:
            return losses.mse(prediction, y)
        except losses.LossOverflowError:  # finite predictions whose squared errors overflow: diverged too
            return math.inf
    return math.nan if np.isnan(prediction).any() else math.inf


def _check_gradient_arguments(X: Any, y: Any, weights: Any, bias: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The checks of :meth:`LinearRegression.gradient` (arrays pass through without a copy)."""
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    check_same_length(X, y, "X", "y")
    weights = as_float_array(weights, "weights", ndim=1)
    if len(weights) != X.shape[1]:
        raise ValueError(f"weights must hold one value per feature of X ({X.shape[1]}), got shape {weights.shape}")
    check_finite_number(bias.item() if isinstance(bias, np.ndarray) and bias.ndim == 0 else bias, "bias")
    return X, y, weights


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

    Every method refuses what it cannot use with a ``TypeError`` or
    ``ValueError`` naming the argument: ``X`` not 2-D, empty or holding
    NaN/inf (integer arrays: convert with ``.astype(float)``), ``y`` not 1-D
    or of another length, a new ``X`` with another number of features;
    ``predict``, ``mse`` and ``score`` before ``fit`` raise ``RuntimeError``.

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
        if not isinstance(method, str) or method not in self.METHODS:
            raise ValueError(f"method must be one of {self.METHODS}, got {method!r}")
        self.method = method
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.epochs = check_int(epochs, "epochs", minimum=0)
        self.tolerance = None if tolerance is None else check_positive(tolerance, "tolerance", allow_zero=True)
        self.divergence_factor = check_positive(divergence_factor, "divergence_factor")

    def fit(self, X: Any, y: Any) -> "LinearRegression":
        """Fit to inputs ``X`` of shape (n_samples, n_features) and targets ``y`` of shape (n_samples,).

        Uses the solver named by ``method``: :meth:`fit_gradient_descent` or
        :meth:`fit_normal_equation`.

        Raises
        ------
        TypeError
            If ``X`` or ``y`` is not a float array (or a list of numbers).
        ValueError
            If ``X`` is not 2-D, ``y`` not 1-D, they differ in length, hold
            fewer than 2 samples or NaN/inf, or are so large that the sum of
            their squares overflows (standardize them first).
        """
        if self.method == "normal_equation":
            return self.fit_normal_equation(X, y)
        return self.fit_gradient_descent(X, y)

    def fit_normal_equation(self, X: Any, y: Any) -> "LinearRegression":
        """Fit in one step: solve ``A^T A theta = A^T y`` for ``theta = (b, w)``, with ``A = [1, X]``.

        The solver of ``method="normal_equation"`` (called directly, it fits
        this way whatever ``method`` says). ``ValueError`` when the columns of
        ``A`` are linearly dependent: then no unique solution exists.
        """
        X, y = self._check_data(X, y)
        design = add_bias_column(X)
        gram = design.T @ design
        rank = np.linalg.matrix_rank(gram)
        if rank < gram.shape[0]:
            raise ValueError(
                "the normal equation has no unique solution: the columns of [1, X] are linearly "
                f"dependent (rank {rank} < {gram.shape[0]}); use gradient descent or remove duplicated features"
            )
        theta = np.linalg.solve(gram, design.T @ y)
        self.bias_, self.weights_ = float(theta[0]), theta[1:]
        self.loss_history_ = [losses.mse(X @ self.weights_ + self.bias_, y)]
        self.path_ = np.append(self.weights_, self.bias_)[None, :]
        self.n_steps_, self.diverged_at = 0, None
        return self

    def fit_gradient_descent(self, X: Any, y: Any) -> "LinearRegression":
        """Fit by batch gradient descent from ``w = 0, b = 0``, one step (epoch) on the whole training set at a time.

        The solver of ``method="gradient_descent"`` (called directly, it fits
        this way whatever ``method`` says), with the class's ``learning_rate``,
        ``epochs``, ``tolerance`` and ``divergence_factor``. A step whose
        loss stops being finite (its predictions overflowed) counts as
        divergence.
        """
        X, y = self._check_data(X, y)
        weights, bias = np.zeros(X.shape[1], dtype=X.dtype), 0.0
        loss_history = [losses.mse(X @ weights + bias, y)]
        path = [np.append(weights, bias)]
        self.diverged_at = None
        for step in range(1, self.epochs + 1):
            gradient_w, gradient_b = self.gradient(X, y, weights, bias)
            new_weights = weights - self.learning_rate * gradient_w
            new_bias = bias - self.learning_rate * gradient_b
            with np.errstate(over="ignore", invalid="ignore"):  # a diverging step may overflow
                loss = _mse_allowing_overflow(X @ new_weights + new_bias, y)
            if not np.isfinite(loss) or loss > self.divergence_factor * max(loss_history[0], 1e-12):
                self.diverged_at = step
                warnings.warn(
                    f"gradient descent diverged at step {step} (learning_rate={self.learning_rate}): "
                    f"the loss reached {loss:.3g}, more than {self.divergence_factor:g} times its start "
                    f"({loss_history[0]:.3g}); stopped and kept the weights of step {step - 1}. "
                    "Lower the learning rate.",
                    TrainingDiverged,
                    stacklevel=3,  # the line that called fit
                )
                break
            weights, bias = new_weights, new_bias
            loss_history.append(loss)
            path.append(np.append(weights, bias))
            if self.tolerance is not None and abs(loss_history[-2] - loss_history[-1]) < self.tolerance:
                break
        self.weights_, self.bias_ = weights, float(bias)
        self.loss_history_ = loss_history
        self.path_ = np.array(path)
        self.n_steps_ = len(loss_history) - 1
        return self

    @staticmethod
    def gradient(X: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float) -> tuple[np.ndarray, float]:
        """Return ``(dL/dw, dL/db)`` of the mean squared error at ``(weights, bias)``.

        ``dL/dw = (2/n) X^T (X w + b - y)`` and ``dL/db = (2/n) sum(X w + b - y)``.
        ``TypeError``/``ValueError`` for arguments of the wrong kind, shape or
        length, holding NaN/inf, or so large that the gradient overflows.
        """
        X, y, weights = _check_gradient_arguments(X, y, weights, bias)
        _check_gradient_fits(X, y, weights, bias)
        residual = X @ weights + bias - y
        n_samples = len(y)
        return (2.0 / n_samples) * (X.T @ residual), float((2.0 / n_samples) * residual.sum())

    def predict(self, X: Any) -> np.ndarray:
        """Return ``X @ weights_ + bias_`` for ``X`` of shape (n_samples, n_features).

        ``RuntimeError`` before ``fit``; ``ValueError`` for an ``X`` with
        another number of features than in ``fit``.
        """
        self._check_fitted()
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != len(self.weights_):
            raise ValueError(f"X must have {len(self.weights_)} feature(s) as in fit, got shape {X.shape}")
        return X @ self.weights_ + self.bias_

    def mse(self, X: Any, y: Any) -> float:
        """Mean squared error of the predictions on ``(X, y)`` (one sample is enough, e.g. a leave-one-out fold)."""
        self._check_fitted()
        X, y = self._check_data(X, y, fitting=False)
        return losses.mse(self.predict(X), y)

    def score(self, X: Any, y: Any) -> float:
        """Coefficient of determination R^2 = 1 - SS_res / SS_tot (1 is a perfect fit).

        ``ValueError`` when all targets are equal (R^2 is undefined).
        """
        self._check_fitted()
        X, y = self._check_data(X, y, fitting=False)
        prediction = self.predict(X)
        residual_sum, total_sum = (float(value) for value in _r2_sums(y, prediction))
        if total_sum == 0:
            raise ValueError("R^2 is undefined when all targets are equal")
        _check_r2_sums(residual_sum, total_sum, y, prediction)
        return 1.0 - residual_sum / total_sum

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise RuntimeError("this LinearRegression is not fitted yet: call fit(X, y) first")

    @staticmethod
    def _check_data(X: Any, y: Any, *, fitting: bool = True) -> tuple[np.ndarray, np.ndarray]:
        X = as_float_array(X, "X", ndim=2)
        y = as_float_array(y, "y", ndim=1)
        check_same_length(X, y, "X", "y")
        if fitting and len(y) < 2:
            raise ValueError(f"need at least 2 samples to fit a line, got {len(y)}")
        if fitting:  # least squares squares them: beyond ~1e154 the sums overflow
            for name, array in (("X", X), ("y", y)):
                if not math.isfinite(float(np.vdot(array, array))):
                    raise ValueError(
                        f"{name} is too large for least squares: the sum of its squares overflows "
                        f"(largest |{name}| = {float(np.abs(array).max()):.3g}); standardize it first"
                    )
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
    With the bias as the weight of a constant input 1, ``theta = (b, w)`` and
    ``x~_i = (1, x_i)``, both lines are one: ``theta <- theta + learning_rate
    * (y_i - y_hat_i) * x~_i``.
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
        ``(b, w...)`` (the bias first, as the weight of the constant input
        of :func:`mlcourse.data.add_bias_column`) at the start and after the rule was applied to each
        sample in turn (one row per sample visit, so ``n_steps = epochs run x
        n_samples``; a row repeats the previous one when that sample was
        classified correctly).
    epoch_weights_ : numpy.ndarray of shape (n_epochs + 1, n_features + 1)
        ``(b, w...)`` at the start and at the end of each epoch.
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
        self.shuffle = check_bool(shuffle, "shuffle")
        self._rng = as_rng(rng, seed)
        if not isinstance(init, str) or init not in self.INITS:
            raise ValueError(f"init must be one of {self.INITS}, got {init!r}")
        self.init = init

    def fit(self, X: Any, y: Any) -> "Perceptron":
        """Train on ``X`` (n_samples, n_features) and labels ``y`` in {-1, +1}.

        Raises
        ------
        ValueError
            If the labels are not -1/+1 (0/1 labels get a hint to use
            ``2 * y - 1``), ``X`` and ``y`` differ in length, or ``X`` (times
            ``learning_rate``) is so large that the net input or the weights
            overflow float64.
        """
        X = as_float_array(X, "X", ndim=2)
        y = _pm1_labels(y)
        check_same_length(X, y, "X", "y")
        augmented = add_bias_column(X)  # rows (1, x...): the bias is the weight of a constant input 1
        theta = np.zeros(augmented.shape[1])  # (b, w...)
        if self.init == "random":
            theta = 0.01 * self._rng.standard_normal(augmented.shape[1])
        history, epoch_weights, self.errors_ = [theta.copy()], [theta.copy()], []
        self.converged_ = False
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below, not warned
            for _ in range(self.max_epochs):
                order = self._rng.permutation(len(X)) if self.shuffle else range(len(X))
                errors = 0
                for i in order:
                    net_input = augmented[i] @ theta
                    prediction = 1.0 if net_input >= 0 else -1.0
                    update = self.learning_rate * (y[i] - prediction)
                    if update:
                        theta += update * augmented[i]
                        errors += 1
                    if not math.isfinite(net_input) or (update and not all_finite(theta)):
                        self._overflowed(X)
                    history.append(theta.copy())
                self.errors_.append(errors)
                epoch_weights.append(theta.copy())
                if errors == 0:
                    self.converged_ = True
                    break
        self.bias_, self.weights_ = float(theta[0]), theta[1:].copy()
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

    def _overflowed(self, X: np.ndarray) -> None:
        raise ValueError(
            f"X is too large for the perceptron rule with learning_rate={self.learning_rate}: the net input or "
            f"the weights overflow float64 (largest |X| = {float(np.abs(X).max()):.3g}); standardize X or lower "
            "learning_rate"
        )

    def net_input(self, X: Any) -> np.ndarray:
        """Return ``z = X @ weights_ + bias_`` for ``X`` of shape (n_samples, n_features).

        ``RuntimeError`` before ``fit``; ``ValueError`` for an ``X`` with
        another number of features than in ``fit``.
        """
        self._check_fitted()
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != len(self.weights_):
            raise ValueError(f"X must have {len(self.weights_)} feature(s) as in fit, got shape {X.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            net_input = X @ self.weights_ + self.bias_
        if not all_finite(net_input):
            raise ValueError(
                f"X is too large: the net input X @ weights_ + bias_ overflows float64 (largest |X| = "
                f"{float(np.abs(X).max()):.3g}, largest |weights_| = {float(np.abs(self.weights_).max()):.3g})"
            )
        return net_input

    def predict(self, X: Any) -> np.ndarray:
        """Return +1 where the net input is >= 0, else -1 (int64)."""
        return np.where(self.net_input(X) >= 0, 1, -1).astype(np.int64)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the fraction of samples whose predicted label equals ``y`` (labels -1/+1)."""
        self._check_fitted()
        y = _pm1_labels(y)
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        return float(np.mean(prediction == y))

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise RuntimeError("this Perceptron is not fitted yet: call fit(X, y) first")

    def __repr__(self) -> str:
        return (
            f"Perceptron(learning_rate={self.learning_rate}, max_epochs={self.max_epochs}, "
            f"shuffle={self.shuffle}, init={self.init!r})"
        )


class _MLPBase:
    """Shared parts of :class:`MLPClassifier` and :class:`MLPRegressor`."""

    def __init__(
        self,
        hidden_layer_sizes: tuple[int, ...] = (16,),
        activation: str = "relu",
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        epochs: int = 200,
        batch_size: int | None = 32,
        l2: float = 0.0,
        dropout: float = 0.0,
        shuffle: bool = True,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        verbose: bool = False,
    ) -> None:
        if isinstance(hidden_layer_sizes, (int, np.integer)) and not isinstance(hidden_layer_sizes, bool):
            hidden_layer_sizes = (hidden_layer_sizes,)
        if not isinstance(hidden_layer_sizes, (tuple, list)):
            raise TypeError(
                f"hidden_layer_sizes must be a tuple of layer widths such as (16,) or (32, 16), "
                f"got {describe(hidden_layer_sizes)}"
            )
        self.hidden_layer_sizes = tuple(
            check_int(width, f"hidden_layer_sizes[{index}]", minimum=1, maximum=2**31)
            for index, width in enumerate(hidden_layer_sizes)
        )
        if (
            not isinstance(activation, str)
            or activation not in nn.ACTIVATION_MODULES
            or activation in ("softmax", "step")
        ):
            valid = sorted(set(nn.ACTIVATION_MODULES) - {"softmax", "step"})
            raise ValueError(f"activation must be one of {valid}, got {activation!r}")
        self.activation = activation
        if not isinstance(optimizer, str) or optimizer.lower() not in optim.OPTIMIZERS:
            raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {sorted(optim.OPTIMIZERS)}")
        self.optimizer = optimizer
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.batch_size = None if batch_size is None else check_int(batch_size, "batch_size", minimum=1)
        self.l2 = check_positive(l2, "l2", allow_zero=True)
        self.dropout = check_probability(dropout, "dropout")
        self.shuffle = check_bool(shuffle, "shuffle")
        as_rng(rng, seed)  # check them now
        self._rng, self._seed = rng, seed
        self.verbose = check_bool(verbose, "verbose")

    def _build(self, n_in: int, n_out: int, dtype: np.dtype, generator: np.random.Generator) -> nn.Sequential:
        # He initialization suits the ReLU family, Xavier/Glorot the saturating activations
        init = "he_uniform" if self.activation in ("relu", "leaky_relu", "elu") else "xavier_uniform"
        layers: list[nn.Module] = []
        for width in self.hidden_layer_sizes:
            layers += [
                nn.Linear(n_in, width, init=init, rng=generator, dtype=dtype),
                nn.activation_module(self.activation),
            ]
            if self.dropout:
                layers.append(nn.Dropout(self.dropout, rng=generator))
            n_in = width
        layers.append(nn.Linear(n_in, n_out, init="xavier_uniform", rng=generator, dtype=dtype))
        return nn.Sequential(*layers)

    def _train(
        self,
        X: np.ndarray,
        target: np.ndarray,
        n_out: int,
        loss: losses.Loss,
        validation_data: tuple[np.ndarray, np.ndarray] | None,
    ) -> tuple[nn.Sequential, History]:
        """Build and train a new network; the estimator's attributes are left to the caller (set on success)."""
        # a seed gives the same fit every time (an rng advances): as random_state in scikit-learn
        generator = as_rng(self._rng, self._seed)
        model = self._build(X.shape[1], n_out, X.dtype, generator)
        optimizer = optim.get_optimizer(self.optimizer, model.parameters(), lr=self.learning_rate)
        history = fit(
            model,
            loss,
            optimizer,
            X,
            target,
            epochs=self.epochs,
            batch_size=self.batch_size,
            validation_data=validation_data,
            shuffle=self.shuffle,
            rng=generator,
            l2=self.l2,
            verbose=self.verbose,
        )
        return model, history

    def _set_fitted(self, model: nn.Sequential, history: History, loss: losses.Loss, n_features: int) -> None:
        self.model_, self.history_, self.loss_, self.n_features_in_ = model, history, loss, n_features

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y) first")

    def _output(self, X: Any) -> np.ndarray:
        """The network's output for ``X``, in evaluation mode (dropout off)."""
        self._check_fitted()
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must have {self.n_features_in_} feature(s) as in fit, got shape {X.shape}")
        with nn.evaluating(self.model_), np.errstate(over="ignore", invalid="ignore"):
            return _check_output(self.model_, self.model_(X))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(hidden_layer_sizes={self.hidden_layer_sizes}, "
            f"activation={self.activation!r}, optimizer={self.optimizer!r}, "
            f"learning_rate={self.learning_rate}, epochs={self.epochs}, batch_size={self.batch_size})"
        )


class MLPClassifier(_MLPBase):
    """A multilayer perceptron classifier: ``nn.Sequential`` + an optimizer + :func:`mlcourse.train.fit`.

    The network is ``Linear -> activation [-> Dropout]`` per hidden layer and
    a final ``Linear`` that outputs logits (scores): the softmax is applied
    inside the loss (:class:`~mlcourse.losses.CrossEntropyLoss`) and by
    :meth:`predict_proba`. With ``output="sigmoid"`` (two classes only) the
    last layer has one unit and the loss is
    :class:`~mlcourse.losses.BCEWithLogitsLoss`. Any labels work (integers
    such as 3 and 7, or -1 and +1): they are mapped to ``0 .. n_classes - 1``
    in the order of ``classes_``, as in scikit-learn.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (16,)
        Width of each hidden layer; two or more make a deep network.
    activation : str, default "relu"
        Hidden activation: "relu", "leaky_relu", "elu", "tanh", "sigmoid" or
        "identity". Weights start with He initialization for the ReLU family,
        Xavier/Glorot otherwise.
    output : {"softmax", "sigmoid"}, default "softmax"
        Output layer and loss.
    optimizer : str, default "adam"
        A name for :func:`mlcourse.optim.get_optimizer`.
    learning_rate : float, default 0.01
        Its learning rate.
    epochs : int, default 200
        Passes over the training data.
    batch_size : int or None, default 32
        Mini-batch size (None: full batch).
    l2 : float, default 0
        L2 penalty on the weights, as in :func:`mlcourse.train.fit`.
    dropout : float, default 0
        Dropout rate after each hidden activation (0 for none).
    shuffle : bool, default True
        Shuffle the training data every epoch.
    rng, seed
        Source of randomness for the initial weights, dropout and shuffling.
        With ``seed``, every ``fit`` starts from the same generator.
    verbose : bool, default False
        Print one line per epoch.

    Attributes
    ----------
    classes_ : numpy.ndarray
        The labels seen in ``fit``, sorted.
    model_ : mlcourse.nn.Sequential
        The trained network.
    history_ : mlcourse.train.History
        Losses and accuracies per epoch.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); y = np.array([-1, 1, 1, -1])
    >>> clf = MLPClassifier((8,), activation="tanh", learning_rate=0.05, epochs=150, batch_size=None, seed=0)
    >>> clf.fit(X, y).predict(X)
    array([-1,  1,  1, -1])
    """

    OUTPUTS = ("softmax", "sigmoid")

    def __init__(
        self,
        hidden_layer_sizes: tuple[int, ...] = (16,),
        activation: str = "relu",
        output: str = "softmax",
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        epochs: int = 200,
        batch_size: int | None = 32,
        l2: float = 0.0,
        dropout: float = 0.0,
        shuffle: bool = True,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        verbose: bool = False,
    ) -> None:
        super().__init__(
            hidden_layer_sizes,
            activation,
            optimizer,
            learning_rate,
            epochs,
            batch_size,
            l2,
            dropout,
            shuffle,
            rng,
            seed,
            verbose,
        )
        if output not in self.OUTPUTS:
            raise ValueError(f"output must be one of {self.OUTPUTS}, got {output!r}")
        self.output = output

    @staticmethod
    def _encode(y: Any, name: str, classes: np.ndarray) -> np.ndarray:
        y = _class_labels(y, name, classes)
        unknown = np.setdiff1d(y, classes)
        if unknown.size:
            raise ValueError(
                f"{name} holds labels {unknown[:5].tolist()} not seen in fit (classes_ = {classes.tolist()})"
            )
        return np.searchsorted(classes, y)

    def _target(self, encoded: np.ndarray, dtype: np.dtype) -> np.ndarray:
        return encoded.astype(dtype).reshape(-1, 1) if self.output == "sigmoid" else encoded

    def fit(self, X: Any, y: Any, validation_data: tuple[Any, Any] | None = None) -> "MLPClassifier":
        """Train on ``X`` (n_samples, n_features) and labels ``y`` (n_samples,).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Inputs (float32 builds a float32 network).
        y : array_like of shape (n_samples,)
            Class labels, at least two different ones.
        validation_data : (X_val, y_val), optional
            Scored after every epoch into ``history_``.

        Returns
        -------
        MLPClassifier
            ``self``.

        Raises
        ------
        TypeError
            If ``X`` is not a float array, ``y`` is None, holds None or
            labels of mixed kinds (numbers and strings), or
            ``validation_data`` is not a pair.
        ValueError
            If ``X`` is not 2-D, empty or holds NaN/inf, ``y`` is not 1-D,
            holds NaN/inf or floats with a fractional part (a regression
            target: use :class:`MLPRegressor`), ``X`` and ``y`` differ in
            length, there is one class only, ``output="sigmoid"`` is asked
            for more than two classes, or ``y_val`` holds labels not in ``y``.
            A failed ``fit`` leaves the estimator as it was.
        """
        X = as_float_array(X, "X", ndim=2)
        y = _class_labels(y, "y")
        check_same_length(X, y, "X", "y")
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(f"y must hold at least 2 classes, got only {classes.tolist()}")
        if self.output == "sigmoid" and len(classes) != 2:
            raise ValueError(f"output='sigmoid' needs exactly 2 classes, got {len(classes)}; use output='softmax'")
        target = self._target(self._encode(y, "y", classes), X.dtype)
        validation = None
        if validation_data is not None:
            X_val, y_val = _check_pair(validation_data)
            validation = (
                as_float_array(X_val, "X_val", ndim=2),
                self._target(self._encode(y_val, "y_val", classes), X.dtype),
            )
        if self.output == "sigmoid":
            n_out, loss = 1, losses.BCEWithLogitsLoss()
        else:
            n_out, loss = len(classes), losses.CrossEntropyLoss()
        model, history = self._train(X, target, n_out, loss, validation)
        self.classes_ = classes
        self._set_fitted(model, history, loss, X.shape[1])
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order.

        Raises
        ------
        RuntimeError
            Before ``fit``.
        ValueError
            If ``X`` is not 2-D, holds NaN/inf or has another number of
            features than in ``fit``, or the network's output overflows.
        """
        scores = self._output(X)
        if self.output == "sigmoid":
            positive = sigmoid(scores[:, 0])
            return np.column_stack([1 - positive, positive])
        return softmax(scores, axis=1)

    def predict(self, X: Any) -> np.ndarray:
        """Return the most probable label of each sample (from ``classes_``); errors as :meth:`predict_proba`."""
        probabilities = self.predict_proba(X)
        return self.classes_[np.argmax(probabilities, axis=1)]

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the fraction of samples whose predicted label equals ``y``.

        Errors as :meth:`predict_proba`, and for ``y`` as in :meth:`fit`
        (labels of another kind than ``classes_``, e.g. strings for numbers,
        raise ``ValueError``; labels not seen in fit just count as wrong).
        """
        self._check_fitted()
        y = _class_labels(y, "y", self.classes_)
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        return float(np.mean(prediction == y))


class MLPRegressor(_MLPBase):
    """A multilayer perceptron for regression, trained on the mean squared error.

    Same network as :class:`MLPClassifier` with a linear output of one unit
    per target (no activation), loss :class:`~mlcourse.losses.MSELoss`.

    Parameters
    ----------
    hidden_layer_sizes, activation, optimizer, learning_rate, epochs, batch_size
        As in :class:`MLPClassifier`.
    l2, dropout, shuffle, rng, seed, verbose
        As in :class:`MLPClassifier`.

    Attributes
    ----------
    model_ : mlcourse.nn.Sequential
        The trained network.
    history_ : mlcourse.train.History
        Losses per epoch.

    Examples
    --------
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1); y = X[:, 0] ** 2
    >>> reg = MLPRegressor((16,), activation="tanh", learning_rate=0.02, epochs=300, seed=0).fit(X, y)
    >>> reg.score(X, y) > 0.95
    True
    """

    def fit(self, X: Any, y: Any, validation_data: tuple[Any, Any] | None = None) -> "MLPRegressor":
        """Train on ``X`` (n_samples, n_features) and targets ``y`` (n_samples,) or (n_samples, n_targets).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Inputs (float32 builds a float32 network).
        y : array_like of shape (n_samples,) or (n_samples, n_targets)
            Real targets.
        validation_data : (X_val, y_val), optional
            Scored after every epoch into ``history_``.

        Returns
        -------
        MLPRegressor
            ``self``.

        Raises
        ------
        TypeError
            If ``X`` or ``y`` is not a float array (or a list of numbers), or
            ``validation_data`` is not a pair.
        ValueError
            If ``X`` is not 2-D, ``y`` not 1-D or 2-D, they differ in length,
            are empty or hold NaN/inf, or ``y_val`` has another number of
            target columns than ``y``. A failed ``fit`` leaves the estimator
            as it was.
        """
        X = as_float_array(X, "X", ndim=2)
        y = as_float_array(y, "y", ndim=(1, 2))
        check_same_length(X, y, "X", "y")
        target = y.reshape(len(y), -1).astype(X.dtype)
        validation = None
        if validation_data is not None:
            X_val, y_val = _check_pair(validation_data)
            y_val = as_float_array(y_val, "y_val", ndim=(1, 2))
            y_val = y_val.reshape(len(y_val), -1)
            if y_val.shape[1] != target.shape[1]:
                raise ValueError(
                    f"y_val must have the {target.shape[1]} target column(s) of y, got shape {y_val.shape}"
                )
            validation = (as_float_array(X_val, "X_val", ndim=2), y_val.astype(X.dtype))
        loss = losses.MSELoss()
        model, history = self._train(X, target, target.shape[1], loss, validation)
        self._target_ndim = y.ndim
        self._set_fitted(model, history, loss, X.shape[1])
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Return the predictions, shaped like the ``y`` given to ``fit``.

        Raises
        ------
        RuntimeError
            Before ``fit``.
        ValueError
            If ``X`` is not 2-D, holds NaN/inf or has another number of
            features than in ``fit``, or the network's output overflows.
        """
        output = self._output(X)
        return output[:, 0] if self._target_ndim == 1 else output

    def score(self, X: Any, y: Any) -> float:
        """Coefficient of determination R^2 (averaged over targets); 1 is a perfect fit.

        Raises
        ------
        RuntimeError
            Before ``fit``.
        ValueError
            If ``y`` is constant (R^2 is undefined), has another number of
            target columns than in ``fit``, or ``X`` is refused as in
            :meth:`predict`.
        """
        self._check_fitted()
        y = as_float_array(y, "y", ndim=(1, 2))
        prediction = self.predict(X)
        check_same_length(prediction, y, "X", "y")
        y2, p2 = y.reshape(len(y), -1), prediction.reshape(len(y), -1)
        if y2.shape[1] != p2.shape[1]:
            raise ValueError(
                f"y must have the {p2.shape[1]} target column(s) of the y given to fit, got shape {y.shape}"
            )
        residual, total = _r2_sums(y2, p2, axis=0)
        if np.any(total == 0):
            raise ValueError("R^2 is undefined when a target is constant")
        _check_r2_sums(residual, total, y, prediction)
        return float(np.mean(1 - residual / total))


def _check_gradient_fits(X: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float) -> None:
    """``ValueError`` if the gradient of the mean squared error at ``(weights, bias)`` overflows float64.

    A bound first, from the largest values (three reductions): the residuals are at most
    ``max|X| * sum|w| + |b| + max|y|``, and each gradient entry at most twice that times ``max|X|``
    (or 1). Only past 1e300 is the gradient computed to see whether it really overflows.
    """
    largest_x = float(np.abs(X).max()) if X.size else 0.0
    residual_bound = largest_x * float(np.abs(weights).sum()) + abs(float(bias)) + float(np.abs(y).max())
    if residual_bound * 2.0 * max(largest_x, 1.0) < 1e300:
        return
    with np.errstate(over="ignore", invalid="ignore"):
        residual = X @ weights + bias - y
        finite = all_finite(X.T @ residual) and math.isfinite(float(residual.sum()) * 2.0)
    if not finite:
        raise ValueError(
            "the gradient overflows float64: X, y, weights or bias are too large (largest |X| = "
            f"{largest_x:.3g}, |weights| = {float(np.abs(weights).max()):.3g}, bias = {float(bias):.3g})"
        )


def _r2_sums(y: np.ndarray, prediction: np.ndarray, axis: int | None = None) -> tuple[Any, Any]:
    """The sums of squares of R^2 (residual, total); rescaled when the total underflowed to 0.

    With targets of size 1e-160 the squares of their deviations underflow: the sums are then
    computed on ``y / max|y|`` and ``prediction / max|y|`` (their ratio is the same).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        residual = np.sum((prediction - y) ** 2, axis=axis)
        total = np.sum((y - y.mean(axis=axis)) ** 2, axis=axis)
        if np.any(total == 0) and np.any(y != y.mean(axis=axis)):
            peak = float(np.max(np.abs(y)))
            y, prediction = y / peak, prediction / peak
            residual = np.sum((prediction - y) ** 2, axis=axis)
            total = np.sum((y - y.mean(axis=axis)) ** 2, axis=axis)
    return residual, total


def _check_r2_sums(residual: Any, total: Any, y: np.ndarray, prediction: np.ndarray) -> None:
    """``ValueError`` when the sums of squares of R^2 overflowed (values beyond ~1e154)."""
    if not (np.isfinite(residual).all() and np.isfinite(total).all()):
        raise ValueError(
            "y is too large for R^2: its sums of squares overflow (largest |y| = "
            f"{float(np.abs(y).max()):.3g}, largest |prediction| = {float(np.abs(prediction).max()):.3g}); "
            "rescale y"
        )


def _pm1_labels(y: Any, name: str = "y") -> np.ndarray:
    """:func:`as_pm1_labels`, every refusal naming ``name``."""
    if y is None:
        raise TypeError(f"{name} must be 1-D labels -1/+1, got None")
    try:
        return as_pm1_labels(y, name)
    except ValueError as error:
        message = str(error)
        raise ValueError(message if message.startswith(name) else f"{name}: {message}") from None


def _check_pair(validation_data: Any) -> tuple[Any, Any]:
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError(f"validation_data must be a pair (X_val, y_val), got {describe(validation_data)}")
    return validation_data[0], validation_data[1]


def _class_labels(y: Any, name: str, classes: np.ndarray | None = None) -> np.ndarray:
    """Check class labels: 1-D, non-empty, numbers (whole if floats) or strings, not mixed, no None/NaN.

    With ``classes`` (those seen in fit), the labels must be of the same kind
    (numbers or strings) as them.
    """
    if y is None:
        raise TypeError(f"{name} must be array-like class labels, got None")
    try:
        labels = np.asarray(y)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must be a 1-D sequence of class labels, got {describe(y)}") from error
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D class labels, got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError(f"{name} must not be empty")
    if labels.dtype.kind in "US" and not isinstance(y, np.ndarray):
        labels = np.asarray(y, dtype=object)  # a list mixing numbers and strings becomes all strings: look
    if labels.dtype.kind == "O":
        labels = _object_labels(labels, name)
    kind = labels.dtype.kind
    if kind not in "biufUS":
        raise TypeError(f"{name} must hold class labels (integers, strings or booleans), got {describe(labels)}")
    if kind == "f":
        finite = np.isfinite(labels)
        if not finite.all():
            raise ValueError(
                f"{name} must be class labels, got {labels.size - int(np.count_nonzero(finite))} NaN/inf value(s)"
            )
        whole = labels == np.round(labels)
        if not whole.all():
            raise ValueError(
                f"{name} must be class labels, got floats with a fractional part such as "
                f"{float(labels[~whole][0])!r}: for real-valued targets use MLPRegressor"
            )
    if classes is not None and (kind in "US") != (classes.dtype.kind in "US"):
        seen = "strings" if classes.dtype.kind in "US" else "numbers"
        raise ValueError(
            f"{name} must hold labels of the kind seen in fit ({seen}: classes_ = "
            f"{classes[:5].tolist()}), got {describe(labels)}"
        )
    return labels


def _object_labels(labels: np.ndarray, name: str) -> np.ndarray:
    """Labels given as Python objects: all strings, or all numbers; None or a mix is refused."""
    values = labels.tolist()
    if any(value is None for value in values):
        count = sum(value is None for value in values)
        raise TypeError(f"{name} must not hold None, got {count} None label(s) among {len(values)}")
    if all(isinstance(value, (str, np.str_)) for value in values):
        return labels.astype(str)
    numeric = (int, float, np.integer, np.floating, np.bool_)
    if all(isinstance(value, numeric) for value in values):
        return np.asarray(values)
    kinds = sorted({type(value).__name__ for value in values})
    raise TypeError(f"{name} must hold labels of one kind (all numbers or all strings), got a mix of {kinds}")
