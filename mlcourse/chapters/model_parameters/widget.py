"""Chapter 13 widget: pick a layer and a training epoch, see its weights.

Claim made visible: training starts from the random weights of the
initializer (a histogram whose width the He/Xavier formula sets) and moves
them epoch by epoch (Adam's steps shrink, then grow again late in this run);
the histograms widen, structure appears in the
first layer's 8x8 weight images, and the weights of pixels that are blank in
every training image never move at all.

The scene: on the left the layer's histogram at initialization (dotted) and
after the chosen epoch (solid); on the right the weights themselves, as 8x8
images for the first layer and as a heat map for the others, one colour
scale per layer. The layer is the background control (axis limits, the
initial histogram, the legend, the kind of picture and its colour bar); the
epoch only changes the solid histogram, the picture's pixels and the title
(which carries the standard deviation the legend gives for epoch 0).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget
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
#: Bins of the histograms over ``[-max abs(w), max abs(w)]`` of the layer (all epochs).
BINS = 40


@lru_cache(maxsize=None)
def _layer(key: str) -> tuple[float, np.ndarray, float]:
    """The layer's largest |w| over all epochs, its histogram bins, and the top of the histogram axis.

    The top fits the highest density of every recorded epoch, with a quarter
    more room above for the legend, so the axis stays put while the epoch changes.
    """
    _, history = training_run()
    limit = float(max(np.abs(snapshot[key]).max() for snapshot in history.weights_snapshots))
    bins = np.linspace(-limit, limit, BINS + 1)
    top = max(float(_density(key, epoch).max()) for epoch in range(len(history.weights_snapshots)))
    return limit, bins, 1.25 * top


@lru_cache(maxsize=None)
def _density(key: str, epoch: int) -> np.ndarray:
    """The density histogram of the layer's weights after ``epoch`` epochs (as ``ax.hist`` computes it)."""
    _, history = training_run()
    weights = history.weights_snapshots[epoch][key]
    limit = float(max(np.abs(snapshot[key]).max() for snapshot in history.weights_snapshots))
    density, _ = np.histogram(np.ravel(weights), bins=np.linspace(-limit, limit, BINS + 1), density=True)
    return density


def _step_outline(bins: np.ndarray, density: np.ndarray) -> np.ndarray:
    """The vertices of ``ax.hist(..., histtype="step")``: up at the first edge, along the tops, down at the last."""
    x = np.repeat(bins, 2)
    y = np.concatenate([[0.0], np.repeat(density, 2), [0.0]])
    return np.column_stack([x, y])


@lru_cache(maxsize=None)
def _picture(key: str, epoch: int) -> np.ndarray:
    """What the right panel shows: the first layer as a mosaic of 8x8 images, the others as the matrix."""
    from mlcourse.chapters.model_parameters.plots import tile_images

    _, history = training_run()
    weights = history.weights_snapshots[epoch][key]
    return tile_images(weights, (8, 8), ncols=8) if key == "0.W" else np.asarray(weights, dtype=float)


def build() -> Scene:
    """The figure: two histograms and a legend on the left, a colour mesh with its colour bar on the right.

    The layout is solved once here with the heat map's axis labels and ticks
    (the widest decorations any layer shows) and then kept, so switching
    layers never moves the panels.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.patches import Polygon
    from matplotlib.ticker import MaxNLocator

    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.model_parameters.plots import LAYER_COLORS

    figure, (left, right) = new_figure(2, width=10.0, height=3.6, gridspec_kw={"width_ratios": [1.0, 1.7]})
    empty = np.zeros((2, 2))
    initial = Polygon(empty, closed=False, fill=False, edgecolor=LAYER_COLORS[0], lw=1.6, ls=":", label=" ")
    current = Polygon(empty, closed=False, fill=False, edgecolor=LAYER_COLORS[1], lw=1.6, ls="-", label=" ")
    left.add_patch(initial)
    left.add_patch(current)
    left.set_xlabel("weight value")
    left.set_ylabel("density")
    left.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))  # one decimal for every layer: same width
    legend = left.legend(fontsize=7, loc="upper left")
    # one colour mesh per layer (quads draw faster than a resampled image), only the chosen one visible
    meshes = {}
    for key in LAYERS.values():
        rows, columns = _picture(key, 0).shape
        meshes[key] = right.pcolormesh(
            np.arange(columns + 1) - 0.5,
            np.arange(rows + 1) - 0.5,
            np.ma.masked_invalid(_picture(key, 0)),
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
            visible=False,
        )
    scale = ScalarMappable(norm=Normalize(-1, 1), cmap="RdBu_r")
    figure.colorbar(scale, ax=right, shrink=0.8, label="weight")
    right.set_xlabel("output unit (n_out = 16)")
    right.set_ylabel("input unit (n_in = 32)")
    right.set_title("0.W after epoch 20: one 8x8 image per hidden unit")
    left.set_title("Histogram of 0.W")
    figure.get_layout_engine().execute(figure)
    figure.set_layout_engine("none")
    scene = Scene(figure, left=left, right=right, initial=initial, current=current, legend=legend)
    scene.meshes, scene.scale = meshes, scale
    # the mesh is drawn over the cached background: the frame of its axes is drawn again over it
    scene.changing(current, *meshes.values(), *right.spines.values(), right.title)
    return scene


def update(scene: Scene, epoch: int = EPOCHS, layer: str = "layer 1: Linear(64, 32)") -> dict:
    """Show the chosen layer's weights after ``epoch`` epochs: histogram, and image or heat map.

    Returns the numbers: mean, standard deviation and largest absolute value
    of the layer's weights at that epoch, its initial standard deviation, the
    relative change since initialization, and the validation accuracy of the
    whole network at that epoch.
    """
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {list(LAYERS)}")
    if not isinstance(epoch, int) or not 0 <= epoch <= EPOCHS:
        raise ValueError(f"epoch must be an integer from 0 to {EPOCHS}, got {epoch!r}")
    from matplotlib.ticker import AutoLocator, NullLocator

    _, history = training_run()
    key = LAYERS[layer]
    initial = history.weights_snapshots[0][key]
    weights = history.weights_snapshots[epoch][key]
    limit, bins, top = _layer(key)

    # background (changes with the layer only)
    left, right = scene.left, scene.right
    scene.initial.set_xy(_step_outline(bins, _density(key, 0)))
    scene.initial.set_label(f"epoch 0 (std {initial.std():.3f})")
    scene.current.set_label("after the chosen epoch")
    for text, patch in zip(scene.legend.get_texts(), (scene.initial, scene.current)):
        text.set_text(patch.get_label())
    left.set_xlim(-limit, limit)
    left.set_ylim(0, top)
    left.set_title(f"Histogram of {key}")
    picture = _picture(key, epoch)
    rows, columns = picture.shape
    right.set_xlim(-0.5, columns - 0.5)
    right.set_ylim(rows - 0.5, -0.5)
    scene.scale.set_clim(-limit, limit)
    if key == "0.W":
        right.set_aspect("equal")
        right.set_facecolor("#d9d9d9")
        right.xaxis.set_major_locator(NullLocator())
        right.yaxis.set_major_locator(NullLocator())
        right.set_xlabel("")
        right.set_ylabel("")
    else:
        right.set_aspect("auto")
        right.set_facecolor("white")
        right.xaxis.set_major_locator(AutoLocator())
        right.yaxis.set_major_locator(AutoLocator())
        right.set_xlabel(f"output unit (n_out = {weights.shape[1]})")
        right.set_ylabel(f"input unit (n_in = {weights.shape[0]})")
    right.apply_aspect()  # now, not at the next full draw: the live widget draws the mesh without one

    # changing (the epoch)
    scene.current.set_xy(_step_outline(bins, _density(key, epoch)))
    for shown, mesh in scene.meshes.items():
        mesh.set_visible(shown == key)
    mesh = scene.meshes[key]
    mesh.set_array(np.ma.masked_invalid(picture))
    mesh.set_clim(-limit, limit)
    described = f"{key} after epoch {epoch} (std {weights.std():.3f})"
    right.set_title(described + (": one 8x8 image per hidden unit" if key == "0.W" else ""))

    accuracy = history.val_accuracy[epoch - 1] if epoch > 0 else initial_validation_accuracy()
    return {
        "epoch": epoch,
        "mean w": float(weights.mean()),
        "std w": float(weights.std()),
        "max |w|": float(np.abs(weights).max()),
        "std at init": float(initial.std()),
        "relative change": float(np.linalg.norm(weights - initial) / np.linalg.norm(initial)),
        "validation accuracy": float(accuracy),
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("epoch", SHOWN_EPOCHS, EPOCHS, label="after epoch"),
        Control("layer", tuple(LAYERS), "layer 1: Linear(64, 32)", label="layer", kind="dropdown"),
    ],
    title="A digits network's weights, layer by layer and epoch by epoch",
    claim="Training moves the initial random weights a little each epoch: the histograms widen, and "
    "structure appears on top of the initial noise.",
    background=("layer",),
)


def render(epoch: int = EPOCHS, layer: str = "layer 1: Linear(64, 32)"):
    """The figure and numbers of one state (a new scene): :meth:`Widget.render` of :data:`WIDGET`."""
    return WIDGET.render(epoch=epoch, layer=layer)
