"""Tests of mlcourse.nn: the MLP builder, fixed-scale initializers, batch-norm folding."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import nn, optim, train
from mlcourse.init import normal_init
from mlcourse.nn import fold_batchnorm, mlp


def test_mlp_layers_counts_and_reproducibility():
    model = mlp([64, 256, 128, 10], activation="relu", dropout=0.5, seed=0)
    kinds = [type(layer).__name__ for layer in model]
    assert kinds == ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]
    assert model.summary(64).total_parameters == 65 * 256 + 257 * 128 + 129 * 10
    again = mlp([64, 256, 128, 10], activation="relu", dropout=0.5, seed=0)
    for a, b in zip(model.parameters(), again.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    other = mlp([64, 256, 128, 10], activation="relu", dropout=0.5, seed=1)
    assert not np.array_equal(model[0].W.data, other[0].W.data)
    with_softmax = mlp([3, 2], output_activation="softmax")
    assert [type(layer).__name__ for layer in with_softmax] == ["Linear", "Softmax"]
    assert mlp([3, 4, 2], dtype=np.float32)[0].W.data.dtype == np.float32
    leaky = mlp([3, 4, 4, 2], activation="leaky_relu", activation_options={"alpha": 0.2})
    assert [layer.alpha for layer in leaky if isinstance(layer, nn.LeakyReLU)] == [0.2, 0.2]


def test_mlp_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least"):
        mlp([3])
    with pytest.raises(ValueError, match="activation"):
        mlp([3, 2, 1], activation="swish")
    with pytest.raises(ValueError):
        mlp([3, 0, 1])
    with pytest.raises(ValueError):
        mlp([3, 2, 1], dropout=1.0)


def test_normal_init_has_the_requested_scale():
    W = normal_init(0.5)(400, 300, seed=0)
    assert W.shape == (400, 300)
    assert W.std() == pytest.approx(0.5, rel=0.01)
    assert abs(W.mean()) < 0.01
    layer = nn.Linear(100, 100, init=normal_init(2.0), seed=0)
    assert layer.W.data.std() == pytest.approx(2.0, rel=0.03)
    with pytest.raises(ValueError):
        normal_init(0.0)


def _trained_bn_net(bias=True, seed=0):
    rng = np.random.default_rng(seed)
    layers = [
        nn.Linear(5, 7, bias=bias, seed=1),
        nn.BatchNorm1d(7),
        nn.Tanh(),
        nn.Linear(7, 6, seed=2),
        nn.BatchNorm1d(6),
        nn.ReLU(),
        nn.Linear(6, 3, seed=3),
    ]
    model = nn.Sequential(*layers)
    X = rng.standard_normal((64, 5)) * 3 + 1
    y = rng.integers(0, 3, 64)
    train.fit(
        model, "cross_entropy", optim.Adam(model.parameters(), lr=0.05), X, y, epochs=30, batch_size=16, seed=0
    )  # gamma, beta and the running statistics move away from 1, 0
    return model, X


@pytest.mark.parametrize("bias", [True, False])
def test_fold_batchnorm_matches_evaluation_mode(bias):
    model, X = _trained_bn_net(bias)
    assert not np.allclose(model[1].gamma.data, 1.0)
    before = {name: array.copy() for name, array in model.state_dict().items()}
    folded = fold_batchnorm(model)
    assert [type(layer).__name__ for layer in folded] == ["Linear", "Tanh", "Linear", "ReLU", "Linear"]
    np.testing.assert_allclose(folded(X), model.eval()(X), rtol=1e-10, atol=1e-10)
    # the original is untouched and training mode (batch statistics) differs from the folded net
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, before[name])
    assert not np.allclose(model.train()(X), folded(X))
    assert not folded.training
    assert folded.summary(5).total_parameters == model.summary(5).total_parameters - 2 * (7 + 6) + (0 if bias else 7)


def test_fold_batchnorm_needs_a_preceding_linear():
    with pytest.raises(ValueError, match="does not follow a Linear"):
        fold_batchnorm(nn.Sequential(nn.BatchNorm1d(3), nn.Linear(3, 2)))
    with pytest.raises(ValueError, match="does not follow a Linear"):
        fold_batchnorm(nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.BatchNorm1d(3)))
    with pytest.raises(TypeError):
        fold_batchnorm(nn.Linear(3, 3))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: mlp(5), TypeError, "sizes must be a sequence of layer sizes .*got int 5"),
        (lambda: mlp("784"), TypeError, "sizes must be a sequence of layer sizes .*got str '784'"),
        (lambda: mlp([3, 2.5, 1]), TypeError, r"sizes\[1\] must be an integer, got float 2.5"),
        (lambda: mlp([3, 2, 1], activation=None), TypeError, "activation must be a str, .*got NoneType None"),
        (lambda: mlp([3, 2, 1], output_activation=5), TypeError, "output_activation must be None or a str"),
        (lambda: mlp([3, 2, 1], output_activation="soft_max"), ValueError, "unknown output_activation 'soft_max'"),
        (lambda: mlp([3, 2, 1], batch_norm="yes"), TypeError, "batch_norm must be True or False, got str 'yes'"),
        (lambda: mlp([3, 2, 1], activation_options=[0.1]), TypeError, "activation_options must be a dict"),
        (
            lambda: mlp([3, 2, 1], activation_options={"alpha": 0.1}),
            TypeError,
            r"activation 'relu' does not take the option\(s\) \['alpha'\]",
        ),
        (
            lambda: mlp([3, 2, 1], activation="leaky_relu", activation_options={"alpha": -1.0}),
            ValueError,
            "alpha must be a finite number >= 0, got -1.0",
        ),
        (lambda: mlp([3, 2, 1], dtype=np.int32), TypeError, "dtype must be float32 or float64, got int32"),
        (lambda: nn.activation_module(None), TypeError, "activation name must be a str, .*got NoneType None"),
    ],
)
def test_mlp_and_activation_module_name_the_bad_argument(call, error, message):
    # before: "'int' object is not iterable", "__init__() got an unexpected keyword argument", ...
    with pytest.raises(error, match=message):
        call()
