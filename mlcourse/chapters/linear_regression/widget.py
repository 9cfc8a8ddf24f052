"""Chapter 1 widget: the learning rate and the number of epochs fitting a line.

Claim made visible: gradient descent reaches the normal equation's line when
the learning rate is right; too small and it has not arrived after the given
epochs, too large and the loss grows instead of shrinking. The data are
:func:`mlcourse.chapters.linear_regression.analysis.chapter_data`.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget
from mlcourse.chapters.linear_regression.analysis import chapter_data
from mlcourse.losses import mse
from mlcourse.models import LinearRegression, TrainingDiverged

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.35, 0.5)
EPOCHS = (5, 10, 20, 50, 100, 200)


LOSS_LIMITS = (0.8, 40.0)  # a diverging run leaves the top of the plot; its title says so


def build() -> Scene:
    """The figure: data and two lines on the left, the loss curves on the right (placeholder data)."""
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.linear_regression.plots import plot_data_and_lines

    X_train, X_test, y_train, y_test = chapter_data()
    exact = _exact_fit()
    figure, (left, right) = new_figure(2, width=9.0, height=3.3)
    plot_data_and_lines(
        left,
        X_train,
        y_train,
        X_test=X_test,
        y_test=y_test,
        lines=[("gradient descent", 0.0, 0.0), ("normal equation", exact.weights_[0], exact.bias_)],
        title=" ",
    )
    left.set_ylim(y_train.min() - 3, y_train.max() + 3)
    (train_curve,) = right.plot([], [], lw=1.8, label="training MSE")
    (test_curve,) = right.plot([], [], lw=1.4, ls="--", label="test MSE")
    right.axhline(exact.loss_history_[0], color="gray", lw=0.8, ls=":", label="best possible (training)")
    right.set_yscale("log")
    right.set_ylim(*LOSS_LIMITS)
    right.set_xlabel("epoch (one gradient step on the whole training set)")
    right.set_ylabel("MSE (log scale)")
    right.set_title(" ")
    right.legend(fontsize=8)
    scene = Scene(figure, left=left, right=right, fit_line=left.lines[0])
    scene.changing(left.lines[0], left.title, train_curve, test_curve, right.title)
    scene.train_curve, scene.test_curve = train_curve, test_curve
    return scene


@lru_cache(maxsize=None)
def _exact_fit() -> LinearRegression:
    X_train, _, y_train, _ = chapter_data()
    return LinearRegression(method="normal_equation").fit(X_train, y_train)


@lru_cache(maxsize=None)
def _gradient_descent(learning_rate: float, epochs: int) -> tuple[LinearRegression, list[float]]:
    X_train, X_test, y_train, y_test = chapter_data()
    model = LinearRegression(learning_rate=learning_rate, epochs=epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingDiverged)  # reported in the numbers instead
        model.fit(X_train, y_train)
    test_losses = [mse(X_test @ row[:-1] + row[-1], y_test) for row in model.path_]  # rows (w, b)
    return model, test_losses


def update(scene: Scene, learning_rate: float = 0.1, epochs: int = 50) -> dict:
    """Fit the chapter's line by gradient descent and show the fit and the loss curves.

    Returns the numbers: the final training and test MSE, the fitted slope
    and intercept, the exact ones, and whether training diverged.
    """
    exact = _exact_fit()
    model, test_losses = _gradient_descent(learning_rate, epochs)
    grid = scene.fit_line.get_xdata()
    scene.fit_line.set_ydata(model.weights_[0] * grid + model.bias_)
    scene.left.set_title(f"Fit after {model.n_steps_} step(s), learning rate {learning_rate}")
    scene.train_curve.set_data(np.arange(len(model.loss_history_)), model.loss_history_)
    scene.test_curve.set_data(np.arange(len(test_losses)), test_losses)
    scene.right.set_xlim(0, epochs)
    diverged = model.diverged_at is not None
    scene.right.set_title(
        "Loss curve" + (f": diverged at step {model.diverged_at}" if diverged else ""),
        color="crimson" if diverged else "black",
    )
    return {
        "train MSE": model.loss_history_[-1],
        "test MSE": test_losses[-1],
        "slope w": float(model.weights_[0]),
        "intercept b": model.bias_,
        "exact w": float(exact.weights_[0]),
        "exact b": exact.bias_,
        "steps": model.n_steps_,
        "diverged": diverged,
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("learning_rate", LEARNING_RATES, 0.1, label="learning rate"),
        Control("epochs", EPOCHS, 50, label="epochs"),
    ],
    title="Gradient descent fitting a line",
    claim="The right learning rate reaches the normal equation's line; too small has not arrived, "
    "too large makes the loss grow.",
    background=("epochs",),
)
