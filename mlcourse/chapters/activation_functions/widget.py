"""Chapter 6 widget: an activation, its derivative, and what a deep random stack does to a signal.

Claim made visible: the activation decides where a signal ends up after many
layers. Sigmoid outputs are never centred on 0; sigmoid and tanh units
saturate (derivative near 0) once their inputs are large; ReLU keeps a
derivative of 1 for positive inputs but gives exactly 0 for the others, while
leaky ReLU and ELU keep a gradient everywhere. The stacks and their
statistics come from :func:`mlcourse.chapters.activation_functions.analysis.stack_with_statistics`;
this module only draws.

The figure is one scene (:class:`~mlcourse.chapters._book.widgets.Scene`):
the activation panel and the every-layer panel change only with the
activation and the initialization (the background controls); moving the depth
redraws the histogram of that layer's outputs, its mean and the marker of the
layer. A layer's outputs span from about 0.3 to 3e9 depending on the depth,
so the histogram keeps the old picture (its own range, 60 bins) on a fixed
axis: its x ticks, their labels and the power-of-ten factor are drawn with it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget, one_blas_thread
from mlcourse.chapters.activation_functions.analysis import (
    FLAT_LEVEL,
    PEAK_DERIVATIVE,
    stack_with_statistics,
)

DEPTHS = (1, 2, 3, 5, 7, 10)
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
INITS = ("xavier", "large")

SPAN = 8.0  # the activation panel shows [-SPAN, SPAN]
BINS = 60
MARGIN = 0.05  # of the histogram's range, on each side (matplotlib's default margin)
MAX_TICKS = 12  # text artists kept for the histogram's x tick labels
HEADROOM = 1.2  # the histogram's y limit over its highest bin (any depth): room for the mean's label


def _stack(activation: str, init: str) -> tuple[Any, tuple[dict[str, float], ...]]:
    """The widget's 10-layer stack and its statistics (cached by the analysis), computed with one BLAS thread."""
    with one_blas_thread():  # the same bits, without threads fighting on a busy machine
        return stack_with_statistics(activation, init, max(DEPTHS), flat_level=FLAT_LEVEL)


@lru_cache(maxsize=None)
def _histogram(activation: str, init: str, depth: int) -> tuple[np.ndarray, np.ndarray, float, float, float]:
    """Share (%) of layer ``depth``'s outputs in each of 60 bins over their own range, the edges, mean and range."""
    result, _ = _stack(activation, init)
    outputs = result.outputs[depth - 1].reshape(-1)
    low, high = float(outputs.min()), float(outputs.max())
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(outputs, bins=BINS, range=(low, high))
    return 100 * counts / outputs.size, edges, float(outputs.mean()), low, high


@lru_cache(maxsize=None)
def _share_limit(activation: str, init: str) -> float:
    """The histogram's y limit: the highest bin over every depth of the widget, plus room for the mean's label."""
    return HEADROOM * max(float(_histogram(activation, init, depth)[0].max()) for depth in DEPTHS)


def _ticks(low: float, high: float) -> tuple[np.ndarray, list[str], str]:
    """Tick positions and labels for a histogram axis showing ``[low, high]``, and the power-of-ten factor text.

    As matplotlib's own axis would: "nice" steps, labels with as many
    decimals as the steps need, and a factor ``x1eN`` when the largest tick
    is at least 1e4 or below 1e-3 (``ticklabel_format`` with scilimits (-3, 4)).
    """
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    step = float(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    ticks = ticks[(ticks >= low - 1e-9 * step) & (ticks <= high + 1e-9 * step)]
    ticks = np.where(np.abs(ticks) < 1e-9 * step, 0.0, ticks)
    largest = float(np.abs(ticks).max()) if len(ticks) else 0.0
    power = math.floor(math.log10(largest)) if largest > 0 else 0
    if -3 < power < 4:
        power = 0
    scaled, scaled_step = ticks / 10.0**power, step / 10.0**power
    decimals = next(d for d in range(10) if abs(round(scaled_step, d) - scaled_step) < 1e-6 * scaled_step)
    labels = [f"{value:.{decimals}f}".replace("-", "\u2212") for value in scaled]
    return ticks, labels, (f"\u00d71e{power}" if power else "")


def build() -> Scene:
    """The figure: the activation, the chosen layer's outputs and every layer's spread (placeholder data)."""
    from matplotlib import lines as mlines
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import Affine2D, blended_transform_factory, offset_copy

    from mlcourse.chapters._book import new_figure

    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.4)

    (function_line,) = left.plot([], [], lw=2, label=" ")
    (derivative_line,) = left.plot([], [], "--", lw=1.5, label="derivative")
    left.axhline(0, color="0.6", lw=0.6)
    left.axvline(0, color="0.6", lw=0.6)
    left.set_xlim(-1.1 * SPAN, 1.1 * SPAN)
    left.set_ylim(-1.3, 2.3)
    left.set_xlabel("net input x")

    # The histogram lives on a fixed axis [-MARGIN, 1 + MARGIN]: `to_unit` maps a layer's
    # range [low, high] onto [0, 1] (set by update), so its data keep their own values.
    to_unit = Affine2D()
    data_x = to_unit + middle.transData
    on_x = blended_transform_factory(data_x, middle.transData)
    on_x_axes_y = blended_transform_factory(data_x, middle.transAxes)
    histogram = middle.stairs([0.0], [0.0, 1.0], fill=True, alpha=0.8, transform=on_x)
    mean_line = mlines.Line2D([0, 0], [0, 1], color="black", lw=1.2, ls="--", label=" ", transform=on_x_axes_y)
    middle.add_line(mean_line)
    middle.set_xlim(-MARGIN, 1 + MARGIN)
    middle.tick_params(axis="x", length=0, labelcolor="none")  # keeps the room of the labels drawn below
    tick_marks = mlines.Line2D(
        [], [], ls="none", marker=mlines.TICKDOWN, ms=rcParams["xtick.major.size"], color="black",
        transform=on_x_axes_y, clip_on=False, label="_x ticks",
    )  # fmt: skip
    middle.add_line(tick_marks)
    below_ticks_points = rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]
    tick_size = FontProperties(size=rcParams["xtick.labelsize"]).get_size_in_points()
    below_ticks = offset_copy(on_x_axes_y, figure, y=-below_ticks_points, units="points")
    tick_labels = [
        middle.text(0, 0, "", transform=below_ticks, ha="center", va="top", size=tick_size, clip_on=False)
        for _ in range(MAX_TICKS)
    ]
    label_row = offset_copy(middle.transAxes, figure, y=-(2 * below_ticks_points + 1.2 * tick_size), units="points")
    factor = middle.text(1.0, 0, "", transform=label_row, ha="right", va="top", size=tick_size, clip_on=False)
    middle.set_xlabel("output of the layer")
    middle.set_ylabel("% of the 500 x 100 outputs")
    # the mean's value, written beside the top of its line in the room above the highest bin
    mean_text = middle.text(0, 0.97, "", transform=on_x_axes_y, va="top", size=8, clip_on=False)
    middle.set_title(" ", fontsize=10)

    layers = np.arange(1, max(DEPTHS) + 1)
    (spread_line,) = right.plot(layers, np.ones(len(layers)), "o-", lw=1.8, ms=4, label="std of outputs")
    right.set_xlim(0.55, max(DEPTHS) + 0.45)
    right.set_xlabel("layer")
    twin = right.twinx()
    # on the twin axes, so that the legend's "best" place depends on the static curve only
    depth_line = twin.axvline(1, color="0.5", lw=1, ls=":")
    (flat_line,) = twin.plot(
        layers, np.zeros(len(layers)), "s--", color="0.35", lw=1.2, ms=3,
        label=f"% flat (derivative < {FLAT_LEVEL:g} x peak)",
    )  # fmt: skip
    twin.set_ylim(-3, 103)
    twin.set_ylabel("% of flat unit-sample pairs")
    right.set_title("Every layer of the stack", fontsize=10)
    right_legend = right.legend([spread_line, flat_line], [spread_line.get_label(), flat_line.get_label()],
                                fontsize=7, loc="best")  # fmt: skip

    scene = Scene(
        figure,
        left=left,
        middle=middle,
        right=right,
        twin=twin,
        function_line=function_line,
        derivative_line=derivative_line,
        to_unit=to_unit,
        histogram=histogram,
        mean_line=mean_line,
        mean_text=mean_text,
        tick_marks=tick_marks,
        tick_labels=tick_labels,
        factor=factor,
        spread_line=spread_line,
        flat_line=flat_line,
        depth_line=depth_line,
        spread_handle=right_legend.legend_handles[0],
    )
    scene.changing(histogram, mean_line, mean_text, tick_marks, *tick_labels, factor, middle.title, depth_line)
    return scene


def _show_activation(scene: Scene, activation: str) -> None:
    """The left panel: the activation (solid), its derivative (dashed), shading where it is flat."""
    from mlcourse.chapters.activation_functions.plots import ACTIVATION_COLORS, ACTIVATION_LABELS, _function_pair

    function, derivative = _function_pair(activation, None)
    x = np.linspace(-SPAN, SPAN, 801)
    slope = np.asarray(derivative(x))
    color = ACTIVATION_COLORS[activation]
    label = ACTIVATION_LABELS[activation]
    left = scene.left
    scene.function_line.set_data(x, function(x))
    scene.function_line.set(color=color, label=f"{label}(x)")
    scene.derivative_line.set_data(x, slope)
    scene.derivative_line.set_color(color)
    flat = slope < FLAT_LEVEL * PEAK_DERIVATIVE[activation]
    handles = [scene.function_line, scene.derivative_line]
    shading = []
    if flat.any():
        shading = [
            left.fill_between(
                x,
                0,
                1,
                where=flat,
                transform=left.get_xaxis_transform(),
                color="0.88",
                lw=0,
                label=f"derivative < {FLAT_LEVEL:g} x peak",
            )  # fmt: skip
        ]
        handles = shading + handles
    scene.replace("flat shading", shading, changing=False)
    left.legend(handles=handles, fontsize=7, loc="upper left")
    left.set_title(f"{label} and its derivative", fontsize=10)


def _show_layers(scene: Scene, activation: str, init: str) -> None:
    """The right panel (std and % flat of every layer) and the histogram's y axis, for one stack."""
    from mlcourse.chapters.activation_functions.plots import ACTIVATION_COLORS

    _, stats = _stack(activation, init)
    color = ACTIVATION_COLORS[activation]
    spreads = np.array([row["std"] for row in stats])
    scene.spread_line.set_ydata(spreads)
    scene.spread_line.set_color(color)
    scene.flat_line.set_ydata([100 * row["flat"] for row in stats])
    right = scene.right
    if spreads.max() > 20 * spreads.min():
        right.set_yscale("log")
        low, high = np.log10(spreads.min()), np.log10(spreads.max())
        right.set_ylim(10 ** (low - 0.05 * (high - low)), 10 ** (high + 0.05 * (high - low)))
        right.set_ylabel("std of outputs (log scale)")
    else:
        right.set_yscale("linear")
        right.set_ylim(0, 1.15 * spreads.max())
        right.set_ylabel("std of outputs")
    scene.spread_handle.set(color=color, markerfacecolor=color, markeredgecolor=color)  # the legend's copy
    scene.histogram.set_color(color)
    scene.middle.set_ylim(0, _share_limit(activation, init))


def update(scene: Scene, depth: int = 5, activation: str = "tanh", init: str = "xavier") -> dict:
    """Show the activation, the outputs of layer ``depth`` and the spread of every layer.

    Returns the numbers of layer ``depth``: the mean and the standard
    deviation of its outputs, the percentage of (input, unit) pairs whose
    derivative is below 1/100 of its peak ("flat"), and the percentage of
    units flat for all 500 inputs ("dead").
    """
    if scene.memo.get("activation") != activation:
        _show_activation(scene, activation)
        scene.memo["activation"] = activation
    if scene.memo.get("stack") != (activation, init):
        _show_layers(scene, activation, init)
        scene.memo["stack"] = (activation, init)

    shares, edges, mean, low, high = _histogram(activation, init, depth)
    width = high - low
    scene.to_unit.clear().translate(-low, 0).scale(1 / width, 1)
    scene.histogram.set_data(shares, edges)
    scene.mean_line.set_xdata([mean, mean])
    scene.mean_line.set_label(f"mean {mean:.3g}")
    right_half = (mean - low) / width > 0.5  # the text goes on the side with more room
    scene.mean_text.set(x=mean, text=f" mean {mean:.3g} ", ha="right" if right_half else "left")
    ticks, labels, factor = _ticks(low - MARGIN * width, high + MARGIN * width)
    scene.tick_marks.set_data(ticks, np.zeros(len(ticks)))
    for index, text in enumerate(scene.tick_labels):
        shown = index < len(ticks)
        text.set_visible(shown)
        text.set_position((ticks[index], 0) if shown else (0, 0))
        text.set_text(labels[index] if shown else "")
    scene.factor.set_text(factor)
    scene.middle.set_title(f"Outputs after {depth} layer{'s' if depth > 1 else ''} ({init} init)", fontsize=10)
    scene.depth_line.set_xdata([depth, depth])

    _, stats = _stack(activation, init)
    row = stats[depth - 1]
    return {
        "layer": depth,
        "mean of outputs": row["mean"],
        "std of outputs": row["std"],
        "flat derivative (%)": 100 * row["flat"],
        "dead units (%)": 100 * row["dead"],
    }


def render(depth: int = 5, activation: str = "tanh", init: str = "xavier") -> Any:
    """The widget's figure and numbers for one state (a new scene): ``WIDGET.render(...)``."""
    return WIDGET.render(depth=depth, activation=activation, init=init)


WIDGET = Widget(
    build,
    update,
    [
        Control("depth", DEPTHS, 5, label="layers in the stack"),
        Control("activation", ACTIVATION_NAMES, "tanh", label="activation", kind="dropdown"),
        Control("init", INITS, "xavier", label="initial weights", kind="dropdown"),
    ],
    title="A deep stack of random layers",
    claim="The activation decides where the signal goes: sigmoid stays off-centre, squashing units saturate "
    "under large weights, ReLU zeroes half of its gradients, leaky ReLU and ELU keep them all.",
    background=("activation", "init"),
)
