"""Plots for vanishing and exploding gradients (chapter 11).

Per-layer gradient norms and activation spreads on a log scale (one panel
per activation in :func:`plot_init_spread`), the gradient of deep linear
chains against their depth, the fraction of dead units during training with
the validation accuracy beside it, gradient clipping drawn as arrows, and loss
curves of training runs that may have diverged.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def plot_layer_profile(
    ax: Any,
    profiles: Mapping[str, Sequence[float]],
    *,
    ylabel: str,
    title: str = "",
    xlabel: str = "layer (1 = next to the input)",
    floor: float = 1e-40,
    min_decades: float = 4.0,
) -> Any:
    """One line per network: a quantity per layer (gradient norm, activation std), log y axis.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    profiles : mapping of str to sequence of float
        Legend label -> one value per layer, input side first.
    ylabel, title, xlabel : str
        Texts.
    floor : float, default 1e-40
        Values below it (including exact zeros) are drawn at it, so that the
        log axis stays usable.
    min_decades : float, default 4
        The y axis spans at least this many powers of ten (centred on the
        data), so that nearly constant profiles look flat, not noisy.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.ticker import MaxNLocator

    low, high = np.inf, -np.inf
    for index, (label, values) in enumerate(profiles.items()):
        values = np.maximum(np.asarray(values, dtype=float), floor)
        layers = np.arange(1, len(values) + 1)
        ax.plot(layers, values, "o-", ms=3.5, lw=1.6, color=PALETTE[index % len(PALETTE)], label=label)
        low, high = min(low, float(values.min())), max(high, float(values.max()))
    ax.set_yscale("log")
    if np.isfinite(low) and np.isfinite(high):
        log_low, log_high = np.log10(low), np.log10(high)
        if log_high - log_low < min_decades:
            centre = (log_low + log_high) / 2
            log_low, log_high = centre - min_decades / 2, centre + min_decades / 2
        ax.set_ylim(10 ** (log_low - 0.2), 10 ** (log_high + 0.2))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_clipping_arrows(
    ax: Any,
    gradient: Sequence[float],
    clipped: Mapping[str, Sequence[float]],
    *,
    threshold: float,
    title: str = "Clipping a gradient of norm {norm:.2f} at {threshold:g}",
) -> Any:
    """Draw a 2-D gradient and its clipped versions as arrows from the origin.

    The circle of radius ``threshold`` (the by-norm limit) and the square of
    half-width ``threshold`` (the by-value limit) are drawn too.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    gradient : sequence of 2 floats
        The original gradient.
    clipped : mapping of str to sequence of 2 floats
        Label -> clipped gradient.
    threshold : float
        The clipping threshold.
    title : str
        Axes title; ``{norm}`` and ``{threshold}`` are filled in.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Circle, Rectangle

    gradient = np.asarray(gradient, dtype=float)
    ax.add_patch(Circle((0, 0), threshold, fill=False, ls="--", color=PALETTE[0], lw=1.2))
    ax.add_patch(
        Rectangle((-threshold, -threshold), 2 * threshold, 2 * threshold, fill=False, ls=":", color=PALETTE[1], lw=1.4)
    )
    vectors = {"original gradient": gradient, **{k: np.asarray(v, dtype=float) for k, v in clipped.items()}}
    colors = ["black", PALETTE[0], PALETTE[1], PALETTE[2]]
    for (label, vector), color in zip(vectors.items(), colors):
        angle = np.degrees(np.arctan2(vector[1], vector[0]))
        ax.annotate("", xy=vector, xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=color, lw=2))
        ax.plot([], [], color=color, lw=2, label=f"{label}: ({vector[0]:.2f}, {vector[1]:.2f}), angle {angle:.1f} deg")
    limit = max(float(np.abs(gradient).max()), threshold) * 1.15
    ax.set_xlim(-0.3 * limit, limit)
    ax.set_ylim(-0.3 * limit, limit * 0.8)
    ax.set_aspect("equal")
    ax.axhline(0, color="gray", lw=0.6)
    ax.axvline(0, color="gray", lw=0.6)
    ax.set_xlabel("gradient component 1")
    ax.set_ylabel("gradient component 2")
    ax.set_title(title.format(norm=float(np.linalg.norm(gradient)), threshold=threshold), fontsize=10)
    ax.legend(fontsize=7.5, loc="upper left")
    return ax


def plot_runs(
    ax: Any,
    curves: Mapping[str, Sequence[float]],
    *,
    ylabel: str = "training loss",
    title: str = "",
    log: bool = True,
    diverged: Mapping[str, int | None] | None = None,
    xlabel: str = "epoch",
    diverged_unit: str = "epoch",
) -> Any:
    """Per-epoch (or per-step) curves of several training runs; runs that diverged are marked with an x.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : mapping of str to sequence of float
        Label -> one value per completed epoch (may be empty).
    ylabel, title, xlabel : str
        Texts.
    log : bool, default True
        Logarithmic y axis.
    diverged : mapping of str to int or None, optional
        Label -> the epoch (``History.diverged_at``) or the update
        (``History.diverged_step``) at which the run diverged.
    diverged_unit : str, default "epoch"
        What the ``diverged`` numbers count, for the legend ("epoch" or "update").

    Returns
    -------
    matplotlib.axes.Axes
    """
    for index, (label, values) in enumerate(curves.items()):
        color = PALETTE[index % len(PALETTE)]
        epochs = np.arange(1, len(values) + 1)
        where = (diverged or {}).get(label)
        text = f"{label} (diverged at {diverged_unit} {where})" if where else label
        ax.plot(epochs, values, "o-", ms=3, lw=1.6, color=color, label=text)
        if where:
            y = values[-1] if len(values) else 1.0
            ax.plot([where], [y], "x", ms=10, mew=2.5, color=color)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_dead_units(runs: Mapping[str, tuple[Sequence[float], Any]]) -> Any:
    """Two panels per epoch: the fraction of dead units and the validation accuracy of each run.

    Parameters
    ----------
    runs : mapping of str to (sequence of float, History)
        Label -> what :func:`~mlcourse.chapters.vanishing_gradients.analysis.watch_dead_units`
        returns: the dead fraction per epoch and the run's history (its
        ``val_accuracy`` is drawn).

    Returns
    -------
    matplotlib.figure.Figure
        One legend below both panels.
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, right) = new_figure(2, width=9.5, height=3.9)
    plot_runs(
        left,
        {name: dead for name, (dead, _) in runs.items()},
        log=False,
        ylabel="fraction of hidden units",
        title="Units whose input is <= 0 on every training digit",
    )
    plot_runs(
        right,
        {name: history.val_accuracy for name, (_, history) in runs.items()},
        log=False,
        ylabel="validation accuracy",
        title="Validation accuracy",
    )
    for ax in (left, right):
        ax.get_legend().remove()
    handles, labels = left.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=2, fontsize=8)
    return figure


def plot_chain_growth(growth: Mapping[str, Sequence[float]], depths: Sequence[int]) -> Any:
    """The global gradient norm of deep linear chains against their depth, one line per gain, log y axis.

    Parameters
    ----------
    growth : mapping of str to sequence of float
        Label (``"c = 1.2"``) -> one global gradient norm per depth.
    depths : sequence of int
        The numbers of hidden layers, the x axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=6.2, height=3.4)
    for index, (label, values) in enumerate(growth.items()):
        ax.plot(depths, values, "o-", ms=3.5, lw=1.6, color=PALETTE[index % len(PALETTE)], label=label)
    ax.set_yscale("log")
    ax.set_xticks(list(depths))
    ax.set_xlabel("hidden layers")
    ax.set_ylabel("global gradient norm (log scale)")
    ax.set_title("Deep linear chains: the gradient grows like c to the depth", fontsize=10)
    ax.legend(fontsize=8)
    return figure


def plot_init_spread(
    spread: Mapping[str, Mapping[str, Sequence[float]]], *, ylim: tuple[float, float] = (1e-30, 1e18)
) -> Any:
    """One panel per activation: the standard deviation of every hidden layer's outputs, per initialization.

    Parameters
    ----------
    spread : mapping of str to mapping of str to sequence of float
        Activation -> (initialization label -> one standard deviation per hidden layer).
    ylim : (float, float)
        The common y range (log scale), so the panels compare.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters._book import new_figure

    figure, axes = new_figure(len(spread), width=5 * len(spread), height=3.7)
    for ax, (activation, rows) in zip(np.atleast_1d(axes), spread.items()):
        depth = max(len(values) for values in rows.values())
        plot_layer_profile(
            ax,
            rows,
            ylabel="std of the layer's outputs (log scale)",
            xlabel="hidden layer (1 = next to the input)",
            title=f"{activation}: activations through {depth} layers",
        )
        ax.set_ylim(*ylim)
    return figure
