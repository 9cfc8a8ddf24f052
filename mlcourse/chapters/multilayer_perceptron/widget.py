"""Chapter 5 widget: hidden units and depth vs the decision boundary on XOR and moons.

Claim made visible: with one hidden unit per layer the network can only draw
a straight boundary (no better than the best single line, whatever the
depth); a few hidden units bend it around XOR and the moons, at the price of
more parameters. The data and the trained networks come from
:mod:`mlcourse.chapters.multilayer_perceptron.analysis`; this module only draws.
"""

from __future__ import annotations

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.multilayer_perceptron.analysis import (
    DATASETS,
    EPOCHS,
    best_line_accuracy,
    capacity_data,
    parameter_count,
    trained_network,
)

HIDDEN_UNITS = (1, 2, 3, 4, 8, 16)
DEPTHS = (1, 2, 3)


def render(hidden_units: int = 4, depth: int = 1, dataset_name: str = "XOR") -> Rendered:
    """Draw the trained network's decision regions and loss curve (mean squared error).

    Returns the figure and the numbers: training accuracy, the best accuracy
    any straight line reaches on these data, the number of parameters (from
    the network's summary), the final training loss, and the depth.
    """
    from mlcourse.chapters._book import new_figure, plot_loss_curve
    from mlcourse.chapters.multilayer_perceptron.plots import (
        plot_decision_regions,
    )

    X, y = capacity_data(dataset_name)
    network = trained_network(hidden_units, depth, dataset_name)
    accuracy = network.accuracy(X, y)
    parameters = network.model.summary(2).total_parameters
    figure, (left, right) = new_figure(2, width=9.0, height=3.8)
    sizes = [2] + [hidden_units] * depth + [1]
    plot_decision_regions(
        left,
        network.probability,
        X,
        y,
        resolution=80,
        legend_below=True,
        title=f"{dataset_name}: {' -> '.join(map(str, sizes))} ({parameters} parameters), accuracy {accuracy:.3f}",
    )
    plot_loss_curve(
        right,
        network.losses,
        ylabel="mean squared error",
        color="#6a4c93",
        title=f"Training loss ({EPOCHS} steps of gradient descent, full batch)",
    )
    right.title.set_fontsize(9)  # as the left panel's title
    right.set_ylim(1e-4, 1.0)
    numbers = {
        "training accuracy": accuracy,
        "best accuracy of a single line": best_line_accuracy(dataset_name),
        "parameters": parameters,
        "parameters by formula": parameter_count(sizes),
        "final training loss": float(f"{network.losses[-1]:.3g}"),  # 3 digits: stable across BLAS
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
