"""Chapter 2 widget: a computational graph whose values and gradients follow x and y.

Claim made visible: backpropagation through the graph gives the same partial
derivatives as the chain rule by hand (for ``z = (x + y)**2`` both are
``2 (x + y)``), and a variable used twice collects one gradient per path.

The expressions, the graph and the three gradients are
:mod:`mlcourse.chapters.chain_rule.analysis`; this module only draws and reports.
"""

from __future__ import annotations

from mlcourse.autograd import draw_graph
from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.chain_rule.analysis import (
    GRAPH_EXPRESSIONS,
    build_graph,
    graph_gradients,
)

X_VALUES = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
Y_VALUES = (-1.0, 1.0, 2.0)


def render(x: float = 1.0, y: float = 2.0, expression: str = "(x + y)**2") -> Rendered:
    """Draw the graph of ``expression`` at ``(x, y)`` with every node's value and gradient.

    Returns the figure and the numbers of
    :func:`~mlcourse.chapters.chain_rule.analysis.graph_gradients`: ``z``, the
    gradients from ``backward()``, the hand-derived ones and the central differences.
    """
    from mlcourse.chapters._book import new_figure

    z, _, _ = build_graph(expression, x, y)
    figure, ax = new_figure(width=8.0, height=3.2)
    draw_graph(z, ax=ax)
    ax.set_title(
        f"z = {expression} at x = {x:g}, y = {y:g}: forward values (data) and backward gradients (grad)", fontsize=9
    )
    return Rendered(figure, graph_gradients(expression, x, y))


WIDGET = Widget(
    render,
    [
        Control("x", X_VALUES, 1.0, label="x"),
        Control("y", Y_VALUES, 2.0, label="y"),
        Control("expression", tuple(GRAPH_EXPRESSIONS), "(x + y)**2", label="expression", kind="dropdown"),
    ],
    title="A computational graph: forward values and backward gradients",
    claim="backward() applies the chain rule node by node; its gradients equal the ones derived by hand.",
)
