"""Tests of the one-call figures and the steps table of mlcourse.chapters.perceptron.plots."""

from __future__ import annotations

import numpy as np

from mlcourse.chapters.perceptron.analysis import bound_experiment, perceptron_steps, train_on_gate
from mlcourse.chapters.perceptron.plots import (
    errors_figure,
    gate_units_figure,
    learned_gates_figure,
    mistake_bound_figure,
    steps_table,
    threshold_figure,
)
from mlcourse.data import logic_gate


def test_steps_table_rows_are_the_visits():
    model = train_on_gate("and")
    X, y = logic_gate("and")
    text = steps_table(perceptron_steps(model, X, y)[:4])
    lines = text.splitlines()
    assert len(lines) == 5 and lines[0].startswith("step epoch")
    # visit 1: (0, 0) with target -1 is labelled +1 at z = 0; the bias drops to -2
    assert lines[1].split() == ["1", "1", "(0,", "0)", "-1", "0", "+1", "-2", "(0,", "0)", "-2"]
    # visit 4: (1, 1), target +1, z = -2: w becomes (2, 2), b = 0
    assert lines[4].split()[-3:] == ["(2,", "2)", "0"]


def test_gate_units_figure_titles_and_mistakes():
    figure = gate_units_figure([("and", (1, 1), -1.5), ("xor", (1, 1), -0.5)])
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == ["AND: w = (1, 1), b = -1.5", "XOR: w = (1, 1), b = -0.5"]
    legend_texts = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in figure.axes]
    assert "misclassified" not in legend_texts[0] and "misclassified" in legend_texts[1]


def test_learned_gates_figure_has_the_learned_and_the_widest_margin_line():
    figure = learned_gates_figure({"and": train_on_gate("and"), "or": train_on_gate("or")})
    assert [ax.get_title() for ax in figure.axes] == ["AND learned: 6 epochs", "OR learned: 4 epochs"]
    for ax in figure.axes:
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "widest-margin line" in labels


def test_errors_and_bound_figures_plot_the_given_numbers():
    figure = errors_figure({"AND": [2, 3, 1, 0], "XOR": [3, 4, 4, 4, 4]}, max_epochs=3)
    (ax,) = figure.axes
    assert [line.get_ydata().tolist() for line in ax.lines] == [[2, 3, 1], [3, 4, 4]]
    experiment = bound_experiment(seeds=[0], distances=[3.0, 4.0])
    figure = mistake_bound_figure(experiment)
    (ax,) = figure.axes
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), experiment.bounds)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), experiment.updates)
    assert len(threshold_figure().axes) == 1
