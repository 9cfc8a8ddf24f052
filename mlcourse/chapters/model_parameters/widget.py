"""Chapter 13 widget: pick a layer and a training epoch, see its weights.

Claim made visible: training starts from the random weights of the
initializer (a histogram whose width the He/Xavier formula sets) and moves
them a little per epoch; the histograms widen, structure appears in the
first layer's 8x8 weight images, and the weights of pixels that are blank in
every training image never move at all.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse import nn, optim, train
from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.data import Standardizer, load_digits, train_test_split

#: The network of the chapter: 64 pixels -> 32 -> 16 -> 10 digits.
LAYER_SIZES = (64, 32, 16, 10)
EPOCHS = 20
SHOWN_EPOCHS = (0, 1, 2, 3, 5, 8, 12, 20)
#: Dropdown label -> the key of the weight matrix in ``state_dict()``.
LAYERS = {
    "layer 1: Linear(64, 32)": "0.W",
    "layer 2: Linear(32, 16)": "2.W",
    "layer 3: Linear(16, 10)": "4.W",
}


def build_model(seed: int = 0, dtype: type = np.float64) -> nn.Sequential:
    """The chapter's digits MLP: He-normal weights before each ReLU, Xavier-normal for the output layer."""
    return nn.Sequential(
        nn.Linear(64, 32, init="he_normal", seed=seed, dtype=dtype), nn.ReLU(),
        nn.Linear(32, 16, init="he_normal", seed=seed + 1, dtype=dtype), nn.ReLU(),
        nn.Linear(16, 10, init="xavier_normal", seed=seed + 2, dtype=dtype),
    )


@lru_cache(maxsize=1)
def chapter_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Standardizer]:
    """Digits split 8:2 (stratified, seeded) and standardized with the training part's statistics.

    Returns ``X_train, X_val, y_train, y_val, scaler`` (the inputs already standardized).
    """
    X, y = load_digits()
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, stratify=y, seed=0)
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val), y_train, y_val, scaler


@lru_cache(maxsize=1)
def training_run() -> tuple[nn.Sequential, train.History]:
    """Train the chapter's model once: Adam (lr 0.01), mini-batches of 32, 20 epochs, weights recorded.

    ``History.weights_snapshots[e]`` holds every parameter after epoch ``e``
    (index 0: the initial weights). Treat the returned objects as read-only.
    """
    X_train, X_val, y_train, y_val, _ = chapter_data()
    model = build_model()
    history = train.fit(model, "cross_entropy", optim.Adam(model.parameters(), lr=0.01), X_train, y_train,
                        epochs=EPOCHS, batch_size=32, seed=0, validation_data=(X_val, y_val),
                        record_weights=True)
    return model, history


def render(epoch: int = 20, layer: str = "layer 1: Linear(64, 32)") -> Rendered:
    """Draw the chosen layer's weights after ``epoch`` epochs: histogram, and image or heat map.

    Returns the figure and the numbers: mean, standard deviation and largest
    absolute value of the layer's weights at that epoch, its initial standard
    deviation, the relative change since initialization, and the validation
    accuracy of the whole network at that epoch.
    """
    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.model_parameters.plots import (
        plot_weight_heatmap,
        plot_weight_histograms,
        plot_weight_images,
    )

    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {list(LAYERS)}")
    _, history = training_run()
    key = LAYERS[layer]
    initial = history.weights_snapshots[0][key]
    weights = history.weights_snapshots[epoch][key]
    limit = float(max(np.abs(snapshot[key]).max() for snapshot in history.weights_snapshots))

    figure, axes = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.0, 1.7]})
    plot_weight_histograms(axes[0], {"epoch 0": initial, f"epoch {epoch}": weights},
                           xlim=(-limit, limit), styles=[":", "-"], title=f"Histogram of {key}")
    if key == "0.W":
        plot_weight_images(axes[1], weights, ncols=8, vmax=limit,
                           title=f"{key} after epoch {epoch}: one 8x8 image per hidden unit")
    else:
        plot_weight_heatmap(axes[1], weights, vmax=limit, title=f"{key} after epoch {epoch}")
    accuracy = history.val_accuracy[epoch - 1] if epoch > 0 else _initial_accuracy()
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


@lru_cache(maxsize=1)
def _initial_accuracy() -> float:
    X_train, X_val, y_train, y_val, _ = chapter_data()
    return float(train.evaluate(build_model(), "cross_entropy", X_val, y_val)[1])


WIDGET = Widget(
    render,
    [
        Control("epoch", SHOWN_EPOCHS, 20, label="after epoch"),
        Control("layer", tuple(LAYERS), "layer 1: Linear(64, 32)", label="layer", kind="dropdown"),
    ],
    title="A digits network's weights, layer by layer and epoch by epoch",
    claim="Training moves the initial random weights a little each epoch: the histograms widen, and "
    "structure appears on top of the initial noise.",
)
