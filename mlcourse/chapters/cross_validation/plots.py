"""Plots for cross-validation: fold pictures, per-fold scores, spreads of estimates, validation curves."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np

TRAIN_COLOR = "#9ecae1"
TEST_COLOR = "#e6550d"
CLASS_COLORS = ("#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666")


def fold_matrix(splits: Iterable[tuple[np.ndarray, np.ndarray]], n_samples: int) -> np.ndarray:
    """Return a ``(n_splits, n_samples)`` array: 1 where a sample is in that split's test part, else 0.

    Raises ``ValueError`` if an index is outside ``0 .. n_samples - 1``.
    """
    rows = []
    for _, test in splits:
        test = np.asarray(test)
        if test.size and (test.min() < 0 or test.max() >= n_samples):
            raise ValueError(f"test indices must lie in [0, {n_samples - 1}], got {test.min()}..{test.max()}")
        row = np.zeros(n_samples, dtype=np.int64)
        row[test] = 1
        rows.append(row)
    return np.array(rows).reshape(len(rows), n_samples)


def plot_fold_mesh(ax: Any, matrix: np.ndarray) -> Any:
    """Draw a :func:`fold_matrix` as a grid (test part in orange); returns the mesh (its array can be reset)."""
    from matplotlib.colors import ListedColormap

    n_splits, n_samples = matrix.shape
    return ax.pcolormesh(
        np.arange(n_samples + 1),
        np.arange(n_splits + 1),
        matrix,
        cmap=ListedColormap([TRAIN_COLOR, TEST_COLOR]),
        vmin=0,
        vmax=1,
        edgecolors="white" if n_samples <= 40 and n_splits <= 20 else "none",
        linewidth=0.4,
    )


def label_strip_height(n_splits: int) -> float:
    """The height (in rows) of the strip of class colours above a grid of ``n_splits`` rows."""
    return max(0.6, n_splits / 12)


def plot_label_strip(ax: Any, labels: np.ndarray, n_splits: int) -> tuple[Any, list[Any]]:
    """Draw the strip of class colours above ``n_splits`` rows; returns the mesh and the legend handles of the classes."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    labels = np.asarray(labels)
    classes = np.unique(labels)
    codes = np.searchsorted(classes, labels)
    strip_height = label_strip_height(n_splits)
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(len(classes))]
    strip = ax.pcolormesh(
        np.arange(len(labels) + 1),
        [n_splits + 0.25, n_splits + 0.25 + strip_height],
        codes[None, :],
        cmap=ListedColormap(colors),
        vmin=-0.5,
        vmax=len(classes) - 0.5,
    )
    return strip, [Patch(color=colors[i], label=f"class {classes[i]}") for i in range(len(classes))]


def fold_rows_layout(ax: Any, n_splits: int, *, labelled: bool) -> None:
    """The y axis of a fold grid of ``n_splits`` rows: limits (top row first) and one tick per row (every 10th
    beyond 20), plus the label strip's tick when ``labelled``."""
    top = n_splits + 0.25 + label_strip_height(n_splits) if labelled else n_splits
    ax.set_ylim(top, 0)
    step = 1 if n_splits <= 20 else 10
    ticks = list(np.arange(0, n_splits, step) + 0.5)
    names = [str(i + 1) for i in range(0, n_splits, step)]
    if labelled:
        ticks.append(n_splits + 0.25 + label_strip_height(n_splits) / 2)
        names.append("label")
    ax.set_yticks(ticks, names, fontsize=7)


def fold_legend_handles() -> list[Any]:
    """Legend handles of the two parts of a fold grid (training part, held-out fold)."""
    from matplotlib.patches import Patch

    return [Patch(color=TRAIN_COLOR, label="training part"), Patch(color=TEST_COLOR, label="held-out fold")]


def plot_folds(
    ax: Any,
    splits: Sequence[tuple[np.ndarray, np.ndarray]],
    n_samples: int,
    *,
    labels: np.ndarray | None = None,
    title: str = "",
) -> Any:
    """Draw the folds as a grid: one row per split, one column per sample, test part in orange.

    With ``labels``, a strip above the grid colours each sample by its class,
    so that the picture shows which classes a training part lacks.
    """
    from matplotlib.ticker import MaxNLocator

    matrix = fold_matrix(splits, n_samples)
    n_splits = len(matrix)
    plot_fold_mesh(ax, matrix)
    handles = fold_legend_handles()
    if labels is not None:
        handles += plot_label_strip(ax, labels, n_splits)[1]
    ax.set_xlim(0, n_samples)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fold_rows_layout(ax, n_splits, labelled=labels is not None)
    ax.set_xlabel("sample index (order of the data)")
    ax.set_ylabel("split (one fit each)")
    ax.set_title(title or f"{n_splits} splits of {n_samples} samples")
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return ax


def plot_fold_scores(
    ax: Any,
    scores: Sequence[float],
    *,
    ylabel: str = "accuracy on the held-out fold",
    title: str = "",
    ylim: tuple[float, float] | None = None,
) -> Any:
    """Dots for each fold's score, a line at their mean and a band of plus/minus one standard deviation."""
    scores = np.asarray(scores, dtype=float)
    folds = np.arange(1, len(scores) + 1)
    mean, std = float(scores.mean()), float(scores.std())
    ax.axhspan(mean - std, mean + std, color="gray", alpha=0.18, label=f"mean +/- std ({std:.3f})")
    ax.axhline(mean, color="black", lw=1.4, label=f"mean = {mean:.3f}")
    ax.plot(folds, scores, "o", ms=5 if len(scores) <= 20 else 3, color=TEST_COLOR, label="one test fold")
    ax.set_xlabel("split")
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlim(0.3, len(scores) + 0.7)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title or f"Scores of {len(scores)} folds")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    return ax


def plot_estimate_spread(
    ax: Any,
    groups: Mapping[str, Sequence[float]],
    *,
    ylabel: str = "estimated test MSE",
    title: str = "",
    reference: float | None = None,
    reference_label: str = "reference",
) -> Any:
    """Strip plot: one column per method, one dot per repetition (e.g. per random seed).

    The vertical spread of a column is how much that estimate depends on the
    luck of the split.
    """
    rng = np.random.default_rng(0)  # horizontal jitter only, for visibility
    for position, (name, values) in enumerate(groups.items()):
        values = np.asarray(values, dtype=float)
        jitter = rng.uniform(-0.12, 0.12, len(values))
        ax.plot(position + jitter, values, "o", ms=4, alpha=0.75, color=CLASS_COLORS[position % len(CLASS_COLORS)])
        ax.plot([position - 0.25, position + 0.25], [values.mean()] * 2, color="black", lw=1.6)
        ax.text(position + 0.3, values.mean(), f"std {values.std():.4f}", va="center", fontsize=8)
    if reference is not None:
        ax.axhline(reference, color="gray", ls=":", lw=1, label=reference_label)
        ax.legend(fontsize=7)
    ax.set_xticks(range(len(groups)), list(groups), fontsize=8)
    ax.set_xlim(-0.5, len(groups) - 0.5 + 0.4)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def plot_class_counts(
    ax: Any, splits: Sequence[tuple[np.ndarray, np.ndarray]], labels: np.ndarray, *, title: str = ""
) -> Any:
    """Stacked bars: how many samples of each class every test fold holds."""
    labels = np.asarray(labels)
    classes = np.unique(labels)
    counts = np.array([[np.sum(labels[test] == c) for c in classes] for _, test in splits])
    bottom = np.zeros(len(counts))
    folds = np.arange(1, len(counts) + 1)
    for index, c in enumerate(classes):
        ax.bar(
            folds,
            counts[:, index],
            bottom=bottom,
            color=CLASS_COLORS[index % len(CLASS_COLORS)],
            label=f"class {c}",
            width=0.7,
        )
        bottom += counts[:, index]
    ax.set_xticks(folds)
    ax.set_xlabel("held-out fold")
    ax.set_ylabel("samples in the fold")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    return ax


def plot_validation_curve(
    ax: Any,
    values: Sequence[Any],
    cv_mean: Sequence[float],
    train_mean: Sequence[float],
    *,
    fold_scores: Sequence[Sequence[float]] | None = None,
    xlabel: str = "degree",
    ylabel: str = "MSE",
    best: Any = None,
    log: bool = True,
    title: str = "",
    reference: Sequence[float] | None = None,
    reference_label: str = "test set",
) -> Any:
    """Cross-validated score and training score against a hyper-parameter.

    ``fold_scores`` (one sequence per value) adds each fold's score as a faint
    dot, showing the spread behind every mean. ``reference`` adds a dotted
    curve, e.g. the error on a large test set where one is available for
    illustration.
    """
    values = list(values)
    x = np.arange(len(values))
    cv_mean = np.asarray(cv_mean, float)
    if fold_scores is not None:
        for position, scores in zip(x, fold_scores):
            scores = np.asarray(scores, float)
            ax.plot(
                np.full(len(scores), position),
                scores,
                "o",
                ms=3,
                alpha=0.35,
                color=TEST_COLOR,
                label="one fold" if position == 0 else None,
            )
    ax.plot(x, cv_mean, "o-", color=TEST_COLOR, label="cross-validated (mean of folds)")
    ax.plot(x, np.asarray(train_mean, float), "s--", color="#3182bd", ms=4, label="training folds")
    if reference is not None:
        ax.plot(x, np.asarray(reference, float), "^:", color="#636363", ms=4, label=reference_label)
    if best is not None:
        index = values.index(best)
        ax.plot(x[index], cv_mean[index], "k*", ms=13, label=f"chosen: {best}")
    if log:
        ax.set_yscale("log")
    ax.set_xticks(x, [str(v) for v in values])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7)
    return ax


def plot_regression_fit(
    ax: Any,
    X_train: np.ndarray,
    y_train: np.ndarray,
    model: Any,
    *,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    label: str = "model",
    title: str = "",
) -> Any:
    """Training (and test) points with a fitted one-input model's curve."""
    ax.scatter(X_train[:, 0], y_train, s=14, color="#3182bd", alpha=0.7, label="training data")
    xs = X_train[:, 0]
    if X_test is not None and y_test is not None:
        ax.scatter(X_test[:, 0], y_test, s=20, marker="s", color=TEST_COLOR, label="test data")
        xs = np.concatenate([xs, X_test[:, 0]])
    grid = np.linspace(xs.min(), xs.max(), 300).reshape(-1, 1)
    ax.plot(grid[:, 0], model.predict(grid), color="black", lw=1.6, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(fontsize=7)
    return ax


# Whole figures for the notebook: one call per figure cell, so the chapter shows no plotting code.


def folds_figure(
    splits: Sequence[tuple[np.ndarray, np.ndarray]],
    n_samples: int,
    *,
    labels: np.ndarray | None = None,
    title: str = "",
    width: float = 7.5,
    height: float = 2.7,
) -> Any:
    """A new figure of :func:`plot_folds`: one row per split, one column per sample.

    Parameters
    ----------
    splits : sequence of (train_index, test_index)
        The folds, e.g. ``list(KFold(5).split(20))``.
    n_samples : int
        Number of samples (columns).
    labels : numpy.ndarray, optional
        Class of each sample, drawn as a strip above the grid.
    title : str
        Title of the axes.
    width, height : float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=width, height=height)
    plot_folds(ax, splits, n_samples, labels=labels, title=title)
    return figure


def estimate_spread_figure(
    groups: Mapping[str, Sequence[float]],
    *,
    reference: float | None = None,
    reference_label: str = "true MSE",
    ylabel: str = "estimated MSE of the degree-3 model",
    title: str = "",
) -> Any:
    """A new figure of :func:`plot_estimate_spread`: one column of dots per way of estimating.

    Parameters
    ----------
    groups : mapping of str to sequence of float
        Method name -> its estimates (one per repetition).
    reference : float, optional
        A dotted horizontal line, e.g. the true error measured on a large test set.
    reference_label, ylabel, title : str
        Labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=6.5, height=3.4)
    n_repeats = len(next(iter(groups.values()))) if groups else 0
    plot_estimate_spread(
        ax,
        groups,
        reference=reference,
        reference_label=reference_label,
        ylabel=ylabel,
        title=title or f"{n_repeats} repetitions of each estimate (dotted: {reference_label})",
    )
    return figure


def class_counts_figure(panels: Mapping[str, Sequence[tuple[np.ndarray, np.ndarray]]], labels: np.ndarray) -> Any:
    """Side-by-side :func:`plot_class_counts` panels, one per way of cutting folds, sharing the y axis.

    Parameters
    ----------
    panels : mapping of str to sequence of (train_index, test_index)
        Panel title -> the folds.
    labels : numpy.ndarray
        Class of each sample.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(panels), width=4.5 * len(panels), height=3.0, sharey=True)
    for ax, (title, splits) in zip(np.atleast_1d(axes), panels.items()):
        plot_class_counts(ax, splits, labels, title=title)
    return figure


def degree_choice_figure(
    degrees: Sequence[int],
    search: Sequence[tuple[dict, Any]],
    best: int,
    test_curve: Sequence[float],
    X: np.ndarray,
    y: np.ndarray,
    final: Any,
) -> Any:
    """Two panels: the validation curve of a degree search, and the chosen model refitted on all the data.

    Parameters
    ----------
    degrees : sequence of int
        The degrees searched, in order.
    search : sequence of (params, CVResult)
        What :func:`mlcourse.model_selection.grid_search_cv` returned (scores are MSEs).
    best : int
        The chosen degree (starred).
    test_curve : sequence of float
        The test MSE of each degree, drawn for illustration.
    X, y : numpy.ndarray
        The training data, drawn with the chosen model.
    final : fitted model
        The chosen degree refitted on ``X, y`` (with ``predict``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=10.0, height=3.6)
    plot_validation_curve(
        left,
        degrees,
        [result.mean for _, result in search],
        [float(np.mean(result.train_scores)) for _, result in search],
        fold_scores=[result.scores for _, result in search],
        best=best,
        ylabel="MSE (log scale)",
        title="Choosing the degree by 5-fold cross-validation",
        reference=test_curve,
        reference_label="test set (illustration only)",
    )
    plot_regression_fit(
        right, X, y, final, label=f"degree {best}, refitted on all {len(y)} points", title="The chosen model"
    )
    right.set_ylim(-2, 2)
    return figure


# Section page: how much a cross-validated score varies, and searching hyper-parameters.

GRID_COLOR = "#3182bd"
RANDOM_COLOR = "#e6550d"


def datasets_spread_figure(
    groups: Mapping[str, Sequence[float]],
    estimates: Sequence[float],
    true_errors: Sequence[float],
    *,
    reference: float | None = None,
) -> Any:
    """Two panels: the spread of several estimates side by side, and each data set's estimate against its true error.

    Parameters
    ----------
    groups : mapping of str to sequence of float
        Column name -> values (one per repetition or data set), drawn by
        :func:`plot_estimate_spread`.
    estimates, true_errors : sequence of float
        The K-fold estimate and the true error of the model of each data set
        (the right panel: one dot per data set, and the line where they agree).
    reference : float, optional
        A dotted line on the left panel, e.g. the mean true error.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    estimates = np.asarray(estimates, dtype=float)
    true_errors = np.asarray(true_errors, dtype=float)
    figure, (left, right) = new_figure(2, width=11.0, height=3.8, width_ratios=(1.45, 1.0))
    plot_estimate_spread(
        left,
        groups,
        reference=reference,
        reference_label="mean true MSE",
        ylabel="MSE of the degree-3 model",
        title="One data set reshuffled vs. many data sets",
    )
    right.plot(true_errors, estimates, "o", ms=3, alpha=0.6, color=CLASS_COLORS[1])
    low = min(estimates.min(), true_errors.min())
    high = max(estimates.max(), true_errors.max())
    right.plot([low, high], [low, high], color="gray", ls=":", lw=1, label="estimate = true MSE")
    right.set_xlabel("true MSE of the model fitted on the data set")
    right.set_ylabel("5-fold CV estimate on that data set")
    right.set_title(f"{len(estimates)} data sets: estimate vs. truth")
    right.legend(fontsize=7, loc="upper right")
    return figure


def search_space_figure(
    peak: tuple[float, float],
    grid: tuple[np.ndarray, np.ndarray],
    random: tuple[np.ndarray, np.ndarray],
    grid_results: Sequence[tuple[dict, Any]],
    random_results: Sequence[tuple[dict, Any]],
) -> Any:
    """Two panels: grid and random points on the made-up score surface, and the same two searches on a real model.

    Parameters
    ----------
    peak : (float, float)
        Peak of :func:`~mlcourse.chapters.cross_validation.analysis.toy_score` (left panel).
    grid, random : (learning_rate, l2) arrays
        The points of each search on the surface; the ticks under the x axis
        mark the learning rates each one tries.
    grid_results, random_results : sequence of (params, CVResult)
        What :func:`~mlcourse.model_selection.grid_search_cv` and
        :func:`~mlcourse.model_selection.random_search_cv` returned (accuracies).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.cross_validation.analysis import SEARCH_SPACE, toy_score

    (lr_low, lr_high), (l2_low, l2_high) = SEARCH_SPACE.values()
    figure, (left, right) = new_figure(2, width=11.0, height=4.8)
    lr_axis = np.logspace(np.log10(lr_low), np.log10(lr_high), 200)
    l2_axis = np.logspace(np.log10(l2_low), np.log10(l2_high), 200)
    surface = toy_score(lr_axis[None, :], l2_axis[:, None], peak=peak)
    contours = left.contourf(lr_axis, l2_axis, surface, levels=12, cmap="Greens")
    figure.colorbar(contours, ax=left, label="made-up validation score")
    for name, (lr, l2), marker, color in (
        ("grid", grid, "s", GRID_COLOR),
        ("random", random, "o", RANDOM_COLOR),
    ):
        scores = toy_score(lr, l2, peak=peak)
        best = int(np.argmax(scores))
        left.plot(
            lr,
            l2,
            marker,
            ls="none",
            ms=7,
            mfc="none",
            mec=color,
            mew=1.6,
            clip_on=False,
            label=f"{name}: {len(lr)} points",
        )
        left.plot(
            lr[best], l2[best], marker, ms=9, color=color, clip_on=False, label=f"best {name}: {scores[best]:.3f}"
        )
        # the learning rates tried, projected on the axis that matters
        left.plot(lr, np.full(len(lr), l2_low * (1.25 if name == "grid" else 1.6)), "|", ms=10, mew=1.6, color=color)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlim(lr_low, lr_high)
    left.set_ylim(l2_low, l2_high)
    left.set_xlabel("learning rate (log scale)")
    left.set_ylabel("L2 strength (log scale)")
    left.set_title("A made-up score surface: 9 trials each")
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    for name, results, marker, color in (
        ("grid", grid_results, "s", GRID_COLOR),
        ("random", random_results, "o", RANDOM_COLOR),
    ):
        lr = np.array([params["learning_rate"] for params, _ in results])
        accuracy = np.array([result.mean for _, result in results])
        right.plot(lr, accuracy, marker, ls="none", ms=7, mfc="none", mec=color, mew=1.6, label=name)
        best = int(np.argmax(accuracy))
        right.plot(lr[best], accuracy[best], marker, ms=9, color=color, label=f"best {name}: {accuracy[best]:.3f}")
    right.set_xscale("log")
    right.set_xlim(lr_low, lr_high)
    right.set_ylim(0, 1)
    right.set_xlabel("learning rate (log scale)")
    right.set_ylabel("5-fold CV accuracy")
    right.set_title("The chapter's classifier: 9 settings each")
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    return figure


def regret_figure(budgets: Sequence[int], grid_regrets: Sequence[Any], random_regrets: Sequence[Any]) -> Any:
    """Mean regret (best possible score minus best found) of grid and random search against the budget.

    Parameters
    ----------
    budgets : sequence of int
        Number of trials of each comparison (the square of the grid's side).
    grid_regrets, random_regrets : sequence of array_like
        For each budget, the regret of each repetition.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=6.5, height=3.4)
    for name, regrets, marker, color in (
        ("grid search", grid_regrets, "s", GRID_COLOR),
        ("random search", random_regrets, "o", RANDOM_COLOR),
    ):
        means = [float(np.mean(r)) for r in regrets]
        ax.plot(budgets, means, marker + "-", color=color, label=name)
    ax.set_xticks(list(budgets))
    ax.set_xlabel("budget: number of settings tried")
    ax.set_ylabel("mean regret (lower is better)")
    ax.set_ylim(bottom=0)
    n_repeats = len(np.asarray(grid_regrets[0])) if len(grid_regrets) else 0
    ax.set_title(f"Best score missed, averaged over {n_repeats} problems")
    ax.legend(fontsize=8)
    return figure
