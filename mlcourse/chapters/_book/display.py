"""What a chapter displays besides its plots: a new figure, and library source code.

Every chapter plot builds a ``matplotlib.figure.Figure`` directly (no pyplot and
no global figure state), so a notebook cell shows exactly the figure it
returns, and widgets can render headless.
"""

from __future__ import annotations

from typing import Any

__all__ = ["new_figure", "show_source"]


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.4, height: float = 3.6, **kwargs: Any):
    """Return ``(figure, axes)`` for a new figure not attached to pyplot.

    ``axes`` is a single Axes when ``ncols == nrows == 1``, else an array.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=True, **kwargs)
    return figure, axes


def show_source(obj: Any, *, title: str | None = None) -> Any:
    """Return the source code of a library object as a displayable Markdown code block.

    The book shows the library's own code this way, so the text a learner reads
    is the code that runs: they cannot drift apart.
    """
    import inspect
    import textwrap

    from IPython.display import Markdown

    source = textwrap.dedent(inspect.getsource(obj))
    module = inspect.getmodule(obj)
    where = title or f"`{module.__name__}.{getattr(obj, '__qualname__', obj.__name__)}`"
    return Markdown(f"{where}:\n\n```python\n{source}```")
