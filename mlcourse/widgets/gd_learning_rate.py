"""Chapter 7 widget: one learning rate on a 1-D curve and a 2-D surface side by side.

Claim made visible: on a quadratic, gradient descent converges for every
learning rate below ``2 / L`` (slowly when it is small, zig-zagging when it is
above ``1 / L``) and diverges above it; ``L`` is the largest curvature, so
the threshold depends on the surface, and the smallest curvature sets the
speed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..descent import DescentResult, gradient_descent, max_stable_learning_rate
from ..surfaces import Himmelblau, IllConditionedBowl, Quadratic1D
from ._core import Control, Rendered, Widget

LEARNING_RATES = (0.005, 0.05, 0.1, 0.15, 0.19, 0.2, 0.21, 0.3)
MAX_STEPS = 400
CURVE_START = 3.0
CURVATURE = 10.0

#: The 2-D surfaces offered: name -> (surface, start).
SURFACES = {
    "bowl, curvatures 1 and 10": (IllConditionedBowl(a=1.0, b=10.0), (-8.0, 3.0)),
    "bowl, curvatures 4 and 10": (IllConditionedBowl(a=4.0, b=10.0), (-8.0, 3.0)),
    "Himmelblau": (Himmelblau(), (-0.5, -0.5)),
}
DEFAULT_SURFACE = "bowl, curvatures 1 and 10"


def curve() -> Quadratic1D:
    """The 1-D curve: ``f(x) = L x**2 / 2`` with ``L = 10``, so ``2 / L = 0.2``."""
    return Quadratic1D(curvature=CURVATURE)


@lru_cache(maxsize=64)
def runs(learning_rate: float, surface_name: str) -> tuple[DescentResult, DescentResult]:
    """Gradient descent at ``learning_rate`` on the curve and on the chosen surface (cached)."""
    if surface_name not in SURFACES:
        raise ValueError(f"unknown surface {surface_name!r}; choose one of {list(SURFACES)}")
    surface, start = SURFACES[surface_name]
    return (gradient_descent(curve(), CURVE_START, learning_rate, max_steps=MAX_STEPS),
            gradient_descent(surface, start, learning_rate, max_steps=MAX_STEPS))


def distance_to_minimum(surface, path: np.ndarray) -> np.ndarray:
    """Distance of every point of a path to the nearest known minimum."""
    minima = np.asarray(surface.minima, dtype=float)
    if path.ndim == 1:
        return np.min(np.abs(path[:, None] - minima[None, :]), axis=1)
    return np.min(np.linalg.norm(path[:, None, :] - minima[None, :, :], axis=2), axis=1)


def _steps_to(values: np.ndarray, level: float) -> int | str:
    below = np.flatnonzero(values < level)
    return int(below[0]) if below.size else f"not within {MAX_STEPS}"


def render(learning_rate: float = 0.05, surface: str = DEFAULT_SURFACE) -> Rendered:
    """Run both descents and draw the two paths and their distances to the minimum.

    Returns the figure and the numbers: ``2 / L`` of the curve, the factor
    ``1 - learning_rate * L`` that multiplies the distance each step, and
    for each panel whether and when the run diverged and how many steps it
    took to come within 1e-6 of the minimum.
    """
    from ..viz import new_figure
    from ..viz.descent import plot_curve_path, plot_distances, plot_surface_path

    one_d, two_d = runs(learning_rate, surface)
    the_curve = curve()
    the_surface = SURFACES[surface][0]
    threshold = max_stable_learning_rate(CURVATURE)
    factor = 1.0 - learning_rate * CURVATURE

    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.5)
    note_1d = (f"diverged at step {one_d.diverged_at}\n(distance x{abs(factor):.2g} per step)"
               if one_d.diverged_at else None)
    if one_d.diverged_at is None and abs(factor) == 1.0:
        note_1d = "lr = 2/L: bounces\nbetween -3 and 3 for ever"
    plot_curve_path(left, the_curve, one_d.path[:40], window=(-4.0, 4.0),
                    title=f"1-D: f = {CURVATURE:g} x²/2, lr = {learning_rate:g} (2/L = {threshold:g})",
                    note=note_1d)
    note_2d = f"diverged at step {two_d.diverged_at}\n(the path leaves the window)" if two_d.diverged_at else None
    plot_surface_path(middle, the_surface, {f"lr = {learning_rate:g}": two_d.path[:150]}, title=f"2-D: {surface}",
                      note=note_2d)
    plot_distances(right, {"1-D curve": distance_to_minimum(the_curve, one_d.path),
                           "2-D surface": distance_to_minimum(the_surface, two_d.path)},
                   diverged={"1-D curve": one_d.diverged_at, "2-D surface": two_d.diverged_at},
                   title="Distance to the (nearest) minimum", floor=1e-10)
    right.set_xlim(0, MAX_STEPS)

    numbers = {
        "learning rate": learning_rate,
        "2/L of the 1-D curve": threshold,
        "1-D factor 1 - lr*L": factor,
        "1-D diverged": one_d.diverged_at is not None,
        "1-D diverged at step": one_d.diverged_at if one_d.diverged_at else "-",
        "1-D steps to within 1e-6": _steps_to(distance_to_minimum(the_curve, one_d.path), 1e-6),
        "2-D diverged": two_d.diverged_at is not None,
        "2-D diverged at step": two_d.diverged_at if two_d.diverged_at else "-",
        "2-D steps to within 1e-6": _steps_to(distance_to_minimum(the_surface, two_d.path), 1e-6),
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("learning_rate", LEARNING_RATES, 0.05, label="learning rate"),
        Control("surface", tuple(SURFACES), DEFAULT_SURFACE, label="2-D surface", kind="dropdown"),
    ],
    title="The learning rate on a 1-D curve and a 2-D surface",
    claim="Below 2/L gradient descent converges (slowly if the rate is small, zig-zagging above 1/L); "
    "above 2/L it diverges.",
)
