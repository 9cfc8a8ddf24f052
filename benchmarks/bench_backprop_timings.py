"""Time a numerical gradient against backpropagation on networks of growing width.

Each network is ``mlp([w, w, w], activation="sigmoid")`` (two Linear layers,
N = 2 w (w + 1) parameters) with an MSE loss on a batch of 32 random samples;
see :func:`mlcourse.chapters.backpropagation.analysis.time_gradient_methods`. The numerical gradient of
the larger networks is timed on as many coordinates as fit in the budget and
scaled to all N (every coordinate costs the same two forward passes).

Run: ``python benchmarks/bench_backprop_timings.py`` prints the table (about
30 s). With ``--write`` it also stores it, with a note of the machine, as
``mlcourse/datasets/backprop_timings.json``: the pre-measured table that
chapter 8 and its widget show (so that the book's numbers are the same on
every machine).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from pathlib import Path

# One BLAS thread: the two methods then run the same arithmetic on one core, and a
# busy second core cannot stall a two-thread matrix product (which blurs the timings).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402  (after the thread settings)

from mlcourse.chapters.backpropagation.analysis import (  # noqa: E402
    time_gradient_methods,
)
from mlcourse.chapters.chain_rule.analysis import fit_loglog_slope  # noqa: E402

WIDTHS = (4, 8, 16, 32, 64, 128, 256, 512)
BATCH = int(os.environ.get("BENCH_BATCH", "32"))
TARGET = Path(__file__).resolve().parent.parent / "mlcourse" / "datasets" / "backprop_timings.json"


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(write: bool) -> None:
    time_gradient_methods(WIDTHS[:2], repeats=3, numerical_budget=0.2)  # warm-up, discarded
    times = time_gradient_methods(WIDTHS, batch_size=BATCH, depth=2, repeats=15, numerical_budget=3.0, seed=0)
    times.machine = {
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "measured": datetime.date.today().isoformat(),
        "script": "benchmarks/bench_backprop_timings.py",
    }
    print(f"{'width':>5} {'N':>8} {'backprop':>12} {'numerical':>14} {'ratio':>10}  coordinates timed")
    for width, n, bp, num, coords in zip(
        times.widths, times.n_parameters, times.backprop_seconds, times.numerical_seconds, times.numerical_coordinates
    ):
        print(f"{width:>5} {n:>8} {bp * 1e3:>9.3f} ms {num:>12.4g} s {num / bp:>10.3g}  {coords}")
    upper = [i for i, n in enumerate(times.n_parameters) if n >= 8000]
    for name, values in (("numerical", times.numerical_seconds), ("backprop", times.backprop_seconds)):
        slope_all = fit_loglog_slope(times.n_parameters, values)[0]
        slope_upper = fit_loglog_slope([times.n_parameters[i] for i in upper], [values[i] for i in upper])[0]
        print(f"{name}: log-log slope {slope_all:.2f} over all N, {slope_upper:.2f} for N >= 8000")
    print("machine:", times.machine)
    if write:
        TARGET.write_text(json.dumps(times.to_dict(), indent=1) + "\n", encoding="utf-8")
        print("written", TARGET)


if __name__ == "__main__":
    main("--write" in sys.argv[1:])
