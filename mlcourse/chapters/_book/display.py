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


def plot_loss_curve(
    ax: Any,
    losses: Sequence[float],
    *,
    start: int = 1,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    label: str | None = None,
    title: str = "",
    log: bool = True,
    color: str | None = None,
) -> Any:
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


def show_source(obj: Any, *, title: str | None = None, docstrings: bool = False, checks: bool = False) -> Any:
    """Return the source code of a library object as a displayable Markdown code block.

    The book shows the library's own code this way, so the text a learner reads
    is the code that runs: they cannot drift apart. By default every docstring
    in the shown code is cut to its first paragraph (the full reference is the
    API page) and the checks of the arguments are left out (an ``if`` whose
    only body is ``raise``, a call of a ``check_...`` function), so that the
    display is the algorithm's lines. The caption says when checks were left out.

    Parameters
    ----------
    obj : function, method or class
        What to show.
    title : str, optional
        The caption (default: the object's dotted name).
    docstrings : bool, default False
        Show the docstrings in full.
    checks : bool, default False
        Show the checks of the arguments too.
    """
    from IPython.display import Markdown

    source = source_text(obj, docstrings=docstrings, checks=checks)
    module = inspect.getmodule(obj)
    where = title or f"`{module.__name__}.{getattr(obj, '__qualname__', obj.__name__)}`"
    if source != source_text(obj, docstrings=docstrings, checks=True):
        where += " (argument checks left out)"
    return Markdown(f"{where}:\n\n```python\n{source}```")


def source_text(obj: Any, *, docstrings: bool = False, checks: bool = True) -> str:
    """The dedented source of ``obj``, each docstring cut to its summary unless ``docstrings``.

    Without ``checks``, the statements that only check arguments are left out:
    an ``if`` with no ``else`` whose body is only ``raise`` statements, and a
    bare call of a function whose name starts with ``check_`` or ``_check``.

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
    >>> def root(x):
    ...     if x < 0:
    ...         raise ValueError("x must be >= 0")
    ...     return x ** 0.5
    >>> print(source_text(root, checks=False), end="")
    def root(x):
        return x ** 0.5
    """
    source = textwrap.dedent(inspect.getsource(obj))
    lines = source.splitlines(keepends=True)
    edits = (
        []
        if docstrings
        else [
            (start, end, [f"{indent}{quote}{summary}{quote}\n"])
            for start, end, indent, quote, summary in _docstring_spans(source)
        ]
    )
    if not checks:
        edits += [(start, end, []) for start, end in _check_spans(source)]
    for start, end, replacement in sorted(edits, reverse=True):
        lines[start:end] = replacement
    return "".join(lines)


def _check_name(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    return name.startswith(("check_", "_check"))


def _checked_names(node: ast.Call) -> set[str]:
    """The plain names a check call receives as positional arguments."""
    return {argument.id for argument in node.args if isinstance(argument, ast.Name)}


def _is_check(node: ast.stmt) -> bool:
    """An ``if`` (no ``else``) that only raises, or a statement that is only a check call.

    A ``check_...`` call may return the checked value: ``x = check_positive(x, "x")``
    (or ``X, y = _check_data(X, y)``) is left out, because ``x`` existed before; an
    assignment that makes a new name (``splitter = _check_cv(cv)``) stays, or the
    shown code would use a name it never defined.
    """
    if isinstance(node, ast.If) and not node.orelse:
        return all(isinstance(statement, ast.Raise) for statement in node.body)
    if isinstance(node, ast.Expr):
        return _check_name(node.value)
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        if not all(isinstance(name, ast.Name) for name in targets):
            return False
        names = {name.id for name in targets}
        if _check_name(value):
            return names <= _checked_names(value)
        if isinstance(value, ast.Tuple) and len(value.elts) == len(targets):
            return all(
                _check_name(element) and {name.id} <= _checked_names(element)
                for name, element in zip(targets, value.elts)
            )
    return False


def _check_spans(source: str) -> list[tuple[int, int]]:
    """(first line index, end index) of every argument check in the functions of ``source``."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = [statement for statement in node.body if not _is_check(statement)]
            if not body:  # a function that is only checks stays whole
                continue
            spans += [(statement.lineno - 1, statement.end_lineno) for statement in node.body if _is_check(statement)]
    return spans


def _docstring_spans(source: str) -> list[tuple[int, int, str, str, str]]:
    """(first line index, end index, indentation, quotes, summary) of every docstring in ``source``."""
    spans = []
    source_lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
            continue
        first = node.body[0]
        if not (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        ):
            continue
        line = source_lines[first.lineno - 1]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        quote = stripped.lstrip("rRbBuU")[:3]
        summary = " ".join(first.value.value.strip().split("\n\n")[0].split())
        spans.append((first.lineno - 1, first.end_lineno, indent, quote, summary))
    return sorted(spans)
