"""Chapter 13 widget: pick a layer and a training epoch, see its weights.

Claim made visible: training starts from the random weights of the
initializer (a histogram whose width the He/Xavier formula sets) and moves
them a little per epoch; the histograms widen, structure appears in the
first layer's 8x8 weight images, and the weights of pixels that are blank in
every training image never move at all.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.model_parameters.analysis import (
    EPOCHS,
    initial_validation_accuracy,
    training_run,
)

SHOWN_EPOCHS = (0, 1, 2, 3, 5, 8, 12, EPOCHS)
#: Dropdown label -> the key of the weight matrix in ``state_dict()``.
LAYERS = {
    "layer 1: Linear(64, 32)": "0.W",
    "layer 2: Linear(32, 16)": "2.W",
    "layer 3: Linear(16, 10)": "4.W",
}


def render(epoch: int = EPOCHS, layer: str = "layer 1: Linear(64, 32)") -> Rendered:
    """Draw the chosen layer's weights after ``epoch`` epochs: histogram, and image or heat map.

    Returns the figure and the numbers: mean, standard deviation and largest
    absolute value of the layer's weights at that epoch, its initial standard
    deviation, the relative change since initialization, and the validation
    accuracy of the whole network at that epoch.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.model_parameters.plots import (
        plot_overlaid_weight_histograms,
        plot_weight_heatmap,
        plot_weight_images,
    )

    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {list(LAYERS)}")
    if not isinstance(epoch, int) or not 0 <= epoch <= EPOCHS:
        raise ValueError(f"epoch must be an integer from 0 to {EPOCHS}, got {epoch!r}")
    _, history = training_run()
    key = LAYERS[layer]
    initial = history.weights_snapshots[0][key]
    weights = history.weights_snapshots[epoch][key]
    limit = float(max(np.abs(snapshot[key]).max() for snapshot in history.weights_snapshots))

    figure, axes = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.0, 1.7]})
    plot_overlaid_weight_histograms(
        axes[0],
        {"epoch 0": initial, f"epoch {epoch}": weights},
        xlim=(-limit, limit),
        styles=[":", "-"],
        title=f"Histogram of {key}",
    )
    if key == "0.W":
        plot_weight_images(
            axes[1], weights, ncols=8, vmax=limit, title=f"{key} after epoch {epoch}: one 8x8 image per hidden unit"
        )
    else:
        plot_weight_heatmap(axes[1], weights, vmax=limit, title=f"{key} after epoch {epoch}")
    accuracy = history.val_accuracy[epoch - 1] if epoch > 0 else initial_validation_accuracy()
    numbers = {
        "epoch": epoch,
        "mean w": float(weights.mean()),
        "std w": float(weights.std()),
        "max |w|": float(np.abs(weights).max()),
        "std at init": float(initial.std()),
        "relative change": float(np.linalg.norm(weights - initial) / np.linalg.norm(initial)),
        "validation accuracy": float(accuracy),
    }
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("epoch", SHOWN_EPOCHS, EPOCHS, label="after epoch"),
        Control("layer", tuple(LAYERS), "layer 1: Linear(64, 32)", label="layer", kind="dropdown"),
    ],
    title="A digits network's weights, layer by layer and epoch by epoch",
    claim="Training moves the initial random weights a little each epoch: the histograms widen, and "
    "structure appears on top of the initial noise.",
)
