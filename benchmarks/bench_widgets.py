"""Time from a change of a widget control to the new figure's PNG bytes: the live path, per widget.

For every chapter widget, a learner's session is replayed headless: starting
from the default state, each control is stepped through all its values one
change at a time (up, down and back to its default), then 20 random changes
of a random control (seeded). Each change is timed through the path the live
widget takes (:class:`~mlcourse.chapters._book.widgets.LiveFrames`): update
the kept scene, restore the cached background, draw the changing artists,
encode PNG. Printed per widget:

- cold: building the live widget until it can answer (scene built, first
  frame, every background drawn), caches empty;
- warm-up: for widgets whose states need a training, the background thread
  the first move of a control starts (every state's ``precompute``, nearest
  first), run to the end here before the session is replayed;
- p50 / p95 / max of the changes (budget: p95 under 100 ms);
- before: p50 / p95 of the previous live path over the same changes (a new
  figure per change, drawn in full and saved with ``bbox_inches="tight"`` as
  the inline backend does), measured in the same run for the ratio;
- static: the time to pre-render the static HTML slider of the book.

What a learner waits for in JupyterLab adds the message round trip to the
browser (a few ms on one machine). Asserts nothing: machines here are shared
and noisy. Run: ``python benchmarks/bench_widgets.py [widget ...]``.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
from typing import Any

import matplotlib

matplotlib.use("Agg")

from mlcourse import chapters  # noqa: E402
from mlcourse.chapters._book.widgets import LiveFrames, Widget  # noqa: E402

RANDOM_CHANGES = 20
BEFORE_CHANGES = 15  # the old path is slow: timed on the first changes only


def session(widget: Widget, seed: int = 0) -> list[dict[str, Any]]:
    """The states a learner's session visits, one control change apart."""
    state = widget.defaults()
    states = []
    for control in widget.controls:
        values = list(control.values)
        start = values.index(control.default)
        for index in [*range(start + 1, len(values)), *range(len(values) - 2, -1, -1), *range(1, start + 1)]:
            state = {**state, control.name: values[index]}
            states.append(state)
    generator = random.Random(seed)
    for _ in range(RANDOM_CHANGES):
        control = generator.choice(widget.controls)
        options = [value for value in control.values if value != state[control.name]]
        if options:
            state = {**state, control.name: generator.choice(options)}
            states.append(state)
    return states


def percentile(times: list[float], fraction: float) -> float:
    ordered = sorted(times)
    return ordered[round(fraction * (len(ordered) - 1))]


def time_widget(widget: Widget) -> dict[str, float]:
    started = time.perf_counter()
    frames = LiveFrames(widget)
    frames.frame()
    frames.prepare()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    frames.start_warmup(widget.defaults())  # what the first move of a control starts in JupyterLab
    if frames.warmup is not None:
        frames.warmup.join()
    warmup = time.perf_counter() - started if frames.warmup is not None else 0.0
    states = session(widget)
    live = []
    for state in states:
        started = time.perf_counter()
        frames.frame(**state)
        live.append(time.perf_counter() - started)
    before = []
    for state in states[:BEFORE_CHANGES]:
        started = time.perf_counter()
        figure = widget.render(**state).figure
        figure.savefig(io.BytesIO(), format="png", dpi=100, bbox_inches="tight")
        before.append(time.perf_counter() - started)
    started = time.perf_counter()
    widget.static_html()
    static = time.perf_counter() - started
    return {
        "cold_s": cold,
        "warmup_s": warmup,
        "changes": len(live),
        "p50_ms": statistics.median(live) * 1e3,
        "p95_ms": percentile(live, 0.95) * 1e3,
        "max_ms": max(live) * 1e3,
        "before_p50_ms": statistics.median(before) * 1e3,
        "before_p95_ms": percentile(before, 0.95) * 1e3,
        "static_s": static,
    }


def main() -> None:
    names = sys.argv[1:] or chapters.widget_names()
    print("live path: update + cached background + changing artists + PNG; before: new figure, full draw, PNG")
    header = f"{'widget':<36}{'cold s':>7}{'warm-up s':>10}{'changes':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
    print(header + f"{'before p50':>11}{'before p95':>11}{'static s':>9}")
    worst = 0.0
    for name in names:
        row = time_widget(chapters.get_widget(name))
        worst = max(worst, row["p95_ms"])
        print(
            f"{name:<36}{row['cold_s']:>7.2f}{row['warmup_s']:>10.2f}{row['changes']:>8d}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
            f"{row['max_ms']:>8.1f}{row['before_p50_ms']:>11.0f}{row['before_p95_ms']:>11.0f}{row['static_s']:>9.2f}"
        )
    print(f"worst p95: {worst:.1f} ms (budget 100 ms)")


if __name__ == "__main__":
    main()
