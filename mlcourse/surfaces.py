"""Test functions for gradient descent, with exact gradients and known minima.

Two-dimensional surfaces take a point ``xy`` (an array whose last axis has
length 2) or two arrays ``x, y`` of the same shape, so that a whole plotting
grid is evaluated in one call::

    bowl = IllConditionedBowl()
    bowl.value(np.array([1.0, 2.0]))     # one point
    X, Y = np.meshgrid(xs, ys)
    Z = bowl.value(X, Y)                 # a grid

One-dimensional curves (``Quadratic1D``, ``DoubleWell1D``) take a scalar or
an array ``x``. :func:`optimize_path` runs the library's real optimizers
(:mod:`mlcourse.optim`) on both; :func:`newton_path` runs Newton's method with
the exact ``hessian`` of every surface and curve.

Beyond a fixed step: :func:`optimize_path` also takes a learning-rate
``scheduler`` (:mod:`mlcourse.lr_scheduler`) and Gaussian gradient ``noise``
(a model of mini-batch gradients). Constrained problems: :func:`projected_path`
(a gradient step, then back onto the feasible set with :func:`project_onto_box`
or :func:`project_onto_disc`) and :class:`EqualityPenalty` (the quadratic
penalty ``f + mu * (n . x - d)**2`` of a linear equality constraint).

The parameters of the surfaces are limited to the ranges where values,
gradients and Hessians stay finite (and do not underflow) at every point
within :data:`DIVERGENCE_RADIUS`, and the minima lie well within it (at most
1e5 from the origin): scales (curvatures, ``b``) in ``[1e-100, 1e100]``,
Rosenbrock's ``a`` in ``[-100, 100]``, ``Quadratic1D``'s ``center`` in
``[-1e5, 1e5]``, ``DoubleWell1D``'s ``tilt`` in ``[-1e15, 1e15]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Callable

import numpy as np

from ._validation import (
    as_float_array,
    as_rng,
    check_finite_number,
    check_int,
    check_positive,
    describe,
)
from .lr_scheduler import LRScheduler
from .nn import Parameter
from .optim import OPTIMIZERS, Optimizer, get_optimizer

__all__ = [
    "Surface",
    "IllConditionedBowl",
    "Saddle",
    "Rosenbrock",
    "Himmelblau",
    "Quadratic1D",
    "DoubleWell1D",
    "SURFACES",
    "get_surface",
    "as_surface",
    "DIVERGENCE_RADIUS",
    "has_diverged",
    "newton_step",
    "PathResult",
    "optimize_path",
    "newton_path",
    "project_onto_box",
    "project_onto_disc",
    "projected_path",
    "EqualityPenalty",
]

#: A path farther than this from the origin counts as diverged.
DIVERGENCE_RADIUS = 1e6

# the range of the scale parameters (curvatures, Rosenbrock's b): beyond it, values, gradients,
# Hessians or the condition number overflow (or underflow) float64 within DIVERGENCE_RADIUS
_SCALE_RANGE = (1e-100, 1e100)


def _check_scale(value: Any, name: str) -> float:
    number = check_positive(value, name)
    if not _SCALE_RANGE[0] <= number <= _SCALE_RANGE[1]:
        raise ValueError(
            f"{name} must lie in [1e-100, 1e100], got {value!r}: beyond this range, values, gradients or Hessians "
            "overflow or underflow float64"
        )
    return number


def _check_within(value: Any, name: str, limit: str, why: str) -> float:
    number = check_finite_number(value, name)
    if abs(number) > float(limit):
        raise ValueError(f"{name} must lie in [-{limit}, {limit}] ({why}), got {value!r}")
    return number


def _split_xy(xy: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    if y is not None:
        x_array = as_float_array(xy, "x", allow_empty=True, allow_nonfinite=True)
        y_array = as_float_array(y, "y", allow_empty=True, allow_nonfinite=True)
        if x_array.shape != y_array.shape:
            raise ValueError(f"x and y must have the same shape, got {x_array.shape} and {y_array.shape}")
        return x_array, y_array
    point = as_float_array(xy, "xy", allow_empty=True, allow_nonfinite=True)
    if point.ndim == 0 or point.shape[-1] != 2:
        raise ValueError(f"xy must have a last axis of length 2 (x, y), got shape {point.shape}")
    return point[..., 0], point[..., 1]


class Surface:
    """Base class of the 2-D surfaces: ``value``, ``gradient``, minima, plotting window.

    A subclass implements ``_value(x, y)`` and ``_gradient(x, y) -> (dx, dy)``
    on arrays.

    Attributes
    ----------
    name : str
        Short name, as accepted by :func:`get_surface`.
    minima : list of tuple of float
        Known minima ``(x, y)`` (empty when there is none).
    saddle_points : list of tuple of float
        Known saddle points.
    bounds : tuple of (float, float)
        ``((x_min, x_max), (y_min, y_max))``: a window that shows the
        interesting part.
    """

    dim = 2

    def value(self, xy: Any, y: Any = None) -> np.ndarray | float:
        """Return f at ``xy`` (last axis ``(x, y)``), or at ``(x, y)`` given as two arrays.

        Parameters
        ----------
        xy : array_like
            Points with a last axis of length 2, or the ``x`` array when ``y``
            is given.
        y : array_like, optional
            The ``y`` array, same shape as ``xy``.

        Returns
        -------
        float or numpy.ndarray
            A float for a single point, else an array of the points' shape.
            NaN/inf coordinates give NaN/inf values (no error), so that a
            diverged run can be recognised with :func:`has_diverged`.

        Raises
        ------
        TypeError
            If the points are not real numbers.
        ValueError
            If the last axis of ``xy`` is not of length 2, or ``x`` and ``y``
            differ in shape.
        """
        x_array, y_array = _split_xy(xy, y)
        with np.errstate(over="ignore", invalid="ignore"):
            result = self._value(x_array, y_array)
        return float(result) if np.ndim(result) == 0 else result

    def gradient(self, xy: Any, y: Any = None) -> np.ndarray:
        """Return the exact gradient ``(df/dx, df/dy)``, stacked on a last axis of length 2.

        Parameters
        ----------
        xy : array_like
            Points with a last axis of length 2, or the ``x`` array when ``y``
            is given.
        y : array_like, optional
            The ``y`` array, same shape as ``xy``.

        Returns
        -------
        numpy.ndarray
            Shape ``(..., 2)`` (NaN/inf where the points are not finite).

        Raises
        ------
        TypeError
            If the points are not real numbers.
        ValueError
            If the last axis of ``xy`` is not of length 2, or ``x`` and ``y``
            differ in shape.
        """
        x_array, y_array = _split_xy(xy, y)
        with np.errstate(over="ignore", invalid="ignore"):
            dx, dy = self._gradient(x_array, y_array)
        return np.stack([dx, dy], axis=-1)

    def hessian(self, xy: Any, y: Any = None) -> np.ndarray:
        """Return the exact Hessian ``[[f_xx, f_xy], [f_xy, f_yy]]``, on two last axes of length 2.

        Parameters
        ----------
        xy : array_like
            Points with a last axis of length 2, or the ``x`` array when ``y``
            is given.
        y : array_like, optional
            The ``y`` array, same shape as ``xy``.

        Returns
        -------
        numpy.ndarray
            Shape ``(..., 2, 2)``, symmetric (NaN/inf where the points are
            not finite, except for the constant Hessians of the bowl and the
            saddle).

        Raises
        ------
        TypeError
            If the points are not real numbers.
        ValueError
            If the last axis of ``xy`` is not of length 2, or ``x`` and ``y``
            differ in shape.

        Examples
        --------
        >>> Rosenbrock().hessian(np.array([1.0, 1.0]))  # at the minimum
        array([[ 802., -400.],
               [-400.,  200.]])
        """
        x_array, y_array = _split_xy(xy, y)
        with np.errstate(over="ignore", invalid="ignore"):
            hxx, hxy, hyy = self._hessian(x_array, y_array)
        return np.stack([np.stack([hxx, hxy], axis=-1), np.stack([hxy, hyy], axis=-1)], axis=-2)

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover
        raise NotImplementedError


@dataclass
class IllConditionedBowl(Surface):
    """An elongated convex bowl ``f = (a x**2 + b y**2) / 2``, minimum at the origin.

    The gradient is ``(a x, b y)``. With ``b > a`` the valley is steep along
    ``y`` and flat along ``x``: the condition number ``b / a`` is the ratio of
    the curvatures. Gradient descent is stable only for
    ``learning_rate < 2 / b`` and then crawls along ``x`` at a rate set by
    ``a``: the situation that momentum and adaptive methods improve.

    Parameters
    ----------
    a, b : float, default 1 and 20
        Curvatures along ``x`` and ``y``, in ``[1e-100, 1e100]``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a number.
    ValueError
        If ``a`` or ``b`` is not a finite number > 0, or lies outside
        ``[1e-100, 1e100]`` (where values or the condition number overflow).

    Examples
    --------
    >>> bowl = IllConditionedBowl()
    >>> bowl.value(np.array([1.0, 1.0])), bowl.gradient(np.array([1.0, 1.0]))
    (10.5, array([ 1., 20.]))
    """

    a: float = 1.0
    b: float = 20.0
    name: str = field(default="bowl", init=False)

    def __post_init__(self) -> None:
        self.a = _check_scale(self.a, "a")
        self.b = _check_scale(self.b, "b")
        self.minima = [(0.0, 0.0)]
        self.saddle_points = []
        self.bounds = ((-10.0, 10.0), (-4.0, 4.0))

    @property
    def condition_number(self) -> float:
        """The ratio of the largest to the smallest curvature."""
        return max(self.a, self.b) / min(self.a, self.b)

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (self.a * x**2 + self.b * y**2) / 2

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.a * x, self.b * y

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.full_like(x, self.a), np.zeros_like(x), np.full_like(x, self.b)


@dataclass
class Saddle(Surface):
    """The saddle ``f = x**2 - y**2``: zero gradient at the origin, but no minimum.

    The origin is a minimum along ``x`` and a maximum along ``y``. Gradient
    descent started exactly on the ``x`` axis walks into the saddle point and
    stops there; any tiny ``y`` grows and escapes (unboundedly: ``f`` has no
    minimum, so a run here ends in a recorded divergence).

    Examples
    --------
    >>> Saddle().gradient(np.array([1.0, 1.0]))
    array([ 2., -2.])
    """

    name: str = field(default="saddle", init=False)

    def __post_init__(self) -> None:
        self.minima = []
        self.saddle_points = [(0.0, 0.0)]
        self.bounds = ((-2.0, 2.0), (-2.0, 2.0))

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x**2 - y**2

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return 2 * x, -2 * y

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.full_like(x, 2.0), np.zeros_like(x), np.full_like(x, -2.0)


@dataclass
class Rosenbrock(Surface):
    """Rosenbrock's banana ``f = (a - x)**2 + b (y - x**2)**2``, minimum at ``(a, a**2)``.

    A curved, flat-bottomed valley (Rosenbrock 1960): easy to fall into, slow
    to follow. The gradient is
    ``(-2 (a - x) - 4 b x (y - x**2), 2 b (y - x**2))``.

    The Hessian is ``[[2 - 4 b (y - x**2) + 8 b x**2, -4 b x], [-4 b x, 2 b]]``,
    singular on the parabola ``y = x**2 + 1 / (2 b)``.

    Parameters
    ----------
    a, b : float, default 1 and 100
        Shape parameters: ``a`` in ``[-100, 100]``, so that the minimum
        ``(a, a**2)`` lies well within :data:`DIVERGENCE_RADIUS`; ``b`` in
        ``[1e-100, 1e100]``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a number.
    ValueError
        If ``a`` is not finite or ``b`` is not a finite number > 0, or
        either lies outside its range (``Rosenbrock(a=1e200)`` has its
        minimum at ``a**2 = inf``).

    Examples
    --------
    >>> Rosenbrock().value(np.array([1.0, 1.0]))
    0.0
    """

    a: float = 1.0
    b: float = 100.0
    name: str = field(default="rosenbrock", init=False)

    def __post_init__(self) -> None:
        self.a = _check_within(
            self.a, "a", "100", "so that the minimum (a, a**2) lies well within DIVERGENCE_RADIUS = 1e6"
        )
        self.b = _check_scale(self.b, "b")
        self.minima = [(self.a, self.a**2)]
        self.saddle_points = []
        self.bounds = ((-2.0, 2.0), (-1.0, 3.0))

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        valley = y - x**2
        return -2 * (self.a - x) - 4 * self.b * x * valley, 2 * self.b * valley

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        hxx = 2 - 4 * self.b * (y - x**2) + 8 * self.b * x**2
        return hxx, -4 * self.b * x, np.full_like(x, 2 * self.b)


@dataclass
class Himmelblau(Surface):
    """Himmelblau's function ``f = (x**2 + y - 11)**2 + (x + y**2 - 7)**2``: four minima.

    Four minima, all with ``f = 0`` (Himmelblau 1972), one local maximum and
    four saddle points: where gradient descent ends depends on where it
    starts. The minimum ``(3, 2)`` is exact; the other three are roots of a
    polynomial, given here to 12 decimals.

    Examples
    --------
    >>> Himmelblau().value(np.array([3.0, 2.0]))
    0.0
    """

    name: str = field(default="himmelblau", init=False)

    def __post_init__(self) -> None:
        self.minima = [
            (3.0, 2.0),
            (-2.805118086953, 3.131312518250),
            (-3.779310253378, -3.283185991286),
            (3.584428340330, -1.848126526964),
        ]
        self.saddle_points = []
        self.local_maximum = (-0.270844590667, -0.923038556480)
        self.bounds = ((-5.0, 5.0), (-5.0, 5.0))

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        first, second = x**2 + y - 11, x + y**2 - 7
        return 4 * x * first + 2 * second, 2 * first + 4 * y * second

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return 12 * x**2 + 4 * y - 42, 4 * (x + y), 4 * x + 12 * y**2 - 26


class _Curve:
    """Base class of the 1-D curves: ``value(x)`` and ``gradient(x)`` on scalars or arrays."""

    dim = 1

    def value(self, x: Any) -> np.ndarray | float:
        """Return f(x) (a float for a scalar, else an array of x's shape)."""
        x = as_float_array(x, "x", allow_empty=True, allow_nonfinite=True)
        with np.errstate(over="ignore", invalid="ignore"):
            result = self._value(x)
        return float(result) if np.ndim(result) == 0 else result

    def gradient(self, x: Any) -> np.ndarray | float:
        """Return f'(x) (a float for a scalar, else an array of x's shape)."""
        x = as_float_array(x, "x", allow_empty=True, allow_nonfinite=True)
        with np.errstate(over="ignore", invalid="ignore"):
            result = self._gradient(x)
        return float(result) if np.ndim(result) == 0 else result

    def hessian(self, x: Any) -> np.ndarray | float:
        """Return the second derivative f''(x), the 1-D Hessian (a float for a scalar, else an array of x's shape).

        Parameters
        ----------
        x : float or array_like
            The points.

        Returns
        -------
        float or numpy.ndarray

        Raises
        ------
        TypeError
            If ``x`` is not real numbers.

        Examples
        --------
        >>> DoubleWell1D().hessian(1.0)  # 12 x**2 - 6
        6.0
        """
        x = as_float_array(x, "x", allow_empty=True, allow_nonfinite=True)
        with np.errstate(over="ignore", invalid="ignore"):
            result = self._hessian(x)
        return float(result) if np.ndim(result) == 0 else result

    def _value(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _gradient(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _hessian(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class Quadratic1D(_Curve):
    """The parabola ``f = curvature * (x - center)**2 / 2``, minimum at ``center``.

    Gradient descent multiplies the distance to the minimum by
    ``1 - learning_rate * curvature`` each step: it creeps for a small
    learning rate, converges in one step at ``1 / curvature``, zig-zags above
    it and diverges beyond ``2 / curvature``.

    Parameters
    ----------
    curvature : float, default 1
        The second derivative, in ``[1e-100, 1e100]``.
    center : float, default 0
        Where the minimum is, in ``[-1e5, 1e5]`` (well within
        :data:`DIVERGENCE_RADIUS`).

    Raises
    ------
    TypeError
        If ``curvature`` or ``center`` is not a number.
    ValueError
        If ``curvature`` is not a finite number > 0 or ``center`` is not
        finite, or either lies outside its range.

    Examples
    --------
    >>> Quadratic1D(curvature=2.0).gradient(3.0)
    6.0
    """

    curvature: float = 1.0
    center: float = 0.0
    name: str = field(default="quadratic1d", init=False)

    def __post_init__(self) -> None:
        self.curvature = _check_scale(self.curvature, "curvature")
        self.center = _check_within(
            self.center, "center", "1e5", "so that the minimum lies well within DIVERGENCE_RADIUS = 1e6"
        )
        self.minima = [self.center]
        self.bounds = (self.center - 4.0, self.center + 4.0)

    def _value(self, x: np.ndarray) -> np.ndarray:
        return self.curvature * (x - self.center) ** 2 / 2

    def _gradient(self, x: np.ndarray) -> np.ndarray:
        return self.curvature * (x - self.center)

    def _hessian(self, x: np.ndarray) -> np.ndarray:
        return np.full_like(x, self.curvature)


@dataclass
class DoubleWell1D(_Curve):
    """A tilted double well ``f = x**4 - 3 x**2 + tilt * x``: a local and a global minimum.

    For ``0 < tilt < 2.8`` (about) there are two minima; the one on the left
    is lower (global) and the one on the right is only local. Gradient descent
    started on the right settles in the local minimum. ``minima`` lists the
    minima, global first (roots of ``4 x**3 - 6 x + tilt = 0``).

    Parameters
    ----------
    tilt : float, default 1
        The slope added to the symmetric well; it makes one minimum lower.
        In ``[-1e15, 1e15]``, so that the minima lie well within
        :data:`DIVERGENCE_RADIUS`.

    Raises
    ------
    TypeError
        If ``tilt`` is not a number.
    ValueError
        If ``tilt`` is not finite or lies outside ``[-1e15, 1e15]``.

    Examples
    --------
    >>> well = DoubleWell1D()
    >>> [round(m, 4) for m in well.minima]
    [-1.3008, 1.1309]
    """

    tilt: float = 1.0
    name: str = field(default="double_well", init=False)

    def __post_init__(self) -> None:
        self.tilt = _check_within(
            self.tilt, "tilt", "1e15", "so that the minima lie well within DIVERGENCE_RADIUS = 1e6"
        )
        roots = np.roots([4.0, 0.0, -6.0, self.tilt])
        real = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
        minima = [float(r) for r in real if 12 * r**2 - 6 > 0]
        self.minima = sorted(minima, key=lambda r: float(self._value(np.float64(r))))
        self.bounds = (-2.2, 2.2)

    def _value(self, x: np.ndarray) -> np.ndarray:
        return x**4 - 3 * x**2 + self.tilt * x

    def _gradient(self, x: np.ndarray) -> np.ndarray:
        return 4 * x**3 - 6 * x + self.tilt

    def _hessian(self, x: np.ndarray) -> np.ndarray:
        return 12 * x**2 - 6


#: Surface and curve classes by name, for :func:`get_surface`.
#:
#: :meta hide-value:
SURFACES: dict[str, type] = {
    "bowl": IllConditionedBowl,
    "saddle": Saddle,
    "rosenbrock": Rosenbrock,
    "himmelblau": Himmelblau,
    "quadratic1d": Quadratic1D,
    "double_well": DoubleWell1D,
}


def get_surface(name: str, /, **params: Any) -> Surface | _Curve:
    """Build a surface (or 1-D curve) by name.

    Parameters
    ----------
    name : str
        One of ``"bowl"``, ``"saddle"``, ``"rosenbrock"``, ``"himmelblau"``,
        ``"quadratic1d"``, ``"double_well"``.
    **params
        Passed to the class, e.g. ``b=50`` for the bowl.

    Returns
    -------
    Surface or 1-D curve

    Raises
    ------
    TypeError
        If ``name`` is not a str, a parameter is not one of the surface's
        (the message lists them) or is not a number.
    ValueError
        If the name is unknown (the message lists the valid ones) or a
        parameter is out of range (see the classes).

    Examples
    --------
    >>> get_surface("bowl", b=50.0).condition_number
    50.0
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of a surface (str), one of {sorted(SURFACES)}; got {describe(name)}")
    if name.lower() not in SURFACES:
        raise ValueError(f"unknown surface {name!r}; choose one of {sorted(SURFACES)} as name")
    cls = SURFACES[name.lower()]
    accepted = [f.name for f in fields(cls) if f.init]
    unknown = [key for key in params if key not in accepted]
    if unknown:
        raise TypeError(
            f"surface {name.lower()!r} takes the parameters {accepted}, got the unknown parameter(s) {unknown}"
        )
    return cls(**params)


@dataclass
class PathResult:
    """The points visited by an optimizer on a surface (the fields are attributes of the same name).

    Parameters
    ----------
    path : numpy.ndarray
        Shape ``(n_steps + 1, 2)`` for a surface, ``(n_steps + 1,)`` for a
        curve; the starting point first. Shorter than ``steps + 1`` when the
        run diverged or converged early.
    losses : numpy.ndarray
        f at every point of ``path``.
    diverged_at : int or None
        The (1-based) step whose result was non-finite or farther than
        ``1e6`` from the origin; that point is not in ``path``.
    converged_at : int or None
        The step after which the gradient norm fell below ``tolerance``.
    optimizer : str
        The optimizer used, with its hyper-parameters.
    singular_at : int or None
        :func:`newton_path` only: the (1-based) step that could not be taken
        because the Hessian at the last point of ``path`` is singular.
    lrs : numpy.ndarray or None
        :func:`optimize_path` with a ``scheduler`` only: the learning rate of
        every step taken (``lrs[k]`` moved ``path[k]`` to ``path[k + 1]``).
    """

    path: np.ndarray
    losses: np.ndarray
    diverged_at: int | None
    converged_at: int | None
    optimizer: str
    singular_at: int | None = None
    lrs: np.ndarray | None = None

    @property
    def n_steps(self) -> int:
        """The number of steps taken (``len(path) - 1``)."""
        return len(self.path) - 1

    @property
    def final_point(self) -> np.ndarray | float:
        """The last point of the path."""
        return self.path[-1]


def as_surface(surface: Surface | _Curve | str) -> Surface | _Curve:
    """Return ``surface`` itself if it is a surface or curve, else build it by name.

    Parameters
    ----------
    surface : Surface or 1-D curve or str
        A surface or curve object, or a name for :func:`get_surface`.

    Returns
    -------
    Surface or 1-D curve

    Raises
    ------
    TypeError
        If ``surface`` is neither a name nor an object with ``value``,
        ``gradient`` and ``dim`` (1 or 2).
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> as_surface("bowl").condition_number
    20.0
    >>> as_surface(Quadratic1D()).dim
    1
    """
    if isinstance(surface, str):
        return get_surface(surface)
    if isinstance(surface, type):
        raise TypeError(
            f"surface must be a surface object, got the class {surface.__name__}: "
            f"call it, {surface.__name__}(), or pass its name"
        )
    if not (hasattr(surface, "value") and hasattr(surface, "gradient") and getattr(surface, "dim", None) in (1, 2)):
        raise TypeError(f"surface must be a 2-D surface or a 1-D curve from mlcourse.surfaces, got {describe(surface)}")
    return surface


def _as_real(value: Any, name: str) -> np.ndarray:
    """``value`` as an array of real numbers (integers, floats, NaN/inf allowed)."""
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{name} must be real numbers, got {describe(value)}") from error
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be real numbers, got {describe(value)}")
    return array


def has_diverged(point: Any, value: float) -> bool:
    """Whether a run has diverged at ``point``: it or f there is not finite, or it is farther than 1e6.

    "Farther" is per coordinate: ``max |x_i| > DIVERGENCE_RADIUS``. A run
    that reaches such a point is stopped before it, so paths stay finite.

    Parameters
    ----------
    point : float or array_like
        The point reached.
    value : float
        f at that point.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``point`` or ``value`` is not made of real numbers.
    ValueError
        If ``point`` is empty or ``value`` is not a single number.

    Examples
    --------
    >>> has_diverged(np.array([1.0, -2.0]), 5.0), has_diverged(np.array([2e6, 0.0]), 4e12)
    (False, True)
    >>> has_diverged(1.0, float("inf"))
    True
    """
    point, value = _as_real(point, "point"), _as_real(value, "value")
    if point.size == 0:
        raise ValueError(f"point must not be empty, got shape {point.shape}")
    if value.size != 1:
        raise ValueError(f"value must be a single number (f at the point), got shape {value.shape}")
    if not (np.all(np.isfinite(point)) and np.all(np.isfinite(value))):
        return True
    return float(np.abs(point).max()) > DIVERGENCE_RADIUS


def _check_start(start: Any, dim: int, name: str = "start", *, within_radius: bool = False) -> np.ndarray:
    if dim == 1:
        point = as_float_array(start, name, ndim=0).reshape(1)
    else:
        point = as_float_array(start, name, ndim=1)
        if point.shape != (2,):
            raise ValueError(f"{name} must be a point (x, y) of shape (2,), got shape {point.shape}")
    if within_radius:
        _check_within_radius(point, name)
    return point


def _check_within_radius(point: np.ndarray, name: str) -> None:
    """``ValueError`` unless every coordinate of ``point`` is within :data:`DIVERGENCE_RADIUS`:
    a run from further out counts as diverged at once, and there the gradient, the Hessian or a
    Newton step can overflow float64."""
    if float(np.abs(point).max()) > DIVERGENCE_RADIUS:
        shown = point.tolist() if point.size > 1 else float(point.reshape(-1)[0])
        raise ValueError(
            f"{name} must lie within DIVERGENCE_RADIUS = {DIVERGENCE_RADIUS:g} of the origin (every coordinate), "
            f"got {shown}: a run from there counts as diverged at once"
        )


def _run(
    surface: Any,
    optimizer: Any,
    param: Parameter,
    steps: int,
    tolerance: float | None,
    noise: float = 0.0,
    generator: np.random.Generator | None = None,
    scheduler: LRScheduler | None = None,
) -> PathResult:
    points = [param.data.copy()]
    rates: list[float] = []
    diverged_at = converged_at = None
    for step in range(1, steps + 1):
        grad = np.asarray(surface.gradient(param.data), dtype=param.data.dtype).reshape(param.data.shape)
        if tolerance is not None and float(np.linalg.norm(grad)) < tolerance:
            converged_at = step - 1
            break
        if generator is not None:  # a noisy estimate of the gradient, as a mini-batch gives
            grad = grad + noise * generator.standard_normal(grad.shape)
        param.grad[...] = grad
        rates.append(optimizer.lr)
        optimizer.step()
        if has_diverged(param.data, surface.value(param.data)):
            diverged_at = step
            param.data[...] = points[-1]
            rates.pop()
            break
        points.append(param.data.copy())
        if scheduler is not None:
            scheduler.step()  # one step of the path is one epoch of the schedule
    path = np.array(points)
    if surface.dim == 1:
        path = path[:, 0]
    losses = np.asarray(surface.value(path), dtype=np.float64)
    lrs = np.array(rates, dtype=np.float64) if scheduler is not None else None
    return PathResult(path, losses, diverged_at, converged_at, repr(optimizer), lrs=lrs)


def _build_scheduler(scheduler: Any, optimizer: Optimizer) -> LRScheduler | None:
    if scheduler is None:
        return None
    if isinstance(scheduler, LRScheduler):
        raise TypeError(
            "scheduler must be a function that builds the scheduler from the optimizer "
            "(lambda opt: StepLR(opt, step_size=100)), got a scheduler object: optimize_path builds its own optimizer"
        )
    if not callable(scheduler):
        raise TypeError(
            "scheduler must be a function of the optimizer returning an mlcourse.lr_scheduler scheduler "
            f"(lambda opt: StepLR(opt, step_size=100)), got {describe(scheduler)}"
        )
    built = scheduler(optimizer)
    if not isinstance(built, LRScheduler) or built.optimizer is not optimizer:
        raise TypeError(
            "scheduler must return an mlcourse.lr_scheduler scheduler of the optimizer it is given, "
            f"got {describe(built)}"
        )
    return built


def optimize_path(
    surface: Surface | _Curve | str,
    optimizer_name: str,
    start: Any,
    steps: int,
    *,
    tolerance: float | None = None,
    noise: float = 0.0,
    seed: int | None = None,
    scheduler: Callable[[Optimizer], LRScheduler] | None = None,
    **hyper: Any,
) -> PathResult:
    """Run a real optimizer of :mod:`mlcourse.optim` on a 2-D surface or a 1-D curve.

    The point is held in a :class:`~mlcourse.nn.Parameter`; each step sets
    its ``.grad`` from ``surface.gradient`` and calls the optimizer's
    ``step()``, exactly as in training a network. A run that leaves the
    finite numbers, or goes farther than ``1e6`` from the origin, stops with
    ``diverged_at`` set (no exception, no NaN in the path).

    Parameters
    ----------
    surface : Surface or 1-D curve or str
        A surface or curve of this module, or its name for :func:`get_surface`.
    optimizer_name : str
        A name for :func:`mlcourse.optim.get_optimizer` (``"sgd"``,
        ``"momentum"``, ``"nesterov"``, ``"adagrad"``, ``"rmsprop"``,
        ``"adam"``).
    start : array_like of shape (2,), or float on a curve
        The starting point ``(x, y)``, or ``x``.
    steps : int
        Maximum number of steps (>= 0).
    tolerance : float, optional
        Stop when the gradient norm falls below it (``converged_at``); the
        exact gradient is compared, without the noise.
    noise : float, default 0
        Standard deviation (>= 0) of independent Gaussian noise added to
        every coordinate of every gradient the optimizer sees: a model of
        the error of a mini-batch gradient (stochastic gradient descent).
    seed : int, optional
        Seed of the noise (the same seed gives the same path).
    scheduler : callable, optional
        A function of the optimizer that returns a scheduler of
        :mod:`mlcourse.lr_scheduler` for it, e.g.
        ``lambda opt: StepLR(opt, step_size=100, gamma=0.5)``. Its
        ``step()`` is called after every step of the path (one step is one
        epoch of the schedule), and the rates used are returned in ``lrs``.
    **hyper
        Hyper-parameters of the optimizer, e.g. ``lr=0.01``.

    Returns
    -------
    PathResult

    Raises
    ------
    TypeError
        If ``surface`` is neither a surface nor a curve (nor its name),
        ``optimizer_name`` is not a str, ``steps`` is not an int,
        ``tolerance`` or ``noise`` not a number, ``seed`` not an int, or
        ``scheduler`` is not a function returning a scheduler of the
        optimizer it is given.
    ValueError
        If the surface or optimizer name is unknown, ``start`` is not a
        finite point of the right shape within :data:`DIVERGENCE_RADIUS`, ``steps < 0``, ``tolerance`` is
        not a finite number > 0, ``noise`` not a finite number >= 0 or
        ``seed`` negative. The hyper-parameters are checked by the
        optimizer (:mod:`mlcourse.optim`).

    Examples
    --------
    >>> result = optimize_path("bowl", "sgd", (5.0, 1.0), 50, lr=0.05)
    >>> result.path.shape, result.diverged_at
    ((51, 2), None)
    >>> optimize_path(Quadratic1D(), "sgd", 4.0, 3, lr=0.5).path  # x <- x - 0.5 x
    array([4. , 2. , 1. , 0.5])
    >>> from mlcourse.lr_scheduler import StepLR
    >>> run = optimize_path(Quadratic1D(), "sgd", 4.0, 3, lr=0.5, scheduler=lambda opt: StepLR(opt, 1, 0.5))
    >>> run.lrs, run.path  # x <- x - lr x with lr = 0.5, 0.25, 0.125
    (array([0.5  , 0.25 , 0.125]), array([4.    , 2.    , 1.5   , 1.3125]))
    """
    surface = as_surface(surface)
    steps = check_int(steps, "steps", minimum=0)
    start = _check_start(start, surface.dim, within_radius=True)
    tolerance = None if tolerance is None else check_positive(tolerance, "tolerance")
    if not isinstance(optimizer_name, str):
        raise TypeError(f"optimizer_name must be a str, one of {sorted(OPTIMIZERS)}; got {describe(optimizer_name)}")
    if optimizer_name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer_name!r}; choose one of {sorted(OPTIMIZERS)} as optimizer_name")
    noise = check_positive(noise, "noise", allow_zero=True)
    generator = as_rng(seed=seed)
    param = Parameter(start.astype(np.float64), "xy" if surface.dim == 2 else "x")
    optimizer = get_optimizer(optimizer_name, [param], **hyper)
    built = _build_scheduler(scheduler, optimizer)
    return _run(surface, optimizer, param, steps, tolerance, noise, generator if noise else None, built)


def _solve_2x2(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray | None:
    """``matrix^-1 vector`` by Gaussian elimination with partial pivoting; None if a pivot is zero."""
    (a, b), (c, d) = matrix
    first, second = vector
    if abs(c) > abs(a):
        a, b, c, d, first, second = c, d, a, b, second, first
    if a == 0:
        return None
    ratio = c / a
    pivot = d - ratio * b
    if pivot == 0:
        return None
    y = (second - ratio * first) / pivot
    return np.array([(first - b * y) / a, y])


def _newton_move(surface: Any, point: np.ndarray, grad: np.ndarray, damping: float) -> np.ndarray | None:
    hess = np.asarray(surface.hessian(point), dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if surface.dim == 1:
            curvature = float(hess.reshape(-1)[0]) + damping
            return None if curvature == 0 else grad / curvature
        return _solve_2x2(hess.reshape(2, 2) + damping * np.eye(2), grad)


def _check_newton_surface(surface: Any) -> Any:
    surface = as_surface(surface)
    if not callable(getattr(surface, "hessian", None)):
        raise TypeError(f"surface must have a hessian method for Newton's method, got {describe(surface)}")
    return surface


def newton_step(surface: Surface | _Curve | str, point: Any, *, damping: float = 0.0) -> np.ndarray | None:
    """The Newton step ``d = (H + damping I)^-1 grad f`` at ``point``: the next point is ``point - d``.

    ``point - d`` is the critical point of the quadratic model
    ``f(point) + grad . (x - point) + (x - point) . H (x - point) / 2``.
    The linear system is solved (no inverse is formed); a singular matrix
    (a zero pivot) gives None. ``damping`` adds a multiple of the identity
    (a step between Newton's and a short gradient step).

    Parameters
    ----------
    surface : Surface or 1-D curve or str
        A surface or curve with ``gradient`` and ``hessian`` (or its name).
    point : array_like
        Where the step is taken: two coordinates on a surface, one on a curve.
    damping : float, optional
        Non-negative multiple of the identity added to the Hessian.

    Returns
    -------
    numpy.ndarray or None
        The step ``d`` (subtract it from ``point``), or None where the matrix is singular.

    Raises
    ------
    ValueError
        If ``point`` is not a finite point of the right shape, ``damping`` is
        not a finite number >= 0, or the step overflows float64 (a point such
        as ``(1e200, 1e200)``).

    Examples
    --------
    >>> bowl = IllConditionedBowl(a=1.0, b=10.0)
    >>> point = np.array([2.0, 1.0])
    >>> point - newton_step(bowl, point)  # a quadratic: the minimum in one step
    array([0., 0.])
    >>> print(newton_step(Saddle(), np.array([0.0, 0.0]) , damping=0.0))  # zero gradient: no move
    [0. 0.]
    """
    surface = _check_newton_surface(surface)
    point = _check_start(point, surface.dim, "point").astype(np.float64)
    _check_within_radius(point, "point")
    damping = check_positive(damping, "damping", allow_zero=True)
    grad = np.asarray(surface.gradient(point), dtype=np.float64).reshape(point.shape)
    return _newton_move(surface, point, grad, damping)


def newton_path(
    surface: Surface | _Curve | str,
    start: Any,
    steps: int,
    *,
    tolerance: float | None = None,
    damping: float = 0.0,
) -> PathResult:
    """Run Newton's method ``x <- x - H(x)^-1 grad f(x)`` on a 2-D surface or a 1-D curve.

    Newton's method jumps to the critical point of the local quadratic model
    ``f(x + d) ~ f(x) + grad . d + d . H d / 2``. On a quadratic (the bowl)
    that is the minimum, in one step, whatever the condition number that
    slows gradient descent down; near a minimum the error roughly squares at
    every step (quadratic convergence). But it seeks a zero of the gradient,
    not a minimum: where the Hessian is not positive definite it heads for
    saddle points and maxima too (on the :class:`Saddle` it jumps straight
    to the saddle point). On a curve the step is ``f'(x) / f''(x)``.

    The step solves the linear system (no inverse is formed). A singular
    Hessian (a zero pivot) stops the run with ``singular_at`` set; a
    nearly singular one gives a huge step, recorded like any divergence
    (``diverged_at``, as in :func:`optimize_path`). No exception, no NaN in
    the path.

    Parameters
    ----------
    surface : Surface or 1-D curve or str
        A surface or curve of this module (or its name), or an object with
        ``value``, ``gradient``, ``hessian`` and ``dim``.
    start : array_like of shape (2,), or float on a curve
        The starting point.
    steps : int
        Maximum number of steps (>= 0).
    tolerance : float, optional
        Stop when the gradient norm falls below it (``converged_at``).
    damping : float, default 0
        Levenberg's damping ``lambda >= 0``: the step is ``(H + lambda I)^-1
        grad``. 0 is Newton's method; a large ``lambda`` tends to gradient
        descent with learning rate ``1 / lambda``.

    Returns
    -------
    PathResult
        With ``optimizer`` ``"Newton(damping=...)"`` and ``singular_at``.

    Raises
    ------
    TypeError
        If ``surface`` is not a surface or curve (nor its name) or has no
        ``hessian``, ``steps`` is not an int, ``tolerance`` or ``damping``
        not a number.
    ValueError
        If the surface name is unknown, ``start`` is not a finite point of
        the right shape within :data:`DIVERGENCE_RADIUS`, ``steps < 0``,
        ``tolerance`` is not a finite number > 0 or ``damping`` not a finite
        number >= 0.

    Examples
    --------
    >>> newton_path(IllConditionedBowl(a=1.0, b=1000.0), (5.0, 1.0), 1).path  # one step, whatever b / a
    array([[5., 1.],
           [0., 0.]])
    >>> newton_path(Saddle(), (1.0, 2.0), 1).final_point  # the saddle point: not a minimum
    array([0., 0.])
    >>> newton_path(Rosenbrock(b=100.0), (0.0, 0.005), 5).singular_at  # on the parabola y = x**2 + 1/(2b)
    1
    """
    surface = _check_newton_surface(surface)
    steps = check_int(steps, "steps", minimum=0)
    start = _check_start(start, surface.dim, within_radius=True)
    tolerance = None if tolerance is None else check_positive(tolerance, "tolerance")
    damping = check_positive(damping, "damping", allow_zero=True)
    points = [start.astype(np.float64)]
    diverged_at = converged_at = singular_at = None
    for step in range(1, steps + 1):
        grad = np.asarray(surface.gradient(points[-1]), dtype=np.float64).reshape(points[-1].shape)
        if tolerance is not None and float(np.linalg.norm(grad)) < tolerance:
            converged_at = step - 1
            break
        move = _newton_move(surface, points[-1], grad, damping)
        if move is None:
            singular_at = step
            break
        with np.errstate(over="ignore", invalid="ignore"):
            point = points[-1] - move
        if has_diverged(point, surface.value(point)):
            diverged_at = step
            break
        points.append(point)
    path = np.array(points)
    if surface.dim == 1:
        path = path[:, 0]
    losses = np.asarray(surface.value(path), dtype=np.float64)
    return PathResult(path, losses, diverged_at, converged_at, f"Newton(damping={damping})", singular_at)


def project_onto_box(point: Any, lower: Any, upper: Any) -> np.ndarray:
    """The nearest point of the box ``lower <= x <= upper`` (per coordinate): clip every coordinate.

    The Euclidean projection onto a box is coordinate-wise clipping, because
    the squared distance is a sum of one term per coordinate.

    Parameters
    ----------
    point : array_like
        The point(s), last axis the coordinates.
    lower, upper : float or array_like
        The bounds (broadcast against ``point``), with ``lower <= upper``.

    Returns
    -------
    numpy.ndarray
        The projected point(s), the shape of ``point``.

    Raises
    ------
    TypeError
        If an argument is not made of real numbers.
    ValueError
        If an argument is empty or not finite, the bounds do not broadcast
        against ``point``, or ``lower > upper`` somewhere.

    Examples
    --------
    >>> project_onto_box(np.array([2.5, -0.5]), -1.0, 1.0)
    array([ 1. , -0.5])
    """
    point = as_float_array(point, "point")
    lower = as_float_array(lower, "lower")
    upper = as_float_array(upper, "upper")
    try:
        shape = np.broadcast_shapes(point.shape, lower.shape, upper.shape)
    except ValueError as error:
        raise ValueError(
            f"lower and upper must broadcast against point, got shapes {lower.shape}, {upper.shape} and {point.shape}"
        ) from error
    if shape != point.shape:
        raise ValueError(f"lower and upper must broadcast to the shape of point {point.shape}, got {shape}")
    if np.any(lower > upper):
        raise ValueError(f"lower must be <= upper in every coordinate, got lower={lower} and upper={upper}")
    return np.clip(point, lower, upper)


#: ``project_onto_disc`` measures distances as ``sqrt(sum of squares)``: offsets beyond this
#: overflow the squares, and radii below its inverse underflow them.
_DISC_SCALE = 1e150


def _check_disc_scales(point: np.ndarray, center: np.ndarray, radius: float) -> None:
    """``ValueError`` if ``point - center`` or ``radius`` is beyond the scales whose squares float64 holds."""
    with np.errstate(over="ignore"):
        largest = float(np.abs(point - center).max()) if point.size else 0.0
    if not largest <= _DISC_SCALE:
        raise ValueError(
            f"point - center must stay within {_DISC_SCALE:g} in every coordinate (its squares must fit "
            f"float64), got a coordinate of {largest:.3g}; scale the problem down"
        )
    if radius < 1 / _DISC_SCALE:
        raise ValueError(f"radius must be at least {1 / _DISC_SCALE:g} (its square must not underflow), got {radius!r}")


def project_onto_disc(point: Any, center: Any, radius: float) -> np.ndarray:
    """The nearest point of the disc ``|x - center| <= radius``: points outside are pulled in along the radius.

    Parameters
    ----------
    point : array_like
        The point(s) ``(x, y)``, last axis of length 2 (any dimension works).
    center : array_like
        The centre, same length as the last axis of ``point``.
    radius : float
        The radius (> 0).

    Returns
    -------
    numpy.ndarray
        ``point`` where it lies in the disc, else
        ``center + radius * (point - center) / |point - center|``.

    Raises
    ------
    TypeError
        If an argument is not made of real numbers.
    ValueError
        If ``point`` or ``center`` is empty or not finite, their last axes
        differ, ``radius`` is not a finite number > 0, or the squares of the
        distance would leave float64: a coordinate of ``point - center``
        beyond 1e150, or ``radius`` below 1e-150.

    Examples
    --------
    >>> project_onto_disc(np.array([3.0, 4.0]), (0.0, 0.0), 1.0)
    array([0.6, 0.8])
    """
    point = as_float_array(point, "point")
    center = as_float_array(center, "center", ndim=1)
    radius = check_positive(radius, "radius")
    if point.ndim == 0 or point.shape[-1] != center.shape[0]:
        raise ValueError(
            f"point must have a last axis of the length of center ({center.shape[0]}), got shape {point.shape}"
        )
    _check_disc_scales(point, center, radius)
    offset = point - center
    distance = np.linalg.norm(offset, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(distance > radius, radius / distance, 1.0)
    return center + offset * scale


def projected_path(
    surface: Surface | _Curve | str,
    start: Any,
    steps: int,
    *,
    lr: float,
    project: Callable[[np.ndarray], Any],
    tolerance: float | None = None,
) -> PathResult:
    """Projected gradient descent: a gradient step, then back onto the feasible set, ``x <- P(x - lr grad f(x))``.

    For a problem "minimise f(x) subject to x in C" with a set C that is easy
    to project onto (a box, a disc). At a constrained minimum on the border
    of C the gradient is not zero (it points out of C), so the run stops
    when a step no longer moves the point: ``|x_new - x| < tolerance``.

    Parameters
    ----------
    surface : Surface or 1-D curve or str
        A surface or curve of this module, or its name.
    start : array_like of shape (2,), or float on a curve
        The starting point; it is projected first (``path[0]`` is feasible).
    steps : int
        Maximum number of steps (>= 0).
    lr : float
        The learning rate (> 0).
    project : callable
        The projection ``P``: takes a point (an array of shape ``(2,)``, or
        ``(1,)`` on a curve) and returns the nearest feasible point, e.g.
        ``lambda p: project_onto_box(p, -1.0, 1.0)``.
    tolerance : float, optional
        Stop when a step moves the point by less than it (``converged_at``).

    Returns
    -------
    PathResult
        With ``optimizer`` ``"ProjectedGD(lr=...)"``.

    Raises
    ------
    TypeError
        If ``surface`` is not a surface or curve (nor its name), ``steps``
        is not an int, ``lr`` or ``tolerance`` not a number, ``project`` not
        callable or it does not return real numbers.
    ValueError
        If the surface name is unknown, ``start`` is not a finite point of
        the right shape, ``steps < 0``, ``lr`` or ``tolerance`` is not a
        finite number > 0, or ``project`` returns a point of another shape
        or a non-finite one.

    Examples
    --------
    >>> run = projected_path(IllConditionedBowl(a=1.0, b=1.0), (3.0, 0.5), 50, lr=0.5,
    ...                      project=lambda p: project_onto_box(p, 1.0, 2.0))
    >>> run.final_point  # the corner of the box nearest to the minimum (0, 0)
    array([1., 1.])
    """
    surface = as_surface(surface)
    steps = check_int(steps, "steps", minimum=0)
    start = _check_start(start, surface.dim)
    lr = check_positive(lr, "lr")
    tolerance = None if tolerance is None else check_positive(tolerance, "tolerance")
    if not callable(project):
        raise TypeError(f"project must be a function returning the nearest feasible point, got {describe(project)}")

    def feasible(point: np.ndarray) -> np.ndarray:
        projected = _as_real(project(point.copy()), "the point returned by project").astype(np.float64)
        if projected.shape != point.shape or not np.all(np.isfinite(projected)):
            raise ValueError(
                f"project must return a finite point of shape {point.shape}, got {describe(projected)} "
                f"of shape {projected.shape}"
            )
        return projected

    points = [feasible(start.astype(np.float64))]
    diverged_at = converged_at = None
    for step in range(1, steps + 1):
        grad = np.asarray(surface.gradient(points[-1]), dtype=np.float64).reshape(points[-1].shape)
        with np.errstate(over="ignore", invalid="ignore"):
            moved = points[-1] - lr * grad
        if not np.all(np.isfinite(moved)):
            diverged_at = step
            break
        point = feasible(moved)
        if has_diverged(point, surface.value(point)):
            diverged_at = step
            break
        points.append(point)
        if tolerance is not None and float(np.linalg.norm(points[-1] - points[-2])) < tolerance:
            converged_at = step
            break
    path = np.array(points)
    if surface.dim == 1:
        path = path[:, 0]
    losses = np.asarray(surface.value(path), dtype=np.float64)
    return PathResult(path, losses, diverged_at, converged_at, f"ProjectedGD(lr={lr:g})")


@dataclass
class EqualityPenalty(Surface):
    """A 2-D surface plus the quadratic penalty of a line constraint: ``f(x) + mu * (n . x - d)**2``.

    The penalty method replaces "minimise f subject to h(x) = n . x - d = 0"
    by unconstrained problems whose minimisers approach the constrained one
    as ``mu`` grows: at the minimiser of the penalised problem,
    ``grad f = -2 mu h n``, so ``lambda = -2 mu h`` estimates the Lagrange
    multiplier of ``grad f = lambda grad h``. The price of a large ``mu`` is a
    large curvature ``2 mu |n|**2`` across the line: an ill-conditioned
    problem (why the method raises ``mu`` step by step).

    Parameters
    ----------
    surface : Surface or str
        The 2-D surface ``f`` (or its name); it must have a ``hessian``.
    normal : array_like of shape (2,), default (1, 1)
        The vector ``n`` of the constraint ``n . x = d`` (not zero).
    offset : float, default 1
        The right-hand side ``d``, in ``[-1e5, 1e5]``.
    mu : float, default 1
        The penalty weight, in ``[0, 1e100]`` (0: no penalty).

    Raises
    ------
    TypeError
        If ``surface`` is not a 2-D surface with a ``hessian`` (nor its
        name), or an argument is not made of numbers.
    ValueError
        If ``normal`` is not a finite non-zero vector of length 2,
        ``offset`` not finite or beyond ``1e5``, or ``mu`` not a finite
        number in ``[0, 1e100]``.

    Examples
    --------
    >>> penalised = EqualityPenalty(IllConditionedBowl(a=1.0, b=1.0), normal=(1.0, 1.0), offset=1.0, mu=1e6)
    >>> newton_path(penalised, (0.0, 0.0), 1).final_point.round(5)  # the constrained minimum (1/2, 1/2)
    array([0.5, 0.5])
    """

    surface: Any = None
    normal: Any = (1.0, 1.0)
    offset: float = 1.0
    mu: float = 1.0
    name: str = field(default="penalty", init=False)

    def __post_init__(self) -> None:
        if self.surface is None:
            raise TypeError("surface must be a 2-D surface of mlcourse.surfaces (or its name), got None")
        base = as_surface(self.surface)
        if base.dim != 2 or not callable(getattr(base, "hessian", None)):
            raise TypeError(f"surface must be a 2-D surface with a hessian, got {describe(self.surface)}")
        self.surface = base
        normal = as_float_array(self.normal, "normal", ndim=1)
        if normal.shape != (2,):
            raise ValueError(f"normal must be a vector of length 2, got shape {normal.shape}")
        if not np.any(normal):
            raise ValueError(f"normal must not be the zero vector, got {normal}")
        if float(np.abs(normal).max()) > 1e5 or float(np.abs(normal).max()) < 1e-5:
            raise ValueError(f"normal must have its largest entry in [1e-5, 1e5] in size, got {normal}")
        self.normal = normal
        self.offset = _check_within(self.offset, "offset", "1e5", "so that the line passes within the plotted region")
        self.mu = check_positive(self.mu, "mu", allow_zero=True)
        if self.mu > _SCALE_RANGE[1]:
            raise ValueError(f"mu must lie in [0, 1e100], got {self.mu!r}: beyond it the penalty overflows float64")
        self.minima = []
        self.saddle_points = []
        self.bounds = base.bounds

    def constraint(self, xy: Any, y: Any = None) -> np.ndarray | float:
        """The constraint's value ``h = n . x - d`` (0 on the line), at ``xy`` or at ``(x, y)``.

        Examples
        --------
        >>> EqualityPenalty(Saddle(), normal=(1.0, 2.0), offset=1.0).constraint(np.array([1.0, 1.0]))
        2.0
        """
        x_array, y_array = _split_xy(xy, y)
        with np.errstate(over="ignore", invalid="ignore"):
            result = self._h(x_array, y_array)
        return float(result) if np.ndim(result) == 0 else result

    def _h(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.normal[0] * x + self.normal[1] * y - self.offset

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.asarray(self.surface.value(x, y)) + self.mu * self._h(x, y) ** 2

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grad = np.asarray(self.surface.gradient(x, y))
        pull = 2 * self.mu * self._h(x, y)
        return grad[..., 0] + pull * self.normal[0], grad[..., 1] + pull * self.normal[1]

    def _hessian(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        hess = np.asarray(self.surface.hessian(x, y))
        hxx, hxy, hyy = hess[..., 0, 0], hess[..., 0, 1], hess[..., 1, 1]
        (n1, n2), weight = self.normal, 2 * self.mu
        return hxx + weight * n1 * n1, hxy + weight * n1 * n2, hyy + weight * n2 * n2
