"""The chapter's figure helpers draw what they are given."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.loss_functions import plots


def test_residual_losses_figure_draws_both_losses_and_their_derivatives():
    figure = plots.residual_losses_figure(span=2.0)
    losses_ax, grads_ax = figure.axes
    r = losses_ax.lines[0].get_xdata()
    np.testing.assert_allclose(losses_ax.lines[0].get_ydata(), r**2)
    np.testing.assert_allclose(losses_ax.lines[1].get_ydata(), np.abs(r))
    np.testing.assert_allclose(grads_ax.lines[1].get_ydata(), np.sign(r))
    assert r.min() == -2.0 and r.max() == 2.0


def test_line_fits_figure_draws_each_line_through_the_data_range():
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 3.0, -10.0])
    figure = plots.line_fits_figure(
        X, y, {"true line": (2.0, 1.0), "MSE fit": (0.5, 0.0)}, outliers=np.array([False, False, True]), title="t"
    )
    (ax,) = figure.axes
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(lines["true line"].get_ydata(), [1.0, 5.0])
    np.testing.assert_allclose(lines["MSE fit"].get_ydata(), [0.0, 1.0])
    assert ax.get_title() == "t"


def test_cross_entropy_figure_has_one_curve_per_label():
    (ax,) = plots.cross_entropy_figure().axes
    label_one, label_zero = ax.lines
    p = label_one.get_xdata()
    np.testing.assert_allclose(label_one.get_ydata(), -np.log(p), rtol=1e-9)
    np.testing.assert_allclose(label_zero.get_ydata(), -np.log(1 - p), rtol=1e-9)


def test_accuracy_vs_cross_entropy_figure_puts_the_curves_on_two_axes():
    values = np.linspace(0, 1, 5)
    accuracy = np.array([0.5, 0.5, 0.75, 0.75, 1.0])
    cross_entropy = np.array([0.9, 0.7, 0.5, 0.4, 0.35])
    figure = plots.accuracy_vs_cross_entropy_figure(values, accuracy, cross_entropy, current=0.5)
    ax, twin = figure.axes
    np.testing.assert_allclose(twin.lines[0].get_ydata(), cross_entropy)
    assert any(line.get_label() == "trained value" and np.allclose(line.get_xdata(), 0.5) for line in ax.lines)
