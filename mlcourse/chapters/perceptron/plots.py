"""Plots for the perceptron (chapter 4).

A neuron and its abstraction, the threshold activation, logic-gate points with
decision lines, the learning rule's progress epoch by epoch, the errors per
epoch, why no line splits XOR, and the convergence theorem's bound.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure
from mlcourse.chapters.perceptron.analysis import BoundExperiment, max_margin_separator, misclassified
from mlcourse.data import logic_gate

POSITIVE_COLOR = "#1f77b4"
NEGATIVE_COLOR = "#d62728"
LINE_STYLES = ("-", "--", ":", "-.")
GATE_LIMITS = (-0.6, 1.6)
GATE_TOP = 2.15  # room above the points for the legend


def neuron_figure() -> Any:
    """Two panels: a drawing of a biological neuron, and the threshold unit abstracted from it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Circle, FancyArrowPatch

    figure, (left, right) = new_figure(2, width=9.5, height=3.4)
    for ax in (left, right):
        ax.set_aspect("equal")
        ax.axis("off")

    # --- left: dendrites -> cell body -> axon -> terminals
    left.set_xlim(-0.3, 10.3)
    left.set_ylim(-2.4, 2.6)
    soma = (2.6, 0.0)
    rng = np.random.default_rng(3)
    for angle in np.linspace(np.pi * 0.55, np.pi * 1.45, 6):
        start = np.array(soma) + 0.55 * np.array([np.cos(angle), np.sin(angle)])
        end = np.array(soma) + 2.0 * np.array([np.cos(angle), np.sin(angle)])
        left.plot([start[0], end[0]], [start[1], end[1]], color="#7f5539", lw=2)
        for turn in (-0.45, 0.45):
            tip = end + 0.55 * np.array([np.cos(angle + turn), np.sin(angle + turn)]) + 0.05 * rng.standard_normal(2)
            left.plot([end[0], tip[0]], [end[1], tip[1]], color="#7f5539", lw=1.2)
    left.add_patch(Circle(soma, 0.6, color="#e9c46a", ec="#7f5539", lw=2))
    left.plot([soma[0] + 0.6, 8.2], [0, 0], color="#7f5539", lw=3)
    for y_end in (-0.8, 0.0, 0.8):
        left.plot([8.2, 9.2], [0, y_end], color="#7f5539", lw=1.5)
        left.add_patch(Circle((9.3, y_end), 0.13, color="#7f5539"))
    left.text(0.6, 2.25, "dendrites\n(receive signals)", ha="center", fontsize=8)
    left.text(soma[0], -1.05, "cell body (soma)\nsums the inputs", ha="center", va="top", fontsize=8)
    left.text(5.6, 0.25, "axon: fires when the\nsum passes a threshold", ha="center", va="bottom", fontsize=8)
    left.text(9.3, -1.2, "terminals\n(to the next cells)", ha="center", va="top", fontsize=8)
    left.set_title("A neuron")

    # --- right: inputs x1, x2 and the constant 1, weights, sum node, threshold, output
    right.set_xlim(-0.5, 10.5)
    right.set_ylim(-2.4, 2.6)
    inputs = {"$x_1$": (0.7, 1.6), "$x_2$": (0.7, 0.0), "$1$": (0.7, -1.6)}
    weights = {"$x_1$": "$w_1$", "$x_2$": "$w_2$", "$1$": "$b$"}
    node = (4.8, 0.0)
    for label, (x, y) in inputs.items():
        right.add_patch(Circle((x, y), 0.42, color="white", ec="black", lw=1.4))
        right.text(x, y, label, ha="center", va="center", fontsize=11)
        right.add_patch(
            FancyArrowPatch(
                (x + 0.45, y),
                (node[0] - 0.75, node[1] + 0.25 * np.sign(y)),
                arrowstyle="-|>",
                mutation_scale=12,
                color="black",
                lw=1.2,
            )
        )
        right.text((x + node[0]) / 2 - 0.2, (y + node[1]) / 2 + 0.25, weights[label], fontsize=10, color="#6a4c93")
    right.add_patch(Circle(node, 0.75, color="#e9c46a", ec="black", lw=1.4))
    right.text(*node, "$\\Sigma$", ha="center", va="center", fontsize=15)
    right.text(node[0], -1.0, "net input\n$z = w_1 x_1 + w_2 x_2 + b$", ha="center", va="top", fontsize=8)
    step_box = (7.2, 0.0)
    right.add_patch(
        FancyArrowPatch(
            (node[0] + 0.78, 0), (step_box[0] - 0.6, 0), arrowstyle="-|>", mutation_scale=12, color="black", lw=1.2
        )
    )
    right.plot(
        [step_box[0] - 0.55, step_box[0] + 0.55, step_box[0] + 0.55, step_box[0] - 0.55, step_box[0] - 0.55],
        [-0.55, -0.55, 0.55, 0.55, -0.55],
        color="black",
        lw=1.2,
    )
    right.plot(
        [step_box[0] - 0.4, step_box[0], step_box[0], step_box[0] + 0.4], [-0.3, -0.3, 0.3, 0.3], color="black", lw=1.4
    )
    right.text(step_box[0], 0.75, "threshold", ha="center", fontsize=8)
    right.add_patch(
        FancyArrowPatch((step_box[0] + 0.6, 0), (9.3, 0), arrowstyle="-|>", mutation_scale=12, color="black", lw=1.2)
    )
    right.text(9.45, 0.0, "$\\hat y = \\pm 1$", va="center", fontsize=11)
    right.text(5.2, 2.2, "one node: weighted sum, then threshold", ha="center", fontsize=9)
    right.set_title("The threshold unit (perceptron)")
    return figure


def plot_threshold_activation(ax: Any, *, title: str = "Threshold activation") -> Any:
    """Draw the perceptron's output ``+1 if z >= 0 else -1`` against the net input ``z``."""
    ax.plot([-3, 0], [-1, -1], color="black", lw=2)
    ax.plot([0, 3], [1, 1], color="black", lw=2, label="$\\hat y = +1$ if $z \\geq 0$, else $-1$")
    ax.plot([0], [1], "o", color="black", ms=6)
    ax.plot([0], [-1], "o", color="white", mec="black", ms=6)
    ax.axvline(0, color="gray", lw=0.8, ls=":")
    ax.set_xlim(-3, 3)
    ax.set_ylim(-1.6, 1.6)
    ax.set_yticks([-1, 0, 1])
    ax.set_xlabel("net input $z = \\mathbf{w} \\cdot \\mathbf{x} + b$")
    ax.set_ylabel("output $\\hat y$")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def line_equation(weights: Sequence[float], bias: float) -> str:
    """The line ``w1 x1 + w2 x2 + b = 0`` as LaTeX, e.g. ``$x_1 + x_2 - 1.5 = 0$``."""
    terms = []
    for coefficient, name in ((float(weights[0]), "x_1"), (float(weights[1]), "x_2")):
        if coefficient == 0:
            continue
        size = "" if abs(coefficient) == 1 else f"{abs(coefficient):g}\\,"
        sign = "-" if coefficient < 0 else ("+" if terms else "")
        terms.append(f"{sign} {size}{name}".strip())
    if bias != 0 or not terms:
        terms.append(f"{'-' if bias < 0 else ('+' if terms else '')} {abs(float(bias)):g}".strip())
    return "$" + " ".join(terms) + " = 0$"


def _clip_half_plane(polygon: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """The part of a convex polygon where ``weights . p + bias >= 0`` (one Sutherland-Hodgman pass)."""
    values = polygon @ weights + bias
    kept = []
    for index in range(len(polygon)):
        current, following = polygon[index], polygon[(index + 1) % len(polygon)]
        v_current, v_following = values[index], values[(index + 1) % len(polygon)]
        if v_current >= 0:
            kept.append(current)
        if (v_current >= 0) != (v_following >= 0):
            t = v_current / (v_current - v_following)
            kept.append(current + t * (following - current))
    return np.array(kept).reshape(-1, 2)


def _line_points(weights: Sequence[float], bias: float, limits: tuple[float, float]) -> np.ndarray | None:
    """Two points of the line ``w1 x1 + w2 x2 + b = 0`` spanning the square ``limits``."""
    w1, w2 = float(weights[0]), float(weights[1])
    low, high = limits
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):
        x1 = np.array([low - 1, high + 1])
        return np.column_stack([x1, -(w1 * x1 + bias) / w2])
    x2 = np.array([low - 1, high + 1])
    return np.column_stack([-(w2 * x2 + bias) / w1, x2])


def plot_labelled_points(ax: Any, X: np.ndarray, y: np.ndarray, *, size: float = 70, annotate: bool = False) -> Any:
    """Scatter samples with label +1 (filled circles) and -1 (crosses)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    positive, negative = y > 0, y <= 0
    ax.scatter(
        X[positive, 0], X[positive, 1], s=size, color=POSITIVE_COLOR, edgecolor="black", zorder=3, label="$y = +1$"
    )
    ax.scatter(X[negative, 0], X[negative, 1], s=size, color=NEGATIVE_COLOR, marker="X", zorder=3, label="$y = -1$")
    if annotate:
        for (x1, x2), label in zip(X, y):
            ax.annotate(f"({x1:g}, {x2:g})", (x1, x2), textcoords="offset points", xytext=(7, -13), fontsize=7)
    return ax


def plot_decision_line(
    ax: Any,
    X: np.ndarray,
    y: np.ndarray,
    weights: Sequence[float],
    bias: float,
    *,
    title: str = "",
    label: str | None = None,
    shade: bool = True,
    arrow: bool = True,
    mark_errors: bool = True,
    limits: tuple[float, float] = GATE_LIMITS,
    explain_zero: bool = True,
) -> Any:
    """Points, the decision line ``w . x + b = 0``, the +1 side shaded and the weight vector.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    X : numpy.ndarray of shape (n_samples, 2)
        The samples.
    y : numpy.ndarray of shape (n_samples,)
        Labels -1/+1.
    weights : sequence of 2 floats
        ``(w1, w2)``.
    bias : float
        ``b``.
    title : str
        Axes title.
    label : str, optional
        Legend label of the line (default: its equation).
    shade : bool, default True
        Shade the half-plane where the unit outputs +1.
    arrow : bool, default True
        Draw the weight vector from the point of the line nearest the centre of the view.
    mark_errors : bool, default True
        Circle the misclassified samples.
    limits : (float, float)
        The square shown.
    explain_zero : bool, default True
        When ``w = 0`` (no line), say so in the panel.

    Returns
    -------
    matplotlib.axes.Axes
    """
    X = np.asarray(X, dtype=float)
    w = np.asarray(weights, dtype=float)
    low, high = limits
    top = GATE_TOP if tuple(limits) == GATE_LIMITS else high
    if shade and np.any(w != 0):
        box = np.array([[low, low], [high, low], [high, top], [low, top]])
        for sign, color in ((1.0, "#deebf7"), (-1.0, "#fbe3e4")):
            region = _clip_half_plane(box, sign * w, sign * bias)
            if len(region):
                ax.fill(region[:, 0], region[:, 1], color=color, lw=0, zorder=0)
    elif shade:  # w = 0: the output is the same everywhere
        ax.set_facecolor("#deebf7" if bias >= 0 else "#fbe3e4")
    if explain_zero and not np.any(w != 0):
        ax.text(
            0.5,
            0.8,
            f"w = 0: no line,\nthe output is {'+1' if bias >= 0 else '-1'} everywhere",
            transform=ax.transAxes,
            ha="center",
            fontsize=8,
            color="#444444",
        )
    points = _line_points(w, bias, limits)
    if points is not None:
        text = label if label is not None else line_equation(w, bias)
        ax.plot(points[:, 0], points[:, 1], color="black", lw=2, label=text, zorder=2)
        if arrow:
            centre = np.array([(low + high) / 2, (low + high) / 2])
            foot = centre - (w @ centre + bias) / (w @ w) * w  # nearest point of the line
            direction = 0.45 * w / np.linalg.norm(w)
            ax.annotate(
                "",
                xy=foot + direction,
                xytext=foot,
                arrowprops=dict(arrowstyle="-|>", color="#6a4c93", lw=1.6),
                zorder=4,
            )
            ax.text(
                *(foot + 1.25 * direction),
                "$\\mathbf{w}$",
                color="#6a4c93",
                fontsize=10,
                ha="center",
                va="center",
                zorder=4,
            )
    plot_labelled_points(ax, X, y)
    if mark_errors:
        wrong = np.where(X @ w + bias >= 0, 1, -1) != np.asarray(y)
        if np.any(wrong):
            ax.scatter(
                X[wrong, 0],
                X[wrong, 1],
                s=320,
                facecolor="none",
                edgecolor="black",
                lw=1.5,
                ls="--",
                zorder=3,
                label="misclassified",
            )
    ax.set_xlim(low, high)
    ax.set_ylim(low, top)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=7, framealpha=0.9, markerscale=0.6)
    return ax


def plot_extra_line(
    ax: Any,
    weights: Sequence[float],
    bias: float,
    *,
    label: str,
    style: str = "--",
    color: str = "#2a9d8f",
    limits: tuple[float, float] = GATE_LIMITS,
) -> Any:
    """Add a second line ``w . x + b = 0`` (no shading) to a panel drawn by :func:`plot_decision_line`."""
    points = _line_points(weights, bias, limits)
    if points is not None:
        ax.plot(points[:, 0], points[:, 1], style, color=color, lw=1.8, label=label, zorder=2)
        ax.legend(loc="upper left", fontsize=7, framealpha=0.9, markerscale=0.6)
    return ax


def plot_passing_lines(
    ax: Any,
    rows: Sequence[Sequence[float]],
    *,
    skip: Sequence[float] | None = None,
    label: str = "lines during the epoch",
    limits: tuple[float, float] = (-0.6, 1.6),
) -> int:
    """Draw each distinct line of ``rows`` (each ``(b, w1, w2)``) thin, gray and dashed, behind the points.

    Rows equal to ``skip`` (the line drawn in bold) or to an earlier row are
    left out, and only the first line drawn gets the legend ``label``.
    Returns the number of lines drawn.
    """
    drawn: list[np.ndarray] = []
    for row in np.asarray(rows, dtype=float):
        if (skip is not None and np.array_equal(row, skip)) or any(np.array_equal(row, seen) for seen in drawn):
            continue
        points = _line_points(row[1:], row[0], limits)
        if points is not None:
            ax.plot(points[:, 0], points[:, 1], color="gray", lw=0.9, ls="--", zorder=1, label=None if drawn else label)
            drawn.append(row)
    if drawn:
        ax.legend(loc="upper left", fontsize=7, framealpha=0.9, markerscale=0.6)
    return len(drawn)


def gates_figure(
    panels: Sequence[tuple[str, np.ndarray, np.ndarray, Sequence[float], float]],
    *,
    extra_lines: Sequence[tuple[str, Sequence[float], float] | None] = (),
    width: float = 9.0,
    height: float = 3.4,
) -> Any:
    """One panel per ``(title, X, y, weights, bias)``: points and decision line side by side.

    ``extra_lines`` optionally gives each panel a second, dashed line ``(label, weights, bias)``.
    """
    figure, axes = new_figure(len(panels), width=width, height=height)
    axes = np.atleast_1d(axes)
    extras = list(extra_lines) + [None] * (len(panels) - len(extra_lines))
    for ax, (title, X, y, weights, bias), extra in zip(axes, panels, extras):
        plot_decision_line(ax, X, y, weights, bias, title=title)
        if extra is not None:
            label, extra_weights, extra_bias = extra
            plot_extra_line(ax, extra_weights, extra_bias, label=label)
    return figure


def training_epochs_figure(
    X: np.ndarray,
    y: np.ndarray,
    epoch_weights: np.ndarray,
    *,
    title: str = "",
    max_panels: int = 6,
    width: float = 9.5,
    height: float = 2.6,
) -> Any:
    """The decision line at the end of each epoch (one small panel per epoch, start first).

    ``epoch_weights`` has rows ``(b, w1, w2)``, as ``Perceptron.epoch_weights_``.
    """
    rows = np.asarray(epoch_weights)[:max_panels]
    figure, axes = new_figure(len(rows), width=width, height=height)
    axes = np.atleast_1d(axes)
    for index, (ax, row) in enumerate(zip(axes, rows)):
        b, w1, w2 = row
        wrong = misclassified(X, y, row[1:], b)
        heading = "start" if index == 0 else f"epoch {index}"
        plot_decision_line(
            ax,
            X,
            y,
            row[1:],
            b,
            arrow=False,
            limits=(-0.5, 1.5),
            explain_zero=False,
            title=f"{heading}: {wrong} wrong\nw = ({w1:g}, {w2:g}), b = {b:g}",
        )
        ax.get_legend().remove()
        ax.set_xlabel("$x_1$", fontsize=8)
        ax.set_ylabel("$x_2$" if index == 0 else "", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.title.set_fontsize(8)
    if title:
        figure.suptitle(title, fontsize=10)
    return figure


def plot_errors_per_epoch(
    ax: Any,
    errors: Mapping[str, Sequence[int]],
    *,
    max_epochs: int | None = None,
    title: str = "Mistakes per epoch of the perceptron rule",
) -> Any:
    """Plot the number of updates (mistakes) in each epoch, one curve per data set."""
    for index, (name, counts) in enumerate(errors.items()):
        counts = list(counts)[:max_epochs]
        epochs = np.arange(1, len(counts) + 1)
        ax.plot(epochs, counts, LINE_STYLES[index % len(LINE_STYLES)], marker="o", ms=3.5, lw=1.5, label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel("misclassified samples in the epoch")
    ax.set_ylim(bottom=-0.2)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


def xor_argument_figure(X: np.ndarray, y: np.ndarray, attempts: Sequence[tuple[Sequence[float], float]]) -> Any:
    """Left: the XOR points with the segments joining each class, crossing at the centre.
    Right: a few candidate lines, each with at least one mistake circled.
    """
    figure, (left, right) = new_figure(2, width=9.0, height=3.6)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    for label, color in ((1, POSITIVE_COLOR), (-1, NEGATIVE_COLOR)):
        pair = X[y == label]
        left.plot(
            pair[:, 0], pair[:, 1], color=color, lw=2, ls="--", label=f"segment between the $y={label:+d}$ points"
        )
    left.plot([0.5], [0.5], "ks", ms=6, label="both segments pass (0.5, 0.5)")
    plot_labelled_points(left, X, y, annotate=True)
    left.set_xlim(*GATE_LIMITS)
    left.set_ylim(GATE_LIMITS[0], GATE_TOP)
    left.set_aspect("equal")
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    left.set_title("XOR: the two classes' segments cross")
    left.legend(loc="upper left", fontsize=7, framealpha=0.9, markerscale=0.6)
    for index, (weights, bias) in enumerate(attempts):
        points = _line_points(weights, bias, GATE_LIMITS)
        wrong = misclassified(X, y, weights, bias)
        right.plot(
            points[:, 0],
            points[:, 1],
            LINE_STYLES[index % len(LINE_STYLES)],
            lw=1.8,
            label=f"{line_equation(weights, bias)}: {wrong} wrong",
        )
    plot_labelled_points(right, X, y)
    right.set_xlim(*GATE_LIMITS)
    right.set_ylim(GATE_LIMITS[0], GATE_TOP)
    right.set_aspect("equal")
    right.set_xlabel("$x_1$")
    right.set_ylabel("$x_2$")
    right.set_title("Every line gets at least one point wrong")
    right.legend(loc="upper left", fontsize=7, framealpha=0.9, markerscale=0.6)
    return figure


def plot_mistake_bound(
    ax: Any,
    margins: Sequence[float],
    updates: Sequence[float],
    bounds: Sequence[float],
    *,
    title: str = "Perceptron updates vs the bound $(R/\\gamma)^2$",
) -> Any:
    """For each data set, the updates the rule made and the theorem's bound against the margin (log-log).

    A thin vertical segment joins the two numbers of the same data set.
    """
    margins = np.asarray(margins, dtype=float)
    updates = np.asarray(updates, dtype=float)
    bounds = np.asarray(bounds, dtype=float)
    ax.vlines(margins, updates, bounds, color="gray", lw=0.6, alpha=0.7)
    ax.plot(margins, bounds, "_", color="black", ms=9, mew=1.6, label="bound $(R/\\gamma)^2$")
    ax.plot(margins, updates, "o", color=POSITIVE_COLOR, ms=5, label="updates made by the rule")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("margin $\\gamma$ of the best separator")
    ax.set_ylabel("number of updates")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


# ---------------------------------------------------------------- one-call figures of the chapter


def threshold_figure() -> Any:
    """The threshold activation alone (:func:`plot_threshold_activation`) in a small figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=5.0, height=3.0)
    plot_threshold_activation(ax)
    return figure


def gate_units_figure(units: Sequence[tuple[str, Sequence[float], float]]) -> Any:
    """One panel per ``(gate, weights, bias)``: the gate's four points and that unit's decision line.

    Parameters
    ----------
    units : sequence of (str, (float, float), float)
        A gate name of :func:`mlcourse.data.logic_gate` ("and", "or", "xor",
        "nand"), the weights ``(w1, w2)`` and the bias of a threshold unit.

    Returns
    -------
    matplotlib.figure.Figure
        Titled e.g. "AND: w = (1, 1), b = -1.5"; misclassified points circled.
    """
    panels = []
    for gate, weights, bias in units:
        X, y = logic_gate(gate)
        title = f"{gate.upper()}: w = ({weights[0]:g}, {weights[1]:g}), b = {bias:g}"
        panels.append((title, X, y, weights, bias))
    return gates_figure(panels, width=3.0 * len(panels), height=3.4)


def learned_gates_figure(models: Mapping[str, Any]) -> Any:
    """The lines the perceptron rule learned, one panel per gate, with the widest-margin line dashed.

    Parameters
    ----------
    models : mapping of str to mlcourse.models.Perceptron
        Gate name (as :func:`mlcourse.data.logic_gate`) to the model fitted on it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    panels, extras = [], []
    for gate, model in models.items():
        X, y = logic_gate(gate)
        panels.append((f"{gate.upper()} learned: {model.n_epochs_} epochs", X, y, model.weights_, model.bias_))
        weights, bias, _ = max_margin_separator(X, y)
        extras.append(("widest-margin line", weights, bias))
    return gates_figure(panels, extra_lines=extras, width=3.75 * len(panels), height=3.6)


def errors_figure(errors: Mapping[str, Sequence[int]], *, max_epochs: int | None = 15) -> Any:
    """Mistakes per epoch of the perceptron rule, one curve per gate (:func:`plot_errors_per_epoch`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.0, height=3.4)
    plot_errors_per_epoch(ax, errors, max_epochs=max_epochs)
    return figure


def mistake_bound_figure(experiment: BoundExperiment) -> Any:
    """The result of :func:`mlcourse.chapters.perceptron.analysis.bound_experiment` (:func:`plot_mistake_bound`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=5.8, height=3.6)
    plot_mistake_bound(ax, experiment.margins, experiment.updates, experiment.bounds)
    return figure


def steps_table(steps: Sequence[Any]) -> str:
    """The sample visits of :func:`mlcourse.chapters.perceptron.analysis.perceptron_steps` as a text table.

    One row per visit: step, epoch, the sample, its target, the net input and
    output before the update, the factor ``eta (y - y_hat)`` applied, and the
    weights and bias after it.

    Examples
    --------
    >>> from mlcourse.chapters.perceptron.analysis import PerceptronStep
    >>> print(steps_table([PerceptronStep(1, 1, 0, (0.0, 0.0), -1, 0.0, 1, -2.0, (0.0, 0.0), -2.0)]))
    step epoch  x        y    z     y_hat  eta(y - y_hat)   w after      b after
       1     1  (0, 0)   -1      0  +1        -2            (0, 0)       -2
    """
    lines = ["step epoch  x        y    z     y_hat  eta(y - y_hat)   w after      b after"]
    for s in steps:
        x_text = f"({s.x[0]:g}, {s.x[1]:g})"
        w_text = f"({s.weights[0]:g}, {s.weights[1]:g})"
        update = f"{s.update:+g}" if s.update else "0"
        lines.append(
            f"{s.step:>4} {s.epoch:>5}  {x_text:<8} {s.target:+d}  {s.net_input:>5g}  {s.output:+d}"
            f"     {update:>5}            {w_text:<11}  {s.bias:g}"
        )
    return "\n".join(lines)
