"""Chapter 14 widget: a training-progress scrubber for the digits MLP.

Claim made visible: as training proceeds the loss falls, the validation
accuracy rises and the confusion matrix empties off the diagonal, leaving a
few systematic confusions; too small a learning rate is still on the way,
too large a rate plateaus lower.
"""

from __future__ import annotations

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.capstone_digits.analysis import RUN_EPOCHS, learning_rate_run
from mlcourse.metrics import most_confused_pairs

EPOCH_STEPS = (1, 2, 3, 5, 8, 12, 20, RUN_EPOCHS)
LEARNING_RATES = (0.001, 0.01, 0.1)


def render(epoch: int = RUN_EPOCHS, learning_rate: float = 0.01) -> Rendered:
    """Loss and accuracy curves up to ``epoch`` and the validation confusion matrix at that epoch."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.capstone_digits.plots import (
        plot_confusion_matrix,
        plot_loss_and_accuracy_curves,
    )

    run = learning_rate_run(learning_rate)
    history = run.history
    matrix = run.confusion_at(epoch)
    figure, (ax_loss, ax_accuracy, ax_matrix) = new_figure(3, width=10.0, height=3.3)
    plot_loss_and_accuracy_curves(ax_loss, ax_accuracy, history, upto=epoch, total_epochs=RUN_EPOCHS)
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
        Control("epoch", EPOCH_STEPS, RUN_EPOCHS, label="epoch"),
        Control("learning_rate", LEARNING_RATES, 0.01, label="Adam learning rate", kind="dropdown"),
    ],
    title="Training the digits classifier, epoch by epoch",
    claim="Training empties the confusion matrix off its diagonal, leaving a few systematic confusions.",
)
