"""Plots for overfitting and regularization (chapter 10).

Decision regions of a classifier with its training and validation points,
training and validation loss curves, the train/validation gap against a
setting (data size, capacity), weight histograms under L1 and L2 penalties,
and digit images with their shifted copies. The ``*_figure`` functions
build each of the chapter's figures in one call.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.nn import evaluating

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#d62728"
CLASS_COLORS = ("#1f77b4", "#ff7f0e")


def plot_train_val_regions(
    ax: Any,
    model: Any,
    X_train: np.ndarray,
    y_train: np.ndarray,
    *,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    title: str = "",
    resolution: int = 80,
    limits: tuple[float, float, float, float] = (-1.6, 2.6, -1.3, 1.8),
) -> Any:
    """Shade where a 2-D two-class model predicts each class; its training and validation points on top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    model : Module
        Outputs two logits per point; evaluated in evaluation mode (its
        mode is restored).
    X_train, y_train : numpy.ndarray
        Training points (filled markers) and their labels 0/1.
    X_val, y_val : numpy.ndarray, optional
        Validation points (small hollow markers).
    title : str
        Axes title.
    resolution : int, default 80
        Grid points per axis.
    limits : (x_min, x_max, y_min, y_max)
        The window.

    Returns
    -------
    matplotlib.axes.Axes
    """
    x_min, x_max, y_min, y_max = limits
    draw_regions(ax, *region_grid(model, resolution=resolution, limits=limits))
    plot_points(ax, X_train, y_train, X_val=X_val, y_val=y_val)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def region_grid(
    model: Any, *, resolution: int = 80, limits: tuple[float, float, float, float] = (-1.6, 2.6, -1.3, 1.8)
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A 2-D two-class model evaluated on a grid: what :func:`draw_regions` shades.

    Parameters
    ----------
    model : Module
        Outputs two logits per point; evaluated in evaluation mode (its
        mode is restored).
    resolution : int, default 80
        Grid points per axis.
    limits : (x_min, x_max, y_min, y_max)
        The window.

    Returns
    -------
    grid_x, grid_y : numpy.ndarray
        The grid's coordinates, shape (resolution, resolution).
    probability : numpy.ndarray
        The predicted probability of class 1 at every grid point.
    margin : numpy.ndarray
        The logit of class 1 minus that of class 0 (> 0: class 1).
    """
    x_min, x_max, y_min, y_max = limits
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    with evaluating(model):
        logits = model(np.column_stack([grid_x.ravel(), grid_y.ravel()]))
    margin = (logits[:, 1] - logits[:, 0]).reshape(grid_x.shape)  # > 0: class 1
    probability = 1 / (1 + np.exp(-np.clip(margin, -50, 50)))
    return grid_x, grid_y, probability, margin


def draw_regions(
    ax: Any, grid_x: np.ndarray, grid_y: np.ndarray, probability: np.ndarray, margin: np.ndarray
) -> tuple[Any, Any]:
    """Shade the probability of class 1 in ten bands and draw the decision boundary (margin 0) in black.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    grid_x, grid_y, probability, margin : numpy.ndarray
        As :func:`region_grid` returns them.

    Returns
    -------
    regions, boundary : matplotlib.contour.ContourSet
        The filled bands and the boundary line.
    """
    regions = ax.contourf(grid_x, grid_y, probability, levels=REGION_LEVELS, cmap=region_colormap(), alpha=0.45)
    boundary = ax.contour(grid_x, grid_y, margin, levels=[0.0], colors="black", linewidths=1.4)
    return regions, boundary


#: The probability bands of the decision regions.
REGION_LEVELS = np.linspace(0, 1, 11)


def region_colormap() -> Any:
    """The colormap of the decision regions: class 0's colour, white at probability 1/2, class 1's colour."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("two_classes", [CLASS_COLORS[0], "white", CLASS_COLORS[1]])


def plot_points(
    ax: Any,
    X_train: np.ndarray,
    y_train: np.ndarray,
    *,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
) -> list[Any]:
    """Training points (filled markers) and validation points (small hollow markers), coloured by class.

    Returns
    -------
    list of matplotlib.collections.PathCollection
        The scatter plots, validation first.
    """
    drawn = []
    if X_val is not None and y_val is not None:
        for label, color in enumerate(CLASS_COLORS):
            chosen = y_val == label
            drawn.append(
                ax.scatter(
                    X_val[chosen, 0],
                    X_val[chosen, 1],
                    s=9,
                    facecolors="none",
                    edgecolors=color,
                    linewidths=0.6,
                    alpha=0.6,
                    label=f"validation, class {label}",
                )
            )
    for label, color in enumerate(CLASS_COLORS):
        chosen = y_train == label
        drawn.append(
            ax.scatter(
                X_train[chosen, 0],
                X_train[chosen, 1],
                s=26,
                color=color,
                edgecolors="black",
                linewidths=0.6,
                label=f"training, class {label}",
            )
        )
    return drawn


def plot_train_val_losses(
    ax: Any,
    train_losses: Sequence[float],
    val_losses: Sequence[float],
    *,
    best_epoch: int | None = None,
    stopped_at: int | None = None,
    title: str = "",
    ylabel: str = "cross-entropy loss",
    log: bool = False,
    labels: tuple[str, str] = ("training loss", "validation loss"),
) -> Any:
    """Training and validation loss per epoch (epochs counted from 1).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    train_losses, val_losses : sequence of float
        One value per epoch.
    best_epoch : int, optional
        Mark the epoch of the lowest validation loss.
    stopped_at : int, optional
        Mark where early stopping ended training.
    title, ylabel : str
        Texts.
    log : bool, default False
        Logarithmic loss axis.
    labels : (str, str)
        Legend entries of the two curves.

    Returns
    -------
    matplotlib.axes.Axes
    """
    epochs = np.arange(1, len(train_losses) + 1)
    ax.plot(epochs, train_losses, color=TRAIN_COLOR, lw=1.8, label=labels[0])
    ax.plot(np.arange(1, len(val_losses) + 1), val_losses, color=VAL_COLOR, lw=1.8, label=labels[1])
    if best_epoch is not None:
        ax.axvline(best_epoch, color="gray", ls=":", lw=1.2)
        ax.plot(
            [best_epoch],
            [val_losses[best_epoch - 1]],
            "o",
            color=VAL_COLOR,
            ms=6,
            label=f"lowest {labels[1]} (epoch {best_epoch})",
        )
    if stopped_at is not None:
        ax.axvline(stopped_at, color="black", ls="--", lw=1.2, label=f"early stopping (epoch {stopped_at})")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_gap(
    ax: Any,
    settings: Sequence[Any],
    train_values: Sequence[float],
    val_values: Sequence[float],
    *,
    xlabel: str,
    ylabel: str = "final loss",
    title: str = "",
    log_x: bool = True,
) -> Any:
    """Final training and validation loss against a setting, with the gap shaded between them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    settings : sequence of numbers
        The x values (data sizes, hidden units, ...).
    train_values, val_values : sequence of float
        The final losses.
    xlabel, ylabel, title : str
        Texts.
    log_x : bool, default True
        Logarithmic x axis (for sizes that double).

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = np.asarray(settings, dtype=float)
    ax.plot(x, train_values, "o-", color=TRAIN_COLOR, lw=1.8, label="training")
    ax.plot(x, val_values, "s-", color=VAL_COLOR, lw=1.8, label="validation")
    ax.fill_between(x, train_values, val_values, color="gray", alpha=0.2, label="gap")
    if log_x:
        ax.set_xscale("log", base=2)
        ax.set_xticks(x)
        ax.set_xticklabels([f"{value:g}" for value in x])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_weight_magnitudes(
    axes: Sequence[Any],
    weights: Mapping[str, np.ndarray],
    *,
    low: float = -7.0,
    high: float = 0.5,
    step: float = 0.25,
    markers: Mapping[str, float] | None = None,
) -> Sequence[Any]:
    """One histogram per model of the weights' magnitudes on a log scale, exact zeros apart.

    The x axis is ``log10(|w|)``, so that weights of 1e-4 and of 1e-1 are both
    visible; weights that are exactly 0 (whose logarithm does not exist) get
    their own black bar at the left end, labelled "= 0". The fraction of
    exact zeros and of weights with ``|w| < 1e-3`` is written on each panel.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes
        One per entry of ``weights``.
    weights : mapping of str to numpy.ndarray
        Panel title -> flat weight values.
    low, high, step : float
        Range and bin width of ``log10(|w|)``; smaller magnitudes go into the
        first bin.
    markers : mapping of str to float, optional
        Panel title -> a magnitude to mark with a dotted line (e.g. the step
        ``lr * lambda`` of an L1 penalty).

    Returns
    -------
    sequence of matplotlib.axes.Axes
    """
    edges = np.arange(low, high + step / 2, step)
    zero_position = low - 1.5
    for ax, (title, values) in zip(axes, weights.items()):
        values = np.asarray(values).ravel()
        exact = values == 0
        logs = np.clip(np.log10(np.abs(values[~exact])), low, high - 1e-9)
        ax.hist(logs, bins=edges, color="#7f7f7f", label="non-zero weights")
        n_exact = int(exact.sum())
        ax.bar([zero_position], [max(n_exact, 0)], width=0.8, color="black", label="exactly 0")
        near = int(np.count_nonzero(np.abs(values) < 1e-3))
        ax.text(
            0.28,
            0.95,
            f"exactly 0: {n_exact / values.size:.1%}\n|w| < 1e-3: {near / values.size:.1%}",
            transform=ax.transAxes,
            va="top",
            fontsize=8,
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.8),
        )
        if markers and title in markers:
            ax.axvline(np.log10(markers[title]), color="crimson", ls=":", lw=1.4)
            ax.text(
                np.log10(markers[title]) + 0.1,
                0.6,
                "lr*lambda",
                color="crimson",
                fontsize=8,
                transform=ax.get_xaxis_transform(),
            )
        ticks = [zero_position] + [t for t in range(int(np.ceil(low)), int(np.floor(high)) + 1) if t % 2 == 0]
        ax.set_xticks(ticks)
        ax.set_xticklabels(["= 0"] + [f"1e{tick}" for tick in ticks[1:]], fontsize=8)
        ax.set_xlim(zero_position - 0.7, high)
        ax.set_xlabel("|weight| (log scale)")
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel("number of weights")
    return axes


def plot_digit_images(axes: Sequence[Any], images: np.ndarray, titles: Sequence[str]) -> Sequence[Any]:
    """Show flat 8x8 digit images (pixel values 0..1 or 0..16) side by side.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes
        One per image.
    images : numpy.ndarray of shape (n, 64)
        The images.
    titles : sequence of str
        One title per image.

    Returns
    -------
    sequence of matplotlib.axes.Axes
    """
    vmax = float(np.max(images)) or 1.0
    for ax, image, title in zip(axes, images, titles):
        ax.imshow(np.asarray(image).reshape(8, 8), cmap="gray_r", vmin=0, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)
    return axes


def _new_figure(ncols: int, *, width: float, height: float, **kwargs: Any) -> tuple[Any, Any]:
    from mlcourse.chapters._book import new_figure

    return new_figure(ncols, width=width, height=height, **kwargs)


def run_figure(run: tuple[Any, Any, Any], *, regions_title: str = "", losses_title: str = "") -> Any:
    """A moons run: its decision regions with the training and validation points, and its loss curves.

    Parameters
    ----------
    run : (model, history, tracker)
        As :func:`mlcourse.chapters.regularization.analysis.moons_run` returns it;
        the tracker's data are the training points, the validation points are
        the chapter's.
    regions_title, losses_title : str
        Titles of the two panels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.regularization.analysis import chapter_moons

    model, history, tracker = run
    _, _, X_val, y_val = chapter_moons()
    figure, (left, right) = _new_figure(2, width=9.5, height=3.6)
    plot_train_val_regions(left, model, tracker.X, tracker.y, X_val=X_val, y_val=y_val, title=regions_title)
    plot_train_val_losses(
        right, tracker.losses, history.val_loss, best_epoch=int(np.argmin(history.val_loss)) + 1, title=losses_title
    )
    return figure


def data_size_figure(runs: Mapping[int, tuple[Any, Any, Any]]) -> Any:
    """The decision regions of one moons run per training-set size, each titled with its final gap.

    Parameters
    ----------
    runs : mapping of int to (model, history, tracker)
        Training-set size -> run; the tracker's data are that run's training points.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = _new_figure(len(runs), width=10, height=3.3)
    for ax, (n, (model, history, tracker)) in zip(np.atleast_1d(axes), runs.items()):
        gap = history.val_loss[-1] - tracker.losses[-1]
        plot_train_val_regions(ax, model, tracker.X, tracker.y, title=f"{n} training points: gap {gap:.2f}")
    return figure


def capacity_figure(runs: Mapping[int, tuple[Any, Any, Any]], *, title: str = "") -> Any:
    """Final training and validation loss of moons runs against the hidden units per layer.

    Parameters
    ----------
    runs : mapping of int to (model, history, tracker)
        Hidden units per layer -> run.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = _new_figure(1, width=6, height=3.4)
    widths = list(runs)
    plot_gap(
        ax,
        widths,
        [runs[h][2].losses[-1] for h in widths],
        [runs[h][1].val_loss[-1] for h in widths],
        xlabel="hidden units per layer",
        ylabel="loss after the last epoch",
        title=title,
    )
    return figure


def shifted_digit_figure(image: np.ndarray) -> Any:
    """One flat 8x8 digit and its four one-pixel shifts (:func:`mlcourse.data.shift_digits`).

    Parameters
    ----------
    image : numpy.ndarray of shape (64,)
        The digit.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.data import shift_digits

    images, _ = shift_digits(np.asarray(image, dtype=float).reshape(1, 64), np.zeros(1, dtype=int))
    figure, axes = _new_figure(len(images), width=7, height=1.9)
    plot_digit_images(axes, images, ["original", "right 1", "left 1", "down 1", "up 1"][: len(images)])
    return figure


def weights_figure(weights: Mapping[str, np.ndarray], *, markers: Mapping[str, float] | None = None) -> Any:
    """One :func:`plot_weight_magnitudes` panel per model, sharing the count axis.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        Panel title -> flat weight values.
    markers : mapping of str to float, optional
        Panel title -> a magnitude to mark (e.g. ``lr * lambda``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = _new_figure(len(weights), width=10, height=3.2, sharey=True)
    plot_weight_magnitudes(np.atleast_1d(axes), weights, markers=markers)
    return figure


def dropout_curves_figure(histories: Mapping[float, Any], *, title: str = "") -> Any:
    """Training loss (as ``fit`` records it, during the epoch) and validation loss per epoch, one panel per dropout rate.

    Parameters
    ----------
    histories : mapping of float to History
        Dropout rate -> the history of a run that recorded ``val_loss`` on the validation digits.
    title : str
        Panel title; ``{p}`` is replaced by the rate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = _new_figure(len(histories), width=9.5, height=3.4, sharey=True)
    for ax, (p, history) in zip(np.atleast_1d(axes), histories.items()):
        plot_train_val_losses(
            ax,
            history.train_loss,
            history.val_loss,
            best_epoch=int(np.argmin(history.val_loss)) + 1,
            title=title.replace("{p}", f"{p}"),
            labels=("training loss (during the epoch)", "validation loss"),
        )
    return figure


def early_stopping_figure(history: Any, tracker: Any, *, title: str = "") -> Any:
    """The loss curves of a run that early stopping ended, with the restored and the last epoch marked.

    Parameters
    ----------
    history : History
        With ``best_epoch`` and ``stopped_early_at`` set.
    tracker : LossTracker
        The training loss per epoch.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = _new_figure(1, width=6.4, height=3.4)
    plot_train_val_losses(
        ax,
        tracker.losses,
        history.val_loss,
        best_epoch=history.best_epoch,
        stopped_at=history.stopped_early_at,
        title=title,
    )
    return figure
