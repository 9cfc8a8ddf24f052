"""Re-execute chapter notebooks in place, storing fresh outputs.

Run after changing the library (``make refresh``): the stored outputs are
nbval's reference, so they must be what the library computes now. Execution
metadata (timings) is dropped to keep diffs readable.

Usage: python tools/refresh_notebooks.py book/01_linear_regression.ipynb [...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def refresh(path: Path) -> float:
    """Execute one notebook in its own folder and write it back; return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    notebook.metadata.pop("widgets", None)  # live widget state is meaningless once saved
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return elapsed


def main(paths: list[str]) -> None:
    if not paths:
        raise SystemExit("usage: refresh_notebooks.py NOTEBOOK.ipynb [...]")
    for name in paths:
        seconds = refresh(Path(name))
        size = Path(name).stat().st_size / 1e6
        print(f"{name}: executed in {seconds:.1f} s, {size:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
