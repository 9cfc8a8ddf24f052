"""Chapter 4 widgets: the numbers move as the theory of the threshold unit and its learning rule says."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.perceptron.analysis import (
    fewest_errors_of_any_line,
    mistake_bound,
    train_on_gate,
)
from mlcourse.data import logic_gate
from tests.chapters.widget_sweep import table

GATES = ("AND", "OR", "XOR")


@pytest.fixture(scope="module")
def line_table():
    return table("perceptron", "gate", "w1", "w2", "b")


@pytest.fixture(scope="module")
def training_table():
    return table("perceptron.TRAINING_WIDGET", "gate", "epoch")


def epochs_of(training_table):
    return sorted({epoch for _, epoch in training_table})


def test_the_default_state_separates_and(line_table):
    numbers = line_table[("AND", 1.0, 1.0, -1.5)]
    assert numbers["misclassified"] == 0 and numbers["outputs"] == numbers["targets"]


def test_the_numbers_are_the_threshold_unit_of_the_state(line_table):
    for (gate, w1, w2, b), numbers in line_table.items():
        X, y = logic_gate(gate)
        z = X @ np.array([w1, w2]) + b
        assert numbers["net inputs z for (0,0), (0,1), (1,0), (1,1)"] == ", ".join(f"{value:g}" for value in z)
        assert numbers["misclassified"] == int(np.sum(np.where(z >= 0, 1, -1) != y))


def test_and_and_or_have_a_perfect_state_xor_never(line_table):
    best = {gate: min(n["misclassified"] for (g, *_), n in line_table.items() if g == gate) for gate in GATES}
    assert best == {"AND": 0, "OR": 0, "XOR": 1}
    exact = {gate: fewest_errors_of_any_line(*logic_gate(gate)) for gate in GATES}
    for (gate, *_), numbers in line_table.items():
        assert numbers["misclassified"] >= numbers["fewest any line can get wrong"] == exact[gate]


def test_flipping_every_sign_flips_every_output(line_table):
    # (w, b) -> (-w, -b) swaps the two sides; only points exactly on the line (z = 0) stay +1 in both
    flipped_pairs = 0
    for (gate, w1, w2, b), numbers in line_table.items():
        flipped = line_table.get((gate, -w1, -w2, -b))
        if flipped is None:
            continue
        on_line = numbers["net inputs z for (0,0), (0,1), (1,0), (1,1)"].split(", ").count("0")
        if on_line == 0:
            assert numbers["misclassified"] + flipped["misclassified"] == 4
            flipped_pairs += 1
    assert flipped_pairs > 0


def test_raising_the_bias_never_turns_a_plus_one_into_minus_one(line_table):
    # z = w.x + b grows with b, so the set of points labelled +1 only grows
    outputs: dict[tuple, list] = {}
    for (gate, w1, w2, b), numbers in sorted(line_table.items(), key=lambda item: item[0][3]):
        outputs.setdefault((gate, w1, w2), []).append([int(v) for v in numbers["outputs"].split(", ")])
    for key, rows in outputs.items():
        assert len(rows) > 1
        assert np.all(np.diff(np.array(rows), axis=0) >= 0), key


def test_training_grid_is_small(training_table):
    assert len(training_table) <= 60


@pytest.mark.parametrize("gate", ["AND", "OR"])
def test_separable_gates_stop_at_a_perfect_line(training_table, gate):
    epochs = epochs_of(training_table)
    last = training_table[(gate, epochs[-1])]
    assert last["stopped (an epoch without a mistake)"] is True
    assert last["misclassified by these weights"] == 0
    assert last["updates in this epoch"] == 0
    # once stopped, nothing changes any more
    stop = min(e for (g, e), n in training_table.items() if g == gate and n["stopped (an epoch without a mistake)"])
    for epoch in epochs:
        if epoch >= stop:
            numbers = training_table[(gate, epoch)]
            assert (numbers["w1"], numbers["w2"], numbers["b"]) == (last["w1"], last["w2"], last["b"])


def test_xor_never_stops_and_repeats_its_epochs(training_table):
    rows = [training_table[("XOR", epoch)] for epoch in epochs_of(training_table)]
    assert not any(n["stopped (an epoch without a mistake)"] for n in rows)
    assert all(n["misclassified by these weights"] >= 1 for n in rows)
    assert all(n["updates in this epoch"] > 0 for n in rows[1:])
    # from epoch 2 on every epoch ends at the same weights: the rule cycles
    ends = {(n["w1"], n["w2"], n["b"]) for n in rows[2:]}
    assert len(ends) == 1


def test_updates_so_far_add_up(training_table):
    for gate in GATES:
        total = 0
        for epoch in epochs_of(training_table):
            numbers = training_table[(gate, epoch)]
            total += numbers["updates in this epoch"]
            assert numbers["updates so far"] == total


def test_the_weights_shown_are_the_rule_s_weights(training_table):
    # the widget's (w1, w2, b) are the perceptron's own, read in the (b, w1, w2) order it records
    for (gate, epoch), numbers in training_table.items():
        model = train_on_gate(gate, max_epochs=max(epochs_of(training_table)))
        b, w1, w2 = model.epoch_weights_[min(epoch, model.n_epochs_)]
        assert (numbers["w1"], numbers["w2"], numbers["b"]) == (w1, w2, b)
    assert (training_table[("OR", 1)]["w1"], training_table[("OR", 1)]["w2"], training_table[("OR", 1)]["b"]) == (
        0.0,
        2.0,
        0.0,
    )  # exercise 2, by hand


def test_the_updates_respect_the_convergence_bound(training_table):
    for gate in ("AND", "OR"):
        bound = mistake_bound(*logic_gate(gate)).bound
        assert training_table[(gate, epochs_of(training_table)[-1])]["updates so far"] <= bound
