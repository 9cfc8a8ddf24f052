"""mlcourse.chapters.optimizers.analysis: the notes' momentum, effective step sizes, Adam's bias correction, races.

Oracles: closed forms for constant gradients (geometric sums), an independent
implementation of the notes' momentum, the surfaces' own gradient descent,
and hand values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.optimizers.analysis import (
    OPTIMIZER_NAMES,
    adam_first_steps,
    best_learning_rate,
    digits_comparison,
    epsilon_placement,
    first_step_below,
    notes_momentum_path,
    optimizer_steps,
    race,
    surface_race,
)
from mlcourse.surfaces import (
    DoubleWell1D,
    IllConditionedBowl,
    optimize_path,
)


@pytest.mark.parametrize(
    "surface, start", [("bowl", (-8.0, 3.0)), ("rosenbrock", (-1.5, 2.0)), ("himmelblau", (0.0, 0.0))]
)
@pytest.mark.parametrize("lr, momentum", [(0.001, 0.9), (0.0005, 0.5)])
def test_notes_momentum_visits_the_same_points_as_the_torch_form(surface, start, lr, momentum):
    notes = notes_momentum_path(surface, start, lr, momentum, 150)
    torch_form = optimize_path(surface, "momentum", start, 150, lr=lr, momentum=momentum)
    assert torch_form.diverged_at is None
    np.testing.assert_allclose(notes, torch_form.path, rtol=1e-10, atol=1e-12)


def test_notes_momentum_rejects_bad_input():
    with pytest.raises(ValueError):
        notes_momentum_path("bowl", (1.0, 1.0), 0.1, 1.0, 5)
    with pytest.raises(ValueError):
        notes_momentum_path("bowl", (1.0, 1.0, 1.0), 0.1, 0.5, 5)
    with pytest.raises(TypeError):
        notes_momentum_path("quadratic1d", (1.0, 1.0), 0.1, 0.5, 5)


def test_momentum_can_roll_over_the_bump_of_the_double_well():
    well = DoubleWell1D()
    global_min, local_min = well.minima
    assert optimize_path(well, "sgd", 2.0, 500, lr=0.02).path[-1] == pytest.approx(local_min, abs=1e-6)
    assert optimize_path(well, "momentum", 2.0, 500, lr=0.02).path[-1] == pytest.approx(global_min, abs=1e-6)
    # ... but not from every start: from 1.5 it does not gather enough speed
    assert optimize_path(well, "momentum", 1.5, 500, lr=0.02).path[-1] == pytest.approx(local_min, abs=1e-6)


def test_sgd_and_adagrad_steps_under_a_constant_gradient():
    steps = 50
    g = np.full(steps, 2.0)
    np.testing.assert_allclose(optimizer_steps("sgd", g, lr=0.1), -0.2)
    t = np.arange(1, steps + 1)
    # G_t = t g^2: step = lr g / (sqrt(t) |g| + eps)
    np.testing.assert_allclose(optimizer_steps("adagrad", g, lr=0.1), -0.1 * 2.0 / (np.sqrt(t) * 2.0 + 1e-10))


def test_momentum_reaches_the_terminal_step_lr_over_one_minus_mu():
    changes = optimizer_steps("momentum", np.ones(200), lr=0.01, momentum=0.9)
    t = np.arange(1, 201)
    np.testing.assert_allclose(changes, -0.01 * (1 - 0.9**t) / (1 - 0.9))
    assert changes[-1] == pytest.approx(-0.1, rel=1e-8)


def test_rmsprop_first_step_is_too_large_without_bias_correction_and_adam_is_not():
    rms = optimizer_steps("rmsprop", [3.0, 3.0], lr=0.01)
    assert rms[0] == pytest.approx(-0.01 / math.sqrt(1 - 0.99), rel=1e-6)  # 10 x lr
    adam = optimizer_steps("adam", [3.0, 3.0], lr=0.01)
    assert adam[0] == pytest.approx(-0.01, rel=1e-6)


@pytest.mark.parametrize("scale", [1e-2, 1.0, 1e3])  # |g| well above eps
def test_adaptive_first_steps_do_not_depend_on_the_gradient_scale(scale):
    grads = np.array([[scale, 1e-2 * scale]])
    for name, expected in (("adagrad", 0.1), ("adam", 0.1)):
        np.testing.assert_allclose(optimizer_steps(name, grads, lr=0.1), [[-expected, -expected]], rtol=1e-4)


def test_optimizer_steps_rejects_bad_input():
    with pytest.raises(ValueError):
        optimizer_steps("newton", [1.0], lr=0.1)
    with pytest.raises(ValueError):
        optimizer_steps("sgd", [], lr=0.1)


def test_adam_moments_and_bias_correction():
    rows = adam_first_steps(2.0, 6, lr=0.01)
    for row in rows:
        t = row["t"]
        assert row["m"] == pytest.approx((1 - 0.9**t) * 2.0)
        assert row["v"] == pytest.approx((1 - 0.999**t) * 4.0)
        assert row["m_hat"] == pytest.approx(2.0) and row["v_hat"] == pytest.approx(4.0)
        assert row["step"] == pytest.approx(-0.01 * 2.0 / (2.0 + 1e-8))
    assert rows[0]["m"] == pytest.approx(0.2)  # uncorrected: a tenth of the gradient


def test_epsilon_placement_by_hand():
    factors = epsilon_placement([1.0, 1e-8, 1e-12, 0.0], eps=1e-8)
    np.testing.assert_allclose(factors["outside"], [1 / (1 + 1e-8), 1 / (1e-4 + 1e-8), 1 / (1e-6 + 1e-8), 1e8])
    np.testing.assert_allclose(
        factors["inside"], [1 / math.sqrt(1 + 1e-8), 1 / math.sqrt(2e-8), 1 / math.sqrt(1e-8 + 1e-12), 1e4]
    )
    assert abs(factors["ratio"][0] - 1) < 1e-8
    assert factors["ratio"][-1] == pytest.approx(1e-4)
    with pytest.raises(ValueError):
        epsilon_placement([-1.0])


def test_race_same_start_and_the_bowl_theory():
    bowl = IllConditionedBowl(a=1.0, b=25.0)
    results = race(bowl, (-8.0, 3.0), 0.1, 100)
    assert list(results) == list(OPTIMIZER_NAMES)
    assert all(np.allclose(run.path[0], (-8.0, 3.0)) for run in results.values())
    assert results["sgd"].diverged_at is not None  # 0.1 > 2 / 25
    assert results["momentum"].diverged_at is None  # 0.1 < 2 (1 + 0.9) / 25
    for name in ("adagrad", "rmsprop", "adam"):
        assert results[name].diverged_at is None
    per_optimizer = race(bowl, (-8.0, 3.0), {"sgd": 0.01, "momentum": 0.01}, 10, names=("sgd", "momentum"))
    assert list(per_optimizer) == ["sgd", "momentum"]


def test_surface_race_is_the_race_from_the_named_start_and_is_cached():
    runs = surface_race("himmelblau", "B", 0.001)
    assert runs is surface_race("himmelblau", "B", 0.001)
    assert list(runs) == list(OPTIMIZER_NAMES)
    for run in runs.values():
        assert np.allclose(run.path[0], (-1.0, 4.0)) and run.diverged_at is None and len(run.path) == 201
    with pytest.raises(ValueError, match="surface"):
        surface_race("moon", "A", 0.01)
    with pytest.raises(ValueError, match="start"):
        surface_race("bowl", "C", 0.01)


def test_best_learning_rate_skips_diverged_runs():
    bowl = IllConditionedBowl(a=1.0, b=25.0)
    rate, run = best_learning_rate(bowl, "sgd", (-8.0, 3.0), 100, [0.001, 0.01, 0.07, 0.1, 0.3])
    assert rate == 0.07 and run.diverged_at is None
    with pytest.raises(ValueError, match="diverged"):
        best_learning_rate(bowl, "sgd", (-8.0, 3.0), 100, [0.3])
    with pytest.raises(ValueError):
        best_learning_rate(bowl, "sgd", (-8.0, 3.0), 100, [])


def test_first_step_below():
    assert first_step_below([5.0, 4.0, -1.0], 0.0) == 2
    assert first_step_below([5.0, 4.0], 0.0) is None


def test_digits_comparison_memory_and_same_start():
    runs = digits_comparison([(name, 0.01) for name in OPTIMIZER_NAMES], epochs=1)
    states = {name: run.state_floats / run.n_parameters for (name, _), run in runs.items()}
    assert states == {"sgd": 0, "momentum": 1, "adagrad": 1, "rmsprop": 1, "adam": 2}
    assert runs[("sgd", 0.01)].n_parameters == 65 * 32 + 33 * 10
    for run in runs.values():
        assert run.history.epochs_run == 1 and len(run.history.val_accuracy) == 1
    by_name = digits_comparison({"adam": 0.01}, epochs=1)
    assert list(by_name) == ["adam"]
    # same data, weights and batches: the same runs give the same numbers
    assert by_name["adam"].history.train_loss == runs[("adam", 0.01)].history.train_loss


def test_effective_rates_follow_each_rule():
    from mlcourse.chapters.optimizers.analysis import effective_rates
    from mlcourse.chapters.optimizers.plots import effective_rates_figure

    rates = effective_rates(lr=0.01, steps=400, switch=100)
    constant, phases = rates.constant, rates.phases
    assert np.allclose(constant["sgd"], 0.01) and np.allclose(constant["adam"], 0.01)
    assert np.allclose(constant["adagrad"], 0.01 / np.sqrt(np.arange(1, 401)))  # lr / (|g| sqrt(t))
    assert constant["rmsprop"][0] == pytest.approx(0.1)  # s = 0.01 g**2 after one step: 10 lr
    assert constant["momentum"][-1] == pytest.approx(0.1, rel=1e-6)  # lr / (1 - mu)
    assert np.allclose(phases["sgd"], 0.01)
    # AdaGrad after the switch: lr / sqrt(100 * 10**2 + k * 0.1**2), far below lr / 0.1
    assert phases["adagrad"][100] == pytest.approx(0.01 / np.sqrt(100 * 100 + 0.01), rel=1e-6)
    assert len(effective_rates_figure(rates).axes) == 2
    with pytest.raises(ValueError, match="switch"):
        effective_rates(steps=10, switch=10)


class _StopBeforeTraining(Exception):
    pass


class _KeepPixels:
    """A Standardizer stand-in that leaves its input alone, so the rows' tags survive."""

    def fit(self, X):
        return self

    def transform(self, X):
        return X


@pytest.mark.parametrize("seed", [0, 3])
def test_digits_comparison_never_sees_the_capstone_test_images(monkeypatch, seed):
    # Chapter 14's locked test set must not score chapter 9's choices: tag every image with its
    # row number, catch the data digits_comparison hands to fit, and compare the images by content.
    from mlcourse.chapters.capstone_digits.analysis import digits_split
    from mlcourse.chapters.optimizers import analysis
    from mlcourse.data import load_digits

    X, y = load_digits()
    tags = np.repeat(np.arange(len(X), dtype=float)[:, None], X.shape[1], axis=1)
    caught = {}

    def catching_fit(model, loss, optimizer, X_train, y_train, *, validation_data, **kwargs):
        caught["train"] = X_train[:, 0].astype(int)
        caught["val"] = validation_data[0][:, 0].astype(int)
        raise _StopBeforeTraining

    monkeypatch.setattr(analysis, "load_digits", lambda: (tags, y))
    monkeypatch.setattr(analysis, "Standardizer", _KeepPixels)
    monkeypatch.setattr(analysis, "fit", catching_fit)
    with pytest.raises(_StopBeforeTraining):
        digits_comparison({"sgd": 0.1}, epochs=1, seed=seed)

    X_capstone_train, X_capstone_test, _, _ = digits_split()
    test_images = {row.tobytes() for row in X_capstone_test}
    train_images = {row.tobytes() for row in X_capstone_train}
    val_images = [X[i].tobytes() for i in caught["val"]]
    fit_images = [X[i].tobytes() for i in caught["train"]]
    assert len(test_images & set(val_images)) == 0, "validation images taken from the capstone's test set"
    assert len(test_images & set(fit_images)) == 0, "training images taken from the capstone's test set"
    assert (len(fit_images), len(val_images)) == (1149, 288)
    assert set(fit_images) | set(val_images) == train_images  # the capstone's training part, all of it
    assert not set(fit_images) & set(val_images)
