"""Chapter 9 widget: the five optimizers racing on a test surface.

Claim made visible: one learning rate means different things to different
optimizers. Plain SGD's step is the learning rate times the gradient, so it
crawls or diverges depending on the curvature; momentum builds speed along
consistent directions; the adaptive methods (AdaGrad, RMSProp, Adam) move
about one learning rate per step whatever the gradient's scale, so they
never blow up but need a larger rate to get anywhere.
"""

from __future__ import annotations

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.optimizers.analysis import (
    OPTIMIZER_NAMES,
    RACE_STARTS,
    RACE_STEPS,
    RACE_SURFACES,
    surface_race,
)

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


def render(learning_rate: float = 0.01, start: str = "A", surface: str = "bowl") -> Rendered:
    """Draw the five paths on the surface and their values per step.

    Returns the figure and the numbers: each optimizer's final value of f
    and whether its run diverged (left every finite number or went farther
    than 1e6 from the origin).
    """
    from mlcourse.chapters.optimizers.plots import OPTIMIZER_LABELS, race_figure

    results = surface_race(surface, start, learning_rate)
    point = RACE_STARTS[surface][start]
    saddle = surface == "saddle"
    figure = race_figure(
        RACE_SURFACES[surface],
        results,
        log_levels=not saddle,
        symlog=saddle,
        title=f"{surface}, start {start} = ({point[0]:g}, {point[1]:g}), "
        f"learning rate {learning_rate}, {RACE_STEPS} steps",
    )
    numbers = {}
    for name in OPTIMIZER_NAMES:
        numbers[f"{OPTIMIZER_LABELS[name]} final f"] = float(results[name].losses[-1])
    for name in OPTIMIZER_NAMES:
        numbers[f"{OPTIMIZER_LABELS[name]} diverged"] = results[name].diverged_at is not None
    return Rendered(figure, numbers)


WIDGET = Widget(
    render,
    [
        Control("learning_rate", LEARNING_RATES, 0.01, label="learning rate"),
        Control("start", ("A", "B"), "A", label="start", kind="dropdown"),
        Control("surface", tuple(RACE_SURFACES), "bowl", label="surface", kind="dropdown"),
    ],
    title="Optimizer race: SGD, Momentum, AdaGrad, RMSProp and Adam",
    claim="The same learning rate means different things: SGD's step scales with the gradient "
    "(crawl or diverge), the adaptive methods move about one learning rate per step.",
)
