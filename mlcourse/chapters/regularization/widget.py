"""Chapter 10 widget: model capacity, an L2 penalty and dropout vs the training and validation curves.

Claim made visible: a network with more capacity than the data can support
drives its training loss towards zero while its validation loss turns up
(the gap); an L2 penalty or dropout keeps the same network from memorising
the noise, and shrinks the gap.

Every state draws one run of
:func:`mlcourse.chapters.regularization.analysis.moons_run`: a small ReLU
network ``2 -> h -> h -> 2`` trained on 40 noisy "moons" points for 150
full-batch Adam epochs (seeded, cached per process).
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.regularization.analysis import (
    DROPOUT_RATES,
    HIDDEN_UNITS,
    L2_STRENGTHS,
    chapter_moons,
    moons_run,
)


def render(hidden: int = 32, l2: float = 0.0, dropout: float = 0.0) -> Rendered:
    """Draw one run's decision regions and loss curves (:func:`moons_run` trains it on first use).

    Numbers: the final training loss (evaluation mode, no penalty), the final
    validation loss, their gap, both accuracies, and the epoch of the lowest
    validation loss.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.regularization.plots import (
        plot_train_val_losses,
        plot_train_val_regions,
    )

    X_train, y_train, X_val, y_val = chapter_moons()
    model, history, tracker = moons_run(hidden, l2, dropout)
    best_epoch = int(np.argmin(history.val_loss)) + 1
    figure, (left, right) = new_figure(2, width=9.0, height=3.5)
    plot_train_val_regions(
        left,
        model,
        X_train,
        y_train,
        X_val=X_val,
        y_val=y_val,
        title=f"2-{hidden}-{hidden}-2 ReLU, L2 {l2:g}, dropout {dropout:g}",
    )
    gap = history.val_loss[-1] - tracker.losses[-1]
    plot_train_val_losses(
        right, tracker.losses, history.val_loss, best_epoch=best_epoch, title=f"Loss per epoch: final gap {gap:.3f}"
    )
    right.set_ylim(0, 1.8)
    numbers = {
        "train loss": tracker.losses[-1],
        "val loss": history.val_loss[-1],
        "gap": gap,
        "train accuracy": tracker.accuracies[-1],
        "val accuracy": history.val_accuracy[-1],
        "best val epoch": best_epoch,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("hidden", HIDDEN_UNITS, 32, label="hidden units per layer"),
        Control("l2", L2_STRENGTHS, 0.0, label="L2 strength lambda", kind="dropdown"),
        Control("dropout", DROPOUT_RATES, 0.0, label="dropout rate", kind="dropdown"),
    ],
    title="Capacity, L2 and dropout vs the training/validation gap",
    claim="More capacity drives the training loss down and the validation loss up; "
    "an L2 penalty or dropout shrinks the gap.",
)
