"""Chapter 9's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse import optim
from mlcourse.chapters.optimizers.exercises import (
    check_adam_step,
    check_momentum_step,
    library_adam_step,
    library_momentum_step,
)
from mlcourse.nn import Parameter


def momentum_step(w, velocity, grad, lr, momentum):  # the page's solution
    velocity = momentum * velocity + grad
    return w - lr * velocity, velocity


def adam_step(w, m, v, grad, t, lr, beta1, beta2, eps):  # the page's solution
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _three_then_one(optimizer, parameter, gradients):
    """Three steps, then the state they left (w and copies of the state arrays), then a fourth step."""
    for gradient in gradients[:3]:
        parameter.grad = gradient
        optimizer.step()
    before = parameter.data.copy(), {key: array.copy() for key, array in optimizer.state[0].items()}
    parameter.grad = gradients[3]
    optimizer.step()
    return before


def test_the_momentum_reference_continues_a_real_run():
    gradients, parameter = np.random.default_rng(1).normal(size=(4, 3)), Parameter(np.ones(3))
    optimizer = optim.Momentum([parameter], lr=0.1, momentum=0.9)
    w, state = _three_then_one(optimizer, parameter, gradients)
    new_w, velocity = library_momentum_step(w, state["velocity"], gradients[3], 0.1, 0.9)
    np.testing.assert_array_equal(new_w, parameter.data)
    np.testing.assert_array_equal(velocity, optimizer.state[0]["velocity"])


def test_the_adam_reference_continues_a_real_run_at_step_4():
    gradients, parameter = np.random.default_rng(2).normal(size=(4, 3)), Parameter(np.ones(3))
    optimizer = optim.Adam([parameter], lr=0.1, betas=(0.8, 0.99), eps=1e-3)
    w, state = _three_then_one(optimizer, parameter, gradients)
    new_w, m, v = library_adam_step(w, state["exp_avg"], state["exp_avg_sq"], gradients[3], 4, 0.1, 0.8, 0.99, 1e-3)
    np.testing.assert_array_equal(new_w, parameter.data)
    np.testing.assert_array_equal(m, optimizer.state[0]["exp_avg"])
    np.testing.assert_array_equal(v, optimizer.state[0]["exp_avg_sq"])


def test_the_library_and_the_published_solutions_pass():
    assert check_momentum_step(library_momentum_step).correct
    assert check_momentum_step(momentum_step).correct
    assert check_adam_step(library_adam_step).correct
    assert check_adam_step(adam_step).correct


def test_momentum_mistakes_are_named():
    def notes_form(w, velocity, grad, lr, momentum):
        velocity = momentum * velocity - lr * grad
        return w + velocity, velocity

    def old_velocity(w, velocity, grad, lr, momentum):
        return w - lr * velocity, momentum * velocity + grad

    def in_place(w, velocity, grad, lr, momentum):
        velocity *= momentum
        velocity += grad
        w -= lr * velocity
        return w, velocity

    def velocity_kept(w, velocity, grad, lr, momentum):
        return w - lr * (momentum * velocity + grad), velocity

    message = check_momentum_step(notes_form).message
    assert "w differs" in message and "library's times -lr" in message
    assert "update the velocity first" in check_momentum_step(old_velocity).message
    assert "changed its argument w" in check_momentum_step(in_place).message
    assert "velocity differs" in check_momentum_step(velocity_kept).message


def test_adam_mistakes_are_named():
    def uncorrected(w, m, v, grad, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        return w - lr * m / (np.sqrt(v) + eps), m, v

    def eps_inside(w, m, v, grad, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        return w - lr * m / (1 - beta1**t) / np.sqrt(v / (1 - beta2**t) + eps), m, v

    def next_step_correction(w, m, v, grad, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        return w - lr * m / (1 - beta1 ** (t + 1)) / (np.sqrt(v / (1 - beta2 ** (t + 1))) + eps), m, v

    def previous_step_correction(w, m, v, grad, t, lr, beta1, beta2, eps):  # divides by 0 at t = 1
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        with np.errstate(divide="ignore", invalid="ignore"):
            return w - lr * m / (1 - beta1 ** (t - 1)) / (np.sqrt(v / (1 - beta2 ** (t - 1))) + eps), m, v

    def corrected_state(w, m, v, grad, t, lr, beta1, beta2, eps):
        new_w, m, v = adam_step(w, m, v, grad, t, lr, beta1, beta2, eps)
        return new_w, m / (1 - beta1**t), v / (1 - beta2**t)

    message = check_adam_step(uncorrected).message
    assert "w differs" in message and "(the bias correction)" in message
    assert "eps belongs outside the square root" in check_adam_step(eps_inside).message
    assert "t is the number of this step" in check_adam_step(next_step_correction).message
    assert "t is the number of this step" in check_adam_step(previous_step_correction).message
    message = check_adam_step(corrected_state).message
    assert "m is 2.049 times the right value" in message and "Return the moving averages m and v" in message
    assert "returns 2 value(s); expected 3" in check_adam_step(lambda *a: adam_step(*a)[:2]).message
