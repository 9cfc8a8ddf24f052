"""Chapter 3 widgets: the learning rate, and the batch size, of gradient descent.

``WIDGET`` (:func:`update`): one learning rate on the 1-D curve ``f = 5 x**2``
and on a 2-D surface side by side. Claim made visible: on a quadratic,
gradient descent converges for every learning rate below ``2 / L`` (slowly
when it is small, zig-zagging when it is above ``1 / L``) and diverges above
it; ``L`` is the largest curvature, so the threshold depends on the surface,
and the smallest curvature sets the speed.

``BATCH_SIZE_WIDGET`` (:func:`update_batch_size`): the path of a line's
``(w, b)`` at one batch size. Claim made visible: with the same data,
learning rate and number of epochs, a smaller batch makes more (and cheaper)
updates per epoch, but each update follows a noisy estimate of the gradient,
so the path wanders; the full batch follows the exact gradient in a smooth
path.

The runs and the data are :mod:`mlcourse.chapters.gradient_descent.analysis`'s
(:func:`~mlcourse.chapters.gradient_descent.analysis.learning_rate_runs`,
:func:`~mlcourse.chapters.gradient_descent.analysis.chapter_line_path`); this
module only draws them.

Both are scenes built once (:class:`~mlcourse.chapters._book.widgets.Scene`):
the curve, the contours, the markers of the start and of the minima, the
axes and their fixed limits are drawn once per background (the 2-D surface
for ``WIDGET``; none for ``BATCH_SIZE_WIDGET``); the paths, the distance and
loss curves, the notes, the titles with numbers and the legends whose
entries carry the state are updated per state.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.gradient_descent.analysis import (
    CURVATURE,
    CURVE_START,
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

#: The distance panel's y range: from a tenth of a decade below the floor (exact zeros are drawn at
#: ``DISTANCE_FLOOR``) to above the largest distance a diverging run reaches (about 1e6), for every state.
DISTANCE_FLOOR = 1e-10
DISTANCE_LIMITS = (DISTANCE_FLOOR / 3, 3e6)
CURVE_WINDOW = (-4.0, 4.0)
CURVE_STEPS_SHOWN = 40
SURFACE_STEPS_SHOWN = 150


def _steps_to(values: np.ndarray, level: float) -> int | str:
    below = np.flatnonzero(values < level)
    return int(below[0]) if below.size else f"not within {RUN_STEPS}"


@lru_cache(maxsize=None)
def _learning_rate_state(learning_rate: float, surface: str) -> dict[str, Any]:
    """Both runs at ``learning_rate``, their distances to the minimum, notes and numbers (cached)."""
    one_d, two_d = learning_rate_runs(learning_rate, surface)
    the_curve = curve()
    the_surface = LEARNING_RATE_SURFACES[surface][0]
    threshold = max_stable_learning_rate(CURVATURE)
    factor = 1.0 - learning_rate * CURVATURE
    note_1d = (
        f"diverged at step {one_d.diverged_at}\n(distance x{abs(factor):.2g} per step)" if one_d.diverged_at else None
    )
    if one_d.diverged_at is None and abs(factor) == 1.0:
        note_1d = "lr = 2/L: bounces\nbetween -3 and 3 for ever"
    note_2d = f"diverged at step {two_d.diverged_at}\n(the path leaves the window)" if two_d.diverged_at else None
    distance_1d = distance_to_minimum(the_curve, one_d.path)
    distance_2d = distance_to_minimum(the_surface, two_d.path)
    curve_path = one_d.path[:CURVE_STEPS_SHOWN]
    with np.errstate(over="ignore", invalid="ignore"):
        curve_values = the_curve.value(curve_path)
    numbers = {
        "learning rate": learning_rate,
        "2/L of the 1-D curve": threshold,
        "1-D factor 1 - lr*L": factor,
        "1-D diverged": one_d.diverged_at is not None,
        "1-D diverged at step": one_d.diverged_at if one_d.diverged_at else "-",
        "1-D steps to within 1e-6": _steps_to(distance_1d, 1e-6),
        "2-D diverged": two_d.diverged_at is not None,
        "2-D diverged at step": two_d.diverged_at if two_d.diverged_at else "-",
        "2-D steps to within 1e-6": _steps_to(distance_2d, 1e-6),
    }
    return {
        "curve path": (curve_path, curve_values),
        "surface path": two_d.path[:SURFACE_STEPS_SHOWN],
        "notes": (note_1d, note_2d),
        "distances": (distance_1d, distance_2d),
        "diverged at": (one_d.diverged_at, two_d.diverged_at),
        "title": f"1-D: f = {CURVATURE:g} x²/2, lr = {learning_rate:g} (2/L = {threshold:g})",
        "numbers": numbers,
    }


@lru_cache(maxsize=1)
def _every_learning_rate_state() -> None:
    """Run every state once (about 0.3 s, once per process): no change of a control then waits for a run."""
    for surface in LEARNING_RATE_SURFACES:
        for learning_rate in LEARNING_RATES:
            _learning_rate_state(learning_rate, surface)


def build() -> Scene:
    """The figure: the curve (left), every surface's contours (middle, one shown), the distances (right)."""
    from mlcourse.chapters._book import new_figure

    _every_learning_rate_state()
    from mlcourse.chapters.gradient_descent.plots import (
        PATH_COLORS,
        _note,
        plot_curve_path,
        plot_distances,
        plot_surface_contours,
        plot_surface_marks,
    )

    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.5)
    plot_curve_path(left, curve(), np.array([CURVE_START]), window=CURVE_WINDOW, title=" ", note=" ")
    curve_path, curve_note = left.lines[1], left.texts[-1]

    (surface_path,) = middle.plot([], [], "o-", ms=2.2, lw=1, color=PATH_COLORS[0], label="gradient descent", alpha=0.9)
    surfaces = {}
    for name, (surface, start) in LEARNING_RATE_SURFACES.items():
        contours = plot_surface_contours(middle, surface)
        start_mark = middle.plot(*start, "s", ms=5, color=PATH_COLORS[0])
        parts = [contours, *start_mark, *plot_surface_marks(middle, surface)]
        for part in parts:
            part.set_visible(False)
        surfaces[name] = parts
    middle.set_xlabel("x")
    middle.set_ylabel("y")
    middle.set_title(" ")
    _note(middle, " ")
    surface_note = middle.texts[-1]

    plot_distances(
        right,
        {"1-D curve": [1.0], "2-D surface": [1.0]},
        diverged={"1-D curve": 0, "2-D surface": 0},
        title="Distance to the (nearest) minimum",
        floor=DISTANCE_FLOOR,
    )
    distance_lines = (right.lines[0], right.lines[2])
    distance_crosses = (right.lines[1], right.lines[3])
    for line, name in zip(distance_lines, ("1-D curve", "2-D surface")):
        line.set_label(name)  # the step of a divergence is in the notes of the other panels
    right.set_ylim(*DISTANCE_LIMITS)
    right.set_xlim(0, RUN_STEPS)
    right.legend(fontsize=7, loc="upper right")  # no run reaches the upper right: above 1e3 after step 134

    scene = Scene(
        figure,
        left=left,
        middle=middle,
        right=right,
        curve_path=curve_path,
        curve_note=curve_note,
        surface_path=surface_path,
        surface_note=surface_note,
        surfaces=surfaces,
        distance_lines=distance_lines,
        distance_crosses=distance_crosses,
    )
    # drawn in this order over the cached background: the markers of the start and the minima stay on
    # top of the paths, as in a figure drawn in one go; the legends stay in the background (a path
    # that crosses one is drawn over it)
    surface_marks = [part for parts in surfaces.values() for part in parts[1:]]
    scene.changing(
        curve_path,
        *left.lines[2:],
        curve_note,
        left.title,
        surface_path,
        *surface_marks,
        surface_note,
        *right.lines,
    )
    return scene


def _show_surface(scene: Scene, surface: str) -> None:
    """Show ``surface``'s contours and marks, its window, title and legend (the background of the middle)."""
    if scene.memo.get("surface") == surface:
        return
    for name, parts in scene.surfaces.items():
        for part in parts:
            part.set_visible(name == surface)
    middle = scene.middle
    (x_low, x_high), (y_low, y_high) = LEARNING_RATE_SURFACES[surface][0].bounds
    middle.set_xlim(x_low, x_high)
    middle.set_ylim(y_low, y_high)
    middle.set_title(f"2-D: {surface}")
    scene.replace("legend", [], changing=False)  # first: removing the old legend unsets the axes' legend
    labelled = [part for part in scene.surfaces[surface][1:] if not part.get_label().startswith("_")]
    legend = middle.legend(handles=[scene.surface_path, *labelled], fontsize=7, loc="upper right")
    scene.replace("legend", [legend], changing=False)
    scene.memo["surface"] = surface


def _set_note(note: Any, text: str | None) -> None:
    note.set_visible(bool(text))
    note.set_text(text or "")


def update(scene: Scene, learning_rate: float = 0.05, surface: str = DEFAULT_SURFACE) -> dict:
    """Show both runs of ``learning_rate_runs``: the two paths and their distances to the minimum.

    Returns the numbers: ``2 / L`` of the curve, the factor
    ``1 - learning_rate * L`` that multiplies the distance each step, and
    for each panel whether and when the run diverged and how many steps it
    took to come within 1e-6 of the minimum.
    """
    state = _learning_rate_state(learning_rate, surface)
    _show_surface(scene, surface)

    scene.curve_path.set_data(*state["curve path"])
    scene.left.set_title(state["title"])
    note_1d, note_2d = state["notes"]
    _set_note(scene.curve_note, note_1d)

    path = state["surface path"]
    scene.surface_path.set_data(path[:, 0], path[:, 1])
    _set_note(scene.surface_note, note_2d)

    for line, cross, values, step in zip(
        scene.distance_lines, scene.distance_crosses, state["distances"], state["diverged at"]
    ):
        values = np.maximum(np.asarray(values, dtype=float), DISTANCE_FLOOR)
        line.set_data(np.arange(len(values)), values)
        cross.set_data([len(values) - 1], [values[-1]])
        cross.set_visible(step is not None)
    return dict(state["numbers"])


WIDGET = Widget(
    build,
    update,
    [
        Control("learning_rate", LEARNING_RATES, 0.05, label="learning rate"),
        Control("surface", tuple(LEARNING_RATE_SURFACES), DEFAULT_SURFACE, label="2-D surface", kind="dropdown"),
    ],
    title="The learning rate on a 1-D curve and a 2-D surface",
    claim="Below 2/L gradient descent converges (slowly if the rate is small, zig-zagging above 1/L); "
    "above 2/L it diverges.",
    background=("surface",),
)


def render(learning_rate: float = 0.05, surface: str = DEFAULT_SURFACE) -> Rendered:
    """The figure and numbers of one state, on a new scene (``WIDGET.render``)."""
    return WIDGET.render(learning_rate=learning_rate, surface=surface)


BATCH_SIZES = (1, 2, 4, 8, 16, 32, "full")
BATCH_LEARNING_RATES = (0.01, 0.03, 0.1)
#: The (w, b) window of the path panel (a path that leaves it is clipped, as before).
LINE_WINDOW = ((-0.2, 3.0), (-0.3, 1.9))


@lru_cache(maxsize=None)
def _batch_state(batch_size: int | str, learning_rate: float) -> dict[str, Any]:
    """The run at ``batch_size`` and ``learning_rate``, its losses and numbers (cached)."""
    X, y = chapter_data()
    w_star, b_star, best_loss = least_squares()
    result = chapter_line_path(None if batch_size == "full" else batch_size, learning_rate)
    path = result.path
    losses = line_mse(path, X, y)
    samples_seen = np.arange(len(path)) * (LINE_SAMPLES / result.updates_per_epoch)
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
    return {
        "label": "full batch" if batch_size == "full" else f"batch size {batch_size}",
        "path": path,
        "epochs": samples_seen / LINE_SAMPLES,
        "losses": losses,
        "updates per epoch": result.updates_per_epoch,
        "numbers": numbers,
    }


@lru_cache(maxsize=1)
def _every_batch_state() -> None:
    """Run every state once (about 0.2 s, once per process): no change of a control then waits for a run."""
    for learning_rate in BATCH_LEARNING_RATES:
        for batch_size in BATCH_SIZES:
            _batch_state(batch_size, learning_rate)


def build_batch_size() -> Scene:
    """The figure: the MSE contours over ``(w, b)`` with the path (left), the loss after each update (right)."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.gradient_descent.plots import plot_line_paths

    _every_batch_state()

    X, y = chapter_data()
    w_star, b_star, best_loss = least_squares()
    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    start = np.zeros((1, 2))  # every run starts at (w, b) = (0, 0)
    plot_line_paths(left, X, y, {"gradient descent": start}, optimum=(w_star, b_star), window=LINE_WINDOW, title=" ")
    path_line, end_mark = left.lines[0], left.lines[1]
    (loss_curve,) = right.semilogy([], [], lw=1.2, color="crimson", label="MSE on all data")
    right.axhline(best_loss, color="gray", ls=":", lw=1, label="least squares")
    right.set_xlabel("epochs (passes over the 64 samples)")
    right.set_ylabel("training MSE (log scale)")
    # every run starts at (0, 0), whose loss is the largest any run shows: the same limits for every state
    right.set_ylim(best_loss * 0.9, max(float(line_mse(start, X, y)[0]), 10.0))
    right.set_xlim(-1.0, 21.0)  # the autoscaled range of 0 .. 20 epochs
    right.set_title(" ")
    right.legend(fontsize=7, loc="upper right")  # every curve is below 3 after the first epochs
    scene = Scene(figure, left=left, right=right, path_line=path_line, end_mark=end_mark, loss_curve=loss_curve)
    # the start and least-squares markers are drawn after the path, on top of it (as in one full draw);
    # the legends stay in the background (the batch size is in the titles)
    scene.changing(*left.lines, left.title, loss_curve, right.title)
    return scene


def update_batch_size(scene: Scene, batch_size: int | str = 8, learning_rate: float = 0.03) -> dict:
    """Show the path of ``(w, b)`` over the MSE contours and the loss after each update.

    Returns the numbers: updates per epoch and in total, the final training
    MSE (and the least-squares one), the path length and its wiggle ratio
    (length / straight distance; 1 for a straight path), and the distance of
    the final ``(w, b)`` to the least-squares solution.
    """
    state = _batch_state(batch_size, learning_rate)
    path, label = state["path"], state["label"]
    scene.path_line.set_data(path[:, 0], path[:, 1])
    scene.path_line.set_marker("o" if len(path) <= 200 else "None")  # short paths: one dot per update
    scene.end_mark.set_data([path[-1, 0]], [path[-1, 1]])
    scene.left.set_title(f"(w, b) after each update, {label}")
    scene.loss_curve.set_data(state["epochs"], state["losses"])
    scene.right.set_title(f"{state['updates per epoch']} update(s) per epoch, learning rate {learning_rate:g}")
    return dict(state["numbers"])


BATCH_SIZE_WIDGET = Widget(
    build_batch_size,
    update_batch_size,
    [
        Control("batch_size", BATCH_SIZES, 8, label="batch size"),
        Control("learning_rate", BATCH_LEARNING_RATES, 0.03, label="learning rate"),
    ],
    title="Batch size and the noise of the path",
    claim="Smaller batches make more updates per epoch along noisier directions; the full batch follows "
    "the exact gradient smoothly.",
)


def render_batch_size(batch_size: int | str = 8, learning_rate: float = 0.03) -> Rendered:
    """The figure and numbers of one state, on a new scene (``BATCH_SIZE_WIDGET.render``)."""
    return BATCH_SIZE_WIDGET.render(batch_size=batch_size, learning_rate=learning_rate)
