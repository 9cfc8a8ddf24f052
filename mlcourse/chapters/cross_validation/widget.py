"""Chapter 12 widget: the number of folds K against the fold picture and the spread of the fold scores.

Claim made visible: every K tests each sample exactly once; a larger K trains
each fit on more data ((K-1)/K of it) at the price of K fits, and its many
small test folds give scores that scatter more around a similar mean. On
data sorted by label, unshuffled folds leave whole classes out of training
and the scores collapse; shuffling or stratifying fixes it.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.data import make_blobs, make_noisy_sine
from mlcourse.model_selection import KFold, LeaveOneOut, StratifiedKFold, cross_validate
from mlcourse.models import MLPClassifier

N_SAMPLES = 60
#: Values of K; the last one is K = n, leave-one-out.
K_VALUES = (2, 3, 5, 10, 20, N_SAMPLES)
SPLITTERS = ("KFold, shuffled", "KFold, not shuffled", "StratifiedKFold")


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray]:
    """Three overlapping Gaussian classes of 20 points each, stored SORTED BY LABEL (as files often are)."""
    X, y = make_blobs(N_SAMPLES, centers=[[0.0, 0.0], [3.0, 0.0], [1.5, 2.6]], cluster_std=0.9, seed=3)
    order = np.argsort(y, kind="stable")
    return X[order], y[order]


@lru_cache(maxsize=1)
def regression_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's regression task: 30 noisy points of a sine to learn from, 2000 fresh ones to test on.

    Returns ``X, y, X_test, y_test``: ``y = sin(x) + noise`` (standard deviation
    0.3) with ``x`` uniform on ``[0, 2 pi]``. The test points come from the same
    source with another seed: synthetic data can afford a test set large enough
    to measure the true generalization error closely.
    """
    X, y = make_noisy_sine(30, noise=0.3, seed=2)
    X_test, y_test = make_noisy_sine(2000, noise=0.3, seed=100)
    return X, y, X_test, y_test


def build_classifier() -> MLPClassifier:
    """The chapter's small classifier: one hidden layer of 8 tanh units, full-batch Adam (lr 0.1), 50 epochs, seeded."""
    return MLPClassifier((8,), activation="tanh", learning_rate=0.1, epochs=50, batch_size=None, seed=0)


def make_splitter(k: int, splitter: str = "KFold, shuffled"):
    """The splitter the widget uses: ``LeaveOneOut`` when K equals the number of samples."""
    if splitter not in SPLITTERS:
        raise ValueError(f"unknown splitter {splitter!r}; expected one of {list(SPLITTERS)}")
    if k == N_SAMPLES:
        return LeaveOneOut()
    if splitter == "KFold, shuffled":
        return KFold(k, shuffle=True, seed=0)
    if splitter == "KFold, not shuffled":
        return KFold(k)
    return StratifiedKFold(k, shuffle=True, seed=0)


@lru_cache(maxsize=None)
def _cross_validate(k: int, splitter: str) -> tuple[tuple, np.ndarray, np.ndarray]:
    X, y = chapter_data()
    if k == N_SAMPLES:
        splitter = SPLITTERS[0]  # leave-one-out: the order of the data does not matter, compute once
    cv = make_splitter(k, splitter)
    with warnings.catch_warnings():
        # StratifiedKFold warns when K exceeds a class size (20 > 20 never happens here; kept for safety)
        warnings.simplefilter("ignore", UserWarning)
        splits = tuple(cv.split(X, y))
        result = cross_validate(build_classifier, X, y, cv)
    return splits, result.scores, result.train_scores


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
    make_splitter(k, splitter)  # checks the name
    X, y = chapter_data()
    splits, scores, _ = _cross_validate(k, splitter)
    classes = np.unique(y)
    missing = sum(len(np.setdiff1d(classes, y[train])) > 0 for train, _ in splits)

    figure, (left, right) = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.45, 1.0]})
    name = "leave-one-out (K = n; order does not matter)" if k == N_SAMPLES else f"{splitter}, K = {k}"
    plot_folds(left, splits, len(y), labels=y, title=name)
    plot_fold_scores(right, scores, ylim=(-0.05, 1.05),
                     title=f"{len(scores)} fits: accuracy on each held-out fold")
    numbers = {
        "K": k,
        "fits": len(scores),
        "training samples per fit": float(np.mean([len(train) for train, _ in splits])),
        "held-out samples per fold": float(np.mean([len(test) for _, test in splits])),
        "mean accuracy": float(scores.mean()),
        "std of fold accuracies": float(scores.std()),
        "worst fold": float(scores.min()),
        "training parts missing a class": int(missing),
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
