"""Plots of a network's parameters: histograms, first-layer weights as images, heat maps, counts."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

LAYER_COLORS = ("#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363")


def tile_images(columns: np.ndarray, image_shape: tuple[int, int], *, ncols: int = 8, gap: int = 1) -> np.ndarray:
    """Arrange the columns of a weight matrix as images in one mosaic array.

    Parameters
    ----------
    columns : numpy.ndarray of shape (height * width, n_images)
        One image per column (e.g. a first-layer ``W`` of shape ``(64, n_hidden)``:
        column ``j`` holds the weights from every pixel into hidden unit ``j``).
    image_shape : (int, int)
        ``(height, width)`` of one image.
    ncols : int, default 8
        Images per row of the mosaic.
    gap : int, default 1
        Pixels of NaN between images (drawn as background).

    Returns
    -------
    numpy.ndarray
        The mosaic, NaN between the tiles and in unused slots.

    Raises
    ------
    ValueError
        If the number of rows of ``columns`` is not ``height * width``.
    """
    height, width = image_shape
    columns = np.asarray(columns, dtype=float)
    if columns.ndim != 2 or columns.shape[0] != height * width:
        raise ValueError(f"columns must have shape ({height * width}, n_images), got {columns.shape}")
    n_images = columns.shape[1]
    ncols = max(1, min(ncols, n_images))
    nrows = -(-n_images // ncols)
    mosaic = np.full((nrows * (height + gap) - gap, ncols * (width + gap) - gap), np.nan)
    for index in range(n_images):
        row, col = divmod(index, ncols)
        top, left = row * (height + gap), col * (width + gap)
        mosaic[top : top + height, left : left + width] = columns[:, index].reshape(height, width)
    return mosaic


def plot_weight_images(
    ax: Any,
    W: np.ndarray,
    *,
    image_shape: tuple[int, int] = (8, 8),
    ncols: int = 8,
    vmax: float | None = None,
    title: str = "",
    colorbar: bool = True,
) -> Any:
    """Show each hidden unit's incoming weights as an image (red positive, blue negative, white 0)."""
    mosaic = tile_images(W, image_shape, ncols=ncols)
    limit = float(vmax if vmax is not None else np.nanmax(np.abs(mosaic)))
    image = ax.imshow(mosaic, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#d9d9d9")
    ax.set_title(title or f"{W.shape[1]} hidden units, weights from the {image_shape[0]}x{image_shape[1]} pixels")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="weight")
    return ax


def plot_weight_heatmap(
    ax: Any, W: np.ndarray, *, vmax: float | None = None, title: str = "", colorbar: bool = True
) -> Any:
    """Heat map of a weight matrix ``W`` of shape ``(n_in, n_out)``: rows are inputs, columns outputs."""
    W = np.asarray(W, dtype=float)
    limit = float(vmax if vmax is not None else np.abs(W).max())
    image = ax.imshow(W, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto", interpolation="nearest")
    ax.set_xlabel(f"output unit (n_out = {W.shape[1]})")
    ax.set_ylabel(f"input unit (n_in = {W.shape[0]})")
    ax.set_title(title or f"W, shape {W.shape}")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="weight")
    return ax


def plot_overlaid_weight_histograms(
    ax: Any,
    weights: Mapping[str, np.ndarray],
    *,
    bins: int | np.ndarray = 40,
    density: bool = True,
    title: str = "",
    xlim: tuple[float, float] | None = None,
    styles: Sequence[str] | None = None,
    reference_std: Mapping[str, float] | None = None,
) -> Any:
    """Overlaid step histograms of several weight arrays (e.g. one per layer, or one per epoch).

    ``reference_std`` maps some of the names to a standard deviation: the
    density of ``N(0, std**2)`` is drawn dashed over that histogram (e.g. the
    initializer's formula).
    """
    arrays = {name: np.asarray(values, dtype=float).ravel() for name, values in weights.items()}
    if isinstance(bins, int):
        everything = np.concatenate(list(arrays.values()))
        low, high = xlim if xlim is not None else (everything.min(), everything.max())
        bins = np.linspace(low, high, bins + 1)
    for index, (name, values) in enumerate(arrays.items()):
        style = styles[index] if styles is not None else "-"
        ax.hist(
            values,
            bins=bins,
            density=density,
            histtype="step",
            lw=1.6,
            ls=style,
            color=LAYER_COLORS[index % len(LAYER_COLORS)],
            label=f"{name} (std {values.std():.3f})",
        )
        if reference_std is not None and name in reference_std:
            std = float(reference_std[name])
            grid = np.linspace(bins[0], bins[-1], 200)
            ax.plot(
                grid,
                np.exp(-0.5 * (grid / std) ** 2) / (std * np.sqrt(2 * np.pi)),
                "--",
                lw=1,
                color=LAYER_COLORS[index % len(LAYER_COLORS)],
                label=f"N(0, {std:.3f}^2)",
            )
    ax.set_xlabel("weight value")
    ax.set_ylabel("density" if density else "count")
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_title(title)
    ax.legend(fontsize=7)
    return ax


def plot_parameter_counts(ax: Any, summary: Any, *, title: str = "Parameters per layer") -> Any:
    """Horizontal bars of each layer's parameter count from a :class:`mlcourse.nn.Summary`."""
    rows = list(summary.rows)
    names = [row.layer for row in rows][::-1]
    counts = [row.parameters for row in rows][::-1]
    bars = ax.barh(range(len(rows)), counts, color=LAYER_COLORS[0])
    for bar, count in zip(bars, counts):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {count:,}", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), names, fontsize=8)
    ax.set_xlabel("learnable parameters")
    ax.set_xlim(0, max(counts) * 1.25 if max(counts) else 1)
    ax.set_title(f"{title} (total {summary.total_parameters:,})")
    return ax


def weights_before_after_figure(
    before: Mapping[str, np.ndarray],
    after: Mapping[str, np.ndarray],
    keys: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    labels: tuple[str, str] = ("at initialization", "after training"),
) -> Any:
    """One panel per weight matrix: its histogram before (dotted) and after (solid) training."""
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(keys), width=min(10.0, 3.3 * len(keys)), height=3.0)
    axes = np.atleast_1d(axes)
    for index, (ax, key) in enumerate(zip(axes, keys)):
        limit = float(max(np.abs(before[key]).max(), np.abs(after[key]).max()))
        plot_overlaid_weight_histograms(
            ax,
            {labels[0]: before[key], labels[1]: after[key]},
            xlim=(-limit, limit),
            styles=[":", "-"],
            title=titles[index] if titles else key,
        )
    return figure


# Whole figures for the notebook: one call per figure cell, so the chapter shows no plotting code.


def parameter_counts_figure(summary: Any) -> Any:
    """A new figure of :func:`plot_parameter_counts` for a :class:`mlcourse.nn.Summary`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=6.5, height=2.6)
    plot_parameter_counts(ax, summary)
    return figure


def initial_weights_figure(weights: Mapping[str, np.ndarray], stds: Mapping[str, float]) -> Any:
    """Overlaid histograms of several weight matrices, each with the normal density its formula promises.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        Name -> weight matrix, e.g. the ``state_dict()`` entries of an untrained network.
    stds : mapping of str to float
        Name -> the standard deviation of the initializer's formula (drawn dashed).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=6.5, height=3.2)
    plot_overlaid_weight_histograms(
        ax, weights, reference_std=stds, title="Weights at initialization, with the formula's normal density (dashed)"
    )
    return figure


def weight_images_figure(panels: Mapping[str, np.ndarray]) -> Any:
    """Side-by-side :func:`plot_weight_images` panels, one per first-layer weight matrix, each with its own scale.

    Parameters
    ----------
    panels : mapping of str to numpy.ndarray of shape (64, n_hidden)
        Panel title -> weights from the 8x8 pixels to the hidden units.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(panels), width=5.0 * len(panels), height=3.0)
    for ax, (title, W) in zip(np.atleast_1d(axes), panels.items()):
        plot_weight_images(ax, W, title=title)
    return figure
