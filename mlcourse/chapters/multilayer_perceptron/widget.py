"""Chapter 5 widget: hidden units and depth vs the decision boundary on XOR and moons.

Claim made visible: with one hidden unit per layer the network can only draw
a straight boundary (no better than the best single line, whatever the
depth); a few hidden units bend it around XOR and the moons, at the price of
more parameters. The data and the trained networks come from
:mod:`mlcourse.chapters.multilayer_perceptron.analysis`; this module only draws.

The figure is a scene built once (:class:`~mlcourse.chapters._book.widgets.Scene`):
the data set is a background control (it sets the window of the left panel);
the decision regions (filled contours of the network's output), the
boundary, the points, the loss curve and the left title change with the state.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.multilayer_perceptron.analysis import (
    DATASETS,
    EPOCHS,
    best_line_accuracy,
    capacity_data,
    parameter_count,
    trained_network,
)

HIDDEN_UNITS = (1, 2, 3, 4, 8, 16)
DEPTHS = (1, 2, 3)
RESOLUTION = 80  # grid points per axis of the decision regions
MARGIN = 0.5  # space around the data in the left panel
LEVELS = np.linspace(0, 1, 11)
LOSS_LIMITS = (1e-4, 1.0)


@lru_cache(maxsize=None)
def _window(dataset_name: str) -> tuple[np.ndarray, np.ndarray]:
    """The grid ``(G1, G2)`` of the left panel: the data plus :data:`MARGIN`, :data:`RESOLUTION` points per axis."""
    X, _ = capacity_data(dataset_name)
    x_min, x_max = X[:, 0].min() - MARGIN, X[:, 0].max() + MARGIN
    y_min, y_max = X[:, 1].min() - MARGIN, X[:, 1].max() + MARGIN
    return np.meshgrid(np.linspace(x_min, x_max, RESOLUTION), np.linspace(y_min, y_max, RESOLUTION))


@lru_cache(maxsize=None)
def _state(hidden_units: int, depth: int, dataset_name: str) -> tuple[np.ndarray, float, int, tuple[float, ...]]:
    """The trained network's output on the grid, its training accuracy, its parameter count and its losses."""
    X, y = capacity_data(dataset_name)
    network = trained_network(hidden_units, depth, dataset_name)
    G1, G2 = _window(dataset_name)
    grid = np.column_stack([G1.ravel(), G2.ravel()])
    P = np.asarray(network.probability(grid), dtype=float).reshape(G1.shape)
    return P, network.accuracy(X, y), network.model.summary(2).total_parameters, network.losses


def _precompute(hidden_units: int, depth: int, dataset_name: str) -> None:
    """Train one state's network and evaluate it on the grid (the live widget runs this ahead, in a thread)."""
    _window(dataset_name)
    best_line_accuracy(dataset_name)
    _state(hidden_units, depth, dataset_name)  # positional, as update calls it: one lru_cache key per state


def build() -> Scene:
    """Left: decision regions and the data (drawn by ``update``); right: the training loss (placeholder)."""
    from matplotlib.ticker import FormatStrFormatter

    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.multilayer_perceptron.plots import CLASS_COLORS, CLASS_MARKERS

    figure, (left, right) = new_figure(2, width=9.0, height=3.8)
    left.plot([], [], color="black", lw=1.6, label="decision boundary (output 0.5)")
    points = [
        left.scatter(
            [],
            [],
            s=22,
            color=CLASS_COLORS[value],
            marker=CLASS_MARKERS[value],
            edgecolor="black" if value else None,
            linewidths=0.5,
            zorder=3,
            label=f"class {value}",
        )
        for value in (0, 1)
    ]
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    # the layout is solved once for both data sets: tick labels of one width ("-2.0", "-1.0") keep the label clear
    left.yaxis.set_major_formatter(FormatStrFormatter("%.1f"))
    left.set_title(" ", fontsize=9)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7, framealpha=0.9)

    steps = np.arange(1, EPOCHS + 1)
    (loss_line,) = right.plot(steps, np.ones(EPOCHS), lw=1.7, color="#6a4c93")
    right.set_yscale("log")
    right.set_ylim(*LOSS_LIMITS)
    right.set_xlabel("epoch")
    right.set_ylabel("mean squared error")
    right.set_title(f"Training loss ({EPOCHS} steps of gradient descent, full batch)", fontsize=9)
    scene = Scene(figure, left=left, right=right, points=points, loss_line=loss_line)
    scene.changing(*left.spines.values(), *points, left.title, loss_line)
    return scene


def _show_regions(scene: Scene, key: tuple, G1: np.ndarray, G2: np.ndarray, P: np.ndarray) -> None:
    """Show the filled contours of ``P`` and its 0.5 boundary, hide every other state's.

    The contours of each state are drawn once per scene and kept (hidden when
    another state is shown): a revisited state costs no contouring.
    """
    shown = scene.memo.setdefault("regions", {})
    if key not in shown:
        left = scene.left
        regions = [left.contourf(G1, G2, P, levels=LEVELS, cmap="RdBu", alpha=0.4, vmin=0, vmax=1, zorder=0)]
        if P.min() < 0.5 < P.max():
            regions.append(left.contour(G1, G2, P, levels=[0.5], colors="black", linewidths=1.6, zorder=2))
        shown[key] = regions
        scene.changing(*regions)
        scene.changing_artists.sort(key=lambda artist: artist.get_zorder())  # drawn behind the points
    for state, regions in shown.items():
        for artist in regions:
            artist.set_visible(state == key)


def update(scene: Scene, hidden_units: int = 4, depth: int = 1, dataset_name: str = "XOR") -> dict[str, Any]:
    """Show the trained network's decision regions and loss curve (mean squared error).

    Returns the numbers: training accuracy, the best accuracy any straight
    line reaches on these data, the number of parameters (from the network's
    summary), the final training loss, and the depth.
    """
    X, y = capacity_data(dataset_name)
    P, accuracy, parameters, losses = _state(hidden_units, depth, dataset_name)
    G1, G2 = _window(dataset_name)
    left = scene.left
    _show_regions(scene, (hidden_units, depth, dataset_name), G1, G2, P)
    for value, points in enumerate(scene.points):
        points.set_offsets(X[y == value])
    left.set_xlim(G1[0, 0], G1[0, -1])
    left.set_ylim(G2[0, 0], G2[-1, 0])
    sizes = [2] + [hidden_units] * depth + [1]
    left.title.set_text(
        f"{dataset_name}: {' -> '.join(map(str, sizes))} ({parameters} parameters), accuracy {accuracy:.3f}"
    )
    scene.loss_line.set_ydata(losses)
    return {
        "training accuracy": accuracy,
        "best accuracy of a single line": best_line_accuracy(dataset_name),
        "parameters": parameters,
        "parameters by formula": parameter_count(sizes),
        "final training loss": float(f"{losses[-1]:.3g}"),  # 3 digits: stable across BLAS
        "hidden layers": depth,
        "deep (2+ hidden layers)": depth >= 2,
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("hidden_units", HIDDEN_UNITS, 4, label="hidden units per layer"),
        Control("depth", DEPTHS, 1, label="hidden layers"),
        Control("dataset_name", DATASETS, "XOR", label="data set", kind="dropdown"),
    ],
    title="Hidden units and depth vs the decision boundary",
    claim="One hidden unit per layer draws a straight boundary whatever the depth; a few units bend it "
    "around XOR and the moons, with more parameters.",
    background=("dataset_name",),
    precompute=_precompute,  # the trainings, run ahead in the live widget
)


def render(hidden_units: int = 4, depth: int = 1, dataset_name: str = "XOR") -> Rendered:
    """The figure and numbers of one state of :data:`WIDGET` (a new scene)."""
    return WIDGET.render(hidden_units=hidden_units, depth=depth, dataset_name=dataset_name)
