"""The training loop against hand-written gradient descent, and its safety features."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse import data, losses, nn, optim
from mlcourse.models import TrainingDiverged
from mlcourse.train import EarlyStopping, History, add_penalty_gradients, evaluate, fit


def mlp(n_in, hidden, n_out, seed, activation=nn.ReLU, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return nn.Sequential(
        nn.Linear(n_in, hidden, rng=rng, dtype=dtype), activation(), nn.Linear(hidden, n_out, rng=rng, dtype=dtype)
    )


def linear_model(n_in):
    return nn.Sequential(nn.Linear(n_in, 1, init="zeros"))


@pytest.fixture(scope="module")
def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.normal(size=10)
    return X, y


def hand_gradient_descent(X, y, lr, epochs, batch_size=None, l1=0.0, l2=0.0):
    """Mini-batch gradient descent on the MSE of a linear model, written out by hand."""
    w, b = np.zeros(X.shape[1]), 0.0
    size = batch_size or len(X)
    step_losses, norms = [], []
    for _ in range(epochs):
        for start in range(0, len(X), size):
            xb, yb = X[start : start + size], y[start : start + size]
            residual = xb @ w + b - yb
            grad_w = 2 / len(xb) * xb.T @ residual + l2 * w + l1 * np.sign(w)
            grad_b = 2 / len(xb) * residual.sum()
            step_losses.append(np.mean(residual**2) + l2 / 2 * w @ w + l1 * np.abs(w).sum())
            norms.append((np.linalg.norm(grad_w), abs(grad_b)))
            w, b = w - lr * grad_w, b - lr * grad_b
    return w, b, np.array(step_losses), np.array(norms)


@pytest.mark.parametrize("batch_size", [None, 4, 1])
def test_linear_model_follows_hand_written_gradient_descent(regression_data, batch_size):
    X, y = regression_data
    model = linear_model(3)
    history = fit(
        model, "mse", optim.SGD(model.parameters(), lr=0.05), X, y, epochs=5, batch_size=batch_size, shuffle=False
    )
    w, b, step_losses, _ = hand_gradient_descent(X, y, 0.05, 5, batch_size)
    np.testing.assert_allclose(model[0].W.data[:, 0], w, rtol=1e-12)
    np.testing.assert_allclose(model[0].b.data, [b], rtol=1e-12)
    np.testing.assert_allclose(history.step_losses, step_losses, rtol=1e-12)
    n_steps = {None: 1, 4: 3, 1: 10}[batch_size]
    assert len(history.step_losses) == 5 * n_steps and history.epochs_run == 5
    sizes = {None: [10], 4: [4, 4, 2], 1: [1] * 10}[batch_size]
    first_epoch = np.dot(step_losses[:n_steps], sizes) / 10  # weighted by batch size
    assert history.train_loss[0] == pytest.approx(first_epoch, rel=1e-12)


def test_l1_l2_penalties_apply_to_weights_not_biases(regression_data):
    X, y = regression_data
    model = linear_model(3)
    history = fit(model, "mse", optim.SGD(model.parameters(), lr=0.05), X, y, epochs=20, l1=0.03, l2=0.4)
    w, b, step_losses, _ = hand_gradient_descent(X, y, 0.05, 20, l1=0.03, l2=0.4)
    np.testing.assert_allclose(model[0].W.data[:, 0], w, rtol=1e-12)
    np.testing.assert_allclose(model[0].b.data, [b], rtol=1e-12)
    np.testing.assert_allclose(history.train_loss, step_losses, rtol=1e-12)
    assert history.train_penalty[0] == 0.0 and history.train_penalty[-1] > 0  # starts from W = 0


def test_add_penalty_gradients_hand_values_and_bad_input():
    W = nn.Parameter(np.array([[3.0, -0.5], [0.0, 2.0]]), "W")
    W.grad[...] = 1.0  # the data gradient is kept: the penalty's gradient is added to it
    value = add_penalty_gradients([W], l1=0.2, l2=0.5)
    assert value == pytest.approx(0.2 * 5.5 + 0.25 * (9 + 0.25 + 4))
    np.testing.assert_allclose(W.grad, 1.0 + 0.2 * np.sign(W.data) + 0.5 * W.data)
    assert W.grad[1, 0] == 1.0  # sign(0) = 0: no L1 push on an exact zero
    assert add_penalty_gradients([W]) == 0.0  # no coefficients, no penalty
    with pytest.raises(ValueError, match="l1"):
        add_penalty_gradients([W], l1=-0.1)
    with pytest.raises(TypeError, match="Parameter"):
        add_penalty_gradients([W.data], l2=0.1)


def test_grad_norms_per_parameter_match_hand_gradients(regression_data):
    X, y = regression_data
    model = linear_model(3)
    history = fit(
        model,
        "mse",
        optim.SGD(model.parameters(), lr=0.05),
        X,
        y,
        epochs=2,
        batch_size=5,
        shuffle=False,
        record_grad_norms=True,
    )
    _, _, _, norms = hand_gradient_descent(X, y, 0.05, 2, 5)
    assert [set(entry) for entry in history.grad_norms] == [{"0.W", "0.b"}] * 2
    assert history.grad_norms[1]["0.W"] == pytest.approx(norms[2:4, 0].mean(), rel=1e-12)  # mean over steps
    assert history.grad_norms[0]["0.b"] == pytest.approx(norms[0:2, 1].mean(), rel=1e-12)


def test_clip_norm_bounds_each_update(regression_data):
    X, y = regression_data
    model = linear_model(3)
    before = np.append(model[0].W.data[:, 0], model[0].b.data)
    fit(model, "mse", optim.SGD(model.parameters(), lr=0.1), X, 10 * y, epochs=1, clip_norm=0.5)
    after = np.append(model[0].W.data[:, 0], model[0].b.data)
    assert np.linalg.norm(after - before) == pytest.approx(0.1 * 0.5, rel=1e-5)


def test_clip_value_bounds_each_coordinate(regression_data):
    X, y = regression_data
    model = linear_model(3)
    fit(model, "mse", optim.SGD(model.parameters(), lr=0.1), X, 10 * y, epochs=1, clip_value=0.2)
    moved = np.append(model[0].W.data[:, 0], model[0].b.data)
    assert np.all(np.abs(moved) <= 0.1 * 0.2 + 1e-15) and np.any(np.abs(moved) == pytest.approx(0.02))


XOR = data.logic_gate("xor", labels="01")
MOONS = data.make_moons(200, noise=0.1, seed=0)


@pytest.mark.parametrize(
    "dataset, batch_size, epochs, lr",
    [
        ("xor", None, 150, 0.05),
        ("xor", 2, 75, 0.05),
        ("xor", 1, 40, 0.05),
        ("moons", None, 150, 0.05),
        ("moons", 32, 30, 0.02),
        ("moons", 1, 8, 0.01),
    ],
)
def test_mlp_learns_xor_and_moons_with_every_batch_size(dataset, batch_size, epochs, lr):
    X, y = XOR if dataset == "xor" else MOONS
    model = mlp(2, 32, 2, seed=0)
    history = fit(
        model,
        losses.CrossEntropyLoss(),
        optim.Adam(model.parameters(), lr=lr),
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        seed=0,
    )
    _, accuracy = evaluate(model, "cross_entropy", X, y)
    assert accuracy >= 0.95
    assert history.train_accuracy[-1] >= 0.9
    assert history.train_loss[-1] < history.train_loss[0]


def test_huge_learning_rate_stops_with_warning_and_finite_parameters():
    X, y = MOONS
    model = mlp(2, 16, 2, seed=0)
    with pytest.warns(TrainingDiverged, match="diverged in epoch"):
        history = fit(
            model, "cross_entropy", optim.SGD(model.parameters(), lr=1e6), X, y, epochs=50, batch_size=16, seed=0
        )
    assert history.diverged_at is not None and history.diverged_at <= 50
    assert history.epochs_run == history.diverged_at - 1
    assert history.diverged_step == len(history.step_losses) + 1
    assert all(math.isfinite(v) for v in history.step_losses)
    assert all(np.isfinite(p.data).all() for p in model.parameters())


def test_overflowing_update_restores_finite_parameters(regression_data):
    X, y = regression_data
    model = linear_model(3)
    with pytest.warns(TrainingDiverged):
        history = fit(model, "mse", optim.SGD(model.parameters(), lr=1e308), X, 1e3 * y, epochs=5)
    # the first update itself overflows (finite gradient times 1e308): back to the start of epoch 1
    assert (history.diverged_at, history.diverged_step, history.epochs_run) == (1, 1, 0)
    assert all(np.array_equal(p.data, np.zeros_like(p.data)) for p in model.parameters())


def test_same_seed_gives_bit_identical_histories():
    X, y = MOONS
    X_val, y_val = data.make_moons(60, noise=0.1, seed=1)

    def run(seed):
        model = nn.Sequential(nn.Linear(2, 16, seed=3), nn.ReLU(), nn.Dropout(0.2, seed=4), nn.Linear(16, 2, seed=5))
        history = fit(
            model,
            "cross_entropy",
            optim.Adam(model.parameters(), lr=0.01),
            X,
            y,
            epochs=4,
            batch_size=16,
            seed=seed,
            validation_data=(X_val, y_val),
            record_grad_norms=True,
        )
        return history, [p.data.copy() for p in model.parameters()]

    (first, weights_a), (second, weights_b), (other, _) = run(0), run(0), run(1)
    for name in ("train_loss", "val_loss", "train_accuracy", "val_accuracy", "step_losses"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert first.grad_norms == second.grad_norms
    for a, b in zip(weights_a, weights_b):
        np.testing.assert_array_equal(a, b)
    assert first.step_losses != other.step_losses  # the seed does change the shuffling


def test_validation_loss_is_evaluate_of_final_weights_and_mode_is_restored():
    X, y = MOONS
    X_val, y_val = data.make_moons(50, noise=0.1, seed=2)
    model = nn.Sequential(nn.Linear(2, 16, seed=0), nn.ReLU(), nn.Dropout(0.5, seed=1), nn.Linear(16, 2, seed=2))
    history = fit(
        model,
        "cross_entropy",
        optim.Adam(model.parameters(), lr=0.01),
        X,
        y,
        epochs=3,
        batch_size=32,
        seed=0,
        validation_data=(X_val, y_val),
    )
    assert model.training
    val_loss, val_accuracy = evaluate(model, "cross_entropy", X_val, y_val)
    assert model.training  # restored
    assert (val_loss, val_accuracy) == (history.val_loss[-1], history.val_accuracy[-1])
    assert evaluate(model, "cross_entropy", X_val, y_val) == (val_loss, val_accuracy)  # no dropout noise
    chunked = evaluate(model, "cross_entropy", X_val, y_val, batch_size=7)
    assert chunked[0] == pytest.approx(val_loss, rel=1e-12) and chunked[1] == val_accuracy
    model.eval()
    evaluate(model, "cross_entropy", X_val, y_val)
    assert not model.training


def test_accuracy_for_binary_and_one_hot_targets():
    X, y = MOONS
    logits_model = mlp(2, 16, 1, seed=0)
    y_column = y.reshape(-1, 1).astype(float)
    fit(logits_model, "bce_logits", optim.Adam(logits_model.parameters(), lr=0.05), X, y_column, epochs=50)
    logits = logits_model(X)[:, 0]
    _, accuracy = evaluate(logits_model, "bce_logits", X, y_column)
    assert accuracy == np.mean((logits >= 0) == (y == 1))  # threshold 0 on logits
    prob_model = nn.Sequential(nn.Linear(2, 16, seed=0), nn.ReLU(), nn.Linear(16, 1, seed=1), nn.Sigmoid())
    fit(prob_model, "bce", optim.Adam(prob_model.parameters(), lr=0.05), X, y.astype(float), epochs=50)
    _, accuracy = evaluate(prob_model, "bce", X, y.astype(float))
    assert accuracy == np.mean((prob_model(X)[:, 0] >= 0.5) == (y == 1))  # threshold 0.5 on probabilities
    onehot_model = mlp(2, 16, 2, seed=0)
    history = fit(
        onehot_model, "cross_entropy", optim.Adam(onehot_model.parameters(), lr=0.05), X, data.one_hot(y), epochs=50
    )
    _, accuracy = evaluate(onehot_model, "cross_entropy", X, data.one_hot(y))
    assert accuracy == np.mean(onehot_model(X).argmax(axis=1) == y) and accuracy > 0.95
    assert len(history.train_accuracy) == 50


def test_regression_records_no_accuracy():
    X, y = data.make_noisy_sine(50, seed=0)
    model = mlp(1, 8, 1, seed=0, activation=nn.Tanh)
    history = fit(model, "mse", optim.Adam(model.parameters(), lr=0.05), X, y, epochs=5, batch_size=10)
    assert history.train_accuracy == [] and len(history.train_loss) == 5
    assert evaluate(model, "mse", X, y)[1] is None


def test_early_stopping_stops_and_restores_best_weights():
    X, y = MOONS
    flipped = 1 - y  # a validation set that gets worse as training improves
    model = mlp(2, 16, 2, seed=0)
    stopper = EarlyStopping(patience=3)
    history = fit(
        model,
        "cross_entropy",
        optim.Adam(model.parameters(), lr=0.02),
        X,
        y,
        epochs=100,
        batch_size=50,
        seed=0,
        validation_data=(X, flipped),
        early_stopping=stopper,
    )
    assert history.stopped_early_at is not None and history.stopped_early_at < 100
    best = history.best_epoch
    assert history.stopped_early_at == best + 3
    assert history.val_loss[best - 1] == min(history.val_loss)
    assert evaluate(model, "cross_entropy", X, flipped)[0] == history.val_loss[best - 1]


def test_record_weights_snapshots():
    X, y = XOR
    model = mlp(2, 4, 2, seed=0)
    initial = [p.data.copy() for p in model.parameters()]
    history = fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X, y, epochs=3, record_weights=True)
    assert len(history.weights_snapshots) == 4
    assert list(history.weights_snapshots[0]) == ["0.W", "0.b", "2.W", "2.b"]
    np.testing.assert_array_equal(history.weights_snapshots[0]["0.W"], initial[0])
    np.testing.assert_array_equal(history.weights_snapshots[-1]["2.W"], model[2].W.data)
    assert not np.array_equal(history.weights_snapshots[1]["0.W"], history.weights_snapshots[2]["0.W"])


def test_callbacks_and_verbose(capsys):
    X, y = XOR
    model = mlp(2, 4, 2, seed=0)
    seen = []

    def stop_at_two(epoch, history, network):
        seen.append((epoch, history.epochs_run, network is model))
        return epoch == 2

    history = fit(
        model,
        "cross_entropy",
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=10,
        callbacks=[stop_at_two],
        verbose=True,
    )
    assert seen == [(1, 1, True), (2, 2, True)] and history.stopped_early_at == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("epoch  1/10  loss ") and "accuracy" in lines[0]
    fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X, y, epochs=2)
    assert capsys.readouterr().out == ""  # quiet by default


def test_float32_training_keeps_float32():
    X, y = MOONS
    model = mlp(2, 16, 2, seed=0, dtype=np.float32)
    history = fit(
        model,
        "cross_entropy",
        optim.Adam(model.parameters(), lr=0.02),
        X.astype(np.float32),
        y,
        epochs=20,
        batch_size=32,
        seed=0,
    )
    assert all(p.data.dtype == np.float32 for p in model.parameters())
    assert history.train_accuracy[-1] > 0.9
    assert isinstance(history, History)


# ------------------------------------------------ divergence with losses that refuse NaN/inf


class _RefusingCrossEntropy(losses.CrossEntropyLoss):
    """A cross-entropy that refuses non-finite logits itself, whatever mlcourse.losses does."""

    def __call__(self, logits, target):
        if not np.isfinite(logits).all():
            raise ValueError("logits must be finite")
        return super().__call__(logits, target)


class _RefusingMSE(losses.MSELoss):
    """A mean squared error that refuses non-finite predictions itself."""

    def __call__(self, pred, target):
        if not np.isfinite(pred).all():
            raise ValueError("pred must be finite")
        return super().__call__(pred, target)


def test_an_output_that_overflows_stops_training_with_the_warning_before_the_loss_refuses_it():
    # inputs of 1e150: the first update (w = 2e160) is finite, the next output (3e310) overflows;
    # the loss would refuse it: fit stops first, with the same warning, history and weights as
    # when the loss returned inf ("the loss became inf")
    X, y = np.array([[1e150], [-1e150]]), np.array([1.0, -1.0])
    model = linear_model(1)
    with pytest.warns(
        TrainingDiverged, match=r"diverged in epoch 2 \(update 2\): the network's output became NaN or inf"
    ):
        history = fit(model, _RefusingMSE(), optim.SGD(model.parameters(), lr=1e10), X, y, epochs=5)
    assert (history.diverged_at, history.diverged_step, history.epochs_run) == (2, 2, 1)
    assert history.step_losses == [1.0] and history.train_loss == [1.0]
    assert model[0].W.data[0, 0] == 2e160 and model[0].b.data[0] == 0.0  # the last finite update, kept


def test_a_validation_output_that_overflows_records_an_infinite_validation_loss():
    X, y = XOR
    model = _wide_linear()
    history = fit(
        model,
        _RefusingCrossEntropy(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=3,
        validation_data=(np.full((4, 2), 1e308), y),
    )
    assert history.val_loss == [math.inf] * 3 and history.epochs_run == 3
    assert history.best_epoch == 1  # argmin over infinities; training itself went on


def _wide_linear():
    model = nn.Sequential(nn.Linear(2, 2, seed=0))
    model[0].W.data[...] = 2.0  # 1e308 * 2 + 1e308 * 2 overflows
    return model


def test_evaluate_refuses_a_diverged_model_and_an_overflowing_output_clearly():
    X, y = XOR
    model = _wide_linear()
    with pytest.raises(
        ValueError, match=r"output on X holds \d+ NaN/inf value\(s\) although X and the parameters are finite"
    ):
        evaluate(model, "cross_entropy", np.full((4, 2), 1e308), y)
    model[0].W.data[0, 0] = np.nan
    with pytest.raises(RuntimeError, match="parameters hold NaN or inf .*training diverged"):
        evaluate(model, "cross_entropy", X, y)


def test_huge_finite_gradients_are_divergence_without_clipping_and_clipped_with_it():
    # inputs of 1e160 give finite logits and loss but gradients whose sum of squares overflows
    X = np.array([[1e160, 0.0], [0.0, -1e160], [-1e160, 1e160], [1e160, 1e160]])
    y = np.array([0, 1, 0, 1])

    def run(**clipping):
        model = nn.Sequential(nn.Linear(2, 2, seed=0))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            history = fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=1e-170), X, y, epochs=3, **clipping)
        return history, [str(w.message) for w in caught]

    history, messages = run()
    assert history.diverged_step == 1 and "the sum of the squared gradients overflowed" in messages[0]
    for clipping in ({"clip_value": 1.0}, {"clip_norm": 1.0}):
        history, messages = run(**clipping)
        assert history.diverged_at is None and history.epochs_run == 3 and messages == []
        assert all(math.isfinite(value) for value in history.step_losses)


# ------------------------------------------------------------------ properties (hypothesis)


@settings(max_examples=30, deadline=None)
@given(
    bad_index=st.integers(0, 19),
    bad_label=st.one_of(st.integers(2, 1000), st.integers(-1000, -1)),
    batch_size=st.sampled_from([None, 1, 3, 8]),
)
def test_property_a_label_out_of_range_anywhere_is_refused_before_any_update(bad_index, bad_label, batch_size):
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2
    y[bad_index] = bad_label
    model = mlp(2, 4, 2, seed=0)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^y does not suit CrossEntropyLoss\(\)"):
        fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X, y, epochs=2, batch_size=batch_size)
    assert all(np.array_equal(a, p.data) for a, p in zip(before, model.parameters()))


@settings(max_examples=30, deadline=None)
@given(
    scale=st.sampled_from([1e-3, 1.0, 1e3, 1e8, 1e30, 1e100]),
    lr=st.sampled_from([1e-3, 0.1, 10.0, 1e6]),
    loss=st.sampled_from(["cross_entropy", "mse"]),
)
def test_property_fit_on_finite_data_finishes_or_stops_with_the_warning(scale, lr, loss):
    rng = np.random.default_rng(1)
    X = scale * rng.normal(size=(16, 2))
    y = (X[:, 0] > 0).astype(np.int64) if loss == "cross_entropy" else rng.normal(size=16)
    model = mlp(2, 4, 2 if loss == "cross_entropy" else 1, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = fit(model, loss, optim.SGD(model.parameters(), lr=lr), X, y, epochs=3, batch_size=4, seed=0)
    assert {type(w.message) for w in caught} <= {TrainingDiverged}
    assert (history.diverged_at is not None) == bool(caught)
    assert all(math.isfinite(value) for value in history.step_losses + history.train_loss)
    assert all(np.isfinite(p.data).all() for p in model.parameters())


# ------------------------------------------------------------------ learning-rate schedulers


class _Halving:
    """A stand-in scheduler: halves the optimizer's rate at every step(), counts the calls."""

    def __init__(self, optimizer):
        self.optimizer, self.calls = optimizer, 0

    def step(self):
        self.calls += 1
        self.optimizer.lr = self.optimizer.lr / 2


def test_fit_steps_the_scheduler_after_every_epoch_like_a_hand_written_loop():
    from mlcourse.train import train_step

    X, y = MOONS
    fitted, by_hand = mlp(2, 8, 2, seed=3), mlp(2, 8, 2, seed=3)
    optimizer = optim.SGD(fitted.parameters(), lr=0.4, momentum=0.5)
    scheduler = _Halving(optimizer)
    history = fit(fitted, "cross_entropy", optimizer, X, y, epochs=4, batch_size=32, shuffle=False, scheduler=scheduler)
    assert history.lr == [0.4, 0.2, 0.1, 0.05] and scheduler.calls == 4 and optimizer.lr == 0.025
    hand_optimizer, rates = optim.SGD(by_hand.parameters(), lr=0.4, momentum=0.5), []
    for _ in range(4):
        rates.append(hand_optimizer.lr)
        for start in range(0, len(X), 32):
            train_step(by_hand, "cross_entropy", hand_optimizer, X[start : start + 32], y[start : start + 32])
        hand_optimizer.lr = hand_optimizer.lr / 2
    assert history.lr == rates
    for a, b in zip(fitted.parameters(), by_hand.parameters()):
        assert a.data.tobytes() == b.data.tobytes()


def test_history_lr_is_one_rate_per_completed_epoch_without_a_scheduler_too():
    X, y = XOR
    model = mlp(2, 4, 2, seed=0)
    history = fit(model, "cross_entropy", optim.Adam(model.parameters(), lr=0.01), X, y, epochs=3)
    assert history.lr == [0.01] * 3 == [0.01] * history.epochs_run


def test_the_scheduler_steps_also_after_the_epoch_that_stops_training():
    X, y = XOR
    model = mlp(2, 4, 2, seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    scheduler = _Halving(optimizer)
    history = fit(
        model, "cross_entropy", optimizer, X, y, epochs=10, scheduler=scheduler, callbacks=[lambda e, h, m: e == 2]
    )
    assert history.stopped_early_at == 2 and scheduler.calls == 2 and history.lr == [0.1, 0.05]


def test_a_diverged_epoch_records_no_rate_and_does_not_step_the_scheduler():
    X, y = np.array([[1e150], [-1e150]]), np.array([1.0, -1.0])
    model = linear_model(1)
    optimizer = optim.SGD(model.parameters(), lr=1e10)
    scheduler = _Halving(optimizer)
    with pytest.warns(TrainingDiverged):
        history = fit(model, "mse", optimizer, X, y, epochs=5, scheduler=scheduler)
    assert history.diverged_at == 2 and history.lr == [1e10] and scheduler.calls == 1


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda opt: 5, TypeError, r"scheduler must be a learning-rate scheduler with a step\(\) method .*got int 5"),
        (lambda opt: _Halving, TypeError, r"scheduler must be a scheduler object, got the class _Halving"),
        (lambda opt: "StepLR", TypeError, r"scheduler must be a learning-rate scheduler .*got str 'StepLR'"),
        (
            lambda opt: type("NoStep", (), {"optimizer": opt, "step": 3})(),
            TypeError,
            r"scheduler must be a learning-rate scheduler with a step\(\) method and an optimizer attribute",
        ),
        (
            lambda opt: type("NoOptimizer", (), {"step": lambda self: None})(),
            TypeError,
            r"scheduler must be a learning-rate scheduler with a step\(\) method and an optimizer attribute",
        ),
        (
            lambda opt: _Halving(optim.SGD(mlp(2, 4, 2, seed=1).parameters(), lr=0.1)),
            ValueError,
            r"scheduler must schedule the optimizer given to fit, got one built on another optimizer \(SGD",
        ),
    ],
)
def test_a_bad_scheduler_is_refused_before_any_update(make, error, message):
    X, y = XOR
    model = mlp(2, 4, 2, seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    before = model.state_dict()
    with pytest.raises(error, match=message):
        fit(model, "cross_entropy", optimizer, X, y, epochs=2, scheduler=make(optimizer))
    assert all(np.array_equal(before[key], value) for key, value in model.state_dict().items())
    assert optimizer.lr == 0.1


# ------------------------------------------------------------------ a loss that overflows


def test_a_squared_error_that_overflows_is_divergence_not_an_error():
    # inputs of 1e100: the first update gives w = 4e200 (finite), the next outputs 4e300 are finite,
    # but their squared error overflows (a LossOverflowError): fit stops as for a non-finite loss
    X, y = np.array([[1e100], [-1e100]]), np.array([1.0, -1.0])
    model = linear_model(1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = fit(model, "mse", optim.SGD(model.parameters(), lr=1e100), X, y, epochs=5)
    assert [type(w.message) for w in caught] == [TrainingDiverged]
    assert "diverged in epoch 2 (update 2): the loss overflowed: the mean squared error" in str(caught[0].message)
    assert (history.diverged_at, history.diverged_step, history.epochs_run) == (2, 2, 1)
    assert model[0].W.data[0, 0] == 2e200  # the last finite update, kept


def test_a_validation_loss_that_overflows_is_infinite_in_fit_and_an_error_in_evaluate():
    X, y = np.array([[1.0], [-1.0]]), np.array([1.0, -1.0])
    model = linear_model(1)
    history = fit(model, "mse", optim.SGD(model.parameters(), lr=0.1), X, y, epochs=2, validation_data=(X * 1e200, y))
    assert history.val_loss == [math.inf, math.inf] and history.epochs_run == 2
    with pytest.raises(losses.LossOverflowError, match="the mean squared error of pred and target overflows"):
        evaluate(model, "mse", X * 1e200, y)
