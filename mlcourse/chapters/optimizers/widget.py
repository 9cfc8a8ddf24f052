"""Chapter 9 widget: the five optimizers racing on a test surface.

Claim made visible: one learning rate means different things to different
optimizers. Plain SGD's step is the learning rate times the gradient, so it
crawls or diverges depending on the curvature; momentum builds speed along
consistent directions; the adaptive methods (AdaGrad, RMSProp, Adam) move
about one learning rate per step whatever the gradient's scale, so they
never blow up but need a larger rate to get anywhere.

The scene: the paths on the surface's contours (left) and the value of f per
step (right), one legend outside on the right. The surface and the start are
the background controls (contours, markers, the value axis's scale and
limits, which fit every learning rate of that surface and start); the
learning rate only changes the paths, the curves, the divergence crosses and
the two titles (the right one names the optimizers that diverged). The
markers (minima, saddle point, start) are redrawn over the paths.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.optimizers.analysis import (
    OPTIMIZER_NAMES,
    RACE_STARTS,
    RACE_STEPS,
    RACE_SURFACES,
    surface_race,
)

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
#: Values below it are drawn at it on the log scale of the right panel.
FLOOR = 1e-16
#: Contour levels of the left panel.
LEVELS = 12
DIVERGED_COLOR = "crimson"


@lru_cache(maxsize=None)
def _value_axis(surface: str, start: str) -> tuple[str, float, float, float]:
    """Scale, limits and the clipping top of the right panel, fitting every learning rate of ``(surface, start)``.

    On the log scale (every surface but the saddle) values run from the
    smallest any run reaches (at least :data:`FLOOR`) to 1000 times the
    starting value; a diverging run leaves through the top edge. The saddle's
    values go negative: a symmetric log scale over every run's values, with
    matplotlib's 5% margins.
    """
    from matplotlib.scale import SymmetricalLogTransform

    runs = [run for rate in LEARNING_RATES for run in surface_race(surface, start, rate).values()]
    if surface == "saddle":
        values = np.concatenate([np.asarray(run.losses, dtype=float) for run in runs])
        values = values[np.isfinite(values)]
        transform = SymmetricalLogTransform(10, 1e-2, 1.0)
        low, high = transform.transform(np.array([values.min(), values.max()]))
        margin = 0.05 * (high - low)
        bottom, top = transform.inverted().transform(np.array([low - margin, high + margin]))
        return "symlog", float(bottom), float(top), float("inf")
    top = 1e3 * max(float(run.losses[0]) for run in runs)
    low = min(float(np.min(np.maximum(run.losses, FLOOR))) for run in runs)
    return "log", low / 3, top, top


def _legend(scene: Scene, markers: list) -> None:
    """The one legend: the five optimizers and the surface's markers, outside the right panel."""
    scene.replace("legend", [], changing=False)  # removes the old one first: a new legend replaces the axes' legend
    handles = [*scene.paths.values(), *markers, scene.start_marker]
    legend = scene.right.legend(
        handles=handles,
        labels=[handle.get_label() for handle in handles],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0.0,
    )
    scene.replace("legend", [legend], changing=False)


def build() -> Scene:
    """The figure: five paths and their end points on the left, five value curves and crosses on the right.

    The layout is solved here once with the longest legend any surface shows,
    then kept.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.optimizers.plots import OPTIMIZER_COLORS, OPTIMIZER_LABELS

    figure, (left, right) = new_figure(2, width=9.8, height=3.8, gridspec_kw={"width_ratios": [1.25, 1]})
    paths, ends, curves, crosses = {}, {}, {}, {}
    for name in OPTIMIZER_NAMES:
        color, label = OPTIMIZER_COLORS[name], OPTIMIZER_LABELS[name]
        (paths[name],) = left.plot([], [], "-", lw=1.4, color=color, label=label, alpha=0.9)
        (ends[name],) = left.plot([], [], "o", ms=4, color=color)
        (curves[name],) = right.plot([], [], lw=1.5, color=color, label=label)
        (crosses[name],) = right.plot([], [], "x", ms=9, mew=2, color=color)
    (start_marker,) = left.plot([], [], "ks", ms=6, label="start", zorder=6)
    left.set_xlabel("x")
    left.set_ylabel("y")
    left.set_title(" ", fontsize=10)
    right.set_xlabel("step")
    right.set_ylabel("f (symlog scale)")
    right.set_xlim(-0.05 * RACE_STEPS, 1.05 * RACE_STEPS)
    right.set_title(" ", fontsize=10)
    scene = Scene(
        figure,
        left=left,
        right=right,
        paths=paths,
        ends=ends,
        curves=curves,
        crosses=crosses,
        start_marker=start_marker,
    )
    (minimum,) = left.plot([], [], "k*", ms=10, label="minimum")
    (saddle,) = left.plot([], [], "kX", ms=8, label="saddle point")
    _legend(scene, [minimum, saddle])
    figure.get_layout_engine().execute(figure)
    figure.set_layout_engine("none")
    minimum.remove()
    saddle.remove()
    scene.changing(*paths.values(), *ends.values(), start_marker, *curves.values(), *crosses.values())
    scene.changing(left.title, right.title)
    return scene


def _show_surface(scene: Scene, surface: str, start: str) -> None:
    """The background of ``(surface, start)``: contours and markers, start point, legend, value axis."""
    from matplotlib.lines import Line2D

    from mlcourse.chapters.optimizers.plots import _contour

    left, right = scene.left, scene.right
    if scene.memo.get("surface") != surface:
        before = [*left.lines, *left.collections]
        _contour(left, RACE_SURFACES[surface], RACE_SURFACES[surface].bounds, LEVELS, surface != "saddle")
        drawn = [artist for artist in [*left.lines, *left.collections] if all(artist is not old for old in before)]
        markers = [artist for artist in drawn if isinstance(artist, Line2D)]
        scene.replace("surface", [artist for artist in drawn if not isinstance(artist, Line2D)], changing=False)
        scene.replace("markers", markers, changing=True)  # drawn over the paths, as in a full draw
        _legend(scene, [line for line in markers if not line.get_label().startswith("_")])
        scene.memo["surface"] = surface
    scene.start_marker.set_data([RACE_STARTS[surface][start][0]], [RACE_STARTS[surface][start][1]])
    scale, bottom, top, _ = _value_axis(surface, start)
    if scale == "symlog":
        right.set_yscale("symlog", linthresh=1e-2)
    else:
        right.set_yscale("log")
    right.set_ylim(bottom, top)
    right.set_ylabel("f (symlog scale)" if scale == "symlog" else "f (log scale)")


def update(scene: Scene, learning_rate: float = 0.01, start: str = "A", surface: str = "bowl") -> dict:
    """Draw the five paths on the surface and their values per step.

    Returns the numbers: each optimizer's final value of f and whether its
    run diverged (left every finite number or went farther than 1e6 from the
    origin).
    """
    from mlcourse.chapters.optimizers.plots import OPTIMIZER_LABELS

    results = surface_race(surface, start, learning_rate)  # checks the names
    _show_surface(scene, surface, start)
    scale, _, _, top = _value_axis(surface, start)
    point = RACE_STARTS[surface][start]
    diverged = []
    for name in OPTIMIZER_NAMES:
        run = results[name]
        path = np.asarray(run.path)
        scene.paths[name].set_data(path[:, 0], path[:, 1])
        scene.ends[name].set_data([path[-1, 0]], [path[-1, 1]])
        values = np.asarray(run.losses, dtype=float)
        if scale == "log":
            values = np.clip(values, FLOOR, top * 10)  # a diverging run leaves through the top edge
        scene.curves[name].set_data(np.arange(len(values)), values)
        cross = scene.crosses[name]
        cross.set_visible(run.diverged_at is not None)
        cross.set_data([len(values) - 1], [min(values[-1], top / 2) if scale == "log" else values[-1]])
        if run.diverged_at is not None:
            diverged.append(OPTIMIZER_LABELS[name])
    scene.left.set_title(
        f"{surface}, start {start} = ({point[0]:g}, {point[1]:g}), learning rate {learning_rate}, {RACE_STEPS} steps",
        fontsize=10,
    )
    scene.right.set_title(
        "Value of f per step" + (f": {' and '.join(diverged)} diverged (×)" if diverged else ""),
        fontsize=10,
        color=DIVERGED_COLOR if diverged else "black",
    )
    numbers = {}
    for name in OPTIMIZER_NAMES:
        numbers[f"{OPTIMIZER_LABELS[name]} final f"] = float(results[name].losses[-1])
    for name in OPTIMIZER_NAMES:
        numbers[f"{OPTIMIZER_LABELS[name]} diverged"] = results[name].diverged_at is not None
    return numbers


WIDGET = Widget(
    build,
    update,
    [
        Control("learning_rate", LEARNING_RATES, 0.01, label="learning rate"),
        Control("start", ("A", "B"), "A", label="start", kind="dropdown"),
        Control("surface", tuple(RACE_SURFACES), "bowl", label="surface", kind="dropdown"),
    ],
    title="Optimizer race: SGD, Momentum, AdaGrad, RMSProp and Adam",
    claim="The same learning rate means different things: SGD's step scales with the gradient "
    "(crawl or diverge), the adaptive methods move about one learning rate per step.",
    background=("start", "surface"),
)


def render(learning_rate: float = 0.01, start: str = "A", surface: str = "bowl") -> Rendered:
    """The figure and numbers of one state (a new scene): :meth:`Widget.render` of :data:`WIDGET`."""
    return WIDGET.render(learning_rate=learning_rate, start=start, surface=surface)
