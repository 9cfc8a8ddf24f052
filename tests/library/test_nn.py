"""Tests of mlcourse.nn: layers against hand values and finite differences, containers, saving."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcourse.nn as nn
from mlcourse.gradcheck import numerical_gradient, relative_error
from mlcourse.losses import CrossEntropyLoss, MSELoss

SETTINGS = settings(max_examples=25, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)


def away_from_zero(x: np.ndarray) -> np.ndarray:
    """ReLU-like layers have a kink at 0, where central differences are meaningless:
    keep inputs at least 1e-3 (much more than h = 1e-6) away from it."""
    return np.where(np.abs(x) < 1e-3, np.copysign(1e-3, x) + x, x)


def check_layer(layer: nn.Module, x: np.ndarray, seed: int = 0) -> None:
    """Compare backward with central differences of L = sum(layer(x) * R) for a random R,
    for the input and for every parameter."""
    grad_out = np.random.default_rng(seed).normal(size=layer.forward(x).shape)

    def loss(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x) * grad_out))

    layer.zero_grad()
    layer.forward(x)
    grad_in = layer.backward(grad_out)
    assert relative_error(grad_in, numerical_gradient(loss, x, h=1e-6)) < 1e-6
    for name, parameter in layer.named_parameters():
        analytic = parameter.grad.copy()
        assert relative_error(analytic, numerical_gradient(loss, parameter.data, h=1e-6)) < 1e-6, name


# ------------------------------------------------------------------ Linear


def test_linear_forward_is_x_at_w_plus_b() -> None:
    layer = nn.Linear(2, 3)
    layer.W.data[...] = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    layer.b.data[...] = [0.5, -0.5, 1.0]
    x = np.array([[1.0, 1.0], [2.0, 0.0]])
    np.testing.assert_allclose(layer(x), [[5.5, 6.5, 10.0], [2.5, 3.5, 7.0]])
    grad_in = layer.backward(np.ones((2, 3)))
    np.testing.assert_allclose(layer.W.grad, [[3.0, 3.0, 3.0], [1.0, 1.0, 1.0]])  # x.T @ ones
    np.testing.assert_allclose(layer.b.grad, [2.0, 2.0, 2.0])
    np.testing.assert_allclose(grad_in, [[6.0, 15.0], [6.0, 15.0]])  # ones @ W.T


@SETTINGS
@given(seed=SEEDS, n=st.integers(1, 6), n_in=st.integers(1, 6), n_out=st.integers(1, 6), bias=st.booleans())
def test_linear_gradients(seed: int, n: int, n_in: int, n_out: int, bias: bool) -> None:
    layer = nn.Linear(n_in, n_out, bias=bias, seed=seed)
    check_layer(layer, np.random.default_rng(seed).normal(size=(n, n_in)), seed)


def test_linear_parameters_names_and_initialisers() -> None:
    layer = nn.Linear(4, 3, seed=0)
    assert [p.name for p in layer.parameters()] == ["W", "b"]
    assert layer.W.shape == (4, 3) and layer.b.shape == (3,) and not layer.b.data.any()
    assert np.abs(layer.W.data).max() <= np.sqrt(6 / 7)  # xavier_uniform by default
    assert not nn.Linear(4, 3, init="zeros").W.data.any()
    assert nn.Linear(4, 3, bias=False).parameters()[0].name == "W" and nn.Linear(4, 3, bias=False).b is None
    np.testing.assert_array_equal(nn.Linear(4, 3, seed=5).W.data, nn.Linear(4, 3, seed=5).W.data)
    custom = nn.Linear(2, 2, init=lambda n_in, n_out, rng, dtype: np.eye(n_in, n_out, dtype=dtype))
    np.testing.assert_array_equal(custom.W.data, np.eye(2))
    state = np.random.get_state()[1].copy()
    nn.Linear(5, 5)  # no seed: a fresh generator, never the global numpy state
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_backward_accumulates_and_zero_grad_resets() -> None:
    layer = nn.Linear(3, 2, seed=0)
    x, g = np.ones((4, 3)), np.ones((4, 2))
    layer(x)
    layer.backward(g)
    once = layer.W.grad.copy()
    layer.backward(g)
    np.testing.assert_allclose(layer.W.grad, 2 * once)  # += like PyTorch
    layer.zero_grad()
    np.testing.assert_array_equal(layer.W.grad, 0)
    layer.zero_grad()
    layer.backward(g)  # written straight into the (lazily zeroed) gradient
    np.testing.assert_allclose(layer.W.grad, once)
    layer.zero_grad()
    layer.W.grad += 1.0  # code that touches grad after zero_grad sees real zeros
    layer.backward(g)
    np.testing.assert_allclose(layer.W.grad, once + 1.0)


def test_input_is_converted_to_the_layer_dtype() -> None:
    layer = nn.Linear(2, 2, dtype=np.float32)
    assert layer(np.ones((1, 2))).dtype == np.float32
    assert layer([[1.0, 2.0]]).shape == (1, 2)


# ------------------------------------------------------------- activations

ACTIVATION_LAYERS = [nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.LeakyReLU(0.2), nn.ELU(0.8), nn.Softmax(), nn.Identity()]


@pytest.mark.parametrize("layer", ACTIVATION_LAYERS, ids=repr)
@SETTINGS
@given(seed=SEEDS, n=st.integers(1, 6), features=st.integers(1, 6))
def test_activation_layer_gradients(layer: nn.Module, seed: int, n: int, features: int) -> None:
    x = away_from_zero(np.random.default_rng(seed).normal(scale=2, size=(n, features)))
    check_layer(layer, x, seed)


def test_activation_layers_compute_the_activation_functions() -> None:
    from mlcourse import activations as act

    x = np.array([[-2.0, -0.5, 0.5, 2.0]])
    pairs = [
        (nn.Sigmoid(), act.sigmoid(x)),
        (nn.Tanh(), act.tanh(x)),
        (nn.ReLU(), act.relu(x)),
        (nn.LeakyReLU(0.1), act.leaky_relu(x, 0.1)),
        (nn.ELU(), act.elu(x)),
        (nn.Softmax(), act.softmax(x)),
        (nn.Identity(), x),
        (nn.Step(), act.step(x)),
    ]
    for layer, expected in pairs:
        np.testing.assert_allclose(layer(x), expected, rtol=1e-12)


def test_relu_gradient_is_zero_at_zero() -> None:
    layer = nn.ReLU()
    layer(np.array([[0.0, 1.0]]))
    np.testing.assert_array_equal(layer.backward(np.ones((1, 2))), [[0.0, 1.0]])


def test_step_backward_is_zero() -> None:
    layer = nn.Step()
    np.testing.assert_array_equal(layer(np.array([[-1.0, 0.0, 2.0]])), [[0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(layer.backward(np.ones((1, 3))), np.zeros((1, 3)))


def test_activation_module_registry() -> None:
    assert isinstance(nn.activation_module("relu"), nn.ReLU)
    assert nn.activation_module("elu", alpha=0.5).alpha == 0.5
    with pytest.raises(ValueError, match="unknown activation 'gelu'; valid names: step"):
        nn.activation_module("gelu")


# ----------------------------------------------------------------- Dropout


@SETTINGS
@given(seed=SEEDS, n=st.integers(1, 6), features=st.integers(1, 6), p=st.sampled_from([0.0, 0.2, 0.5, 0.9]))
def test_dropout_gradients_with_a_fixed_mask(seed: int, n: int, features: int, p: float) -> None:
    layer = nn.Dropout(p, seed=seed)
    x = np.random.default_rng(seed).normal(size=(n, features))
    layer(x)
    layer.freeze_mask = True
    check_layer(layer, x, seed)


def test_dropout_scales_kept_units_and_is_identity_in_eval() -> None:
    layer = nn.Dropout(0.25, seed=0)
    x = np.ones((200, 100))
    out = layer(x)
    assert set(np.unique(out)) == {0.0, 1 / 0.75}
    np.testing.assert_array_equal(out != 0, layer.mask)
    assert abs((~layer.mask).mean() - 0.25) < 0.01  # 20000 draws: the standard error is 0.003
    assert abs(out.mean() - 1.0) < 0.02  # inverted dropout keeps the expected value
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), out)
    layer.eval()
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer.backward(2 * x), 2 * x)


def test_dropout_masks_come_from_its_own_generator() -> None:
    x = np.ones((3, 4))
    a, b = nn.Dropout(0.5, seed=3), nn.Dropout(0.5, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a(x), b(x))
    first = a.mask.copy()
    a(x)
    assert a.mask.shape == first.shape  # a new draw each forward pass
    a.freeze_mask = True
    frozen = a.mask.copy()
    a(x)
    np.testing.assert_array_equal(a.mask, frozen)


# ------------------------------------------------------------- BatchNorm1d


# With 2 samples, batch normalization maps each feature to -1 and +1 whatever
# the input, so the input gradient is almost 0 (it comes only from eps) and a
# relative error means nothing; from 3 samples on the gradient is genuine.
@SETTINGS
@given(seed=SEEDS, n=st.integers(3, 6), features=st.integers(1, 5))
def test_batchnorm_training_gradients(seed: int, n: int, features: int) -> None:
    rng = np.random.default_rng(seed)
    layer = nn.BatchNorm1d(features)
    layer.gamma.data[...] = rng.uniform(0.5, 2, size=features)
    layer.beta.data[...] = rng.normal(size=features)
    x = rng.normal(loc=3, scale=2, size=(n, features))
    check_layer(layer, x, seed)


def test_batchnorm_eval_gradients() -> None:
    layer = nn.BatchNorm1d(3)
    layer.running_mean[...] = [1.0, -1.0, 0.0]
    layer.running_var[...] = [4.0, 0.25, 1.0]
    layer.eval()
    check_layer(layer, np.random.default_rng(0).normal(size=(4, 3)))


def test_batchnorm_normalises_and_tracks_unbiased_running_variance() -> None:
    layer = nn.BatchNorm1d(2, momentum=0.1, eps=0.0 + 1e-5)
    x = np.array([[1.0, 0.0], [2.0, 0.0], [6.0, 3.0]])
    out = layer(x)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), [14 / 3 / (14 / 3 + 1e-5), 2 / (2 + 1e-5)], rtol=1e-12)
    # batch means 3 and 1; unbiased variances 7 and 3 (biased 14/3 and 2), as in torch.nn.BatchNorm1d
    np.testing.assert_allclose(layer.running_mean, [0.3, 0.1])
    np.testing.assert_allclose(layer.running_var, [0.9 + 0.7, 0.9 + 0.3])
    layer.eval()
    expected = (x - layer.running_mean) / np.sqrt(layer.running_var + 1e-5)
    np.testing.assert_allclose(layer(x), expected)


def test_batchnorm_matches_pytorch_when_available() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 3))
    ours, theirs = nn.BatchNorm1d(3, momentum=0.2), torch.nn.BatchNorm1d(3, momentum=0.2).double()
    grad_out = rng.normal(size=(8, 3))
    x_t = torch.tensor(x, requires_grad=True)
    out_t = theirs(x_t)
    out_t.backward(torch.tensor(grad_out))
    np.testing.assert_allclose(ours(x), out_t.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.backward(grad_out), x_t.grad.numpy(), rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(ours.gamma.grad, theirs.weight.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)


# -------------------------------------------------------------- Sequential


def mixed_model(seed: int, n_in: int, n_hidden: int, n_out: int) -> nn.Sequential:
    dropout = nn.Dropout(0.3, seed=seed)
    return nn.Sequential(  # no bias before BatchNorm: its gradient would be exactly 0
        nn.Linear(n_in, n_hidden, bias=False, seed=seed),
        nn.BatchNorm1d(n_hidden),
        nn.Tanh(),
        dropout,
        nn.Linear(n_hidden, n_hidden, seed=seed + 1),
        nn.Sigmoid(),
        nn.Linear(n_hidden, n_hidden, seed=seed + 2),
        nn.ELU(),
        nn.Linear(n_hidden, n_out, init="he_normal", seed=seed + 3),
    )


@SETTINGS
# n_in >= 2: batch normalization ignores the scale of each column of the first
# W, so with one input its gradient is ~0 (only eps) and relative errors are noise.
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(3, 6),
    n_in=st.integers(2, 5),
    n_hidden=st.integers(1, 5),
    n_out=st.integers(2, 4),
)
def test_sequential_of_mixed_layers_gradients(seed: int, n: int, n_in: int, n_hidden: int, n_out: int) -> None:
    model = mixed_model(seed, n_in, n_hidden, n_out)
    x = np.random.default_rng(seed).normal(size=(n, n_in))
    model(x)
    model[3].freeze_mask = True
    check_layer(model, x, seed)


def test_sequential_with_relu_and_a_loss() -> None:
    from mlcourse.gradcheck import check_gradients

    model = nn.Sequential(nn.Linear(4, 5, seed=1), nn.LeakyReLU(0.1), nn.Linear(5, 3, seed=2), nn.Softmax())
    rng = np.random.default_rng(0)
    errors = check_gradients(model, MSELoss(), rng.normal(size=(6, 4)), rng.uniform(size=(6, 3)), h=1e-6)
    assert max(errors.values()) < 1e-6, errors


def test_sequential_container_behaviour() -> None:
    layers = [nn.Linear(4, 3, seed=0), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2, seed=1)]
    model = nn.Sequential(*layers)
    assert len(model) == 4 and model[0] is layers[0] and list(model) == layers
    assert list(model.children()) == layers
    assert nn.Sequential(layers)[3] is layers[3]  # a list is accepted too
    assert model.parameters() == [layers[0].W, layers[0].b, layers[3].W, layers[3].b]
    assert [name for name, _ in model.named_parameters()] == ["0.W", "0.b", "3.W", "3.b"]
    model.eval()
    assert not any(layer.training for layer in model)
    model.train()
    assert all(layer.training for layer in model)
    assert "(2): Dropout(p=0.5)" in repr(model)


def test_empty_sequential_is_the_identity() -> None:
    model = nn.Sequential()
    x = np.ones((2, 3))
    assert model(x) is x and model.backward(x) is x and model.parameters() == []
    assert repr(model) == "Sequential()"


def test_input_grad_false_skips_only_the_input_gradient() -> None:
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    full, fast = (nn.Sequential(nn.Linear(4, 3, seed=0), nn.Tanh(), nn.Linear(3, 2, seed=1)) for _ in range(2))
    full(x)
    fast(x)
    assert full.backward(g).shape == (5, 4)
    assert fast.backward(g, input_grad=False) is None
    for a, b in zip(full.parameters(), fast.parameters()):
        np.testing.assert_array_equal(a.grad, b.grad)


def test_only_the_entry_layer_refuses_nan() -> None:
    model = nn.Sequential(nn.Linear(2, 2, seed=0), nn.Linear(2, 1, seed=1))
    with pytest.raises(ValueError, match="expects finite input"):
        model(np.array([[np.nan, 1.0]]))
    model[0].W.data[0, 0] = np.nan  # a diverged network: the loss becomes NaN, no error
    with np.errstate(invalid="ignore"):
        assert np.isnan(model(np.ones((1, 2)))).all()


def test_summary_of_the_benchmark_network() -> None:
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    summary = model.summary(784)
    # (n_in + 1) * n_out per layer, counted by hand
    assert summary.total_parameters == 785 * 256 + 257 * 128 + 129 * 10 == 235_146
    assert [row.parameters for row in summary.rows] == [200_960, 0, 32_896, 0, 1_290]
    assert [row.output_shape for row in summary.rows] == [
        (None, 256),
        (None, 256),
        (None, 128),
        (None, 128),
        (None, 10),
    ]
    assert summary.rows[0].formula == "(784+1)*256"
    text = str(summary)
    assert "Linear(784, 256)" in text and "(784+1)*256" in text and "Total parameters: 235,146" in text
    assert repr(summary) == text
    bn = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).summary(3)
    assert bn.rows[1].parameters == 8 and bn.rows[1].formula == "2*4"


def test_summary_detects_sizes_that_do_not_chain() -> None:
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(2, 1))
    with pytest.raises(ValueError, match=r"Linear\(2, 1\) expects 2 input features, got 3"):
        model.summary(4)


# --------------------------------------------------------- saving, loading


def test_state_dict_copies_parameters_and_buffers() -> None:
    model = nn.Sequential(nn.Linear(3, 4, seed=0), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2, seed=1))
    state = model.state_dict()
    assert list(state) == ["0.W", "0.b", "1.gamma", "1.beta", "3.W", "3.b", "1.running_mean", "1.running_var"]
    state["0.W"][...] = 0
    assert model[0].W.data.any()  # a copy, not a view


def test_load_state_dict_round_trip_in_place() -> None:
    source = nn.Sequential(nn.Linear(3, 4, seed=0), nn.BatchNorm1d(4), nn.Linear(4, 2, seed=1))
    source(np.random.default_rng(0).normal(size=(5, 3)))  # moves the running statistics
    target = nn.Sequential(nn.Linear(3, 4, seed=9), nn.BatchNorm1d(4), nn.Linear(4, 2, seed=9))
    weights = target[0].W  # optimizers hold Parameter objects: loading must keep them
    target.load_state_dict(source.state_dict())
    assert target[0].W is weights
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(target.state_dict()[key], value)


@pytest.mark.parametrize("use_functions", [False, True])
def test_save_and_load_npz(tmp_path, use_functions: bool) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3))
    model = nn.Sequential(nn.Linear(3, 5, seed=0), nn.BatchNorm1d(5), nn.Tanh(), nn.Linear(5, 2, seed=1))
    model(x)
    model.eval()
    expected = model(x)
    path = tmp_path / "weights.npz"
    copy = nn.Sequential(nn.Linear(3, 5, seed=7), nn.BatchNorm1d(5), nn.Tanh(), nn.Linear(5, 2, seed=8))
    if use_functions:
        nn.save_parameters(model, path)
        assert nn.load_parameters(copy, path) is copy
    else:
        model.save(path)
        copy.load(path)
    np.testing.assert_allclose(copy.eval()(x), expected, rtol=1e-15)


def test_save_without_extension_loads_with_or_without_it(tmp_path) -> None:
    model = nn.Sequential(nn.Linear(2, 2, seed=0))
    model.save(tmp_path / "weights")  # numpy writes weights.npz
    for path in (tmp_path / "weights", tmp_path / "weights.npz"):
        copy = nn.Sequential(nn.Linear(2, 2, seed=1)).load(path)
        np.testing.assert_array_equal(copy[0].W.data, model[0].W.data)


# ---------------------------------------------------------------- float32

FLOAT32_LAYERS = [
    lambda: nn.Linear(3, 4, dtype=np.float32),
    nn.Sigmoid,
    nn.Tanh,
    nn.ReLU,
    nn.LeakyReLU,
    nn.ELU,
    nn.Softmax,
    nn.Identity,
    nn.Step,
    lambda: nn.Dropout(0.5, seed=0),
    lambda: nn.BatchNorm1d(3, dtype=np.float32),
    lambda: nn.Sequential(
        nn.Linear(3, 5, dtype=np.float32),
        nn.BatchNorm1d(5, dtype=np.float32),
        nn.ReLU(),
        nn.Dropout(0.2, seed=1),
        nn.Linear(5, 3, dtype=np.float32),
    ),
]


@pytest.mark.parametrize("make_layer", FLOAT32_LAYERS)
@pytest.mark.parametrize("training", [True, False])
def test_float32_in_float32_out_forward_and_backward(make_layer, training: bool) -> None:
    layer = make_layer().train(training)
    x = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    out = layer(x)
    assert out.dtype == np.float32
    grad_in = layer.backward(np.ones_like(out))
    assert grad_in.dtype == np.float32
    for parameter in layer.parameters():
        assert parameter.data.dtype == parameter.grad.dtype == np.float32
        assert np.all(np.isfinite(parameter.grad))


def test_float32_training_step_keeps_float32() -> None:
    model = nn.Sequential(nn.Linear(4, 8, dtype=np.float32), nn.ReLU(), nn.Linear(8, 3, dtype=np.float32))
    loss_fn = CrossEntropyLoss()
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    loss_fn(model(x), np.array([0, 1, 2, 0, 1]))
    model.backward(loss_fn.backward(), input_grad=False)
    for parameter in model.parameters():
        parameter.data -= 0.1 * parameter.grad
        assert parameter.data.dtype == np.float32


def test_evaluating_switches_to_eval_mode_and_restores_the_mode():
    net = nn.Sequential(nn.Linear(4, 4, seed=0), nn.Dropout(0.5, seed=0))
    x = np.ones((3, 4))
    with nn.evaluating(net) as inside:
        assert inside is net and not net.training and not net[1].training
        np.testing.assert_array_equal(net(x), net[0](x))  # dropout is the identity in evaluation mode
    assert net.training and net[1].training
    net.eval()
    with nn.evaluating(net):
        pass
    assert not net.training  # a model in evaluation mode stays there


def test_evaluating_restores_the_mode_when_the_block_raises():
    net = nn.Sequential(nn.Linear(2, 2, seed=0))
    with pytest.raises(RuntimeError, match="inside"):
        with nn.evaluating(net):
            raise RuntimeError("inside")
    assert net.training


def test_evaluating_refuses_what_is_not_a_module():
    with pytest.raises(TypeError, match="model must be an mlcourse.nn.Module, got str"):
        with nn.evaluating("net"):
            pass


# ------------------------------------------------ bad input: every layer, Parameter, state dicts

NONFINITE = [np.nan, np.inf, -np.inf]
ENTRY_LAYERS = [
    lambda: nn.Linear(3, 2, seed=0),
    nn.Sigmoid,
    nn.Tanh,
    nn.ReLU,
    nn.LeakyReLU,
    nn.ELU,
    nn.Softmax,
    nn.Identity,
    nn.Step,
    lambda: nn.Dropout(0.5, seed=0),
    lambda: nn.Dropout(0.5, seed=0).eval(),
    lambda: nn.BatchNorm1d(3),
    lambda: nn.BatchNorm1d(3).eval(),
    lambda: nn.Sequential(nn.ReLU(), nn.Linear(3, 2, seed=0)),
]


@pytest.mark.parametrize("make_layer", ENTRY_LAYERS)
@pytest.mark.parametrize("value", NONFINITE)
def test_every_layer_refuses_nan_and_inf_while_check_finite_is_on(make_layer, value: float) -> None:
    # before: only Linear and BatchNorm1d checked; Sequential(ReLU(), Linear(3, 2)) let NaN through
    layer = make_layer()
    x = np.ones((4, 3))
    x[1, 2] = value
    with pytest.raises(ValueError, match=r"expects finite input, got NaN or inf in an array of shape \(4, 3\)"):
        layer(x)


@pytest.mark.parametrize("make_layer", ENTRY_LAYERS[1:10])
def test_check_finite_off_lets_nan_through_a_layer(make_layer) -> None:
    layer = make_layer()
    layer.check_finite = False
    with np.errstate(invalid="ignore"):
        out = layer(np.array([[np.nan, 1.0, 2.0]]))
    assert out.shape == (1, 3)


def test_hidden_activations_pass_nan_so_that_training_reports_divergence() -> None:
    model = nn.Sequential(
        nn.Linear(2, 3, seed=0), nn.Sigmoid(), nn.Dropout(0.2, seed=0), nn.Softmax(), nn.Linear(3, 1, seed=1)
    )
    assert [layer.check_finite for layer in model] == [True, False, False, False, False]
    model[0].W.data[0, 0] = np.nan
    with np.errstate(invalid="ignore"):
        assert np.isnan(model(np.ones((2, 2)))).all()


@pytest.mark.parametrize("make_layer", ENTRY_LAYERS[1:10])
@pytest.mark.parametrize(
    "x, error, message",
    [
        (np.ones((0, 3)), ValueError, r"expects a non-empty input, got an empty array of shape \(0, 3\)"),
        (
            np.ones((2, 3), dtype=bool),
            TypeError,
            r"input of .* must hold real numbers, got array of shape \(2, 3\) and dtype bool",
        ),
        (np.array([["a", "b", "c"]]), TypeError, r"input of .* must hold real numbers"),
        (None, TypeError, r"input of .* must hold real numbers, got NoneType None"),
        ([[1.0, 2.0], [3.0]], TypeError, r"input of .* must hold real numbers"),
    ],
)
def test_elementwise_layers_refuse_empty_boolean_and_non_numeric_input(make_layer, x, error, message) -> None:
    with pytest.raises(error, match=message):
        make_layer()(x)


def test_softmax_layer_checks_its_axis() -> None:
    with pytest.raises(TypeError, match="axis must be an integer, got str '1'"):
        nn.Softmax(axis="1")
    with pytest.raises(ValueError, match=r"Softmax\(axis=2\) expects input with an axis 2, got shape \(2, 3\)"):
        nn.Softmax(axis=2)(np.ones((2, 3)))


def test_backward_refuses_grad_out_that_is_not_numbers() -> None:
    layer = nn.ReLU()
    layer(np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"ReLU\(\).backward expects grad_out of real numbers, got NoneType None"):
        layer.backward(None)
    with pytest.raises(TypeError, match=r"grad_out of real numbers, got array of shape \(2, 3\) and dtype <U1"):
        layer.backward(np.full((2, 3), "a"))


@pytest.mark.parametrize(
    "make_layer", [lambda: nn.Linear(3, 2), lambda: nn.BatchNorm1d(3), lambda: nn.Sequential(nn.Linear(3, 2))]
)
def test_backward_input_grad_must_be_a_bool(make_layer) -> None:
    layer = make_layer()
    out = layer(np.random.default_rng(0).normal(size=(4, 3)))
    with pytest.raises(TypeError, match="input_grad must be True or False, got str 'no'"):
        layer.backward(np.ones_like(out), input_grad="no")


def test_parameter_refuses_bad_data_and_name() -> None:
    with pytest.raises(ValueError, match=r"Parameter 'W' data must be finite, got 1 NaN/inf value\(s\)"):
        nn.Parameter(np.array([1.0, np.nan]), "W")
    with pytest.raises(TypeError, match="Parameter data must be float32 or float64, got dtype int64"):
        nn.Parameter(np.array([1, 2]))
    with pytest.raises(TypeError, match="Parameter data must be float32 or float64, got dtype object"):
        nn.Parameter(None)
    with pytest.raises(TypeError, match="Parameter name must be a str, got int 3"):
        nn.Parameter(np.zeros(2), 3)
    np.testing.assert_array_equal(nn.Parameter([1, 2]).data, [1.0, 2.0])  # a list of numbers is fine


def test_parameter_data_keeps_its_shape_and_dtype() -> None:
    p = nn.Parameter(np.zeros((2, 3)), "W")
    p.data = np.ones((2, 3))
    assert p.data.sum() == 6
    with pytest.raises(ValueError, match=r"Parameter 'W' data must keep its shape \(2, 3\) and dtype float64"):
        p.data = np.ones(6)
    with pytest.raises(ValueError, match="must keep its shape"):
        p.data = np.ones((2, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="must be finite"):
        p.data = np.full((2, 3), np.inf)


def test_grad_set_to_none_or_wrong_shape_is_refused_naming_the_parameter() -> None:
    # before: p.grad = None, then step(), failed with "unsupported operand type(s) ... NoneType",
    # and a gradient of the wrong shape with a numpy broadcast error
    p = nn.Parameter(np.zeros((2, 3)), "W")
    with pytest.raises(
        TypeError,
        match=r"grad of Parameter 'W' must be an array of shape \(2, 3\) and dtype "
        r"float64, got NoneType None \(.*call zero_grad\(\)",
    ):
        p.grad = None
    with pytest.raises(
        ValueError,
        match=r"grad of Parameter 'W' must be an array of shape \(2, 3\) and dtype "
        r"float64 \(like its data\), got array of shape \(3, 2\)",
    ):
        p.grad = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"got array of shape \(2, 3\) and dtype float32"):
        p.grad = np.zeros((2, 3), dtype=np.float32)
    with pytest.raises(TypeError, match=r"got array of shape \(2, 3\) and dtype <U1"):
        p.grad = np.full((2, 3), "a")
    grad = np.ones((2, 3))
    p.grad = grad
    assert p.grad is grad  # stored without copying, as before
    p.grad = [[1, 2, 3], [4, 5, 6]]  # a list is converted
    assert p.grad.dtype == np.float64 and p.grad.sum() == 21


def test_add_to_grad_methods_check_their_arguments() -> None:
    p = nn.Parameter(np.zeros((2, 3)), "W")
    with pytest.raises(
        ValueError, match=r"add_to_grad: value for Parameter 'W' must have its shape \(2, 3\), got shape \(3,\)"
    ):
        p.add_to_grad(np.ones(3))  # before: broadcast silently
    with pytest.raises(TypeError, match="add_to_grad: value must be an array of real numbers, got NoneType None"):
        p.add_to_grad(None)
    with pytest.raises(ValueError, match=r"add_matmul_to_grad: a and b must chain"):
        p.add_matmul_to_grad(np.ones((2, 4)), np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"add_matmul_to_grad: a must be 2-D, got shape \(2,\)"):
        p.add_matmul_to_grad(np.ones(2), np.ones((4, 3)))
    b = nn.Parameter(np.zeros(3), "b")
    b.zero_grad()
    b.add_sum_to_grad(np.ones((4, 3)))
    b.add_sum_to_grad(np.ones((4, 3)))
    np.testing.assert_array_equal(b.grad, [8.0, 8.0, 8.0])


def two_layer_net() -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 2, seed=0), nn.BatchNorm1d(2), nn.ReLU(), nn.Linear(2, 1, seed=1))


def state_with(key: str, value) -> dict:
    state = two_layer_net().state_dict()
    state[key] = value
    return state


@pytest.mark.parametrize(
    "state, error, message",
    [
        (state_with("0.W", np.full((3, 2), np.nan)), ValueError, r"non-finite values: 0.W: 6 NaN/inf value\(s\)"),
        (state_with("3.b", np.array([np.inf])), ValueError, r"non-finite values: 3.b: 1 NaN/inf value\(s\)"),
        (state_with("0.W", None), TypeError, r"values must hold real numbers: 0.W: NoneType None"),
        (state_with("0.W", np.full((3, 2), "a")), TypeError, r"0.W: array of shape \(3, 2\) and dtype <U1"),
        (state_with("0.W", np.full((3, 2), object())), TypeError, r"0.W: array of shape \(3, 2\) and dtype object"),
        (state_with("0.W", np.ones((3, 2), dtype=bool)), TypeError, r"0.W: array of shape \(3, 2\) and dtype bool"),
        (
            state_with("0.W", np.zeros((2, 3))),
            ValueError,
            r"shape mismatch: 0.W: expected shape \(3, 2\), got \(2, 3\)",
        ),
        (
            state_with("1.running_var", -np.ones(2)),
            ValueError,
            r"1.running_var: values must be >= 0.0, got a minimum of -1.0",
        ),
        (state_with("9.W", np.zeros(2)), ValueError, r"unexpected keys \['9.W'\]"),
        ({"0.W": np.zeros((3, 2))}, ValueError, r"missing keys \['0.b', '1.gamma'"),
        (None, TypeError, "load_state_dict expects a dict of arrays .*, got NoneType None"),
        ("weights.npz", TypeError, "load_state_dict expects a dict of arrays .*, got str 'weights.npz'"),
    ],
)
def test_load_state_dict_refuses_bad_states_and_loads_nothing(state, error, message) -> None:
    # before: NaN weights were loaded, None and strings gave opaque numpy errors
    model = two_layer_net()
    before = model.state_dict()
    with pytest.raises(error, match=message):
        model.load_state_dict(state)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


def test_load_state_dict_casts_numbers_to_the_module_dtype() -> None:
    model = nn.Sequential(nn.Linear(2, 1, dtype=np.float32))
    model.load_state_dict({"0.W": [[1], [2]], "0.b": np.array([0.5])})
    assert model[0].W.data.dtype == np.float32
    np.testing.assert_array_equal(model[0].W.data.ravel(), [1.0, 2.0])


def test_save_and_load_check_the_path_and_the_file(tmp_path) -> None:
    model = two_layer_net()
    with pytest.raises(TypeError, match="path must be a file name .*, got int 5"):
        model.save(5)
    with pytest.raises(TypeError, match="path must be a file name .*, got NoneType None"):
        model.load(None)
    with pytest.raises(FileNotFoundError):
        model.load(tmp_path / "missing.npz")
    np.save(tmp_path / "single.npy", np.zeros(3))
    with pytest.raises(ValueError, match="holds a single array, not an .npz archive"):
        model.load(tmp_path / "single.npy")
    (tmp_path / "text.npz").write_text("not numpy")
    with pytest.raises(ValueError, match="is not an .npz archive written by save"):
        model.load(tmp_path / "text.npz")
    with pytest.raises(TypeError, match="model must be an mlcourse.nn.Module .*, got str 'net'"):
        nn.save_parameters("net", tmp_path / "w.npz")
    with pytest.raises(TypeError, match="model must be an mlcourse.nn.Module .*, got NoneType None"):
        nn.load_parameters(None, tmp_path / "w.npz")


def test_train_mode_must_be_a_bool_and_prefixes_strings() -> None:
    model = two_layer_net()
    with pytest.raises(TypeError, match="mode must be True or False, got str 'eval'"):
        model.train("eval")  # before: bool("eval") is True, silently training mode
    assert model.training
    with pytest.raises(TypeError, match="prefix must be a str, got int 5"):
        list(model.named_parameters(5))
    with pytest.raises(TypeError, match="n_features .* must be an integer, got str '3'"):
        model.output_features("3")


def test_linear_and_batchnorm_constructors_check_their_arguments() -> None:
    with pytest.raises(TypeError, match="bias must be True or False, got str 'no'"):
        nn.Linear(3, 2, bias="no")
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got str 'real'"):
        nn.Linear(3, 2, dtype="real")
    with pytest.raises(ValueError, match=r"init returned NaN or inf weights for a layer of shape \(3, 2\)"):
        nn.Linear(3, 2, init=lambda n_in, n_out, rng, dtype: np.full((n_in, n_out), np.nan))
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        nn.BatchNorm1d(3, dtype=np.int64)


def test_backward_without_input_grad_skips_the_parameter_free_entry_layers() -> None:
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    nets = [
        nn.Sequential(nn.Tanh(), nn.Linear(4, 3, seed=0), nn.BatchNorm1d(3), nn.Linear(3, 2, seed=1)) for _ in range(2)
    ]
    for net in nets:
        net(x)
    assert nets[0].backward(g).shape == (5, 4)
    nets[1][0].out = None  # the Tanh layer is not visited: its backward would refuse to run
    assert nets[1].backward(g, input_grad=False) is None
    for a, b in zip(nets[0].parameters(), nets[1].parameters()):
        np.testing.assert_array_equal(a.grad, b.grad)
    assert nn.Sequential(nn.ReLU()).backward(np.ones(3), input_grad=False) is None  # nothing to compute


@pytest.mark.parametrize("dtype, big", [(np.float64, 1e200), (np.float32, 1e30)])
def test_the_entry_layer_finiteness_check_is_exact_for_huge_values_and_any_nan(dtype, big):
    # the check sums squares in one BLAS pass; when that sum overflows it falls back to the exact test
    layer = nn.Linear(3, 2, seed=0, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer(np.full((4, 3), big, dtype=dtype) * np.array([1, -1, 1], dtype=dtype))
    assert out.shape == (4, 2)
    for bad in (np.nan, np.inf, -np.inf):
        for values in (np.ones((4, 3), dtype=dtype), np.full((4, 3), big, dtype=dtype)):
            values = values.copy()
            values[2, 1] = bad
            with pytest.raises(ValueError, match=r"expects finite input, got NaN or inf in an array of shape \(4, 3\)"):
                layer(values)
