"""Plots for gradient descent (chapter 3).

Paths on 1-D curves and 2-D surfaces (diverging paths are drawn up to the
point where they leave the window, with a note, never as a blank plot),
distance-to-minimum curves, training-loss curves, and the paths of a linear
model's ``(w, b)`` under batch, mini-batch and stochastic gradient descent.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters.gradient_descent.analysis import line_mse

PATH_COLORS = ("crimson", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
DIVERGED_COLOR = "crimson"


def _note(ax: Any, text: str, *, color: str = DIVERGED_COLOR) -> None:
    ax.text(0.5, 0.04, text, transform=ax.transAxes, ha="center", va="bottom", fontsize=8, color=color,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": color, "alpha": 0.9})


def plot_curve_path(ax: Any, curve: Any, path: np.ndarray, *, title: str = "", note: str | None = None,
                    window: tuple[float, float] | None = None, label: str = "gradient descent") -> Any:
    """Draw a 1-D curve and the points visited on it, joined in order.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curve : 1-D curve of :mod:`mlcourse.surfaces`
        Provides ``value`` and ``bounds``.
    path : numpy.ndarray of shape (n,)
        The x values visited.
    title : str
        Axes title.
    note : str, optional
        A boxed note at the bottom (e.g. that the run diverged).
    window : (float, float), optional
        The x range shown; default the curve's ``bounds``. Points outside are
        clipped by the axes, so a diverging path shows its first jumps.
    label : str
        Legend label of the path.

    Returns
    -------
    matplotlib.axes.Axes
    """
    low, high = window if window is not None else curve.bounds
    grid = np.linspace(low, high, 300)
    values = curve.value(grid)
    ax.plot(grid, values, color="black", lw=1.8, label="f(x)")
    with np.errstate(over="ignore", invalid="ignore"):
        ax.plot(path, curve.value(path), "o-", ms=3.5, lw=1, color=PATH_COLORS[0], label=label, alpha=0.85)
    ax.plot([path[0]], [curve.value(path[0])], "ks", ms=6, label="start")
    for minimum in curve.minima:
        ax.plot([minimum], [curve.value(minimum)], "k*", ms=11)
    ax.set_xlim(low, high)
    span = float(values.max() - values.min())
    ax.set_ylim(values.min() - 0.08 * span, values.max() + 0.08 * span)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper center")
    if note:
        _note(ax, note)
    return ax


def plot_surface_path(ax: Any, surface: Any, paths: Mapping[str, np.ndarray], *, title: str = "",
                      note: str | None = None, window: Any = None, levels: int = 15,
                      log_levels: bool = True, show_minima: bool = True) -> Any:
    """Contour a 2-D surface and draw one or more paths over it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    surface : 2-D surface of :mod:`mlcourse.surfaces`
        Provides ``value``, ``minima``, ``saddle_points`` and ``bounds``.
    paths : mapping of str to numpy.ndarray of shape (n, 2)
        Label to points visited.
    title : str
        Axes title.
    note : str, optional
        A boxed note at the bottom.
    window : ((float, float), (float, float)), optional
        ``((x_min, x_max), (y_min, y_max))``; default the surface's ``bounds``.
    levels : int, default 15
        Number of contour levels.
    log_levels : bool, default True
        Space the levels geometrically (good for bowls); otherwise linearly
        (needed for surfaces with negative values, such as the saddle).
    show_minima : bool, default True
        Mark the known minima (stars) and saddle points (crosses).

    Returns
    -------
    matplotlib.axes.Axes
    """
    (x_low, x_high), (y_low, y_high) = window if window is not None else surface.bounds
    X, Y = np.meshgrid(np.linspace(x_low, x_high, 100), np.linspace(y_low, y_high, 100))
    Z = surface.value(X, Y)
    if log_levels and Z.min() >= 0:
        contour_levels = np.geomspace(max(Z.min(), 1e-3 * Z.max(), 1e-6), Z.max(), levels)
    else:
        contour_levels = np.linspace(Z.min(), Z.max(), levels)
    ax.contour(X, Y, Z, levels=contour_levels, cmap="viridis", linewidths=0.7)
    for index, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        color = PATH_COLORS[index % len(PATH_COLORS)]
        ax.plot(path[:, 0], path[:, 1], "o-", ms=2.2, lw=1, color=color, label=label, alpha=0.9)
        ax.plot(path[0, 0], path[0, 1], "s", ms=5, color=color)
    if show_minima:
        for index, minimum in enumerate(surface.minima):
            ax.plot(*minimum, "k*", ms=10, label="minimum" if index == 0 else None)
        for index, saddle in enumerate(getattr(surface, "saddle_points", [])):
            ax.plot(*saddle, "kX", ms=8, label="saddle point" if index == 0 else None)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper right")
    if note:
        _note(ax, note)
    return ax


def plot_distances(ax: Any, series: Mapping[str, np.ndarray], *, floor: float = 1e-12,
                   diverged: Mapping[str, int | None] | None = None,
                   title: str = "Distance to the minimum", ylabel: str = "distance to the minimum") -> Any:
    """Plot distances (or losses) against the step number on a log scale.

    Exact zeros are drawn at ``floor``. A run listed in ``diverged`` with a
    step gets a cross at its last point and "(diverged at step k)" in its label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    series : mapping of str to numpy.ndarray
        Label to values per step (step 0 first).
    floor : float, default 1e-12
        Smallest value shown (smaller values, and exact zeros, are drawn at
        ``floor``).
    diverged : mapping of str to int or None, optional
        Label to the step at which that run diverged.
    title, ylabel : str
        Axes title and y label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    diverged = diverged or {}
    for index, (label, values) in enumerate(series.items()):
        values = np.maximum(np.asarray(values, dtype=float), floor)
        color = PATH_COLORS[index % len(PATH_COLORS)]
        step = diverged.get(label)
        text = label if step is None else f"{label} (diverged at step {step})"
        ax.semilogy(np.arange(len(values)), values, lw=1.5, color=color, label=text,
                    ls=("-", "--", ":", "-.")[index % 4])
        if step is not None:
            ax.semilogy([len(values) - 1], [values[-1]], "x", ms=9, mew=2, color=color)
    ax.set_ylim(bottom=floor / 3)
    from matplotlib.ticker import LogLocator

    ax.yaxis.set_major_locator(LogLocator(numticks=6))  # a few labelled decades: cheaper to draw
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7)
    return ax


def plot_loss_curves(ax: Any, curves: Mapping[str, Sequence[float]], *,
                     diverged: Mapping[str, int | None] | None = None,
                     title: str = "Training loss for different learning rates",
                     xlabel: str = "epoch", ylabel: str = "training loss (log scale)") -> Any:
    """Plot one loss curve per setting on a log scale, marking the ones that diverged.

    The y axis reaches up to 30 times the largest first-epoch loss: a diverging
    curve leaves through the top edge (its values can reach 1e300), and a
    cross just below the edge marks the epoch in which training stopped.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : mapping of str to sequence of float
        Label to the loss per epoch (epoch 1 first).
    diverged : mapping of str to int or None, optional
        Label to the epoch in which that run diverged (with the epoch in the
        legend).
    title, xlabel, ylabel : str
        Axes texts.

    Returns
    -------
    matplotlib.axes.Axes
    """
    diverged = diverged or {}
    firsts = [values[0] for values in curves.values() if len(values) and np.isfinite(values[0])]
    top = 30 * max(firsts) if firsts else 1.0
    shown = [v for values in curves.values() for v in values if np.isfinite(v) and 0 < v <= top]
    bottom = min(shown) / 2 if shown else top / 1e3
    for index, (label, values) in enumerate(curves.items()):
        color = PATH_COLORS[index % len(PATH_COLORS)]
        values = np.minimum(np.asarray(values, dtype=float), top * 10)  # leave through the top edge
        epochs = np.arange(1, len(values) + 1)
        step = diverged.get(label)
        text = label if step is None else f"{label}: diverged in epoch {step}"
        ax.semilogy(epochs, values, lw=1.6, color=color, label=text)
        if step is not None:
            ax.plot([step], [top / 1.6], "x", ms=10, mew=2.5, color=color)
    ax.set_ylim(bottom, top)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7)
    return ax


def plot_line_paths(ax: Any, X: np.ndarray, y: np.ndarray, paths: Mapping[str, np.ndarray], *,
                    optimum: tuple[float, float] | None = None, window: Any = None,
                    title: str = "Path of (w, b) over the MSE") -> Any:
    """Contour the MSE of ``y = w x + b`` over ``(w, b)`` and draw parameter paths on it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    X : numpy.ndarray of shape (n, 1)
        Inputs.
    y : numpy.ndarray of shape (n,)
        Targets.
    paths : mapping of str to numpy.ndarray of shape (k, 2)
        Label to ``(w, b)`` after every update.
    optimum : (float, float), optional
        The least-squares ``(w, b)`` (a star).
    window : ((float, float), (float, float)), optional
        ``((w_min, w_max), (b_min, b_max))``; default around all paths.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    points = np.vstack([np.asarray(p) for p in paths.values()] + ([np.array([optimum])] if optimum else []))
    if window is None:
        margin = 0.15 * (points.max(axis=0) - points.min(axis=0)) + 0.1
        window = tuple(zip(points.min(axis=0) - margin, points.max(axis=0) + margin))
    (w_low, w_high), (b_low, b_high) = window
    W, B = np.meshgrid(np.linspace(w_low, w_high, 120), np.linspace(b_low, b_high, 120))
    mse = line_mse(np.column_stack([W.ravel(), B.ravel()]), X, y).reshape(W.shape)
    ax.contour(W, B, mse, levels=np.geomspace(mse.min() * 1.01, mse.max(), 11), cmap="viridis", linewidths=0.7)
    for index, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        color = PATH_COLORS[(index + 1) % len(PATH_COLORS)]
        style = "o-" if len(path) <= 200 else "-"  # short paths: one dot per update
        ax.plot(path[:, 0], path[:, 1], style, ms=2.5, lw=0.9, color=color, label=label, alpha=0.85)
        ax.plot(path[-1, 0], path[-1, 1], "o", ms=5, color=color)
    start = np.asarray(next(iter(paths.values())))[0]
    ax.plot(*start, "ks", ms=6, label="start")
    if optimum is not None:
        ax.plot(*optimum, "k*", ms=12, label="least squares")
    ax.set_xlim(w_low, w_high)
    ax.set_ylim(b_low, b_high)
    ax.set_xlabel("slope w")
    ax.set_ylabel("intercept b")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    return ax
