"""Fitting a line under the squared (L2) or the absolute (L1) error: outliers and robustness.

Chapter 5 compares the two losses on data with outliers. Two ways to fit:

- :func:`fit_line` trains ``nn.Linear(1, 1)`` with :func:`mlcourse.train.fit`
  and plain gradient descent, as any network is trained. The MAE's gradient
  is ``sign(residual) * x / n``: it does not shrink near the minimum, so a
  fixed learning rate ends in a small oscillation; ``stages`` lowers the rate
  step by step to settle.
- :func:`exact_line` finds the minimiser directly: least squares for the
  MSE, and for the MAE :func:`lad_line`, which uses the fact that some best
  L1 line passes through two of the data points.

Examples
--------
>>> import numpy as np
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.0, 1.0, 2.0, 30.0])
>>> exact_line(X, y, "mae")  # the outlier at x = 3 does not move the L1 line
(1.0, 0.0)
>>> tuple(round(v, 2) for v in exact_line(X, y, "mse"))
(9.1, -5.4)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mlcourse._validation import as_float_array, check_int, check_positive

__all__ = ["LineFit", "lad_line", "exact_line", "fit_line", "line_loss"]


def _check_line_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 1:
        raise ValueError(f"X must have exactly one feature (shape (n_samples, 1)), got shape {X.shape}")
    y = as_float_array(y, "y", ndim=1)
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    if len(y) < 2:
        raise ValueError(f"a line needs at least 2 points, got {len(y)}")
    return X[:, 0], y


def _check_loss_name(loss: str) -> str:
    key = str(loss).lower()
    if key not in ("mse", "mae"):
        raise ValueError(f"loss must be 'mse' or 'mae', got {loss!r}")
    return key


def line_loss(X: Any, y: Any, slope: float, intercept: float, loss: str = "mse") -> float:
    """The MSE or MAE of the line ``y = slope * x + intercept`` on ``(X, y)``.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    slope, intercept : float
        The line.
    loss : {"mse", "mae"}, default "mse"

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes are wrong or the loss name is unknown.

    Examples
    --------
    >>> line_loss([[0.0], [1.0]], [1.0, 1.0], 0.0, 0.0, "mae")
    1.0
    """
    x, y = _check_line_data(X, y)
    residual = slope * x + intercept - y
    return float(np.mean(residual ** 2) if _check_loss_name(loss) == "mse" else np.mean(np.abs(residual)))


def lad_line(X: Any, y: Any) -> tuple[float, float]:
    """The least-absolute-deviations line: the exact minimiser of the MAE.

    The MAE of a line is a convex, piecewise linear function of
    ``(slope, intercept)``; its minimum is attained at a corner, where two
    residuals are zero, i.e. on a line through two data points. The function
    tries every such line (about ``n**2 / 2`` of them, each checked against
    all ``n`` points: fine for the few hundred points of a chapter) and returns
    the best. When several lines tie (the L1 minimiser need not be unique), the
    first one found is returned.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
        Inputs; at least two distinct values.
    y : array_like of shape (n_samples,)
        Targets.

    Returns
    -------
    (slope, intercept) : tuple of float

    Raises
    ------
    ValueError
        If the shapes are wrong or all ``x`` are equal.

    Examples
    --------
    >>> lad_line([[0.0], [1.0], [2.0]], [0.0, 10.0, 2.0])  # through (0, 0) and (2, 2)
    (1.0, 0.0)
    """
    x, y = _check_line_data(X, y)
    i, j = np.triu_indices(len(x), k=1)
    keep = x[i] != x[j]
    if not keep.any():
        raise ValueError("lad_line needs at least two distinct x values")
    i, j = i[keep], j[keep]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    best_cost, best = np.inf, (0.0, 0.0)
    for start in range(0, len(slopes), 4096):  # chunks keep the memory at 4096 x n
        s, b = slopes[start:start + 4096], intercepts[start:start + 4096]
        cost = np.abs(s[:, None] * x[None, :] + b[:, None] - y[None, :]).sum(axis=1)
        k = int(np.argmin(cost))
        if cost[k] < best_cost:
            best_cost, best = float(cost[k]), (float(s[k]), float(b[k]))
    return best


def exact_line(X: Any, y: Any, loss: str = "mse") -> tuple[float, float]:
    """The line that minimises the MSE (least squares) or the MAE (:func:`lad_line`) exactly.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    loss : {"mse", "mae"}, default "mse"

    Returns
    -------
    (slope, intercept) : tuple of float

    Raises
    ------
    ValueError
        If the shapes are wrong, the loss name is unknown, or all ``x`` are equal.

    Examples
    --------
    >>> [round(v, 6) for v in exact_line([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])]
    [2.0, 1.0]
    """
    key = _check_loss_name(loss)
    if key == "mae":
        return lad_line(X, y)
    x, y = _check_line_data(X, y)
    if np.all(x == x[0]):
        raise ValueError("a least-squares line needs at least two distinct x values")
    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(slope), float(intercept)


@dataclass
class LineFit:
    """A line fitted by gradient descent, and how the loss went.

    Attributes
    ----------
    slope, intercept : float
        The fitted line ``y = slope * x + intercept``.
    loss : str
        ``"mse"`` or ``"mae"``.
    train_loss : list of float
        The loss per epoch over all stages.
    learning_rates : list of float
        The learning rate of each stage.
    """

    slope: float
    intercept: float
    loss: str
    train_loss: list[float] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)


def fit_line(X: Any, y: Any, loss: str = "mse", *, learning_rate: float = 0.1, epochs: int = 200,
             stages: int = 1, decay: float = 0.1) -> LineFit:
    """Fit ``y = w x + b`` by full-batch gradient descent on the MSE or the MAE.

    The model is ``nn.Linear(1, 1)`` starting at ``w = b = 0``, trained by
    :func:`mlcourse.train.fit` with ``optim.SGD`` and ``losses.MSELoss`` or
    ``losses.MAELoss``: the same machinery as every network of the course.
    With ``stages > 1`` training continues for another ``epochs`` epochs at
    the learning rate times ``decay``, then times ``decay**2``, and so on. The
    MAE needs this: its gradient ``mean(sign(r) x)`` keeps its size near the
    minimum, so each stage only settles to within about the step size.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    loss : {"mse", "mae"}, default "mse"
    learning_rate : float, default 0.1
        Learning rate of the first stage (> 0).
    epochs : int, default 200
        Epochs per stage (>= 1).
    stages : int, default 1
        Number of stages (>= 1).
    decay : float, default 0.1
        Factor between the learning rates of consecutive stages (> 0).

    Returns
    -------
    LineFit

    Raises
    ------
    ValueError
        If the shapes are wrong, the loss name is unknown, or a number is out of range.

    Warns
    -----
    TrainingDiverged
        If the learning rate is so large that the loss stops being finite.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> fit = fit_line(X, y, "mse", learning_rate=0.2, epochs=300)
    >>> round(fit.slope, 4), round(fit.intercept, 4)
    (2.0, 1.0)
    """
    from mlcourse import nn, optim
    from mlcourse.losses import MAELoss, MSELoss
    from mlcourse.train import fit

    key = _check_loss_name(loss)
    x, y = _check_line_data(X, y)
    learning_rate = check_positive(learning_rate, "learning_rate")
    epochs = check_int(epochs, "epochs", minimum=1)
    stages = check_int(stages, "stages", minimum=1)
    decay = check_positive(decay, "decay")
    model = nn.Linear(1, 1, init="zeros")
    loss_fn = MSELoss() if key == "mse" else MAELoss()
    result = LineFit(0.0, 0.0, key)
    for stage in range(stages):
        rate = learning_rate * decay ** stage
        history = fit(model, loss_fn, optim.SGD(model.parameters(), lr=rate), x.reshape(-1, 1), y.reshape(-1, 1),
                      epochs=epochs)
        result.train_loss.extend(history.train_loss)
        result.learning_rates.append(rate)
        if history.diverged_at is not None:
            break
    result.slope, result.intercept = float(model.W.data[0, 0]), float(model.b.data[0])
    return result
