"""Chapter 11 widgets: gradient flow through a deep network, and clipping against exploding gradients.

``WIDGET`` (:func:`render`): depth x activation x initialization vs the
gradient norm of every layer. In a deep sigmoid network the gradient shrinks
by a factor of about four per layer on its way back to the input (vanishing
gradients); the initialization matched to the activation (Xavier for tanh,
He for ReLU) keeps both the activations and the gradients at the same scale
through any depth, while a too small or too large scale makes them shrink or
blow up geometrically. Every state draws one
:func:`~mlcourse.chapters.vanishing_gradients.analysis.measure_gradient_flow`:
``64 -> 64 x depth -> 10`` at initialization, one forward and backward pass
on 256 standardized digits.

``CLIPPING_WIDGET`` (:func:`render_clipping`): gradient clipping (by norm or
by value) and batch normalization vs exploding gradients. A deep linear chain
initialized slightly too large has gradients in the hundreds; plain SGD
diverges in its first epoch. Clipping the gradient's norm keeps every step
bounded and the network trains (too small a threshold makes it crawl);
clipping each value bounds the steps less reliably, because a vector of many
clipped values can still be long. Batch normalization removes the explosion
at its source, so the clipping threshold hardly matters. Every state draws one
:func:`~mlcourse.chapters.vanishing_gradients.analysis.clipping_run` (12
hidden layers of 32 units, SGD for 8 epochs, seeded and cached).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.vanishing_gradients.analysis import (
    ACTIVATIONS,
    DEPTHS,
    EPOCHS,
    INITS,
    METHODS,
    THRESHOLDS,
    chapter_digits,
    clipping_run,
    global_norms_per_epoch,
    initial_gradient_norm,
    measure_gradient_flow,
)
from mlcourse.train import evaluate

#: The clipping widget's choices, as the learner reads them.
THRESHOLD_CHOICES = ("none",) + tuple(threshold for threshold in THRESHOLDS if threshold is not None)
BATCH_NORM_CHOICES = ("off", "on")


def render(depth: int = 10, activation: str = "sigmoid", init: str = "xavier") -> Rendered:
    """Draw the gradient norm per layer and the activation spread per layer, both on log scales.

    Numbers: the gradient norm of the first and of the last weight matrix,
    their ratio (below 1: vanishing towards the input; above 1: exploding),
    the standard deviation of the last hidden layer's outputs and the
    fraction of its outputs that are saturated.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import plot_layer_profile

    norms, stds, saturated = measure_gradient_flow(depth, activation, init)
    label = f"{activation}, {INITS[init][0]}, {depth} hidden layers"
    figure, (left, right) = new_figure(2, width=9.5, height=3.5)
    plot_layer_profile(
        left,
        {label: norms},
        ylabel="||dLoss/dW|| (log scale)",
        xlabel="weight matrix (1 = next to the input)",
        title=f"Gradient per layer: first/last = {norms[0] / norms[-1]:.2e}",
    )
    plot_layer_profile(
        right,
        {label: stds},
        ylabel="std of the layer's outputs (log scale)",
        xlabel="hidden layer (1 = next to the input)",
        title="Forward: spread of the activations",
    )
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


def render_clipping(threshold: Any = 100.0, method: str = "norm", batch_norm: str = "off") -> Rendered:
    """Draw one clipping run's training loss and gradient norm (:func:`clipping_run` trains it on first use).

    Numbers: the gradient norm at the start, whether training diverged, the
    epochs completed, the final training loss (of the last epoch) and the
    test accuracy of the weights training ended with.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import plot_runs

    model, history = clipping_run(None if threshold == "none" else threshold, method, batch_norm == "on")
    _, X_test, _, y_test = chapter_digits()
    accuracy = evaluate(model, "cross_entropy", X_test, y_test)[1]
    label = "no clipping" if threshold == "none" else f"clip by {method} at {threshold:g}"
    label += ", batch norm" if batch_norm == "on" else ""
    figure, (left, right) = new_figure(2, width=9.5, height=3.4)
    steps = np.arange(1, len(history.step_losses) + 1)
    left.plot(steps, history.step_losses, lw=1.4, color="#1f77b4", label=label)
    left.set_yscale("log")
    left.set_xlabel("update step (10 per epoch)")
    left.set_ylabel("training loss of the batch")
    left.set_title("Loss at every update", fontsize=10)
    left.set_xlim(0, EPOCHS * 10 + 1)
    top = max([200.0] + [value * 3 for value in history.step_losses if np.isfinite(value)])
    left.set_ylim(0.05, top)
    if history.diverged_at:
        left.axvline(history.diverged_step, color="crimson", ls="--", lw=1.2)
        left.text(
            0.5,
            0.5,
            f"diverged at update {history.diverged_step}:\nthe loss became infinite",
            transform=left.transAxes,
            ha="center",
            va="center",
            color="crimson",
            fontsize=11,
        )
    left.legend(fontsize=8, loc="upper right")
    plot_runs(
        right,
        {label: global_norms_per_epoch(history)},
        ylabel="gradient norm before clipping",
        title="Gradient norm (mean over the epoch's steps)",
    )
    if threshold != "none" and method == "norm":
        right.axhline(float(threshold), color="gray", ls="--", lw=1, label="clipping threshold")
        right.legend(fontsize=8)
    right.set_xlim(0.5, EPOCHS + 0.5)
    if not history.grad_norms:
        right.text(0.5, 0.5, "no epoch completed", transform=right.transAxes, ha="center", color="crimson")
    right.set_ylim(0.05, max([2000.0] + [value * 3 for value in global_norms_per_epoch(history)]))
    numbers = {
        "gradient norm at the start": initial_gradient_norm(batch_norm == "on"),
        "diverged": history.diverged_at is not None,
        "epochs completed": history.epochs_run,
        "final training loss": history.train_loss[-1] if history.train_loss else "none (diverged)",
        "test accuracy": accuracy,
    }
    return Rendered(figure, numbers)


CLIPPING_WIDGET = Widget(
    render_clipping,
    [
        Control("threshold", THRESHOLD_CHOICES, 100.0, label="clipping threshold"),
        Control("method", METHODS, "norm", label="clip by", kind="dropdown"),
        Control("batch_norm", BATCH_NORM_CHOICES, "off", label="batch normalization", kind="dropdown"),
    ],
    title="Clipping and batch norm against exploding gradients",
    claim="Without clipping the deep chain diverges at once; clipping the norm bounds every step, "
    "and batch normalization stops the explosion at its source.",
)
