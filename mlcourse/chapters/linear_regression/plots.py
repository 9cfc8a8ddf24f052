"""Plots for linear regression: data with fitted lines, loss curves, loss surfaces."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

TRAIN_COLOR = "#1f77b4"
TEST_COLOR = "#ff7f0e"


def plot_data_and_lines(
    ax: Any,
    X_train: np.ndarray,
    y_train: np.ndarray,
    *,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    lines: Sequence[tuple[str, float, float]] = (),
    title: str = "",
) -> Any:
    """Scatter the training (and test) points and draw lines ``(label, slope, intercept)``."""
    ax.scatter(X_train[:, 0], y_train, s=14, color=TRAIN_COLOR, alpha=0.7, label="training data")
    if X_test is not None and y_test is not None:
        ax.scatter(X_test[:, 0], y_test, s=18, marker="s", color=TEST_COLOR, alpha=0.8, label="test data")
    all_x = X_train[:, 0] if X_test is None else np.concatenate([X_train[:, 0], X_test[:, 0]])
    grid = np.linspace(all_x.min(), all_x.max(), 2)
    styles = ["-", "--", ":", "-."]
    for index, (label, slope, intercept) in enumerate(lines):
        ax.plot(grid, slope * grid + intercept, styles[index % len(styles)], color="black", lw=1.6, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_mse_surface(ax: Any, X: np.ndarray, y: np.ndarray, *, path: np.ndarray | None = None,
                     minimum: tuple[float, float] | None = None, span: float = 3.0) -> Any:
    """Contour the MSE of ``y = w x + b`` over ``(w, b)`` and overlay a descent path.

    ``path`` is an array of rows ``(w, b)``; ``minimum`` marks the exact solution.
    """
    centre_w, centre_b = minimum if minimum is not None else (0.0, 0.0)
    w_grid = np.linspace(centre_w - span, centre_w + span, 121)
    b_grid = np.linspace(centre_b - span, centre_b + span, 121)
    W, B = np.meshgrid(w_grid, b_grid)
    residual = W[..., None] * X[:, 0] + B[..., None] - y
    mse = np.mean(residual**2, axis=-1)
    contours = ax.contour(W, B, mse, levels=np.geomspace(mse.min() + 1e-3, mse.max(), 14), cmap="viridis",
                          linewidths=0.8)
    ax.clabel(contours, fontsize=6, fmt="%.2g")
    if path is not None and len(path):
        ax.plot(path[:, 0], path[:, 1], "o-", ms=2.5, lw=1, color="crimson", label="gradient descent path")
    if minimum is not None:
        ax.plot(*minimum, "k*", ms=11, label="normal equation")
    ax.set_xlabel("slope w")
    ax.set_ylabel("intercept b")
    ax.set_title("MSE over (w, b)")
    ax.legend(fontsize=8, loc="upper right")
    return ax

