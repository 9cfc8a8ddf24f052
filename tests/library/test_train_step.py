"""train.train_step: the five lines of one training step, the step fit repeats."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import losses, nn, optim
from mlcourse.train import fit, train_step


def _net(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 4, seed=seed), nn.Tanh(), nn.Linear(4, 2, seed=seed + 1))


def _data():
    rng = np.random.default_rng(0)
    return rng.standard_normal((10, 3)), rng.integers(0, 2, 10)


def test_one_step_is_minus_lr_times_the_gradient_by_hand():
    # MSE of a 1-1 linear unit at w = b = 0: dL/dw = mean(2 (wx + b - y) x), dL/db = mean(2 (wx + b - y))
    model = nn.Linear(1, 1, init="zeros")
    X, y = np.array([[1.0], [3.0]]), np.array([[1.0], [2.0]])
    value = train_step(model, losses.MSELoss(), optim.SGD(model.parameters(), lr=0.5), X, y)
    assert value == pytest.approx((1 + 4) / 2)
    assert model.W.data[0, 0] == pytest.approx(-0.5 * (2 * (-1) * 1 + 2 * (-2) * 3) / 2)
    assert model.b.data[0] == pytest.approx(-0.5 * (2 * (-1) + 2 * (-2)) / 2)


def test_fit_with_one_full_batch_epoch_is_one_train_step():
    X, y = _data()
    stepped, fitted = _net(), _net()
    value = train_step(stepped, losses.CrossEntropyLoss(), optim.SGD(stepped.parameters(), lr=0.3), X, y)
    history = fit(
        fitted, losses.CrossEntropyLoss(), optim.SGD(fitted.parameters(), lr=0.3), X, y, epochs=1, shuffle=False
    )
    assert history.step_losses == [pytest.approx(value, rel=1e-15)]
    for a, b in zip(stepped.parameters(), fitted.parameters()):
        np.testing.assert_allclose(a.data, b.data, rtol=0, atol=1e-15)


def test_the_hook_sees_the_gradients_before_the_update_and_its_value_is_returned():
    X, y = _data()
    model = _net()
    seen = {}

    def hook(value, output):
        seen["grad"] = model[0].W.grad.copy()
        seen["weights"] = model[0].W.data.copy()
        seen["output_shape"] = output.shape
        return value + 100.0

    before = model[0].W.data.copy()
    result = train_step(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X, y, before_update=hook)
    np.testing.assert_array_equal(seen["weights"], before)  # not yet updated
    np.testing.assert_allclose(model[0].W.data, before - 0.1 * seen["grad"])
    assert seen["output_shape"] == (10, 2) and result > 100.0


def test_gradients_do_not_accumulate_across_steps():
    X, y = _data()
    model = _net()
    sgd = optim.SGD(model.parameters(), lr=1e-300)  # a step too small to move the weights
    train_step(model, "cross_entropy", sgd, X, y)
    first = model[0].W.grad.copy()
    train_step(model, "cross_entropy", sgd, X, y)
    np.testing.assert_allclose(model[0].W.grad, first, rtol=1e-12)  # the same gradient, not twice it


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(model="net"), TypeError, "model must be an mlcourse.nn.Module"),
        (dict(loss=5), TypeError, "loss must be a loss object"),
        (dict(optimizer="sgd"), TypeError, "optimizer must be an mlcourse.optim.Optimizer"),
        (dict(y=np.zeros(3, dtype=int)), ValueError, "same"),
    ],
)
def test_bad_input_is_refused(kwargs, error, match):
    X, y = _data()
    model = _net()
    arguments = dict(model=model, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.1), X=X, y=y)
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        train_step(arguments["model"], arguments["loss"], arguments["optimizer"], arguments["X"], arguments["y"])


def test_an_optimizer_of_another_model_is_refused():
    X, y = _data()
    with pytest.raises(ValueError, match="do not belong to the model"):
        train_step(_net(), "cross_entropy", optim.SGD(_net(5).parameters(), lr=0.1), X, y)


def test_the_step_skips_the_input_gradient_and_updates_as_the_full_backward_pass_does():
    # the five lines written out with the full backward pass (dLoss/dX included) give the same bits
    X, y = _data()
    stepped, by_hand = _net(), _net()
    calls = []
    backward = stepped[0].backward
    stepped[0].backward = lambda grad_out, **options: calls.append(options) or backward(grad_out, **options)
    loss_fn, hand_loss = losses.CrossEntropyLoss(), losses.CrossEntropyLoss()
    optimizer, hand_optimizer = optim.SGD(stepped.parameters(), lr=0.3), optim.SGD(by_hand.parameters(), lr=0.3)
    for _ in range(3):
        value = train_step(stepped, loss_fn, optimizer, X, y)
        hand_optimizer.zero_grad()
        hand_value = hand_loss(by_hand(X), y)
        assert by_hand.backward(hand_loss.backward()).shape == X.shape  # dLoss/dX, computed and unused
        hand_optimizer.step()
        assert value == hand_value
    assert calls == [{"input_grad": False}] * 3
    for a, b in zip(stepped.parameters(), by_hand.parameters()):
        assert a.data.tobytes() == b.data.tobytes() and a.grad.tobytes() == b.grad.tobytes()


def test_a_module_whose_backward_has_no_input_grad_option_gets_the_plain_backward_pass():
    class Scale(nn.Module):  # y = w * x, a custom layer with the plain backward(grad_out)
        def __init__(self):
            self.w = nn.Parameter(np.array([2.0]), "w")

        def forward(self, x):
            self.x = x
            return x * self.w.data

        def backward(self, grad_out):
            self.w.grad += (grad_out * self.x).sum()
            return grad_out * self.w.data

    model = Scale()
    X, y = np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]])
    train_step(model, "mse", optim.SGD(model.parameters(), lr=0.1), X, y)
    # dL/dw = mean(2 (w x - y) x) = (2 * 1 * 1 + 2 * 2 * 2) / 2 = 5
    assert model.w.data[0] == pytest.approx(2.0 - 0.1 * 5.0, rel=1e-15)
