"""Shared test set-up: headless plotting, and paths of the project."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module and name a Python file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("mlcourse." if node.level else "") + (node.module or "")
            names.add(base)
            names.update(f"{base}.{alias.name}".replace("..", ".") for alias in node.names)
    return names


try:  # property tests draw the same examples on every run and every machine (no flaky CI)
    from hypothesis import settings

    settings.register_profile("deterministic", derandomize=True, deadline=None)
    settings.load_profile("deterministic")
except ImportError:  # pragma: no cover - hypothesis is in requirements.txt
    pass


_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter):
    """Print what the JupyterLab test measured (a worker's output is not shown under xdist)."""
    measured = ROOT / "_build" / "jupyterlab-slider-times.txt"
    if measured.exists() and measured.stat().st_mtime >= _SESSION_START:
        terminalreporter.write_line(measured.read_text(encoding="utf-8").strip())
