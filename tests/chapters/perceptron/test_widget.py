"""Chapter 2 widgets: the numbers move as the theory of the threshold unit and its learning rule says."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlcourse import chapters
from mlcourse.data import logic_gate
from mlcourse.chapters.perceptron.analysis import fewest_errors_of_any_line
from mlcourse.chapters.perceptron import widget as perceptron
from mlcourse.chapters.perceptron import widget_training as perceptron_training

LINE = chapters.get_widget("perceptron")
TRAINING = chapters.get_widget("perceptron.TRAINING_WIDGET")


@pytest.fixture(scope="module")
def line_table():
    """Numbers of every state of the line widget (without drawing: state_numbers is what render shows)."""
    table = {}
    for params in LINE.grid():
        table[(params["gate"], params["w1"], params["w2"], params["b"])] = perceptron.state_numbers(**params)
    return table


def test_render_shows_the_state_numbers():
    for params in ({}, {"gate": "XOR", "b": -0.5}, {"w1": 0.0, "w2": 0.0, "b": 0.5}, {"gate": "OR", "w1": -1.0}):
        rendered = LINE.render(**params)
        assert rendered.figure.axes
        assert rendered.numbers == perceptron.state_numbers(**{**LINE.defaults(), **params})


def test_the_default_state_separates_and():
    numbers = LINE.render().numbers
    assert numbers["misclassified"] == 0 and numbers["outputs"] == numbers["targets"]


def test_and_and_or_have_a_perfect_state_xor_never(line_table):
    best = {gate: min(n["misclassified"] for (g, *_), n in line_table.items() if g == gate)
            for gate in perceptron.GATES}
    assert best == {"AND": 0, "OR": 0, "XOR": 1}
    exact = {gate: fewest_errors_of_any_line(*logic_gate(gate.lower())) for gate in perceptron.GATES}
    for (gate, *_), numbers in line_table.items():
        assert numbers["misclassified"] >= numbers["fewest any line can get wrong"] == exact[gate]


def test_flipping_every_sign_flips_every_output(line_table):
    # (w, b) -> (-w, -b) swaps the two sides; only points exactly on the line (z = 0) stay +1 in both
    for (gate, w1, w2, b), numbers in line_table.items():
        flipped = line_table.get((gate, -w1, -w2, -b))
        if flipped is None:
            continue
        on_line = numbers["net inputs z for (0,0), (0,1), (1,0), (1,1)"].split(", ").count("0")
        if on_line == 0:
            assert numbers["misclassified"] + flipped["misclassified"] == 4


def test_raising_the_bias_never_turns_a_plus_one_into_minus_one(line_table):
    # z = w.x + b grows with b, so the set of points labelled +1 only grows
    for gate, w1, w2 in itertools.product(perceptron.GATES, perceptron.WEIGHTS, perceptron.WEIGHTS):
        previous = None
        for b in perceptron.BIASES:
            outputs = np.array([int(v) for v in line_table[(gate, w1, w2, b)]["outputs"].split(", ")])
            if previous is not None:
                assert np.all(outputs >= previous)
            previous = outputs


@pytest.fixture(scope="module")
def training_table():
    table = {}
    for params in TRAINING.grid():
        rendered = TRAINING.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        table[(params["gate"], params["epoch"])] = rendered.numbers
    return table


def test_training_grid_is_small(training_table):
    assert len(training_table) <= 60


@pytest.mark.parametrize("gate", ["AND", "OR"])
def test_separable_gates_stop_at_a_perfect_line(training_table, gate):
    last = training_table[(gate, perceptron_training.EPOCHS[-1])]
    assert last["stopped (an epoch without a mistake)"] is True
    assert last["misclassified by these weights"] == 0
    assert last["updates in this epoch"] == 0
    # once stopped, nothing changes any more
    stop = min(e for (g, e), n in training_table.items() if g == gate and n["stopped (an epoch without a mistake)"])
    for epoch in perceptron_training.EPOCHS:
        if epoch >= stop:
            numbers = training_table[(gate, epoch)]
            assert (numbers["w1"], numbers["w2"], numbers["b"]) == (last["w1"], last["w2"], last["b"])


def test_xor_never_stops_and_repeats_its_epochs(training_table):
    rows = [training_table[("XOR", epoch)] for epoch in perceptron_training.EPOCHS]
    assert not any(n["stopped (an epoch without a mistake)"] for n in rows)
    assert all(n["misclassified by these weights"] >= 1 for n in rows)
    assert all(n["updates in this epoch"] > 0 for n in rows[1:])
    # from epoch 2 on every epoch ends at the same weights: the rule cycles
    ends = {(n["w1"], n["w2"], n["b"]) for n in rows[2:]}
    assert len(ends) == 1


def test_updates_so_far_add_up(training_table):
    for gate in perceptron_training.GATES:
        total = 0
        for epoch in perceptron_training.EPOCHS:
            numbers = training_table[(gate, epoch)]
            total += numbers["updates in this epoch"]
            assert numbers["updates so far"] == total


def test_the_updates_respect_the_convergence_bound(training_table):
    from mlcourse.chapters.perceptron.analysis import mistake_bound

    for gate in ("AND", "OR"):
        bound = mistake_bound(*logic_gate(gate.lower())).bound
        assert training_table[(gate, perceptron_training.EPOCHS[-1])]["updates so far"] <= bound
