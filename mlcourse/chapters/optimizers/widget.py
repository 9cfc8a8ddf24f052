"""Chapter 9 widget: the five optimizers racing on a test surface.

Claim made visible: one learning rate means different things to different
optimizers. Plain SGD's step is the learning rate times the gradient, so it
crawls or diverges depending on the curvature; momentum builds speed along
consistent directions; the adaptive methods (AdaGrad, RMSProp, Adam) move
about one learning rate per step whatever the gradient's scale, so they
never blow up but need a larger rate to get anywhere.
"""

from __future__ import annotations

from functools import lru_cache

from mlcourse.chapters._book.widgets import Control, Rendered, Widget
from mlcourse.chapters.optimizers.analysis import OPTIMIZER_NAMES, race
from mlcourse.surfaces import Himmelblau, IllConditionedBowl, Rosenbrock, Saddle

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
STEPS = 200
#: The surfaces offered (the bowl has curvatures 1 and 100: SGD diverges above 2/100 = 0.02).
SURFACES = {
    "bowl": IllConditionedBowl(a=1.0, b=100.0),
    "saddle": Saddle(),
    "rosenbrock": Rosenbrock(),
    "himmelblau": Himmelblau(),
}
#: Two starting points per surface.
STARTS = {
    "bowl": {"A": (-8.0, 3.0), "B": (9.0, -0.5)},
    "saddle": {"A": (1.5, 1e-3), "B": (-1.5, 0.5)},
    "rosenbrock": {"A": (-1.5, 2.0), "B": (1.5, -0.5)},
    "himmelblau": {"A": (0.0, 0.0), "B": (-1.0, 4.0)},
}


@lru_cache(maxsize=64)
def runs(surface: str, start: str, learning_rate: float) -> dict:
    """The five runs of one state (cached: a state is computed once per session)."""
    return race(SURFACES[surface], STARTS[surface][start], learning_rate, STEPS)


def render(learning_rate: float = 0.01, start: str = "A", surface: str = "bowl") -> Rendered:
    """Draw the five paths on the surface and their values per step.

    Returns the figure and the numbers: each optimizer's final value of f
    and whether its run diverged (left every finite number or went farther
    than 1e6 from the origin).
    """
    from mlcourse.chapters.optimizers.plots import OPTIMIZER_LABELS, race_figure

    if surface not in SURFACES:
        raise ValueError(f"surface must be one of {list(SURFACES)}, got {surface!r}")
    if start not in STARTS[surface]:
        raise ValueError(f"start must be one of {list(STARTS[surface])}, got {start!r}")
    results = runs(surface, start, learning_rate)
    point = STARTS[surface][start]
    saddle = surface == "saddle"
    figure = race_figure(SURFACES[surface], results, log_levels=not saddle, symlog=saddle,
                         title=f"{surface}, start {start} = ({point[0]:g}, {point[1]:g}), "
                               f"learning rate {learning_rate}, {STEPS} steps")
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
        Control("surface", tuple(SURFACES), "bowl", label="surface", kind="dropdown"),
    ],
    title="Optimizer race: SGD, Momentum, AdaGrad, RMSProp and Adam",
    claim="The same learning rate means different things: SGD's step scales with the gradient "
    "(crawl or diverge), the adaptive methods move about one learning rate per step.",
)
