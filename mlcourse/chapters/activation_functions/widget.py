"""Chapter 6 widget: an activation, its derivative, and what a deep random stack does to a signal.

Claim made visible: the activation decides where a signal ends up after many
layers. Sigmoid outputs are never centred on 0; sigmoid and tanh units
saturate (derivative near 0) once their inputs are large; ReLU keeps a
derivative of 1 for positive inputs but gives exactly 0 for the others, while
leaky ReLU and ELU keep a gradient everywhere. The stacks and their
statistics come from :func:`mlcourse.chapters.activation_functions.analysis.stack_with_statistics`;
this module only draws.
"""

from __future__ import annotations

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.activation_functions.analysis import (
    FLAT_LEVEL,
    stack_with_statistics,
)

DEPTHS = (1, 2, 3, 5, 7, 10)
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
INITS = ("xavier", "large")


def render(depth: int = 5, activation: str = "tanh", init: str = "xavier") -> Rendered:
    """Draw the activation, the outputs of layer ``depth`` and the spread of every layer.

    Returns the figure and the numbers of layer ``depth``: the mean and the
    standard deviation of its outputs, the percentage of (input, unit) pairs
    whose derivative is below 1/100 of its peak ("flat"), and the percentage
    of units flat for all 500 inputs ("dead").
    """
    from mlcourse.chapters.activation_functions.plots import stack_figure

    result, stats = stack_with_statistics(activation, init, max(DEPTHS), flat_level=FLAT_LEVEL)
    row = stats[depth - 1]
    figure = stack_figure(result, depth, stats, init=init, flat_level=FLAT_LEVEL)
    numbers = {
        "layer": depth,
        "mean of outputs": row["mean"],
        "std of outputs": row["std"],
        "flat derivative (%)": 100 * row["flat"],
        "dead units (%)": 100 * row["dead"],
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("depth", DEPTHS, 5, label="layers in the stack"),
        Control("activation", ACTIVATION_NAMES, "tanh", label="activation", kind="dropdown"),
        Control("init", INITS, "xavier", label="initial weights", kind="dropdown"),
    ],
    title="A deep stack of random layers",
    claim="The activation decides where the signal goes: sigmoid stays off-centre, squashing units saturate "
    "under large weights, ReLU zeroes half of its gradients, leaky ReLU and ELU keep them all.",
)
