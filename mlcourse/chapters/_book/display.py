"""What a chapter displays besides its plots: a new figure, and library source code.

Every chapter plot builds a ``matplotlib.figure.Figure`` directly (no pyplot and
no global figure state), so a notebook cell shows exactly the figure it
returns, and widgets can render headless.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any, Sequence

import numpy as np

__all__ = ["new_figure", "plot_loss_curve", "show_source", "source_text"]


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.4, height: float = 3.6, **kwargs: Any):
    """Return ``(figure, axes)`` for a new figure not attached to pyplot.

    ``axes`` is a single Axes when ``ncols == nrows == 1``, else an array.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=True, **kwargs)
    return figure, axes


def plot_loss_curve(ax: Any, losses: Sequence[float], *, start: int = 1, xlabel: str = "epoch",
                    ylabel: str = "loss", label: str | None = None, title: str = "", log: bool = True,
                    color: str | None = None) -> Any:
    """Plot a loss history against the step or epoch number, on a log scale when every value is positive.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    losses : sequence of float
        One value per step or epoch.
    start : int, default 1
        The number of the first value (0 when the history starts before the
        first update).
    xlabel, ylabel, title : str
        Axis labels and title.
    label : str, optional
        Legend entry (no legend without one).
    log : bool, default True
        Log scale for the loss (only if every value is positive).
    color : str, optional
        Line colour.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> figure, ax = new_figure()
    >>> _ = plot_loss_curve(ax, [1.0, 0.5, 0.25], start=0)
    >>> ax.get_yscale(), ax.lines[0].get_xdata().tolist()
    ('log', [0, 1, 2])
    """
    values = np.asarray(losses, dtype=float)
    ax.plot(np.arange(start, start + len(values)), values, lw=1.7, color=color, label=label)
    if log and values.size and np.all(values > 0):
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if label:
        ax.legend(fontsize=8)
    return ax


def show_source(obj: Any, *, title: str | None = None, docstrings: bool = False) -> Any:
    """Return the source code of a library object as a displayable Markdown code block.

    The book shows the library's own code this way, so the text a learner reads
    is the code that runs: they cannot drift apart. By default every docstring
    in the shown code is cut to its first paragraph (the full reference is the
    API page), so that the display is the algorithm's lines.

    Parameters
    ----------
    obj : function, method or class
        What to show.
    title : str, optional
        The caption (default: the object's dotted name).
    docstrings : bool, default False
        Show the docstrings in full.
    """
    from IPython.display import Markdown

    source = source_text(obj, docstrings=docstrings)
    module = inspect.getmodule(obj)
    where = title or f"`{module.__name__}.{getattr(obj, '__qualname__', obj.__name__)}`"
    return Markdown(f"{where}:\n\n```python\n{source}```")


def source_text(obj: Any, *, docstrings: bool = False) -> str:
    """The dedented source of ``obj``, each docstring cut to its summary unless ``docstrings``.

    Examples
    --------
    >>> from mlcourse.chapters._book.display import source_text
    >>> def area(r):
    ...     '''Area of a disc.
    ...
    ...     Long explanation.
    ...     '''
    ...     return 3.14159 * r * r
    >>> print(source_text(area), end="")
    def area(r):
        '''Area of a disc.'''
        return 3.14159 * r * r
    """
    source = textwrap.dedent(inspect.getsource(obj))
    if docstrings:
        return source
    lines = source.splitlines(keepends=True)
    for start, end, indent, quote, summary in reversed(_docstring_spans(source)):
        lines[start:end] = [f"{indent}{quote}{summary}{quote}\n"]
    return "".join(lines)


def _docstring_spans(source: str) -> list[tuple[int, int, str, str, str]]:
    """(first line index, end index, indentation, quotes, summary) of every docstring in ``source``."""
    spans = []
    source_lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
            continue
        first = node.body[0]
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            continue
        line = source_lines[first.lineno - 1]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        quote = stripped.lstrip("rRbBuU")[:3]
        summary = " ".join(first.value.value.strip().split("\n\n")[0].split())
        spans.append((first.lineno - 1, first.end_lineno, indent, quote, summary))
    return sorted(spans)
