"""Checkers for chapter 9 (optimizers).

The right answers are computed by running the library's optimizers
(:func:`mlcourse.chapters.optimizers.analysis.optimizer_steps`) and reading their state
(``Optimizer.memory_report``), never typed in.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.optimizers.analysis import OPTIMIZER_NAMES, optimizer_steps
from mlcourse.nn import mlp
from mlcourse.optim import get_optimizer

#: Exercise 1: Adam's first step from this gradient with this learning rate.
ADAM_GRADIENT = (1000.0, 0.001)
ADAM_LR = 0.01
#: Exercise 2: the network whose optimizer state is counted.
MEMORY_SIZES = (64, 32, 10)
#: Exercise 3: AdaGrad under a constant gradient.
ADAGRAD = {"gradient": 2.0, "lr": 0.1, "steps": 100}
#: Exercise 4: momentum under a constant gradient.
MOMENTUM = {"gradient": 1.0, "lr": 0.01, "momentum": 0.9}


def adam_first_step() -> np.ndarray:
    """The change of each coordinate in Adam's first step (exercise 1), by a real Adam."""
    return optimizer_steps("adam", [list(ADAM_GRADIENT)], lr=ADAM_LR)[0]


def check_adam_first_step(change_x: float, change_y: float) -> Feedback:
    """Exercise 1: the change of ``(x, y)`` in Adam's first step for the gradient ``(1000, 0.001)``, lr 0.01."""
    expected = adam_first_step()
    answer = [change_x, change_y]
    if close_enough(answer, expected, rtol=1e-3):
        return Feedback(
            True,
            "m_hat = g and sqrt(v_hat) = |g| at t = 1: each coordinate moves by lr, "
            "against its gradient, whatever the gradient's size.",
        )
    if close_enough(answer, -expected, rtol=1e-3):
        return Feedback(False, "Right size, wrong direction: a step goes against the gradient.")
    if close_enough(answer, [-ADAM_LR * g for g in ADAM_GRADIENT], rtol=1e-3):
        return Feedback(
            False,
            "That is plain SGD's step, lr * g. Adam divides the (corrected) average "
            "gradient by the root of the (corrected) average squared gradient.",
        )
    if close_enough(answer, 0.1 * expected, rtol=1e-3):
        return Feedback(
            False, "Without the bias correction m_1 = 0.1 g and v_1 = 0.001 g**2; with it, m_hat = g and v_hat = g**2."
        )
    return Feedback(False, "At t = 1, m_hat = g and v_hat = g**2, so the step is lr * g / (|g| + eps).")


def state_floats_exercise() -> dict[str, int]:
    """Floats each optimizer keeps besides the parameters, for the exercise 2 network."""
    model = mlp(list(MEMORY_SIZES), seed=0)
    return {name: get_optimizer(name, model.parameters(), lr=0.01).state_size() for name in OPTIMIZER_NAMES}


def check_state_floats(sgd: int, momentum: int, adagrad: int, rmsprop: int, adam: int) -> Feedback:
    """Exercise 2: extra floats stored by each optimizer for a 64-32-10 network."""
    expected = state_floats_exercise()
    n = expected["momentum"]
    answer = {"sgd": sgd, "momentum": momentum, "adagrad": adagrad, "rmsprop": rmsprop, "adam": adam}
    if all(close_enough(answer[k], expected[k], rtol=0) for k in expected):
        return Feedback(
            True,
            f"N = {n}: SGD keeps nothing, Momentum, AdaGrad and RMSProp one array each "
            f"({n} floats), Adam two ({2 * n}).",
        )
    if close_enough(momentum, 2 * n, rtol=0):
        return Feedback(
            False,
            "The notes' 'twice the memory' counts the parameters too: the extra state "
            "of momentum is one velocity per parameter.",
        )
    if close_enough(adam, n, rtol=0):
        return Feedback(False, "Adam keeps two running averages per parameter: of g and of g**2.")
    wrong_total = 64 * 32 + 32 * 10
    if any(close_enough(answer[k], wrong_total * expected[k] // n, rtol=0) for k in ("momentum", "adam")):
        return Feedback(False, "The biases are parameters too: N = (64+1)*32 + (32+1)*10.")
    return Feedback(False, "Count N, the parameters, then the state arrays: 0, 1, 1, 1, 2 per parameter.")


def adagrad_effective_rate() -> float:
    """Exercise 3: ``|step| / |gradient|`` at AdaGrad's last step, by a real AdaGrad."""
    steps = optimizer_steps("adagrad", np.full(ADAGRAD["steps"], ADAGRAD["gradient"]), lr=ADAGRAD["lr"])
    return float(abs(steps[-1]) / ADAGRAD["gradient"])


def check_adagrad_effective_rate(rate: float) -> Feedback:
    """Exercise 3: AdaGrad's effective learning rate after 100 steps of a constant gradient 2 (lr 0.1)."""
    expected = adagrad_effective_rate()
    lr, g, t = ADAGRAD["lr"], ADAGRAD["gradient"], ADAGRAD["steps"]
    if close_enough(rate, expected, rtol=1e-3):
        return Feedback(
            True,
            f"G = t g**2 = {t * g * g:g}, so lr / sqrt(G) = {expected:g}: "
            "ten times smaller than after the first step, and still shrinking.",
        )
    if close_enough(rate, lr / (t * g * g), rtol=1e-3):
        return Feedback(False, "AdaGrad divides by the square ROOT of the accumulated squares.")
    if close_enough(rate, lr / np.sqrt(t), rtol=1e-3):
        return Feedback(False, "G accumulates the squared gradient, t * g**2, not t.")
    if close_enough(rate, lr / g, rtol=1e-3):
        return Feedback(False, "That is the first step's rate. G keeps growing: after t steps it is t g**2.")
    return Feedback(False, "After t steps of the same gradient g, G = t g**2; the effective rate is lr / sqrt(G).")


def momentum_terminal_step() -> float:
    """Exercise 4: the size of momentum's step after many steps of a constant gradient."""
    steps = optimizer_steps(
        "momentum", np.full(400, MOMENTUM["gradient"]), lr=MOMENTUM["lr"], momentum=MOMENTUM["momentum"]
    )
    return float(abs(steps[-1]))


def check_momentum_terminal_step(size: float) -> Feedback:
    """Exercise 4: momentum's step size in the long run under a constant gradient 1 (lr 0.01, mu 0.9)."""
    expected = momentum_terminal_step()
    lr, g, mu = MOMENTUM["lr"], MOMENTUM["gradient"], MOMENTUM["momentum"]
    if close_enough(size, expected, rtol=1e-3):
        return Feedback(
            True, "v = g (1 + mu + mu**2 + ...) = g / (1 - mu): the step is lr g / (1 - mu), ten times plain SGD's."
        )
    if close_enough(size, lr * g, rtol=1e-3):
        return Feedback(False, "That is the first step. The velocity keeps adding mu times its old value.")
    if close_enough(size, lr * g * mu / (1 - mu), rtol=1e-3):
        return Feedback(False, "Close: the velocity's fixed point solves v = mu v + g, so v = g / (1 - mu).")
    if close_enough(size, lr * g / mu, rtol=1e-3) or close_enough(size, lr * g * (1 + mu), rtol=1e-3):
        return Feedback(False, "Sum the whole geometric series 1 + mu + mu**2 + ..., not its first terms.")
    return Feedback(False, "Under a constant gradient v converges to the v that solves v = mu v + g.")
