"""Chapter 3 widgets: the learning rate, and the batch size, of gradient descent.

``WIDGET`` (:func:`render`): one learning rate on the 1-D curve ``f = 5 x**2``
and on a 2-D surface side by side. Claim made visible: on a quadratic,
gradient descent converges for every learning rate below ``2 / L`` (slowly
when it is small, zig-zagging when it is above ``1 / L``) and diverges above
it; ``L`` is the largest curvature, so the threshold depends on the surface,
and the smallest curvature sets the speed.

``BATCH_SIZE_WIDGET`` (:func:`render_batch_size`): the path of a line's
``(w, b)`` at one batch size. Claim made visible: with the same data,
learning rate and number of epochs, a smaller batch makes more (and cheaper)
updates per epoch, but each update follows a noisy estimate of the gradient,
so the path wanders; the full batch follows the exact gradient in a smooth
path.

The runs and the data are :mod:`mlcourse.chapters.gradient_descent.analysis`'s
(:func:`~mlcourse.chapters.gradient_descent.analysis.learning_rate_runs`,
:func:`~mlcourse.chapters.gradient_descent.analysis.chapter_line_path`); this
module only draws them.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.gradient_descent.analysis import (
    CURVATURE,
    LEARNING_RATE_SURFACES,
    LINE_SAMPLES,
    RUN_STEPS,
    chapter_data,
    chapter_line_path,
    curve,
    distance_to_minimum,
    learning_rate_runs,
    least_squares,
    line_mse,
    max_stable_learning_rate,
    path_length,
    wiggle_ratio,
)

LEARNING_RATES = (0.005, 0.05, 0.1, 0.15, 0.19, 0.2, 0.21, 0.3)
DEFAULT_SURFACE = "bowl, curvatures 1 and 10"


def _steps_to(values: np.ndarray, level: float) -> int | str:
    below = np.flatnonzero(values < level)
    return int(below[0]) if below.size else f"not within {RUN_STEPS}"


def render(learning_rate: float = 0.05, surface: str = DEFAULT_SURFACE) -> Rendered:
    """Draw both runs of ``learning_rate_runs``: the two paths and their distances to the minimum.

    Returns the figure and the numbers: ``2 / L`` of the curve, the factor
    ``1 - learning_rate * L`` that multiplies the distance each step, and
    for each panel whether and when the run diverged and how many steps it
    took to come within 1e-6 of the minimum.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.gradient_descent.plots import (
        plot_curve_path,
        plot_distances,
        plot_surface_path,
    )

    one_d, two_d = learning_rate_runs(learning_rate, surface)
    the_curve = curve()
    the_surface = LEARNING_RATE_SURFACES[surface][0]
    threshold = max_stable_learning_rate(CURVATURE)
    factor = 1.0 - learning_rate * CURVATURE

    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.5)
    note_1d = (
        f"diverged at step {one_d.diverged_at}\n(distance x{abs(factor):.2g} per step)" if one_d.diverged_at else None
    )
    if one_d.diverged_at is None and abs(factor) == 1.0:
        note_1d = "lr = 2/L: bounces\nbetween -3 and 3 for ever"
    plot_curve_path(
        left,
        the_curve,
        one_d.path[:40],
        window=(-4.0, 4.0),
        title=f"1-D: f = {CURVATURE:g} x²/2, lr = {learning_rate:g} (2/L = {threshold:g})",
        note=note_1d,
    )
    note_2d = f"diverged at step {two_d.diverged_at}\n(the path leaves the window)" if two_d.diverged_at else None
    plot_surface_path(
        middle, the_surface, {f"lr = {learning_rate:g}": two_d.path[:150]}, title=f"2-D: {surface}", note=note_2d
    )
    plot_distances(
        right,
        {
            "1-D curve": distance_to_minimum(the_curve, one_d.path),
            "2-D surface": distance_to_minimum(the_surface, two_d.path),
        },
        diverged={"1-D curve": one_d.diverged_at, "2-D surface": two_d.diverged_at},
        title="Distance to the (nearest) minimum",
        floor=1e-10,
    )
    right.set_xlim(0, RUN_STEPS)

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
        Control("surface", tuple(LEARNING_RATE_SURFACES), DEFAULT_SURFACE, label="2-D surface", kind="dropdown"),
    ],
    title="The learning rate on a 1-D curve and a 2-D surface",
    claim="Below 2/L gradient descent converges (slowly if the rate is small, zig-zagging above 1/L); "
    "above 2/L it diverges.",
)


BATCH_SIZES = (1, 2, 4, 8, 16, 32, "full")
BATCH_LEARNING_RATES = (0.01, 0.03, 0.1)


def render_batch_size(batch_size: int | str = 8, learning_rate: float = 0.03) -> Rendered:
    """Draw the path of ``(w, b)`` over the MSE contours and the loss after each update.

    Returns the figure and the numbers: updates per epoch and in total, the
    final training MSE (and the least-squares one), the path length and its
    wiggle ratio (length / straight distance; 1 for a straight path), and the
    distance of the final ``(w, b)`` to the least-squares solution.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.gradient_descent.plots import plot_line_paths

    X, y = chapter_data()
    w_star, b_star, best_loss = least_squares()
    result = chapter_line_path(None if batch_size == "full" else batch_size, learning_rate)
    path = result.path
    label = "full batch" if batch_size == "full" else f"batch size {batch_size}"

    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    plot_line_paths(
        left,
        X,
        y,
        {label: path},
        optimum=(w_star, b_star),
        window=((-0.2, 3.0), (-0.3, 1.9)),
        title=f"(w, b) after each update, {label}",
    )
    losses = line_mse(path, X, y)
    samples_seen = np.arange(len(path)) * (LINE_SAMPLES / result.updates_per_epoch)
    right.semilogy(samples_seen / LINE_SAMPLES, losses, lw=1.2, color="crimson", label=f"{label}: MSE on all data")
    right.axhline(best_loss, color="gray", ls=":", lw=1, label="least squares")
    right.set_xlabel("epochs (passes over the 64 samples)")
    right.set_ylabel("training MSE (log scale)")
    right.set_ylim(best_loss * 0.9, max(losses.max(), 10.0))
    right.set_title(f"{result.updates_per_epoch} update(s) per epoch, learning rate {learning_rate:g}")
    right.legend(fontsize=7)

    numbers = {
        "batch size": LINE_SAMPLES if batch_size == "full" else batch_size,
        "updates per epoch": result.updates_per_epoch,
        "updates in total": len(path) - 1,
        "final MSE": result.final_loss,
        "least-squares MSE": best_loss,
        "path length": path_length(path),
        "wiggle ratio": wiggle_ratio(path),
        "distance to least squares": float(np.hypot(path[-1, 0] - w_star, path[-1, 1] - b_star)),
        "diverged": result.diverged_at is not None,
    }
    return Rendered(figure, numbers)


BATCH_SIZE_WIDGET = Widget(
    render_batch_size,
    [
        Control("batch_size", BATCH_SIZES, 8, label="batch size"),
        Control("learning_rate", BATCH_LEARNING_RATES, 0.03, label="learning rate"),
    ],
    title="Batch size and the noise of the path",
    claim="Smaller batches make more updates per epoch along noisier directions; the full batch follows "
    "the exact gradient smoothly.",
)
