"""Chapter 8 widget: network size against the time of a numerical gradient and of backpropagation.

Claim made visible: a numerical gradient costs two forward passes per
parameter, so its time grows like N squared, while backpropagation costs
two to three forward passes in all and grows like N: the bigger the network,
the more backpropagation wins.

The default source is the pre-measured table shipped with the library
(deterministic numbers, the same on every machine); "measure now" times the
chosen network in the running kernel (numbers vary from run to run).
"""

from __future__ import annotations

from functools import lru_cache

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.backpropagation.analysis import (
    GradientTimes,
    load_backprop_timings,
    multiplication_counts,
    time_gradient_methods,
)

SOURCES = ("pre-measured", "measure now")
#: Seconds allowed for the live numerical gradient of one network.
LIVE_BUDGET = 0.3


@lru_cache(maxsize=1)
def table() -> GradientTimes:
    """The pre-measured timings (read once)."""
    return load_backprop_timings()


WIDTHS = tuple(table().widths)


def _seconds(value: float) -> str:
    if value >= 3600:
        return f"{value / 3600:.3g} h"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def render(width: int = 64, source: str = "pre-measured") -> Rendered:
    """Draw both methods' times against N (log-log) and the chosen network's two times as bars.

    Returns the figure and the numbers: N, both times, their ratio, how many
    coordinates of the numerical gradient were timed, and the exact
    multiplication counts of both methods.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.backpropagation.plots import (
        BACKPROP_COLOR,
        NUMERICAL_COLOR,
        plot_gradient_costs,
        thin_log_ticks,
    )

    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    stored = table()
    index = stored.widths.index(width)
    if source == "measure now":
        live = time_gradient_methods(
            [width], batch_size=stored.batch_size, depth=stored.depth, repeats=3, numerical_budget=LIVE_BUDGET
        )
        numerical, backprop = live.numerical_seconds[0], live.backprop_seconds[0]
        timed = live.numerical_coordinates[0]
    else:
        numerical, backprop = stored.numerical_seconds[index], stored.backprop_seconds[index]
        timed = stored.numerical_coordinates[index]
    n = stored.n_parameters[index]
    counts = multiplication_counts([width] * (stored.depth + 1), batch_size=stored.batch_size)

    figure, (left, right) = new_figure(2, width=9.6, height=3.7, gridspec_kw={"width_ratios": [1.35, 1]})
    plot_gradient_costs(
        left,
        stored.n_parameters,
        {"numerical": stored.numerical_seconds, "backprop": stored.backprop_seconds},
        fit_from=8000,
        hollow={"numerical": stored.extrapolated},
        mark=index,
        title="Pre-measured table (circled: this network)",
    )
    if source == "measure now":
        left.loglog([n, n], [numerical, backprop], "*", ms=12, color="black", label="measured now")
        left.legend(fontsize=7, loc="upper left")
    bars = right.barh([1, 0], [numerical, backprop], color=[NUMERICAL_COLOR, BACKPROP_COLOR], height=0.6)
    right.set_xscale("log")
    right.set_xlim(min(backprop, 1e-5) / 3, max(numerical, 1.0) * 300)
    thin_log_ticks(right, axes="x")
    right.set_yticks([1, 0], ["numerical\ngradient", "backprop"])
    for bar, value in zip(bars, (numerical, backprop)):
        right.text(value * 1.3, bar.get_y() + bar.get_height() / 2, _seconds(value), va="center", fontsize=9)
    right.set_xlabel("seconds per gradient (log scale)")
    right.set_title(
        f"width {width}: N = {n:,} parameters\none numerical gradient = {numerical / backprop:,.0f} backprop steps",
        fontsize=9,
    )
    if timed < n:
        right.text(
            0.02,
            0.5,
            f"numerical: timed on {timed:,} of {n:,} coordinates, scaled to all",
            transform=right.transAxes,
            fontsize=7,
            color="gray",
            va="center",
        )

    numbers = {
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
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("width", WIDTHS, 64, label="network width (N = 2 w (w + 1))"),
        Control("source", SOURCES, "pre-measured", label="timings", kind="dropdown"),
    ],
    title="Numerical gradient vs backpropagation: time per gradient",
    claim="A numerical gradient's time grows like N squared, backpropagation's like N: "
    "the gap widens with every doubling of the network.",
)
