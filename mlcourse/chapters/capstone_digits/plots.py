"""Plots for the handwritten-digits capstone: image grids, confusion matrices, mistakes."""

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


def plot_loss_and_accuracy_curves(
    ax_loss: Any, ax_accuracy: Any, history: Any, *, upto: int | None = None, total_epochs: int | None = None
) -> None:
    """Loss and accuracy per epoch (training and validation), optionally only the first ``upto`` epochs."""
    upto = len(history.train_loss) if upto is None else upto
    epochs = np.arange(1, upto + 1)
    ax_loss.plot(epochs, history.train_loss[:upto], label="training")
    if history.val_loss:
        ax_loss.plot(epochs, history.val_loss[:upto], "--", label="validation")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("cross-entropy loss")
    ax_loss.set_yscale("log")
    ax_loss.set_title("Loss", fontsize=10)
    ax_loss.legend(fontsize=8)
    ax_accuracy.plot(epochs, history.train_accuracy[:upto], label="training")
    if history.val_accuracy:
        ax_accuracy.plot(epochs, history.val_accuracy[:upto], "--", label="validation")
    ax_accuracy.set_xlabel("epoch")
    ax_accuracy.set_ylabel("accuracy")
    ax_accuracy.set_title("Accuracy", fontsize=10)
    ax_accuracy.legend(fontsize=8, loc="lower right")
    if total_epochs:
        for ax in (ax_loss, ax_accuracy):
            ax.set_xlim(0.5, total_epochs + 0.5)
    ax_accuracy.set_ylim(min(0.5, min(history.train_accuracy[:upto] or [0.5])), 1.005)


def grid_search_figure(results: Sequence[tuple[dict, Any]], row_key: str, column_key: str) -> Any:
    """Heat map of mean CV accuracy over two hyper-parameters, with mean +- std in the cells."""
    rows = sorted({params[row_key] for params, _ in results})
    columns = sorted({params[column_key] for params, _ in results})
    mean = np.full((len(rows), len(columns)), np.nan)
    std = np.zeros_like(mean)
    for params, result in results:
        i, j = rows.index(params[row_key]), columns.index(params[column_key])
        mean[i, j], std[i, j] = result.mean, result.std
    figure, ax = new_figure(width=5.2, height=3.2)
    image = ax.imshow(mean, cmap="viridis", vmin=np.nanmin(mean), vmax=np.nanmax(mean))
    for i in range(len(rows)):
        for j in range(len(columns)):
            ax.text(
                j,
                i,
                f"{mean[i, j]:.3f}\n± {std[i, j]:.3f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if mean[i, j] < np.nanmean(mean) else "black",
            )
    ax.set_xticks(range(len(columns)), [str(c) for c in columns])
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.set_xlabel(column_key)
    ax.set_ylabel(row_key)
    ax.set_title("Cross-validated accuracy (mean ± std over folds)", fontsize=10)
    figure.colorbar(image, ax=ax, shrink=0.8)
    return figure
