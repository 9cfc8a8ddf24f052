"""Optimizers against hand-written update rules (plain Python floats) and torch.optim."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

from mlcourse import optim
from mlcourse._blas import blas_axpy_available
from mlcourse.nn import Linear, Parameter, Sequential

CURVATURE = (1.0, 20.0)  # f(p) = (1 * p0**2 + 20 * p1**2) / 2, gradient (p0, 20 * p1)
START = (3.0, -1.5)
STEPS = 100


def run_library(make_optimizer, steps=STEPS, dtype=np.float64):
    """Trajectory of the library optimizer on the quadratic, starting point included."""
    param = Parameter(np.array(START, dtype=dtype), "p")
    optimizer = make_optimizer([param])
    path = [param.data.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        param.grad += np.array(CURVATURE, dtype=dtype) * param.data
        optimizer.step()
        path.append(param.data.copy())
    return np.array(path)


def run_reference(update, steps=STEPS):
    """Trajectory of a hand-written per-coordinate rule ``update(p, g, state, t) -> p``."""
    path = [list(START)]
    states = [dict() for _ in START]
    point = list(START)
    for t in range(1, steps + 1):
        point = [update(p, a * p, state, t) for p, a, state in zip(point, CURVATURE, states)]
        path.append(point)
    return np.array(path)


def sgd_rule(lr):
    def update(p, g, state, t):
        return p - lr * g

    return update


def momentum_rule(lr, mu, nesterov=False):
    def update(p, g, state, t):
        v = mu * state.get("v", 0.0) + g
        state["v"] = v
        return p - lr * (g + mu * v) if nesterov else p - lr * v

    return update


def adagrad_rule(lr, eps):
    def update(p, g, state, t):
        state["G"] = state.get("G", 0.0) + g * g
        return p - lr * g / (math.sqrt(state["G"]) + eps)

    return update


def rmsprop_rule(lr, alpha, eps):
    def update(p, g, state, t):
        state["s"] = alpha * state.get("s", 0.0) + (1 - alpha) * g * g
        return p - lr * g / (math.sqrt(state["s"]) + eps)

    return update


def adam_rule(lr, b1, b2, eps):
    def update(p, g, state, t):
        state["m"] = b1 * state.get("m", 0.0) + (1 - b1) * g
        state["v"] = b2 * state.get("v", 0.0) + (1 - b2) * g * g
        m_hat = state["m"] / (1 - b1**t)
        v_hat = state["v"] / (1 - b2**t)
        return p - lr * m_hat / (math.sqrt(v_hat) + eps)

    return update


def weight_decay_rule(lr, wd):
    def update(p, g, state, t):
        return p - lr * (g + wd * p)

    return update


CASES = {
    "sgd": (lambda ps: optim.SGD(ps, lr=0.04), sgd_rule(0.04)),
    "sgd_weight_decay": (lambda ps: optim.SGD(ps, lr=0.04, weight_decay=0.5), weight_decay_rule(0.04, 0.5)),
    "momentum": (lambda ps: optim.Momentum(ps, lr=0.01, momentum=0.9), momentum_rule(0.01, 0.9)),
    "sgd_momentum": (lambda ps: optim.SGD(ps, lr=0.02, momentum=0.5), momentum_rule(0.02, 0.5)),
    "nesterov": (
        lambda ps: optim.SGD(ps, lr=0.01, momentum=0.9, nesterov=True),
        momentum_rule(0.01, 0.9, nesterov=True),
    ),
    "adagrad": (lambda ps: optim.AdaGrad(ps, lr=0.5, eps=1e-10), adagrad_rule(0.5, 1e-10)),
    "rmsprop": (lambda ps: optim.RMSProp(ps, lr=0.01, alpha=0.9, eps=1e-8), rmsprop_rule(0.01, 0.9, 1e-8)),
    "adam": (lambda ps: optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-8), adam_rule(0.05, 0.8, 0.99, 1e-8)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_trajectory_matches_hand_derived_rule(case):
    make_optimizer, rule = CASES[case]
    library = run_library(make_optimizer)
    reference = run_reference(rule)
    assert library.shape == (STEPS + 1, 2)
    np.testing.assert_allclose(library, reference, rtol=0, atol=1e-12)
    assert not np.allclose(library[-1], library[0])  # it moved


@pytest.mark.parametrize("case", sorted(CASES))
def test_step_is_the_public_update_rule_applied_to_every_parameter(case):
    # step() = count the step, add the weight decay, then update(data, grad, state) per parameter
    make_optimizer, _ = CASES[case]
    rng = np.random.default_rng(0)
    stepped = [Parameter(rng.normal(size=(2, 3))), Parameter(rng.normal(size=4))]
    by_hand = [Parameter(param.data.copy()) for param in stepped]
    optimizer, reference = make_optimizer(stepped), make_optimizer(by_hand)
    for _ in range(3):
        for a, b in zip(stepped, by_hand):
            a.grad[...] = b.grad[...] = rng.normal(size=a.data.shape)
        optimizer.step()
        reference.steps += 1
        for param, state in zip(by_hand, reference.state):
            reference.update(param.data, param.grad + reference.weight_decay * param.data, state)
    for a, b in zip(stepped, by_hand):
        np.testing.assert_array_equal(a.data, b.data)


def test_an_optimizer_without_an_update_rule_says_so():
    class NoRule(optim.Optimizer):
        pass

    with pytest.raises(NotImplementedError, match="NoRule"):
        NoRule([Parameter(np.zeros(2))], lr=0.1).step()


def test_adam_first_step_moves_every_coordinate_by_about_lr():
    param = Parameter(np.array([1.0, 1.0, 1.0, -1.0]))
    param.grad[:] = [1e-3, 1.0, 1e3, -5.0]  # very different scales
    optim.Adam([param], lr=0.01).step()
    np.testing.assert_allclose(np.abs(param.data - [1.0, 1.0, 1.0, -1.0]), 0.01, rtol=1e-4)


def test_adagrad_effective_step_shrinks():
    param = Parameter(np.array([0.0]))
    optimizer = optim.AdaGrad([param], lr=0.1)
    moves = []
    for _ in range(20):
        before = param.data.copy()
        param.grad[:] = 1.0  # a constant gradient: only the accumulated G changes the step
        optimizer.step()
        moves.append(float(before[0] - param.data[0]))
    # step t is lr / sqrt(t)
    np.testing.assert_allclose(moves, 0.1 / np.sqrt(np.arange(1, 21)), rtol=1e-9)
    assert all(later < earlier for earlier, later in zip(moves, moves[1:]))


def test_momentum_overshoots_on_ill_conditioned_bowl_where_sgd_does_not():
    from mlcourse.surfaces import IllConditionedBowl

    bowl = IllConditionedBowl(a=1.0, b=20.0)

    def steep_coordinate(make_optimizer):
        param = Parameter(np.array([-8.0, 2.0]))
        optimizer = make_optimizer([param])
        ys = []
        for _ in range(60):
            param.grad[...] = bowl.gradient(param.data)
            optimizer.step()
            ys.append(param.data[1])
        return np.array(ys)

    sgd_y = steep_coordinate(lambda ps: optim.SGD(ps, lr=0.04))
    momentum_y = steep_coordinate(lambda ps: optim.Momentum(ps, lr=0.04, momentum=0.9))
    assert np.all(sgd_y > 0)  # 1 - lr * b = 0.2: shrinks without crossing y = 0
    assert np.any(momentum_y < 0)  # crosses the valley floor


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"])
def test_float32_parameters_and_state_stay_float32(name):
    param = Parameter(np.ones((3, 2), dtype=np.float32), "W")
    optimizer = optim.get_optimizer(name, [param], lr=0.1)
    data = param.data
    for _ in range(3):
        param.grad[...] = np.float32(0.5)
        optimizer.step()
    assert param.data is data  # updated in place
    assert param.data.dtype == np.float32
    assert all(array.dtype == np.float32 for state in optimizer.state for array in state.values())


@pytest.mark.parametrize(
    "name, ratio",
    [("sgd", 0), ("momentum", 1), ("nesterov", 1), ("adagrad", 1), ("rmsprop", 1), ("adam", 2), ("adamw", 2)],
)
def test_memory_report_counts_state_floats(name, ratio):
    params = [Parameter(np.zeros((4, 3)), "W"), Parameter(np.zeros(3), "b")]
    optimizer = optim.get_optimizer(name, params, lr=0.1)
    report = optimizer.memory_report()
    assert report["parameters"] == 15
    assert optimizer.state_size() == report["state"] == 15 * ratio
    assert report["state_per_parameter"] == ratio
    assert [row["state"] for row in report["per_parameter"]] == [12 * ratio, 3 * ratio]
    assert [row["name"] for row in report["per_parameter"]] == ["0.W", "1.b"]


def test_zero_grad_clears_every_gradient():
    params = [Parameter(np.zeros(2)), Parameter(np.zeros((2, 2)))]
    for param in params:
        param.grad += 3.0
    optim.SGD(params, lr=0.1).zero_grad()
    assert all(not param.grad.any() for param in params)


def test_get_optimizer_nesterov_defaults_and_hyper_parameters():
    param = Parameter(np.zeros(2))
    nesterov = optim.get_optimizer("Nesterov", [param], lr=0.1)
    assert isinstance(nesterov, optim.SGD) and nesterov.nesterov and nesterov.momentum == 0.9
    adam = optim.get_optimizer("adam", [param], lr=0.2, betas=(0.5, 0.6))
    assert adam.lr == 0.2 and adam.betas == (0.5, 0.6)


def test_get_optimizer_adamw_defaults_and_hyper_parameters():
    param = Parameter(np.zeros(2))
    adamw = optim.get_optimizer("AdamW", [param])
    assert type(adamw) is optim.AdamW and optim.OPTIMIZERS["adamw"] is optim.AdamW
    assert (adamw.lr, adamw.betas, adamw.eps, adamw.weight_decay) == (1e-3, (0.9, 0.999), 1e-8, 1e-2)  # torch's
    assert repr(adamw) == "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)"
    assert optim.get_optimizer("adamw", [param], lr=0.2, weight_decay=0.0).weight_decay == 0.0


# ---------------------------------------------------------- AdamW: decoupled weight decay


def _adam_steps(grads, **hyper):
    """The Adam steps s_t = p_t - p_(t+1) (no decay) of a parameter that receives ``grads``."""
    param = Parameter(np.zeros(grads.shape[1:]))
    optimizer = optim.Adam([param], **hyper)
    steps = []
    for grad in grads:
        before = param.data.copy()
        param.grad[...] = grad
        optimizer.step()
        steps.append(before - param.data)
    return np.array(steps)


def _final_weights(make_optimizer, grads, start=1.0):
    param = Parameter(np.full(grads.shape[1:], start))
    optimizer = make_optimizer([param])
    for grad in grads:
        param.grad[...] = grad
        optimizer.step()
    return param.data.copy()


def test_adamw_shrinks_the_weights_then_takes_the_adam_step_of_the_gradient_alone():
    # closed form: with gradients that do not depend on p, the Adam steps s_t are those of a run
    # without decay, and AdamW is p_(t+1) = (1 - lr * wd) * p_t - s_t
    rng = np.random.default_rng(11)
    grads = rng.normal(size=(100, 4)) * np.array([1e-3, 1.0, 1e3, 0.0])  # the last weight: decay alone
    lr, wd = 0.01, 0.3
    steps = _adam_steps(grads, lr=lr)
    expected = np.ones(4)
    for step in steps:
        expected = (1 - lr * wd) * expected - step
    weights = _final_weights(lambda ps: optim.AdamW(ps, lr=lr, weight_decay=wd), grads)
    np.testing.assert_allclose(weights, expected, rtol=1e-12, atol=1e-15)
    assert weights[3] == pytest.approx((1 - lr * wd) ** 100, rel=1e-12)


def test_adam_l2_decay_is_normalised_away_by_large_gradients_but_adamw_decay_is_not():
    # Loshchilov & Hutter (2019): Adam divides the L2 term wd * p by sqrt(v_hat) like the rest of
    # the gradient, so its effect fades as the gradient scale grows; AdamW's decay does not depend
    # on the gradients at all (Adam's step is invariant under g -> c g)
    rng = np.random.default_rng(12)
    noise = rng.normal(size=(100, 3))
    lr, wd = 0.01, 0.5

    def decay_effect(make_optimizer, make_undecayed, scale):
        grads = noise * scale
        return _final_weights(make_optimizer, grads) - _final_weights(make_undecayed, grads)

    adam_l2 = {
        scale: decay_effect(lambda ps: optim.Adam(ps, lr=lr, weight_decay=wd), lambda ps: optim.Adam(ps, lr=lr), scale)
        for scale in (1.0, 1e4)
    }
    adamw = {
        scale: decay_effect(
            lambda ps: optim.AdamW(ps, lr=lr, weight_decay=wd),
            lambda ps: optim.AdamW(ps, lr=lr, weight_decay=0.0),
            scale,
        )
        for scale in (1.0, 1e4)
    }
    # AdamW: the same decay whatever the gradient scale, about 1 - (1 - lr wd)**100 = 0.39 of the weights
    np.testing.assert_allclose(adamw[1e4], adamw[1.0], rtol=1e-6)
    assert np.all(adamw[1.0] < -0.2)
    # Adam + L2: a visible decay at scale 1, normalised away at scale 1e4 (about wd * p / 1e4 per step)
    assert np.all(adam_l2[1.0] < -0.01)
    assert np.all(np.abs(adam_l2[1e4]) < 1e-3 * np.abs(adam_l2[1.0])), adam_l2
    assert np.all(np.abs(adam_l2[1e4]) < 1e-3 * np.abs(adamw[1e4]))


def test_adamw_matches_torch_over_100_steps_of_training_on_the_same_data():
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch.optim skipped")
    from mlcourse.losses import MSELoss

    rng = np.random.default_rng(13)
    X, Y = rng.normal(size=(32, 5)), rng.normal(size=(32, 3))
    model = Linear(5, 3, seed=0)
    reference = torch.nn.Linear(5, 3).double()
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(model.W.data.T.copy()))
        reference.bias.copy_(torch.from_numpy(model.b.data.copy()))
    hyper = dict(lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1)
    optimizer = optim.AdamW(model.parameters(), **hyper)
    torch_optimizer = torch.optim.AdamW(reference.parameters(), **hyper)
    loss_fn, X_t, Y_t = MSELoss(), torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(100):
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)
        model.backward(loss_fn.backward())
        optimizer.step()
        torch_optimizer.zero_grad()
        torch_loss = torch.nn.functional.mse_loss(reference(X_t), Y_t)
        torch_loss.backward()
        torch_optimizer.step()
        assert loss == pytest.approx(torch_loss.item(), rel=1e-12)
        np.testing.assert_allclose(model.W.data, reference.weight.detach().numpy().T, rtol=0, atol=1e-12)
        np.testing.assert_allclose(model.b.data, reference.bias.detach().numpy(), rtol=0, atol=1e-12)


# ---------------------------------------------------------- Nesterov: the look-ahead


def test_nesterov_parameters_are_the_looked_ahead_points_of_sutskevers_formulation():
    # Sutskever et al. (2013): u <- mu u - lr grad(p + mu u), p <- p + u, the gradient taken at the
    # looked-ahead point p + mu u. SGD(nesterov=True) holds q = p + mu u and needs the gradient at q only.
    lr, mu = 0.02, 0.9
    point, velocity = np.array(START), np.zeros(2)
    looked_ahead = [point.copy()]
    for _ in range(STEPS):
        gradient = np.array(CURVATURE) * (point + mu * velocity)
        velocity = mu * velocity - lr * gradient
        point = point + velocity
        looked_ahead.append(point + mu * velocity)
    library = run_library(lambda ps: optim.SGD(ps, lr=lr, momentum=mu, nesterov=True))
    np.testing.assert_allclose(library, np.array(looked_ahead), rtol=0, atol=1e-12)


def test_nesterov_matches_torch_over_many_steps_in_float32():
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch.optim skipped")
    rng = np.random.default_rng(14)
    start, target = rng.normal(size=(6, 4)).astype(np.float32), rng.normal(size=(6, 4)).astype(np.float32)
    param = Parameter(start.copy(), "W")
    optimizer = optim.SGD([param], lr=0.01, momentum=0.9, nesterov=True)
    tensor = torch.tensor(start.copy(), requires_grad=True)
    torch_optimizer = torch.optim.SGD([tensor], lr=0.01, momentum=0.9, nesterov=True)
    for _ in range(500):
        grad = (param.data - target) + rng.normal(size=start.shape).astype(np.float32)
        param.grad[...] = grad
        optimizer.step()
        tensor.grad = torch.from_numpy(grad.copy())
        torch_optimizer.step()
    np.testing.assert_allclose(param.data, tensor.detach().numpy(), rtol=0, atol=1e-5)
    np.testing.assert_allclose(param.data, target, atol=1.0)  # it converged (to the noise level)


def test_clip_grad_norm_uses_global_norm_and_keeps_direction():
    a, b = Parameter(np.zeros(2)), Parameter(np.zeros(1))
    a.grad[:] = [3.0, 0.0]
    b.grad[:] = [4.0]  # global norm 5
    norm = optim.clip_grad_norm([a, b], 2.5)
    assert norm == 5.0
    scale = 2.5 / (5.0 + 1e-6)
    np.testing.assert_allclose(a.grad, [3.0 * scale, 0.0], rtol=1e-15)
    np.testing.assert_allclose(b.grad, [4.0 * scale], rtol=1e-15)


def test_clip_grad_norm_below_threshold_or_nonfinite_leaves_grads():
    a = Parameter(np.zeros(2))
    a.grad[:] = [0.3, 0.4]
    assert optim.clip_grad_norm([a], 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(a.grad, [0.3, 0.4])
    a.grad[:] = [np.inf, 1.0]
    assert optim.clip_grad_norm([a], 1.0) == np.inf
    np.testing.assert_array_equal(a.grad, [np.inf, 1.0])


def test_clip_grad_value_clips_each_element():
    a = Parameter(np.zeros(4, dtype=np.float32))
    a.grad[:] = [-3.0, -0.5, 0.25, 7.0]
    optim.clip_grad_value([a], 0.5)
    np.testing.assert_array_equal(a.grad, np.array([-0.5, -0.5, 0.25, 0.5], dtype=np.float32))
    assert a.grad.dtype == np.float32


TORCH_CASES = [
    ("sgd", dict(lr=0.05), "SGD", dict(lr=0.05)),
    ("sgd", dict(lr=0.05, momentum=0.8, weight_decay=0.1), "SGD", dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
    ("momentum", dict(lr=0.01), "SGD", dict(lr=0.01, momentum=0.9)),
    ("nesterov", dict(lr=0.01, momentum=0.7), "SGD", dict(lr=0.01, momentum=0.7, nesterov=True)),
    ("adagrad", dict(lr=0.1), "Adagrad", dict(lr=0.1, eps=1e-10)),
    ("rmsprop", dict(lr=0.01, alpha=0.95), "RMSprop", dict(lr=0.01, alpha=0.95, eps=1e-8)),
    ("adam", dict(lr=0.01), "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    (
        "adam",
        dict(lr=0.02, betas=(0.5, 0.9), weight_decay=0.01),
        "Adam",
        dict(lr=0.02, betas=(0.5, 0.9), eps=1e-8, weight_decay=0.01),
    ),
    (
        "nesterov",
        dict(lr=0.02, momentum=0.9, weight_decay=0.05),
        "SGD",
        dict(lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.05),
    ),
    ("adamw", dict(lr=0.01), "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
    (
        "adamw",
        dict(lr=0.05, betas=(0.5, 0.9), weight_decay=0.5),
        "AdamW",
        dict(lr=0.05, betas=(0.5, 0.9), eps=1e-8, weight_decay=0.5),
    ),
]


@pytest.mark.parametrize("name, ours, torch_name, theirs", TORCH_CASES)
def test_trajectory_matches_torch_optim(name, ours, torch_name, theirs):
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch.optim skipped")
    rng = np.random.default_rng(7)
    start = rng.normal(size=(5, 3))
    target = rng.normal(size=(5, 3))
    scales = rng.uniform(0.1, 10.0, size=(5, 3))  # an ill-conditioned quadratic

    param = Parameter(start.copy(), "W")
    optimizer = optim.get_optimizer(name, [param], **ours)
    tensor = torch.tensor(start.copy(), dtype=torch.float64, requires_grad=True)
    torch_optimizer = getattr(torch.optim, torch_name)([tensor], **theirs)
    for _ in range(50):
        noise = rng.normal(size=start.shape)  # stochastic gradients
        param.grad[...] = scales * (param.data - target) + noise
        optimizer.step()
        torch_optimizer.zero_grad()
        tensor.grad = torch.tensor(scales * (tensor.detach().numpy() - target) + noise)
        torch_optimizer.step()
        np.testing.assert_allclose(param.data, tensor.detach().numpy(), rtol=0, atol=1e-10)


# ---------------------------------------------- in place, bit for bit the plain expressions


def fused_step(data: np.ndarray, alpha: float, update: np.ndarray) -> None:
    """``data += alpha * update`` as SGD takes it: rounded once (exact rational arithmetic, then
    the nearest float) where numpy's BLAS axpy runs, else numpy's two roundings."""
    if not blas_axpy_available():
        data += alpha * update
        return
    alpha = Fraction(float(data.dtype.type(alpha)))  # BLAS takes alpha in the dtype of data
    exact = [Fraction(float(p)) + alpha * Fraction(float(u)) for p, u in zip(data.ravel(), update.ravel())]
    if data.dtype == np.float64:
        rounded = [float(value) for value in exact]  # int / int: correctly rounded
    else:  # float32: the float64 nearest, then float32 (double rounding misleads only at exact ties)
        rounded = [np.float32(float(value)) for value in exact]
    data[...] = np.array(rounded, dtype=data.dtype).reshape(data.shape)


def plain_update(name, hyper, data, grad, state, t):
    """The update rules as plain numpy expressions (the code before the in-place rewrite); SGD's
    final ``p <- p - lr * u`` is one fused multiply-add where numpy's BLAS runs it (mlcourse._blas)."""
    lr = hyper["lr"]
    if name == "sgd":
        fused_step(data, -lr, grad)
    elif name in ("momentum", "nesterov"):
        mu = hyper["momentum"]
        state["v"] = state.get("v", np.zeros_like(data))
        state["v"] *= mu
        state["v"] += grad
        fused_step(data, -lr, grad + mu * state["v"] if name == "nesterov" else state["v"])
    elif name == "adagrad":
        state["G"] = state.get("G", np.zeros_like(data))
        state["G"] += grad * grad
        data -= lr * grad / (np.sqrt(state["G"]) + hyper["eps"])
    elif name == "rmsprop":
        alpha = hyper["alpha"]
        state["s"] = state.get("s", np.zeros_like(data))
        state["s"] *= alpha
        state["s"] += (1 - alpha) * (grad * grad)
        data -= lr * grad / (np.sqrt(state["s"]) + hyper["eps"])
    else:
        beta1, beta2 = hyper["betas"]
        for key in "mv":
            state[key] = state.get(key, np.zeros_like(data))
        state["m"] *= beta1
        state["m"] += (1 - beta1) * grad
        state["v"] *= beta2
        state["v"] += (1 - beta2) * (grad * grad)
        denominator = np.sqrt(state["v"]) / math.sqrt(1 - beta2**t) + hyper["eps"]
        data -= lr / (1 - beta1**t) * state["m"] / denominator


PLAIN_CASES = [
    ("sgd", dict(lr=0.05)),
    ("momentum", dict(lr=0.02, momentum=0.9)),
    ("nesterov", dict(lr=0.02, momentum=0.8)),
    ("adagrad", dict(lr=0.05, eps=1e-10)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, eps=1e-8)),
    ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-8)),
]


@pytest.mark.parametrize("name, hyper", PLAIN_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
def test_in_place_updates_are_bit_identical_to_the_plain_expressions(name, hyper, dtype, weight_decay):
    rng = np.random.default_rng(3)
    params = [Parameter(rng.normal(size=(7, 5)).astype(dtype), "W"), Parameter(rng.normal(size=5).astype(dtype), "b")]
    plain = [param.data.copy() for param in params]
    states = [{} for _ in params]
    optimizer = optim.get_optimizer(name, params, weight_decay=weight_decay, **hyper)
    for t in range(1, 51):
        for param, data, state in zip(params, plain, states):
            grad = (rng.normal(size=param.shape) * 10.0 ** rng.integers(-3, 3)).astype(dtype)
            param.grad = grad
            plain_update(name, hyper, data, grad + weight_decay * data if weight_decay else grad, state, t)
        optimizer.step()
        for param, data in zip(params, plain):
            assert param.data.tobytes() == data.tobytes(), (name, t)


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_a_step_allocates_no_temporary_arrays(name, weight_decay):
    import tracemalloc

    params = [Parameter(np.ones((500, 400)), "W"), Parameter(np.ones(400), "b")]  # W: 1.6 MB
    optimizer = optim.get_optimizer(name, params, lr=0.01, weight_decay=weight_decay)
    for param in params:
        param.grad[...] = 0.5
    optimizer.step()  # the first step allocates the reused scratch arrays
    tracemalloc.start()
    try:
        optimizer.step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 0.05 * params[0].data.nbytes, peak  # before: 2 to 6 temporaries of W's size


# ------------------------------------------------------------- huge gradients, no overflow


@pytest.mark.parametrize("name", ["adagrad", "rmsprop", "adam", "adamw"])
@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e200), (np.float32, 1e30)])
def test_adaptive_methods_on_huge_gradients_take_the_steps_of_ordinary_ones(name, dtype, scale):
    # The update is invariant under g -> c g, eps -> c eps. Before, g**2 overflowed (with a
    # RuntimeWarning) and the parameter stopped moving: g / sqrt(inf) = 0.
    rng = np.random.default_rng(5)
    grads = rng.normal(size=(30, 4)) * np.array([1.0, 1e-3, 10.0, 1.0])
    eps = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8, "adamw": 1e-8}[name]
    big, small = Parameter(np.ones(4, dtype=dtype)), Parameter(np.ones(4, dtype=dtype))
    big_opt = optim.get_optimizer(name, [big], lr=0.01, eps=eps * scale)
    small_opt = optim.get_optimizer(name, [small], lr=0.01, eps=eps)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for grad in grads:
            big.grad = (grad * scale).astype(dtype)
            small.grad = grad.astype(dtype)
            big_opt.step()
            small_opt.step()
    assert big_opt.state[0].root_form and not small_opt.state[0].root_form
    assert np.all(np.isfinite(big.data)) and not np.allclose(big.data, 1.0)
    np.testing.assert_allclose(big.data, small.data, rtol=1e-5 if dtype == np.float32 else 1e-12)


def test_adagrad_sum_of_squares_that_overflows_keeps_its_root():
    # each g**2 = 1.69e308 is finite, their sum is not
    p = Parameter(np.zeros(1))
    optimizer = optim.AdaGrad([p], lr=1.0, eps=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for t in range(1, 4):
            p.grad[...] = 1.3e154
            optimizer.step()
            assert optimizer.state[0].root_form == (t >= 2)
    # steps lr * g / sqrt(t g**2) = 1 / sqrt(t)
    np.testing.assert_allclose(p.data, [-(1 + 1 / math.sqrt(2) + 1 / math.sqrt(3))], rtol=1e-12)


@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e200), (np.float32, 1e30)])
def test_clip_grad_norm_of_huge_gradients_is_the_true_norm(dtype, scale):
    # before: the sum of squares overflowed, the norm was inf and nothing was clipped
    a, b = Parameter(np.zeros(2, dtype=dtype)), Parameter(np.zeros(1, dtype=dtype))
    a.grad[:] = [scale, 0.0]
    b.grad[:] = [-scale]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        norm = optim.clip_grad_norm([a, b], 1.0)
    assert norm == pytest.approx(math.sqrt(2) * scale, rel=1e-6)
    np.testing.assert_allclose(a.grad, [math.sqrt(0.5), 0.0], rtol=1e-6)
    np.testing.assert_allclose(b.grad, [-math.sqrt(0.5)], rtol=1e-6)


# ------------------------------------------------------------------------------ bad input


def test_grad_none_is_refused_before_step_and_step_still_works():
    p = Parameter(np.array([1.0, 2.0]), "W")
    optimizer = optim.SGD([p], lr=0.5)
    p.grad[...] = [2.0, 2.0]
    with pytest.raises(TypeError, match=r"grad of Parameter 'W' must be an array of shape \(2,\) .*got NoneType None"):
        p.grad = None  # before: accepted, then step() failed with "unsupported operand type(s)"
    with pytest.raises(
        ValueError, match=r"grad of Parameter 'W' must be an array of shape \(2,\).*got array of shape \(3,\)"
    ):
        p.grad = np.ones(3)  # before: accepted, then step() failed with a numpy broadcast error
    optimizer.step()
    np.testing.assert_array_equal(p.data, [0.0, 1.0])


def small_params():
    return [Parameter(np.zeros((2, 2)), "W"), Parameter(np.zeros(2), "b")]


@pytest.mark.parametrize(
    "build, error, message",
    [
        (lambda: optim.SGD(small_params(), lr=math.nan), ValueError, "lr must be a finite number > 0, got nan"),
        (lambda: optim.Adam(small_params(), lr=math.inf), ValueError, "lr must be a finite number > 0, got inf"),
        (lambda: optim.SGD(small_params(), lr="0.1"), TypeError, "lr must be a number, got str '0.1'"),
        (
            lambda: optim.SGD(small_params(), lr=0.1, momentum=-0.1),
            ValueError,
            r"momentum must lie in \[0, 1\), got -0.1",
        ),
        (
            lambda: optim.SGD(small_params(), lr=0.1, momentum=0.9, nesterov="yes"),
            TypeError,
            "nesterov must be True or False, got str 'yes'",
        ),
        (lambda: optim.SGD(small_params(), lr=0.1, weight_decay=math.nan), ValueError, "weight_decay must be a finite"),
        (
            lambda: optim.Momentum(small_params(), momentum=0.0),
            ValueError,
            r"Momentum needs momentum in \(0, 1\), got 0",
        ),
        (lambda: optim.AdaGrad(small_params(), eps=math.nan), ValueError, "eps must be a finite number > 0, got nan"),
        (lambda: optim.RMSProp(small_params(), alpha=1.0), ValueError, r"alpha must lie in \[0, 1\), got 1.0"),
        (
            lambda: optim.Adam(small_params(), betas=(math.nan, 0.999)),
            ValueError,
            r"betas\[0\] must lie in \[0, 1\), got nan",
        ),
        (lambda: optim.Adam(small_params(), betas=(0.9,)), TypeError, r"betas must be a pair \(beta1, beta2\)"),
        (lambda: optim.Adam(small_params(), eps=-1e-8), ValueError, "eps must be a finite number > 0, got -1e-08"),
        (
            lambda: optim.SGD(Sequential(Linear(2, 2)), lr=0.1),
            TypeError,
            r"params must be a list of Parameters: pass model.parameters\(\), got the module",
        ),
        (
            lambda: optim.SGD(np.zeros(3), lr=0.1),
            TypeError,
            r"params must be a list of Parameters .*got array of shape \(3,\)",
        ),
        (lambda: optim.SGD([small_params()[0]] * 2, lr=0.1), ValueError, "the same Parameter more than once"),
        (
            lambda: optim.get_optimizer(5, small_params(), lr=0.1),
            TypeError,
            "optimizer name must be a str, .*got int 5",
        ),
        (
            lambda: optim.get_optimizer("adamax", small_params(), lr=0.1),
            ValueError,
            r"unknown optimizer 'adamax'; .* as name",
        ),
        (lambda: optim.get_optimizer("adam", small_params(), momentum=0.9), TypeError, "optimizer 'adam': .*momentum"),
        (lambda: optim.clip_grad_norm(small_params(), math.inf), ValueError, "max_norm must be a finite number > 0"),
        (lambda: optim.clip_grad_value(small_params(), None), TypeError, "clip must be a number, got NoneType None"),
    ],
)
def test_constructor_and_helper_arguments_are_checked(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_learning_rate_can_change_between_steps_but_stays_valid():
    p = Parameter(np.array([1.0]))
    optimizer = optim.SGD([p], lr=0.1)
    optimizer.lr = 0.5
    p.grad[...] = 1.0
    optimizer.step()
    np.testing.assert_array_equal(p.data, [0.5])
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got nan"):
        optimizer.lr = math.nan
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -1"):
        optimizer.lr = -1
    assert optimizer.lr == 0.5


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ((None, np.ones(2), {}), TypeError, "update: data must be a float32 or float64 array .*got NoneType None"),
        ((np.ones(2), None, {}), TypeError, "update: grad must be an array of real numbers, got NoneType None"),
        (
            (np.ones(2), np.ones(3), {}),
            ValueError,
            r"grad and data must have the same non-empty shape, got grad of shape \(3,\)",
        ),
        ((np.ones(2), np.ones(2), None), TypeError, "update: state must be a dict of arrays .*got NoneType None"),
        (
            (np.broadcast_to(np.ones(1), (2,)), np.ones(2), {}),
            ValueError,
            r"update: data must be a writeable array \(a parameter's values, changed in place\), got a read-only",
        ),
    ],
)
def test_update_checks_its_arguments(arguments, error, message):
    with pytest.raises(error, match=message):
        optim.SGD([Parameter(np.zeros(2))], lr=0.1).update(*arguments)
    with pytest.raises(ValueError, match=r"update: state must hold 'exp_avg', an array of the shape of data \(2,\)"):
        optim.Adam([Parameter(np.zeros(2))]).update(np.ones(2), np.ones(2), {})
