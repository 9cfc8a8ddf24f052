"""Chapter 4 widgets: one threshold unit on AND, OR and XOR, set by hand and trained.

- ``WIDGET``: the weights w1, w2 and the bias b of one threshold unit. Claim
  made visible: the weights turn the decision line and the bias shifts it;
  some setting classifies AND and OR without a mistake, while for XOR every
  setting leaves at least one point on the wrong side.
- ``TRAINING_WIDGET``: an epoch scrubber through the perceptron learning rule
  (:func:`mlcourse.chapters.perceptron.analysis.train_on_gate`). Claim made
  visible: on AND and OR the rule's updates stop after a few epochs, at a line
  that makes no mistake; on XOR every epoch repeats the same four updates and
  ends where it started, so the mistakes never reach zero.

Both are scenes built once (:class:`~mlcourse.chapters._book.widgets.Scene`):
the gate panel (:class:`_GatePanel`) draws what
:func:`~mlcourse.chapters.perceptron.plots.plot_decision_line` draws, with
every artist created once and set for each state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book.widgets import Control, Rendered, Scene, Widget
from mlcourse.chapters.perceptron.analysis import (
    fewest_errors_of_any_line,
    misclassified,
    train_on_gate,
)
from mlcourse.chapters.perceptron.plots import (
    GATE_LIMITS,
    NEGATIVE_COLOR,
    POSITIVE_COLOR,
    _clip_half_plane,
    _line_points,
)
from mlcourse.data import logic_gate
from mlcourse.models import Perceptron

BIASES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0)
WEIGHTS = (-1.0, 0.0, 1.0)
GATES = ("AND", "OR", "XOR")
TRAINING_EPOCHS = tuple(range(10))
TRAINING_MAX_EPOCHS = TRAINING_EPOCHS[-1]
PASSING_LABEL = "lines during the epoch"
TICKS = (-0.5, 0.0, 0.5, 1.0, 1.5)
LEGEND_STYLE = dict(fontsize=7, framealpha=0.9, markerscale=0.6)


class _GatePanel:
    """The points of a gate, a decision line with its +1 side shaded, the weight vector and the mistakes.

    Every artist is created once (:meth:`__init__`) and set for a state by
    :meth:`show`; the panel draws what
    :func:`~mlcourse.chapters.perceptron.plots.plot_decision_line` draws, on
    the square :data:`~mlcourse.chapters.perceptron.plots.GATE_LIMITS`.
    :attr:`artists` lists the artists that change with the state in drawing
    order (back to front). The legend, a key to every kind of mark the panel
    can show, stands beside the square, where the shading never covers it.
    """

    def __init__(self, ax: Any, *, arrow: bool, passing_lines: int = 0) -> None:
        from matplotlib.patches import Polygon

        self.ax = ax
        low, high = GATE_LIMITS
        self.box = np.array([[low, low], [high, low], [high, high], [low, high]])
        self.sides = [
            ax.add_patch(Polygon(self.box, closed=True, color=color, lw=0, zorder=0))
            for color in ("#deebf7", "#fbe3e4")  # +1 side, -1 side
        ]
        self.passing = [ax.plot([], [], color="gray", lw=0.9, ls="--", zorder=1)[0] for _ in range(passing_lines)]
        (self.line,) = ax.plot([], [], color="black", lw=2, zorder=2, label="decision line")
        self.arrow = self.arrow_label = None
        if arrow:
            self.arrow = ax.annotate(
                "", xy=(0, 0), xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color="#6a4c93", lw=1.6), zorder=4
            )
            self.arrow_label = ax.text(
                0, 0, "$\\mathbf{w}$", color="#6a4c93", fontsize=10, ha="center", va="center", zorder=4
            )
        self.positive = ax.scatter([], [], s=70, color=POSITIVE_COLOR, edgecolor="black", zorder=3, label="$y = +1$")
        self.negative = ax.scatter([], [], s=70, color=NEGATIVE_COLOR, marker="X", zorder=3, label="$y = -1$")
        self.errors = ax.scatter(
            [], [], s=320, facecolor="none", edgecolor="black", lw=1.5, ls="--", zorder=3, label="misclassified"
        )
        self.note = ax.text(
            0.5, 0.84, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=8, color="#444444", zorder=4
        )
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_xticks(TICKS)
        ax.set_yticks(TICKS)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        handles = [self.line, self.positive, self.negative, self.errors]
        if passing_lines:
            self.passing[0].set_label(PASSING_LABEL)
            handles.append(self.passing[0])
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.03, 1.0), borderaxespad=0, **LEGEND_STYLE)
        self.artists = [
            *self.sides,
            *ax.spines.values(),  # over the shading, as in a full drawing
            *self.passing,
            self.line,
            *[part for part in (self.arrow, self.arrow_label) if part is not None],
            self.positive,
            self.negative,
            self.errors,
            self.note,
        ]

    def show(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray,
        bias: float,
        passing_rows: np.ndarray | None = None,
        skip: np.ndarray | None = None,
    ) -> None:
        """Set every artist to the line ``weights . x + bias = 0`` on the points ``(X, y)``.

        ``passing_rows`` (rows ``(b, w1, w2)``) are drawn thin and dashed as
        :func:`~mlcourse.chapters.perceptron.plots.plot_passing_lines` does,
        leaving out ``skip`` and repeated rows.
        """
        w = np.asarray(weights, dtype=float)
        shaded = self._shade(w, bias)
        self._show_passing(passing_rows, skip)
        points = _line_points(w, bias, GATE_LIMITS)
        self.line.set_visible(points is not None)
        if points is not None:
            self.line.set_data(points[:, 0], points[:, 1])
        if self.arrow is not None:
            self._show_arrow(w, bias, line=points is not None)
        positive = np.asarray(y) > 0
        self.positive.set_offsets(X[positive])
        self.negative.set_offsets(X[~positive])
        wrong = np.where(X @ w + bias >= 0, 1, -1) != np.asarray(y)
        self.errors.set_visible(bool(np.any(wrong)))
        self.errors.set_offsets(X[wrong] if np.any(wrong) else np.empty((0, 2)))
        if not np.any(w != 0):
            note = f"w = 0: no line,\nthe output is {'+1' if bias >= 0 else '-1'} everywhere"
        elif len(shaded) == 1:  # the line misses the square shown: say so, the picture alone cannot
            note = f"the line lies outside this view:\nthe output is {shaded[0]} everywhere here"
        else:
            note = ""
        self.note.set_text(note)

    def _shade(self, w: np.ndarray, bias: float) -> list[str]:
        """Shade the +1 and -1 sides within the square; return the outputs shown ("+1", "-1")."""
        if not np.any(w != 0):  # the output is the same everywhere: one side covers the whole square
            self.sides[0].set_visible(bias >= 0)
            self.sides[1].set_visible(bias < 0)
            for polygon in self.sides:
                polygon.set_xy(self.box)
            return ["+1" if bias >= 0 else "-1"]
        shown = []
        for polygon, sign, output in zip(self.sides, (1.0, -1.0), ("+1", "-1")):
            region = _clip_half_plane(self.box, sign * w, sign * bias)
            polygon.set_visible(len(region) > 0)
            if len(region):
                polygon.set_xy(region)
                shown.append(output)
        return shown

    def _show_passing(self, rows: np.ndarray | None, skip: np.ndarray | None) -> int:
        drawn: list[np.ndarray] = []
        for row in np.asarray(rows if rows is not None else np.empty((0, 3)), dtype=float):
            if (skip is not None and np.array_equal(row, skip)) or any(np.array_equal(row, seen) for seen in drawn):
                continue
            points = _line_points(row[1:], row[0], GATE_LIMITS)
            if points is not None:
                line = self.passing[len(drawn)]
                line.set_data(points[:, 0], points[:, 1])
                drawn.append(row)
        for index, line in enumerate(self.passing):
            line.set_visible(index < len(drawn))
        return len(drawn)

    def _show_arrow(self, w: np.ndarray, bias: float, *, line: bool) -> None:
        """The weight vector from the point of the line nearest the centre, shown when its tip is in view."""
        low, high = GATE_LIMITS
        visible = line
        if line:
            centre = np.array([(low + high) / 2, (low + high) / 2])
            foot = centre - (w @ centre + bias) / (w @ w) * w  # nearest point of the line
            direction = 0.45 * w / np.linalg.norm(w)
            self.arrow.xy = tuple(foot + direction)
            self.arrow.set_position(tuple(foot))
            self.arrow_label.set_position(tuple(foot + 1.25 * direction))
            visible = bool(np.all((low <= foot + direction) & (foot + direction <= high)))
        self.arrow.set_visible(visible)
        self.arrow_label.set_visible(visible)


# --- WIDGET: one threshold unit set by hand ---------------------------------------------------------
def _line_numbers(X: np.ndarray, y: np.ndarray, weights: np.ndarray, b: float) -> dict[str, Any]:
    z = X @ weights + b
    outputs = np.where(z >= 0, 1, -1)
    return {
        "net inputs z for (0,0), (0,1), (1,0), (1,1)": ", ".join(f"{value:g}" for value in z),
        "outputs": ", ".join(f"{value:+d}" for value in outputs),
        "targets": ", ".join(f"{int(value):+d}" for value in y),
        "misclassified": misclassified(X, y, weights, b),
        "fewest any line can get wrong": fewest_errors_of_any_line(X, y),
    }


def build() -> Scene:
    """The figure: one gate panel (points, line, shading, weight vector), every artist placeholder."""
    from mlcourse.chapters._book import new_figure

    figure, ax = new_figure(width=4.6, height=3.6)
    panel = _GatePanel(ax, arrow=True)
    ax.set_title(" ", fontsize=9)
    scene = Scene(figure, ax=ax, panel=panel)
    scene.changing(*panel.artists, ax.title)
    return scene


def update(scene: Scene, b: float = -1.5, w1: float = 1.0, w2: float = 1.0, gate: str = "AND") -> dict[str, Any]:
    """Show the gate's four points and the line ``w1 x1 + w2 x2 + b = 0`` with its +1 side shaded.

    Returns the numbers: the net inputs and outputs of the four points, how
    many are misclassified, and the fewest mistakes any line can make on this
    gate (0 for AND and OR, 1 for XOR).
    """
    X, y = logic_gate(gate)
    weights = np.array([w1, w2], dtype=float)
    numbers = _line_numbers(X, y, weights, b)
    scene.panel.show(X, y, weights, b)
    scene.ax.title.set_text(f"{gate}: w = ({w1:g}, {w2:g}), b = {b:g}: {numbers['misclassified']} misclassified")
    return numbers


WIDGET = Widget(
    build,
    update,
    [
        Control("b", BIASES, -1.5, label="bias b"),
        Control("w1", WEIGHTS, 1.0, label="weight w1"),
        Control("w2", WEIGHTS, 1.0, label="weight w2"),
        Control("gate", GATES, "AND", label="gate", kind="dropdown"),
    ],
    title="One threshold unit on a logic gate",
    claim="The weights turn the line and the bias shifts it: AND and OR can be classified without a "
    "mistake, XOR never.",
)


def render(b: float = -1.5, w1: float = 1.0, w2: float = 1.0, gate: str = "AND") -> Rendered:
    """The figure and numbers of one state of :data:`WIDGET` (a new scene)."""
    return WIDGET.render(b=b, w1=w1, w2=w2, gate=gate)


# --- TRAINING_WIDGET: the learning rule, epoch by epoch ---------------------------------------------
def _training_numbers(X: np.ndarray, y: np.ndarray, model: Perceptron, epoch: int) -> dict[str, Any]:
    ran = min(epoch, model.n_epochs_)  # training stops after the first epoch without a mistake
    b, w1, w2 = model.epoch_weights_[ran]
    return {
        "epoch": epoch,
        "w1": float(w1),
        "w2": float(w2),
        "b": float(b),
        "updates in this epoch": model.errors_[epoch - 1] if 0 < epoch <= model.n_epochs_ else 0,
        "updates so far": int(sum(model.errors_[:ran])),
        "misclassified by these weights": misclassified(X, y, np.array([w1, w2]), float(b)),
        "stopped (an epoch without a mistake)": bool(model.converged_ and epoch >= model.n_epochs_),
    }


def build_training() -> Scene:
    """Left: a gate panel with up to four passing lines; right: one bar per epoch (placeholders).

    The bars' count labels and the "stop" mark depend on the gate only (a
    background control); the bars change colour with the epoch.
    """
    from mlcourse.chapters._book import new_figure

    n_samples = 4  # every gate has four points: one visit each per epoch
    figure, (left, right) = new_figure(2, width=9.0, height=3.9, gridspec_kw={"width_ratios": [1.3, 1.0]})
    panel = _GatePanel(left, arrow=False, passing_lines=n_samples)
    left.set_title(" ", fontsize=9)

    epochs = np.arange(1, TRAINING_MAX_EPOCHS + 1)
    bars = list(right.bar(epochs, np.zeros(len(epochs)), color="#b8b8d1"))
    counts = [right.text(e, 0.08, "", ha="center", va="bottom", fontsize=8) for e in epochs]
    stop_line = right.axvline(0.5, color="green", lw=1, ls=":")
    stop_text = right.text(0.6, n_samples * 0.9, "no mistake:\nstop", color="green", fontsize=8)
    right.set_xlim(0.3, TRAINING_MAX_EPOCHS + 0.7)
    right.set_ylim(0, n_samples + 0.5)
    right.set_xticks(range(1, TRAINING_MAX_EPOCHS + 1))
    right.set_yticks(range(n_samples + 1))
    right.set_xlabel("epoch")
    right.set_ylabel("updates (mistakes) in the epoch")
    right.set_title(" ", fontsize=9)
    scene = Scene(
        figure, left=left, right=right, panel=panel, bars=bars, counts=counts, stop_line=stop_line, stop_text=stop_text
    )
    scene.changing(*panel.artists, left.title, *bars, *right.spines.values(), right.title)
    return scene


def update_training(scene: Scene, epoch: int = 1, gate: str = "AND") -> dict[str, Any]:
    """Show the lines the rule visits during ``epoch`` and the mistakes per epoch.

    Left: the gate's points, the line after each of the epoch's four sample
    visits (thin, dashed) and the line at the end of the epoch (bold, its
    +1 side shaded). Right: the number of updates in every epoch, the chosen
    one highlighted.
    """
    X, y = logic_gate(gate)
    model = train_on_gate(gate, TRAINING_MAX_EPOCHS)
    numbers = _training_numbers(X, y, model, epoch)
    b, w1, w2 = model.epoch_weights_[min(epoch, model.n_epochs_)]
    passing = skip = None
    if 0 < epoch <= model.n_epochs_:
        n = len(X)
        passing, skip = model.weights_history_[(epoch - 1) * n + 1 : epoch * n], model.weights_history_[epoch * n]
    scene.panel.show(X, y, np.array([w1, w2]), float(b), passing, skip)
    title = f"{gate}, end of epoch {epoch}" if epoch else f"{gate}, start (w = 0, b = 0)"
    if epoch > model.n_epochs_:
        title = f"{gate}: stopped after epoch {model.n_epochs_} (no mistake)"
    scene.left.title.set_text(title)

    for index, (bar, count) in enumerate(zip(scene.bars, scene.counts)):
        ran = index < model.n_epochs_
        errors = model.errors_[index] if ran else 0
        bar.set_visible(ran)
        bar.set_height(errors)
        bar.set_facecolor("#6a4c93" if index + 1 == epoch else "#b8b8d1")
        count.set_visible(ran)
        count.set_text(str(errors) if ran else "")
        count.set_y(errors + 0.08)
    scene.stop_line.set_visible(bool(model.converged_))
    scene.stop_line.set_xdata([model.n_epochs_ + 0.5] * 2)
    scene.stop_text.set_visible(bool(model.converged_))
    scene.stop_text.set_x(model.n_epochs_ + 0.6)
    scene.right.title.set_text(
        f"{gate}: w = ({w1:g}, {w2:g}), b = {b:g}, {numbers['misclassified by these weights']} misclassified"
    )
    return numbers


TRAINING_WIDGET = Widget(
    build_training,
    update_training,
    [
        Control("epoch", TRAINING_EPOCHS, 1, label="epoch"),
        Control("gate", GATES, "AND", label="gate", kind="dropdown"),
    ],
    title="The perceptron learning rule, epoch by epoch",
    claim="On AND and OR the updates stop at a line without mistakes; on XOR every epoch repeats the "
    "same updates and the mistakes never reach zero.",
    background=("gate",),
)


def render_training(epoch: int = 1, gate: str = "AND") -> Rendered:
    """The figure and numbers of one state of :data:`TRAINING_WIDGET` (a new scene)."""
    return TRAINING_WIDGET.render(epoch=epoch, gate=gate)
