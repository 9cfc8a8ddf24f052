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


def plot_mse_surface(
    ax: Any,
    X: np.ndarray,
    y: np.ndarray,
    *,
    path: np.ndarray | None = None,
    minimum: tuple[float, float] | None = None,
    span: float = 3.0,
) -> Any:
    """Contour the MSE of ``y = w x + b`` over ``(w, b)`` and overlay a descent path.

    ``path`` is an array of rows ``(w, b)``; ``minimum`` marks the exact solution.
    """
    centre_w, centre_b = minimum if minimum is not None else (0.0, 0.0)
    w_grid = np.linspace(centre_w - span, centre_w + span, 121)
    b_grid = np.linspace(centre_b - span, centre_b + span, 121)
    W, B = np.meshgrid(w_grid, b_grid)
    residual = W[..., None] * X[:, 0] + B[..., None] - y
    mse = np.mean(residual**2, axis=-1)
    contours = ax.contour(
        W, B, mse, levels=np.geomspace(mse.min() + 1e-3, mse.max(), 14), cmap="viridis", linewidths=0.8
    )
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


def split_figure(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray) -> Any:
    """The training and test points of a split, in two colours.

    Parameters
    ----------
    X_train, y_train, X_test, y_test : numpy.ndarray
        The split, inputs of shape ``(n, 1)``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(4.0)[:, None]
    >>> figure = split_figure(X[:3], X[:3, 0], X[3:], X[3:, 0])
    >>> [len(collection.get_offsets()) for collection in figure.axes[0].collections]
    [3, 1]
    """
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=5.5, height=3.4)
    plot_data_and_lines(
        ax,
        X_train,
        y_train,
        X_test=X_test,
        y_test=y_test,
        title=f"Training and test points ({len(X_train)} and {len(X_test)})",
    )
    return figure


def descent_figure(
    X: np.ndarray,
    y: np.ndarray,
    path: np.ndarray,
    loss_history: Sequence[float],
    minimum: tuple[float, float],
    *,
    learning_rate: float,
    steps: int = 40,
) -> Any:
    """Gradient descent on the MSE: its path over the loss contours (left) and its loss per epoch (right).

    Parameters
    ----------
    X, y : numpy.ndarray
        The training data (``X`` of shape ``(n, 1)``).
    path : numpy.ndarray of shape (n_steps + 1, 2)
        The rows ``(w, b)`` visited, starting point first.
    loss_history : sequence of float
        The training MSE before the first step and after each one.
    minimum : (float, float)
        ``(w, b)`` of the normal equation, marked with a star.
    learning_rate : float
        For the title.
    steps : int, default 40
        How many steps of the path to draw.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    >>> path = np.array([[0.0, 0.0], [1.0, 0.5], [2.0, 1.0]])
    >>> figure = descent_figure(X, y, path, [11.7, 1.0, 0.0], (2.0, 1.0), learning_rate=0.1)
    >>> len(figure.axes) >= 2, figure.axes[0].lines[0].get_xdata().tolist()
    (True, [0.0, 1.0, 2.0])
    """
    from mlcourse.chapters._book import new_figure, plot_loss_curve

    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    plot_mse_surface(left, X, y, path=np.asarray(path)[: steps + 1], minimum=minimum, span=3.0)
    plot_loss_curve(
        right,
        loss_history,
        start=0,
        xlabel="gradient step (epoch)",
        ylabel="MSE",
        label="training MSE",
        title=f"Training MSE per epoch (learning rate {learning_rate})",
    )
    return figure


def likelihood_figure(
    slopes: np.ndarray,
    mse: np.ndarray,
    nll: np.ndarray,
    sigmas: Sequence[float],
    variances: np.ndarray,
    nll_of_variance: np.ndarray,
    *,
    best_slope: float,
    best_variance: float,
) -> Any:
    """Maximum likelihood against least squares: three panels over the outputs of the chapter's scans.

    Left, the training MSE over a grid of slopes; middle, the Gaussian negative
    log-likelihood over the same slopes for each noise level in ``sigmas``;
    right, the negative log-likelihood of the fitted line's residuals over the
    noise variance. Dotted lines mark ``best_slope`` (left, middle) and
    ``best_variance`` (right).

    Parameters
    ----------
    slopes, mse : numpy.ndarray of shape (k,)
        The grid of slopes and the MSE there (:func:`~mlcourse.chapters.linear_regression.analysis.slope_scan`).
    nll : numpy.ndarray of shape (len(sigmas), k)
        The negative log-likelihood for each ``sigma``.
    sigmas : sequence of float
        The noise standard deviations, for the legend.
    variances, nll_of_variance : numpy.ndarray of shape (m,)
        The variance grid and the negative log-likelihood there
        (:func:`~mlcourse.chapters.linear_regression.analysis.variance_scan`).
    best_slope, best_variance : float
        The normal equation's slope and the training MSE, marked by dotted lines.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> grid = np.array([1.0, 2.0, 3.0])
    >>> figure = likelihood_figure(grid, grid, np.array([grid]), [1.0], grid, grid, best_slope=2.0, best_variance=2.0)
    >>> [len(ax.lines) for ax in figure.axes]
    [2, 2, 2]
    """
    from mlcourse.chapters._book import new_figure

    figure, (left, middle, right) = new_figure(3, width=10.0, height=3.3)
    left.plot(slopes, mse, color="black", lw=1.6)
    left.set_title("Training MSE")
    left.set_ylabel("MSE")
    styles = ["-", "--", ":", "-."]
    for index, (sigma, curve) in enumerate(zip(sigmas, nll)):
        middle.plot(slopes, curve, styles[index % len(styles)], color="crimson", lw=1.5, label=f"σ = {sigma:g}")
    middle.set_title("Negative log-likelihood, σ fixed")
    middle.set_ylabel("negative log-likelihood")
    middle.legend(fontsize=8, loc="upper center")
    for ax in (left, middle):
        ax.axvline(best_slope, color="grey", ls=":", lw=1.2)
        ax.set_xlabel("slope w (b fixed)")
    right.plot(variances, nll_of_variance, color="crimson", lw=1.6)
    right.axvline(best_variance, color="grey", ls=":", lw=1.2)
    right.set_title("At the fitted line, over σ²")
    right.set_xlabel("noise variance σ²")
    right.set_ylabel("negative log-likelihood")
    return figure
