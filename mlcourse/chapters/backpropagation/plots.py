"""Plots for backpropagation (chapter 8).

The local rule at one node (forward values one way, gradients the other),
the 2-2-2 worked example with the paths a weight's gradient travels, the
memory of the stored intermediates, the cost of a numerical gradient against
backpropagation on log-log axes, and the per-parameter errors of a gradient
check.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure
from mlcourse.chapters.chain_rule.analysis import fit_loglog_slope

NUMERICAL_COLOR = "#d62728"
BACKPROP_COLOR = "#1f77b4"
FORWARD_COLOR = "black"
BACKWARD_COLOR = "#d62728"


def _arrow(
    ax: Any,
    start: Sequence[float],
    end: Sequence[float],
    color: str,
    *,
    lw: float = 1.4,
    style: str = "-|>",
    rad: float = 0.0,
) -> None:
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(
        FancyArrowPatch(
            tuple(start),
            tuple(end),
            arrowstyle=style,
            mutation_scale=13,
            color=color,
            lw=lw,
            connectionstyle=f"arc3,rad={rad}",
        )
    )


def thin_log_ticks(ax: Any, *, axes: str = "xy", numticks: int = 7) -> None:
    """At most ``numticks`` labelled decades and no minor ticks on the log axes ``axes`` (faster to draw)."""
    from matplotlib.ticker import LogLocator, NullLocator

    for name in axes:
        axis = ax.xaxis if name == "x" else ax.yaxis
        axis.set_major_locator(LogLocator(base=10, numticks=numticks))
        axis.set_minor_locator(NullLocator())


def _format(value: float | None) -> str:
    return "" if value is None else f" = {value:.4g}"


def plot_node_rule(
    ax: Any,
    *,
    op: str = "f",
    x: float | None = None,
    y: float | None = None,
    upstream: float | None = None,
    local: tuple[float, float] | None = None,
    title: str = "Backpropagation at one node",
) -> Any:
    """Draw one node ``z = f(x, y)``: values flow right (black), gradients flow left (red).

    The node receives the upstream gradient ``dL/dz`` from the rest of the
    network, multiplies it by its two local derivatives ``dz/dx`` and
    ``dz/dy``, and passes the products back to its inputs.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    op : str, default "f"
        Label inside the node (e.g. ``"+"`` or ``"×"``).
    x, y : float, optional
        Input values, written beside the forward arrows when given.
    upstream : float, optional
        ``dL/dz``, written beside the incoming gradient.
    local : (float, float), optional
        ``(dz/dx, dz/dy)``; with ``upstream``, the products are written too.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Circle

    ax.set_xlim(-0.2, 10.2)
    ax.set_ylim(-0.6, 5.2)
    ax.set_aspect("equal")
    ax.axis("off")
    node, x_pos, y_pos, z_pos, loss_pos = (5.0, 2.3), (0.6, 4.0), (0.6, 0.6), (7.4, 2.3), (9.6, 2.3)
    ax.add_patch(Circle(node, 0.62, color="#e9c46a", ec="black", lw=1.4))
    ax.text(*node, op, ha="center", va="center", fontsize=15)
    for pos, name in ((x_pos, "x"), (y_pos, "y"), (z_pos, "z"), (loss_pos, "L")):
        ax.text(*pos, f"${name}$", ha="center", va="center", fontsize=13)
    ax.text(8.5, 2.3, "...", ha="center", va="center", fontsize=11)
    # forward (black, straight), values written above the arrows
    _arrow(ax, (x_pos[0] + 0.3, x_pos[1] - 0.1), (node[0] - 0.55, node[1] + 0.3), FORWARD_COLOR)
    _arrow(ax, (y_pos[0] + 0.3, y_pos[1] + 0.1), (node[0] - 0.55, node[1] - 0.3), FORWARD_COLOR)
    _arrow(ax, (node[0] + 0.65, node[1]), (z_pos[0] - 0.3, z_pos[1]), FORWARD_COLOR)
    if x is not None:
        ax.text(2.6, 3.55, f"{x:.4g}", fontsize=9, ha="center", va="bottom")
    if y is not None:
        ax.text(2.6, 1.05, f"{y:.4g}", fontsize=9, ha="center", va="top")
    if x is not None and y is not None and op in ("+", "×"):
        z_text = f"{x + y if op == '+' else x * y:.4g}"
    else:
        z_text = "$z = f(x, y)$"
    ax.text(6.35, 2.45, z_text, fontsize=9, ha="center", va="bottom")
    # backward (red, curved), gradients written beside them
    _arrow(ax, (loss_pos[0] - 0.2, loss_pos[1] - 0.35), (node[0] + 0.5, node[1] - 0.5), BACKWARD_COLOR, rad=-0.3)
    ax.text(
        8.0,
        1.25,
        r"$\partial L/\partial z$" + _format(upstream) + "\n(upstream)",
        fontsize=10,
        color=BACKWARD_COLOR,
        ha="center",
        va="top",
    )
    _arrow(ax, (node[0] - 0.3, node[1] + 0.6), (x_pos[0] + 0.1, x_pos[1] + 0.35), BACKWARD_COLOR, rad=0.3)
    _arrow(ax, (node[0] - 0.3, node[1] - 0.6), (y_pos[0] + 0.1, y_pos[1] - 0.35), BACKWARD_COLOR, rad=-0.3)
    products = (None, None)
    if upstream is not None and local is not None:
        products = (upstream * local[0], upstream * local[1])
    ax.text(
        2.9,
        5.05,
        r"$\partial L/\partial x = \partial L/\partial z \cdot \partial z/\partial x$" + _format(products[0]),
        fontsize=10,
        color=BACKWARD_COLOR,
        ha="center",
        va="top",
    )
    ax.text(
        2.9,
        -0.45,
        r"$\partial L/\partial y = \partial L/\partial z \cdot \partial z/\partial y$" + _format(products[1]),
        fontsize=10,
        color=BACKWARD_COLOR,
        ha="center",
        va="bottom",
    )
    ax.set_title(title, fontsize=10)
    return ax


def node_rule_figure(examples: Sequence[Mapping[str, Any]] | None = None) -> Any:
    """The one-node picture of the course notes, as a figure: a general node, or one panel per example.

    Parameters
    ----------
    examples : sequence of dict, optional
        Each with keys ``op``, ``x``, ``y``, ``upstream``, ``local`` and
        ``title`` for :func:`plot_node_rule`; by default a single general
        node ``z = f(x, y)``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    examples = list(examples) if examples else [{"op": "f"}]
    figure, axes = new_figure(len(examples), width=4.8 * len(examples), height=2.9)
    for ax, example in zip(np.atleast_1d(axes), examples):
        plot_node_rule(ax, **example)
    return figure


def engine_node_figure(examples: Sequence[Mapping[str, Any]]) -> Any:
    """The one-node picture with the numbers of the autograd engine: one panel per node.

    Parameters
    ----------
    examples : sequence of dict
        As returned by :func:`mlcourse.chapters.backpropagation.analysis.engine_node_examples`
        (keys ``op``, ``x``, ``y``, ``upstream``, ``local``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    titles = {"+": "add node: passes the gradient on", "×": "multiply node: swaps the inputs"}
    return node_rule_figure(
        [
            {
                "op": example["op"],
                "x": example["x"],
                "y": example["y"],
                "upstream": example["upstream"],
                "local": example["local"],
                "title": titles.get(example["op"], f"node {example['op']}"),
            }
            for example in examples
        ]
    )


_NODES = {"i1": (0.0, 2.0), "i2": (0.0, 0.0), "h1": (3.0, 2.0), "h2": (3.0, 0.0), "o1": (6.0, 2.0), "o2": (6.0, 0.0)}
_EDGES = {
    "w1": ("i1", "h1"),
    "w2": ("i2", "h1"),
    "w3": ("i1", "h2"),
    "w4": ("i2", "h2"),
    "w5": ("h1", "o1"),
    "w6": ("h2", "o1"),
    "w7": ("h1", "o2"),
    "w8": ("h2", "o2"),
}


def plot_network_2_2_2(
    ax: Any,
    weights: Mapping[str, float],
    values: Mapping[str, float],
    *,
    highlight: Sequence[str] = (),
    title: str = "",
) -> Any:
    """Draw the 2-2-2 network with its weights and forward values; highlight some edges in red.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    weights : mapping of str to float
        ``"w1"`` .. ``"w8"``.
    values : mapping of str to float
        Values of the units ``"i1", "i2", "h1", "h2", "o1", "o2"``.
    highlight : sequence of str
        Edge names (e.g. ``("w1", "w5", "w7")``) drawn thick and red: the
        paths along which a gradient travels.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Circle

    ax.set_xlim(-0.6, 7.7)
    ax.set_ylim(-0.85, 2.55)
    ax.set_aspect("equal")
    ax.axis("off")
    label_at = {"w1": 0.5, "w2": 0.3, "w3": 0.3, "w4": 0.5, "w5": 0.5, "w6": 0.3, "w7": 0.3, "w8": 0.5}
    for name, (start, end) in _EDGES.items():
        (x0, y0), (x1, y1) = _NODES[start], _NODES[end]
        hot = name in highlight
        ax.plot([x0, x1], [y0, y1], color=BACKWARD_COLOR if hot else "gray", lw=2.6 if hot else 1.0, zorder=1)
        t = label_at[name]
        lx, ly = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        ax.text(
            lx,
            ly,
            f"{name}={weights[name]:.2f}",
            fontsize=7,
            ha="center",
            va="center",
            color=BACKWARD_COLOR if hot else "#444444",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
    for name, (x, y) in _NODES.items():
        ax.add_patch(Circle((x, y), 0.36, color="#e9c46a" if name[0] != "i" else "white", ec="black", lw=1.2, zorder=2))
        ax.text(x, y, name, ha="center", va="center", fontsize=9, zorder=4)
        ax.text(x, y - 0.5, f"{values[name]:.4f}", ha="center", va="top", fontsize=7, zorder=4)
    ax.text(7.2, 2.0, "→ E", va="center", fontsize=9)
    ax.text(7.2, 0.0, "→ E", va="center", fontsize=9)
    ax.set_title(title, fontsize=10)
    return ax


def worked_example_figure(
    steps: Mapping[str, Mapping[str, float]], weights: Mapping[str, float], inputs: Sequence[float]
) -> Any:
    """Two drawings of the 2-2-2 network: the one path of ``dE/dw5`` and the two paths of ``dE/dw1``.

    Parameters
    ----------
    steps : dict
        As returned by :func:`mlcourse.chapters.backpropagation.analysis.worked_example_by_hand`.
    weights : mapping of str to float
        ``"w1"`` .. ``"w8"``.
    inputs : pair of float
        ``(i1, i2)``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    forward = steps["forward"]
    values = {"i1": inputs[0], "i2": inputs[1], **{k: forward[k] for k in ("h1", "h2", "o1", "o2")}}
    figure, (left, right) = new_figure(2, width=9.6, height=2.5)
    plot_network_2_2_2(left, weights, values, highlight=("w5",), title="dE/dw5: one path (w5 feeds only o1)")
    plot_network_2_2_2(
        right, weights, values, highlight=("w1", "w5", "w7"), title="dE/dw1: two paths (h1 feeds o1 and o2)"
    )
    return figure


def plot_activation_memory(
    ax: Any,
    batch_sizes: Sequence[int],
    series: Mapping[str, Sequence[int]],
    *,
    parameter_bytes: Mapping[str, int] | None = None,
    title: str = "Memory kept for the backward pass",
) -> Any:
    """Stored-activation bytes against the batch size, one line per network (log-log axes).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    batch_sizes : sequence of int
        The batch sizes measured.
    series : mapping of str to sequence of int
        Network label to bytes at each batch size.
    parameter_bytes : mapping of str to int, optional
        Network label to the bytes of its parameters, drawn as a dotted line
        of the same colour.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    colors = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
    for index, (label, values) in enumerate(series.items()):
        color = colors[index % len(colors)]
        ax.loglog(batch_sizes, np.asarray(values) / 2**10, "o-", ms=4, color=color, label=f"{label}: activations")
        if parameter_bytes and label in parameter_bytes:
            ax.axhline(parameter_bytes[label] / 2**10, color=color, ls=":", lw=1.2, label=f"{label}: parameters")
    ax.set_xlabel("batch size")
    ax.set_ylabel("KiB (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=7)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_gradient_costs(
    ax: Any,
    n_parameters: Sequence[int],
    series: Mapping[str, Sequence[float]],
    *,
    fit_from: int = 0,
    ylabel: str = "seconds per gradient (log scale)",
    hollow: Mapping[str, Sequence[bool]] | None = None,
    mark: int | None = None,
    title: str = "Cost of one gradient",
) -> Any:
    """Cost against the number of parameters N on log-log axes, with fitted power laws.

    A power law ``cost = c N**k`` is a straight line of slope ``k`` there;
    the fitted slope (over ``N >= fit_from``) is written in the legend.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    n_parameters : sequence of int
        N of each network.
    series : mapping of str to sequence of float
        Method name (``"numerical"``, ``"backprop"`` ...) to its cost per N.
    fit_from : int, default 0
        Smallest N used for the fitted line.
    ylabel, title : str
        Axes texts.
    hollow : mapping of str to sequence of bool, optional
        Points drawn hollow (e.g. extrapolated measurements).
    mark : int, optional
        Index of a network to circle (the widget's selection).

    Returns
    -------
    matplotlib.axes.Axes
    """
    n = np.asarray(n_parameters, dtype=float)
    colors = {"numerical": NUMERICAL_COLOR, "backprop": BACKPROP_COLOR}
    for index, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        key = "numerical" if label.startswith("numerical") else "backprop" if label.startswith("backprop") else label
        color = colors.get(key, ("#2ca02c", "#9467bd")[index % 2])
        used = n >= fit_from
        slope, intercept = fit_loglog_slope(n[used], values[used])
        ax.loglog(n, 10**intercept * n**slope, "--", lw=1, color=color, alpha=0.7)
        empty = np.asarray((hollow or {}).get(label, [False] * len(n)), dtype=bool)
        ax.loglog(n[~empty], values[~empty], "o-", ms=5, color=color, label=f"{label}: slope {slope:.2f}")
        if empty.any():
            ax.loglog(
                n[empty], values[empty], "o", ms=6, mfc="white", color=color, label=f"{label}: extrapolated (hollow)"
            )
        if mark is not None:
            ax.loglog([n[mark]], [values[mark]], "o", ms=13, mfc="none", mec="black", mew=1.5)
    if fit_from > n.min():
        ax.axvspan(n.min() / 1.5, fit_from, color="gray", alpha=0.08, lw=0)
        ax.text(
            np.sqrt(n.min() / 1.5 * fit_from),
            ax.get_ylim()[0],
            "not fitted\n",
            fontsize=7,
            color="gray",
            ha="center",
            va="bottom",
        )
    thin_log_ticks(ax)
    ax.set_xlabel("number of parameters N (log scale)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def gradient_cost_figure(counts: Mapping[str, Sequence[int]], times: Any, *, fit_from: int = 8000) -> Any:
    """Two log-log panels: multiplications counted exactly (left) and seconds measured (right).

    Parameters
    ----------
    counts : mapping
        ``"parameters"``, ``"numerical"`` and ``"backprop"`` lists (one entry
        per network), e.g. from :func:`mlcourse.chapters.backpropagation.analysis.multiplication_counts`.
    times : GradientTimes
        Measured seconds (pre-measured table or a live measurement).
    fit_from : int, default 8000
        Smallest N used for the fitted lines of the measured times.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.8, height=3.9)
    plot_gradient_costs(
        left,
        counts["parameters"],
        {"numerical (central differences)": counts["numerical"], "backprop": counts["backprop"]},
        ylabel="multiplications per gradient (log scale)",
        title="Counted: multiplications",
    )
    plot_gradient_costs(
        right,
        times.n_parameters,
        {"numerical": times.numerical_seconds, "backprop": times.backprop_seconds},
        fit_from=fit_from,
        hollow={"numerical": times.extrapolated},
        title="Measured: seconds",
    )
    return figure


def plot_gradient_check(
    ax: Any, errors: Mapping[str, Mapping[str, float]], *, title: str = "Gradient check: relative error per parameter"
) -> Any:
    """Grouped bars of the relative errors of :func:`mlcourse.gradcheck.check_gradients` (log scale).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    errors : mapping of str to mapping of str to float
        Model label to ``{parameter name: relative error}``.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    names = list(next(iter(errors.values())))
    width = 0.8 / len(errors)
    colors = ("#2ca02c", "#d62728", "#1f77b4")
    for index, (label, values) in enumerate(errors.items()):
        heights = [max(values[name], 1e-16) for name in names]
        ax.bar(
            np.arange(len(names)) + (index - (len(errors) - 1) / 2) * width,
            heights,
            width,
            color=colors[index % len(colors)],
            label=label,
        )
    ax.axhline(1e-7, color="gray", ls="--", lw=1, label="below 1e-7: the gradients agree")
    ax.axhline(1e-2, color="black", ls=":", lw=1, label="above 1e-2: one of them is wrong")
    ax.set_yscale("log")
    ax.set_ylim(1e-13, 1e3)
    ax.set_xticks(np.arange(len(names)), names)
    ax.set_xlabel("parameter (layer.name) or the input")
    ax.set_ylabel("relative error (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper center", ncol=2)
    return ax
