"""Perceptron (hand-computed updates, AND/OR/XOR) and the MLP conveniences."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.data import logic_gate
from mlcourse.models import ConvergenceWarning, Perceptron


def test_perceptron_first_updates_on_and_match_hand_computation():
    X, y = logic_gate("and")
    model = Perceptron(learning_rate=1.0).fit(X, y)
    # epoch 1: (0,0) z=0 -> +1 wrong: b -= 2; (0,1), (1,0) right; (1,1) z=-2 wrong: w += 2*(1,1), b += 2
    # epoch 2: (0,0) z=0 wrong: b=-2; (0,1) z=0 wrong: w2=0, b=-4; (1,0) right; (1,1) z=-2 wrong: w=(4,2), b=-2
    expected = [
        [0, 0, 0],
        [0, 0, -2], [0, 0, -2], [0, 0, -2], [2, 2, 0],
        [2, 2, -2], [2, 0, -4], [2, 0, -4], [4, 2, -2],
    ]
    np.testing.assert_array_equal(model.weights_history_[:9], expected)
    assert model.errors_ == [2, 3, 3, 2, 1, 0]
    assert model.weights_history_.shape == (6 * 4 + 1, 3)
    np.testing.assert_array_equal(model.epoch_weights_[[0, 1, 2]], [[0, 0, 0], [2, 2, 0], [4, 2, -2]])
    np.testing.assert_array_equal(model.weights_, [4, 2])
    assert model.bias_ == -6
    np.testing.assert_array_equal(model.net_input(X), [-6, -4, -2, 0])


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = logic_gate(gate)
    model = Perceptron(learning_rate=0.1).fit(X, y)
    assert model.converged_ and model.errors_[-1] == 0
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.score(X, y) == 1.0
    assert model.predict(X).dtype == np.int64


def test_perceptron_never_learns_xor():
    X, y = logic_gate("xor")
    with pytest.warns(ConvergenceWarning, match="not be linearly separable"):
        model = Perceptron(max_epochs=50).fit(X, y)
    assert not model.converged_
    assert len(model.errors_) == 50 and min(model.errors_) > 0
    assert model.score(X, y) < 1.0


def test_perceptron_learning_rate_only_rescales_from_zero():
    X, y = logic_gate("or")
    a = Perceptron(learning_rate=1.0).fit(X, y)
    b = Perceptron(learning_rate=0.01).fit(X, y)
    assert a.errors_ == b.errors_
    np.testing.assert_allclose(a.weights_history_ * 0.01, b.weights_history_, rtol=1e-12)


def test_perceptron_shuffle_and_random_init_are_seeded():
    X, y = logic_gate("and")
    first = Perceptron(shuffle=True, init="random", seed=4).fit(X, y)
    second = Perceptron(shuffle=True, init="random", seed=4).fit(X, y)
    np.testing.assert_array_equal(first.weights_history_, second.weights_history_)
    assert first.converged_
    assert not np.all(first.weights_history_[0] == 0)
