"""Chapter 10 widget: model capacity, an L2 penalty and dropout vs the training and validation curves.

Claim made visible: a network with more capacity than the data can support
drives its training loss towards zero while its validation loss turns up
(the gap); an L2 penalty or dropout keeps the same network from memorising
the noise, and shrinks the gap.

Every state draws one run of
:func:`mlcourse.chapters.regularization.analysis.moons_run`: a small ReLU
network ``2 -> h -> h -> 2`` trained on 40 noisy "moons" points for 150
full-batch Adam epochs (seeded, cached per process).

The scene is built once (:func:`build`): the points, the axes with fixed
limits and the legend stay; :func:`update` redraws the decision regions of
the state's network and sets its loss curves, the best epoch's mark and the
titles.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mlcourse.chapters._book.widgets import Control, Scene, Widget
from mlcourse.chapters.regularization.analysis import (
    DROPOUT_RATES,
    EPOCHS,
    HIDDEN_UNITS,
    L2_STRENGTHS,
    chapter_moons,
    moons_run,
)

#: The loss axis (cross-entropy): every state's curves stay below 1.7, under the legend in the upper left.
LOSS_LIMITS = (0.0, 2.0)
#: The window and the grid of the decision regions (those of ``plot_train_val_regions``).
REGION_LIMITS, REGION_RESOLUTION = (-1.6, 2.6, -1.3, 1.8), 80
#: Drawing order on the left: the shaded regions under the points, the boundary line over them.
REGIONS_ZORDER, POINTS_ZORDER, BOUNDARY_ZORDER = 0.5, 1.0, 2.0
#: The best epoch's dotted line stops below the legend (axes fraction); its number is written at the top.
BEST_LINE_TOP = 0.68


def build() -> Scene:
    """The figure: the moons points over the decision regions on the left, the loss curves on the right.

    The regions are an image of the network's probability in the ten bands
    of :func:`~mlcourse.chapters.regularization.plots.draw_regions` (set per
    state, not a new contour plot) and the decision boundary a line; the
    loss curves, the best epoch's line, point and number and both titles
    change with the state.
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    from mlcourse.chapters._book import new_figure
    from mlcourse.chapters.regularization.plots import (
        REGION_LEVELS,
        TRAIN_COLOR,
        VAL_COLOR,
        plot_points,
        region_colormap,
    )

    X_train, y_train, X_val, y_val = chapter_moons()
    figure, (left, right) = new_figure(2, width=9.0, height=3.5)
    x_min, x_max, y_min, y_max = REGION_LIMITS
    half_x = (x_max - x_min) / (REGION_RESOLUTION - 1) / 2  # the grid's values are at the pixels' centres
    half_y = (y_max - y_min) / (REGION_RESOLUTION - 1) / 2
    middles = (REGION_LEVELS[:-1] + REGION_LEVELS[1:]) / 2  # the colour contourf gives each band
    regions = left.imshow(
        np.full((REGION_RESOLUTION, REGION_RESOLUTION), np.nan),
        extent=(x_min - half_x, x_max + half_x, y_min - half_y, y_max + half_y),
        origin="lower",
        aspect="auto",
        cmap=ListedColormap(region_colormap()(middles)),
        norm=BoundaryNorm(REGION_LEVELS, len(middles)),
        interpolation="bilinear",
        interpolation_stage="data",
        alpha=0.45,
        zorder=REGIONS_ZORDER,
        label="probability of class 1",
    )
    points = plot_points(left, X_train, y_train, X_val=X_val, y_val=y_val)
    for collection in points:
        collection.set_zorder(POINTS_ZORDER)
    (boundary,) = left.plot([], [], color="black", lw=1.4, zorder=BOUNDARY_ZORDER, label="decision boundary")
    left.set_xlim(x_min, x_max)
    left.set_ylim(y_min, y_max)
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    left.set_title(" ", fontsize=10)

    (train_curve,) = right.plot([], [], color=TRAIN_COLOR, lw=1.8, label="training loss")
    (val_curve,) = right.plot([], [], color=VAL_COLOR, lw=1.8, label="validation loss")
    best_line = right.axvline(1, ymax=BEST_LINE_TOP, color="gray", ls=":", lw=1.2)
    (best_point,) = right.plot([], [], "o", color=VAL_COLOR, ms=6, label="lowest validation loss")
    best_text = right.text(
        1, BEST_LINE_TOP, " ", transform=right.get_xaxis_transform(), ha="center", va="bottom", fontsize=8
    )
    margin = 0.05 * (EPOCHS - 1)  # what autoscaling gave the curves of epochs 1..150
    right.set_xlim(1 - margin, EPOCHS + margin)
    right.set_ylim(*LOSS_LIMITS)
    right.set_xlabel("epoch")
    right.set_ylabel("cross-entropy loss")
    right.set_title(" ", fontsize=10)
    right.legend(fontsize=8, loc="upper left")
    scene = Scene(
        figure,
        left=left,
        right=right,
        regions=regions,
        boundary=boundary,
        train_curve=train_curve,
        val_curve=val_curve,
        best_line=best_line,
        best_point=best_point,
        best_text=best_text,
    )
    # the points do not change, but the regions under them do: they are redrawn over the new regions
    scene.changing(regions, *points, boundary, left.title)
    scene.changing(train_curve, val_curve, best_line, best_point, best_text, right.title)
    return scene


@lru_cache(maxsize=None)
def _computed(hidden: int, l2: float, dropout: float) -> tuple[object, object, np.ndarray, np.ndarray]:
    """One state's run, trained on first use (:func:`moons_run`), and its decision regions.

    Returns the run's history and tracker, the probability of class 1 on
    the regions' grid, and the decision boundary: the zero line of the
    logits' difference as ``contour`` traces it (the same algorithm), its
    pieces separated by NaN rows.
    """
    import contourpy

    from mlcourse.chapters.regularization.plots import region_grid

    model, history, tracker = moons_run(hidden, l2, dropout)
    grid_x, grid_y, probability, margin = region_grid(model, resolution=REGION_RESOLUTION, limits=REGION_LIMITS)
    generator = contourpy.contour_generator(grid_x, grid_y, margin, name="mpl2014", line_type="SeparateCode")
    pieces = [np.vstack([piece, [np.nan, np.nan]]) for piece in generator.lines(0.0)[0]]
    boundary = np.vstack(pieces)[:-1] if pieces else np.empty((0, 2))
    return history, tracker, probability, boundary


def update(scene: Scene, hidden: int = 32, l2: float = 0.0, dropout: float = 0.0) -> dict:
    """Draw one run's decision regions and loss curves (:func:`moons_run` trains it on first use).

    Numbers: the final training loss (evaluation mode, no penalty), the final
    validation loss, their gap, both accuracies, and the epoch of the lowest
    validation loss.
    """
    history, tracker, probability, boundary = _computed(hidden, l2, dropout)
    best_epoch = int(np.argmin(history.val_loss)) + 1
    scene.regions.set_data(probability)
    scene.boundary.set_data(boundary[:, 0], boundary[:, 1])
    scene.left.set_title(f"2-{hidden}-{hidden}-2 ReLU, L2 {l2:g}, dropout {dropout:g}", fontsize=10)
    scene.train_curve.set_data(np.arange(1, len(tracker.losses) + 1), tracker.losses)
    scene.val_curve.set_data(np.arange(1, len(history.val_loss) + 1), history.val_loss)
    scene.best_line.set_xdata([best_epoch, best_epoch])
    scene.best_point.set_data([best_epoch], [history.val_loss[best_epoch - 1]])
    scene.best_text.set_x(best_epoch)
    scene.best_text.set_horizontalalignment("right" if best_epoch > 0.85 * EPOCHS else "center")  # stays inside
    scene.best_text.set_text(f"epoch {best_epoch}")
    gap = history.val_loss[-1] - tracker.losses[-1]
    scene.right.set_title(f"Loss per epoch: final gap {gap:.3f}", fontsize=10)
    return {
        "train loss": tracker.losses[-1],
        "val loss": history.val_loss[-1],
        "gap": gap,
        "train accuracy": tracker.accuracies[-1],
        "val accuracy": history.val_accuracy[-1],
        "best val epoch": best_epoch,
    }


WIDGET = Widget(
    build,
    update,
    [
        Control("hidden", HIDDEN_UNITS, 32, label="hidden units per layer"),
        Control("l2", L2_STRENGTHS, 0.0, label="L2 strength lambda", kind="dropdown"),
        Control("dropout", DROPOUT_RATES, 0.0, label="dropout rate", kind="dropdown"),
    ],
    title="Capacity, L2 and dropout vs the training/validation gap",
    claim="More capacity drives the training loss down and the validation loss up; "
    "an L2 penalty or dropout shrinks the gap.",
    precompute=lambda hidden, l2, dropout: _computed(hidden, l2, dropout),  # as update calls it
)
render = WIDGET.render  # a new figure of one state: ``render(hidden=64).figure``
