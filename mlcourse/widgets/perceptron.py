"""Chapter 2 widget: the weights w1, w2 and the bias b of one threshold unit over AND, OR and XOR.

Claim made visible: the weights turn the decision line and the bias shifts it;
some setting classifies AND and OR without a mistake, while for XOR every
setting leaves at least one point on the wrong side.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import logic_gate
from ..separability import fewest_errors_of_any_line, misclassified
from ._core import Control, Rendered, Widget

BIASES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0)
WEIGHTS = (-1.0, 0.0, 1.0)
GATES = ("AND", "OR", "XOR")


@lru_cache(maxsize=None)
def _fewest(gate: str) -> int:
    return fewest_errors_of_any_line(*logic_gate(gate.lower()))


def state_numbers(b: float = -1.5, w1: float = 1.0, w2: float = 1.0, gate: str = "AND") -> dict:
    """The numbers one state shows (the figure aside): net inputs, outputs, targets and mistakes."""
    X, y = logic_gate(gate.lower())
    weights = np.array([w1, w2], dtype=float)
    z = X @ weights + b
    outputs = np.where(z >= 0, 1, -1)
    return {
        "net inputs z for (0,0), (0,1), (1,0), (1,1)": ", ".join(f"{value:g}" for value in z),
        "outputs": ", ".join(f"{value:+d}" for value in outputs),
        "targets": ", ".join(f"{int(value):+d}" for value in y),
        "misclassified": misclassified(X, y, weights, b),
        "fewest any line can get wrong": _fewest(gate),
    }


def render(b: float = -1.5, w1: float = 1.0, w2: float = 1.0, gate: str = "AND") -> Rendered:
    """Draw the gate's four points and the line ``w1 x1 + w2 x2 + b = 0`` with its +1 side shaded.

    Returns the figure and the numbers of :func:`state_numbers`: the net
    inputs and outputs of the four points, how many are misclassified, and the
    fewest mistakes any line can make on this gate (0 for AND and OR, 1 for XOR).
    """
    from ..viz import new_figure
    from ..viz.perceptron import plot_decision_line

    X, y = logic_gate(gate.lower())
    numbers = state_numbers(b, w1, w2, gate)
    figure, ax = new_figure(width=4.6, height=4.0)
    plot_decision_line(ax, X, y, np.array([w1, w2], dtype=float), b,
                       title=f"{gate}: w = ({w1:g}, {w2:g}), b = {b:g}: {numbers['misclassified']} misclassified")
    ax.title.set_fontsize(9)
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("b", BIASES, -1.5, label="bias b"),
        Control("w1", WEIGHTS, 1.0, label="weight w1"),
        Control("w2", WEIGHTS, 1.0, label="weight w2"),
        Control("gate", GATES, "AND", label="gate", kind="dropdown"),
    ],
    title="One threshold unit on a logic gate",
    claim="The weights turn the line and the bias shifts it: AND and OR can be classified without a "
    "mistake, XOR never.",
)
