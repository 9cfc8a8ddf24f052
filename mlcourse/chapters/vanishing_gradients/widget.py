"""Chapter 11 widgets: gradient flow through a deep network, and clipping against exploding gradients.

``WIDGET`` (:func:`build`, :func:`update`): depth x activation x initialization vs the
gradient norm of every layer. In a deep sigmoid network the gradient shrinks
by a factor of about four per layer on its way back to the input (vanishing
gradients); the initialization matched to the activation (Xavier for tanh,
He for ReLU) keeps both the activations and the gradients at the same scale
through any depth, while a too small or too large scale makes them shrink or
blow up geometrically. Every state draws one
:func:`~mlcourse.chapters.vanishing_gradients.analysis.measure_gradient_flow`:
``64 -> 64 x depth -> 10`` at initialization, one forward and backward pass
on 256 standardized digits.

``CLIPPING_WIDGET`` (:func:`build_clipping`, :func:`update_clipping`): gradient clipping (by norm or
by value) and batch normalization vs exploding gradients. A deep linear chain
initialized slightly too large has gradients in the hundreds; plain SGD
diverges in its first epoch. Clipping the gradient's norm keeps every step
bounded and the network trains (too small a threshold makes it crawl);
clipping each value bounds the steps less reliably, because a vector of many
clipped values can still be long. Batch normalization removes the explosion
at its source, so the clipping threshold hardly matters. Every state draws one
:func:`~mlcourse.chapters.vanishing_gradients.analysis.clipping_run` (12
hidden layers of 32 units, SGD for 8 epochs, seeded and cached).

Each scene is built once and updated per state (only the curves, the notes
and the titles change); the axes have fixed ranges (for ``WIDGET``, one per
initialization, its background control).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget
from mlcourse.chapters.vanishing_gradients.analysis import (
    ACTIVATIONS,
    DEPTHS,
    EPOCHS,
    INITS,
    METHODS,
    THRESHOLDS,
    clipping_run,
    global_norms_per_epoch,
    initial_gradient_norm,
    measure_gradient_flow,
)

#: The clipping widget's choices, as the learner reads them.
THRESHOLD_CHOICES = ("none",) + tuple(threshold for threshold in THRESHOLDS if threshold is not None)
BATCH_NORM_CHOICES = ("off", "on")


# --- gradient flow at initialization --------------------------------------------------------------

#: Per initialization (the background control), the y ranges of the two panels (log scale): each holds the
#: profiles of every activation and depth, so that switching activation or depth keeps the axes.
GRADIENT_LIMITS = {"small": (1e-35, 1.0), "xavier": (1e-13, 10.0), "he": (1e-11, 10.0), "large": (1e-2, 1e16)}
SPREAD_LIMITS = {"small": (1e-27, 1.0), "xavier": (1e-4, 10.0), "he": (1e-3, 10.0), "large": (1e-2, 1e16)}
#: Values below it (exact zeros) are drawn at it, as :func:`~mlcourse.chapters.vanishing_gradients.plots.plot_layer_profile` does.
FLOOR = 1e-40
#: Both panels show up to the deepest network's layers (21 weight matrices, 20 hidden layers).
LAYER_LIMITS = (0.0, max(DEPTHS) + 2.0)


def build() -> Scene:
    """The gradient-flow figure: the gradient norm per weight matrix (left) and the spread per hidden layer (right).

    The network the state draws is named in the figure's title; the two
    profiles, that title and the left panel's title change with the state,
    the y ranges with the initialization.
    """
    from matplotlib.ticker import MaxNLocator

    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import PALETTE

    figure, (left, right) = new_figure(2, width=9.5, height=3.5)
    profiles = []
    for ax, label, ylabel, xlabel, title in (
        (
            left,
            "gradient norm of each weight matrix",
            "||dLoss/dW|| (log scale)",
            "weight matrix (1 = next to the input)",
            " ",
        ),
        (
            right,
            "std of each hidden layer's outputs",
            "std of the layer's outputs (log scale)",
            "hidden layer (1 = next to the input)",
            "Forward: spread of the activations",
        ),
    ):
        (line,) = ax.plot([], [], "o-", ms=3.5, lw=1.6, color=PALETTE[0], label=label)
        profiles.append(line)
        ax.set_yscale("log")
        ax.set_xlim(*LAYER_LIMITS)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
    network = figure.suptitle(" ", fontsize=11)
    scene = Scene(figure, left=left, right=right, gradients=profiles[0], spreads=profiles[1], network=network)
    scene.changing(profiles[0], profiles[1], left.title, network)
    return scene


@lru_cache(maxsize=None)
def _flow(depth: int, activation: str, init: str) -> tuple[list[float], list[float], list[float]]:
    return measure_gradient_flow(depth, activation, init)


def update(scene: Scene, depth: int = 10, activation: str = "sigmoid", init: str = "xavier") -> dict:
    """Draw the gradient norm per layer and the activation spread per layer, both on log scales.

    Numbers: the gradient norm of the first and of the last weight matrix,
    their ratio (below 1: vanishing towards the input; above 1: exploding),
    the standard deviation of the last hidden layer's outputs and the
    fraction of its outputs that are saturated.
    """
    norms, stds, saturated = _flow(depth, activation, init)
    scene.gradients.set_data(np.arange(1, len(norms) + 1), np.maximum(np.asarray(norms, dtype=float), FLOOR))
    scene.spreads.set_data(np.arange(1, len(stds) + 1), np.maximum(np.asarray(stds, dtype=float), FLOOR))
    scene.left.set_ylim(*GRADIENT_LIMITS[init])
    scene.right.set_ylim(*SPREAD_LIMITS[init])
    scene.left.set_title(f"Gradient per layer: first/last = {norms[0] / norms[-1]:.2e}", fontsize=10)
    scene.network.set_text(f"{activation}, {INITS[init][0]}, {depth} hidden layers")
    return {
        "grad norm, first layer": norms[0],
        "grad norm, last layer": norms[-1],
        "first/last ratio": norms[0] / norms[-1],
        "activation std, last hidden": stds[-1],
        "saturated, last hidden": saturated[-1],
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("depth", DEPTHS, 10, label="hidden layers"),
        Control("activation", ACTIVATIONS, "sigmoid", label="activation", kind="dropdown"),
        Control("init", tuple(INITS), "xavier", label="initialization", kind="dropdown"),
    ],
    title="Gradient flow through a deep network at initialization",
    claim="Sigmoid gradients shrink about fourfold per layer towards the input; the initialization "
    "matched to the activation keeps every layer at the same scale.",
    background=("init",),
    precompute=lambda depth, activation, init: _flow(depth, activation, init),  # as update calls it
)
render = WIDGET.render  # a new figure of one state: ``render(depth=20).figure``

# --- clipping and batch normalization -------------------------------------------------------------

#: The fixed y ranges (log scale) of the clipping widget: every run that trains stays inside. The values of
#: the runs whose loss or gradient explodes that leave the top are marked by red triangles along it, and a
#: red note gives their largest value.
LOSS_LIMITS = (0.05, 1e3)
NORM_LIMITS = (0.05, 2e3)
#: Where the triangles of the values beyond the top are drawn (axes fraction).
BEYOND_Y = 0.97
#: Update steps per epoch (1,005 training digits in batches of 128: ceil(1005 / 128)).
STEPS_PER_EPOCH = 8


def _note(ax: Any, y: float) -> Any:
    return ax.text(0.5, y, " ", transform=ax.transAxes, ha="center", va="center", color="crimson", fontsize=10)


def _beyond(ax: Any, label: str) -> Any:
    """Red triangles along the top of ``ax`` (x in data, y in axes coordinates) for the values beyond it."""
    (line,) = ax.plot([], [], "^", ms=5, color="crimson", transform=ax.get_xaxis_transform(), label=label)
    return line


def _show_beyond(line: Any, x: np.ndarray, values: np.ndarray, top: float) -> float:
    """Mark the finite ``values`` above ``top`` on ``line``; return the largest finite value (nan if none)."""
    finite = np.isfinite(values)
    above = finite & (values > top)
    line.set_data(x[above], np.full(int(above.sum()), BEYOND_Y))
    line.set_visible(bool(above.any()))
    return float(values[finite].max()) if finite.any() else float("nan")


def build_clipping() -> Scene:
    """The clipping figure: the loss of every update (left) and the gradient norm per epoch (right), log scales.

    The run is named in the figure's title. Changing with the state: the two
    curves, the threshold line and its label, the divergence line and the
    red notes (diverged, no epoch completed, values beyond the top).
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import PALETTE

    figure, (left, right) = new_figure(2, width=9.5, height=3.4)
    (losses,) = left.plot([], [], lw=1.4, color="#1f77b4", label="training loss of each batch")
    losses_beyond = _beyond(left, "loss beyond the plot")
    diverged_line = left.axvline(1, color="crimson", ls="--", lw=1.2, label="divergence")
    left.set_yscale("log")
    left.set_xlabel(f"update step ({STEPS_PER_EPOCH} per epoch)")
    left.set_ylabel("training loss of the batch")
    left.set_title("Loss at every update", fontsize=10)
    left.set_xlim(0, EPOCHS * STEPS_PER_EPOCH + 1)
    left.set_ylim(*LOSS_LIMITS)
    (norms,) = right.plot([], [], "o-", ms=3, lw=1.6, color=PALETTE[0], label="gradient norm per epoch")
    norms_beyond = _beyond(right, "gradient norm beyond the plot")
    threshold_line = right.axhline(1, color="gray", ls="--", lw=1, label="clipping threshold")
    threshold_text = right.text(
        EPOCHS + 0.4, 1, "clipping threshold", ha="right", va="bottom", color="gray", fontsize=8
    )
    right.set_yscale("log")
    right.set_xlabel("epoch")
    right.set_ylabel("gradient norm before clipping")
    right.set_title("Gradient norm (mean over the epoch's steps)", fontsize=10)
    right.set_xlim(0.5, EPOCHS + 0.5)
    right.set_ylim(*NORM_LIMITS)
    run = figure.suptitle(" ", fontsize=11)
    scene = Scene(
        figure,
        left=left,
        right=right,
        losses=losses,
        losses_beyond=losses_beyond,
        diverged_line=diverged_line,
        loss_note=_note(left, 0.5),
        norms=norms,
        norms_beyond=norms_beyond,
        threshold_line=threshold_line,
        threshold_text=threshold_text,
        norm_note=_note(right, 0.5),
        run=run,
    )
    scene.changing(losses, losses_beyond, diverged_line, scene.loss_note, run)
    scene.changing(norms, norms_beyond, threshold_line, threshold_text, scene.norm_note)
    return scene


@lru_cache(maxsize=None)
def _clipping(threshold: Any, method: str, batch_norm: str) -> tuple[Any, float, float]:
    """One state's run (:func:`clipping_run`, trained on first use), its validation accuracy and its start's gradient norm."""
    model, history = clipping_run(None if threshold == "none" else threshold, method, batch_norm == "on")
    # fit evaluated the final weights on the validation digits; a diverged network's outputs are not finite
    accuracy = "none (diverged)" if history.diverged_at is not None else history.val_accuracy[-1]
    return history, accuracy, initial_gradient_norm(batch_norm == "on")


def update_clipping(scene: Scene, threshold: Any = 100.0, method: str = "norm", batch_norm: str = "off") -> dict:
    """Draw one clipping run's training loss and gradient norm (:func:`clipping_run` trains it on first use).

    Numbers: the gradient norm at the start, whether training diverged, the
    epochs completed, the final training loss (of the last epoch) and the
    validation accuracy of the weights training ended with.
    """
    history, accuracy, start_norm = _clipping(threshold, method, batch_norm)
    label = "no clipping" if threshold == "none" else f"clip by {method} at {threshold:g}"
    label += ", batch norm" if batch_norm == "on" else ""
    scene.run.set_text(label)
    losses = np.asarray(history.step_losses, dtype=float)
    steps = np.arange(1, len(losses) + 1)
    scene.losses.set_data(steps, losses)
    largest = _show_beyond(scene.losses_beyond, steps, losses, LOSS_LIMITS[1])
    diverged = history.diverged_at is not None
    scene.diverged_line.set_visible(diverged)
    if diverged:
        scene.diverged_line.set_xdata([history.diverged_step, history.diverged_step])
        note = f"diverged at update {history.diverged_step}:\nthe loss became infinite"
    elif largest > LOSS_LIMITS[1]:
        note = f"the loss explodes beyond the plot\n(triangles): up to {largest:.1e}"
    else:
        note = ""
    scene.loss_note.set_text(note)
    per_epoch = np.asarray(global_norms_per_epoch(history), dtype=float)
    epochs = np.arange(1, len(per_epoch) + 1)
    scene.norms.set_data(epochs, per_epoch)
    largest = _show_beyond(scene.norms_beyond, epochs, per_epoch, NORM_LIMITS[1])
    clipped_norm = threshold != "none" and method == "norm"
    for artist in (scene.threshold_line, scene.threshold_text):
        artist.set_visible(clipped_norm)
    if clipped_norm:
        scene.threshold_line.set_ydata([float(threshold), float(threshold)])
        scene.threshold_text.set_y(float(threshold))
    if not per_epoch.size:
        note = "no epoch completed"
    elif largest > NORM_LIMITS[1]:
        note = f"the gradient norm explodes beyond the plot\n(triangles): up to {largest:.1e}"
    else:
        note = ""
    scene.norm_note.set_text(note)
    return {
        "gradient norm at the start": start_norm,
        "diverged": diverged,
        "epochs completed": history.epochs_run,
        "final training loss": history.train_loss[-1] if history.train_loss else "none (diverged)",
        "validation accuracy": accuracy,
    }


CLIPPING_WIDGET = Widget(
    build_clipping,
    update_clipping,
    [
        Control("threshold", THRESHOLD_CHOICES, 100.0, label="clipping threshold"),
        Control("method", METHODS, "norm", label="clip by", kind="dropdown"),
        Control("batch_norm", BATCH_NORM_CHOICES, "off", label="batch normalization", kind="dropdown"),
    ],
    title="Clipping and batch norm against exploding gradients",
    claim="Without clipping the deep chain diverges at once; clipping the norm bounds every step, "
    "and batch normalization stops the explosion at its source.",
    precompute=lambda threshold, method, batch_norm: _clipping(threshold, method, batch_norm),  # as update does
)
render_clipping = CLIPPING_WIDGET.render  # a new figure of one state
