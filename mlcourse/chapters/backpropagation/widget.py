"""Chapter 8 widget: network size against the time of a numerical gradient and of backpropagation.

Claim made visible: a numerical gradient costs two forward passes per
parameter, so its time grows like N squared, while backpropagation costs
two to three forward passes in all and grows like N: the bigger the network,
the more backpropagation wins.

The default source is the pre-measured table shipped with the library
(deterministic numbers, the same on every machine); "measure now" times the
networks in the running kernel (numbers vary from run to run). The first
"measure now" times every width of the table at once (a few seconds), so
that every later move of the slider answers at once; the measurement is
kept for the session.

The scene: on the left the table's times against N (log-log, fitted power
laws), the chosen network circled and, when measured now, starred (a star
beyond the fixed axis is drawn at its edge and the caption says so); on the
right the chosen network's two times as bars on a fixed log axis that fits
every width. Nothing but the circles, stars, bars and their texts changes
from state to state, so there is no background control.
"""

from __future__ import annotations

from functools import lru_cache

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.backpropagation.analysis import (
    GradientTimes,
    load_backprop_timings,
    multiplication_counts,
    time_gradient_methods,
)

SOURCES = ("pre-measured", "measure now")
#: Seconds allowed for the live numerical gradient of one network.
LIVE_BUDGET = 0.3
#: Seconds shown by the bars (log scale): from below the fastest backprop to far above the slowest
#: numerical gradient, with room for the value written after each bar.
BAR_LIMITS = (1e-6, 1e6)
#: Top of the left panel's time axis: room above the table for a slower machine's measurement.
TIME_TOP = 1e4


@lru_cache(maxsize=1)
def table() -> GradientTimes:
    """The pre-measured timings (read once)."""
    return load_backprop_timings()


WIDTHS = tuple(table().widths)


@lru_cache(maxsize=1)
def measured_now() -> GradientTimes:
    """Every width of the table timed in this kernel, as the table was (best of 3; kept for the session)."""
    stored = table()
    return time_gradient_methods(
        stored.widths, batch_size=stored.batch_size, depth=stored.depth, repeats=3, numerical_budget=LIVE_BUDGET
    )


def _seconds(value: float) -> str:
    if value >= 3600:
        return f"{value / 3600:.3g} h"
    if value >= 600:
        return f"{value / 60:.3g} min"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def build() -> Scene:
    """The figure: the table's curves with a circle per method (left), two bars with their times (right).

    The layout is solved here once and kept, so that it does not depend on the first state drawn.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.backpropagation.plots import (
        BACKPROP_COLOR,
        NUMERICAL_COLOR,
        plot_gradient_costs,
        thin_log_ticks,
    )

    stored = table()
    figure, (left, right) = new_figure(2, width=9.6, height=3.7, gridspec_kw={"width_ratios": [1.35, 1]})
    plot_gradient_costs(
        left,
        stored.n_parameters,
        {"numerical": stored.numerical_seconds, "backprop": stored.backprop_seconds},
        fit_from=8000,
        hollow={"numerical": stored.extrapolated},
        title="Pre-measured table (circled: this network)",
    )
    low, high = left.get_ylim()
    left.set_ylim(low, max(high, TIME_TOP))
    circles = [left.loglog([], [], "o", ms=13, mfc="none", mec="black", mew=1.5)[0] for _ in range(2)]
    (stars,) = left.loglog([], [], "*", ms=12, color="black", label="measured now")
    star_label = left.text(0.98, 0.04, " ", transform=left.transAxes, ha="right", va="bottom", fontsize=8)
    bars = right.barh([1, 0], [1.0, 1.0], color=[NUMERICAL_COLOR, BACKPROP_COLOR], height=0.6)
    right.set_xscale("log")
    right.set_xlim(*BAR_LIMITS)
    thin_log_ticks(right, axes="x")
    right.set_yticks([1, 0], ["numerical\ngradient", "backprop"])
    right.set_xlabel("seconds per gradient (log scale)")
    values = [right.text(1.0, bar.get_y() + bar.get_height() / 2, " ", va="center", fontsize=9) for bar in bars]
    right.set_title("width 512: N = 525,312 parameters\none numerical gradient = 339,596 backprop steps", fontsize=9)
    note = right.text(0.02, 0.5, " ", transform=right.transAxes, fontsize=7, color="gray", va="center")
    figure.get_layout_engine().execute(figure)  # the layout of every state: solved once, with a two-line title
    figure.set_layout_engine("none")
    scene = Scene(
        figure,
        left=left,
        right=right,
        circles=circles,
        stars=stars,
        star_label=star_label,
        bars=list(bars),
        values=values,
        note=note,
    )
    scene.changing(*circles, stars, star_label, *bars, *values, note, right.title)
    return scene


def update(scene: Scene, width: int = 64, source: str = "pre-measured") -> dict:
    """Circle the chosen network on the table's curves and draw its two times as bars.

    Returns the numbers: N, both times, their ratio, how many coordinates of
    the numerical gradient were timed, and the exact multiplication counts of
    both methods.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    stored = table()
    index = stored.widths.index(width)
    times = measured_now() if source == "measure now" else stored
    numerical, backprop = times.numerical_seconds[index], times.backprop_seconds[index]
    timed = times.numerical_coordinates[index]
    n = stored.n_parameters[index]
    counts = multiplication_counts([width] * (stored.depth + 1), batch_size=stored.batch_size)

    for circle, series in zip(scene.circles, (stored.numerical_seconds, stored.backprop_seconds)):
        circle.set_data([n], [series[index]])
    measuring = source == "measure now"
    scene.stars.set_visible(measuring)
    scene.star_label.set_visible(measuring)
    low, high = scene.left.get_ylim()
    low, high = low * 1.5, high / 1.5  # a star drawn there is whole in view
    scene.stars.set_data([n, n], [min(max(value, low), high) for value in (numerical, backprop)])
    outside = [
        f"{name} {_seconds(value)}"
        for name, value in (("numerical", numerical), ("backprop", backprop))
        if not low <= value <= high
    ]
    scene.star_label.set_text(
        "★ measured now, in this kernel" + (f"\n{', '.join(outside)}: beyond the axis" if outside else "")
    )
    for bar, value, text in zip(scene.bars, (numerical, backprop), scene.values):
        bar.set_width(value)
        text.set_x(value * 1.3)
        text.set_text(_seconds(value))
    scene.right.set_title(
        f"width {width}: N = {n:,} parameters\none numerical gradient = {numerical / backprop:,.0f} backprop steps",
        fontsize=9,
    )
    scene.note.set_visible(timed < n)
    scene.note.set_text(f"numerical: timed on {timed:,} of {n:,} coordinates, scaled to all")

    return {
        "width": width,
        "parameters N": n,
        "numerical gradient (s)": numerical,
        "backprop (s)": backprop,
        "time ratio numerical / backprop": numerical / backprop,
        "numerical coordinates timed": timed,
        "multiplications numerical": counts["numerical_central"],
        "multiplications backprop": counts["backprop"],
        "source": source,
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("width", WIDTHS, 64, label="network width (N = 2 w (w + 1))"),
        Control("source", SOURCES, "pre-measured", label="timings", kind="dropdown"),
    ],
    title="Numerical gradient vs backpropagation: time per gradient",
    claim="A numerical gradient's time grows like N squared, backpropagation's like N: "
    "the gap widens with every doubling of the network.",
    # a measurement differs from run to run: the chapter's own tests check those states
    repeatable=lambda params: params["source"] == "pre-measured",
)


def render(width: int = 64, source: str = "pre-measured") -> Rendered:
    """The figure and numbers of one state (a new scene): :meth:`Widget.render` of :data:`WIDGET`."""
    return WIDGET.render(width=width, source=source)
