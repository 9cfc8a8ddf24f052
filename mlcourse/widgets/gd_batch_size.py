"""Chapter 7 widget: the batch size against the noise of the path of a line's (w, b).

Claim made visible: with the same data, learning rate and number of epochs,
a smaller batch makes more (and cheaper) updates per epoch, but each update
follows a noisy estimate of the gradient, so the path of ``(w, b)`` wanders;
the full batch follows the exact gradient in a smooth path.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import make_noisy_line
from ..descent import LinePath, fit_line_path, path_length, wiggle_ratio
from ..models import LinearRegression
from ._core import Control, Rendered, Widget

BATCH_SIZES = (1, 2, 4, 8, 16, 32, "full")
LEARNING_RATES = (0.01, 0.03, 0.1)
EPOCHS = 20
N_SAMPLES = 64


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray]:
    """64 noisy points around ``y = 2x + 1`` (seeded), the data of the chapter's batch-size experiments."""
    return make_noisy_line(N_SAMPLES, slope=2.0, intercept=1.0, noise=1.0, seed=0)


@lru_cache(maxsize=1)
def least_squares() -> tuple[float, float, float]:
    """The exact minimiser ``(w, b)`` of the training MSE and the MSE there (normal equation)."""
    X, y = chapter_data()
    exact = LinearRegression(method="normal_equation").fit(X, y)
    return float(exact.weights_[0]), exact.bias_, exact.loss_history_[0]


@lru_cache(maxsize=32)
def run(batch_size: int | str, learning_rate: float) -> LinePath:
    """Train the line with ``train.fit`` at this batch size (``"full"`` = whole data set); cached."""
    X, y = chapter_data()
    size = None if batch_size == "full" else batch_size
    return fit_line_path(X, y, batch_size=size, learning_rate=learning_rate, epochs=EPOCHS, seed=0)


def render(batch_size: int | str = 8, learning_rate: float = 0.03) -> Rendered:
    """Draw the path of ``(w, b)`` over the MSE contours and the loss after each update.

    Returns the figure and the numbers: updates per epoch and in total, the
    final training MSE (and the least-squares one), the path length and its
    wiggle ratio (length / straight distance; 1 for a straight path), and the
    distance of the final ``(w, b)`` to the least-squares solution.
    """
    from ..viz import new_figure
    from ..viz.descent import plot_line_paths

    X, y = chapter_data()
    w_star, b_star, best_loss = least_squares()
    result = run(batch_size, learning_rate)
    path = result.path
    label = "full batch" if batch_size == "full" else f"batch size {batch_size}"

    figure, (left, right) = new_figure(2, width=9.5, height=3.6)
    plot_line_paths(left, X, y, {label: path}, optimum=(w_star, b_star), window=((-0.2, 3.0), (-0.3, 1.9)),
                    title=f"(w, b) after each update, {label}")
    with np.errstate(over="ignore", invalid="ignore"):
        losses = np.mean((path[:, :1] * X[:, 0] + path[:, 1:] - y) ** 2, axis=1)
    samples_seen = np.arange(len(path)) * (N_SAMPLES / result.updates_per_epoch)
    right.semilogy(samples_seen / N_SAMPLES, losses, lw=1.2, color="crimson", label=f"{label}: MSE on all data")
    right.axhline(best_loss, color="gray", ls=":", lw=1, label="least squares")
    right.set_xlabel("epochs (passes over the 64 samples)")
    right.set_ylabel("training MSE (log scale)")
    right.set_ylim(best_loss * 0.9, max(losses.max(), 10.0))
    right.set_title(f"{result.updates_per_epoch} update(s) per epoch, learning rate {learning_rate:g}")
    right.legend(fontsize=7)

    numbers = {
        "batch size": N_SAMPLES if batch_size == "full" else batch_size,
        "updates per epoch": result.updates_per_epoch,
        "updates in total": len(path) - 1,
        "final MSE": result.final_loss,
        "least-squares MSE": best_loss,
        "path length": path_length(path),
        "wiggle ratio": wiggle_ratio(path),
        "distance to least squares": float(np.hypot(path[-1, 0] - w_star, path[-1, 1] - b_star)),
        "diverged": result.history.diverged_at is not None,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("batch_size", BATCH_SIZES, 8, label="batch size"),
        Control("learning_rate", LEARNING_RATES, 0.03, label="learning rate"),
    ],
    title="Batch size and the noise of the path",
    claim="Smaller batches make more updates per epoch along noisier directions; the full batch follows "
    "the exact gradient smoothly.",
)
