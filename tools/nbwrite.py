"""Write a chapter notebook from a plain Python list of cells.

Chapters are .ipynb files (their stored outputs are nbval's reference). Writing
a long notebook by hand in JSON is error-prone, so authors may keep a small
script that calls :func:`write_notebook` and then run ``make refresh``. The
script is a drafting aid; the notebook is the source of truth afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import nbformat


def md(text: str) -> nbformat.NotebookNode:
    """A markdown cell (leading/trailing blank lines stripped)."""
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(source: str, *tags: str) -> nbformat.NotebookNode:
    """A code cell with optional cell tags (e.g. "nbval-ignore-output", "hide-input")."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write_notebook(path: str | Path, cells: Iterable[nbformat.NotebookNode]) -> None:
    """Write ``cells`` as a Python 3 notebook (without outputs; run ``make refresh`` next)."""
    notebook = nbformat.v4.new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.validate(notebook)
    nbformat.write(notebook, str(path))


def prose_check(source: str) -> nbformat.NotebookNode:
    """A hidden cell of ``tie``/``given``/``claim`` calls checking the prose beside it.

    Removed from the HTML book (``remove-cell``) and collapsed in JupyterLab
    (``source_hidden``), so the chapter reads as prose; it still runs, so a
    sentence the computation no longer supports fails the build and nbval.
    """
    cell = code(source, "remove-cell")
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell
