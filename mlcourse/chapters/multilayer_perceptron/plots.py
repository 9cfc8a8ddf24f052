"""Plots for the multilayer perceptron (chapter 5).

The layered diagram of a network with its bias units, decision regions of a
trained classifier, and the hidden layer's coordinates in which XOR becomes
linearly separable.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure

CLASS_COLORS = ("#d62728", "#1f77b4")  # class 0 red, class 1 blue (as the perceptron's -1 / +1)
CLASS_MARKERS = ("X", "o")


def _layer_names(n_layers: int) -> list[str]:
    names = ["input"] + [f"hidden {k}" for k in range(1, n_layers - 1)] + ["output"]
    if n_layers == 3:
        names[1] = "hidden"
    return names


def plot_network(
    ax: Any, sizes: Sequence[int], *, bias_units: bool = True, title: str = "", output_label: str = ""
) -> Any:
    """Draw a fully connected network ``sizes[0] -> ... -> sizes[-1]`` as columns of nodes.

    Every layer except the output gets a bias unit (a square holding the
    constant 1, drawn on top) connected to every unit of the next layer, as
    in the study notes' picture; its connections are drawn dashed.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    sizes : sequence of int
        Units per layer, input first (at most about 12 per layer to stay readable).
    bias_units : bool, default True
        Draw the bias units and their connections.
    title : str
        Axes title (default: the sizes and the parameter count).
    output_label : str
        Text written next to the output layer (e.g. "softmax").

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Circle, Rectangle

    from mlcourse.chapters.multilayer_perceptron.analysis import parameter_count

    sizes = [int(size) for size in sizes]
    names = _layer_names(len(sizes))
    positions = []
    for column, size in enumerate(sizes):
        ys = (np.arange(size) - (size - 1) / 2)[::-1] * 1.0
        positions.append([(column * 2.6, y) for y in ys])
    bias_positions = []
    for column, size in enumerate(sizes[:-1]):
        top = max(y for _, y in positions[column]) if positions[column] else 0
        bias_positions.append((column * 2.6, top + 1.15))
    radius = 0.3
    for column in range(len(sizes) - 1):
        for x0, y0 in positions[column]:
            for x1, y1 in positions[column + 1]:
                ax.plot([x0, x1], [y0, y1], color="#888888", lw=0.7, zorder=1)
        if bias_units:
            x0, y0 = bias_positions[column]
            for x1, y1 in positions[column + 1]:
                ax.plot([x0, x1], [y0, y1], color="#e76f51", lw=0.8, ls="--", zorder=1)
    lowest = min(y for layer in positions for _, y in layer)
    for column, layer in enumerate(positions):
        color = "#ffffff" if column == 0 else ("#e9c46a" if column < len(sizes) - 1 else "#a8dadc")
        for x, y in layer:
            ax.add_patch(Circle((x, y), radius, facecolor=color, edgecolor="black", lw=1.1, zorder=2))
        ax.text(layer[0][0], lowest - 0.6, f"{names[column]}\n({sizes[column]})", ha="center", va="top", fontsize=8)
    if bias_units:
        for x, y in bias_positions:
            ax.add_patch(
                Rectangle(
                    (x - radius, y - radius),
                    2 * radius,
                    2 * radius,
                    facecolor="#f4a261",
                    edgecolor="black",
                    lw=1.1,
                    zorder=2,
                )
            )
            ax.text(x, y, "1", ha="center", va="center", fontsize=8, zorder=3)
    if output_label:
        x_out = positions[-1][0][0]
        ax.text(x_out + 0.55, 0, output_label, va="center", fontsize=8)
    ax.set_xlim(-0.8, (len(sizes) - 1) * 2.6 + (1.6 if output_label else 0.8))
    highest = max([y for _, y in bias_positions] if bias_units else [0.0]) if bias_positions else 0.0
    highest = max(highest, max(y for layer in positions for _, y in layer))
    ax.set_ylim(lowest - 1.9, highest + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"{' -> '.join(map(str, sizes))}: {parameter_count(sizes)} parameters", fontsize=9)
    return ax


def plot_points(
    ax: Any,
    X: np.ndarray,
    y: np.ndarray,
    *,
    size: float = 22,
    labels: Sequence[str] = ("class 0", "class 1"),
    annotate: Sequence[str] | None = None,
) -> Any:
    """Scatter a two-class data set (labels 0/1): class 0 red crosses, class 1 blue circles."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    for value in (0, 1):
        mask = y == value
        ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=size,
            color=CLASS_COLORS[value],
            marker=CLASS_MARKERS[value],
            edgecolor="black" if value else None,
            linewidths=0.5,
            zorder=3,
            label=labels[value],
        )
    if annotate is not None:
        for (x1, x2), text in zip(X, annotate):
            ax.annotate(text, (x1, x2), textcoords="offset points", xytext=(6, -12), fontsize=7)
    return ax


def plot_decision_regions(
    ax: Any,
    probability: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    title: str = "",
    resolution: int = 120,
    margin: float = 0.5,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
    point_size: float = 22,
    annotate: Sequence[str] | None = None,
    legend_below: bool = False,
) -> Any:
    """Shade where a classifier predicts class 1 and draw its decision boundary over the data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    probability : callable
        Maps an array of points (n, 2) to the probability of class 1, shape (n,).
    X : numpy.ndarray of shape (n_samples, 2)
        The data.
    y : numpy.ndarray of shape (n_samples,)
        Labels 0/1.
    title : str
        Axes title.
    resolution : int, default 120
        Grid points per axis.
    margin : float, default 0.5
        Space around the data.
    limits : ((x_min, x_max), (y_min, y_max)), optional
        The window (default: the data plus ``margin``).
    point_size : float
        Marker size of the data.
    annotate : sequence of str, optional
        A text next to each point.
    legend_below : bool, default False
        Put the legend under the axes instead of in its upper left corner.

    Returns
    -------
    matplotlib.axes.Axes
    """
    X = np.asarray(X, dtype=float)
    if limits is None:
        limits = ((X[:, 0].min() - margin, X[:, 0].max() + margin), (X[:, 1].min() - margin, X[:, 1].max() + margin))
    (x_min, x_max), (y_min, y_max) = limits
    G1, G2 = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.column_stack([G1.ravel(), G2.ravel()])
    P = np.asarray(probability(grid), dtype=float).reshape(G1.shape)
    ax.contourf(G1, G2, P, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.4, vmin=0, vmax=1, zorder=0)
    if P.min() < 0.5 < P.max():
        ax.contour(G1, G2, P, levels=[0.5], colors="black", linewidths=1.6, zorder=2)
    ax.plot([], [], color="black", lw=1.6, label="decision boundary (output 0.5)")
    plot_points(ax, X, y, size=point_size, annotate=annotate)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title, fontsize=9)
    if legend_below:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7, framealpha=0.9)
    else:
        ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    return ax


def hidden_space_figure(
    X: np.ndarray,
    y: np.ndarray,
    hidden: np.ndarray,
    probability: Callable[[np.ndarray], np.ndarray],
    output_weights: Sequence[float],
    output_bias: float,
    *,
    names: Sequence[str] | None = None,
    limits: tuple[float, float] = (-1.4, 1.4),
) -> Any:
    """Two panels: the network's decision regions in the input plane, and the data in hidden coordinates.

    Parameters
    ----------
    X : numpy.ndarray of shape (n_samples, 2)
        Inputs.
    y : numpy.ndarray of shape (n_samples,)
        Labels 0/1.
    hidden : numpy.ndarray of shape (n_samples, 2)
        The hidden layer's outputs for ``X`` (two hidden units).
    probability : callable
        The trained network's probability of class 1 for points of the input plane.
    output_weights : sequence of 2 floats
        Weights of the output unit on the two hidden units.
    output_bias : float
        Its bias: the output unit's decision line in hidden space is
        ``output_weights . h + output_bias = 0``.
    names : sequence of str, optional
        A label per sample, e.g. ``"(0, 1)"``.
    limits : (float, float), default (-1.4, 1.4)
        The square of hidden space shown (e.g. ``(-0.2, 1.2)`` for sigmoid units).

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.0, height=4.0)
    low, high = limits
    plot_decision_regions(
        left,
        probability,
        X,
        y,
        title="Input space: the network's decision regions",
        margin=0.6,
        point_size=60,
        annotate=names,
    )
    hidden = np.asarray(hidden, dtype=float)
    plot_points(right, hidden, y, size=60)
    if names is not None:  # points landing on top of each other share one label
        done: set[int] = set()
        for i in range(len(hidden)):
            if i in done:
                continue
            group = [
                j
                for j in range(len(hidden))
                if j not in done and np.linalg.norm(hidden[j] - hidden[i]) < 0.07 * (high - low)
            ]
            done.update(group)
            right.annotate(
                " and ".join(names[j] for j in group),
                hidden[i],
                textcoords="offset points",
                xytext=(6, -12),
                fontsize=7,
            )
    w = np.asarray(output_weights, dtype=float)
    h1 = np.linspace(low, high, 2)
    if abs(w[1]) > 1e-12:
        right.plot(
            h1,
            -(w[0] * h1 + output_bias) / w[1],
            color="black",
            lw=1.6,
            label="output unit's line $w \\cdot h + b = 0$",
        )
    else:
        right.axvline(-output_bias / w[0], color="black", lw=1.6, label="output unit's line")
    G1, G2 = np.meshgrid(np.linspace(low, high, 100), np.linspace(low, high, 100))
    side = (w[0] * G1 + w[1] * G2 + output_bias >= 0).astype(float)
    right.contourf(G1, G2, side, levels=[-0.5, 0.5, 1.5], colors=["#f4c7c3", "#c6dbef"], alpha=0.7, zorder=0)
    right.set_xlim(low, high)
    right.set_ylim(low, high)
    right.set_aspect("equal")
    right.set_xlabel("hidden unit 1: $h_1$")
    right.set_ylabel("hidden unit 2: $h_2$")
    right.set_title("Hidden space: one line separates the classes", fontsize=9)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7, framealpha=0.9)
    return figure


def notes_networks_figure() -> Any:
    """The two networks of the study notes: 3 inputs straight to 2 softmax outputs, and 2 -> 3 -> 3 -> 1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.5, height=3.0)
    plot_network(left, [3, 2], output_label="softmax")
    plot_network(right, [2, 3, 3, 1])
    return figure


def learned_xor_figure(model: Any) -> Any:
    """:func:`hidden_space_figure` for a trained ``2 -> 2 -> 1`` network with sigmoid units on the XOR points.

    Parameters
    ----------
    model : mlcourse.nn.Sequential
        ``Linear(2, 2)``, a sigmoid, ``Linear(2, 1)``, a sigmoid (e.g. from
        :func:`mlcourse.chapters.multilayer_perceptron.analysis.train_xor_network`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.multilayer_perceptron.analysis import layer_outputs
    from mlcourse.data import logic_gate
    from mlcourse.nn import evaluating

    X, y = logic_gate("xor", labels="01")
    hidden = layer_outputs(model, X)[1]
    output = model[2]

    def probability(points: np.ndarray) -> np.ndarray:
        with evaluating(model):
            return np.asarray(model(points))[:, 0]

    return hidden_space_figure(
        X,
        y,
        hidden,
        probability,
        output.W.data[:, 0],
        float(output.b.data[0]),
        names=["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"],
        limits=(-0.2, 1.2),
    )
