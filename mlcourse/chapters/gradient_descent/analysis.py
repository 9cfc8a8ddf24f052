"""Gradient descent as an algorithm: the four steps, stopping rules, stability, paths; chapter 3's experiments.

Chapter 3 uses these on the test functions of :mod:`mlcourse.surfaces` and on
the line of chapter 1, trained with its gradient
(:meth:`mlcourse.models.LinearRegression.gradient`):

- :func:`gradient_descent` (its loop is :func:`descent_loop`): initialise,
  compute the gradient, step, repeat until a tolerance is met (on the
  gradient norm or on the change of the loss), with optional gradient noise
  (a model of what mini-batches do);
- :func:`max_stable_learning_rate`: the threshold ``2 / L`` above which
  gradient descent on a quadratic diverges; :func:`predicted_steps`: how
  many steps it needs below it; :func:`mse_hessian`: the curvature of a
  linear model's MSE;
- :func:`minibatch_descent` (its epoch is :func:`minibatch_epoch`): batch,
  mini-batch and stochastic gradient descent on the MSE of a linear model,
  with the path of its ``(w, b)`` and its loss after every epoch;
- :func:`path_length`, :func:`wiggle_ratio`, :func:`steps_near`,
  :func:`distance_to_minimum`, :func:`line_mse`: numbers that describe a path.

The chapter's two experiments (the data behind its widgets and tables):

- the learning rate: one rate on the curve ``f = 5 x**2`` (:func:`curve`,
  ``2 / L = 0.2``) and on a surface of :data:`LEARNING_RATE_SURFACES`,
  run by :func:`learning_rate_runs`;
- the batch size: the line ``y = 2x + 1`` fitted to :func:`chapter_data`
  (its exact solution is :func:`least_squares`) at any batch size, by
  :func:`chapter_line_path`.

The section page "beyond a fixed step" adds: :func:`schedules` and
:func:`schedule_runs` (noisy gradient descent with a constant rate against
decaying schedules), :func:`noise_ball_radius` (how far a constant rate keeps
wandering), :func:`newton_cost` (why networks do not use Newton's method) and
:func:`equality_minimum` (a quadratic minimised on a line, from the Lagrange
condition).

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
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse._validation import (
    as_float_array,
    as_rng,
    check_int,
    check_positive,
    check_same_length,
)
from mlcourse.data import make_noisy_line
from mlcourse.lr_scheduler import CosineAnnealingLR, ExponentialLR, InverseTimeLR, LinearWarmup, StepLR
from mlcourse.models import LinearRegression
from mlcourse.surfaces import (
    Himmelblau,
    IllConditionedBowl,
    PathResult,
    Quadratic1D,
    as_surface,
    has_diverged,
    optimize_path,
)

__all__ = [
    "DescentResult",
    "gradient_descent",
    "descent_loop",
    "max_stable_learning_rate",
    "predicted_steps",
    "mse_hessian",
    "LinePath",
    "updates_per_epoch",
    "minibatch_epoch",
    "minibatch_descent",
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
    "SCHEDULE_BOWL",
    "SCHEDULE_START",
    "SCHEDULE_STEPS",
    "schedules",
    "schedule_runs",
    "noise_ball_radius",
    "newton_cost",
    "equality_minimum",
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


# The book shows this function: its signature stays on two lines.
# fmt: off
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
    x, path, values = start, [start], [surface.value(start)]
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
# fmt: on


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


def predicted_steps(learning_rate: float, curvature: float, start: float, distance: float) -> float:
    """Steps gradient descent needs on ``f = L (x - c)**2 / 2`` to come within ``distance`` of ``c``.

    The error is multiplied by ``r = 1 - learning_rate * L`` every step, so
    it is ``|r|**k |x0 - c|`` after ``k`` steps: the answer is the first
    ``k`` with ``|r|**k |x0 - c| < distance``, that is
    ``ceil(ln(|x0 - c| / distance) / ln(1 / |r|))`` (one step when
    ``r = 0``, none when the start is already close enough) and ``inf``
    when ``|r| >= 1`` (it bounces or diverges).

    Parameters
    ----------
    learning_rate : float
        The step size (> 0).
    curvature : float
        ``L`` (> 0).
    start : float
        ``x0 - c``, the starting error.
    distance : float
        The distance to reach (> 0).

    Returns
    -------
    float

    Examples
    --------
    >>> predicted_steps(0.05, 10.0, 3.0, 1e-6), predicted_steps(0.1, 10.0, 3.0, 1e-6)
    (22.0, 1.0)
    >>> predicted_steps(0.2, 10.0, 3.0, 1e-6)
    inf
    """
    learning_rate = check_positive(learning_rate, "learning_rate")
    curvature = check_positive(curvature, "curvature")
    distance = check_positive(distance, "distance")
    error = abs(float(start))
    if error < distance:
        return 0.0
    factor = abs(1.0 - learning_rate * curvature)
    if factor >= 1.0:
        return math.inf
    if factor == 0.0:
        return 1.0
    steps = math.ceil(math.log(error / distance) / math.log(1.0 / factor))
    while factor**steps * error >= distance:  # rounding of the logarithms: make it the first k
        steps += 1
    while steps > 1 and factor ** (steps - 1) * error < distance:
        steps -= 1
    return float(steps)


def mse_hessian(X: Any) -> np.ndarray:
    """The Hessian ``(2/n) A^T A`` of the MSE of ``y_hat = X @ w + b``, with ``A = [1, X]`` (order ``(b, w...)``).

    The MSE is a quadratic in ``(b, w)``, so this matrix is its curvature
    everywhere, and :func:`max_stable_learning_rate` of it is the learning
    rate above which batch gradient descent on it diverges.

    Examples
    --------
    >>> mse_hessian(np.array([[1.0], [-1.0]])).tolist()
    [[2.0, 0.0], [0.0, 2.0]]
    """
    X = as_float_array(X, "X", ndim=2)
    design = np.hstack([np.ones((len(X), 1)), X])
    return (2.0 / len(X)) * design.T @ design


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


# The book shows this function: its signature stays on two lines.
# fmt: off
def minibatch_epoch(X: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float, batch_size: int,
                    learning_rate: float, generator: np.random.Generator) -> list[np.ndarray]:
    """One epoch of mini-batch gradient descent on the MSE of a linear model: ``(w..., b)`` after each update.

    The rows are visited in a fresh random order (one draw from ``generator``)
    and cut into batches of ``batch_size`` rows, the last one possibly
    smaller; each batch gives one step along its own gradient,
    :meth:`mlcourse.models.LinearRegression.gradient` of chapter 1 on those
    rows only. ``batch_size = len(y)`` is batch gradient descent, ``1``
    stochastic gradient descent. The epoch stops early at an update that
    takes a parameter farther than ``1e6`` from 0 (a diverging run), before
    the numbers overflow. The arguments are not checked: call
    :func:`minibatch_descent`.

    Examples
    --------
    >>> X, y = np.array([[0.0], [1.0]]), np.array([1.0, 3.0])
    >>> steps = minibatch_epoch(X, y, np.zeros(1), 0.0, 2, 0.25, np.random.default_rng(0))
    >>> [step.tolist() for step in steps]  # one full batch: dL/dw = -3, dL/db = -4
    [[0.75, 1.0]]
    """
    order = generator.permutation(len(y))  # a fresh random order every epoch
    path = []
    for start in range(0, len(y), batch_size):
        rows = order[start : start + batch_size]  # the next batch (the last one may be smaller)
        grad_w, grad_b = LinearRegression.gradient(X[rows], y[rows], weights, bias)
        weights, bias = weights - learning_rate * grad_w, bias - learning_rate * grad_b
        path.append(np.append(weights, bias))
        if np.abs(path[-1]).max() > 1e6:  # diverging: stop before the numbers overflow
            break
    return path
# fmt: on


@dataclass
class LinePath:
    """The result of :func:`minibatch_descent` (the fields are attributes of the same name).

    Parameters
    ----------
    path : numpy.ndarray of shape (n_updates + 1, n_features + 1)
        ``(w..., b)`` at the start and after every update (for a line,
        rows ``(w, b)``); a diverging update is not included.
    losses : numpy.ndarray of shape (n_epochs_run + 1,)
        The training MSE at the start and after every completed epoch.
    final_loss : float
        The training MSE of the last row of ``path``.
    updates_per_epoch : int
        Parameter updates per pass over the data.
    diverged_at : int or None
        The epoch in which an update went farther than ``1e6``, if one did
        (training stopped there).
    """

    path: np.ndarray
    losses: np.ndarray
    final_loss: float
    updates_per_epoch: int
    diverged_at: int | None


def _linear_mse(X: np.ndarray, y: np.ndarray, params: np.ndarray) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean((X @ params[:-1] + params[-1] - y) ** 2))


def minibatch_descent(
    X: Any,
    y: Any,
    batch_size: int | None,
    *,
    learning_rate: float,
    epochs: int,
    seed: int = 0,
) -> LinePath:
    """Fit ``y_hat = X @ w + b`` from ``w = 0, b = 0`` by mini-batch gradient descent on the MSE.

    Runs :func:`minibatch_epoch` ``epochs`` times with one generator seeded
    by ``seed``: the same data, learning rate and number of epochs for every
    ``batch_size`` (``None`` is the whole data set, batch gradient descent;
    ``1`` is stochastic gradient descent), and records ``(w..., b)`` after
    every update and the training MSE after every epoch. A run whose
    parameters pass ``1e6`` is stopped in that epoch (``diverged_at``).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Inputs.
    y : array_like of shape (n_samples,)
        Targets.
    batch_size : int or None
        Samples per update (values above ``n_samples`` mean all of them).
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
    TypeError, ValueError
        If ``X`` or ``y`` is not a finite float array of matching length,
        or a setting is out of range.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> result = minibatch_descent(X, y, None, learning_rate=0.1, epochs=2)
    >>> result.path.round(4).tolist(), result.updates_per_epoch
    ([[0.0, 0.0], [0.8667, 0.6], [1.3244, 0.9067]], 1)
    """
    X, y = as_float_array(X, "X", ndim=2), as_float_array(y, "y", ndim=1)
    check_same_length(X, y, "X", "y")
    learning_rate = check_positive(learning_rate, "learning_rate")
    epochs = check_int(epochs, "epochs", minimum=1)
    size = len(y) if batch_size is None else min(check_int(batch_size, "batch_size", minimum=1), len(y))
    generator = np.random.default_rng(seed)
    start = np.zeros(X.shape[1] + 1)
    path, losses, diverged_at = [start], [_linear_mse(X, y, start)], None
    for epoch in range(1, epochs + 1):
        steps = minibatch_epoch(X, y, path[-1][:-1], float(path[-1][-1]), size, learning_rate, generator)
        if np.abs(steps[-1]).max() > 1e6:
            path.extend(steps[:-1])
            diverged_at = epoch
            break
        path.extend(steps)
        losses.append(_linear_mse(X, y, path[-1]))
    return LinePath(
        np.array(path), np.array(losses), _linear_mse(X, y, path[-1]), updates_per_epoch(len(y), size), diverged_at
    )


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
        Rows ``(w, b)``, e.g. the path of :func:`minibatch_descent`.
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
    return (
        gradient_descent(curve(), CURVE_START, learning_rate, max_steps=RUN_STEPS),
        gradient_descent(surface, start, learning_rate, max_steps=RUN_STEPS),
    )


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
    """The line fitted to :func:`chapter_data` by :func:`minibatch_descent` for :data:`LINE_EPOCHS` epochs (cached).

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
    return minibatch_descent(X, y, batch_size, learning_rate=learning_rate, epochs=LINE_EPOCHS, seed=0)


# ---------------------------------------------------------------- beyond a fixed step (section page)

#: The bowl of the schedule experiment (curvatures 1 and 10, as in the chapter), its start and length.
SCHEDULE_BOWL = IllConditionedBowl(a=1.0, b=10.0)
SCHEDULE_START = (-8.0, 3.0)
SCHEDULE_STEPS = 400


def schedules(steps: int = SCHEDULE_STEPS) -> dict[str, Any]:
    """The page's learning-rate schedules, by name: functions that build a scheduler for an optimizer.

    ``None`` is the constant rate; the others are
    :mod:`mlcourse.lr_scheduler` schedules over ``steps`` steps: step decay
    (x0.3 every quarter), exponential decay (x0.99 per step), inverse time
    (``1 / (1 + 0.05 t)``), cosine annealing to 0, and a linear warm-up over
    the first 5% followed by cosine annealing.

    Parameters
    ----------
    steps : int, default :data:`SCHEDULE_STEPS`
        The length of the runs (>= 20).

    Returns
    -------
    dict of str to callable or None

    Examples
    --------
    >>> list(schedules())
    ['constant', 'step', 'exponential', '1/t', 'cosine', 'warm-up + cosine']
    """
    steps = check_int(steps, "steps", minimum=20)
    warmup = steps // 20
    return {
        "constant": None,
        "step": lambda opt: StepLR(opt, step_size=steps // 4, gamma=0.3),
        "exponential": lambda opt: ExponentialLR(opt, gamma=0.99),
        "1/t": lambda opt: InverseTimeLR(opt, decay=0.05),
        "cosine": lambda opt: CosineAnnealingLR(opt, T_max=steps),
        "warm-up + cosine": lambda opt: LinearWarmup(
            opt, warmup_epochs=warmup, after=CosineAnnealingLR(opt, T_max=steps - warmup)
        ),
    }


@lru_cache(maxsize=8)
def schedule_runs(
    learning_rate: float = 0.1, noise: float = 2.0, seeds: int = 20, steps: int = SCHEDULE_STEPS
) -> dict[str, list[PathResult]]:
    """Noisy gradient descent on :data:`SCHEDULE_BOWL` under every schedule of :func:`schedules` (cached).

    Each run starts at :data:`SCHEDULE_START` and takes ``steps`` steps of
    SGD (:func:`mlcourse.surfaces.optimize_path`) whose gradients carry
    Gaussian noise of standard deviation ``noise``, a stand-in for
    mini-batch gradients; seeds ``0 .. seeds - 1``.

    Parameters
    ----------
    learning_rate : float, default 0.1
        The starting (base) rate of every schedule.
    noise : float, default 2
        Standard deviation of the gradient noise.
    seeds : int, default 20
        Runs per schedule.
    steps : int, default :data:`SCHEDULE_STEPS`
        Steps per run.

    Returns
    -------
    dict of str to list of PathResult
        Schedule name to its runs (``lrs`` holds the rates).

    Examples
    --------
    >>> runs = schedule_runs(seeds=2, steps=40)
    >>> len(runs["cosine"]), runs["cosine"][0].lrs[:2].round(6).tolist()
    (2, [0.1, 0.099846])
    """
    seeds = check_int(seeds, "seeds", minimum=1)
    return {
        name: [
            optimize_path(
                SCHEDULE_BOWL, "sgd", SCHEDULE_START, steps, lr=learning_rate, noise=noise, seed=seed, scheduler=build
            )
            for seed in range(seeds)
        ]
        for name, build in schedules(steps).items()
    }


def noise_ball_radius(learning_rate: float, noise: float, curvatures: Any) -> float:
    """Root-mean-square distance from the minimum that noisy gradient descent keeps with a constant rate.

    On a quadratic with curvatures ``c_i`` (a Hessian's eigenvalues), the
    error along each axis evolves as ``e <- (1 - lr c) e - lr * noise * z``
    with ``z`` standard normal. Its variance settles where
    ``v = (1 - lr c)**2 v + lr**2 noise**2``, that is
    ``v = lr noise**2 / (c (2 - lr c))``; the radius is the square root of
    the sum over the axes. It shrinks like ``sqrt(lr)``: only a rate that
    decreases lets the point settle.

    Parameters
    ----------
    learning_rate : float
        The constant rate (> 0, below ``2 / max(curvatures)``).
    noise : float
        Standard deviation of the gradient noise per coordinate (>= 0).
    curvatures : array_like
        The curvatures (> 0).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a curvature is not > 0, or the rate is not stable (``lr c >= 2``).

    Examples
    --------
    >>> round(noise_ball_radius(0.1, 2.0, [1.0, 10.0]), 4)  # sqrt(0.4 (1/1.9 + 1/10))
    0.5005
    """
    learning_rate = check_positive(learning_rate, "learning_rate")
    noise = check_positive(noise, "noise", allow_zero=True)
    c = as_float_array(curvatures, "curvatures", ndim=1)
    if np.any(c <= 0):
        raise ValueError(f"curvatures must be > 0, got {c}")
    if np.any(learning_rate * c >= 2):
        raise ValueError(f"learning_rate must be below 2 / max(curvatures) = {2 / c.max():g}, got {learning_rate}")
    return float(np.sqrt(np.sum(learning_rate * noise**2 / (c * (2 - learning_rate * c)))))


def newton_cost(n_parameters: int, bytes_per_number: int = 8) -> tuple[float, float]:
    """Memory of the Hessian and arithmetic of one Newton step for ``n`` parameters: ``(8 n**2 bytes, n**3 / 3)``.

    The Hessian has ``n**2`` entries; solving ``H d = g`` by Cholesky
    factorisation costs about ``n**3 / 3`` multiply-adds (against ``n`` for a
    gradient step).

    Parameters
    ----------
    n_parameters : int
        The number of parameters (>= 1).
    bytes_per_number : int, default 8
        8 for float64, 4 for float32.

    Returns
    -------
    (float, float)
        Bytes to store the Hessian, multiply-adds to solve for the step.

    Examples
    --------
    >>> newton_cost(1000)
    (8000000.0, 333333333.3333333)
    """
    n = float(check_int(n_parameters, "n_parameters", minimum=1))
    size = check_int(bytes_per_number, "bytes_per_number", minimum=1)
    return size * n**2, n**3 / 3


def equality_minimum(hessian: Any, normal: Any, offset: float) -> tuple[np.ndarray, float]:
    """Minimise ``x^T H x / 2`` subject to ``n . x = d``: the point and the Lagrange multiplier.

    At the constrained minimum the gradient ``H x`` is parallel to the
    constraint's gradient ``n``: ``H x = lambda n`` together with
    ``n . x = d`` is a linear system of three equations (in 2-D), solved
    here. For a diagonal ``H = diag(a, b)`` and ``n = (1, 1)``:
    ``x = d (b, a) / (a + b)`` and ``lambda = d a b / (a + b)``.

    Parameters
    ----------
    hessian : array_like of shape (k, k)
        Symmetric positive definite.
    normal : array_like of shape (k,)
        The constraint's vector ``n`` (not zero).
    offset : float
        The constraint's right-hand side ``d``.

    Returns
    -------
    (numpy.ndarray, float)
        The constrained minimiser and ``lambda``.

    Examples
    --------
    >>> point, multiplier = equality_minimum(np.diag([1.0, 10.0]), [1.0, 1.0], 1.0)
    >>> point.round(4).tolist(), round(multiplier, 4)  # (10/11, 1/11) and 10/11
    ([0.9091, 0.0909], 0.9091)
    """
    H = as_float_array(hessian, "hessian", ndim=2)
    n = as_float_array(normal, "normal", ndim=1)
    if H.shape != (n.size, n.size):
        raise ValueError(f"hessian must be of shape ({n.size}, {n.size}) to match normal, got {H.shape}")
    if not np.any(n):
        raise ValueError("normal must not be the zero vector")
    d = float(as_float_array(offset, "offset", ndim=0))
    k = n.size
    system = np.zeros((k + 1, k + 1))
    system[:k, :k], system[:k, k], system[k, :k] = H, -n, n
    solution = np.linalg.solve(system, np.concatenate([np.zeros(k), [d]]))
    return solution[:k], float(solution[k])
