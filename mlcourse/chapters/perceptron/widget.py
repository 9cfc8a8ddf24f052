"""Chapter 4 widgets: one threshold unit on AND, OR and XOR, set by hand and trained.

- ``WIDGET`` (:func:`render`): the weights w1, w2 and the bias b of one
  threshold unit. Claim made visible: the weights turn the decision line and
  the bias shifts it; some setting classifies AND and OR without a mistake,
  while for XOR every setting leaves at least one point on the wrong side.
- ``TRAINING_WIDGET`` (:func:`render_training`): an epoch scrubber through the
  perceptron learning rule (:func:`mlcourse.chapters.perceptron.analysis.train_on_gate`).
  Claim made visible: on AND and OR the rule's updates stop after a few
  epochs, at a line that makes no mistake; on XOR every epoch repeats the same
  four updates and ends where it started, so the mistakes never reach zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.perceptron.analysis import (
    fewest_errors_of_any_line,
    misclassified,
    train_on_gate,
)
from mlcourse.data import logic_gate
from mlcourse.models import Perceptron

BIASES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0)
WEIGHTS = (-1.0, 0.0, 1.0)
GATES = ("AND", "OR", "XOR")
TRAINING_EPOCHS = tuple(range(10))
TRAINING_MAX_EPOCHS = TRAINING_EPOCHS[-1]


def _line_numbers(X: np.ndarray, y: np.ndarray, weights: np.ndarray, b: float) -> dict[str, Any]:
    z = X @ weights + b
    outputs = np.where(z >= 0, 1, -1)
    return {
        "net inputs z for (0,0), (0,1), (1,0), (1,1)": ", ".join(f"{value:g}" for value in z),
        "outputs": ", ".join(f"{value:+d}" for value in outputs),
        "targets": ", ".join(f"{int(value):+d}" for value in y),
        "misclassified": misclassified(X, y, weights, b),
        "fewest any line can get wrong": fewest_errors_of_any_line(X, y),
    }


def render(b: float = -1.5, w1: float = 1.0, w2: float = 1.0, gate: str = "AND") -> Rendered:
    """Draw the gate's four points and the line ``w1 x1 + w2 x2 + b = 0`` with its +1 side shaded.

    Returns the figure and the numbers: the net inputs and outputs of the four
    points, how many are misclassified, and the fewest mistakes any line can
    make on this gate (0 for AND and OR, 1 for XOR).
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.perceptron.plots import plot_decision_line

    X, y = logic_gate(gate)
    weights = np.array([w1, w2], dtype=float)
    numbers = _line_numbers(X, y, weights, b)
    figure, ax = new_figure(width=4.6, height=4.0)
    plot_decision_line(
        ax, X, y, weights, b, title=f"{gate}: w = ({w1:g}, {w2:g}), b = {b:g}: {numbers['misclassified']} misclassified"
    )
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


def _training_numbers(X: np.ndarray, y: np.ndarray, model: Perceptron, epoch: int) -> dict[str, Any]:
    ran = min(epoch, model.n_epochs_)  # training stops after the first epoch without a mistake
    b, w1, w2 = model.epoch_weights_[ran]
    return {
        "epoch": epoch,
        "w1": float(w1),
        "w2": float(w2),
        "b": float(b),
        "updates in this epoch": model.errors_[epoch - 1] if 0 < epoch <= model.n_epochs_ else 0,
        "updates so far": int(sum(model.errors_[:ran])),
        "misclassified by these weights": misclassified(X, y, np.array([w1, w2]), float(b)),
        "stopped (an epoch without a mistake)": bool(model.converged_ and epoch >= model.n_epochs_),
    }


def render_training(epoch: int = 1, gate: str = "AND") -> Rendered:
    """Draw the lines the rule visits during ``epoch`` and the mistakes per epoch.

    Left: the gate's points, the line after each of the epoch's four sample
    visits (thin, dashed) and the line at the end of the epoch (bold, its
    +1 side shaded). Right: the number of updates in every epoch, the chosen
    one highlighted.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.perceptron.plots import (
        plot_decision_line,
        plot_passing_lines,
    )

    X, y = logic_gate(gate)
    model = train_on_gate(gate, TRAINING_MAX_EPOCHS)
    numbers = _training_numbers(X, y, model, epoch)
    figure, (left, right) = new_figure(2, width=9.0, height=3.9)
    b, w1, w2 = model.epoch_weights_[min(epoch, model.n_epochs_)]
    title = f"{gate}, end of epoch {epoch}" if epoch else f"{gate}, start (w = 0, b = 0)"
    if epoch > model.n_epochs_:
        title = f"{gate}: stopped after epoch {model.n_epochs_} (no mistake)"
    plot_decision_line(left, X, y, np.array([w1, w2]), float(b), title=title, arrow=False)
    if 0 < epoch <= model.n_epochs_:
        n = len(X)
        plot_passing_lines(
            left, model.weights_history_[(epoch - 1) * n + 1 : epoch * n], skip=model.weights_history_[epoch * n]
        )
    left.title.set_fontsize(9)

    epochs = np.arange(1, model.n_epochs_ + 1)
    colors = ["#6a4c93" if e == epoch else "#b8b8d1" for e in epochs]
    right.bar(epochs, model.errors_, color=colors)
    for e, count in zip(epochs, model.errors_):
        right.text(e, count + 0.08, str(count), ha="center", va="bottom", fontsize=8)
    right.set_xlim(0.3, TRAINING_MAX_EPOCHS + 0.7)
    right.set_ylim(0, len(X) + 0.5)
    right.set_xticks(range(1, TRAINING_MAX_EPOCHS + 1))
    right.set_yticks(range(len(X) + 1))
    right.set_xlabel("epoch")
    right.set_ylabel("updates (mistakes) in the epoch")
    if model.converged_:
        right.axvline(model.n_epochs_ + 0.5, color="green", lw=1, ls=":")
        right.text(model.n_epochs_ + 0.6, len(X) * 0.9, "no mistake:\nstop", color="green", fontsize=8)
    right.set_title(
        f"{gate}: w = ({w1:g}, {w2:g}), b = {b:g}, {numbers['misclassified by these weights']} misclassified",
        fontsize=9,
    )
    return Rendered(figure, numbers)


TRAINING_WIDGET = Widget(
    render_training,
    [
        Control("epoch", TRAINING_EPOCHS, 1, label="epoch"),
        Control("gate", GATES, "AND", label="gate", kind="dropdown"),
    ],
    title="The perceptron learning rule, epoch by epoch",
    claim="On AND and OR the updates stop at a line without mistakes; on XOR every epoch repeats the "
    "same updates and the mistakes never reach zero.",
)
