"""Chapter 5 widget: the probability given to the true class against the loss and its gradient.

Claim made visible: the cross-entropy punishes a confident wrong answer without
limit, and its gradient with respect to the logit is simply ``p - 1``, largest
exactly when the prediction is most wrong; the squared error of the same
sigmoid output has a gradient that vanishes there.

``OUTLIERS_WIDGET`` (``render_outliers``): chapter 5 widget: outliers pull the MSE line and barely move the MAE line.

Claim made visible: the squared error lets a few far-away points decide the
fit (its pull grows with the residual), while the absolute error gives every
point the same pull, so the L1 line stays with the bulk of the data.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.loss_functions.analysis import true_class_loss
from mlcourse.chapters.loss_functions.robust import exact_line
from mlcourse.data import make_noisy_line
from mlcourse.losses import mae_grad, mse_grad

PROBABILITIES = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)
VARIABLES = ("logit", "probability")


def render(p: float = 0.1, wrt: str = "logit") -> Rendered:
    """Draw both losses and their gradients against p; report them at the chosen p."""
    from mlcourse.chapters.loss_functions.plots import true_class_figure

    figure = true_class_figure(p, wrt)
    ce, ce_grad = (float(a[0]) for a in true_class_loss(np.array([p]), "cross_entropy", wrt))
    se, se_grad = (float(a[0]) for a in true_class_loss(np.array([p]), "squared_error", wrt))
    numbers = {
        "p (true class)": p,
        "cross-entropy": ce,
        f"d cross-entropy / d {wrt}": ce_grad,
        "squared error": se,
        f"d squared error / d {wrt}": se_grad,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("p", PROBABILITIES, 0.1, label="probability of the true class"),
        Control("wrt", VARIABLES, "logit", label="gradient with respect to", kind="dropdown"),
    ],
    title="Cross-entropy and squared error of one prediction",
    claim="Cross-entropy grows without bound as p -> 0 and its logit gradient p - 1 is largest when most wrong; "
    "the squared error's logit gradient vanishes there.",
)


SIZES = (0, 2, 5, 10, 15, 20, 30, 40)
N_OUTLIERS = (1, 3, 6, 12)
TRUE_SLOPE, TRUE_INTERCEPT = 2.0, 1.0


def chapter_data(outlier_size: float, n_outliers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """60 noisy points around y = 2x + 1 (seed 0); the ``n_outliers`` with the largest x moved down.

    Returns ``X``, ``y`` and a boolean mask of the outliers.
    """
    X, y = make_noisy_line(60, slope=TRUE_SLOPE, intercept=TRUE_INTERCEPT, noise=1.0, n_outliers=n_outliers,
                           outlier_size=float(outlier_size), seed=0)
    mask = np.zeros(len(y), dtype=bool)
    mask[np.argsort(X[:, 0])[-n_outliers:]] = True
    return X, y, mask


@lru_cache(maxsize=None)
def fits(n_outliers: int) -> dict[float, dict[str, tuple[float, float]]]:
    """The exact MSE and MAE lines at every outlier size, cached per number of outliers."""
    table = {}
    for size in SIZES:
        X, y, _ = chapter_data(size, n_outliers)
        table[size] = {"mse": exact_line(X, y, "mse"), "mae": exact_line(X, y, "mae")}
    return table


def render_outliers(outlier_size: float = 20, n_outliers: int = 3) -> Rendered:
    """Fit the chapter's data under MSE and MAE; draw the lines and the slopes over all sizes.

    Numbers: the true slope, both fitted slopes and intercepts, and the
    outliers' share of each loss's pull on the slope at the true line: the
    sum of ``|dL_i/dw|`` over the outliers divided by the sum over all points
    (``dL_i/dw = dL/dpred_i * x_i``, from ``losses.mse_grad`` and ``losses.mae_grad``).
    """
    from mlcourse.chapters.loss_functions.plots import outlier_figure

    X, y, mask = chapter_data(outlier_size, n_outliers)
    table = fits(n_outliers)
    current = table[outlier_size]
    slopes = {name: [table[size][name][0] for size in SIZES] for name in ("mse", "mae")}
    figure = outlier_figure(X, y, mask, current, SIZES, slopes, size=outlier_size,
                            true_line=(TRUE_SLOPE, TRUE_INTERCEPT))
    true_prediction = TRUE_SLOPE * X[:, 0] + TRUE_INTERCEPT
    pulls = {name: np.abs(grad(true_prediction, y) * X[:, 0]) for name, grad in (("MSE", mse_grad), ("MAE", mae_grad))}
    numbers = {
        "true slope": TRUE_SLOPE,
        "MSE slope": current["mse"][0],
        "MAE slope": current["mae"][0],
        "MSE intercept": current["mse"][1],
        "MAE intercept": current["mae"][1],
        **{f"outliers' share of the {name} pull (%)": 100 * float(pull[mask].sum() / pull.sum())
           for name, pull in pulls.items()},
    }
    return Rendered(figure, numbers)


OUTLIERS_WIDGET = Widget(
    render_outliers,
    [
        Control("outlier_size", SIZES, 20, label="outlier size"),
        Control("n_outliers", N_OUTLIERS, 3, label="number of outliers (of 60)", kind="dropdown"),
    ],
    title="Outliers under squared and absolute error",
    claim="A few outliers drag the MSE line as far as they are moved; the MAE line stays with the bulk of the data.",
)
