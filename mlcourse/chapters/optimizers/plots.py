"""Plots for the optimizers (chapter 9).

Races of the five optimizers on the test surfaces (paths on contours, value
per step), effective step sizes under a constant gradient, the sensitivity
of a training run to the learning rate, and training curves. Each optimizer
keeps one colour throughout the chapter.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse.chapters._book import new_figure

#: Colour of each optimizer, the same in every figure of the chapter.
OPTIMIZER_COLORS = {
    "sgd": "#7f7f7f",
    "momentum": "#1f77b4",
    "adagrad": "#2ca02c",
    "rmsprop": "#ff7f0e",
    "adam": "#d62728",
    "nesterov": "#9467bd",
}
#: Display names.
OPTIMIZER_LABELS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSProp",
    "adam": "Adam",
    "nesterov": "Nesterov",
}


def _color(name: str) -> str:
    return OPTIMIZER_COLORS.get(name.lower(), "black")


def _label(name: str) -> str:
    return OPTIMIZER_LABELS.get(name.lower(), name)


def _contour(ax: Any, surface: Any, window: Any, levels: int, log_levels: bool) -> None:
    (x_low, x_high), (y_low, y_high) = window
    X, Y = np.meshgrid(np.linspace(x_low, x_high, 120), np.linspace(y_low, y_high, 120))
    Z = surface.value(X, Y)
    if log_levels and Z.min() >= 0:
        contour_levels = np.geomspace(max(Z.min(), 1e-3 * Z.max(), 1e-6), Z.max(), levels)
    else:
        contour_levels = np.linspace(Z.min(), Z.max(), levels)
    ax.contour(X, Y, Z, levels=contour_levels, cmap="viridis", linewidths=0.6, alpha=0.8)
    for index, minimum in enumerate(surface.minima):
        ax.plot(*minimum, "k*", ms=10, zorder=5, label="minimum" if index == 0 else None)
    for index, saddle in enumerate(getattr(surface, "saddle_points", [])):
        ax.plot(*saddle, "kX", ms=8, zorder=5, label="saddle point" if index == 0 else None)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)


def plot_race(
    ax: Any,
    surface: Any,
    results: Mapping[str, Any],
    *,
    title: str = "",
    window: Any = None,
    levels: int = 14,
    log_levels: bool = True,
    legend: bool = True,
) -> Any:
    """Contour a 2-D surface and draw each optimizer's path from its run.

    A path that diverged is drawn up to its last finite point (it leaves the
    window) and gets "(diverged)" in the legend.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    surface : 2-D surface of :mod:`mlcourse.surfaces`
        The surface.
    results : mapping of str to PathResult
        Optimizer name to its run (e.g. from :func:`mlcourse.chapters.optimizers.analysis.race`).
    title : str
        Axes title.
    window : ((float, float), (float, float)), optional
        The region shown; default the surface's ``bounds``.
    levels : int, default 14
        Number of contour levels.
    log_levels : bool, default True
        Geometric contour levels (for non-negative surfaces); linear otherwise.
    legend : bool, default True
        Draw a legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    window = window if window is not None else surface.bounds
    _contour(ax, surface, window, levels, log_levels)
    for name, run in results.items():
        path = np.asarray(run.path)
        text = _label(name) + (" (diverged)" if run.diverged_at is not None else "")
        ax.plot(path[:, 0], path[:, 1], "-", lw=1.4, color=_color(name), label=text, alpha=0.9)
        ax.plot(path[-1, 0], path[-1, 1], "o", ms=4, color=_color(name))
    first = np.asarray(next(iter(results.values())).path)[0]
    ax.plot(*first, "ks", ms=6, label="start", zorder=6)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(fontsize=7, loc="best")
    return ax


def plot_race_losses(
    ax: Any,
    results: Mapping[str, Any],
    *,
    title: str = "Value of f per step",
    floor: float = 1e-16,
    symlog: bool = False,
) -> Any:
    """The surface's value at every step of each run (log scale, or symlog for surfaces below zero).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    results : mapping of str to PathResult
        Optimizer name to its run.
    title : str
        Axes title.
    floor : float, default 1e-16
        Values below it are drawn at it on the log scale; values above 1000
        times the largest starting value leave through the top edge.
    symlog : bool, default False
        Symmetric log scale (for the saddle, whose values go negative).

    Returns
    -------
    matplotlib.axes.Axes
    """
    top = 1e3 * max(float(run.losses[0]) for run in results.values())
    for name, run in results.items():
        values = np.asarray(run.losses, dtype=float)
        if not symlog:
            values = np.clip(values, floor, top * 10)  # a diverging run leaves through the top edge
        ax.plot(np.arange(len(values)), values, lw=1.5, color=_color(name), label=_label(name))
        if run.diverged_at is not None:
            ax.plot(
                [len(values) - 1],
                [min(values[-1], top / 2) if not symlog else values[-1]],
                "x",
                ms=9,
                mew=2,
                color=_color(name),
            )
    if symlog:
        ax.set_yscale("symlog", linthresh=1e-2)
    else:
        ax.set_yscale("log")
        low = min(float(np.min(np.maximum(run.losses, floor))) for run in results.values())
        ax.set_ylim(low / 3, top)
    ax.set_xlabel("step")
    ax.set_ylabel("f (symlog scale)" if symlog else "f (log scale)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    return ax


def race_figure(
    surface: Any,
    results: Mapping[str, Any],
    *,
    title: str = "",
    window: Any = None,
    log_levels: bool = True,
    symlog: bool = False,
) -> Any:
    """Two panels: the paths on the contours (left) and the value per step (right).

    Parameters
    ----------
    surface : 2-D surface
        The surface.
    results : mapping of str to PathResult
        Optimizer name to its run.
    title : str
        Title of the left panel.
    window : ((float, float), (float, float)), optional
        The region shown on the left.
    log_levels, symlog : bool
        As in :func:`plot_race` and :func:`plot_race_losses`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.8, height=3.8, gridspec_kw={"width_ratios": [1.25, 1]})
    figure.set_dpi(80)  # contour plots make heavy PNGs; 80 dpi keeps the chapter small
    plot_race(left, surface, results, title=title, window=window, log_levels=log_levels, levels=12)
    plot_race_losses(right, results, symlog=symlog)
    return figure


def plot_effective_rates(
    ax: Any, series: Mapping[str, Sequence[float]], *, title: str = "Effective learning rate under a constant gradient"
) -> Any:
    """Step size divided by the gradient, per step, on log-log axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    series : mapping of str to sequence of float
        Optimizer name to ``|change| / |gradient|`` at steps 1, 2, ...
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for name, values in series.items():
        values = np.asarray(values, dtype=float)
        ax.loglog(np.arange(1, len(values) + 1), values, lw=1.8, color=_color(name), label=_label(name))
    ax.set_xlabel("step t (log scale)")
    ax.set_ylabel("|step| / |gradient| (log scale)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def effective_rates_figure(rates: Any) -> Any:
    """Two panels of effective learning rates: a constant gradient (left), a large-then-small one (right).

    Parameters
    ----------
    rates : EffectiveRates
        From :func:`mlcourse.chapters.optimizers.analysis.effective_rates`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.8, height=3.8)
    plot_effective_rates(left, rates.constant, title="Constant gradient 1")
    large, small = rates.gradients[0], rates.gradients[-1]
    plot_effective_rates(right, rates.phases, title=f"Gradient {large:g} for {rates.switch} steps, then {small:g}")
    right.axvline(rates.switch, color="black", lw=0.8, ls=":")
    return figure


def plot_lr_sensitivity(
    ax: Any,
    rates: Sequence[float],
    values: Mapping[str, Sequence[float]],
    *,
    diverged: Mapping[str, Sequence[bool]] | None = None,
    cap: float | None = None,
    ylabel: str = "validation loss after training (log scale)",
    title: str = "Sensitivity to the learning rate",
) -> Any:
    """A loss against the learning rate, one line per optimizer (log-log); blown-up runs drawn at the cap.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    rates : sequence of float
        The learning rates tried.
    values : mapping of str to sequence of float
        Optimizer name to the loss reached with each rate.
    diverged : mapping of str to sequence of bool, optional
        Runs that diverged (drawn as crosses at the cap).
    cap : float, optional
        Largest value shown (default: 10 times the largest first value).
    ylabel, title : str
        Axes texts.

    Returns
    -------
    matplotlib.axes.Axes
    """
    rates = np.asarray(rates, dtype=float)
    finite = [v for series in values.values() for v in series if np.isfinite(v)]
    cap = cap if cap is not None else 10 * max(series[0] for series in values.values())
    for name, series in values.items():
        series = np.asarray(series, dtype=float)
        bad = ~np.isfinite(series) | (series > cap)
        if diverged and name in diverged:
            bad |= np.asarray(diverged[name], dtype=bool)
        shown = np.where(bad, cap, series)
        ax.loglog(rates, shown, "o-", ms=4, lw=1.5, color=_color(name), label=_label(name))
        if bad.any():
            ax.loglog(rates[bad], shown[bad], "x", ms=9, mew=2, color=_color(name))
        best = int(np.argmin(np.where(bad, np.inf, series)))
        ax.loglog([rates[best]], [series[best]], "o", ms=10, mfc="none", mec=_color(name), mew=1.5)
    ax.set_ylim(min(finite) / 2 if finite else None, cap * 1.5)
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_training_curves(
    ax: Any,
    curves: Mapping[str, Sequence[float]],
    *,
    labels: Mapping[str, str] | None = None,
    log: bool = True,
    ylabel: str = "training loss (log scale)",
    title: str = "Training loss per epoch",
) -> Any:
    """One curve per optimizer against the epoch.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : mapping of str to sequence of float
        Optimizer name to the value per epoch (epoch 1 first).
    labels : mapping of str to str, optional
        Legend text per optimizer (default its display name).
    log : bool, default True
        Log scale on y.
    ylabel, title : str
        Axes texts.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        text = (labels or {}).get(name, _label(name))
        ax.plot(np.arange(1, len(values) + 1), values, "o-", ms=3, lw=1.6, color=_color(name), label=text)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    return ax


# ------------------------------------------------------------------ section page: momentum's rate, Nesterov, AdamW


def condition_figure(sweep: Any, momentum_scan: Mapping[str, Any], best_momentum: float) -> Any:
    """Left: steps to the tolerance against the condition number (log-log), measured and the two laws.
    Right: steps of heavy-ball momentum against ``mu`` at one condition number, measured and predicted.

    Parameters
    ----------
    sweep : ConditionSweep
        From :func:`~mlcourse.chapters.optimizers.analysis.condition_sweep`.
    momentum_scan : mapping
        From :func:`~mlcourse.chapters.optimizers.analysis.momentum_sweep`.
    best_momentum : float
        The formula's ``mu``, marked by a dashed line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, (left, right) = new_figure(2, width=9.8, height=3.8)
    kappas = sweep.kappas
    left.loglog(kappas, sweep.gd_steps, "o", ms=6, color=_color("sgd"), label="gradient descent (measured)")
    left.loglog(
        kappas,
        sweep.gd_law,
        "--",
        lw=1.2,
        color=_color("sgd"),
        label=r"$\frac{\kappa}{2}\ln(1/\mathrm{tol})$ (slope 1)",
    )
    left.loglog(kappas, sweep.momentum_steps, "s", ms=6, color=_color("momentum"), label="momentum (measured)")
    left.loglog(
        kappas, sweep.momentum_law, "--", lw=1.2, color=_color("momentum"),
        label=r"$\frac{\sqrt{\kappa}}{2}\ln(1/\mathrm{tol})$ (slope 1/2)",
    )  # fmt: skip
    left.set_xlabel(r"condition number $\kappa$ (log scale)")
    left.set_ylabel(f"steps to reach tol = {sweep.tolerance:g} (log scale)")
    left.set_title("Each at its best settings", fontsize=10)
    left.legend(fontsize=7)
    left.grid(True, which="major", alpha=0.3)
    momenta, steps, predicted = momentum_scan["momenta"], momentum_scan["steps"], momentum_scan["predicted"]
    unstable = ~np.isfinite(predicted)
    if unstable.any():
        right.axvspan(momenta[0] - 0.005, momenta[unstable][-1] + 0.005, color="crimson", alpha=0.12, label="diverges")
    right.plot(momenta, steps, "s", ms=4, color=_color("momentum"), label="measured")
    right.plot(momenta[~unstable], predicted[~unstable], "-", lw=1.2, color="black", label="predicted from the rate")
    right.axvline(best_momentum, ls="--", lw=1, color="black")
    right.text(best_momentum + 0.005, 0.5, r"formula's $\mu$", transform=right.get_xaxis_transform(), fontsize=8)
    right.set_ylim(0, 1.1 * np.nanmax(steps[momenta > best_momentum]))
    right.set_xlabel(r"momentum $\mu$")
    right.set_ylabel(f"steps to reach tol = {sweep.tolerance:g}")
    right.set_title(rf"$\kappa$ = {momentum_scan['kappa']:g}, lr = {momentum_scan['lr']:.4f} (the best)", fontsize=10)
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.55, 1.0))
    return figure


def decay_figure(runs: Mapping[tuple[str, float], Any], pair: Sequence[tuple[str, float]]) -> Any:
    """Left: validation accuracy against the decay coefficient. Right: shrink of the weights by gradient size.

    Parameters
    ----------
    runs : mapping
        From :func:`~mlcourse.chapters.optimizers.analysis.weight_decay_comparison`.
    pair : sequence of (str, float)
        The runs compared on the right (keys of ``runs``), each against plain Adam
        with :func:`~mlcourse.chapters.optimizers.analysis.shrink_by_gradient_size`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from mlcourse.chapters.optimizers.analysis import shrink_by_gradient_size

    colors = {"l2": _color("adam"), "decoupled": _color("nesterov")}
    names = {"l2": "Adam + L2 penalty", "decoupled": "AdamW (decoupled)"}
    plain = runs[("none", 0.0)]
    figure, (left, right) = new_figure(2, width=9.8, height=3.8)
    for kind in ("l2", "decoupled"):
        keys = sorted(key for key in runs if key[0] == kind)
        left.semilogx(
            [key[1] for key in keys], [runs[key].val_accuracy for key in keys], "o-", ms=4,
            color=colors[kind], label=names[kind],
        )  # fmt: skip
    left.axhline(plain.val_accuracy, ls=":", color="black", lw=1, label="Adam, no decay")
    left.set_xlabel(r"coefficient $\lambda$ (log scale)")
    left.set_ylabel("validation accuracy")
    left.set_title("Validation accuracy after training", fontsize=10)
    left.legend(fontsize=7)
    left.grid(True, alpha=0.3)
    for kind, decay in pair:
        result = shrink_by_gradient_size(plain, runs[(kind, decay)])
        label = f"{names[kind]}, $\\lambda$ = {decay:g}"
        right.semilogx(result["rms"], result["ratio"], "o-", ms=5, color=colors[kind], label=label)
    right.axhline(1.0, ls=":", color="black", lw=1)
    right.set_ylim(0, 1.05)
    right.set_xlabel("gradient RMS of the weights without decay (log scale)")
    right.set_ylabel("norm with decay / norm without")
    right.set_title("Which weights the decay shrinks (6 groups of equal size)", fontsize=10)
    right.legend(fontsize=7)
    return figure
