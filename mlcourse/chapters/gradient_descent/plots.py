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
    ax.text(
        0.5,
        0.04,
        text,
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=8,
        color=color,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": color, "alpha": 0.9},
    )


def plot_curve_path(
    ax: Any,
    curve: Any,
    path: np.ndarray,
    *,
    title: str = "",
    note: str | None = None,
    window: tuple[float, float] | None = None,
    label: str = "gradient descent",
) -> Any:
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


def plot_surface_contours(
    ax: Any, surface: Any, *, window: Any = None, levels: int = 15, log_levels: bool = True
) -> Any:
    """Contour a 2-D surface (the background of :func:`plot_surface_path`); returns the contour set.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    surface : 2-D surface of :mod:`mlcourse.surfaces`
        Provides ``value`` and ``bounds``.
    window : ((float, float), (float, float)), optional
        ``((x_min, x_max), (y_min, y_max))``; default the surface's ``bounds``.
    levels : int, default 15
        Number of contour levels.
    log_levels : bool, default True
        Space the levels geometrically (good for bowls); otherwise linearly.

    Returns
    -------
    matplotlib.contour.QuadContourSet
    """
    (x_low, x_high), (y_low, y_high) = window if window is not None else surface.bounds
    X, Y = np.meshgrid(np.linspace(x_low, x_high, 100), np.linspace(y_low, y_high, 100))
    Z = surface.value(X, Y)
    if log_levels and Z.min() >= 0:
        contour_levels = np.geomspace(max(Z.min(), 1e-3 * Z.max(), 1e-6), Z.max(), levels)
    else:
        contour_levels = np.linspace(Z.min(), Z.max(), levels)
    return ax.contour(X, Y, Z, levels=contour_levels, cmap="viridis", linewidths=0.7)


def plot_surface_marks(ax: Any, surface: Any) -> list[Any]:
    """Mark a surface's known minima (stars, one labelled "minimum") and saddle points (crosses); returns the lines."""
    marks = []
    for index, minimum in enumerate(surface.minima):
        marks += ax.plot(*minimum, "k*", ms=10, label="minimum" if index == 0 else None)
    for index, saddle in enumerate(getattr(surface, "saddle_points", [])):
        marks += ax.plot(*saddle, "kX", ms=8, label="saddle point" if index == 0 else None)
    return marks


def plot_surface_path(
    ax: Any,
    surface: Any,
    paths: Mapping[str, np.ndarray],
    *,
    title: str = "",
    note: str | None = None,
    window: Any = None,
    levels: int = 15,
    log_levels: bool = True,
    show_minima: bool = True,
) -> Any:
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
    plot_surface_contours(ax, surface, window=window, levels=levels, log_levels=log_levels)
    for index, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        color = PATH_COLORS[index % len(PATH_COLORS)]
        ax.plot(path[:, 0], path[:, 1], "o-", ms=2.2, lw=1, color=color, label=label, alpha=0.9)
        ax.plot(path[0, 0], path[0, 1], "s", ms=5, color=color)
    if show_minima:
        plot_surface_marks(ax, surface)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper right")
    if note:
        _note(ax, note)
    return ax


def plot_distances(
    ax: Any,
    series: Mapping[str, np.ndarray],
    *,
    floor: float = 1e-12,
    diverged: Mapping[str, int | None] | None = None,
    title: str = "Distance to the minimum",
    ylabel: str = "distance to the minimum",
) -> Any:
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
        ax.semilogy(
            np.arange(len(values)), values, lw=1.5, color=color, label=text, ls=("-", "--", ":", "-.")[index % 4]
        )
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


def plot_loss_curves(
    ax: Any,
    curves: Mapping[str, Sequence[float]],
    *,
    diverged: Mapping[str, int | None] | None = None,
    title: str = "Training loss for different learning rates",
    xlabel: str = "epoch",
    ylabel: str = "training loss (log scale)",
) -> Any:
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


def plot_line_paths(
    ax: Any,
    X: np.ndarray,
    y: np.ndarray,
    paths: Mapping[str, np.ndarray],
    *,
    optimum: tuple[float, float] | None = None,
    window: Any = None,
    title: str = "Path of (w, b) over the MSE",
) -> Any:
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


# --------------------------------------------------------------------------- the chapter's figures


def plot_rate_panels(
    curve: Any, runs: Mapping[float, Any], *, steps_shown: int = 25, window: tuple[float, float] = (-4.0, 4.0)
) -> Any:
    """One panel per learning rate: the first steps of gradient descent on a parabola.

    Parameters
    ----------
    curve : Quadratic1D
        The parabola (its ``curvature`` gives the factor ``r = 1 - lr L`` in each title).
    runs : mapping of float to DescentResult
        Learning rate to the run of :func:`~mlcourse.chapters.gradient_descent.analysis.gradient_descent`.
    steps_shown : int, default 25
        How many steps of each path to draw.
    window : (float, float), default (-4, 4)
        The x range shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(runs), width=2.5 * len(runs), height=3.0)
    for ax, (rate, run) in zip(np.atleast_1d(axes), runs.items()):
        note = f"diverged at step {run.diverged_at}" if run.diverged_at else None
        plot_curve_path(
            ax,
            curve,
            run.path[:steps_shown],
            window=window,
            note=note,
            title=f"lr = {rate:g}, factor r = {1 - rate * curve.curvature:+.1f}",
        )
    return figure


def plot_steps_against_rate(
    runs: Mapping[float, Any], predicted: Mapping[float, float], *, curvature: float, distance: float
) -> Any:
    """Steps to come within ``distance`` of the minimum against the learning rate: runs and formula.

    Parameters
    ----------
    runs : mapping of float to DescentResult
        Learning rate to a run stopped by a tolerance; runs that never
        converged (``converged_at`` is None) are marked at the top edge.
    predicted : mapping of float to float
        Learning rate to the formula's number of steps (``inf`` where it
        never converges), on a fine grid of rates: drawn as a line.
    curvature : float
        ``L``: the dotted lines mark ``1 / L`` and ``2 / L``.
    distance : float
        The distance the runs had to reach (for the axis label).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=7.0, height=3.6)
    grid = np.array(sorted(rate for rate, steps in predicted.items() if np.isfinite(steps)))
    ax.semilogy(
        grid,
        [predicted[rate] for rate in grid],
        color="gray",
        lw=1.5,
        label="formula: first k with |r|^k |x0| < distance",
    )
    converged = {rate: run.converged_at for rate, run in runs.items() if run.converged_at is not None}
    ax.semilogy(list(converged), list(converged.values()), "o", color=PATH_COLORS[1], ms=6, label="runs")
    for rate, steps in converged.items():
        ax.annotate(f"{steps:,}", (rate, steps), textcoords="offset points", xytext=(4, 5), fontsize=7)
    top = 3 * max(converged.values())
    failed = [rate for rate, run in runs.items() if run.converged_at is None]
    ax.plot(failed, [top / 1.5] * len(failed), "x", ms=9, mew=2, color=DIVERGED_COLOR, label="runs that never converge")
    for rate, name, height in ((1 / curvature, "1/L", top / 10), (2 / curvature, "2/L", 3.0)):
        ax.axvline(rate, color="gray", ls=":", lw=1)
        ax.text(rate, height, f" {name}", fontsize=8, color="gray")
    ax.set_ylim(0.7, top)
    ax.set_xlabel("learning rate")
    ax.set_ylabel(f"steps to within {distance:g} (log scale)")
    ax.set_title(f"Steps to converge on f = {curvature / 2:g} x²")
    ax.legend(fontsize=7, loc="upper center")
    return figure


def plot_bowl_runs(surface: Any, runs: Mapping[float, Any], *, steps_shown: int = 30) -> Any:
    """Paths on a 2-D bowl for several learning rates (left) and their distance to the minimum (right).

    Parameters
    ----------
    surface : IllConditionedBowl
        The bowl.
    runs : mapping of float to DescentResult
        Learning rate to its run.
    steps_shown : int, default 30
        Steps of each path drawn on the left.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=9.5, height=3.8)
    labels = {rate: f"lr = {rate:g}" for rate in runs}
    plot_surface_path(
        left,
        surface,
        {labels[rate]: run.path[: steps_shown + 1] for rate, run in runs.items()},
        title=f"Bowl with curvatures {surface.a:g} and {surface.b:g}: the first {steps_shown} steps",
    )
    plot_distances(
        right,
        {labels[rate]: np.linalg.norm(run.path, axis=1) for rate, run in runs.items()},
        diverged={labels[rate]: run.diverged_at for rate, run in runs.items()},
    )
    right.set_xlim(0, max(len(run.path) for run in runs.values()) - 1)
    return figure


def plot_batch_paths(
    X: np.ndarray,
    y: np.ndarray,
    runs: Mapping[int, Any],
    *,
    optimum: tuple[float, float],
    window: Any = ((-0.2, 3.0), (-0.3, 1.9)),
) -> Any:
    """One panel per batch size: the path of ``(w, b)`` over the MSE contours.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, 1)
        Inputs.
    y : numpy.ndarray of shape (n,)
        Targets.
    runs : mapping of int to LinePath
        Batch size to the run of :func:`~mlcourse.chapters.gradient_descent.analysis.minibatch_descent`
        (``len(y)`` is the full batch, 1 stochastic).
    optimum : (float, float)
        The least-squares ``(w, b)``.
    window : ((float, float), (float, float))
        ``((w_min, w_max), (b_min, b_max))``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(runs), width=10.0, height=3.2)
    for ax, (size, run) in zip(np.atleast_1d(axes), runs.items()):
        if size >= len(y):
            name = f"batch (all {len(y)})"
        else:
            name = "stochastic (1)" if size == 1 else f"mini-batch ({size})"
        plot_line_paths(
            ax, X, y, {name: run.path}, optimum=optimum, window=window, title=f"{name}: {len(run.path) - 1} updates"
        )
    return figure


def plot_loss_curve_panels(runs: Mapping[str, Any], best: float) -> Any:
    """Training loss per epoch for several learning rates: as it is (left), and above the best (right, log).

    Parameters
    ----------
    runs : mapping of str to LinePath
        Label to the run of :func:`~mlcourse.chapters.gradient_descent.analysis.minibatch_descent`.
    best : float
        The least-squares MSE (the dotted line on the left, subtracted on the right).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=10.0, height=3.8)
    start = max(float(run.losses[0]) for run in runs.values())
    for index, (label, run) in enumerate(runs.items()):
        color = PATH_COLORS[index % len(PATH_COLORS)]
        left.plot(np.arange(len(run.losses)), np.minimum(run.losses, 10 * start), lw=1.6, color=color, label=label)
        if run.diverged_at is not None:
            left.plot([run.diverged_at], [1.1 * start], "x", ms=10, mew=2.5, color=color)
    left.axhline(best, color="gray", ls=":", lw=1, label="least squares")
    left.set_ylim(0, 1.15 * start)
    left.set_xlabel("epoch")
    left.set_ylabel("training MSE")
    left.set_title("Training loss")
    left.legend(fontsize=7)
    plot_loss_curves(
        right,
        {label: run.losses[1:] - best for label, run in runs.items()},
        diverged={label: run.diverged_at for label, run in runs.items()},
        title="Training loss above the least-squares minimum",
        ylabel="MSE - least-squares MSE (log scale)",
    )
    return figure


def plot_start_comparison(
    bowl: Any, bowl_runs: Mapping[Any, Any], other: Any, other_runs: Mapping[Any, Any], *, other_title: str
) -> Any:
    """Gradient descent from several starts on a convex bowl (left) and on a non-convex surface (right).

    Parameters
    ----------
    bowl, other : 2-D surfaces of :mod:`mlcourse.surfaces`
        The two surfaces.
    bowl_runs, other_runs : mapping of start to DescentResult
        The runs on each (squares mark the starts).
    other_title : str
        Title of the right panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=9.5, height=4.0)
    plot_surface_path(
        left,
        bowl,
        {str(start): run.path for start, run in bowl_runs.items()},
        levels=12,
        title="Convex bowl: every start, one minimum",
    )
    plot_surface_path(
        right, other, {str(start): run.path for start, run in other_runs.items()}, levels=12, title=other_title
    )
    right.get_legend().remove()  # too many starts for a legend: the squares mark them
    return figure


def plot_saddle_runs(saddle: Any, runs: Mapping[str, Any], *, radius: float = 0.1) -> Any:
    """Paths near the saddle ``x**2 - y**2`` (left) and their distance ``|y|`` from the x axis (right).

    Parameters
    ----------
    saddle : Saddle
        The surface.
    runs : mapping of str to DescentResult
        Label to run.
    radius : float, default 0.1
        The level of ``|y|`` marked by a dotted line (where a run counts as escaped).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=9.5, height=3.8)
    plot_surface_path(
        left,
        saddle,
        {label: run.path for label, run in runs.items()},
        log_levels=False,
        title="f = x² - y²: paths from (1.5, y0)",
    )
    plot_distances(
        right,
        {label: np.abs(run.path[:, 1]) for label, run in runs.items()},
        floor=1e-12,
        title="|y|: the distance from the x axis",
        ylabel="|y| (log scale)",
    )
    right.axhline(radius, color="gray", ls=":", lw=1)
    return figure


# ---------------------------------------------------------------- beyond a fixed step (section page)


def plot_schedule_runs(
    surface: Any, runs: Mapping[str, Sequence[Any]], *, radius: float, learning_rate: float, tail: int = 200
) -> Any:
    """Noisy gradient descent under learning-rate schedules: paths, distance to the minimum, rates.

    Left: the last ``tail`` steps of the first run of ``"constant"`` and
    ``"cosine"`` near the minimum, with the predicted noise ball (dashed
    circle of ``radius``). Middle: the root-mean-square distance to the
    minimum over all runs, per step (log scale). Right: the rate of each
    schedule per step.

    Parameters
    ----------
    surface : 2-D surface with its minimum at the origin
        The surface the runs descend.
    runs : mapping of str to sequence of PathResult
        Schedule name to its runs (as from ``analysis.schedule_runs``); ``lrs``
        is ``None`` for the constant rate.
    radius : float
        The constant rate's predicted RMS distance (``analysis.noise_ball_radius``).
    learning_rate : float
        The constant rate (drawn for the runs without ``lrs``).
    tail : int, default 200
        Steps drawn on the left.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Circle

    from mlcourse.chapters._book import new_figure

    figure, (left, middle, right) = new_figure(3, width=11.0, height=3.6)
    window = ((-1.2, 1.2), (-0.8, 0.8))
    shown = {f"{name}, last {tail} steps": runs[name][0].path[-tail - 1 :] for name in ("constant", "cosine")}
    plot_surface_contours(left, surface, window=window, levels=10)
    for index, (label, path) in enumerate(shown.items()):
        left.plot(path[:, 0], path[:, 1], ".-", ms=2, lw=0.5, color=PATH_COLORS[index], label=label, alpha=0.8)
    left.add_patch(Circle((0.0, 0.0), radius, fill=False, ls="--", color="gray", label="predicted noise ball"))
    plot_surface_marks(left, surface)
    left.set_xlim(*window[0])
    left.set_ylim(*window[1])
    left.set_aspect("equal")
    left.set_xlabel("x")
    left.set_ylabel("y")
    left.set_title("Near the minimum (one run each)")
    left.legend(fontsize=7, loc="upper left")
    for index, (name, name_runs) in enumerate(runs.items()):
        color = PATH_COLORS[index % len(PATH_COLORS)]
        distances = np.array([np.linalg.norm(run.path, axis=1) for run in name_runs])
        middle.plot(np.sqrt((distances**2).mean(axis=0)), color=color, lw=1.2, label=name)
        rates = name_runs[0].lrs
        if rates is None:
            rates = np.full(len(name_runs[0].path) - 1, learning_rate)
        right.plot(np.arange(len(rates)), rates, color=color, lw=1.2, label=name)
    middle.axhline(radius, color="gray", ls="--", lw=1, label="predicted noise ball")
    middle.set_yscale("log")
    middle.set_xlabel("step")
    middle.set_ylabel("RMS distance to the minimum")
    middle.set_title(f"Distance, root mean square over {len(next(iter(runs.values())))} runs")
    middle.legend(fontsize=7, loc="upper right")
    right.set_xlabel("step")
    right.set_ylabel("learning rate")
    right.set_title("The schedules")
    right.legend(fontsize=7, loc="upper right")
    return figure


def plot_newton_paths(panels: Mapping[str, tuple[Any, Mapping[str, np.ndarray], Any]]) -> Any:
    """Newton's method against gradient descent on several surfaces, one panel each.

    Parameters
    ----------
    panels : mapping of str to (surface, paths, window)
        Title to the surface, its paths (label to points) and the window
        ``((x_min, x_max), (y_min, y_max))`` (None: the surface's bounds).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(panels), width=3.7 * len(panels), height=3.7)
    for ax, (title, (surface, paths, window)) in zip(np.atleast_1d(axes), panels.items()):
        values = surface.value(np.array(surface.bounds).T)
        plot_surface_path(
            ax, surface, paths, title=title, window=window, log_levels=bool(np.min(values) >= 0 and surface.minima)
        )
        if getattr(surface, "local_maximum", None) is not None:
            ax.plot(*surface.local_maximum, "k^", ms=7, label="local maximum")
            ax.legend(fontsize=7, loc="upper right")
    return figure


def plot_constrained(
    box_panel: tuple[Any, Any, Any, Any],
    disc_panel: tuple[Any, Any, Any, float],
    penalty_panel: tuple[Any, Any, Mapping[float, np.ndarray], Any],
) -> Any:
    """Constrained minimisation: projected gradient descent on a box and on a disc, and the penalty method.

    Parameters
    ----------
    box_panel : (surface, PathResult, lower, upper)
        Projected gradient descent inside the box ``lower <= x <= upper``.
    disc_panel : (surface, PathResult, center, radius)
        Projected gradient descent inside a disc.
    penalty_panel : (surface, (normal, offset), {mu: point}, exact point)
        The minimisers of ``f + mu h**2`` for growing ``mu`` and the
        constrained minimum, with the line ``normal . x = offset``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Circle, Rectangle

    from mlcourse.chapters._book import new_figure

    figure, (left, middle, right) = new_figure(3, width=11.5, height=3.8)
    surface, run, lower, upper = box_panel
    plot_surface_path(
        left,
        surface,
        {"projected gradient descent": run.path},
        title="Bowl, (x, y) in a box",
        window=((-4.0, 4.0), (-1.5, 3.5)),
    )
    left.add_patch(
        Rectangle(lower, upper[0] - lower[0], upper[1] - lower[1], color="tab:orange", alpha=0.2, label="feasible set")
    )
    left.plot(*run.path[-1], "o", color="black", ms=5, mfc="none", label="constrained minimum")
    left.legend(fontsize=7, loc="upper left")
    surface, run, center, radius = disc_panel
    plot_surface_path(
        middle,
        surface,
        {"projected gradient descent": run.path},
        title="Rosenbrock, (x, y) in the unit disc",
        window=((-1.5, 1.5), (-1.0, 2.0)),
    )
    middle.add_patch(Circle(center, radius, color="tab:orange", alpha=0.2, label="feasible set"))
    middle.plot(*run.path[-1], "o", color="black", ms=5, mfc="none", label="constrained minimum")
    middle.legend(fontsize=7, loc="upper left")
    surface, (normal, offset), points, exact = penalty_panel
    window = ((0.55, 1.0), (-0.05, 0.25))
    plot_surface_contours(right, surface, window=window, levels=12)
    xs = np.linspace(*window[0], 50)
    right.plot(xs, (offset - normal[0] * xs) / normal[1], color="tab:orange", lw=2, label="constraint h = 0")
    right.plot(*exact, "k*", ms=12, mfc="none", label="constrained minimum")
    for index, (mu, point) in enumerate(points.items()):
        right.plot(*point, "o", ms=4, color=PATH_COLORS[(index + 1) % len(PATH_COLORS)], label=f"minimum, μ = {mu:g}")
    right.set_xlim(*window[0])
    right.set_ylim(*window[1])
    right.set_xlabel("x")
    right.set_ylabel("y")
    right.set_title("Penalty f + μ h² on the bowl")
    right.legend(fontsize=7, loc="upper left")
    return figure
