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
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    notebook.metadata.pop("widgets", None)  # live widget state is meaningless once saved
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if is_live_widget_output(cell):
            cell.outputs = []
    nbformat.write(notebook, path)
    return elapsed


def is_live_widget_output(cell) -> bool:
    """A cell that shows a live widget: its stored output is not kept.

    A widget's output is a view of a kernel-side model (useless once the kernel is
    gone: JupyterLab shows "model not found") plus its pre-rendered static frames,
    about a third of a chapter's bytes. nbval does not compare it (the cell is
    tagged nbval-ignore-output) and the book build executes the chapter again, so
    the HTML book still gets the frames. Figures (PNG) and text are kept: they are
    what a reader of the notebook file sees before running it, and the text is
    nbval's reference.
    """
    return cell.cell_type == "code" and any(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {}) for output in cell.get("outputs", [])
    )


def main(paths: list[str]) -> None:
    if not paths:
        raise SystemExit("usage: refresh_notebooks.py NOTEBOOK.ipynb [...]")
    for name in paths:
        seconds = refresh(Path(name))
        size = Path(name).stat().st_size / 1e6
        print(f"{name}: executed in {seconds:.1f} s, {size:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
