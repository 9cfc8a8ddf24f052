"""Render time of every chapter widget (budget: under 100 ms per re-render).

For each widget: the first render (cold: caches filled, e.g. models trained),
then, over every state of the main control with warm caches, the median time
of ``render`` (the figure built) and of render plus PNG encoding (what the live
widget does before the picture appears: it displays the figure, and the inline
backend draws it to PNG), and the time to pre-render the static HTML. Prints a
table; asserts nothing (machines here are shared and noisy).
"""

from __future__ import annotations

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from mlcourse import chapters  # noqa: E402


def time_widget(name: str) -> dict[str, float]:
    widget = chapters.get_widget(name)
    started = time.perf_counter()
    widget.render().figure.clear()
    cold = time.perf_counter() - started
    for value in widget.main.values:  # warm every main state's cache
        widget.render(**{widget.main.name: value}).figure.clear()
    warm, shown = [], []
    for value in widget.main.values:
        started = time.perf_counter()
        figure = widget.render(**{widget.main.name: value}).figure
        warm.append(time.perf_counter() - started)
        figure.savefig(io.BytesIO(), format="png")  # the inline backend's default dpi and format
        shown.append(time.perf_counter() - started)
    started = time.perf_counter()
    html = widget.static_html()
    static = time.perf_counter() - started
    return {
        "cold_ms": cold * 1e3,
        "median_ms": statistics.median(warm) * 1e3,
        "max_ms": max(warm) * 1e3,
        "shown_ms": statistics.median(shown) * 1e3,
        "static_s": static,
        "static_kb": len(html) / 1e3,
        "states": len(widget.main.values),
    }


def main() -> None:
    print("render: the figure built (budget 100 ms); + PNG: render and PNG encoding, as displayed live")
    print(
        f"{'widget':<24}{'cold ms':>9}{'render ms':>11}{'max ms':>9}{'+ PNG ms':>10}{'states':>8}"
        f"{'static s':>10}{'static KB':>11}"
    )
    for name in chapters.widget_names():
        row = time_widget(name)
        print(
            f"{name:<24}{row['cold_ms']:>9.0f}{row['median_ms']:>11.1f}{row['max_ms']:>9.1f}{row['shown_ms']:>10.1f}"
            f"{row['states']:>8d}{row['static_s']:>10.2f}{row['static_kb']:>11.0f}"
        )


if __name__ == "__main__":
    main()
