"""Learning-rate schedulers against their closed forms written by hand, torch.optim.lr_scheduler and hand loops."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest

from mlcourse import losses, nn, optim
from mlcourse.lr_scheduler import (
    LR_FLOOR,
    CosineAnnealingLR,
    ExponentialLR,
    InverseTimeLR,
    LinearWarmup,
    LRScheduler,
    StepLR,
)
from mlcourse.train import fit, train_step

EPOCHS = 50
BASE_LR = 0.1

# --------------------------------------------------------------- the schedules

#: name -> (build ours from an optimizer, the closed form written out, build torch's from a torch optimizer)
CASES = {
    "StepLR(7, 0.5)": (
        lambda o: StepLR(o, step_size=7, gamma=0.5),
        lambda e: BASE_LR * 0.5 ** (e // 7),
        lambda t, o: t.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
    ),
    "StepLR(1) default gamma": (
        lambda o: StepLR(o, step_size=1),
        lambda e: BASE_LR * 0.1**e,
        lambda t, o: t.optim.lr_scheduler.StepLR(o, step_size=1),
    ),
    "ExponentialLR(0.93)": (
        lambda o: ExponentialLR(o, gamma=0.93),
        lambda e: BASE_LR * 0.93**e,
        lambda t, o: t.optim.lr_scheduler.ExponentialLR(o, gamma=0.93),
    ),
    "ExponentialLR(1.05), growing": (
        lambda o: ExponentialLR(o, gamma=1.05),
        lambda e: BASE_LR * 1.05**e,
        lambda t, o: t.optim.lr_scheduler.ExponentialLR(o, gamma=1.05),
    ),
    "InverseTimeLR(0.3)": (
        lambda o: InverseTimeLR(o, decay=0.3),
        lambda e: BASE_LR / (1 + 0.3 * e),
        lambda t, o: t.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + 0.3 * e)),
    ),
    "CosineAnnealingLR(20, 1e-3), past T_max": (
        lambda o: CosineAnnealingLR(o, T_max=20, eta_min=1e-3),
        lambda e: 1e-3 + (BASE_LR - 1e-3) * (1 + math.cos(math.pi * e / 20)) / 2,
        lambda t, o: t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=20, eta_min=1e-3),
    ),
    "CosineAnnealingLR(40), eta_min 0": (
        lambda o: CosineAnnealingLR(o, T_max=40),
        lambda e: BASE_LR * (1 + math.cos(math.pi * e / 40)) / 2,
        lambda t, o: t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40),
    ),
    "LinearWarmup(5, start 0.2)": (
        lambda o: LinearWarmup(o, warmup_epochs=5, start_factor=0.2),
        lambda e: BASE_LR * (0.2 + 0.8 * min(e, 5) / 5),
        lambda t, o: t.optim.lr_scheduler.LinearLR(o, start_factor=0.2, total_iters=5),
    ),
    "LinearWarmup(4) default start": (
        lambda o: LinearWarmup(o, warmup_epochs=4),
        lambda e: BASE_LR * (1 / 3 + (2 / 3) * min(e, 4) / 4),
        lambda t, o: t.optim.lr_scheduler.LinearLR(o, total_iters=4),
    ),
    "LinearWarmup(5) then CosineAnnealingLR(30, 1e-4)": (
        lambda o: LinearWarmup(o, 5, after=CosineAnnealingLR(o, T_max=30, eta_min=1e-4), start_factor=0.1),
        lambda e: (
            BASE_LR * (0.1 + 0.9 * e / 5)
            if e < 5
            else 1e-4 + (BASE_LR - 1e-4) * (1 + math.cos(math.pi * (e - 5) / 30)) / 2
        ),
        lambda t, o: t.optim.lr_scheduler.SequentialLR(
            o,
            [
                t.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=5),
                t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=30, eta_min=1e-4),
            ],
            milestones=[5],
        ),
    ),
    "LinearWarmup(3) then StepLR(6, 0.5)": (
        lambda o: LinearWarmup(o, 3, after=StepLR(o, step_size=6, gamma=0.5), start_factor=0.5),
        lambda e: BASE_LR * (0.5 + 0.5 * e / 3) if e < 3 else BASE_LR * 0.5 ** ((e - 3) // 6),
        lambda t, o: t.optim.lr_scheduler.SequentialLR(
            o,
            [
                t.optim.lr_scheduler.LinearLR(o, start_factor=0.5, total_iters=3),
                t.optim.lr_scheduler.StepLR(o, step_size=6, gamma=0.5),
            ],
            milestones=[3],
        ),
    ),
    "LinearWarmup(2) then InverseTimeLR(0.1)": (
        lambda o: LinearWarmup(o, 2, after=InverseTimeLR(o, decay=0.1), start_factor=0.25),
        lambda e: BASE_LR * (0.25 + 0.75 * e / 2) if e < 2 else BASE_LR / (1 + 0.1 * (e - 2)),
        lambda t, o: t.optim.lr_scheduler.SequentialLR(
            o,
            [
                t.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=2),
                t.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + 0.1 * e)),
            ],
            milestones=[2],
        ),
    ),
}

#: Our optimizer and torch's, with the same hyper-parameters.
OPTIMIZERS = {
    "SGD": (lambda p: optim.SGD(p, lr=BASE_LR), lambda t, p: t.optim.SGD(p, lr=BASE_LR)),
    "Momentum": (
        lambda p: optim.Momentum(p, lr=BASE_LR, momentum=0.9),
        lambda t, p: t.optim.SGD(p, lr=BASE_LR, momentum=0.9),
    ),
    "Adam": (lambda p: optim.Adam(p, lr=BASE_LR), lambda t, p: t.optim.Adam(p, lr=BASE_LR)),
}


def _param() -> nn.Parameter:
    return nn.Parameter(np.array([1.0, -2.0]), "p")


def our_rates(case: str, optimizer_name: str, epochs: int = EPOCHS) -> list[float]:
    """``optimizer.lr`` at epochs 0 .. epochs-1, read from the optimizer while stepping the scheduler."""
    optimizer = OPTIMIZERS[optimizer_name][0]([_param()])
    scheduler = CASES[case][0](optimizer)
    rates = [optimizer.lr]
    for _ in range(epochs - 1):
        scheduler.step()
        rates.append(optimizer.lr)
    return rates


def _floored(rates: list[float]) -> np.ndarray:
    """Torch's rates with the zeros our optimizers refuse replaced by LR_FLOOR (documented)."""
    return np.array([rate if rate > 0 else LR_FLOOR for rate in rates])


@pytest.mark.parametrize("optimizer_name", OPTIMIZERS)
@pytest.mark.parametrize("case", CASES)
def test_the_rates_are_the_closed_form_written_by_hand(case, optimizer_name):
    expected = _floored([CASES[case][1](e) for e in range(EPOCHS)])
    np.testing.assert_allclose(our_rates(case, optimizer_name), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("optimizer_name", OPTIMIZERS)
@pytest.mark.parametrize("case", CASES)
def test_the_rates_equal_torch_lr_scheduler_step_by_step(case, optimizer_name):
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch.optim.lr_scheduler skipped")
    tensor = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    torch_optimizer = OPTIMIZERS[optimizer_name][1](torch, [tensor])
    scheduler = CASES[case][2](torch, torch_optimizer)
    theirs = [torch_optimizer.param_groups[0]["lr"]]
    for _ in range(EPOCHS - 1):
        tensor.grad = torch.ones_like(tensor)
        torch_optimizer.step()
        scheduler.step()
        theirs.append(torch_optimizer.param_groups[0]["lr"])
    assert scheduler.get_last_lr() == [theirs[-1]]
    np.testing.assert_allclose(our_rates(case, optimizer_name), _floored(theirs), rtol=1e-12, atol=0)


@pytest.mark.parametrize("case", CASES)
def test_lr_at_get_last_lr_and_last_epoch_agree_with_the_stepped_rates(case):
    optimizer = optim.SGD([_param()], lr=BASE_LR)
    scheduler = CASES[case][0](optimizer)
    assert scheduler.base_lr == BASE_LR and scheduler.last_epoch == 0
    plotted = [scheduler.lr_at(e) for e in range(EPOCHS)]  # before stepping: lr_at changes nothing
    assert scheduler.last_epoch == 0
    stepped = [scheduler.get_last_lr()]
    for epoch in range(1, EPOCHS):
        scheduler.step()
        assert scheduler.last_epoch == epoch
        stepped.append(scheduler.get_last_lr())
    assert stepped == [[rate] for rate in plotted]
    assert plotted == our_rates(case, "SGD")


def test_the_base_class_is_the_constant_schedule():
    optimizer = optim.Adam([_param()], lr=0.003)
    scheduler = LRScheduler(optimizer)
    for _ in range(5):
        scheduler.step()
    assert optimizer.lr == 0.003 and scheduler.lr_at(1000) == 0.003 and scheduler.last_epoch == 5


# -------------------------------------------------------------- the rate zero


def test_a_rate_of_zero_becomes_the_floor_and_the_update_then_changes_nothing():
    param = _param()
    optimizer = optim.SGD([param], lr=1.0)
    scheduler = CosineAnnealingLR(optimizer, T_max=2)
    scheduler.step()
    scheduler.step()
    assert optimizer.lr == LR_FLOOR == np.finfo(np.float64).tiny
    assert scheduler.get_last_lr() == [LR_FLOOR]
    param.grad[...] = [3.0, -1e10]
    before = param.data.copy()
    optimizer.step()
    np.testing.assert_array_equal(param.data, before)
    scheduler.step()
    assert optimizer.lr == pytest.approx(0.5, rel=1e-15)  # the cosine goes on past T_max, as in torch


def test_a_rate_that_underflows_becomes_the_floor_without_warning():
    optimizer = optim.SGD([_param()], lr=0.1)
    scheduler = ExponentialLR(optimizer, gamma=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(200):
            scheduler.step()
    assert optimizer.lr == LR_FLOOR
    assert scheduler.lr_at(10**9) == LR_FLOOR and StepLR(optimizer, 1, gamma=1e-3).lr_at(10**9) == LR_FLOOR


def test_a_rate_that_overflows_is_refused_and_the_scheduler_is_left_as_it_was():
    optimizer = optim.SGD([_param()], lr=1.0)
    scheduler = ExponentialLR(optimizer, gamma=2.0)
    scheduler.load_state_dict({"last_epoch": 1023, "base_lr": 1.0})
    assert optimizer.lr == 2.0**1023
    with pytest.raises(ValueError, match="epoch 1024 overflows"):
        scheduler.step()
    assert scheduler.last_epoch == 1023 and optimizer.lr == 2.0**1023
    with pytest.raises(ValueError, match="epoch 5000 overflows"):
        scheduler.lr_at(5000)
    with pytest.raises(ValueError, match="state_dict: .*overflows"):
        scheduler.load_state_dict({"last_epoch": 1023, "base_lr": 4.0})
    assert scheduler.base_lr == 1.0 and scheduler.last_epoch == 1023


# ------------------------------------------------------------------- training


def _regression(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((16, 3))
    return X, X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3 + 0.1 * rng.standard_normal((16, 1))


TRAINING = {
    "SGD + StepLR": (lambda p: optim.SGD(p, lr=0.05), lambda o: StepLR(o, 4, 0.5), lambda e: 0.05 * 0.5 ** (e // 4)),
    "Momentum + CosineAnnealingLR": (
        lambda p: optim.Momentum(p, lr=0.02, momentum=0.9),
        lambda o: CosineAnnealingLR(o, T_max=12, eta_min=1e-3),
        lambda e: 1e-3 + (0.02 - 1e-3) * (1 + math.cos(math.pi * e / 12)) / 2,
    ),
    "Adam + LinearWarmup then ExponentialLR": (
        lambda p: optim.Adam(p, lr=0.05),
        lambda o: LinearWarmup(o, 3, after=ExponentialLR(o, 0.9), start_factor=0.2),
        lambda e: 0.05 * (0.2 + 0.8 * e / 3) if e < 3 else 0.05 * 0.9 ** (e - 3),
    ),
    "SGD + InverseTimeLR": (
        lambda p: optim.SGD(p, lr=0.1),
        lambda o: InverseTimeLR(o, 0.5),
        lambda e: 0.1 / (1 + 0.5 * e),
    ),
}
TRAIN_EPOCHS = 15


def _train(make_optimizer, *, make_scheduler=None, rate=None) -> nn.Linear:
    """A linear model trained by train_step, two batches per epoch, with a scheduler stepped after each
    epoch or with ``optimizer.lr = rate(epoch)`` set by hand before each epoch (or neither)."""
    X, y = _regression()
    model = nn.Linear(3, 1, seed=0)
    optimizer = make_optimizer(model.parameters())
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    for epoch in range(TRAIN_EPOCHS):
        if rate is not None:
            optimizer.lr = rate(epoch)
        for rows in np.array_split(np.arange(len(X)), 2):
            train_step(model, losses.MSELoss(), optimizer, X[rows], y[rows])
        if scheduler is not None:
            scheduler.step()
    return model


@pytest.mark.parametrize("case", TRAINING)
def test_training_with_a_scheduler_equals_a_hand_loop_that_sets_the_rate(case):
    make_optimizer, make_scheduler, rate = TRAINING[case]
    scheduled = _train(make_optimizer, make_scheduler=make_scheduler)
    handmade = _train(make_optimizer, rate=rate)
    for ours, theirs in zip(scheduled.parameters(), handmade.parameters()):
        np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-12, atol=0)
    untouched = _train(make_optimizer)
    assert not np.allclose(scheduled.W.data, untouched.W.data, rtol=1e-6)  # the schedule did change the training


TORCH_TRAINING = {
    "SGD + StepLR": lambda t, o: t.optim.lr_scheduler.StepLR(o, 4, 0.5),
    "Momentum + CosineAnnealingLR": lambda t, o: t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=12, eta_min=1e-3),
    "Adam + LinearWarmup then ExponentialLR": lambda t, o: t.optim.lr_scheduler.SequentialLR(
        o,
        [t.optim.lr_scheduler.LinearLR(o, 0.2, total_iters=3), t.optim.lr_scheduler.ExponentialLR(o, 0.9)],
        milestones=[3],
    ),
    "SGD + InverseTimeLR": lambda t, o: t.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + 0.5 * e)),
}
TORCH_OPTIMIZERS = {
    "SGD + StepLR": lambda t, p: t.optim.SGD(p, lr=0.05),
    "Momentum + CosineAnnealingLR": lambda t, p: t.optim.SGD(p, lr=0.02, momentum=0.9),
    "Adam + LinearWarmup then ExponentialLR": lambda t, p: t.optim.Adam(p, lr=0.05),
    "SGD + InverseTimeLR": lambda t, p: t.optim.SGD(p, lr=0.1),
}


@pytest.mark.parametrize("case", TRAINING)
def test_training_with_a_scheduler_equals_torch(case):
    torch = pytest.importorskip("torch", reason="torch is optional: comparison with torch training skipped")
    make_optimizer, make_scheduler, _ = TRAINING[case]
    ours = _train(make_optimizer, make_scheduler=make_scheduler)
    X, y = (torch.tensor(a) for a in _regression())
    start = nn.Linear(3, 1, seed=0)
    W = torch.tensor(start.W.data.copy(), requires_grad=True)
    b = torch.tensor(start.b.data.copy(), requires_grad=True)
    optimizer = TORCH_OPTIMIZERS[case](torch, [W, b])
    scheduler = TORCH_TRAINING[case](torch, optimizer)
    for _ in range(TRAIN_EPOCHS):
        for rows in np.array_split(np.arange(len(X)), 2):
            optimizer.zero_grad()
            torch.mean((X[rows] @ W + b - y[rows]) ** 2).backward()
            optimizer.step()
        scheduler.step()
    np.testing.assert_allclose(ours.W.data, W.detach().numpy(), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(ours.b.data, b.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_fit_with_a_scheduler_equals_the_hand_loop():
    if "scheduler" not in inspect.signature(fit).parameters:
        pytest.skip("train.fit has no scheduler argument yet")
    make_optimizer, make_scheduler, rate = TRAINING["Momentum + CosineAnnealingLR"]
    X, y = _regression()
    model = nn.Linear(3, 1, seed=0)
    optimizer = make_optimizer(model.parameters())
    scheduler = make_scheduler(optimizer)
    fit(model, "mse", optimizer, X, y, epochs=TRAIN_EPOCHS, batch_size=8, shuffle=False, scheduler=scheduler)
    assert scheduler.last_epoch == TRAIN_EPOCHS
    handmade = _train(make_optimizer, rate=rate)
    np.testing.assert_allclose(model.W.data, handmade.W.data, rtol=1e-12, atol=0)


# ------------------------------------------------------------- state and misc


@pytest.mark.parametrize("case", CASES)
def test_state_dict_resumes_the_schedule(case):
    make = CASES[case][0]
    first = make(optim.SGD([_param()], lr=BASE_LR))
    for _ in range(12):
        first.step()
    optimizer = optim.SGD([_param()], lr=BASE_LR)
    resumed = make(optimizer)
    resumed.load_state_dict(first.state_dict())
    assert resumed.last_epoch == 12 and optimizer.lr == first.optimizer.lr
    for _ in range(20):
        first.step()
        resumed.step()
        assert optimizer.lr == first.optimizer.lr


def test_the_warm_up_keeps_the_following_scheduler_in_step():
    optimizer = optim.SGD([_param()], lr=1.0)
    cosine = CosineAnnealingLR(optimizer, T_max=10)
    warmup = LinearWarmup(optimizer, 3, after=cosine)
    assert warmup.base_lr == 1.0 and optimizer.lr == pytest.approx(1 / 3, rel=1e-15)
    for epoch in range(1, 8):
        warmup.step()
        assert cosine.last_epoch == max(epoch - 3, 0)
    assert cosine.get_last_lr() == warmup.get_last_lr()
    warmup.load_state_dict({"last_epoch": 5, "base_lr": 2.0})
    assert cosine.base_lr == 2.0 and cosine.last_epoch == 2


def test_a_rate_set_by_hand_lasts_until_the_next_step():
    optimizer = optim.SGD([_param()], lr=1.0)
    scheduler = ExponentialLR(optimizer, gamma=0.5)
    optimizer.lr = 0.001
    scheduler.step()
    assert optimizer.lr == 0.5


def test_repr_shows_the_hyper_parameters_and_the_epoch():
    optimizer = optim.SGD([_param()], lr=0.1)
    scheduler = LinearWarmup(optimizer, 2, after=StepLR(optimizer, 3, gamma=0.5))
    scheduler.step()
    assert repr(scheduler) == (
        "LinearWarmup(warmup_epochs=2, start_factor=0.333333, after=StepLR(step_size=3, gamma=0.5, base_lr=0.1, "
        "last_epoch=0), base_lr=0.1, last_epoch=1)"
    )


# ------------------------------------------------------------------ bad input


def _sgd() -> optim.SGD:
    return optim.SGD([_param()], lr=0.1)


@pytest.mark.parametrize(
    "build, error, match",
    [
        (lambda: StepLR(_sgd(), step_size=0), ValueError, "step_size must be >= 1, got 0"),
        (lambda: StepLR(_sgd(), step_size=2.0), TypeError, "step_size must be an integer"),
        (lambda: StepLR(_sgd(), 3, gamma=0.0), ValueError, "gamma must be a finite number > 0, got 0.0"),
        (lambda: StepLR(_sgd(), 3, gamma=-0.5), ValueError, "gamma must be a finite number > 0"),
        (lambda: ExponentialLR(_sgd(), gamma=math.nan), ValueError, "gamma must be a finite number > 0, got nan"),
        (lambda: ExponentialLR(_sgd(), gamma=math.inf), ValueError, "gamma must be a finite number > 0"),
        (lambda: ExponentialLR(_sgd(), gamma="0.9"), TypeError, "gamma must be a number"),
        (lambda: InverseTimeLR(_sgd(), decay=-0.1), ValueError, "decay must be a finite number >= 0"),
        (lambda: InverseTimeLR(_sgd(), decay=math.nan), ValueError, "decay must be a finite number >= 0"),
        (lambda: CosineAnnealingLR(_sgd(), T_max=0), ValueError, "T_max must be >= 1, got 0"),
        (lambda: CosineAnnealingLR(_sgd(), T_max=-5), ValueError, "T_max must be >= 1"),
        (lambda: CosineAnnealingLR(_sgd(), T_max=10, eta_min=-1e-3), ValueError, "eta_min must be a finite number"),
        (lambda: CosineAnnealingLR(_sgd(), T_max=10, eta_min=math.nan), ValueError, "eta_min must be a finite"),
        (lambda: LinearWarmup(_sgd(), warmup_epochs=0), ValueError, "warmup_epochs must be >= 1"),
        (lambda: LinearWarmup(_sgd(), 3, start_factor=0.0), ValueError, "start_factor must be a finite number > 0"),
        (lambda: LinearWarmup(_sgd(), 3, start_factor=1.5), ValueError, r"start_factor must lie in \(0, 1\]"),
        (lambda: LinearWarmup(_sgd(), 3, after="cosine"), TypeError, "after must be a scheduler"),
        (lambda: LinearWarmup(_sgd(), 3, after=StepLR(_sgd(), 2)), ValueError, "after must schedule the same"),
        (lambda: StepLR(None, 2), TypeError, "optimizer must be an mlcourse.optim Optimizer, got NoneType"),
        (lambda: StepLR(optim.SGD, 2), TypeError, r"optimizer must .*build it first"),
        (lambda: LRScheduler(nn.Linear(2, 1, seed=0)), TypeError, "optimizer must be an mlcourse.optim Optimizer"),
        (lambda: CosineAnnealingLR([_param()], 10), TypeError, "optimizer must be an mlcourse.optim Optimizer"),
        (lambda: LinearWarmup("adam", 3), TypeError, "optimizer must be an mlcourse.optim Optimizer"),
        (lambda: StepLR(_sgd(), 2).lr_at(-1), ValueError, "epoch must be >= 0, got -1"),
        (lambda: StepLR(_sgd(), 2).lr_at(1.0), TypeError, "epoch must be an integer"),
        (lambda: StepLR(_sgd(), 2).load_state_dict([0, 0.1]), TypeError, "state_dict must be a dict"),
        (lambda: StepLR(_sgd(), 2).load_state_dict({"last_epoch": 1}), ValueError, "state_dict must have the keys"),
        (
            lambda: StepLR(_sgd(), 2).load_state_dict({"last_epoch": -1, "base_lr": 0.1}),
            ValueError,
            r"state_dict\['last_epoch'\] must be >= 0",
        ),
        (
            lambda: StepLR(_sgd(), 2).load_state_dict({"last_epoch": 1, "base_lr": math.nan}),
            ValueError,
            r"state_dict\['base_lr'\] must be a finite number > 0",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_argument(build, error, match):
    with pytest.raises(error, match=match):
        build()


def test_a_refused_construction_leaves_the_optimizer_rate_alone():
    optimizer = _sgd()
    with pytest.raises(ValueError, match="start_factor"):
        LinearWarmup(optimizer, 3, start_factor=2.0)
    assert optimizer.lr == 0.1
