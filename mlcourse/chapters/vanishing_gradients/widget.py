"""Chapter 11 widget: depth x activation x initialization vs the gradient norm of every layer.

Claim made visible: in a deep sigmoid network the gradient shrinks by a
factor of about four per layer on its way back to the input (vanishing
gradients); the initialization matched to the activation (Xavier for tanh,
He for ReLU) keeps both the activations and the gradients at the same scale
through any depth, while a too small or too large scale makes them shrink or
blow up geometrically.

Every state builds ``64 -> 64 x depth -> 10`` (seeded) and runs one forward
and backward pass on 256 standardized digits: no training.

``CLIPPING_WIDGET`` (``render_clipping``): chapter 11 second widget: gradient clipping (by norm or by value) and batch norm vs exploding gradients.

Claim made visible: a deep linear chain initialized slightly too large has
gradients in the hundreds; plain SGD diverges in its first epoch. Clipping the
gradient's norm keeps every step bounded and the network trains (too small a
threshold makes it crawl); clipping each value bounds the steps less reliably,
because a vector of many clipped values can still be long. Batch normalization
removes the explosion at its source, so the clipping threshold hardly matters.

Every state trains ``64 -> 32 x 12 -> 10`` (identity activations, weights
``N(0, (1.4 / sqrt(32))^2)``, so each layer multiplies the signal by about 1.4)
on the standardized digits with SGD (learning rate 0.01, batches of 128,
8 epochs), seeded and cached.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.vanishing_gradients.analysis import (
    activation_statistics,
    layer_gradient_norms,
)
from mlcourse.data import Standardizer, load_digits, train_test_split
from mlcourse.init import normal_init
from mlcourse.models import TrainingDiverged
from mlcourse.nn import mlp
from mlcourse.optim import SGD
from mlcourse.train import History, fit

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
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import plot_layer_profile

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


THRESHOLDS = ("none", 100.0, 10.0, 1.0, 0.1)
METHODS = ("norm", "value")
BATCH_NORM = ("off", "on")
DEPTH, WIDTH, GAIN = 12, 32, 1.4
LEARNING_RATE, EPOCHS, BATCH_SIZE = 0.01, 8, 128


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardized digits split 7:3 (stratified, seed 0): ``X_train, X_test, y_train, y_test``."""
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0, stratify=y)
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def build_clipping_network(batch_norm: bool) -> Any:
    """The widget's deep linear chain (seed 0), with or without batch normalization."""
    return mlp([64] + [WIDTH] * DEPTH + [10], activation="identity",
               init=normal_init(GAIN / math.sqrt(WIDTH)), batch_norm=batch_norm, seed=0)


@lru_cache(maxsize=None)
def train_run(threshold: Any, method: str, batch_norm: str) -> tuple[Any, History]:
    """Train one configuration; returns ``(model, history)`` (cached; do not modify)."""
    X_train, X_test, y_train, y_test = chapter_data()
    model = build_clipping_network(batch_norm == "on")
    options: dict[str, Any] = {}
    if threshold != "none":
        options["clip_norm" if method == "norm" else "clip_value"] = float(threshold)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # reported in the numbers instead
        history = fit(model, "cross_entropy", SGD(model.parameters(), lr=LEARNING_RATE), X_train, y_train,
                      epochs=EPOCHS, batch_size=BATCH_SIZE, seed=0, validation_data=(X_test, y_test),
                      record_grad_norms=True, **options)
    return model, history


@lru_cache(maxsize=2)
def initial_gradient_norm(batch_norm: str) -> float:
    """Global gradient norm of the untrained network on the first training batch."""
    X_train, _, y_train, _ = chapter_data()
    norms = layer_gradient_norms(build_clipping_network(batch_norm == "on"), "cross_entropy", X_train[:BATCH_SIZE],
                                 y_train[:BATCH_SIZE])
    return float(math.sqrt(sum(value ** 2 for value in norms.values())))


def global_norms(history: History) -> list[float]:
    """Per epoch, the global gradient norm (before clipping) from the per-parameter norms."""
    return [math.sqrt(sum(value ** 2 for value in epoch.values())) for epoch in history.grad_norms]


def render_clipping(threshold: Any = 100.0, method: str = "norm", batch_norm: str = "off") -> Rendered:
    """Train (or fetch) one run; draw its training loss and its gradient norm per epoch.

    Numbers: the gradient norm at the start, whether training diverged, the
    epochs completed, the final training loss (of the last epoch) and the
    test accuracy of the weights training ended with.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.vanishing_gradients.plots import plot_runs
    from mlcourse.train import evaluate

    if method == "value" and threshold == "none":
        method = "norm"  # no clipping: the method does not matter
    model, history = train_run(threshold, method, batch_norm)
    _, X_test, _, y_test = chapter_data()
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
        left.text(0.5, 0.5, f"diverged at update {history.diverged_step}:\nthe loss became infinite",
                  transform=left.transAxes, ha="center", va="center", color="crimson", fontsize=11)
    left.legend(fontsize=8, loc="upper right")
    plot_runs(right, {label: global_norms(history)}, ylabel="gradient norm before clipping",
              title="Gradient norm (mean over the epoch's steps)")
    if threshold != "none" and method == "norm":
        right.axhline(float(threshold), color="gray", ls="--", lw=1, label="clipping threshold")
        right.legend(fontsize=8)
    right.set_xlim(0.5, EPOCHS + 0.5)
    if not history.grad_norms:
        right.text(0.5, 0.5, "no epoch completed", transform=right.transAxes, ha="center", color="crimson")
    right.set_ylim(0.05, max([2000.0] + [value * 3 for value in global_norms(history)]))
    numbers = {
        "gradient norm at the start": initial_gradient_norm(batch_norm),
        "diverged": history.diverged_at is not None,
        "epochs completed": history.epochs_run,
        "final training loss": history.train_loss[-1] if history.train_loss else "none (diverged)",
        "test accuracy": accuracy,
    }
    return Rendered(figure, numbers)


CLIPPING_WIDGET = Widget(
    render_clipping,
    [
        Control("threshold", THRESHOLDS, 100.0, label="clipping threshold"),
        Control("method", METHODS, "norm", label="clip by", kind="dropdown"),
        Control("batch_norm", BATCH_NORM, "off", label="batch normalization", kind="dropdown"),
    ],
    title="Clipping and batch norm against exploding gradients",
    claim="Without clipping the deep chain diverges at once; clipping the norm bounds every step, "
    "and batch normalization stops the explosion at its source.",
)
