"""The section page on momentum's rate, Nesterov's look-ahead and decoupled weight decay.

Oracles: closed forms (the contraction factors, gradient descent's step count,
0.99**100), the roots of the momentum recurrence computed with numpy, an
independent implementation of Nesterov's look-ahead form, and PyTorch's SGD
(nesterov=True) and AdamW when torch is installed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.optimizers import exercises
from mlcourse.chapters.optimizers.analysis import (
    DecayRun,
    condition_sweep,
    heavy_ball_rate,
    heavy_ball_settings,
    look_ahead_path,
    momentum_sweep,
    nesterov_stability_limit,
    sgd_penalty_equals_shrink,
    shrink_by_gradient_size,
    steps_to_tolerance,
    weight_decay_comparison,
)
from mlcourse.nn import Parameter
from mlcourse.optim import SGD, Adam, AdamW
from mlcourse.surfaces import IllConditionedBowl, Rosenbrock, optimize_path


@pytest.mark.parametrize("kappa", [4.0, 100.0, 2500.0])
def test_heavy_ball_settings_are_the_closed_forms_and_reach_the_rate(kappa):
    settings = heavy_ball_settings((1.0, kappa))
    root = math.sqrt(kappa)
    assert settings["gd_rate"] == pytest.approx((kappa - 1) / (kappa + 1))
    assert settings["rate"] == pytest.approx((root - 1) / (root + 1))
    assert settings["momentum"] == pytest.approx(settings["rate"] ** 2)
    # the roots of the recurrence, computed independently, have the modulus of the rate
    assert heavy_ball_rate([1.0, kappa], settings["lr"], settings["momentum"]) == pytest.approx(
        settings["rate"], rel=1e-6
    )
    # any other momentum is slower
    for mu in (settings["momentum"] - 0.01, settings["momentum"] + 0.01):
        assert heavy_ball_rate([1.0, kappa], settings["lr"], mu) > settings["rate"]


def test_gradient_descent_steps_are_the_closed_form():
    for kappa in (10.0, 100.0, 1000.0):
        settings = heavy_ball_settings((1.0, kappa))
        expected = math.ceil(math.log(1e6) / -math.log(settings["gd_rate"]))
        assert steps_to_tolerance([1.0, kappa], "sgd", 1e-6, 10**6, lr=settings["gd_lr"]) == expected


def test_condition_sweep_slopes_are_one_and_about_a_half():
    sweep = condition_sweep([10.0, 100.0, 1000.0])
    assert sweep.gd_slope == pytest.approx(1.0, abs=0.01)
    assert 0.5 <= sweep.momentum_slope < 0.6
    assert np.all(sweep.momentum_steps >= sweep.momentum_law)  # the law is the rate; t * rho**t costs more
    assert np.all(sweep.momentum_steps < 2 * sweep.momentum_law)


def test_momentum_sweep_bottoms_out_near_the_formula():
    best = heavy_ball_settings((1.0, 100.0))["momentum"]
    momenta = np.round(np.arange(0.6, 0.955, 0.01), 2)
    scan = momentum_sweep(100.0, momenta)
    assert abs(momenta[int(np.nanargmin(scan["steps"]))] - best) < 0.03
    limit = scan["lr"] * 100.0 / 2 - 1  # lr * l_max < 2 (1 + mu)
    assert np.all(np.isnan(scan["steps"][momenta < limit]))
    assert np.all(np.isinf(scan["predicted"][momenta < limit]))


@pytest.mark.parametrize(
    "surface, start", [(IllConditionedBowl(a=1.0, b=100.0), (-8.0, 3.0)), (Rosenbrock(), (-1.5, 2.0))]
)
@pytest.mark.parametrize("lr, momentum", [(0.001, 0.9), (0.0005, 0.5)])
def test_library_nesterov_is_the_look_ahead_rule(surface, start, lr, momentum):
    library = optimize_path(surface, "nesterov", start, 200, lr=lr, momentum=momentum).path
    np.testing.assert_allclose(library, look_ahead_path(surface, start, lr, momentum, 200), rtol=0, atol=1e-10)
    plain = optimize_path(surface, "momentum", start, 200, lr=lr, momentum=momentum).path
    assert np.abs(plain - library).max() > 1e-3  # the test can tell the two apart


def test_library_nesterov_matches_torch():
    torch = pytest.importorskip("torch")
    surface, start = Rosenbrock(), np.array([-1.5, 2.0])
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([point], lr=0.001, momentum=0.9, nesterov=True)
    points = [start.copy()]
    for _ in range(100):
        optimizer.zero_grad()
        point.grad = torch.tensor(surface.gradient(point.detach().numpy()), dtype=torch.float64)
        optimizer.step()
        points.append(point.detach().numpy().copy())
    library = optimize_path(surface, "nesterov", start, 100, lr=0.001, momentum=0.9).path
    np.testing.assert_allclose(library, np.array(points), rtol=1e-12, atol=1e-12)


def test_nesterov_stability_limits_separate_converging_and_diverging_runs():
    limits = nesterov_stability_limit(100.0, 0.9)
    assert limits["momentum"] == pytest.approx(0.038)
    assert limits["nesterov"] == pytest.approx(3.8 / 280)
    bowl = IllConditionedBowl(a=1.0, b=100.0)
    for name, limit in limits.items():
        below = optimize_path(bowl, name, (-8.0, 3.0), 3000, lr=0.97 * limit, momentum=0.9)
        above = optimize_path(bowl, name, (-8.0, 3.0), 3000, lr=1.03 * limit, momentum=0.9)
        assert below.diverged_at is None and below.losses[-1] < 1e-6
        assert above.diverged_at is not None


def test_l2_penalty_is_weight_decay_for_sgd_only():
    assert sgd_penalty_equals_shrink(epochs=1) < 1e-13
    rng = np.random.default_rng(0)
    start, gradient = rng.normal(size=5), rng.normal(size=5)
    results = {}
    for name, make in {
        "sgd_l2": lambda p: SGD(p, lr=0.1, weight_decay=0.5),
        "adam_l2": lambda p: Adam(p, lr=0.1, weight_decay=0.5),
        "adamw": lambda p: AdamW(p, lr=0.1, weight_decay=0.5),
    }.items():
        param = Parameter(start.copy())
        optimizer = make([param])
        for _ in range(3):
            param.grad[:] = gradient
            optimizer.step()
        results[name] = param.data.copy()
    shrink_then_step = start.copy()
    for _ in range(3):
        shrink_then_step = (1 - 0.1 * 0.5) * shrink_then_step - 0.1 * gradient
    np.testing.assert_allclose(results["sgd_l2"], shrink_then_step, rtol=1e-14)
    assert np.abs(results["adam_l2"] - results["adamw"]).max() > 1e-3


def test_adamw_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    start, gradients = rng.normal(size=4), rng.normal(size=(20, 4))
    param = Parameter(start.copy())
    ours = AdamW([param], lr=0.01, weight_decay=0.3)
    tensor = torch.tensor(start, requires_grad=True)
    theirs = torch.optim.AdamW([tensor], lr=0.01, weight_decay=0.3)
    for gradient in gradients:
        param.grad[:] = gradient
        ours.step()
        tensor.grad = torch.tensor(gradient)
        theirs.step()
    np.testing.assert_allclose(param.data, tensor.detach().numpy(), rtol=1e-10)


def test_weight_decay_comparison_and_shrink_groups():
    runs = weight_decay_comparison([0.5], epochs=1)
    assert set(runs) == {("none", 0.0), ("l2", 0.5), ("decoupled", 0.5)}
    plain = runs[("none", 0.0)]
    assert plain.weights.shape == plain.gradient_rms.shape == (64 * 32 + 32 * 10,)
    assert plain.layer_norms[0] == pytest.approx(np.linalg.norm(plain.weights[: 64 * 32]))
    for key in (("l2", 0.5), ("decoupled", 0.5)):
        assert np.linalg.norm(runs[key].weights) < np.linalg.norm(plain.weights)  # decay shrinks
    half = DecayRun("decoupled", 1.0, 1.0, (1.0, 1.0), 0.5 * np.arange(1.0, 7.0), np.arange(6.0))
    base = DecayRun("none", 0.0, 1.0, (1.0, 1.0), np.arange(1.0, 7.0), np.arange(6.0))
    result = shrink_by_gradient_size(base, half, groups=3)
    assert result["ratio"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert result["rms"].tolist() == [0.5, 2.5, 4.5]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="curvatures"):
        heavy_ball_settings((100.0, 1.0))
    with pytest.raises(ValueError, match="curvatures"):
        steps_to_tolerance([1.0, -1.0], "sgd", 1e-3, 10, lr=0.1)
    with pytest.raises(ValueError, match="start"):
        steps_to_tolerance([1.0, 2.0], "sgd", 1e-3, 10, start=[1.0], lr=0.1)
    with pytest.raises(ValueError, match="momentum"):
        heavy_ball_rate([1.0], 0.1, 1.0)
    with pytest.raises(ValueError, match="kappas"):
        condition_sweep([1.0])
    with pytest.raises(ValueError, match="momentum"):
        look_ahead_path("bowl", (1.0, 1.0), 0.1, -0.1, 3)


def test_section_exercise_checkers():
    settings = exercises.heavy_ball_answer()
    assert settings["lr"] == pytest.approx(4 / 441)
    assert settings["momentum"] == pytest.approx((19 / 21) ** 2)
    assert exercises.check_heavy_ball(4 / 441, (19 / 21) ** 2)
    assert "gradient descent's best rate" in exercises.check_heavy_ball(2 / 401, (19 / 21) ** 2).message
    assert "SQUARE" in exercises.check_heavy_ball(4 / 441, 19 / 21).message
    assert "square roots" in exercises.check_heavy_ball(4 / 401, 0.5).message
    assert not exercises.check_heavy_ball(1.0, 0.1)
    ends = exercises.blank_weight_answer()
    assert ends["adamw"] == pytest.approx(0.99**100, rel=1e-12)
    assert 0.1 < ends["adam_l2"] < ends["adamw"]
    assert exercises.check_blank_weight(ends["adamw"], ends["adam_l2"])
    assert "AdamW's value is right" in exercises.check_blank_weight(ends["adamw"], ends["adamw"]).message
    assert "exp(-1)" in exercises.check_blank_weight(math.exp(-1), 0.5).message
    assert not exercises.check_blank_weight(1.0, 1.0)
