"""Chapter 11 widget: depth x activation x initialization vs the gradient norm of every layer.

Claim made visible: in a deep sigmoid network the gradient shrinks by a
factor of about four per layer on its way back to the input (vanishing
gradients); the initialization matched to the activation (Xavier for tanh,
He for ReLU) keeps both the activations and the gradients at the same scale
through any depth, while a too small or too large scale makes them shrink or
blow up geometrically.

Every state builds ``64 -> 64 x depth -> 10`` (seeded) and runs one forward
and backward pass on 256 standardized digits: no training.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..data import Standardizer, load_digits
from ..diagnostics import activation_statistics, layer_gradient_norms
from ..networks import mlp, normal_init
from ._core import Control, Rendered, Widget

DEPTHS = (2, 5, 10, 15, 20)
ACTIVATIONS = ("sigmoid", "tanh", "relu")
#: Initialization name -> (what the learner reads, the initializer).
INITS = {
    "small": ("N(0, 0.01^2)", normal_init(0.01)),
    "xavier": ("Xavier (Glorot) normal", "xavier_normal"),
    "he": ("He (Kaiming) normal", "he_normal"),
    "large": ("N(0, 1)", normal_init(1.0)),
}
WIDTH, BATCH = 64, 256


@lru_cache(maxsize=1)
def chapter_batch() -> tuple[np.ndarray, np.ndarray]:
    """The first 256 digits, standardized (mean 0, std 1 per pixel over the whole set), and their labels."""
    X, y = load_digits()
    return Standardizer().fit_transform(X)[:BATCH], y[:BATCH]


def build(depth: int, activation: str, init: str) -> Any:
    """The widget's network: ``64 -> 64 x depth -> 10`` with the named initialization (seed 0)."""
    return mlp([64] + [WIDTH] * depth + [10], activation=activation, init=INITS[init][1], seed=0)


@lru_cache(maxsize=None)
def measure(depth: int, activation: str, init: str) -> tuple[list[float], list[float], list[float]]:
    """Per-layer gradient norms (weight matrices, input side first), activation stds and saturation."""
    X, y = chapter_batch()
    model = build(depth, activation, init)
    norms = list(layer_gradient_norms(model, "cross_entropy", X, y).values())
    stats = activation_statistics(model, X)
    return norms, [row.std for row in stats], [row.saturated for row in stats]


def render(depth: int = 10, activation: str = "sigmoid", init: str = "xavier") -> Rendered:
    """Draw the gradient norm per layer and the activation spread per layer, both on log scales.

    Numbers: the gradient norm of the first and of the last weight matrix,
    their ratio (below 1: vanishing towards the input; above 1: exploding),
    the standard deviation of the last hidden layer's outputs and the
    fraction of its outputs that are saturated.
    """
    from ..viz import new_figure
    from ..viz.gradients import plot_layer_profile

    norms, stds, saturated = measure(int(depth), activation, init)
    label = f"{activation}, {INITS[init][0]}, {depth} hidden layers"
    figure, (left, right) = new_figure(2, width=9.5, height=3.5)
    plot_layer_profile(left, {label: norms}, ylabel="||dLoss/dW|| (log scale)",
                       xlabel="weight matrix (1 = next to the input)",
                       title=f"Gradient per layer: first/last = {norms[0] / norms[-1]:.2e}")
    plot_layer_profile(right, {label: stds}, ylabel="std of the layer's outputs (log scale)",
                       xlabel="hidden layer (1 = next to the input)", title="Forward: spread of the activations")
    for ax in (left, right):
        ax.legend(fontsize=8, loc="best")
    numbers = {
        "grad norm, first layer": norms[0],
        "grad norm, last layer": norms[-1],
        "first/last ratio": norms[0] / norms[-1],
        "activation std, last hidden": stds[-1],
        "saturated, last hidden": saturated[-1],
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("depth", DEPTHS, 10, label="hidden layers"),
        Control("activation", ACTIVATIONS, "sigmoid", label="activation", kind="dropdown"),
        Control("init", tuple(INITS), "xavier", label="initialization", kind="dropdown"),
    ],
    title="Gradient flow through a deep network at initialization",
    claim="Sigmoid gradients shrink about fourfold per layer towards the input; the initialization "
    "matched to the activation keeps every layer at the same scale.",
)
