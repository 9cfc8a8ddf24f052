"""Chapter 10 widget: model capacity, an L2 penalty and dropout vs the training and validation curves.

Claim made visible: a network with more capacity than the data can support
drives its training loss towards zero while its validation loss turns up
(the gap); an L2 penalty or dropout keeps the same network from memorising
the noise, and shrinks the gap.

Every state trains a small ReLU network ``2 -> h -> h -> 2`` on 40 noisy
"moons" points for 150 full-batch Adam epochs (seeded, cached per process).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.regularization.analysis import LossTracker
from mlcourse.data import make_moons
from mlcourse.nn import mlp
from mlcourse.optim import Adam
from mlcourse.train import History, fit

HIDDEN_UNITS = (2, 4, 8, 16, 32, 64)
L2_STRENGTHS = (0.0, 0.003, 0.03)
DROPOUT_RATES = (0.0, 0.2, 0.5)
EPOCHS = 150
LEARNING_RATE = 0.02
N_TRAIN, N_VAL, NOISE = 40, 200, 0.35


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's moons: ``(X_train, y_train, X_val, y_val)``, 40 and 200 points, noise 0.35 (seeded)."""
    X_train, y_train = make_moons(N_TRAIN, noise=NOISE, seed=1)
    X_val, y_val = make_moons(N_VAL, noise=NOISE, seed=2)
    return X_train, y_train, X_val, y_val


def train_model(hidden: int, l2: float = 0.0, dropout: float = 0.0, *, n_train: int = N_TRAIN,
                epochs: int = EPOCHS) -> tuple[Any, History, LossTracker]:
    """Train ``2 -> hidden -> hidden -> 2`` (ReLU, He init) on the chapter's moons.

    Parameters
    ----------
    hidden : int
        Units per hidden layer (the capacity).
    l2 : float, default 0
        L2 penalty coefficient (``fit(..., l2=...)``).
    dropout : float, default 0
        Dropout rate after each hidden layer.
    n_train : int, default 40
        Training points (other sizes draw a new moons sample with the same
        seed and noise; the validation set is always the chapter's).
    epochs : int, default 150
        Full-batch Adam epochs (learning rate 0.02).

    Returns
    -------
    model : Sequential
        The trained network (do not modify: results are cached).
    history : History
        ``val_loss`` per epoch, and ``train_loss`` as ``fit`` records it.
    tracker : LossTracker
        Evaluation-mode training loss and accuracy per epoch.
    """
    return _train_model(int(hidden), float(l2), float(dropout), int(n_train), int(epochs))


@lru_cache(maxsize=None)
def _train_model(hidden: int, l2: float, dropout: float, n_train: int, epochs: int) -> tuple[Any, History, LossTracker]:
    X_train, y_train, X_val, y_val = chapter_data()
    if n_train != N_TRAIN:
        X_train, y_train = make_moons(n_train, noise=NOISE, seed=1)
    model = mlp([2, hidden, hidden, 2], activation="relu", init="he_normal", dropout=dropout, seed=0)
    tracker = LossTracker("cross_entropy", X_train, y_train)
    history = fit(model, "cross_entropy", Adam(model.parameters(), lr=LEARNING_RATE), X_train, y_train,
                  epochs=epochs, validation_data=(X_val, y_val), l2=l2, callbacks=[tracker])
    return model, history, tracker


def render(hidden: int = 32, l2: float = 0.0, dropout: float = 0.0) -> Rendered:
    """Train (or fetch from the cache) one network and draw its decision regions and loss curves.

    Numbers: the final training loss (evaluation mode, no penalty), the final
    validation loss, their gap, both accuracies, and the epoch of the lowest
    validation loss.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.regularization.plots import (
        plot_decision_regions,
        plot_loss_curves,
    )

    X_train, y_train, X_val, y_val = chapter_data()
    model, history, tracker = train_model(hidden, l2, dropout)
    best_epoch = int(np.argmin(history.val_loss)) + 1
    figure, (left, right) = new_figure(2, width=9.0, height=3.5)
    plot_decision_regions(left, model, X_train, y_train, X_val=X_val, y_val=y_val,
                          title=f"2-{hidden}-{hidden}-2 ReLU, L2 {l2:g}, dropout {dropout:g}")
    gap = history.val_loss[-1] - tracker.losses[-1]
    plot_loss_curves(right, tracker.losses, history.val_loss, best_epoch=best_epoch,
                     title=f"Loss per epoch: final gap {gap:.3f}")
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
