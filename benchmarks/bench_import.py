"""Time of ``import mlcourse`` and of its core modules in a fresh interpreter (budget: 0.15 s).

Each import runs in a new process (``python -X importtime`` style timing by
wall clock around the import statement), the median of several runs is
printed, and the script checks that matplotlib and ipywidgets are not imported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

SNIPPET = (
    "import time, sys; t = time.perf_counter(); import {module}; d = time.perf_counter() - t; "
    "print(d, 'matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
)


def time_import(module: str, repeats: int = 7) -> tuple[float, bool, bool]:
    times, heavy = [], (False, False)
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", SNIPPET.format(module=module)], capture_output=True, text=True)
        if result.returncode:
            raise ImportError(result.stderr.strip().splitlines()[-1])
        output = result.stdout.split()
        times.append(float(output[0]))
        heavy = (output[1] == "True", output[2] == "True")
    return statistics.median(times), *heavy


def main() -> None:
    numpy_time = time_import("numpy")[0]
    print(f"{'module':<22}{'median s':>10}{'minus numpy':>13}  imports matplotlib / ipywidgets")
    for module in ("mlcourse", "mlcourse.nn", "mlcourse.train", "mlcourse.data", "mlcourse.chapters._book"):
        try:
            seconds, has_mpl, has_widgets = time_import(module)
        except ImportError as error:
            print(f"{module:<22}  not importable: {error}")
            continue
        print(f"{module:<22}{seconds:>10.3f}{seconds - numpy_time:>13.3f}  {has_mpl} / {has_widgets}")
    print(f"(numpy alone: {numpy_time:.3f} s)")


if __name__ == "__main__":
    main()
