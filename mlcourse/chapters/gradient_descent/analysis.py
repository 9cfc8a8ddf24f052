"""Gradient descent as an algorithm: the four steps, stopping rules, stability, paths.

Chapter 7 uses these on the test functions of :mod:`mlcourse.surfaces` and on
a linear model trained with :func:`mlcourse.train.fit`:

- :func:`gradient_descent`: initialise, compute the gradient, step, repeat
  until a tolerance is met (on the gradient norm or on the change of the
  loss), with optional gradient noise (a model of what mini-batches do);
- :func:`max_stable_learning_rate`: the threshold ``2 / L`` above which
  gradient descent on a quadratic diverges;
- :class:`RecordingSGD` and :func:`fit_line_path`: the path of a linear
  model's ``(w, b)`` under batch, mini-batch and stochastic gradient descent;
- :func:`path_length`, :func:`wiggle_ratio`, :func:`steps_near`: numbers
  that describe a path.

Examples
--------
>>> from mlcourse.surfaces import Quadratic1D
>>> result = gradient_descent(Quadratic1D(), 4.0, 0.5, max_steps=3)
>>> result.path.tolist()
[4.0, 2.0, 1.0, 0.5]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from mlcourse._validation import as_float_array, as_rng, check_int, check_positive, describe
from mlcourse.nn import Linear, Parameter
from mlcourse.optim import SGD

__all__ = [
    "DescentResult",
    "gradient_descent",
    "max_stable_learning_rate",
    "RecordingSGD",
    "LinePath",
    "updates_per_epoch",
    "fit_line_path",
    "path_length",
    "wiggle_ratio",
    "steps_near",
]

#: A point farther than this from the origin counts as diverged (as in :mod:`mlcourse.surfaces`).
DIVERGENCE_RADIUS = 1e6
CRITERIA = ("gradient", "loss")


@dataclass
class DescentResult:
    """The run of :func:`gradient_descent` (the fields are attributes of the same name).

    Parameters
    ----------
    path : numpy.ndarray
        The points visited, start first: shape ``(n_steps + 1,)`` on a 1-D
        curve, ``(n_steps + 1, 2)`` on a surface. Never contains a
        non-finite point.
    values : numpy.ndarray
        f at every point of ``path``.
    stopped_by : str
        ``"tolerance"``, ``"max_steps"`` or ``"diverged"``.
    converged_at : int or None
        With ``stopped_by == "tolerance"``: the number of steps taken.
    diverged_at : int or None
        The (1-based) step whose result was non-finite or farther than
        ``1e6`` from the origin (that point is not in ``path``).
    """

    path: np.ndarray
    values: np.ndarray
    stopped_by: str
    converged_at: int | None
    diverged_at: int | None

    @property
    def n_steps(self) -> int:
        """Steps taken (``len(path) - 1``)."""
        return len(self.path) - 1


def _check_surface(surface: Any) -> Any:
    if not (hasattr(surface, "value") and hasattr(surface, "gradient") and getattr(surface, "dim", 0) in (1, 2)):
        raise TypeError(f"surface must be a curve or surface of mlcourse.surfaces, got {describe(surface)}")
    return surface


def _is_bad(point: np.ndarray, value: float) -> bool:
    return not (np.all(np.isfinite(point)) and math.isfinite(value)) or float(np.abs(point).max()) > DIVERGENCE_RADIUS


def gradient_descent(
    surface: Any,
    start: Any,
    learning_rate: float,
    *,
    max_steps: int = 1000,
    tolerance: float | None = None,
    criterion: str = "gradient",
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> DescentResult:
    """Plain gradient descent ``x <- x - learning_rate * grad f(x)``, written as its four steps.

    1. initialise ``x`` at ``start``;
    2. compute the gradient at ``x``;
    3. step against it, scaled by the learning rate;
    4. repeat until the tolerance is met (or ``max_steps``, or divergence).

    Two stopping rules: ``criterion="gradient"`` stops when the gradient
    norm at the current point is below ``tolerance`` (the slope is flat);
    ``criterion="loss"`` stops when one step changed f by less than
    ``tolerance`` (the loss no longer moves). Both also stop near a saddle
    point, where the slope is flat too.

    With ``noise > 0`` every gradient gets independent Gaussian noise of that
    standard deviation per coordinate: a simple model of the error a
    mini-batch makes in estimating the full gradient. The stopping rules look
    at the exact gradient and loss.

    Parameters
    ----------
    surface : curve or surface of :mod:`mlcourse.surfaces`
        Anything with ``value``, ``gradient`` and ``dim`` (1 or 2).
    start : float or array_like of shape (2,)
        The starting point.
    learning_rate : float
        The step size ``alpha`` (> 0).
    max_steps : int, default 1000
        Upper limit on the number of steps (>= 0).
    tolerance : float, optional
        Threshold of the stopping rule (> 0); ``None`` runs ``max_steps``.
    criterion : {"gradient", "loss"}, default "gradient"
        What the tolerance is compared with.
    noise : float, default 0
        Standard deviation of the gradient noise (>= 0).
    rng, seed
        Source of the noise.

    Returns
    -------
    DescentResult

    Raises
    ------
    TypeError
        If ``surface`` is not a curve or surface.
    ValueError
        If ``start`` has the wrong shape or is not finite, or a setting is out
        of range.

    Examples
    --------
    >>> from mlcourse.surfaces import IllConditionedBowl
    >>> result = gradient_descent(IllConditionedBowl(), (5.0, 1.0), 0.05, tolerance=1e-3)
    >>> result.stopped_by, result.converged_at
    ('tolerance', 167)
    """
    surface = _check_surface(surface)
    point = as_float_array(start, "start", ndim=0 if surface.dim == 1 else 1).astype(np.float64)
    if point.shape != (() if surface.dim == 1 else (2,)):
        raise ValueError(f"start must be a point of shape {(2,)} on a surface, got shape {point.shape}")
    learning_rate = check_positive(learning_rate, "learning_rate")
    max_steps = check_int(max_steps, "max_steps", minimum=0)
    tolerance = None if tolerance is None else check_positive(tolerance, "tolerance")
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}, got {criterion!r}")
    noise = check_positive(noise, "noise", allow_zero=True)
    generator = as_rng(rng, seed) if noise else None

    return _descend(surface, point, learning_rate, max_steps, tolerance, criterion, noise, generator)


def _descend(surface: Any, start: np.ndarray, learning_rate: float, max_steps: int, tolerance: float | None,
             criterion: str, noise: float, generator: np.random.Generator | None) -> DescentResult:
    """The loop of :func:`gradient_descent`, on checked arguments."""
    # 1. initialise
    x = start
    path, values = [x], [surface.value(x)]
    stopped_by, converged_at, diverged_at = "max_steps", None, None
    for step in range(1, max_steps + 1):
        # 2. compute the gradient (stop first if the slope is flat enough)
        gradient = np.asarray(surface.gradient(x))
        if criterion == "gradient" and tolerance is not None and np.linalg.norm(gradient) < tolerance:
            stopped_by, converged_at = "tolerance", step - 1
            break
        if generator is not None:  # optional noise, as a mini-batch would make
            gradient = gradient + noise * generator.standard_normal(gradient.shape)
        # 3. step against the gradient, scaled by the learning rate
        x = x - learning_rate * gradient
        value = surface.value(x)
        if _is_bad(x, value):  # not finite, or farther than DIVERGENCE_RADIUS
            stopped_by, diverged_at = "diverged", step
            break
        path.append(x)
        values.append(value)
        # 4. repeat until the tolerance is met (or max_steps)
        if criterion == "loss" and tolerance is not None and abs(values[-2] - values[-1]) < tolerance:
            stopped_by, converged_at = "tolerance", step
            break
    return DescentResult(np.array(path), np.array(values, dtype=np.float64), stopped_by, converged_at, diverged_at)


def max_stable_learning_rate(hessian: Any) -> float:
    """The learning rate above which gradient descent on a quadratic diverges: ``2 / lambda_max``.

    On ``f(x) = (x - c)^T H (x - c) / 2`` one step maps the error ``e = x - c``
    to ``(I - alpha H) e``; along the eigenvector of eigenvalue ``lambda``
    it is multiplied by ``1 - alpha lambda``, which has modulus below 1 only
    for ``alpha < 2 / lambda``. The largest eigenvalue sets the limit.

    Parameters
    ----------
    hessian : float or array_like of shape (d, d)
        The curvature ``L`` of a 1-D quadratic, or a symmetric positive
        definite Hessian.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the Hessian is not square, not symmetric, or has no positive
        eigenvalue.

    Examples
    --------
    >>> max_stable_learning_rate(4.0)
    0.5
    >>> max_stable_learning_rate([[1.0, 0.0], [0.0, 20.0]])
    0.1
    """
    matrix = as_float_array(hessian, "hessian", ndim=(0, 2))
    if matrix.ndim == 0:
        matrix = matrix.reshape(1, 1)
    if matrix.shape[0] != matrix.shape[1] or not np.allclose(matrix, matrix.T):
        raise ValueError(f"hessian must be a symmetric square matrix, got shape {matrix.shape}")
    largest = float(np.linalg.eigvalsh(matrix).max())
    if largest <= 0:
        raise ValueError(f"hessian needs a positive eigenvalue (a curved-up direction), got largest {largest:g}")
    return 2.0 / largest


class RecordingSGD(SGD):
    """Plain SGD (``p <- p - lr * g``) that records every parameter after each update.

    ``path[0]`` holds the starting values and ``path[k]`` the values after
    update ``k``, all parameters flattened and concatenated in order. Used
    to draw the path of a model's parameters during :func:`mlcourse.train.fit`.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float
        Learning rate (> 0).

    Examples
    --------
    >>> w = Parameter(np.array([1.0]))
    >>> optimizer = RecordingSGD([w], lr=0.5)
    >>> w.grad[:] = 2.0
    >>> optimizer.step()
    >>> np.array(optimizer.path).tolist()
    [[1.0], [0.0]]
    """

    def __init__(self, params: Iterable[Parameter], lr: float) -> None:
        super().__init__(params, lr)
        self.path: list[np.ndarray] = [self._flat()]

    def _flat(self) -> np.ndarray:
        return np.concatenate([param.data.ravel() for param in self.params]).astype(np.float64)

    def step(self) -> None:
        """Update every parameter, then record their values."""
        super().step()
        self.path.append(self._flat())


def updates_per_epoch(n_samples: int, batch_size: int | None) -> int:
    """Parameter updates in one pass over ``n_samples`` samples: ``ceil(n / batch_size)``.

    ``batch_size=None`` (batch gradient descent) gives 1; ``batch_size=1``
    (stochastic gradient descent) gives ``n_samples``.

    Examples
    --------
    >>> updates_per_epoch(100, None), updates_per_epoch(100, 1), updates_per_epoch(100, 32)
    (1, 100, 4)
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    if batch_size is None:
        return 1
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    return math.ceil(n_samples / min(batch_size, n_samples))


@dataclass
class LinePath:
    """The result of :func:`fit_line_path` (the fields are attributes of the same name).

    Parameters
    ----------
    path : numpy.ndarray of shape (n_updates + 1, 2)
        ``(w, b)`` at the start and after every update.
    history : mlcourse.train.History
        What :func:`mlcourse.train.fit` returned.
    final_loss : float
        MSE of the final ``(w, b)`` on the whole training set.
    updates_per_epoch : int
        Parameter updates per pass over the data.
    """

    path: np.ndarray
    history: Any
    final_loss: float
    updates_per_epoch: int


def fit_line_path(
    X: Any,
    y: Any,
    *,
    batch_size: int | None,
    learning_rate: float,
    epochs: int,
    seed: int = 0,
) -> LinePath:
    """Train ``y_hat = w x + b`` (``nn.Linear(1, 1)`` from zero, MSE) with :func:`mlcourse.train.fit`.

    The same model, loss, learning rate and data for every ``batch_size``:
    ``None`` is batch gradient descent, ``1`` stochastic, ``k`` mini-batch;
    the samples are shuffled every epoch with ``seed``. The optimizer is a
    :class:`RecordingSGD`, so every update's ``(w, b)`` is kept.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
        One input feature.
    y : array_like of shape (n_samples,)
        Targets.
    batch_size : int or None
        Samples per update.
    learning_rate : float
        Step size (> 0).
    epochs : int
        Passes over the data (>= 1).
    seed : int, default 0
        Seed of the shuffling.

    Returns
    -------
    LinePath

    Raises
    ------
    ValueError
        If ``X`` does not have exactly one feature, or a setting is out of range.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> result = fit_line_path(X, y, batch_size=None, learning_rate=0.1, epochs=2)
    >>> result.path.round(4).tolist()
    [[0.0, 0.0], [0.8667, 0.6], [1.3244, 0.9067]]
    """
    import warnings

    from mlcourse.models import TrainingDiverged
    from mlcourse.train import fit

    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 1:
        raise ValueError(f"X must have exactly one feature (shape (n_samples, 1)), got shape {X.shape}")
    targets = as_float_array(y, "y", ndim=1).reshape(-1, 1)
    model = Linear(1, 1, init="zeros")
    optimizer = RecordingSGD(model.parameters(), lr=learning_rate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # reported by history.diverged_at
        history = fit(model, "mse", optimizer, X, targets, epochs=epochs, batch_size=batch_size, seed=seed)
    w, b = model.W.data[0, 0], model.b.data[0]
    with np.errstate(over="ignore", invalid="ignore"):
        final_loss = float(np.mean((X[:, 0] * w + b - targets[:, 0]) ** 2))
    return LinePath(np.array(optimizer.path), history, final_loss, updates_per_epoch(len(X), batch_size))


def _as_path(path: Any) -> np.ndarray:
    array = as_float_array(path, "path", ndim=(1, 2))
    return array.reshape(-1, 1) if array.ndim == 1 else array


def path_length(path: Any) -> float:
    """Total length of a path: the sum of the distances between consecutive points.

    Examples
    --------
    >>> path_length([[0.0, 0.0], [3.0, 4.0], [3.0, 0.0]])
    9.0
    """
    points = _as_path(path)
    return float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())


def wiggle_ratio(path: Any) -> float:
    """Path length divided by the straight distance from its first to its last point.

    1 for a straight path; the more the path zig-zags (noisy stochastic
    updates, oscillation across a valley), the larger. ``inf`` when the path
    ends where it started but moved in between.

    Examples
    --------
    >>> wiggle_ratio([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    1.0
    >>> wiggle_ratio([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    1.4142135623730951
    """
    points = _as_path(path)
    length = path_length(points)
    straight = float(np.linalg.norm(points[-1] - points[0]))
    if straight == 0:
        return 1.0 if length == 0 else math.inf
    return length / straight


def steps_near(path: Any, point: Any, radius: float) -> int:
    """How many points of a path lie within ``radius`` of ``point`` (e.g. steps spent near a saddle).

    Examples
    --------
    >>> steps_near([[1.0, 0.0], [0.1, 0.0], [0.0, 0.05], [2.0, 2.0]], (0.0, 0.0), 0.2)
    2
    """
    points = _as_path(path)
    centre = as_float_array(point, "point", ndim=(0, 1)).reshape(-1)
    if centre.shape[0] != points.shape[1]:
        raise ValueError(f"point must have {points.shape[1]} coordinate(s), got {centre.shape[0]}")
    radius = check_positive(radius, "radius")
    return int(np.count_nonzero(np.linalg.norm(points - centre, axis=1) <= radius))
