"""Chapter 7 widgets: the cross-entropy of one prediction, and outliers under squared and absolute error.

``WIDGET`` plots the cross-entropy and the squared error of one sigmoid
output against the probability ``p`` given to the true class, with their
gradients. Claim made visible: the cross-entropy punishes a confident wrong
answer without limit, and its gradient with respect to the logit is simply
``p - 1``, largest exactly when the prediction is most wrong; the squared
error's gradient vanishes there. The curves change only with the variable of
the gradient (the background control); moving ``p`` moves the four dots and
the note of a gradient off the chart.

``OUTLIERS_WIDGET`` fits a line to the chapter's data under the MSE and the
MAE while outliers are moved away. Claim made visible: the squared error lets
a few far-away points decide the fit (its pull grows with the residual), while
the absolute error gives every point the same pull, so the L1 line stays with
the bulk of the data. The slopes over every outlier size change only with the
number of outliers (the background control); the data panel keeps one scale
for every state, so the outliers are seen moving down while the lines tilt.

The data and the fits are :mod:`mlcourse.chapters.loss_functions.analysis`;
this module only draws and reports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget
from mlcourse.chapters.loss_functions.analysis import (
    OUTLIER_COUNTS,
    OUTLIER_SIZES,
    TRUE_INTERCEPT,
    TRUE_SLOPE,
    outlier_data,
    outlier_fits,
    outliers_share_of_pull,
    true_class_loss,
)

PROBABILITIES = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)
VARIABLES = ("logit", "probability")

LOSS_NAMES = {"cross_entropy": "cross-entropy -log p", "squared_error": "squared error (p - 1)^2"}
GRID = np.linspace(0.005, 0.995, 199)  # the probabilities of the curves
MARGIN = 0.05  # matplotlib's default margin, for the limits fixed here


@lru_cache(maxsize=None)
def _curve(loss: str, wrt: str) -> tuple[np.ndarray, np.ndarray]:
    """The loss and its gradient over :data:`GRID` (cached: the library computes them sample by sample)."""
    return true_class_loss(GRID, loss, wrt)


@lru_cache(maxsize=None)
def _at(p: float, loss: str, wrt: str) -> tuple[float, float]:
    """The loss and its gradient at one ``p``."""
    value, grad = (float(a[0]) for a in true_class_loss(np.array([p]), loss, wrt))
    return value, grad


def _gradient_floor(wrt: str) -> float:
    """The bottom of the gradient panel: a gradient below it is drawn at the edge and labelled."""
    return -5.0 if wrt == "probability" else -1.05


def build() -> Scene:
    """Both losses against p (left) and their gradients (right), the current p as dots (placeholder data)."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.loss_functions.plots import LOSS_COLORS

    figure, (left, right) = new_figure(2, width=9.5, height=3.5)
    curves, gradients, dots, gradient_dots, notes = {}, {}, {}, {}, {}
    for loss, label in LOSS_NAMES.items():
        color = LOSS_COLORS[loss]
        (curves[loss],) = left.plot(GRID, _curve(loss, "logit")[0], lw=2, color=color, label=label)
        (dots[loss],) = left.plot([0.5], [0.0], "o", ms=8, color=color)
        (gradients[loss],) = right.plot(GRID, np.zeros_like(GRID), lw=2, color=color, label=label)
        (gradient_dots[loss],) = right.plot([0.5], [0.0], "o", ms=8, color=color)
        notes[loss] = right.annotate(
            "",
            (0.5, 0.0),
            xytext=(8, 10),
            textcoords="offset points",
            fontsize=8,
            color=color,
            arrowprops={"arrowstyle": "->", "color": color},
        )
    span = GRID[-1] - GRID[0]
    for ax in (left, right):
        ax.set_xlim(GRID[0] - MARGIN * span, GRID[-1] + MARGIN * span)
        ax.set_xlabel("probability p given to the true class")
    left.set_ylabel("loss")
    left.set_title("Loss of one sample", fontsize=10)
    left.set_ylim(0, 5.5)
    left.legend(fontsize=8, loc="upper right")  # fixed, whatever p: the curves leave that corner empty
    right.axhline(0, color="0.6", lw=0.6)
    right.set_ylabel("gradient")
    right.legend(fontsize=8, loc="lower right")
    scene = Scene(
        figure, left=left, right=right, gradients=gradients, dots=dots, gradient_dots=gradient_dots, notes=notes
    )
    scene.changing(*dots.values(), *gradient_dots.values(), *notes.values())
    return scene


def update(scene: Scene, p: float = 0.1, wrt: str = "logit") -> dict:
    """Mark the chosen p on both losses and both gradients; report them."""
    low = _gradient_floor(wrt)
    if scene.memo.get("wrt") != wrt:  # the gradient curves, their scale and the title
        for loss, line in scene.gradients.items():
            grads = _curve(loss, wrt)[1]
            line.set_ydata(np.where(grads < low, np.nan, grads))
        scene.right.set_ylim(low, 0.3)
        variable = "the logit z (p = sigmoid(z))" if wrt == "logit" else "the probability p"
        scene.right.set_title(f"Gradient with respect to {variable}", fontsize=10)
        scene.memo["wrt"] = wrt
    values = {}
    for loss in LOSS_NAMES:
        value, grad = _at(p, loss, wrt)
        values[loss] = value, grad
        scene.dots[loss].set_data([p], [value])
        scene.gradient_dots[loss].set_data([p], [max(grad, low)])
        note = scene.notes[loss]
        note.set_visible(grad < low)
        note.xy = (p, low)
        note.set_text(f"{grad:.3g} (off the chart)" if grad < low else "")
    (ce, ce_grad), (se, se_grad) = values["cross_entropy"], values["squared_error"]
    return {
        "p (true class)": p,
        "cross-entropy": ce,
        f"d cross-entropy / d {wrt}": ce_grad,
        "squared error": se,
        f"d squared error / d {wrt}": se_grad,
    }


def render(p: float = 0.1, wrt: str = "logit") -> Any:
    """The widget's figure and numbers for one state (a new scene): ``WIDGET.render(...)``."""
    return WIDGET.render(p=p, wrt=wrt)


WIDGET = Widget(
    build,
    update,
    [
        Control("p", PROBABILITIES, 0.1, label="probability of the true class"),
        Control("wrt", VARIABLES, "logit", label="gradient with respect to", kind="dropdown"),
    ],
    title="Cross-entropy and squared error of one prediction",
    claim="Cross-entropy grows without bound as p -> 0 and its logit gradient p - 1 is largest when most wrong; "
    "the squared error's logit gradient vanishes there.",
    background=("wrt",),
)


# ----------------------------------------------------------------------------- outliers


@lru_cache(maxsize=None)
def _outlier_state(outlier_size: float, n_outliers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """The data of one state and the outliers' share of each loss's pull (cached per state)."""
    X, y, outliers = outlier_data(outlier_size, n_outliers)
    return X, y, outliers, outliers_share_of_pull(X, y, outliers)


@lru_cache(maxsize=None)
def _data_limits() -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits of the data panel that hold every state: the points and the three lines, plus margins."""
    xs, ys = [], []
    for n_outliers in OUTLIER_COUNTS:
        fits = outlier_fits(n_outliers)
        for size in OUTLIER_SIZES:
            X, y, _, _ = _outlier_state(size, n_outliers)
            ends = np.array([X[:, 0].min(), X[:, 0].max()])
            xs += list(ends)
            ys += list(y)
            for slope, intercept in [(TRUE_SLOPE, TRUE_INTERCEPT), *fits[size].values()]:
                ys += list(slope * ends + intercept)
    limits = []
    for values in (xs, ys):
        low, high = min(values), max(values)
        limits.append((low - MARGIN * (high - low), high + MARGIN * (high - low)))
    return limits[0], limits[1]


def build_outliers() -> Scene:
    """The data with the true, MSE and MAE lines (left) and the slopes over all outlier sizes (right)."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.loss_functions.plots import LOSS_COLORS

    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    x_limits, y_limits = _data_limits()
    X, _, _, _ = _outlier_state(0, OUTLIER_COUNTS[0])
    ends = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    data = left.scatter([], [], s=14, color="0.45", alpha=0.8, label="data")
    marked = left.scatter([], [], s=40, marker="x", color="black", label="outliers")
    (true_line,) = left.plot(
        ends, TRUE_SLOPE * ends + TRUE_INTERCEPT, ":", color="black", lw=2, label=f"true line: slope {TRUE_SLOPE:.2f}"
    )
    (mse_line,) = left.plot(ends, ends, "-", color=LOSS_COLORS["mse"], lw=2, label="MSE fit")
    (mae_line,) = left.plot(ends, ends, "--", color=LOSS_COLORS["mae"], lw=2, label="MAE fit")
    left.set_xlim(*x_limits)
    left.set_ylim(*y_limits)
    left.set_xlabel("x")
    left.set_ylabel("y")
    left.set_title(" ", fontsize=10)
    left.legend(fontsize=7.5, loc="lower left")  # the outliers sit at the right end, below the line
    slope_texts = {  # above the legend: a region no state's points or lines reach
        name: left.text(0.02, 0.36 + 0.065 * row, "", transform=left.transAxes, fontsize=8, color=LOSS_COLORS[name])
        for row, name in enumerate(("mae", "mse"))
    }

    (mse_slopes,) = right.plot(OUTLIER_SIZES, np.zeros(len(OUTLIER_SIZES)), "o-", color=LOSS_COLORS["mse"], lw=2,
                               ms=4, label="MSE fit")  # fmt: skip
    (mae_slopes,) = right.plot(OUTLIER_SIZES, np.zeros(len(OUTLIER_SIZES)), "s--", color=LOSS_COLORS["mae"], lw=2,
                               ms=4, label="MAE fit")  # fmt: skip
    right.axhline(TRUE_SLOPE, color="black", ls=":", lw=1.2, label=f"true slope {TRUE_SLOPE:g}")
    size_line = right.axvline(OUTLIER_SIZES[0], color="0.5", lw=1)
    span = max(OUTLIER_SIZES) - min(OUTLIER_SIZES)
    right.set_xlim(min(OUTLIER_SIZES) - MARGIN * span, max(OUTLIER_SIZES) + MARGIN * span)
    right.set_xlabel("outlier size (how far below the line)")
    right.set_ylabel("fitted slope")
    right.set_title("Slope against outlier size", fontsize=10)
    right.legend(fontsize=8, loc="lower left")
    scene = Scene(
        figure,
        left=left,
        right=right,
        data=data,
        marked=marked,
        true_line=true_line,
        mse_line=mse_line,
        mae_line=mae_line,
        slope_texts=slope_texts,
        mse_slopes=mse_slopes,
        mae_slopes=mae_slopes,
        size_line=size_line,
    )
    scene.changing(data, marked, mse_line, mae_line, *slope_texts.values(), left.title, size_line)
    return scene


def update_outliers(scene: Scene, outlier_size: float = 20, n_outliers: int = 3) -> dict:
    """Show the data at one outlier size with the exact MSE and MAE lines; mark the size among all sizes.

    Numbers: the true slope, both fitted slopes and intercepts, and the
    outliers' share of each loss's pull on the slope at the true line
    (:func:`~mlcourse.chapters.loss_functions.analysis.outliers_share_of_pull`).
    """
    fits = outlier_fits(n_outliers)
    if scene.memo.get("n_outliers") != n_outliers:  # the slopes over every size, and their scale
        slopes = {name: np.array([fits[size][name][0] for size in OUTLIER_SIZES]) for name in ("mse", "mae")}
        scene.mse_slopes.set_ydata(slopes["mse"])
        scene.mae_slopes.set_ydata(slopes["mae"])
        low = min(values.min() for values in slopes.values())
        high = max(TRUE_SLOPE, *(values.max() for values in slopes.values()))  # the true slope's line in view
        scene.right.set_ylim(low - MARGIN * (high - low), high + MARGIN * (high - low))
        scene.memo["n_outliers"] = n_outliers
    X, y, outliers, shares = _outlier_state(outlier_size, n_outliers)
    current = fits[outlier_size]
    x = X[:, 0]
    scene.data.set_offsets(np.column_stack([x[~outliers], y[~outliers]]))
    scene.marked.set_offsets(np.column_stack([x[outliers], y[outliers]]))
    ends = scene.mse_line.get_xdata()
    for name, line in (("mse", scene.mse_line), ("mae", scene.mae_line)):
        slope, intercept = current[name]
        line.set_ydata(slope * ends + intercept)
        scene.slope_texts[name].set_text(f"{name.upper()} fit: slope {slope:.2f}")
    scene.left.set_title(f"{int(np.sum(outliers))} outlier(s) moved down by {outlier_size:g}", fontsize=10)
    scene.size_line.set_xdata([outlier_size, outlier_size])
    return {
        "true slope": TRUE_SLOPE,
        "MSE slope": current["mse"][0],
        "MAE slope": current["mae"][0],
        "MSE intercept": current["mse"][1],
        "MAE intercept": current["mae"][1],
        **{f"outliers' share of the {name.upper()} pull (%)": share for name, share in shares.items()},
    }


def render_outliers(outlier_size: float = 20, n_outliers: int = 3) -> Any:
    """The outlier widget's figure and numbers for one state (a new scene): ``OUTLIERS_WIDGET.render(...)``."""
    return OUTLIERS_WIDGET.render(outlier_size=outlier_size, n_outliers=n_outliers)


OUTLIERS_WIDGET = Widget(
    build_outliers,
    update_outliers,
    [
        Control("outlier_size", OUTLIER_SIZES, 20, label="outlier size"),
        Control("n_outliers", OUTLIER_COUNTS, 3, label="number of outliers (of 60)", kind="dropdown"),
    ],
    title="Outliers under squared and absolute error",
    claim="A few outliers drag the MSE line as far as they are moved; the MAE line stays with the bulk of the data.",
    background=("n_outliers",),
)
