"""Chapter 7 widgets: the cross-entropy of one prediction, and outliers under squared and absolute error.

``WIDGET`` (:func:`render`) plots the cross-entropy and the squared error of
one sigmoid output against the probability ``p`` given to the true class,
with their gradients. Claim made visible: the cross-entropy punishes a
confident wrong answer without limit, and its gradient with respect to the
logit is simply ``p - 1``, largest exactly when the prediction is most wrong;
the squared error's gradient vanishes there.

``OUTLIERS_WIDGET`` (:func:`render_outliers`) fits a line to the chapter's
data under the MSE and the MAE while outliers are moved away. Claim made
visible: the squared error lets a few far-away points decide the fit (its
pull grows with the residual), while the absolute error gives every point the
same pull, so the L1 line stays with the bulk of the data.

The data and the fits are :mod:`mlcourse.chapters.loss_functions.analysis`;
this module only draws and reports.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
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


def render_outliers(outlier_size: float = 20, n_outliers: int = 3) -> Rendered:
    """Draw the chapter's data with the exact MSE and MAE lines, and the slopes over all outlier sizes.

    Numbers: the true slope, both fitted slopes and intercepts, and the
    outliers' share of each loss's pull on the slope at the true line
    (:func:`~mlcourse.chapters.loss_functions.analysis.outliers_share_of_pull`).
    """
    from mlcourse.chapters.loss_functions.plots import outlier_figure

    X, y, outliers = outlier_data(outlier_size, n_outliers)
    fits = outlier_fits(n_outliers)
    current = fits[outlier_size]
    slopes = {name: [fits[size][name][0] for size in OUTLIER_SIZES] for name in ("mse", "mae")}
    figure = outlier_figure(
        X, y, outliers, current, OUTLIER_SIZES, slopes, size=outlier_size, true_line=(TRUE_SLOPE, TRUE_INTERCEPT)
    )
    shares = outliers_share_of_pull(X, y, outliers)
    numbers = {
        "true slope": TRUE_SLOPE,
        "MSE slope": current["mse"][0],
        "MAE slope": current["mae"][0],
        "MSE intercept": current["mse"][1],
        "MAE intercept": current["mae"][1],
        **{f"outliers' share of the {name.upper()} pull (%)": share for name, share in shares.items()},
    }
    return Rendered(figure, numbers)


OUTLIERS_WIDGET = Widget(
    render_outliers,
    [
        Control("outlier_size", OUTLIER_SIZES, 20, label="outlier size"),
        Control("n_outliers", OUTLIER_COUNTS, 3, label="number of outliers (of 60)", kind="dropdown"),
    ],
    title="Outliers under squared and absolute error",
    claim="A few outliers drag the MSE line as far as they are moved; the MAE line stays with the bulk of the data.",
)
