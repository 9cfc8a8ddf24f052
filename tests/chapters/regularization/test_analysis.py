"""Tests of mlcourse.chapters.regularization.analysis: the chapter's data and runs, soft thresholding,
proximal L1, weight counts, trackers, dropout average."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import data, nn, optim, train
from mlcourse.chapters.regularization.analysis import (
    N_TRAIN,
    N_VAL,
    LossTracker,
    ProximalSGD,
    chapter_digits,
    chapter_moons,
    dropout_average,
    few_digits,
    moons_run,
    soft_threshold,
    train_digits,
    train_moons,
    train_penalized,
    weight_values,
    zero_fraction,
)


def test_soft_threshold_is_the_argmin_of_the_l1_proximal_problem():
    # oracle: brute-force minimisation of 0.5 (w - x)^2 + t |w| on a fine grid
    grid = np.linspace(-5, 5, 200001)
    for x in (-3.0, -0.7, -0.2, 0.0, 0.4, 1.3, 4.0):
        for t in (0.0, 0.5, 1.0):
            objective = 0.5 * (grid - x) ** 2 + t * np.abs(grid)
            assert soft_threshold([x], t)[0] == pytest.approx(grid[np.argmin(objective)], abs=1e-4)


def test_soft_threshold_hand_values_dtype_and_errors():
    np.testing.assert_array_equal(soft_threshold([-2.0, -1.0, 0.5, 3.0], 1.0), [-1.0, 0.0, 0.0, 2.0])
    assert soft_threshold(np.ones(3, dtype=np.float32), 0.5).dtype == np.float32
    with pytest.raises(ValueError, match="threshold"):
        soft_threshold([1.0], -0.1)


def _quadratic_problem(target, lr, l1, steps, optimizer_class):
    """Minimise 0.5 ||w - target||^2 + l1 |w|_1 with one optimizer; return w."""
    w = nn.Parameter(np.zeros_like(target), "W")
    opt = optimizer_class([w], lr)
    for _ in range(steps):
        opt.zero_grad()
        w.grad[...] = w.data - target
        if optimizer_class is optim.SGD:
            w.grad[...] += l1 * np.sign(w.data)  # the subgradient, as fit(l1=...) does
        opt.step()
    return w.data


def test_proximal_sgd_reaches_exact_zeros_where_subgradient_descent_hovers():
    target = np.array([2.0, -1.5, 0.3, -0.2, 0.05])
    l1 = 0.5
    expected = soft_threshold(target, l1)  # the exact minimiser
    prox = _quadratic_problem(target, 0.3, l1, 200, lambda params, lr: ProximalSGD(params, lr, l1=l1))
    np.testing.assert_allclose(prox, expected, atol=1e-12)
    assert np.count_nonzero(prox == 0) == 3
    sub = _quadratic_problem(target, 0.3, l1, 200, optim.SGD)
    np.testing.assert_allclose(sub[:2], expected[:2], atol=1e-9)
    small = sub[2:]
    assert np.count_nonzero(small == 0) == 0  # never exactly zero ...
    # ... but jumping across it, within one step length lr * (l1 + |target|) of it
    assert np.all(np.abs(small) <= 0.3 * (l1 + np.abs(target[2:])) + 1e-12)


def test_proximal_sgd_leaves_biases_alone_and_reports_hyper_parameters():
    W, b = nn.Parameter(np.array([0.1, 1.0]), "W"), nn.Parameter(np.array([0.1]), "b")
    opt = ProximalSGD([W, b], lr=0.1, l1=2.0)
    W.grad[...] = 0.0
    b.grad[...] = 0.0
    opt.step()
    np.testing.assert_allclose(W.data, [0.0, 0.8])
    np.testing.assert_allclose(b.data, [0.1])
    assert repr(opt) == "ProximalSGD(lr=0.1, l1=2)"
    with pytest.raises(ValueError, match="l1"):
        ProximalSGD([W], lr=0.1, l1=-1.0)


def test_proximal_sgd_with_fit_zeroes_irrelevant_features():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 6))
    y = X[:, 0] * 2.0 - X[:, 1] + 0.01 * rng.standard_normal(200)  # features 2..5 are irrelevant
    model = nn.Sequential(nn.Linear(6, 1, seed=0))
    train.fit(model, "mse", ProximalSGD(model.parameters(), lr=0.05, l1=0.05), X, y.reshape(-1, 1), epochs=300)
    weights = model[0].W.data[:, 0]
    assert np.all(weights[2:] == 0.0)
    assert weights[0] > 1.5 and weights[1] < -0.5


def test_weight_values_and_zero_fraction():
    model = nn.Sequential(nn.Linear(2, 3, init="zeros"), nn.ReLU(), nn.Linear(3, 1, init="zeros"))
    model[0].W.data[0, 0] = 1.0
    model[0].b.data[:] = 5.0  # biases are not weights
    values = weight_values(model)
    assert values.shape == (9,) and values.sum() == 1.0
    assert zero_fraction(model) == pytest.approx(8 / 9)
    assert zero_fraction([1e-4, -2e-3, 0.5], tol=1e-3) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="no weight"):
        weight_values(nn.Sequential(nn.ReLU()))
    with pytest.raises(ValueError, match="tol"):
        zero_fraction([1.0], tol=-1)


def test_loss_tracker_records_evaluation_mode_loss():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 3))
    y = (X[:, 0] > 0).astype(int)
    model = nn.Sequential(nn.Linear(3, 16, seed=0), nn.ReLU(), nn.Dropout(0.5, seed=1), nn.Linear(16, 2, seed=2))
    tracker = LossTracker("cross_entropy", X, y)
    history = train.fit(
        model, "cross_entropy", optim.Adam(model.parameters(), lr=0.01), X, y, epochs=20, callbacks=[tracker], l2=0.01
    )
    assert len(tracker.losses) == len(tracker.accuracies) == 20
    final_loss, final_accuracy = train.evaluate(model, "cross_entropy", X, y)
    assert tracker.losses[-1] == pytest.approx(final_loss)
    assert tracker.accuracies[-1] == pytest.approx(final_accuracy)
    # history.train_loss is measured with dropout on and the penalty added: higher here
    assert history.train_loss[-1] > tracker.losses[-1]


def test_dropout_average_converges_to_evaluation_output_for_a_linear_read_out():
    # E[mask / (1 - p)] = 1, so for Linear -> Dropout -> Linear the average output is the eval output
    model = nn.Sequential(nn.Linear(3, 50, seed=0), nn.Dropout(0.5, seed=1), nn.Linear(50, 2, seed=2))
    X = np.random.default_rng(2).standard_normal((4, 3))
    expected = model.eval()(X)
    model.train()
    average = dropout_average(model, X, n_masks=4000, probabilities=False, seed=0)
    np.testing.assert_allclose(average, expected, atol=0.05)
    assert model.training  # mode restored
    probs = dropout_average(model, X, n_masks=10, seed=0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    # the same seed gives the same average, and the layer's own generator is untouched
    state = model[1].rng.bit_generator.state
    np.testing.assert_array_equal(
        dropout_average(model, X, n_masks=5, seed=3), dropout_average(model, X, n_masks=5, seed=3)
    )
    assert model[1].rng.bit_generator.state == state


def test_dropout_average_needs_dropout():
    with pytest.raises(ValueError, match="Dropout"):
        dropout_average(nn.Sequential(nn.Linear(2, 2)), np.ones((1, 2)))


def test_chapter_moons_and_digits():
    X_train, y_train, X_val, y_val = chapter_moons()
    assert X_train.shape == (N_TRAIN, 2) and X_val.shape == (N_VAL, 2)
    assert set(np.unique(y_train)) == set(np.unique(y_val)) == {0, 1}
    assert not np.array_equal(X_train, X_val[:N_TRAIN])  # two independent samples
    Xd_train, Xd_val, Xd_test, yd_train, yd_val, yd_test = chapter_digits()
    n_test = math.ceil(0.3 * 1797)  # scikit-learn's sizes: ceil for the held-out part
    n_val = math.ceil(0.2 * (1797 - n_test))
    assert (len(Xd_train), len(Xd_val), len(Xd_test)) == (1797 - n_test - n_val, n_val, n_test) == (1005, 252, 540)
    assert Xd_train.min() == 0.0 and Xd_train.max() == 1.0
    per_class = np.bincount(yd_train) + np.bincount(yd_val) + np.bincount(yd_test)
    assert np.all(np.abs(np.bincount(yd_test) - 0.3 * per_class) <= 1)  # stratified: 30% of every digit
    assert np.all(np.abs(np.bincount(yd_val) - 0.2 * (np.bincount(yd_train) + np.bincount(yd_val))) <= 1)
    # the test part is the chapter's 7:3 split of the digits, untouched by the validation split
    X_all, y_all = data.load_digits()
    X_rest, X_test, _, _ = data.train_test_split(X_all / 16.0, y_all, test_size=0.3, seed=0, stratify=y_all)
    np.testing.assert_array_equal(Xd_test, X_test)
    assert sorted(map(bytes, np.vstack([Xd_train, Xd_val]))) == sorted(map(bytes, X_rest))


def test_train_moons_tracks_the_original_points_and_validates_on_the_chapter_set():
    X_train, y_train, X_val, y_val = chapter_moons()
    X_aug, y_aug = data.add_gaussian_jitter(X_train, y_train, copies=2, std=0.1, seed=0)
    model, history, tracker = train_moons(X_aug, y_aug, hidden=4, epochs=5)
    assert [type(layer).__name__ for layer in model] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert history.epochs_run == len(tracker.losses) == 5
    assert tracker.losses[-1] == pytest.approx(train.evaluate(model, "cross_entropy", X_train, y_train)[0])
    assert history.val_loss[-1] == pytest.approx(train.evaluate(model, "cross_entropy", X_val, y_val)[0])
    stopper = train.EarlyStopping(patience=1)
    _, stopped, _ = train_moons(X_train, y_train, hidden=32, early_stopping=stopper)
    assert stopped.stopped_early_at is not None and stopped.epochs_run < 150


def test_moons_run_is_a_cached_train_moons_on_n_train_points():
    model, history, tracker = moons_run(4, 0.003, 0.2, epochs=5)
    assert moons_run(4, l2=0.003, dropout=0.2, epochs=5)[0] is model  # one cache entry per setting
    X_train, y_train = chapter_moons()[:2]
    _, again, again_tracker = train_moons(X_train, y_train, hidden=4, l2=0.003, dropout=0.2, epochs=5)
    assert again.val_loss == history.val_loss and again_tracker.losses == tracker.losses
    _, _, more = moons_run(4, n_train=80, epochs=2)
    X_80, y_80 = data.make_moons(80, noise=0.35, seed=1)
    assert more.losses[-1] == pytest.approx(
        train.evaluate(moons_run(4, n_train=80, epochs=2)[0], "cross_entropy", X_80, y_80)[0]
    )


def test_few_digits_takes_the_first_of_each_class_from_the_training_split():
    X_train, _, _, y_train, _, _ = chapter_digits()
    X, y = few_digits(3)
    assert X.shape == (30, 64) and np.bincount(y).tolist() == [3] * 10
    for digit in range(10):
        first = np.flatnonzero(y_train == digit)[:3]
        np.testing.assert_array_equal(X[y == digit], X_train[first])
    with pytest.raises(ValueError, match="per_class"):
        few_digits(0)


def test_train_digits_builds_the_network_and_records_validation_only_when_asked():
    X, y = few_digits(2)
    net, history = train_digits(X, y, sizes=(64, 8, 10), dropout=0.5, epochs=4, validation=(X, y))
    assert [type(layer).__name__ for layer in net] == ["Linear", "ReLU", "Dropout", "Linear"]
    assert len(history.train_loss) == len(history.val_loss) == 4
    again, _ = train_digits(X, y, sizes=(64, 8, 10), dropout=0.5, epochs=4)
    np.testing.assert_array_equal(again[0].W.data, net[0].W.data)  # seeded: the same run
    _, quiet = train_digits(X, y, sizes=(64, 8, 10), epochs=2)
    assert quiet.val_loss == []
    assert train_digits(X, y, epochs=30)[1].train_loss[-1] < 0.5 * quiet.train_loss[0]  # it learns


def test_train_penalized_penalties_act_as_the_chapter_says():
    plain = weight_values(train_penalized(epochs=2))
    decayed = weight_values(train_penalized(l2=0.05, epochs=2))
    subgradient = weight_values(train_penalized(l1=0.001, epochs=2))
    proximal = weight_values(train_penalized(proximal_l1=0.001, epochs=2))
    assert zero_fraction(plain) == zero_fraction(decayed) == zero_fraction(subgradient) == 0.0
    assert zero_fraction(proximal) > 0.005
    assert np.abs(decayed).mean() < np.abs(plain).mean()
    # the same seed and batches: without a penalty the run is the plain one
    np.testing.assert_array_equal(weight_values(train_penalized(epochs=2)), plain)
