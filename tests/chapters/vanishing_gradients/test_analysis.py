"""Tests of mlcourse.chapters.vanishing_gradients.analysis against finite differences and hand-built networks."""

from __future__ import annotations


import numpy as np
import pytest

from mlcourse import nn
from mlcourse.chapters.vanishing_gradients import analysis as diagnostics
from mlcourse.chapters.vanishing_gradients.analysis import activation_statistics, dead_unit_fractions, layer_gradient_norms
from mlcourse.gradcheck import numerical_gradient
from mlcourse.losses import CrossEntropyLoss
from mlcourse.nn import mlp



def test_layer_gradient_norms_match_finite_differences():
    model = mlp([3, 5, 4, 2], activation="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 3)), np.array([0, 1, 1, 0, 1, 0])
    norms = layer_gradient_norms(model, "cross_entropy", X, y)
    assert list(norms) == ["0.W", "2.W", "4.W"]
    loss = CrossEntropyLoss()
    for name, param in model.named_parameters():
        if param.name == "W":
            numeric = numerical_gradient(lambda _: loss(model(X), y), param.data)
            assert norms[name] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


def test_layer_gradient_norms_do_not_update_and_restore_mode():
    model = mlp([3, 4, 2], dropout=0.5, seed=0).eval()
    before = model.state_dict()
    layer_gradient_norms(model, "cross_entropy", np.ones((4, 3)), np.array([0, 1, 0, 1]))
    assert not model.training
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])
    with pytest.raises(TypeError):
        layer_gradient_norms(nn.Linear(3, 2), "mse", np.ones((1, 3)), np.ones((1, 2)))


def test_sigmoid_gradients_shrink_towards_the_input():
    model = mlp([20] + [20] * 8 + [2], activation="sigmoid", init="xavier_normal", seed=0)
    rng = np.random.default_rng(1)
    norms = list(layer_gradient_norms(model, "cross_entropy", rng.standard_normal((64, 20)),
                                      rng.integers(0, 2, 64)).values())
    assert norms[0] < norms[-2] / 100  # at most 0.25 per sigmoid layer


def test_activation_statistics_hand_values():
    model = nn.Sequential(nn.Linear(1, 2, init="zeros"), nn.Tanh(), nn.Linear(2, 1, init="zeros"), nn.Sigmoid())
    model[0].W.data[:] = [[10.0, 0.0]]
    X = np.array([[1.0], [-1.0]])
    stats = activation_statistics(model, X)
    assert [row.layer for row in stats] == ["1 Tanh", "3 Sigmoid"]
    tanh_out = np.array([[np.tanh(10), 0.0], [-np.tanh(10), 0.0]])
    assert stats[0].mean == pytest.approx(tanh_out.mean())
    assert stats[0].std == pytest.approx(tanh_out.std())
    assert stats[0].saturated == pytest.approx(0.5)  # the first unit saturates, the second sits at 0
    assert stats[1].mean == pytest.approx(0.5) and stats[1].std == pytest.approx(0.0)
    assert stats[1].saturated == 0.0


def test_dead_unit_fractions():
    model = nn.Sequential(nn.Linear(1, 4, init="zeros"), nn.ReLU(), nn.Linear(4, 2, init="zeros"),
                          nn.LeakyReLU(0.1))
    model[0].W.data[:] = [[1.0, -1.0, 1.0, 0.0]]
    model[0].b.data[:] = [0.0, 0.0, -5.0, 0.0]
    X = np.array([[1.0], [2.0], [3.0]])
    fractions = dead_unit_fractions(model, X)
    # unit 1: -x < 0; unit 2: x - 5 < 0 on these data; unit 3: always exactly 0; unit 0 fires
    assert fractions["1 ReLU"] == pytest.approx(3 / 4)
    assert fractions["3 LeakyReLU"] == pytest.approx(1.0)  # all-zero weights: inputs are 0 everywhere
