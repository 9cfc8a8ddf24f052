"""Chapter 5 widget: the probability given to the true class against the loss and its gradient.

Claim made visible: the cross-entropy punishes a confident wrong answer without
limit, and its gradient with respect to the logit is simply ``p - 1``, largest
exactly when the prediction is most wrong; the squared error of the same
sigmoid output has a gradient that vanishes there.
"""

from __future__ import annotations

import numpy as np

from ..loss_analysis import true_class_loss
from ._core import Control, Rendered, Widget

PROBABILITIES = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)
VARIABLES = ("logit", "probability")


def render(p: float = 0.1, wrt: str = "logit") -> Rendered:
    """Draw both losses and their gradients against p; report them at the chosen p."""
    from ..viz.losses import true_class_figure

    figure = true_class_figure(p, wrt)
    ce, ce_grad = (float(a[0]) for a in true_class_loss(np.array([p]), "cross_entropy", wrt))
    se, se_grad = (float(a[0]) for a in true_class_loss(np.array([p]), "squared_error", wrt))
    numbers = {
        "p (true class)": p,
        "cross-entropy": ce,
        f"d cross-entropy / d {wrt}": ce_grad,
        "squared error": se,
        f"d squared error / d {wrt}": se_grad,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("p", PROBABILITIES, 0.1, label="probability of the true class"),
        Control("wrt", VARIABLES, "logit", label="gradient with respect to", kind="dropdown"),
    ],
    title="Cross-entropy and squared error of one prediction",
    claim="Cross-entropy grows without bound as p -> 0 and its logit gradient p - 1 is largest when most wrong; "
    "the squared error's logit gradient vanishes there.",
)
