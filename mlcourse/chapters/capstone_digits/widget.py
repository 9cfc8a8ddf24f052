"""Chapter 14 widget: a training-progress scrubber for the digits MLP.

Claim made visible: as training proceeds the loss falls, the validation
accuracy rises and the confusion matrix empties off the diagonal, leaving a
few systematic confusions; too small a learning rate is still on the way,
too large a rate plateaus lower.
"""

from __future__ import annotations

from functools import lru_cache

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.capstone_digits.analysis import (
    DigitsRun,
    digits_split,
    train_digits_run,
)
from mlcourse.metrics import most_confused_pairs

EPOCH_STEPS = (1, 2, 3, 5, 8, 12, 20, 30)
LEARNING_RATES = (0.001, 0.01, 0.1)


@lru_cache(maxsize=len(LEARNING_RATES))
def training_run(learning_rate: float) -> DigitsRun:
    """One 30-epoch run per learning rate on the chapter's training part (cached)."""
    X_train, _, y_train, _ = digits_split()
    return train_digits_run(X_train, y_train, hidden=64, learning_rate=learning_rate, epochs=max(EPOCH_STEPS))


def render(epoch: int = 30, learning_rate: float = 0.01) -> Rendered:
    """Loss and accuracy curves up to ``epoch`` and the validation confusion matrix at that epoch."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.capstone_digits.plots import (
        plot_confusion_matrix,
        plot_training_curves,
    )

    run = training_run(learning_rate)
    history = run.history
    matrix = run.confusion_at(epoch)
    figure, (ax_loss, ax_accuracy, ax_matrix) = new_figure(3, width=10.0, height=3.3)
    plot_training_curves(ax_loss, ax_accuracy, history, upto=epoch, total_epochs=max(EPOCH_STEPS))
    plot_confusion_matrix(ax_matrix, matrix, title=f"Validation confusions after epoch {epoch}")
    confused = most_confused_pairs(matrix, top=1)
    numbers = {
        "epoch": epoch,
        "train loss": history.train_loss[epoch - 1],
        "val loss": history.val_loss[epoch - 1],
        "val accuracy": history.val_accuracy[epoch - 1],
        "val errors": int(matrix.sum() - matrix.trace()),
        "most confused": f"{confused[0][0]} as {confused[0][1]} ({confused[0][2]}x)" if confused else "none",
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("epoch", EPOCH_STEPS, 30, label="epoch"),
        Control("learning_rate", LEARNING_RATES, 0.01, label="Adam learning rate", kind="dropdown"),
    ],
    title="Training the digits classifier, epoch by epoch",
    claim="Training empties the confusion matrix off its diagonal, leaving a few systematic confusions.",
)
