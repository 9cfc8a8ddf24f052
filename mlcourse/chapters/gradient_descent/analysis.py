"""Gradient descent as an algorithm: the four steps, stopping rules, stability, paths; chapter 3's experiments.

Chapter 3 uses these on the test functions of :mod:`mlcourse.surfaces` and on
a linear model trained with :func:`mlcourse.train.fit`:

- :func:`gradient_descent` (its loop is :func:`descent_loop`): initialise,
  compute the gradient, step, repeat until a tolerance is met (on the
  gradient norm or on the change of the loss), with optional gradient noise
  (a model of what mini-batches do);
- :func:`max_stable_learning_rate`: the threshold ``2 / L`` above which
  gradient descent on a quadratic diverges;
- :class:`RecordingSGD` and :func:`fit_line_path`: the path of a linear
  model's ``(w, b)`` under batch, mini-batch and stochastic gradient descent;
- :func:`path_length`, :func:`wiggle_ratio`, :func:`steps_near`,
  :func:`distance_to_minimum`, :func:`line_mse`: numbers that describe a path.

The chapter's two experiments (the data behind its widgets and tables):

- the learning rate: one rate on the curve ``f = 5 x**2`` (:func:`curve`,
  ``2 / L = 0.2``) and on a surface of :data:`LEARNING_RATE_SURFACES`,
  run by :func:`learning_rate_runs`;
- the batch size: the line ``y = 2x + 1`` fitted to :func:`chapter_data`
  (its exact solution is :func:`least_squares`) at any batch size, by
  :func:`chapter_line_path`.

Examples
--------
>>> from mlcourse.surfaces import Quadratic1D
>>> result = gradient_descent(Quadratic1D(), 4.0, 0.5, max_steps=3)
>>> result.path.tolist()
[4.0, 2.0, 1.0, 0.5]
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy as np

from mlcourse._validation import as_float_array, as_rng, check_int, check_positive
from mlcourse.data import make_noisy_line
from mlcourse.models import LinearRegression
from mlcourse.nn import Linear, Parameter
from mlcourse.optim import SGD
from mlcourse.surfaces import (
    Himmelblau,
    IllConditionedBowl,
    Quadratic1D,
    as_surface,
    has_diverged,
)
from mlcourse.train import TrainingDiverged, fit

__all__ = [
    "DescentResult",
    "gradient_descent",
    "descent_loop",
    "max_stable_learning_rate",
    "RecordingSGD",
    "LinePath",
    "updates_per_epoch",
    "fit_line_path",
    "path_length",
    "wiggle_ratio",
    "steps_near",
    "distance_to_minimum",
    "line_mse",
    "CURVATURE",
    "CURVE_START",
    "RUN_STEPS",
    "LEARNING_RATE_SURFACES",
    "curve",
    "learning_rate_runs",
    "LINE_SAMPLES",
    "LINE_EPOCHS",
    "chapter_data",
    "least_squares",
    "chapter_line_path",
]

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
    """Plain gradient descent ``x <- x - learning_rate * grad f(x)``: checks, then :func:`descent_loop`.

    The loop is the algorithm's four steps:

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
    surface : curve or surface of :mod:`mlcourse.surfaces`, or its name
        Anything with ``value``, ``gradient`` and ``dim`` (1 or 2), or a
        name for :func:`mlcourse.surfaces.get_surface`.
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
        If the surface name is unknown, ``start`` has the wrong shape or is
        not finite, or a setting is out of range.

    Examples
    --------
    >>> from mlcourse.surfaces import IllConditionedBowl
    >>> result = gradient_descent(IllConditionedBowl(), (5.0, 1.0), 0.05, tolerance=1e-3)
    >>> result.stopped_by, result.converged_at
    ('tolerance', 167)
    """
    surface = as_surface(surface)
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
    return descent_loop(surface, point, learning_rate, max_steps, tolerance, criterion, noise, generator)


def descent_loop(surface: Any, start: np.ndarray, learning_rate: float, max_steps: int, tolerance: float | None,
                 criterion: str, noise: float, generator: np.random.Generator | None) -> DescentResult:
    """The loop of :func:`gradient_descent`, its four steps marked; the arguments are not checked again.

    Call :func:`gradient_descent`, which checks the arguments, turns ``start``
    into a float64 point and ``rng``/``seed`` into ``generator`` (``None``
    without noise), then runs this loop.

    Examples
    --------
    >>> from mlcourse.surfaces import Quadratic1D
    >>> descent_loop(Quadratic1D(), np.float64(4.0), 0.5, 3, None, "gradient", 0.0, None).path.tolist()
    [4.0, 2.0, 1.0, 0.5]
    """
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
        if has_diverged(x, value):  # not finite, or farther than 1e6 from the origin
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
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 1:
        raise ValueError(f"X must have exactly one feature (shape (n_samples, 1)), got shape {X.shape}")
    targets = as_float_array(y, "y", ndim=1).reshape(-1, 1)
    model = Linear(1, 1, init="zeros")
    optimizer = RecordingSGD(model.parameters(), lr=learning_rate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # reported by history.diverged_at
        history = fit(model, "mse", optimizer, X, targets, epochs=epochs, batch_size=batch_size, seed=seed)
    final_loss = float(line_mse([[model.W.data[0, 0], model.b.data[0]]], X, targets[:, 0])[0])
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


def distance_to_minimum(surface: Any, path: Any) -> np.ndarray:
    """Distance of every point of a path to the nearest known minimum of ``surface``.

    Parameters
    ----------
    surface : curve or surface of :mod:`mlcourse.surfaces`
        Must know at least one minimum (``surface.minima``).
    path : array_like of shape (n,) on a curve, (n, 2) on a surface
        The points visited.

    Returns
    -------
    numpy.ndarray of shape (n,)

    Raises
    ------
    ValueError
        If the surface has no known minimum or the path does not match its dimension.

    Examples
    --------
    >>> from mlcourse.surfaces import DoubleWell1D, IllConditionedBowl
    >>> distance_to_minimum(IllConditionedBowl(), [[3.0, 4.0], [0.0, 0.5]]).tolist()
    [5.0, 0.5]
    >>> distance_to_minimum(DoubleWell1D(), [1.1309, -1.3]).round(3).tolist()  # the nearer of its two minima
    [0.0, 0.001]
    """
    surface = as_surface(surface)
    if not surface.minima:
        raise ValueError(f"{type(surface).__name__} has no known minimum")
    minima = np.asarray(surface.minima, dtype=np.float64)
    points = as_float_array(path, "path", ndim=1 if surface.dim == 1 else 2)
    if surface.dim == 1:
        return np.min(np.abs(points[:, None] - minima[None, :]), axis=1)
    if points.shape[1] != 2:
        raise ValueError(f"path must have shape (n, 2) on a surface, got shape {points.shape}")
    return np.min(np.linalg.norm(points[:, None, :] - minima[None, :, :], axis=2), axis=1)


def line_mse(params: Any, X: Any, y: Any) -> np.ndarray:
    """The training MSE of the line ``y_hat = w x + b`` for every row ``(w, b)`` of ``params``.

    Parameters
    ----------
    params : array_like of shape (n, 2)
        Rows ``(w, b)``, e.g. the path of :func:`fit_line_path`.
    X : array_like of shape (n_samples, 1)
        One input feature.
    y : array_like of shape (n_samples,)
        Targets.

    Returns
    -------
    numpy.ndarray of shape (n,)
        ``inf`` where a row is so large that the loss overflows.

    Raises
    ------
    ValueError
        If ``params`` does not have two columns or ``X`` one feature.

    Examples
    --------
    >>> X, y = np.array([[0.0], [1.0]]), np.array([1.0, 3.0])
    >>> line_mse([[2.0, 1.0], [0.0, 0.0]], X, y).tolist()  # the exact line, then (1 + 9) / 2
    [0.0, 5.0]
    """
    lines = as_float_array(params, "params", ndim=2, allow_nonfinite=True)
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if lines.shape[1] != 2 or X.shape[1] != 1:
        raise ValueError(f"params must have shape (n, 2) and X shape (n_samples, 1), got {lines.shape} and {X.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        return np.mean((lines[:, :1] * X[:, 0] + lines[:, 1:] - y) ** 2, axis=1)


# --------------------------------------------------------------------------- the learning-rate experiment

#: The curvature ``L`` of the experiment's curve ``f = L x**2 / 2`` (so ``2 / L = 0.2``).
CURVATURE = 10.0
#: Where every run on the curve starts.
CURVE_START = 3.0
#: Steps of every run of the experiment.
RUN_STEPS = 400
#: The 2-D surfaces of the experiment: name -> (surface, start).
#:
#: :meta hide-value:
LEARNING_RATE_SURFACES: dict[str, tuple[Any, tuple[float, float]]] = {
    "bowl, curvatures 1 and 10": (IllConditionedBowl(a=1.0, b=10.0), (-8.0, 3.0)),
    "bowl, curvatures 4 and 10": (IllConditionedBowl(a=4.0, b=10.0), (-8.0, 3.0)),
    "Himmelblau": (Himmelblau(), (-0.5, -0.5)),
}


def curve() -> Quadratic1D:
    """The experiment's 1-D curve: ``f(x) = L x**2 / 2`` with ``L = CURVATURE = 10``, so ``2 / L = 0.2``.

    Examples
    --------
    >>> curve().gradient(CURVE_START)
    30.0
    """
    return Quadratic1D(curvature=CURVATURE)


@lru_cache(maxsize=64)
def learning_rate_runs(learning_rate: float, surface_name: str) -> tuple[DescentResult, DescentResult]:
    """Gradient descent at ``learning_rate`` on :func:`curve` and on a surface of the experiment (cached).

    Both runs take :data:`RUN_STEPS` steps (fewer if they diverge), from
    :data:`CURVE_START` and from the surface's start.

    Parameters
    ----------
    learning_rate : float
        The step size (> 0).
    surface_name : str
        A key of :data:`LEARNING_RATE_SURFACES`.

    Returns
    -------
    (DescentResult, DescentResult)
        The run on the curve, then the run on the surface.

    Raises
    ------
    ValueError
        If the surface name is unknown or the learning rate is not positive.

    Examples
    --------
    >>> on_curve, on_surface = learning_rate_runs(0.21, "bowl, curvatures 1 and 10")
    >>> on_curve.diverged_at, on_surface.diverged_at  # 0.21 > 2 / 10: both diverge
    (134, 134)
    """
    if surface_name not in LEARNING_RATE_SURFACES:
        raise ValueError(f"unknown surface {surface_name!r}; choose one of {list(LEARNING_RATE_SURFACES)}")
    surface, start = LEARNING_RATE_SURFACES[surface_name]
    return (gradient_descent(curve(), CURVE_START, learning_rate, max_steps=RUN_STEPS),
            gradient_descent(surface, start, learning_rate, max_steps=RUN_STEPS))


# --------------------------------------------------------------------------- the batch-size experiment

#: Samples of :func:`chapter_data`.
LINE_SAMPLES = 64
#: Epochs of every run of :func:`chapter_line_path`.
LINE_EPOCHS = 20


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray]:
    """64 noisy points around ``y = 2x + 1`` (seeded), the data of the chapter's batch-size experiments.

    Examples
    --------
    >>> X, y = chapter_data()
    >>> X.shape, y.shape
    ((64, 1), (64,))
    """
    return make_noisy_line(LINE_SAMPLES, slope=2.0, intercept=1.0, noise=1.0, seed=0)


@lru_cache(maxsize=1)
def least_squares() -> tuple[float, float, float]:
    """The exact minimiser ``(w, b)`` of the MSE on :func:`chapter_data`, and the MSE there (normal equation).

    Examples
    --------
    >>> [round(value, 4) for value in least_squares()]
    [2.0563, 1.0597, 0.9677]
    """
    X, y = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X, y)
    return float(exact.weights_[0]), exact.bias_, exact.loss_history_[0]


@lru_cache(maxsize=32)
def chapter_line_path(batch_size: int | None, learning_rate: float) -> LinePath:
    """The line fitted to :func:`chapter_data` by :func:`fit_line_path` for :data:`LINE_EPOCHS` epochs (cached).

    Parameters
    ----------
    batch_size : int or None
        Samples per update; ``None`` is the whole data set.
    learning_rate : float
        Step size (> 0).

    Returns
    -------
    LinePath

    Examples
    --------
    >>> result = chapter_line_path(8, 0.03)
    >>> result.updates_per_epoch, len(result.path) - 1, round(result.final_loss, 4)
    (8, 160, 0.9686)
    """
    X, y = chapter_data()
    return fit_line_path(X, y, batch_size=batch_size, learning_rate=learning_rate, epochs=LINE_EPOCHS, seed=0)
