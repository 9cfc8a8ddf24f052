"""Plots for activation functions (chapter 6).

Each activation beside its derivative, straight lines out of a stack of
linear layers, the zig-zag of stochastic gradient descent on positive inputs,
the epochs a network needs per hidden activation, and the distribution of a
deep stack's outputs (the chapter's widget).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure

#: One colour per activation, shared by every figure of the chapter.
ACTIVATION_COLORS = {
    "identity": "#7f7f7f",
    "sigmoid": "#1f77b4",
    "centred_sigmoid": "#17becf",
    "tanh": "#ff7f0e",
    "relu": "#2ca02c",
    "leaky_relu": "#9467bd",
    "elu": "#d62728",
    "step": "#8c564b",
}

#: Display names.
ACTIVATION_LABELS = {
    "identity": "identity",
    "sigmoid": "sigmoid",
    "centred_sigmoid": "sigmoid - 1/2",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "elu": "ELU",
    "step": "step",
}


def _function_pair(name: str, alpha: float | None) -> tuple[Any, Any]:
    from mlcourse.activations import get_activation

    function, derivative = get_activation(name)
    if alpha is not None:
        return (lambda x: function(x, alpha)), (lambda x: derivative(x, alpha))
    return function, derivative


def plot_function_and_derivative(
    ax: Any,
    name: str,
    *,
    span: float = 5.0,
    alpha: float | None = None,
    flat_level: float | None = 0.01,
    title: str | None = None,
) -> Any:
    """Draw an activation (solid) and its derivative (dashed) on ``[-span, span]``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    name : str
        An elementwise activation of :func:`mlcourse.activations.get_activation`.
    span : float, default 5
        Half-width of the x range.
    alpha : float, optional
        The ``alpha`` of leaky ReLU or ELU (the library default when None).
    flat_level : float or None, default 0.01
        Shade the inputs where the derivative is below this fraction of its
        peak (see :func:`mlcourse.chapters.activation_functions.analysis.layer_statistics`); None
        for no shading.
    title : str, optional
        Axes title (the activation's name by default).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlcourse.chapters.activation_functions.analysis import PEAK_DERIVATIVE

    function, derivative = _function_pair(name, alpha)
    x = np.linspace(-span, span, 801)
    color = ACTIVATION_COLORS.get(name, "black")
    slope = np.asarray(derivative(x))
    if flat_level is not None:
        flat = slope < flat_level * PEAK_DERIVATIVE.get(name, float(slope.max()))
        if flat.any():
            ax.fill_between(
                x,
                0,
                1,
                where=flat,
                transform=ax.get_xaxis_transform(),
                color="0.88",
                lw=0,
                label=f"derivative < {flat_level:g} x peak",
            )
    ax.plot(x, function(x), color=color, lw=2, label=f"{ACTIVATION_LABELS.get(name, name)}(x)")
    ax.plot(x, slope, "--", color=color, lw=1.5, label="derivative")
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    ax.set_xlabel("net input x")
    label = ACTIVATION_LABELS.get(name, name) + (f" (alpha = {alpha:g})" if alpha is not None else "")
    ax.set_title(title if title is not None else label, fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    return ax


def activation_gallery(
    names: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu", "elu"),
    *,
    alphas: Mapping[str, float] | None = None,
    span: float = 4.0,
) -> Any:
    """One panel per activation, each with its derivative (a row of small plots).

    Parameters
    ----------
    names : sequence of str
        The activations to draw.
    alphas : mapping, optional
        ``alpha`` per name (e.g. ``{"leaky_relu": 0.1}`` to make the leak visible).
    span : float, default 4
        Half-width of the x range.

    Returns
    -------
    matplotlib.figure.Figure
    """
    alphas = dict(alphas or {})
    figure, axes = new_figure(len(names), width=2.0 * len(names), height=2.9, sharey=True)
    for ax, name in zip(np.atleast_1d(axes), names):
        plot_function_and_derivative(ax, name, span=span, alpha=alphas.get(name), flat_level=None)
        ax.set_ylim(-1.6, 2.6)
        ax.legend(fontsize=6.5, loc="upper left")
    np.atleast_1d(axes)[0].set_ylabel("value")
    return figure


def plot_saturation(ax: Any, *, span: float = 10.0, flat_level: float = 0.01) -> Any:
    """Sigmoid' and tanh' together, with their peaks and where each drops below ``flat_level`` x peak.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    span : float, default 10
        Half-width of the x range.
    flat_level : float, default 0.01
        Fraction of the peak marked as "flat".

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlcourse.activations import sigmoid_derivative, tanh_derivative

    x = np.linspace(-span, span, 1601)
    for name, derivative, peak in (("sigmoid", sigmoid_derivative, 0.25), ("tanh", tanh_derivative, 1.0)):
        values = derivative(x)
        color = ACTIVATION_COLORS[name]
        ax.plot(x, values, color=color, lw=2, label=f"{name}'(x), peak {peak:g}")
        edge = float(x[(values >= flat_level * peak)].max())
        ax.axvline(edge, color=color, ls=":", lw=1.2)
        ax.axvline(-edge, color=color, ls=":", lw=1.2)
        ax.annotate(
            f"{name}' < {flat_level:g} x peak\nfor |x| > {edge:.1f}",
            (edge, 0.55 * peak + 0.1),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=7,
            color=color,
        )
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 2)
    ax.set_xlabel("net input x")
    ax.set_ylabel("derivative (log scale)")
    ax.set_title("Saturation: the derivatives vanish for large |x|", fontsize=10)
    ax.legend(fontsize=8, loc="lower center")
    return ax


def plot_stack_outputs(
    ax: Any, x: np.ndarray, curves: Mapping[str, np.ndarray], *, title: str = "One input through a stack of layers"
) -> Any:
    """Plot the output of several networks against a 1-D input (label -> y values).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x : numpy.ndarray of shape (n,)
        The inputs.
    curves : mapping of str to numpy.ndarray
        Label -> output values (shape ``(n,)``); a label that contains an
        activation's name gets its colour.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for label, values in curves.items():
        key = next((k for k in ("leaky_relu", "relu", "tanh", "sigmoid", "elu") if k in label), "identity")
        ax.plot(x, np.asarray(values).reshape(-1), lw=2, color=ACTIVATION_COLORS[key], label=label)
    ax.set_xlabel("input x")
    ax.set_ylabel("network output")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def stack_outputs_figure(x: np.ndarray, curves: Mapping[str, np.ndarray]) -> Any:
    """One panel per network (each with its own y scale): label -> outputs for the inputs ``x``.

    Parameters
    ----------
    x : numpy.ndarray of shape (n,)
        The inputs.
    curves : mapping of str to numpy.ndarray
        Panel title -> output values.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = new_figure(len(curves), width=3.1 * len(curves), height=2.8)
    for ax, (label, values) in zip(np.atleast_1d(axes), curves.items()):
        plot_stack_outputs(ax, x, {label: values}, title=label)
        ax.get_legend().remove()
    return figure


def plot_sgd_path(
    ax: Any,
    H: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    *,
    optimum: Sequence[float],
    title: str,
    span: float = 2.2,
) -> Any:
    """Contours of a 2-weight neuron's MSE with the path of its weights under SGD.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    H : numpy.ndarray of shape (n_samples, 2)
        The neuron's inputs.
    y : numpy.ndarray of shape (n_samples,)
        Its targets.
    weights : numpy.ndarray of shape (steps + 1, 2)
        The path (e.g. :attr:`mlcourse.chapters.activation_functions.analysis.SGDPath.weights`).
    optimum : (float, float)
        The best weights, marked with a star.
    title : str
        Axes title.
    span : float, default 2.2
        Half-width of the plotted square around the optimum's midpoint with the start.

    Returns
    -------
    matplotlib.axes.Axes
    """
    centre = (np.asarray(optimum, dtype=float) + weights[0]) / 2
    w1 = np.linspace(centre[0] - span, centre[0] + span, 161)
    w2 = np.linspace(centre[1] - span, centre[1] + span, 161)
    W1, W2 = np.meshgrid(w1, w2)
    predictions = W1[..., None] * H[:, 0] + W2[..., None] * H[:, 1]
    mse = np.mean((predictions - y) ** 2, axis=-1)
    ax.contour(
        W1, W2, mse, levels=np.geomspace(max(mse.min(), 1e-4) * 3, mse.max(), 12), cmap="viridis", linewidths=0.8
    )
    ax.plot(
        weights[:, 0],
        weights[:, 1],
        "-",
        color="crimson",
        lw=1.0,
        marker="o",
        ms=2,
        label=f"SGD, {len(weights) - 1} single-sample steps",
    )
    ax.plot(*weights[0], "ks", ms=6, label="start")
    ax.plot(*optimum, "k*", ms=12, label="optimum")
    ax.set_xlabel("weight w1")
    ax.set_ylabel("weight w2")
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return ax


def plot_epochs_to_threshold(
    ax: Any, results: Mapping[tuple[str, float], Sequence[int | None]], *, budget: int, threshold: float
) -> Any:
    """Median epochs to reach the loss threshold against the learning rate, one line per activation.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    results : mapping
        The output of :func:`mlcourse.chapters.activation_functions.analysis.hidden_activation_race`.
    budget : int
        The epoch budget; runs that did not get there are drawn at this height.
    threshold : float
        The loss threshold (for the labels).

    Returns
    -------
    matplotlib.axes.Axes
    """
    names = list(dict.fromkeys(name for name, _ in results))
    for name in names:
        rates = sorted(lr for n, lr in results if n == name)
        medians = [float(np.median([budget if e is None else e for e in results[(name, lr)]])) for lr in rates]
        ax.plot(
            rates,
            medians,
            "o-",
            lw=2,
            color=ACTIVATION_COLORS.get(name, "black"),
            label=ACTIVATION_LABELS.get(name, name),
        )
    ax.axhline(budget, color="0.5", ls=":", lw=1, label=f"budget ({budget} epochs): not reached")
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sorted({lr for _, lr in results}))
    ax.set_yticks([t for t in (10, 20, 50, 100, 200, 500, 1000) if t <= 1.5 * budget])
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("learning rate (plain SGD, full batch)")
    ax.set_ylabel(f"epochs to loss < {threshold:g} (median)")
    ax.set_title("Same network, same data: only the hidden activation differs", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def stack_figure(
    result: Any, depth: int, stats: Sequence[Mapping[str, float]], *, init: str, flat_level: float = 0.01
) -> Any:
    """The activation widget's picture: the function, the final layer's outputs, and every layer's spread.

    Parameters
    ----------
    result : StackResult
        A :func:`mlcourse.chapters.activation_functions.analysis.deep_stack` at least ``depth`` layers deep.
    depth : int
        The layer whose outputs are shown (1-based).
    stats : sequence of mapping
        :func:`mlcourse.chapters.activation_functions.analysis.layer_statistics` of ``result``.
    init : str
        The initialization's name (for the titles).
    flat_level : float, default 0.01
        As in ``layer_statistics``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    name = result.activation
    label = ACTIVATION_LABELS.get(name, name)
    color = ACTIVATION_COLORS.get(name, "black")
    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.4)
    plot_function_and_derivative(left, name, span=8.0, flat_level=flat_level, title=f"{label} and its derivative")
    left.set_ylim(-1.3, 2.3)

    outputs = result.outputs[depth - 1].reshape(-1)
    low, high = float(outputs.min()), float(outputs.max())
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    middle.hist(outputs, bins=60, range=(low, high), histtype="stepfilled", color=color, alpha=0.8)
    middle.axvline(float(outputs.mean()), color="black", lw=1.2, ls="--", label=f"mean {outputs.mean():.3g}")
    middle.set_xlabel(f"output of layer {depth}")
    middle.set_ylabel("count (500 inputs x 100 units)")
    middle.set_title(f"Outputs after {depth} layer{'s' if depth > 1 else ''} ({init} init)", fontsize=10)
    middle.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4))
    middle.legend(fontsize=8)

    layers = np.arange(1, len(stats) + 1)
    spreads = np.array([row["std"] for row in stats])
    right.plot(layers, spreads, "o-", color=color, lw=1.8, ms=4, label="std of outputs")
    if spreads.max() > 20 * spreads.min():
        right.set_yscale("log")
        right.set_ylabel("std of outputs (log scale)")
    else:
        right.set_ylim(0, 1.15 * spreads.max())
        right.set_ylabel("std of outputs")
    right.set_xlabel("layer")
    right.axvline(depth, color="0.5", lw=1, ls=":")
    twin = right.twinx()
    twin.plot(
        layers,
        [100 * row["flat"] for row in stats],
        "s--",
        color="0.35",
        lw=1.2,
        ms=3,
        label=f"% flat (derivative < {flat_level:g} x peak)",
    )
    twin.set_ylim(-3, 103)
    twin.set_ylabel("% of flat unit-sample pairs")
    right.set_title("Every layer of the stack", fontsize=10)
    handles = right.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    right.legend(handles, [h.get_label() for h in handles], fontsize=7, loc="best")
    return figure


def saturation_figure(*, span: float = 10.0, flat_level: float = 0.01) -> Any:
    """The saturation picture of the chapter: :func:`plot_saturation` on a figure of its own.

    Parameters
    ----------
    span : float, default 10
        Half-width of the x range.
    flat_level : float, default 0.01
        Fraction of the peak marked as "flat".

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.5, height=3.4)
    plot_saturation(ax, span=span, flat_level=flat_level)
    return figure


def sgd_paths_figure(
    panels: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, str]], *, optimum: Sequence[float]
) -> Any:
    """Side by side SGD paths of a 2-weight neuron (:func:`plot_sgd_path`), one panel per input set.

    Parameters
    ----------
    panels : sequence of (H, y, weights, title)
        Inputs, targets, the path's weights (``SGDPath.weights``) and the panel title.
    optimum : (float, float)
        The best weights, marked with a star in every panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = new_figure(len(panels), width=4.5 * len(panels), height=4.0)
    for ax, (H, y, weights, title) in zip(np.atleast_1d(axes), panels):
        plot_sgd_path(ax, H, y, weights, optimum=optimum, title=title)
    return figure


def race_figure(results: Mapping[tuple[str, float], Sequence[int | None]], *, budget: int, threshold: float) -> Any:
    """:func:`plot_epochs_to_threshold` on a figure of its own.

    Parameters
    ----------
    results : mapping
        The output of :func:`mlcourse.chapters.activation_functions.analysis.hidden_activation_race`.
    budget : int
        The epoch budget.
    threshold : float
        The loss threshold.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.5, height=3.6)
    plot_epochs_to_threshold(ax, results, budget=budget, threshold=threshold)
    return figure
