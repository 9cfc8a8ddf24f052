"""Chapter 3 widget: hidden units and depth vs the decision boundary on XOR and moons.

Claim made visible: with one hidden unit per layer the network can only draw
a straight boundary (no better than the best single line, whatever the
depth); a few hidden units bend it around XOR and the moons, at the price of
more parameters.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse._validation import as_rng
from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.multilayer_perceptron.analysis import parameter_count
from mlcourse.chapters.perceptron.analysis import fewest_errors_of_any_line
from mlcourse.data import make_moons
from mlcourse.models import MLPClassifier

HIDDEN_UNITS = (1, 2, 3, 4, 8, 16)
DEPTHS = (1, 2, 3)
DATASETS = ("XOR", "moons")
N_SAMPLES = 120
EPOCHS = 200
LEARNING_RATE = 0.05


def make_xor_cloud(n_samples: int = N_SAMPLES, *, noise: float = 0.35, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy XOR: Gaussian clouds around the corners ``(+-1, +-1)``; class 1 where the signs differ.

    Parameters
    ----------
    n_samples : int
        Number of points (spread evenly over the four corners).
    noise : float
        Standard deviation of each cloud.
    seed : int
        Seed of the generator.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), labels 0 and 1
    """
    generator = as_rng(seed=seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = np.arange(n_samples) % 4
    X = corners[which] + noise * generator.standard_normal((n_samples, 2))
    y = (corners[which, 0] * corners[which, 1] < 0).astype(np.int64)
    return X, y


@lru_cache(maxsize=None)
def dataset(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The widget's data set ``"XOR"`` or ``"moons"`` (120 points, seeded, labels 0/1)."""
    if name == "XOR":
        return make_xor_cloud()
    if name == "moons":
        return make_moons(N_SAMPLES, noise=0.15, seed=0)
    raise ValueError(f"unknown data set {name!r}; choose one of {DATASETS}")


@lru_cache(maxsize=None)
def best_line_accuracy(name: str) -> float:
    """The accuracy of the best straight line on the data set (exact, from fewest_errors_of_any_line)."""
    X, y = dataset(name)
    return 1.0 - fewest_errors_of_any_line(X, 2 * y - 1) / len(y)


@lru_cache(maxsize=None)
def trained(hidden_units: int, depth: int, name: str) -> MLPClassifier:
    """A tanh network with ``depth`` hidden layers of ``hidden_units`` units, trained on the data set (cached)."""
    X, y = dataset(name)
    model = MLPClassifier((hidden_units,) * depth, activation="tanh", output="sigmoid", optimizer="adam",
                          learning_rate=LEARNING_RATE, epochs=EPOCHS, batch_size=None, seed=0)
    return model.fit(X, y)


def render(hidden_units: int = 4, depth: int = 1, dataset_name: str = "XOR") -> Rendered:
    """Train (or fetch from the cache) the network and draw its decision regions and loss curve.

    Returns the figure and the numbers: training accuracy, the best accuracy
    any straight line reaches on these data, the number of parameters (from
    the network's summary), the final training loss, and the depth.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.multilayer_perceptron.plots import (
        plot_decision_regions,
        plot_loss_curve,
    )

    X, y = dataset(dataset_name)
    model = trained(hidden_units, depth, dataset_name)
    accuracy = model.score(X, y)
    parameters = model.model_.summary(2).total_parameters
    figure, (left, right) = new_figure(2, width=9.0, height=3.8)
    sizes = [2] + [hidden_units] * depth + [1]
    plot_decision_regions(left, lambda grid: model.predict_proba(grid)[:, 1], X, y, resolution=80, legend_below=True,
                          title=f"{dataset_name}: {' -> '.join(map(str, sizes))} ({parameters} parameters), "
                                f"accuracy {accuracy:.3f}")
    plot_loss_curve(right, model.history_.train_loss,
                    title=f"Training loss ({EPOCHS} epochs of Adam, full batch)")
    right.set_ylim(1e-4, 1.0)
    numbers = {
        "training accuracy": accuracy,
        "best accuracy of a single line": best_line_accuracy(dataset_name),
        "parameters": parameters,
        "parameters by formula": parameter_count(sizes),
        "final training loss": float(f"{model.history_.train_loss[-1]:.3g}"),  # 3 digits: stable across BLAS
        "hidden layers": depth,
        "deep (2+ hidden layers)": depth >= 2,
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("hidden_units", HIDDEN_UNITS, 4, label="hidden units per layer"),
        Control("depth", DEPTHS, 1, label="hidden layers"),
        Control("dataset_name", DATASETS, "XOR", label="data set", kind="dropdown"),
    ],
    title="Hidden units and depth vs the decision boundary",
    claim="One hidden unit per layer draws a straight boundary whatever the depth; a few units bend it "
    "around XOR and the moons, with more parameters.",
)
