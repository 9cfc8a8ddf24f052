"""Chapter 6 widget: a computational graph whose values and gradients follow x and y.

Claim made visible: backpropagation through the graph gives the same partial
derivatives as the chain rule by hand (for ``z = (x + y)**2`` both are
``2 (x + y)``), and a variable used twice collects one gradient per path.
"""

from __future__ import annotations

from typing import Callable

from mlcourse.autograd import Value, draw_graph
from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.chain_rule.analysis import central_difference

X_VALUES = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
Y_VALUES = (-1.0, 1.0, 2.0)


def _square_of_sum(x: Value, y: Value) -> Value:
    t = x + y
    t.label = "t"
    z = t**2
    z.label = "z"
    return z


def _product_plus_exp(x: Value, y: Value) -> Value:
    product = x * y
    product.label = "p"
    exponential = x.exp()
    exponential.label = "q"
    z = product + exponential
    z.label = "z"
    return z


def _neuron(x: Value, y: Value) -> Value:
    product = x * y
    product.label = "p"
    net = product + y
    net.label = "s"
    z = net.sigmoid()
    z.label = "z"
    return z


#: The expressions offered: name -> (builder from the two input Values, exact dz/dx, exact dz/dy).
EXPRESSIONS: dict[str, tuple[Callable[[Value, Value], Value], Callable[[float, float], float],
                             Callable[[float, float], float]]] = {}


def _sigmoid(s: float) -> float:
    return Value(s).sigmoid().data


EXPRESSIONS["(x + y)**2"] = (_square_of_sum, lambda x, y: 2 * (x + y), lambda x, y: 2 * (x + y))
EXPRESSIONS["x*y + exp(x)"] = (_product_plus_exp, lambda x, y: y + Value(x).exp().data, lambda x, y: x)
EXPRESSIONS["sigmoid(x*y + y)"] = (
    _neuron,
    lambda x, y: _sigmoid(x * y + y) * (1 - _sigmoid(x * y + y)) * y,
    lambda x, y: _sigmoid(x * y + y) * (1 - _sigmoid(x * y + y)) * (x + 1),
)


def build(expression: str, x: float, y: float) -> tuple[Value, Value, Value]:
    """Build one of :data:`EXPRESSIONS` at ``(x, y)`` and backpropagate; return ``(z, x, y)`` nodes."""
    if expression not in EXPRESSIONS:
        raise ValueError(f"unknown expression {expression!r}; choose one of {list(EXPRESSIONS)}")
    x_node, y_node = Value(x, label="x"), Value(y, label="y")
    z = EXPRESSIONS[expression][0](x_node, y_node)
    z.backward()
    return z, x_node, y_node


def render(x: float = 1.0, y: float = 2.0, expression: str = "(x + y)**2") -> Rendered:
    """Draw the graph of ``expression`` at ``(x, y)`` with every node's value and gradient.

    Returns the figure and the numbers: ``z``, the gradients from
    ``backward()``, the hand-derived ones and the central differences.
    """
    from mlcourse.chapters._book import new_figure

    z, x_node, y_node = build(expression, x, y)
    _, exact_dx, exact_dy = EXPRESSIONS[expression]
    numeric_dx = central_difference(lambda t: build(expression, t, y)[0].data, x, 1e-6)
    numeric_dy = central_difference(lambda t: build(expression, x, t)[0].data, y, 1e-6)
    figure, ax = new_figure(width=8.0, height=3.2)
    draw_graph(z, ax=ax)
    ax.set_title(f"z = {expression} at x = {x:g}, y = {y:g}: forward values (data) and backward gradients (grad)",
                 fontsize=9)
    numbers = {
        "z": z.data,
        "dz/dx (backward)": x_node.grad,
        "dz/dy (backward)": y_node.grad,
        "dz/dx (by hand)": float(exact_dx(x, y)),
        "dz/dy (by hand)": float(exact_dy(x, y)),
        "dz/dx (central difference)": numeric_dx,
        "dz/dy (central difference)": numeric_dy,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("x", X_VALUES, 1.0, label="x"),
        Control("y", Y_VALUES, 2.0, label="y"),
        Control("expression", tuple(EXPRESSIONS), "(x + y)**2", label="expression", kind="dropdown"),
    ],
    title="A computational graph: forward values and backward gradients",
    claim="backward() applies the chain rule node by node; its gradients equal the ones derived by hand.",
)
