"""Chapter 12 widget: the number of folds K against the fold picture and the spread of the fold scores.

Claim made visible: every K tests each sample exactly once; a larger K trains
each fit on more data ((K-1)/K of it) at the price of K fits, and its many
small test folds give scores that scatter more around a similar mean. On
data sorted by label, unshuffled folds leave whole classes out of training
and the scores collapse; shuffling or stratifying fixes it.

The scene: K is the background control (six values): the rows of the fold
grid, the class strip above it, the split ticks and the x range of the
scores depend on it. The grid's colours (which samples each fold holds out),
the scores, their mean and band, the legend that carries the mean and the
standard deviation, and the left title change with the state.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.cross_validation.analysis import (
    N_SAMPLES,
    SPLITTERS,
    classification_data,
    cross_validate_classifier,
    training_parts_missing_a_class,
)

#: Values of K; the last one is K = n, leave-one-out.
K_VALUES = (2, 3, 5, 10, 20, N_SAMPLES)
SCORE_LIMITS = (-0.05, 1.05)


@lru_cache(maxsize=None)
def _state(k: int, splitter: str) -> dict[str, Any]:
    """The cross-validation at ``k`` folds cut by ``splitter``: its fold matrix, scores and numbers (cached)."""
    from mlcourse.chapters.cross_validation.plots import fold_matrix

    if k not in K_VALUES:
        raise ValueError(f"k must be one of {K_VALUES}, got {k!r}")
    _, y = classification_data()
    splits, result = cross_validate_classifier(k, splitter)
    scores = np.asarray(result.scores, dtype=float)
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
    return {"matrix": fold_matrix(splits, len(y)), "scores": scores, "numbers": numbers}


@lru_cache(maxsize=1)
def _every_state() -> None:
    """Cross-validate every state once (about 2 s, once per process): no change of a control then waits for fits."""
    for k in K_VALUES:
        for splitter in SPLITTERS:
            _state(k, splitter)


def build() -> Scene:
    """The figure: one fold grid and class strip per K (the one of the state shown), the fold scores."""
    from matplotlib.ticker import MaxNLocator

    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.cross_validation.plots import (
        fold_legend_handles,
        plot_fold_mesh,
        plot_fold_scores,
        plot_label_strip,
    )

    _every_state()
    _, y = classification_data()
    figure, (left, right) = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.45, 1.0]})
    grids = {}
    for k in K_VALUES:
        mesh = plot_fold_mesh(left, np.zeros((k, len(y)), dtype=np.int64))
        strip, class_handles = plot_label_strip(left, y, k)
        mesh.set_visible(False)
        strip.set_visible(False)
        grids[k] = (mesh, strip)
    left.set_xlim(0, len(y))
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_xlabel("sample index (order of the data)")
    left.set_ylabel("split (one fit each)")
    left.set_title(" ")
    left.legend(
        handles=fold_legend_handles() + class_handles,
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0,
    )

    plot_fold_scores(right, [0.0, 1.0], ylim=SCORE_LIMITS, title=" ")
    band, (mean_line, dots) = right.patches[0], right.lines
    scene = Scene(figure, left=left, right=right, grids=grids, band=band, mean_line=mean_line, dots=dots)
    scene.changing(*(mesh for mesh, _ in grids.values()), left.title, band, mean_line, dots, right.get_legend())
    return scene


def _show_k(scene: Scene, k: int) -> None:
    """Show the grid and strip of ``k`` rows, the split ticks and the x range of the scores (the background)."""
    from mlcourse.chapters.cross_validation.plots import fold_rows_layout

    if scene.memo.get("k") == k:
        return
    for rows, (mesh, strip) in scene.grids.items():
        mesh.set_visible(rows == k)
        strip.set_visible(rows == k)
    fold_rows_layout(scene.left, k, labelled=True)
    scene.right.set_xlim(0.3, k + 0.7)
    scene.right.set_title(f"{k} fits: accuracy on each held-out fold")
    scene.memo["k"] = k


def update(scene: Scene, k: int = 5, splitter: str = "KFold, shuffled") -> dict:
    """Cross-validate the chapter's classifier with K folds and show the folds and the fold scores.

    Returns the numbers: K, the number of fits, the training and held-out
    samples per fit, the mean and standard deviation of the fold
    accuracies, the worst fold, and how many training parts lack a class.
    """
    state = _state(k, splitter)
    _show_k(scene, k)
    scene.grids[k][0].set_array(state["matrix"])
    name = "leave-one-out (K = n; order does not matter)" if k == N_SAMPLES else f"{splitter}, K = {k}"
    scene.left.set_title(name)

    scores = state["scores"]
    mean, std = float(scores.mean()), float(scores.std())
    scene.band.set_y(mean - std)
    scene.band.set_height(2 * std)
    scene.mean_line.set_ydata([mean, mean])
    scene.dots.set_data(np.arange(1, len(scores) + 1), scores)
    marker_size = 5 if len(scores) <= 20 else 3
    scene.dots.set_markersize(marker_size)
    scene.right.get_legend().legend_handles[2].set_markersize(marker_size)  # the legend's copy of the dots
    for artist, text, label in zip(
        (scene.band, scene.mean_line),
        scene.right.get_legend().get_texts(),
        (f"mean +/- std ({std:.3f})", f"mean = {mean:.3f}"),
    ):
        artist.set_label(label)
        text.set_text(label)
    return dict(state["numbers"])


WIDGET = Widget(
    build,
    update,
    [
        Control("k", K_VALUES, 5, label="K (60 = n: leave-one-out)"),
        Control("splitter", SPLITTERS, "KFold, shuffled", label="splitter (data sorted by label)", kind="dropdown"),
    ],
    title="K-fold cross-validation of a small classifier on 60 points",
    claim="Each sample is tested exactly once for every K; larger K trains on more data per fit, costs K fits, "
    "and spreads the fold scores; unshuffled folds on sorted data leave classes out of training.",
    background=("k",),
)


def render(k: int = 5, splitter: str = "KFold, shuffled") -> Rendered:
    """The figure and numbers of one state, on a new scene (``WIDGET.render``)."""
    return WIDGET.render(k=k, splitter=splitter)
