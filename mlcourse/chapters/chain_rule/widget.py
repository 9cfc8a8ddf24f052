"""Chapter 2 widget: a computational graph whose values and gradients follow x and y.

Claim made visible: backpropagation through the graph gives the same partial
derivatives as the chain rule by hand (for ``z = (x + y)**2`` both are
``2 (x + y)``), and a variable used twice collects one gradient per path.

The expressions, the graph and the three gradients are
:mod:`mlcourse.chapters.chain_rule.analysis`; this module only draws and reports.

The scene: one axes without axis lines. The graph's boxes (their texts are
the values and gradients, those of the inputs show x and y) and arrows are
drawn anew by :func:`mlcourse.autograd.draw_graph` for every state and are
all changing; the title and the axis limits depend on the expression only
(a background control).
"""

from __future__ import annotations

from functools import lru_cache

from mlcourse.autograd import draw_graph
from mlcourse.chapters._book.widgets import Control, Scene, Widget
from mlcourse.chapters.chain_rule.analysis import (
    GRAPH_EXPRESSIONS,
    build_graph,
    graph_gradients,
)

X_VALUES = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
Y_VALUES = (-1.0, 1.0, 2.0)


def build() -> Scene:
    """The figure: one empty axes (the graph and the title are drawn by :func:`update`)."""
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=8.0, height=3.2)
    ax.set_axis_off()
    ax.set_title(" ", fontsize=9)
    return Scene(figure, ax=ax)


@lru_cache(maxsize=None)
def _gradients(expression: str, x: float, y: float) -> tuple[tuple[str, float], ...]:
    return tuple(graph_gradients(expression, x, y).items())


def update(scene: Scene, x: float = 1.0, y: float = 2.0, expression: str = "(x + y)**2") -> dict:
    """Draw the graph of ``expression`` at ``(x, y)`` with every node's value and gradient.

    Returns the numbers of
    :func:`~mlcourse.chapters.chain_rule.analysis.graph_gradients`: ``z``, the
    gradients from ``backward()``, the hand-derived ones and the central differences.
    """
    ax = scene.ax
    scene.replace("graph", [])  # the previous state's boxes and arrows
    before = list(ax.texts)
    z, _, _ = build_graph(expression, x, y)
    draw_graph(z, ax=ax)  # boxes and arrows; the axis limits depend on the expression only
    scene.replace("graph", [artist for artist in ax.texts if all(artist is not old for old in before)])
    ax.set_title(f"z = {expression}: forward values (data) and backward gradients (grad)", fontsize=9)
    return dict(_gradients(expression, x, y))


WIDGET = Widget(
    build,
    update,
    [
        Control("x", X_VALUES, 1.0, label="x"),
        Control("y", Y_VALUES, 2.0, label="y"),
        Control("expression", tuple(GRAPH_EXPRESSIONS), "(x + y)**2", label="expression", kind="dropdown"),
    ],
    title="A computational graph: forward values and backward gradients",
    claim="backward() applies the chain rule node by node; its gradients equal the ones derived by hand.",
    background=("expression",),
)


def render(x: float = 1.0, y: float = 2.0, expression: str = "(x + y)**2"):
    """The figure and numbers of one state (a new scene): ``WIDGET.render(x=x, y=y, expression=expression)``."""
    return WIDGET.render(x=x, y=y, expression=expression)
