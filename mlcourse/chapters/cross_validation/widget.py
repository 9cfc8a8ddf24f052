"""Chapter 12 widget: the number of folds K against the fold picture and the spread of the fold scores.

Claim made visible: every K tests each sample exactly once; a larger K trains
each fit on more data ((K-1)/K of it) at the price of K fits, and its many
small test folds give scores that scatter more around a similar mean. On
data sorted by label, unshuffled folds leave whole classes out of training
and the scores collapse; shuffling or stratifying fixes it.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.cross_validation.analysis import (
    N_SAMPLES,
    SPLITTERS,
    classification_data,
    cross_validate_classifier,
    training_parts_missing_a_class,
)

#: Values of K; the last one is K = n, leave-one-out.
K_VALUES = (2, 3, 5, 10, 20, N_SAMPLES)


def render(k: int = 5, splitter: str = "KFold, shuffled") -> Rendered:
    """Cross-validate the chapter's classifier with K folds and draw the folds and the fold scores.

    Returns the figure and the numbers: K, the number of fits, the training
    and held-out samples per fit, the mean and standard deviation of the fold
    accuracies, the worst fold, and how many training parts lack a class.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.cross_validation.plots import plot_fold_scores, plot_folds

    if k not in K_VALUES:
        raise ValueError(f"k must be one of {K_VALUES}, got {k!r}")
    _, y = classification_data()
    splits, result = cross_validate_classifier(k, splitter)
    scores = result.scores

    figure, (left, right) = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.45, 1.0]})
    name = "leave-one-out (K = n; order does not matter)" if k == N_SAMPLES else f"{splitter}, K = {k}"
    plot_folds(left, splits, len(y), labels=y, title=name)
    plot_fold_scores(right, scores, ylim=(-0.05, 1.05), title=f"{len(scores)} fits: accuracy on each held-out fold")
    numbers = {
        "K": k,
        "fits": len(scores),
        "training samples per fit": float(np.mean([len(train) for train, _ in splits])),
        "held-out samples per fold": float(np.mean([len(test) for _, test in splits])),
        "mean accuracy": float(scores.mean()),
        "std of fold accuracies": float(scores.std()),
        "worst fold": float(scores.min()),
        "training parts missing a class": training_parts_missing_a_class(splits, y),
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("k", K_VALUES, 5, label="K (60 = n: leave-one-out)"),
        Control("splitter", SPLITTERS, "KFold, shuffled", label="splitter (data sorted by label)", kind="dropdown"),
    ],
    title="K-fold cross-validation of a small classifier on 60 points",
    claim="Each sample is tested exactly once for every K; larger K trains on more data per fit, costs K fits, "
    "and spreads the fold scores; unshuffled folds on sorted data leave classes out of training.",
)
