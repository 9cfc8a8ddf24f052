"""Plots for derivatives and the chain rule (chapter 2).

Secants turning into a tangent, slices of a function of two variables (partial
derivatives), the error of finite differences against the step size, and the
chain-rule factors of a stack of scalar layers.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure

METHOD_COLORS = {"forward": "#d62728", "central": "#1f77b4"}


def plot_secants(
    ax: Any,
    f: Callable[[np.ndarray], np.ndarray],
    x0: float,
    hs: Sequence[float],
    df: Callable[[float], float] | None = None,
    *,
    span: float = 1.6,
    title: str = "Secants turn into the tangent",
) -> Any:
    """Draw ``f`` near ``x0``, the secants through ``x0`` and ``x0 + h`` for each ``h``, and the tangent.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    f : callable
        The function (vectorised over numpy arrays).
    x0 : float
        The point where the derivative is taken.
    hs : sequence of float
        Step sizes of the secants, largest first.
    df : callable, optional
        The exact derivative; when given, the tangent line is drawn.
    span : float, default 1.6
        Half-width of the plotted window around ``x0``.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlcourse.chapters.chain_rule.analysis import forward_difference

    grid = np.linspace(x0 - span, x0 + span, 200)
    ax.plot(grid, f(grid), color="black", lw=2, label="f(x)")
    y0 = float(f(np.float64(x0)))
    from matplotlib import colormaps

    colors = colormaps["viridis"](np.linspace(0.85, 0.15, len(hs)))
    for color, h in zip(colors, hs):
        slope = forward_difference(lambda t: float(f(np.float64(t))), x0, h)
        ax.plot(grid, y0 + slope * (grid - x0), lw=1.1, color=color, label=f"secant h = {h:g}: slope {slope:.3f}")
        ax.plot([x0 + h], [float(f(np.float64(x0 + h)))], "o", ms=4, color=color)
    if df is not None:
        slope = float(df(x0))
        ax.plot(
            grid, y0 + slope * (grid - x0), "--", color="crimson", lw=1.6, label=f"tangent: slope f'(x0) = {slope:.3f}"
        )
    ax.plot([x0], [y0], "ko", ms=6)
    values = f(grid)
    ax.set_ylim(values.min() - 0.15 * np.ptp(values), values.max() + 0.15 * np.ptp(values))
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    return ax


def partial_slices_figure(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    point: tuple[float, float],
    grads: tuple[float, float],
    *,
    span: float = 3.0,
    names: tuple[str, str] = ("x0", "x1"),
):
    """Three panels: contours of ``f(x0, x1)`` with the two slice lines, and the two slices with tangents.

    Holding one variable fixed turns ``f`` into a function of the other
    alone; the slope of that slice at the point is the partial derivative.

    Parameters
    ----------
    f : callable
        ``f(x0, x1)`` vectorised over arrays.
    point : tuple of float
        The point ``(a, b)`` where the partial derivatives are taken.
    grads : tuple of float
        The partial derivatives at the point (drawn as tangent slopes).
    span : float, default 3
        Half-width of the window around the point.
    names : tuple of str
        The variables' names.

    Returns
    -------
    matplotlib.figure.Figure
    """
    a, b = point
    first, second = names
    figure, (contour_ax, left, right) = new_figure(3, width=10.0, height=3.3)
    xs = np.linspace(a - span, a + span, 121)
    ys = np.linspace(b - span, b + span, 121)
    X, Y = np.meshgrid(xs, ys)
    filled = contour_ax.contourf(X, Y, f(X, Y), levels=14, cmap="viridis", alpha=0.85)
    figure.colorbar(filled, ax=contour_ax, shrink=0.85, label="f")
    contour_ax.axhline(b, color="crimson", lw=1.6, label=f"{second} = {b:g} fixed")
    contour_ax.axvline(a, color="darkorange", lw=1.6, label=f"{first} = {a:g} fixed")
    contour_ax.plot([a], [b], "wo", ms=6, mec="black")
    contour_ax.set_xlabel(first)
    contour_ax.set_ylabel(second)
    contour_ax.set_title(f"f({first}, {second}) and two slices")
    contour_ax.legend(fontsize=7, loc="lower left")
    value = float(f(np.float64(a), np.float64(b)))
    for ax, grid, slice_values, slope, fixed, free, color in (
        (left, xs, f(xs, np.full_like(xs, b)), grads[0], f"{second} = {b:g}", first, "crimson"),
        (right, ys, f(np.full_like(ys, a), ys), grads[1], f"{first} = {a:g}", second, "darkorange"),
    ):
        centre = a if free == first else b
        ax.plot(grid, slice_values, color=color, lw=2, label=f"f with {fixed}")
        ax.plot(grid, value + slope * (grid - centre), "k--", lw=1.2, label=f"tangent, slope {slope:g}")
        ax.plot([centre], [value], "ko", ms=5)
        ax.set_ylim(slice_values.min() - 2, slice_values.max() + 2)
        ax.set_xlabel(free)
        ax.set_ylabel("f")
        ax.set_title(f"slice {fixed}: ∂f/∂{free} = {slope:g}")
        ax.legend(fontsize=7, loc="upper left")
    return figure


def plot_derivative_errors(
    ax: Any,
    hs: np.ndarray,
    errors: Mapping[str, np.ndarray],
    *,
    optimal: Mapping[str, float] | None = None,
    title: str = "Error of finite differences against the step size",
) -> Any:
    """Plot ``|estimate - exact|`` against ``h`` on log-log axes, one curve per method.

    Exact zeros (an estimate that happens to be exact) are drawn at the
    bottom of the axes rather than dropped. Reference lines of slope 1, 2
    and -1 show the truncation and round-off regimes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    hs : numpy.ndarray
        Step sizes.
    errors : mapping of str to numpy.ndarray
        Method name (``"forward"``, ``"central"``) to its errors.
    optimal : mapping of str to float, optional
        Method name to the predicted best step (drawn as a vertical line).
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    floor = min(float(np.min(e[e > 0])) for e in errors.values()) / 3
    for method, errs in errors.items():
        shown = np.where(errs > 0, errs, floor)
        ax.loglog(hs, shown, "o-", ms=3, lw=1.2, color=METHOD_COLORS.get(method), label=f"{method} difference")
        if optimal and method in optimal:
            ax.axvline(
                optimal[method],
                color=METHOD_COLORS.get(method),
                ls=":",
                lw=1.2,
                label=f"eps^(1/{2 if method == 'forward' else 3}) = {optimal[method]:.1e}",
            )
    eps = np.finfo(np.float64).eps
    small = hs[hs < 1e-9]
    ax.loglog(small, eps / small, color="0.5", lw=1, ls="--", label="round-off ~ eps / h")
    ax.set_xlabel("step size h")
    ax.set_ylabel("|estimate - exact derivative|")
    ax.set_title(title)
    low, high = ax.get_ylim()
    ax.set_ylim(low / 300, high)  # room for the legend below the curves
    ax.legend(fontsize=7, loc="lower right", ncols=1)
    return ax


def plot_layer_factors(ax: Any, chain: Any, *, title: str = "Chain-rule factors through the layers") -> Any:
    """Bars of ``|dh_i/dh_{i-1}|`` per layer; lines of ``|dL/dh_n|`` and ``|dL/dw_n|`` (log scale).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    chain : mlcourse.chapters.chain_rule.analysis.LayerChain
        The result of :func:`mlcourse.chapters.chain_rule.analysis.layer_chain`.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    layers = np.arange(1, len(chain.local) + 1)
    ax.bar(layers, np.abs(chain.local), color="#9ecae1", label="|dh_i / dh_(i-1)|: local factor of layer i")
    ax.plot(
        np.arange(len(chain.grad_h)),
        np.abs(chain.grad_h),
        "s--",
        ms=4,
        color="0.35",
        label="|dL / dh_n|: product of the factors above n",
    )
    ax.plot(layers, np.abs(chain.grad_w), "o-", color="crimson", label="|dL / dw_n|")
    ax.set_yscale("log")
    low = min(np.abs(chain.grad_h).min(), np.abs(chain.grad_w).min(), np.abs(chain.local).min())
    high = max(np.abs(chain.grad_h).max(), np.abs(chain.local).max())
    ax.set_ylim(low / 2, high * 8)  # room for the legend above the bars
    ax.set_xlabel("layer n (0 = input)")
    ax.set_ylabel("absolute value (log scale)")
    ax.set_xticks(np.arange(len(chain.grad_h)))
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    return ax
