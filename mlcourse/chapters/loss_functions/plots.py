"""Plots for loss functions (chapter 7).

Squared and absolute error as functions of the residual, lines fitted under
each with outliers, the cross-entropy as a function of the probability of the
true class (with its gradient), and accuracy against cross-entropy as one
weight moves.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure

LOSS_COLORS = {
    "mse": "#1f77b4",
    "mae": "#d62728",
    "cross_entropy": "#2ca02c",
    "squared_error": "#1f77b4",
    "accuracy": "#7f7f7f",
    "true": "black",
}


def plot_residual_losses(loss_ax: Any, grad_ax: Any, *, span: float = 4.0) -> tuple[Any, Any]:
    """Squared and absolute error of one point against its residual, and their derivatives.

    Parameters
    ----------
    loss_ax, grad_ax : matplotlib.axes.Axes
        Where to draw the losses and the derivatives.
    span : float, default 4
        Half-width of the residual range.

    Returns
    -------
    (loss_ax, grad_ax)
    """
    r = np.linspace(-span, span, 401)
    loss_ax.plot(r, r**2, color=LOSS_COLORS["mse"], lw=2, label="squared error r^2 (MSE, L2)")
    loss_ax.plot(r, np.abs(r), color=LOSS_COLORS["mae"], lw=2, label="absolute error |r| (MAE, L1)")
    loss_ax.set_xlabel("residual r = prediction - target")
    loss_ax.set_ylabel("loss of one point")
    loss_ax.set_title("Loss of one point", fontsize=10)
    loss_ax.legend(fontsize=8)
    grad_ax.plot(r, 2 * r, color=LOSS_COLORS["mse"], lw=2, label="d(r^2)/dr = 2r")
    grad_ax.plot(r, np.sign(r), color=LOSS_COLORS["mae"], lw=2, label="d|r|/dr = sign(r)")
    grad_ax.axhline(0, color="0.6", lw=0.6)
    grad_ax.set_xlabel("residual r")
    grad_ax.set_ylabel("derivative")
    grad_ax.set_title("Pull of one point on the fit", fontsize=10)
    grad_ax.legend(fontsize=8)
    return loss_ax, grad_ax


def plot_line_fits(
    ax: Any,
    X: np.ndarray,
    y: np.ndarray,
    lines: Mapping[str, tuple[float, float]],
    *,
    outliers: np.ndarray | None = None,
    title: str = "",
) -> Any:
    """Scatter the points (outliers marked) and draw lines ``label -> (slope, intercept)``.

    A label starting with ``"MSE"``, ``"MAE"`` or ``"true"`` gets that colour.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    X : numpy.ndarray of shape (n, 1)
    y : numpy.ndarray of shape (n,)
    lines : mapping of str to (float, float)
        The lines to draw.
    outliers : numpy.ndarray of bool, optional
        Which points are outliers (drawn as crosses).
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = X[:, 0]
    mask = np.zeros(len(x), dtype=bool) if outliers is None else np.asarray(outliers, dtype=bool)
    ax.scatter(x[~mask], y[~mask], s=14, color="0.45", alpha=0.8, label="data")
    if mask.any():
        ax.scatter(x[mask], y[mask], s=40, marker="x", color="black", label="outliers")
    grid = np.linspace(x.min(), x.max(), 2)
    styles = {"true": ("black", ":"), "MSE": (LOSS_COLORS["mse"], "-"), "MAE": (LOSS_COLORS["mae"], "--")}
    for label, (slope, intercept) in lines.items():
        color, style = next((v for k, v in styles.items() if label.startswith(k)), ("0.3", "-."))
        ax.plot(grid, slope * grid + intercept, style, color=color, lw=2, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7.5, loc="upper left")
    return ax


def plot_slopes_vs_outlier_size(
    ax: Any,
    sizes: Sequence[float],
    mse_slopes: Sequence[float],
    mae_slopes: Sequence[float],
    *,
    true_slope: float,
    current: float | None = None,
) -> Any:
    """The fitted slope under MSE and under MAE against how far the outliers are moved.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    sizes : sequence of float
        Outlier sizes.
    mse_slopes, mae_slopes : sequence of float
        The slopes fitted at each size.
    true_slope : float
        The slope the data were drawn from.
    current : float, optional
        A size to mark with a vertical line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax.plot(sizes, mse_slopes, "o-", color=LOSS_COLORS["mse"], lw=2, ms=4, label="MSE fit")
    ax.plot(sizes, mae_slopes, "s--", color=LOSS_COLORS["mae"], lw=2, ms=4, label="MAE fit")
    ax.axhline(true_slope, color="black", ls=":", lw=1.2, label=f"true slope {true_slope:g}")
    if current is not None:
        ax.axvline(current, color="0.5", lw=1)
    ax.set_xlabel("outlier size (how far below the line)")
    ax.set_ylabel("fitted slope")
    ax.set_title("Slope against outlier size", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    return ax


def outlier_figure(
    X: np.ndarray,
    y: np.ndarray,
    outliers: np.ndarray,
    fits: Mapping[str, tuple[float, float]],
    sizes: Sequence[float],
    slopes: Mapping[str, Sequence[float]],
    *,
    size: float,
    true_line: tuple[float, float],
) -> Any:
    """The outlier widget's picture: the data with the three lines, and the slopes over all sizes.

    Parameters
    ----------
    X, y : numpy.ndarray
        The data at the chosen size.
    outliers : numpy.ndarray of bool
        Which points are outliers.
    fits : mapping
        ``{"mse": (slope, intercept), "mae": (slope, intercept)}``.
    sizes : sequence of float
        Every outlier size of the widget.
    slopes : mapping
        ``{"mse": [...], "mae": [...]}``: the fitted slopes at each size.
    size : float
        The chosen size.
    true_line : (float, float)
        Slope and intercept the data were drawn from.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    lines = {
        f"true line: slope {true_line[0]:.2f}": true_line,
        f"MSE fit: slope {fits['mse'][0]:.2f}": fits["mse"],
        f"MAE fit: slope {fits['mae'][0]:.2f}": fits["mae"],
    }
    plot_line_fits(
        left, X, y, lines, outliers=outliers, title=f"{int(np.sum(outliers))} outlier(s) moved down by {size:g}"
    )
    plot_slopes_vs_outlier_size(right, sizes, slopes["mse"], slopes["mae"], true_slope=true_line[0], current=size)
    return figure


def plot_cross_entropy_curves(ax: Any) -> Any:
    """Binary cross-entropy of one sample against the predicted probability of class 1, for each label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlcourse.losses import binary_cross_entropy

    p = np.linspace(0.005, 0.995, 199)
    for label, style in ((1, "-"), (0, "--")):
        values = [binary_cross_entropy(np.array([q]), np.array([label])) for q in p]
        name = "-log p" if label == 1 else "-log(1 - p)"
        ax.plot(p, values, style, lw=2, color=LOSS_COLORS["cross_entropy"], label=f"label t = {label}: {name}")
    ax.set_xlabel("predicted probability p of class 1")
    ax.set_ylabel("binary cross-entropy")
    ax.set_title("A confident wrong answer costs the most", fontsize=10)
    ax.legend(fontsize=8, loc="upper center")
    return ax


def plot_accuracy_vs_cross_entropy(
    ax: Any,
    values: np.ndarray,
    accuracy: np.ndarray,
    cross_entropy: np.ndarray,
    *,
    weight_name: str = "w1",
    current: float | None = None,
) -> tuple[Any, Any]:
    """Accuracy (a staircase) and cross-entropy (a smooth curve) against one weight.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw (accuracy on the left axis, cross-entropy on a twin axis).
    values : numpy.ndarray
        The weight's values.
    accuracy, cross_entropy : numpy.ndarray
        As returned by :func:`mlcourse.chapters.loss_functions.analysis.accuracy_and_cross_entropy_along`.
    weight_name : str, default "w1"
        For the x label.
    current : float, optional
        The trained value of the weight, marked with a vertical line.

    Returns
    -------
    (ax, twin)
    """
    ax.step(values, accuracy, where="mid", color=LOSS_COLORS["accuracy"], lw=1.6, label="accuracy")
    ax.set_xlabel(f"weight {weight_name} (the other parameters fixed)")
    ax.set_ylabel("accuracy")
    twin = ax.twinx()
    twin.plot(values, cross_entropy, color=LOSS_COLORS["cross_entropy"], lw=2, label="cross-entropy")
    twin.set_ylabel("cross-entropy")
    if current is not None:
        ax.axvline(current, color="0.5", ls=":", lw=1, label="trained value")
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=8, loc="lower right")
    ax.set_title("Accuracy is a staircase, cross-entropy a slope", fontsize=10)
    return ax, twin


def true_class_figure(p: float, wrt: str) -> Any:
    """The cross-entropy widget's picture: both losses and their gradients against ``p``, current ``p`` marked.

    Parameters
    ----------
    p : float
        The probability given to the true class.
    wrt : {"logit", "probability"}
        The variable of the gradients.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.loss_functions.analysis import true_class_loss

    grid = np.linspace(0.005, 0.995, 199)
    figure, (left, right) = new_figure(2, width=9.5, height=3.5)
    names = {"cross_entropy": "cross-entropy -log p", "squared_error": "squared error (p - 1)^2"}
    low = -5.0 if wrt == "probability" else -1.05
    for loss, label in names.items():
        color = LOSS_COLORS[loss]
        values, grads = true_class_loss(grid, loss, wrt)
        value, grad = (float(a[0]) for a in true_class_loss(np.array([p]), loss, wrt))
        left.plot(grid, values, lw=2, color=color, label=label)
        left.plot([p], [value], "o", ms=8, color=color)
        right.plot(grid, np.where(grads < low, np.nan, grads), lw=2, color=color, label=label)
        shown = max(grad, low)
        right.plot([p], [shown], "o", ms=8, color=color)
        if grad < low:
            right.annotate(
                f"{grad:.3g} (off the chart)",
                (p, low),
                xytext=(8, 10),
                textcoords="offset points",
                fontsize=8,
                color=color,
                arrowprops={"arrowstyle": "->", "color": color},
            )
    left.set_xlabel("probability p given to the true class")
    left.set_ylabel("loss")
    left.set_title("Loss of one sample", fontsize=10)
    left.set_ylim(0, 5.5)
    left.legend(fontsize=8)
    variable = "the logit z (p = sigmoid(z))" if wrt == "logit" else "the probability p"
    right.axhline(0, color="0.6", lw=0.6)
    right.set_ylim(low, 0.3)
    right.set_xlabel("probability p given to the true class")
    right.set_ylabel("gradient")
    right.set_title(f"Gradient with respect to {variable}", fontsize=10)
    right.legend(fontsize=8, loc="lower right")
    return figure


def residual_losses_figure(*, span: float = 4.0) -> Any:
    """Both panels of :func:`plot_residual_losses` (the losses, their derivatives) on a figure of their own.

    Parameters
    ----------
    span : float, default 4
        Half-width of the residual range.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.0, height=3.3)
    plot_residual_losses(left, right, span=span)
    return figure


def line_fits_figure(
    X: np.ndarray,
    y: np.ndarray,
    lines: Mapping[str, tuple[float, float]],
    *,
    outliers: np.ndarray | None = None,
    title: str = "",
) -> Any:
    """:func:`plot_line_fits` on a figure of its own.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, 1)
    y : numpy.ndarray of shape (n,)
    lines : mapping of str to (float, float)
        Label -> (slope, intercept).
    outliers : numpy.ndarray of bool, optional
        Which points are outliers.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.0, height=3.6)
    plot_line_fits(ax, X, y, lines, outliers=outliers, title=title)
    return figure


def cross_entropy_figure() -> Any:
    """:func:`plot_cross_entropy_curves` on a figure of its own.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=5.5, height=3.3)
    plot_cross_entropy_curves(ax)
    return figure


def accuracy_vs_cross_entropy_figure(
    values: np.ndarray, accuracy: np.ndarray, cross_entropy: np.ndarray, *, current: float | None = None
) -> Any:
    """:func:`plot_accuracy_vs_cross_entropy` on a figure of its own.

    Parameters
    ----------
    values : numpy.ndarray
        The weight's values.
    accuracy, cross_entropy : numpy.ndarray
        The accuracy and the cross-entropy at each value.
    current : float, optional
        The trained value of the weight.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.5, height=3.5)
    plot_accuracy_vs_cross_entropy(ax, values, accuracy, cross_entropy, current=current)
    return figure


# ----------------------------------------- the section page on entropy and KL

ENTROPY_COLORS = ("#9467bd", "#2ca02c", "#ff7f0e")


def binary_entropy_figure(marked: Sequence[float] = (0.5, 0.9)) -> Any:
    """The entropy of a coin, in bits, against its probability of heads, with some coins marked.

    Parameters
    ----------
    marked : sequence of float, default (0.5, 0.9)
        Probabilities of heads to mark with their entropy.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.loss_functions.analysis import entropy

    q = np.linspace(0.0, 1.0, 201)
    figure, ax = new_figure(width=5.5, height=3.2)
    ax.plot(q, entropy(np.column_stack([q, 1 - q]), base=2), lw=2, color=ENTROPY_COLORS[0], label="H(q) in bits")
    for value in marked:
        bits = entropy([value, 1 - value], base=2)
        ax.plot([value], [bits], "o", color="black", ms=5)
        right = value > 0.7  # write the label to the left of the point, inside the axes
        ax.annotate(
            f"q = {value:g}: {bits:.3g} bit{'' if round(bits, 3) == 1 else 's'}",
            (value, bits),
            textcoords="offset points",
            xytext=(-8, -12) if right else (6, 4),
            ha="right" if right else "left",
            fontsize=8,
        )
    ax.set_xlabel("probability q of heads")
    ax.set_ylabel("entropy (bits)")
    ax.set_ylim(0, 1.15)
    ax.set_title("A coin is most surprising when it is fair", fontsize=10)
    ax.legend(fontsize=8, loc="lower center")
    return figure


def cross_entropy_over_p_figure(targets: Sequence[float] = (1.0, 0.7), *, gap_at: float = 0.3) -> Any:
    """The cross-entropy ``H(t, p)`` of two-class targets against the model's probability, in nats.

    One curve per target ``t = (t_1, 1 - t_1)``; a dashed line at its entropy
    ``H(t)`` (the curve's minimum, at ``p = t``); for the last target, the gap
    ``KL(t || p)`` drawn as a bracket at ``p = gap_at``.

    Parameters
    ----------
    targets : sequence of float, default (1.0, 0.7)
        The targets' probabilities ``t_1`` of class 1.
    gap_at : float, default 0.3
        Where to draw the KL gap.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.loss_functions.analysis import cross_entropy, entropy

    p = np.linspace(0.005, 0.995, 199)
    figure, ax = new_figure(width=6.0, height=3.6)
    for color, t1 in zip(ENTROPY_COLORS[1:], targets):
        t = np.tile([t1, 1 - t1], (len(p), 1))
        ax.plot(
            p,
            cross_entropy(t, np.column_stack([p, 1 - p])),
            lw=2,
            color=color,
            label=f"H(t, p), t = ({t1:g}, {1 - t1:.1g})",
        )
        floor = entropy([t1, 1 - t1])
        ax.axhline(floor, color=color, ls="--", lw=1, label=f"H(t) = {floor:.3f}")
        ax.plot([t1], [floor], "o", color=color, ms=6)
    at = np.array([gap_at, 1 - gap_at])
    t = np.array([targets[-1], 1 - targets[-1]])
    low, high = entropy(t), cross_entropy(t, at)
    ax.annotate("", (gap_at, low), (gap_at, high), arrowprops={"arrowstyle": "<->", "color": "black", "lw": 1})
    ax.text(gap_at - 0.015, (low + high) / 2, f"KL(t || p) = {high - low:.3f}", fontsize=8, va="center", ha="right")
    ax.set_xlabel("model's probability p of class 1")
    ax.set_ylabel("cross-entropy (nats)")
    ax.set_ylim(0, 3)
    ax.set_title("The minimum is at p = t, and its value is H(t)", fontsize=10)
    ax.legend(fontsize=8, loc="upper center")
    return figure


def logit_descent_figure(histories: Mapping[str, np.ndarray], floors: Mapping[str, float]) -> Any:
    """Loss curves of :func:`~mlcourse.chapters.loss_functions.analysis.descend_on_logits`, each with its floor ``H(t)``.

    Parameters
    ----------
    histories : mapping of str to numpy.ndarray
        A label and the loss at each step, per target.
    floors : mapping of str to float
        The same labels and each target's entropy, drawn dashed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, ax = new_figure(width=6.0, height=3.4)
    for color, (label, losses) in zip(ENTROPY_COLORS[1:], histories.items()):
        ax.plot(np.arange(len(losses)), losses, lw=2, color=color, label=label)
        ax.axhline(floors[label], color=color, ls="--", lw=1, label=f"its H(t) = {floors[label]:.2f}")
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("cross-entropy (nats)")
    ax.set_ylim(bottom=0)
    ax.set_title("The loss falls towards H(t), which is 0 only for a one-hot target", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    return figure
