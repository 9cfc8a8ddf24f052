"""Tests of mlcourse.chapters.perceptron.analysis against hand values and brute-force searches."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse.chapters.perceptron.analysis import (
    fewest_errors_of_any_line,
    geometric_margin,
    max_margin_separator,
    misclassified,
    mistake_bound,
    perceptron_steps,
    train_on_gate,
)
from mlcourse.data import add_bias_column, logic_gate, make_blobs
from mlcourse.models import ConvergenceWarning, Perceptron

SQUARE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def brute_force_fewest_errors(X, y, n_directions=20000, seed=0):
    """Dense random directions, every threshold: an upper bound that is tight for generic sets."""
    angles = np.random.default_rng(seed).uniform(0, 2 * np.pi, n_directions)
    best = len(y)
    for angle in angles:
        projection = X @ np.array([np.cos(angle), np.sin(angle)])
        for threshold in np.concatenate([projection, [projection.max() + 1]]):
            prediction = np.where(projection >= threshold, 1, -1)
            best = min(best, int(np.sum(prediction != y)))
    return best


def brute_force_margin(X, y, n_directions=200000, seed=0):
    """Best margin over random unit vectors of the augmented space."""
    directions = np.random.default_rng(seed).standard_normal((n_directions, X.shape[1] + 1))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    margins = ((add_bias_column(X) * y[:, None]) @ directions.T).min(axis=0)
    return float(margins.max())


def separable_blobs(seed, distance=3.0, n=20):
    X, y = make_blobs(n, centers=[[-distance / 2, 0.0], [distance / 2, 0.5]], cluster_std=0.6, seed=seed)
    y = 2 * y - 1
    return X, y


def test_misclassified_hand_values():
    _, y_and = logic_gate("and")
    _, y_xor = logic_gate("xor")
    assert misclassified(SQUARE, y_and, [1.0, 1.0], -1.5) == 0
    assert misclassified(SQUARE, y_and, [1.0, 1.0], -0.5) == 2  # that is OR's line
    assert misclassified(SQUARE, y_and, [-1.0, -1.0], 1.5) == 4  # every label flipped
    assert misclassified(SQUARE, y_xor, [1.0, 1.0], -0.5) == 1
    # a point exactly on the line counts as +1, as in Perceptron.predict
    assert misclassified([[1.0, 1.0]], [1], [1.0, 1.0], -2.0) == 0
    assert misclassified([[1.0, 1.0]], [-1], [1.0, 1.0], -2.0) == 1


@pytest.mark.parametrize("gate, expected", [("and", 0), ("or", 0), ("nand", 0), ("xor", 1)])
def test_fewest_errors_of_the_gates(gate, expected):
    X, y = logic_gate(gate)
    assert fewest_errors_of_any_line(X, y) == expected


@pytest.mark.parametrize("seed", range(6))
def test_fewest_errors_equals_dense_search_on_random_sets(seed):
    generator = np.random.default_rng(seed)
    X = generator.standard_normal((9, 2))
    y = generator.choice([-1, 1], size=9)
    exact = fewest_errors_of_any_line(X, y)
    dense = brute_force_fewest_errors(X, y, n_directions=4000, seed=seed)
    assert exact <= dense
    assert exact == dense


def test_fewest_errors_keeps_duplicated_points_together():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
    assert fewest_errors_of_any_line(X, [1, -1, 1]) == 1  # the two copies can never be split


def test_fewest_errors_zero_iff_perceptron_converges():
    for seed in range(4):
        X, y = separable_blobs(seed)
        assert fewest_errors_of_any_line(X, y) == 0
        assert Perceptron(max_epochs=1000).fit(X, y).converged_
    X, y = logic_gate("xor")
    with pytest.warns(ConvergenceWarning):
        assert not Perceptron(max_epochs=50).fit(X, y).converged_


def test_geometric_margin_hand_value():
    _, y = logic_gate("and")
    # the closest points (0,1), (1,0), (1,1) are at 0.5 / ||(1, 1, -1.5)||
    assert geometric_margin(SQUARE, y, [1.0, 1.0], -1.5) == pytest.approx(0.5 / math.sqrt(4.25))
    assert geometric_margin(SQUARE, y, [2.0, 2.0], -3.0) == pytest.approx(0.5 / math.sqrt(4.25))  # scale-free
    assert geometric_margin(SQUARE, y, [1.0, 1.0], -0.5) < 0


def test_max_margin_separator_hand_values():
    w, b, gamma = max_margin_separator([[-1.0], [1.0]], [-1, 1])
    assert w == pytest.approx([1.0]) and b == pytest.approx(0.0, abs=1e-9) and gamma == pytest.approx(1.0)
    # OR: by symmetry v = (1, 1, -1/2)/c; the margins of (0,0), (0,1), (1,0) are 1/2 each ... and of (1,1) 3/2,
    # but a better bias exists: v = (2, 2, -1)/3 gives 1/3 at (0,0), (0,1), (1,0): gamma = 1/3
    _, y_or = logic_gate("or")
    w, b, gamma = max_margin_separator(SQUARE, y_or)
    assert np.append(w, b) == pytest.approx(np.array([2.0, 2.0, -1.0]) / 3.0, abs=1e-8)
    assert gamma == pytest.approx(1.0 / 3.0, abs=1e-9)


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_max_margin_is_at_least_the_best_random_direction(gate):
    X, y = logic_gate(gate)
    w, b, gamma = max_margin_separator(X, y)
    assert np.linalg.norm(np.append(w, b)) == pytest.approx(1.0)
    assert geometric_margin(X, y, w, b) == pytest.approx(gamma)
    brute = brute_force_margin(X, y.astype(float))
    assert gamma >= brute - 1e-12
    assert gamma == pytest.approx(brute, rel=5e-2)


def test_max_margin_on_blobs_beats_random_directions():
    X, y = separable_blobs(1)
    _, _, gamma = max_margin_separator(X, y)
    assert gamma >= brute_force_margin(X, y.astype(float), n_directions=50000) - 1e-12


def test_max_margin_refuses_xor():
    X, y = logic_gate("xor")
    with pytest.raises(ValueError, match="not\\s+linearly separable"):
        max_margin_separator(X, y, max_sweeps=2000)


def test_mistake_bound_and_hand_value():
    _, y = logic_gate("and")
    radius, margin, bound = mistake_bound(SQUARE, y, [1.0, 1.0], -1.5)
    assert radius == pytest.approx(math.sqrt(3.0))
    assert bound == pytest.approx(3.0 * 4.25 / 0.25)  # R^2 / gamma^2 = 51
    assert mistake_bound(SQUARE, y).bound == pytest.approx(51.0, rel=1e-6)  # (1, 1, -1.5) is the best


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("learning_rate", [0.01, 1.0, 7.0])
def test_perceptron_never_exceeds_the_bound(seed, learning_rate):
    X, y = separable_blobs(seed, distance=2.0 + 0.5 * seed, n=30)
    limit = mistake_bound(X, y).bound
    for shuffle in (False, True):
        model = Perceptron(learning_rate=learning_rate, max_epochs=10_000, shuffle=shuffle, seed=seed).fit(X, y)
        assert model.converged_
        assert sum(model.errors_) <= limit


def test_mistake_bound_refuses_a_non_separating_line():
    _, y = logic_gate("and")
    with pytest.raises(ValueError, match="does not separate"):
        mistake_bound(SQUARE, y, [1.0, 1.0], -0.5)
    with pytest.raises(ValueError, match="both weights and bias"):
        mistake_bound(SQUARE, y, [1.0, 1.0])


def test_perceptron_steps_replays_the_rule_on_and():
    X, y = logic_gate("and")
    model = Perceptron().fit(X, y)
    steps = perceptron_steps(model, X, y)
    assert len(steps) == model.n_epochs_ * 4
    first = steps[0]  # (0, 0) with target -1: z = 0 gives +1, wrong: b <- 0 + 1 * (-1 - 1) = -2
    assert (first.sample, first.target, first.net_input, first.output, first.update) == (0, -1, 0.0, 1, -2.0)
    assert first.weights == (0.0, 0.0) and first.bias == -2.0
    assert sum(step.update != 0 for step in steps) == sum(model.errors_)
    for epoch in range(1, model.n_epochs_ + 1):
        assert sum(s.update != 0 for s in steps if s.epoch == epoch) == model.errors_[epoch - 1]
    last = steps[-1]
    assert np.append(last.weights, last.bias) == pytest.approx(np.append(model.weights_, model.bias_))


def test_perceptron_steps_bad_input():
    X, y = logic_gate("and")
    with pytest.raises(ValueError, match="not fitted"):
        perceptron_steps(Perceptron(), X, y)
    shuffled = Perceptron(shuffle=True, seed=0).fit(X, y)
    with pytest.raises(ValueError, match="shuffle=False"):
        perceptron_steps(shuffled, X, y)
    model = Perceptron().fit(X, y)
    with pytest.raises(ValueError, match="does not"):
        perceptron_steps(model, X[:3], y[:3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        other = Perceptron(max_epochs=6).fit(*logic_gate("xor"))
    with pytest.raises(ValueError, match="does not match"):
        perceptron_steps(other, X, y)


@pytest.mark.parametrize(
    "call",
    [
        lambda: misclassified(SQUARE, [0, 0, 0, 1], [1.0, 1.0], -1.5),
        lambda: misclassified(SQUARE, [-1, 1], [1.0, 1.0], -1.5),
        lambda: misclassified(SQUARE, [-1, -1, -1, 1], [1.0, 1.0, 1.0], -1.5),
        lambda: fewest_errors_of_any_line(np.ones((4, 3)), [-1, -1, -1, 1]),
        lambda: geometric_margin(SQUARE, [-1, -1, -1, 1], [0.0, 0.0], 0.0),
        lambda: misclassified(SQUARE, [-1, -1, -1, 1], [1.0, 1.0], float("nan")),
    ],
)
def test_bad_input_names_the_problem(call):
    with pytest.raises(ValueError):
        call()


def test_zero_one_labels_get_a_hint():
    with pytest.raises(ValueError, match="2 \\* y - 1"):
        misclassified(SQUARE, [0, 0, 0, 1], [1.0, 1.0], -1.5)


def test_bias_must_be_a_number():
    with pytest.raises(TypeError, match="bias must be a number"):
        misclassified(SQUARE, [-1, -1, -1, 1], [1.0, 1.0], "b")


@pytest.mark.parametrize("gate", ["and", "or", "nand", "xor"])
def test_train_on_gate_is_the_perceptron_from_zero(gate):
    X, y = logic_gate(gate)
    model = train_on_gate(gate, max_epochs=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference = Perceptron(learning_rate=1.0, max_epochs=12).fit(X, y)
    np.testing.assert_array_equal(model.weights_history_, reference.weights_history_)
    assert model.converged_ == (gate != "xor")
    assert train_on_gate(gate, max_epochs=12) is model  # cached


def test_train_on_gate_refuses_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown logic gate"):
        train_on_gate("nor")


def test_bound_experiment_matches_a_direct_run_and_the_theorem():
    from mlcourse.chapters.perceptron.analysis import bound_experiment

    result = bound_experiment(seeds=range(2), distances=(2.0, 4.0))
    assert len(result.margins) + result.skipped == 4
    assert np.all(result.updates <= result.bounds) and 0 < result.largest_ratio <= 1
    # the first data set, recomputed by hand
    X, labels = make_blobs(40, centers=[[-1.0, 0.0], [1.0, 0.0]], cluster_std=0.5, seed=0)
    y = 2 * labels - 1
    if fewest_errors_of_any_line(X, y) == 0:
        radius, margin, bound = mistake_bound(X, y)
        assert result.margins[0] == margin and result.bounds[0] == bound
        assert result.updates[0] == sum(Perceptron(max_epochs=10_000).fit(X, y).errors_)
    with pytest.raises(ValueError):
        bound_experiment(distances=(0.0,))
