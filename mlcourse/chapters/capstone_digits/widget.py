"""Chapter 14 widget: a training-progress scrubber for the digits MLP.

Claim made visible: as training proceeds the loss falls, the validation
accuracy rises and the confusion matrix empties off the diagonal, leaving a
few systematic confusions; too small a learning rate is still on the way,
too large a rate plateaus lower.

The figure is one scene (:class:`~mlcourse.chapters._book.widgets.Scene`):
the axes of the loss and accuracy curves are fixed per learning rate (the
background control) to hold the whole run, so moving the epoch only extends
the curves, recolours the confusion matrix and rewrites its counts.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget, one_blas_thread
from mlcourse.chapters.capstone_digits.analysis import N_CLASSES, RUN_EPOCHS, learning_rate_run
from mlcourse.metrics import most_confused_pairs

EPOCH_STEPS = (1, 2, 3, 5, 8, 12, 20, RUN_EPOCHS)
LEARNING_RATES = (0.001, 0.01, 0.1)
MARGIN = 0.05  # matplotlib's default margin, for the limits fixed here


def build() -> Scene:
    """Loss and accuracy curves (placeholder data) and the validation confusion matrix with a count per cell."""
    from mlcourse.chapters._book import new_figure

    figure, (ax_loss, ax_accuracy, ax_matrix) = new_figure(3, width=10.0, height=3.3)
    curves = {}
    for ax, name in ((ax_loss, "loss"), (ax_accuracy, "accuracy")):
        # the dot on each curve's last point marks the chosen epoch (and shows epoch 1, a single point)
        (curves[f"train {name}"],) = ax.plot([], [], marker="o", ms=4, markevery=[-1], label="training")
        (curves[f"val {name}"],) = ax.plot([], [], "--", marker="o", ms=4, markevery=[-1], label="validation")
        ax.set_xlim(0.5, RUN_EPOCHS + 0.5)
        ax.set_xlabel("epoch")
    ax_loss.set_ylabel("cross-entropy loss")
    ax_loss.set_yscale("log")
    ax_loss.set_title("Loss", fontsize=10)
    ax_loss.legend(fontsize=8, loc="lower left")  # empty for every rate: the curves start high
    ax_accuracy.set_ylabel("accuracy")
    ax_accuracy.set_title("Accuracy", fontsize=10)
    ax_accuracy.legend(fontsize=8, loc="lower right")

    # as plots.plot_confusion_matrix draws it: only the mistakes coloured, a count in every non-empty cell
    image = ax_matrix.imshow(np.zeros((N_CLASSES, N_CLASSES)), cmap="Reds", vmin=0, vmax=2.0)
    counts = [
        [
            ax_matrix.text(
                j,
                i,
                "",
                ha="center",
                va="center",
                fontsize=7,
                color="black" if i != j else "#1a5e1a",
                fontweight="bold" if i == j else "normal",
            )
            for j in range(N_CLASSES)
        ]
        for i in range(N_CLASSES)
    ]
    ax_matrix.set_xticks(range(N_CLASSES))
    ax_matrix.set_yticks(range(N_CLASSES))
    ax_matrix.set_xlabel("predicted digit")
    ax_matrix.set_ylabel("true digit")
    ax_matrix.set_title(" ", fontsize=10)
    scene = Scene(
        figure, ax_loss=ax_loss, ax_accuracy=ax_accuracy, ax_matrix=ax_matrix, image=image, counts=counts, **curves
    )
    scene.changing(*curves.values(), image, *(text for row in counts for text in row), ax_matrix.title)
    return scene


def _run(learning_rate: float) -> Any:
    """The chapter's 30-epoch run at ``learning_rate`` (cached by the analysis), trained with one BLAS thread."""
    with one_blas_thread():  # the same bits, without threads fighting on a busy machine
        return learning_rate_run(learning_rate)


@lru_cache(maxsize=None)
def _confusions(learning_rate: float, epoch: int) -> np.ndarray:
    """The validation confusion matrix of the run at ``learning_rate`` after ``epoch`` epochs (cached)."""
    return _run(learning_rate).confusion_at(epoch)


def _log_limits(values: list[float]) -> tuple[float, float]:
    low, high = math.log10(min(values)), math.log10(max(values))
    return 10 ** (low - MARGIN * (high - low)), 10 ** (high + MARGIN * (high - low))


def update(scene: Scene, epoch: int = RUN_EPOCHS, learning_rate: float = 0.01) -> dict:
    """Loss and accuracy curves up to ``epoch`` and the validation confusion matrix at that epoch."""
    history = _run(learning_rate).history
    if scene.memo.get("learning_rate") != learning_rate:  # axes that hold the whole run
        scene.ax_loss.set_ylim(*_log_limits([*history.train_loss, *history.val_loss]))
        lowest = min(*history.train_accuracy, *history.val_accuracy)
        scene.ax_accuracy.set_ylim(min(0.5, lowest - 0.02), 1.005)  # the first epoch's dot clear of the edge
        scene.memo["learning_rate"] = learning_rate
    epochs = np.arange(1, epoch + 1)
    for name in ("train loss", "val loss", "train accuracy", "val accuracy"):
        getattr(scene, name).set_data(epochs, getattr(history, name.replace(" ", "_"))[:epoch])

    matrix = _confusions(learning_rate, epoch)
    off_diagonal = matrix * (1 - np.eye(len(matrix), dtype=matrix.dtype))
    scene.image.set_data(off_diagonal)
    scene.image.set_clim(0, max(2.0, 2.0 * off_diagonal.max()))  # the darkest red stays light enough to read
    for i, row in enumerate(scene.counts):
        for j, text in enumerate(row):
            text.set_text(str(matrix[i, j]) if matrix[i, j] else "")
            text.set_visible(bool(matrix[i, j]))
    scene.ax_matrix.set_title(f"Validation confusions after epoch {epoch}", fontsize=10)

    confused = most_confused_pairs(matrix, top=1)
    return {
        "epoch": epoch,
        "train loss": history.train_loss[epoch - 1],
        "val loss": history.val_loss[epoch - 1],
        "val accuracy": history.val_accuracy[epoch - 1],
        "val errors": int(matrix.sum() - matrix.trace()),
        "most confused": f"{confused[0][0]} as {confused[0][1]} ({confused[0][2]}x)" if confused else "none",
    }


def render(epoch: int = RUN_EPOCHS, learning_rate: float = 0.01) -> Any:
    """The widget's figure and numbers for one state (a new scene): ``WIDGET.render(...)``."""
    return WIDGET.render(epoch=epoch, learning_rate=learning_rate)


WIDGET = Widget(
    build,
    update,
    [
        Control("epoch", EPOCH_STEPS, RUN_EPOCHS, label="epoch"),
        Control("learning_rate", LEARNING_RATES, 0.01, label="Adam learning rate", kind="dropdown"),
    ],
    title="Training the digits classifier, epoch by epoch",
    claim="Training empties the confusion matrix off its diagonal, leaving a few systematic confusions.",
    background=("learning_rate",),
)
