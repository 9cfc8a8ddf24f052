"""Plots for the handwritten-digits capstone: image grids, confusion matrices, the cross-validated search."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure


def image_grid(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 10,
    cell: float = 0.75,
    title: str = "",
    cmap: str = "gray_r",
) -> Any:
    """Show 8x8 images (rows of 64 pixels, or (n, 8, 8)) in a grid; returns the Figure."""
    images = np.asarray(images).reshape(-1, 8, 8)
    nrows = int(np.ceil(len(images) / ncols))
    figure, axes = new_figure(ncols, nrows, width=cell * ncols, height=cell * nrows * 1.25 + (0.3 if title else 0))
    for index, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.set_axis_off()
        if index < len(images):
            ax.imshow(images[index], cmap=cmap, vmin=0, vmax=16 if images.max() > 1.5 else 1)
            if titles is not None:
                ax.set_title(titles[index], fontsize=7)
    if title:
        figure.suptitle(title, fontsize=10)
    return figure


def plot_confusion_matrix(ax: Any, matrix: np.ndarray, *, title: str = "Confusion matrix (test set)") -> Any:
    """Draw a confusion matrix with counts in the cells (rows: true class, columns: predicted)."""
    matrix = np.asarray(matrix)
    n = len(matrix)
    off_diagonal = matrix * (1 - np.eye(n, dtype=matrix.dtype))
    # colour only the mistakes, and keep the darkest red light enough to read a count on
    ax.imshow(off_diagonal, cmap="Reds", vmin=0, vmax=max(2.0, 2.0 * off_diagonal.max()))
    for i in range(n):
        for j in range(n):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    str(matrix[i, j]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="black" if i != j else "#1a5e1a",
                    fontweight="bold" if i == j else "normal",
                )
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(title, fontsize=10)
    return ax


def _setting_label(setting: dict) -> str:
    return f"{setting['hidden']} units, L2 {setting['l2']:g}"


def _colours(search: Any) -> dict[tuple, str]:
    """One colour per (hidden, l2) pair of the search, the same in every figure."""
    pairs = sorted({(setting["hidden"], setting["l2"]) for setting in search.settings})
    return {pair: f"C{k}" for k, pair in enumerate(pairs)}


def epoch_search_figure(search: Any, chosen: dict, *, ylim: tuple[float, float] = (0.85, 0.99)) -> Any:
    """Mean held-out accuracy against the number of epochs: a panel per learning rate, a line per other setting.

    ``search`` is an :class:`~mlcourse.chapters.capstone_digits.analysis.EpochSearch`
    over ``learning_rate``, ``hidden`` and ``l2``; ``chosen`` (with
    ``"epochs"``) is marked with a star. Values below ``ylim`` leave the panel.
    """
    rates = sorted({setting["learning_rate"] for setting in search.settings})
    colours = _colours(search)
    figure, axes = new_figure(len(rates), width=11.0, height=3.4, sharey=True)
    epochs = np.arange(1, search.max_epochs + 1)
    for ax, rate in zip(np.atleast_1d(axes), rates):
        for i, setting in enumerate(search.settings):
            if setting["learning_rate"] == rate:
                mean = search.val_accuracy[i].mean(axis=0)
                key = (setting["hidden"], setting["l2"])
                ax.plot(epochs, mean, marker=".", ms=4, color=colours[key], label=_setting_label(setting))
                if all(setting[name] == chosen[name] for name in setting):
                    ax.plot(
                        chosen["epochs"],
                        mean[chosen["epochs"] - 1],
                        "*",
                        ms=14,
                        color="black",
                        zorder=5,
                        label="chosen",
                    )
        ax.set_title(f"learning rate {rate:g}", fontsize=10)
        ax.set_xlabel("epochs of training")
        ax.set_ylim(*ylim)
        ax.set_xticks(epochs[::2])
        ax.grid(alpha=0.3)
    first = np.atleast_1d(axes)[0]
    first.set_ylabel("held-out accuracy (mean of 5 folds)")
    handles, labels = [], []
    for ax in np.atleast_1d(axes):
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    figure.legend(handles, labels, fontsize=8, loc="outside right center")
    figure.suptitle("Cross-validated accuracy of every setting after every epoch", fontsize=10)
    return figure


def cv_curves_figure(search: Any, settings: Sequence[dict], *, chosen_epochs: int | None = None) -> Any:
    """Loss and accuracy per epoch, means over the folds, on the training folds (solid) and held out (dashed).

    One colour per setting of ``search`` (an
    :class:`~mlcourse.chapters.capstone_digits.analysis.EpochSearch`); a
    dotted vertical line at ``chosen_epochs``.
    """
    figure, (ax_loss, ax_accuracy) = new_figure(2, width=9.5, height=3.4)
    epochs = np.arange(1, search.max_epochs + 1)
    colours = _colours(search)
    for setting in settings:
        i = search.index(**setting)
        colour, label = colours[(setting["hidden"], setting["l2"])], _setting_label(setting)
        ax_loss.plot(epochs, search.train_loss[i].mean(axis=0), color=colour, label=f"{label}: training folds")
        ax_loss.plot(epochs, search.val_loss[i].mean(axis=0), "--", color=colour, label=f"{label}: held out")
        ax_accuracy.plot(epochs, search.train_accuracy[i].mean(axis=0), color=colour)
        ax_accuracy.plot(epochs, search.val_accuracy[i].mean(axis=0), "--", color=colour)
    ax_loss.set_yscale("log")
    ax_loss.set_ylabel("cross-entropy loss (mean of folds)")
    ax_loss.set_title("Loss", fontsize=10)
    ax_loss.legend(fontsize=7, loc="lower left")
    ax_accuracy.set_ylabel("accuracy (mean of folds)")
    ax_accuracy.set_title("Accuracy (solid: training folds, dashed: held out)", fontsize=10)
    ax_accuracy.set_ylim(0.93, 1.003)
    for ax in (ax_loss, ax_accuracy):
        ax.set_xlabel("epochs of training")
        ax.set_xticks(epochs[::2])
        if chosen_epochs is not None:
            ax.axvline(chosen_epochs, color="gray", linestyle=":", linewidth=1)
    return figure
