"""Regression tests for the bad and extreme inputs a fuzz of the training modules found.

nn, optim, lr_scheduler and train: sequences of calls, state set by hand,
float32 extremes and integers beyond the float range. Each case either
refuses the input with a message naming it, or gives a finite result with no
warning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse import lr_scheduler, nn, optim
from mlcourse.train import EarlyStopping, fit, train_step

X = np.random.default_rng(0).normal(size=(7, 3))
Y = np.array([0, 1, 0, 1, 1, 0, 1])


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _read_only(array: np.ndarray) -> np.ndarray:
    array = array.copy()
    array.flags.writeable = False
    return array


# ----------------------------------------------------------------- nn.Parameter


def test_parameter_refuses_read_only_data():
    with pytest.raises(ValueError, match="Parameter 'W' data must be a writeable array .*got a read-only array"):
        nn.Parameter(_read_only(np.zeros(3)), "W")
    layer = nn.Linear(3, 2)
    with pytest.raises(ValueError, match="Parameter 'W' data must be a writeable array"):
        layer.W.data = _read_only(np.zeros((3, 2)))
    layer.load_state_dict({"W": np.ones((3, 2)), "b": np.ones(2)})  # still possible: data was not replaced


@pytest.mark.parametrize(
    "then",
    [
        lambda p: (p.zero_grad(), p.grad),
        lambda p: optim.clip_grad_value([p], 1.0),
        lambda p: p.add_to_grad(np.ones(3)),
    ],
)
def test_parameter_refuses_a_read_only_grad(then):
    parameter = nn.Parameter(np.zeros(3), "b")
    with pytest.raises(ValueError, match="grad of Parameter 'b' must be a writeable array .*got a read-only array"):
        parameter.grad = _read_only(np.ones(3))
    then(parameter)  # the gradient kept is still usable


def test_parameter_grad_from_a_list_beyond_float32():
    parameter = nn.Parameter(np.zeros(2, np.float32), "W")
    with pytest.raises(ValueError, match=r"grad of Parameter 'W' must be .*beyond the range of float32.*1e\+300"):
        parameter.grad = [1e300, 0.0]
    parameter.grad = [1.0, -0.0]
    assert parameter.grad.dtype == np.float32


# ----------------------------------------------------------------- nn layers


def test_load_state_dict_refuses_values_beyond_the_dtype_and_changes_nothing():
    model = nn.Sequential(nn.Linear(3, 2, seed=0, dtype=np.float32), nn.BatchNorm1d(2, dtype=np.float32))
    before = model.state_dict()
    state = dict(before, **{"0.W": np.full((3, 2), 1e300), "1.running_var": np.array([1e39, 1.0])})
    with pytest.raises(ValueError, match=r"out of range: 0\.W: values must fit float32 .*1\.running_var"):
        model.load_state_dict(state)
    after = model.state_dict()
    assert all(np.array_equal(before[key], after[key]) for key in before)
    model.load_state_dict(dict(before, **{"0.W": np.full((3, 2), 3e38)}))  # float64 values within range
    assert np.isfinite(model[0].W.data).all()


def test_linear_refuses_an_initializer_overflowing_float32():
    def huge(n_in, n_out, rng, dtype):
        return np.full((n_in, n_out), 1e300)

    with pytest.raises(ValueError, match=r"init returned NaN or inf weights for a layer of shape \(2, 2\)"):
        nn.Linear(2, 2, init=huge, dtype=np.float32)


@pytest.mark.parametrize("eps, what", [(1e-50, "rounds to 0"), (5e-324, "rounds to 0"), (1e39, "overflows")])
def test_batchnorm_refuses_an_eps_float32_cannot_hold(eps, what):
    with pytest.raises(ValueError, match=f"eps must be a positive number representable in float32.*{what}"):
        nn.BatchNorm1d(3, eps=eps, dtype=np.float32)
    out = nn.BatchNorm1d(3, eps=eps)(np.ones((4, 3)))  # float64 holds it: a constant column gives 0
    assert np.array_equal(out, np.zeros((4, 3)))


@pytest.mark.parametrize("mask", ["abc", [[0.5, 1.0]], [[1.0], [1.0, 0.0]], None.__class__])
def test_dropout_refuses_a_mask_that_is_not_booleans(mask):
    dropout = nn.Dropout(0.5, seed=0)
    with pytest.raises(TypeError, match=r"mask of Dropout\(p=0\.5\) must be an array of booleans"):
        dropout.mask = mask


def test_dropout_frozen_mask_of_another_shape():
    dropout = nn.Dropout(0.5, seed=0)
    dropout.mask, dropout.freeze_mask = np.ones((1, 4, 3), bool), True
    with pytest.raises(ValueError, match=r"frozen mask of shape \(1, 4, 3\), got input of shape \(4, 3\)"):
        dropout(np.ones((4, 3)))


def test_dropout_accepts_a_frozen_mask_given_as_a_list():
    dropout = nn.Dropout(0.5, seed=0)
    dropout.mask, dropout.freeze_mask = [[True, False, True]] * 2, True
    assert np.array_equal(dropout(np.ones((2, 3))), [[2.0, 0.0, 2.0]] * 2)
    assert np.array_equal(dropout.backward(np.ones((2, 3))), [[2.0, 0.0, 2.0]] * 2)


def test_dropout_freeze_mask_must_be_a_bool():
    with pytest.raises(TypeError, match="freeze_mask must be True or False, got str 'yes'"):
        nn.Dropout(0.5).freeze_mask = "yes"


def _shared_activation():
    act = nn.Tanh()
    return [nn.Linear(3, 4, seed=0), act, nn.Linear(4, 4, seed=1), act]


def _shared_nested_linear():
    linear = nn.Linear(3, 3, seed=0)
    return [nn.Sequential(linear, nn.Tanh()), linear]


@pytest.mark.parametrize(
    "layers, match",
    [
        (_shared_activation, "same Tanh.. object at positions 1 and 3"),
        (_shared_nested_linear, r"same Linear\(3, 3\) object at positions 0\.0 and 1"),
    ],
)
def test_sequential_refuses_a_layer_object_used_twice(layers, match):
    # its cache would hold the second use only: the gradients of the first would be silently wrong
    with pytest.raises(ValueError, match=match):
        nn.Sequential(*layers())


# ----------------------------------------------------------------- optim


def test_memory_report_of_empty_parameters():
    report = optim.Adam([nn.Parameter(np.zeros(0))]).memory_report()
    assert (report["parameters"], report["state"], report["state_per_parameter"]) == (0, 0, 0.0)


@pytest.mark.parametrize("build", [optim.Adam, optim.AdamW])
def test_adam_update_before_any_step_names_the_step_count(build):
    optimizer = build([nn.Parameter(np.ones(3))])
    with pytest.raises(RuntimeError, match="update needs the step count t = steps >= 1.*got steps=0"):
        optimizer.update(np.ones(3), np.ones(3), optimizer.state[0])
    optimizer.steps = -5
    with pytest.raises(RuntimeError, match="got steps=-4"):
        optimizer.step()


@pytest.mark.parametrize("build", [optim.AdaGrad, optim.RMSProp, optim.Adam, optim.AdamW])
@pytest.mark.parametrize("eps, what", [(1e-50, "rounds to 0"), (1e-300, "rounds to 0"), (1e39, "overflows")])
def test_adaptive_optimizers_refuse_an_eps_float32_cannot_hold(build, eps, what):
    with pytest.raises(ValueError, match=f"eps must be representable in float32.*{what}"):
        build([nn.Parameter(np.ones(3, np.float32))], eps=eps)
    parameter = nn.Parameter(np.ones(3))  # float64 holds it
    optimizer = build([parameter], eps=eps)
    parameter.grad[:] = [0.0, 1.0, -1.0]
    optimizer.step()
    assert np.isfinite(parameter.data).all()


@pytest.mark.parametrize("build", [optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam, optim.AdamW])
def test_optimizers_refuse_hyper_parameters_beyond_float32(build):
    params = [nn.Parameter(np.ones(3, np.float32))]
    with pytest.raises(ValueError, match="weight_decay must be representable in float32.*overflows"):
        build(params, lr=0.1, weight_decay=1e39)
    with pytest.raises(ValueError, match="lr must be representable in float32.*got 1e\\+39"):
        build(params, lr=1e39)
    optimizer = build(params, lr=0.1)
    with pytest.raises(ValueError, match="lr must be representable in float32"):
        optimizer.lr = 1e39
    assert optimizer.lr == 0.1


def test_clip_grad_value_with_a_clip_beyond_float32():
    parameter = nn.Parameter(np.zeros(3, np.float32))
    parameter.grad[:] = [3e38, -1.0, 0.5]
    optim.clip_grad_value([parameter], 1e300)
    assert np.array_equal(parameter.grad, np.array([3e38, -1.0, 0.5], np.float32))


# ----------------------------------------------------------------- lr_scheduler


def _sgd(lr=0.1):
    return optim.SGD([nn.Parameter(np.ones(2))], lr=lr)


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=0.5), lr_scheduler.LR_FLOOR),
        (lambda o: lr_scheduler.ExponentialLR(o, gamma=0.5), lr_scheduler.LR_FLOOR),
        (lambda o: lr_scheduler.InverseTimeLR(o, decay=0.5), lr_scheduler.LR_FLOOR),
        (lambda o: lr_scheduler.InverseTimeLR(o, decay=0.0), 0.1),
        (lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5), 0.1),  # 10**400 is a multiple of 2 * T_max
        (  # after's epoch 10**400 - 3 is 5 modulo 2 * T_max
            lambda o: lr_scheduler.LinearWarmup(o, 3, after=lr_scheduler.CosineAnnealingLR(o, T_max=4)),
            0.1 * (1 + math.cos(math.pi * 5 / 4)) / 2,
        ),
    ],
)
def test_schedulers_at_an_epoch_beyond_the_float_range(make, expected):
    scheduler = make(_sgd())
    assert scheduler.lr_at(10**400) == pytest.approx(expected, rel=1e-12)
    scheduler.load_state_dict({"last_epoch": 10**400, "base_lr": 0.1})
    assert scheduler.optimizer.lr == pytest.approx(expected, rel=1e-12)


def test_schedulers_with_sizes_beyond_the_float_range():
    assert lr_scheduler.CosineAnnealingLR(_sgd(), T_max=10**400).lr_at(5) == 0.1
    warmup = lr_scheduler.LinearWarmup(_sgd(), 10**400, start_factor=0.5)
    assert warmup.lr_at(5) == 0.05
    assert warmup.lr_at(10**400 // 2) == pytest.approx(0.075, rel=1e-12)


def test_cosine_annealing_near_the_largest_float():
    # (base_lr - eta_min) * (1 + cos) overflows, the rate itself does not
    scheduler = lr_scheduler.CosineAnnealingLR(_sgd(1.7e308), T_max=3)
    assert scheduler.optimizer.lr == 1.7e308
    assert scheduler.lr_at(3) == lr_scheduler.LR_FLOOR
    assert math.isclose(scheduler.lr_at(1), 1.7e308 * 0.75, rel_tol=1e-12)


def test_cosine_annealing_unchanged_for_ordinary_epochs():
    scheduler = lr_scheduler.CosineAnnealingLR(_sgd(), T_max=7, eta_min=0.001)
    for epoch in range(30):
        assert scheduler.lr_at(epoch) == max(
            0.001 + (0.1 - 0.001) * (1.0 + math.cos(math.pi * epoch / 7)) / 2.0, lr_scheduler.LR_FLOOR
        )


# ----------------------------------------------------------------- train


def test_early_stopping_accepts_an_int_beyond_the_float_range():
    stopper = EarlyStopping(patience=2)
    assert stopper.should_stop(1.0) is False
    assert stopper.should_stop(10**400) is False
    assert stopper.should_stop(10**400) is True
    assert stopper.best_loss == 1.0


@pytest.mark.parametrize("returned", [10**400, float("nan"), math.inf, np.float32("nan")])
def test_train_step_refuses_a_non_finite_hook_value_before_the_update(returned):
    model = nn.Linear(3, 2, seed=0)
    before = model.W.data.copy()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="before_update must return the loss value, a finite real number"):
        train_step(model, "mse", optimizer, X, np.zeros((7, 2)), before_update=lambda value, output: returned)
    assert np.array_equal(model.W.data, before)


def _bn_model():
    return nn.Sequential(nn.Linear(3, 4, seed=0), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2, seed=1))


@pytest.mark.parametrize(
    "n, batch_size, match",
    [
        (7, 2, "batch_size=2 leaves a last batch of 1 sample out of n_samples=7"),
        (7, 3, "batch_size=3 leaves a last batch of 1 sample"),
        (7, 1, "batch_size=1 gives batches of 1 sample"),
        (1, None, "X holds a single sample"),
    ],
)
def test_fit_refuses_a_batch_of_one_sample_for_batch_norm_before_any_update(n, batch_size, match):
    model = _bn_model()
    before = model.state_dict()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=match + ".*BatchNorm1d"):
        fit(model, "cross_entropy", optimizer, X[:n], Y[:n], epochs=1, batch_size=batch_size)
    after = model.state_dict()
    assert all(np.array_equal(before[key], after[key]) for key in before)


def test_fit_batch_norm_with_batches_of_two_or_more_and_single_samples_without_batch_norm():
    model = _bn_model()
    history = fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X, Y, epochs=1, batch_size=4)
    assert history.epochs_run == 1
    plain = nn.Sequential(nn.Linear(3, 2, seed=0))
    history = fit(plain, "cross_entropy", optim.SGD(plain.parameters(), lr=0.1), X, Y, epochs=1, batch_size=2)
    assert history.epochs_run == 1


def test_fit_names_a_callback_returning_an_array():
    model = nn.Sequential(nn.Linear(3, 2, seed=0))
    with pytest.raises(TypeError, match=r"callbacks\[1\] must return True \(stop\), False or None, got array"):
        fit(
            model,
            "cross_entropy",
            optim.SGD(model.parameters(), lr=0.1),
            X,
            Y,
            epochs=2,
            callbacks=[lambda e, h, m: None, lambda e, h, m: np.array([1, 2])],
        )


def test_fit_accepts_a_numpy_matrix():
    model = nn.Sequential(nn.Linear(3, 2, seed=0))
    expected = nn.Sequential(nn.Linear(3, 2, seed=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # numpy's note on np.matrix itself
        matrix = np.matrix(X)
    fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), matrix, Y, epochs=2, shuffle=False)
    fit(expected, "cross_entropy", optim.SGD(expected.parameters(), lr=0.1), X, Y, epochs=2, shuffle=False)
    assert np.array_equal(model[0].W.data, expected[0].W.data)


def test_fit_reports_an_overflowing_penalty_as_divergence():
    model = nn.Sequential(nn.Linear(3, 2, init="zeros"))
    model[0].W.data[...] = 1e10
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    with pytest.warns(Warning, match="training diverged in epoch 1 .*the L1/L2 penalty"):
        history = fit(model, "cross_entropy", optimizer, X, Y, epochs=2, l2=1e308)
    assert history.diverged_at == 1 and np.array_equal(model[0].W.data, np.full((3, 2), 1e10))


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda big: optim.SGD(nn.Linear(2, 2).parameters(), lr=big), "lr"),
        (lambda big: optim.Adam(nn.Linear(2, 2).parameters(), eps=big), "eps"),
        (lambda big: nn.Dropout(p=big), "p"),
        (lambda big: nn.LeakyReLU(alpha=big), "alpha"),
        (lambda big: EarlyStopping(min_delta=big), "min_delta"),
    ],
)
def test_a_python_integer_beyond_the_largest_float_is_refused_naming_the_argument(make, name) -> None:
    # before: OverflowError "int too large to convert to float" from float(value)
    with pytest.raises(ValueError, match=rf"{name} must .*integer of 401 digits"):
        make(10**400)
