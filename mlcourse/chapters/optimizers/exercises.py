"""Checkers for chapter 9 (optimizers).

The right answers are computed by running the library's optimizers
(:func:`mlcourse.chapters.optimizers.analysis.optimizer_steps`) and reading their state
(``Optimizer.memory_report``), never typed in. The practice page's update
rules are run against one ``step()`` of :class:`mlcourse.optim.Momentum` and
:class:`mlcourse.optim.Adam`, loaded with the given state.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.optimizers.analysis import OPTIMIZER_NAMES, optimizer_steps
from mlcourse.nn import Parameter, mlp
from mlcourse.optim import Adam, Momentum, get_optimizer

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


# ------------------------------------------------------------------ practice page


def _small(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Normal numbers rounded to 2 decimals, without -0.0 (for the messages)."""
    return np.round(rng.normal(size=shape), 2) + 0.0


def _parameter_shape(rng: np.random.Generator) -> tuple[int, ...]:
    """A vector of 2 to 4 entries, or a small matrix (a layer's weights)."""
    return [(2,), (3,), (4,), (2, 2), (2, 3)][int(rng.integers(5))]


def _one_step(optimizer: Any, parameter: Parameter, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
    """Load ``state`` into the optimizer's state of ``parameter``, set its gradient, take one ``step()``."""
    for key, value in state.items():
        optimizer.state[0][key][...] = value
    parameter.grad = np.array(grad, dtype=float)
    optimizer.step()


def _momentum_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(w, velocity, grad, lr, momentum)``; the velocity is 0 (a first step) in about one trial of four."""
    shape = _parameter_shape(rng)
    w, velocity, grad = _small(rng, shape), _small(rng, shape), _small(rng, shape)
    if rng.random() < 0.25:
        velocity = np.zeros(shape)
    return w, velocity, grad, float(rng.choice([0.01, 0.05, 0.1, 0.5])), float(rng.choice([0.5, 0.8, 0.9, 0.99]))


def library_momentum_step(
    w: np.ndarray, velocity: np.ndarray, grad: np.ndarray, lr: float, momentum: float
) -> tuple[np.ndarray, np.ndarray]:
    """The parameter and the velocity after one step of :class:`mlcourse.optim.Momentum`.

    A ``Momentum`` optimizer is given a parameter holding ``w``, its velocity
    state is set to ``velocity`` and its gradient to ``grad``; one ``step()``,
    and the new values are read back.

    Examples
    --------
    >>> library_momentum_step(np.array([1.0]), np.array([2.0]), np.array([0.5]), 0.1, 0.9)
    (array([0.77]), array([2.3]))
    """
    parameter = Parameter(np.array(w, dtype=float))
    optimizer = Momentum([parameter], lr=lr, momentum=momentum)
    _one_step(optimizer, parameter, grad, {"velocity": velocity})
    return parameter.data.copy(), optimizer.state[0]["velocity"].copy()


def _notes_momentum(
    w: np.ndarray, velocity: np.ndarray, grad: np.ndarray, lr: float, momentum: float
) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: the notes' first form, ``v <- mu v - lr g``, ``w <- w + v``."""
    velocity = momentum * velocity - lr * grad
    return w + velocity, velocity


def _lr_in_velocity(
    w: np.ndarray, velocity: np.ndarray, grad: np.ndarray, lr: float, momentum: float
) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: the notes' second form, ``v <- mu v + lr g``, ``w <- w - v``."""
    velocity = momentum * velocity + lr * grad
    return w - velocity, velocity


def _old_velocity_step(
    w: np.ndarray, velocity: np.ndarray, grad: np.ndarray, lr: float, momentum: float
) -> tuple[np.ndarray, np.ndarray]:
    """The mistake: the step along the old velocity, updated only after."""
    return w - lr * velocity, momentum * velocity + grad


_MOMENTUM_NAMES = ["w", "velocity", "grad", "lr", "momentum"]
_MOMENTUM_OUTPUTS = ["w", "velocity"]
_FORM_HINT = (
    "This is a form of momentum from the notes, whose velocity is the library's times {factor}: here the velocity "
    "is the library's (PyTorch's), v <- momentum * v + grad, then w <- w - lr * v."
)


def check_momentum_step(momentum_step: Any) -> Feedback:
    """Practice: a learner's ``momentum_step(w, velocity, grad, lr, momentum) -> (w, velocity)``.

    One step of momentum in the library's (PyTorch's) form,
    ``v <- momentum * v + grad``, ``w <- w - lr * v``, returning new arrays.
    The reference is :func:`library_momentum_step` (a real
    :class:`mlcourse.optim.Momentum`), run on 20 random parameters, vectors
    and small matrices. The notes' two forms and a step along the old
    velocity are named.

    Examples
    --------
    >>> check_momentum_step(library_momentum_step).correct
    True
    >>> check_momentum_step(_old_velocity_step).message.endswith("then step along the new one.")
    True
    """
    mistakes = [
        (_notes_momentum, _FORM_HINT.format(factor="-lr")),
        (_lr_in_velocity, _FORM_HINT.format(factor="lr")),
        (
            _old_velocity_step,
            "Your step uses the velocity it was given: update the velocity first, then step along the new one.",
        ),
    ]
    return check_function(
        momentum_step,
        library_momentum_step,
        _momentum_problem,
        names=_MOMENTUM_NAMES,
        outputs=_MOMENTUM_OUTPUTS,
        success="Your step is Momentum's on 20 random parameters, velocities and settings.",
        mistakes=mistakes,
    )


def _adam_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(w, m, v, grad, t, lr, beta1, beta2, eps)``; at ``t = 1`` both averages are 0, as in a first step.

    ``eps`` is sometimes large (0.001 or 0.1), so that where it is added
    matters.
    """
    shape = _parameter_shape(rng)
    t = int(rng.choice([1, 1, 2, 3, 10, 100]))
    w, grad = _small(rng, shape), _small(rng, shape)
    m, v = (np.zeros(shape), np.zeros(shape)) if t == 1 else (_small(rng, shape), np.abs(_small(rng, shape)))
    lr = float(rng.choice([0.001, 0.01, 0.1]))
    beta1, beta2 = float(rng.choice([0.8, 0.9])), float(rng.choice([0.9, 0.99, 0.999]))
    return w, m, v, grad, t, lr, beta1, beta2, float(rng.choice([1e-8, 1e-8, 1e-3, 0.1]))


def _adam_problem_after_first(rng: np.random.Generator) -> tuple[Any, ...]:
    """:func:`_adam_problem` without ``t = 1`` (where the correction of step 0 divides by 0)."""
    w, m, v, grad, t, *settings = _adam_problem(rng)
    return (w, m, v, grad, max(t, 2), *settings)


def library_adam_step(
    w: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    grad: np.ndarray,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parameter and the two moving averages after step ``t`` of :class:`mlcourse.optim.Adam`.

    An ``Adam`` optimizer is given a parameter holding ``w``, its state
    ``exp_avg`` set to ``m`` and ``exp_avg_sq`` to ``v``, its step counter to
    ``t - 1`` and the gradient to ``grad``; one ``step()`` (step number
    ``t``), and the new values are read back.

    Examples
    --------
    >>> w, m, v = library_adam_step(np.array([1.0]), np.zeros(1), np.zeros(1), np.array([4.0]), 1, 0.1, 0.9, 0.999, 1e-8)
    >>> w.round(6), m, v.round(6)  # the first step moves by lr, whatever the gradient's size
    (array([0.9]), array([0.4]), array([0.016]))
    """
    parameter = Parameter(np.array(w, dtype=float))
    optimizer = Adam([parameter], lr=lr, betas=(beta1, beta2), eps=eps)
    optimizer.steps = t - 1
    _one_step(optimizer, parameter, grad, {"exp_avg": m, "exp_avg_sq": v})
    state = optimizer.state[0]
    return parameter.data.copy(), state["exp_avg"].copy(), state["exp_avg_sq"].copy()


def _adam_variant(
    *, correct: bool = True, eps_inside: bool = False, shift: int = 0, corrected_state: bool = False
) -> Callable[..., Any]:
    """A mistaken Adam step: no bias correction, ``eps`` inside the root, the correction of step ``t + shift``,
    or the corrected averages returned as the new state."""

    def step(
        w: np.ndarray,
        m: np.ndarray,
        v: np.ndarray,
        grad: np.ndarray,
        t: int,
        lr: float,
        beta1: float,
        beta2: float,
        eps: float,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        with np.errstate(divide="ignore", invalid="ignore"):
            m_hat = m / (1 - beta1 ** (t + shift)) if correct else m
            v_hat = v / (1 - beta2 ** (t + shift)) if correct else v
            denominator = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            new_w = w - lr * m_hat / denominator
        return (new_w, m_hat, v_hat) if corrected_state else (new_w, m, v)

    return step


_ADAM_NAMES = ["w", "m", "v", "grad", "t", "lr", "beta1", "beta2", "eps"]
_ADAM_OUTPUTS = ["w", "m", "v"]


def check_adam_step(adam_step: Any) -> Feedback:
    """Practice: a learner's ``adam_step(w, m, v, grad, t, lr, beta1, beta2, eps) -> (w, m, v)``.

    Step number ``t`` (1 at the first step) of Adam, with the bias correction
    and ``eps`` outside the square root, returning new arrays. The reference
    is :func:`library_adam_step` (a real :class:`mlcourse.optim.Adam`), run on
    20 random parameters and settings. A missing bias correction, ``eps``
    inside the root (the notes' form) and the correction of the wrong step
    are named.

    Examples
    --------
    >>> check_adam_step(library_adam_step).correct
    True
    >>> "bias correction" in check_adam_step(_adam_variant(correct=False)).message
    True
    """
    off_by_one = (
        "Your correction is that of another step: t is the number of this step, 1 at the first, and the "
        "averages just updated are divided by 1 - beta1**t and 1 - beta2**t."
    )
    mistakes = [
        (
            _adam_variant(correct=False),
            "The averages start at 0 and are too small on the first steps: divide m by 1 - beta1**t and v by "
            "1 - beta2**t (the bias correction) before the step.",
        ),
        (
            _adam_variant(eps_inside=True),
            "eps belongs outside the square root, sqrt(v_hat) + eps, as in the paper and the library (the notes "
            "put it inside).",
        ),
        (_adam_variant(shift=1), off_by_one),
        (
            _adam_variant(corrected_state=True),
            "Return the moving averages m and v themselves: the corrected m_hat and v_hat serve this step only "
            "(the next step corrects again, with its own t).",
        ),
    ]
    feedback = check_function(
        adam_step,
        library_adam_step,
        _adam_problem,
        names=_ADAM_NAMES,
        outputs=_ADAM_OUTPUTS,
        success="Your step is Adam's on 20 random parameters, states and settings, from t = 1 to t = 100.",
        mistakes=mistakes,
    )
    # the correction of step t - 1 divides by 0 at t = 1, where no function can match it: compared from t = 2
    previous = _adam_variant(shift=-1)
    if (
        not feedback.correct
        and check_function(
            adam_step, previous, _adam_problem_after_first, names=_ADAM_NAMES, outputs=_ADAM_OUTPUTS
        ).correct
    ):
        feedback.message += " " + off_by_one
    return feedback


# ------------------------------------------------------------------ section page: momentum's rate and weight decay

#: Section exercise 1: the bowl whose heavy-ball settings are asked for.
HEAVY_BALL_CURVATURES = (1.0, 400.0)
#: Section exercise 2: a weight that gets no gradient from the loss, decayed for 100 steps.
BLANK_WEIGHT = {"start": 1.0, "lr": 0.01, "weight_decay": 1.0, "steps": 100}


def heavy_ball_answer() -> dict[str, float]:
    """Section exercise 1: the best heavy-ball settings for curvatures 1 and 400."""
    from mlcourse.chapters.optimizers.analysis import heavy_ball_settings

    return heavy_ball_settings(HEAVY_BALL_CURVATURES)


def check_heavy_ball(lr: float, momentum: float) -> Feedback:
    """Section exercise 1: the learning rate and momentum of heavy ball at its best on the bowl (1, 400)."""
    settings = heavy_ball_answer()
    low, high = HEAVY_BALL_CURVATURES
    if close_enough([lr, momentum], [settings["lr"], settings["momentum"]], rtol=1e-3):
        return Feedback(
            True,
            f"sqrt(kappa) = 20: lr = 4 / 21**2 = {settings['lr']:.5f}, mu = (19/21)**2 = {settings['momentum']:.4f}; "
            f"the error shrinks by 19/21 = {settings['rate']:.4f} per step, against 399/401 for gradient descent.",
        )
    if close_enough(lr, settings["gd_lr"], rtol=1e-3):
        return Feedback(
            False,
            "That is gradient descent's best rate, 2 / (l_min + l_max); heavy ball's is 4 / (sqrt(l_max) + sqrt(l_min))**2.",
        )
    if close_enough(momentum, settings["rate"], rtol=1e-3):
        return Feedback(
            False, "mu is the SQUARE of (sqrt(kappa) - 1) / (sqrt(kappa) + 1); the rate is its square root."
        )
    if close_enough(lr, 4 / (high + low) ** 2, rtol=1e-3) or close_enough(lr, 4 / (high + low), rtol=1e-3):
        return Feedback(False, "Take the square roots of the curvatures first: sqrt(400) + sqrt(1) = 21.")
    return Feedback(False, "kappa = 400, sqrt(kappa) = 20: lr = 4 / (sqrt(400) + 1)**2, mu = ((20 - 1) / (20 + 1))**2.")


def blank_weight_answer() -> dict[str, float]:
    """Section exercise 2: the weight after 100 steps of AdamW and of Adam with the L2 penalty, by the library."""
    from mlcourse.optim import AdamW

    lr, decay, steps = BLANK_WEIGHT["lr"], BLANK_WEIGHT["weight_decay"], BLANK_WEIGHT["steps"]
    values = {}
    for name, make in (
        ("adamw", lambda p: AdamW(p, lr=lr, weight_decay=decay)),
        ("adam_l2", lambda p: Adam(p, lr=lr, weight_decay=decay)),
    ):
        weight = Parameter(np.array([BLANK_WEIGHT["start"]]))
        optimizer = make([weight])
        for _ in range(steps):
            weight.grad[:] = 0.0  # the loss does not depend on this weight
            optimizer.step()
        values[name] = float(weight.data[0])
    return values


def check_blank_weight(adamw: float, adam_l2: float) -> Feedback:
    """Section exercise 2: a weight with no gradient, after 100 steps of AdamW and of Adam + L2 (lr 0.01, lambda 1)."""
    expected = blank_weight_answer()
    if close_enough([adamw, adam_l2], [expected["adamw"], expected["adam_l2"]], rtol=1e-3, atol=1e-6):
        return Feedback(
            True,
            f"AdamW multiplies it by 1 - lr * lambda = 0.99 per step: 0.99**100 = {expected['adamw']:.4f}. "
            f"Adam divides the penalty's gradient lambda * w by its own RMS, so the weight moves by about lr per "
            f"step whatever its size: {expected['adam_l2']:.4f} after 100 steps.",
        )
    if close_enough(adam_l2, expected["adamw"], rtol=1e-3):
        return Feedback(
            False,
            "AdamW's value is right; Adam with the penalty does not shrink by a factor: it divides lambda * w by the RMS of lambda * w.",
        )
    if close_enough(adamw, np.exp(-1.0), rtol=1e-3):
        return Feedback(False, "Close: that is exp(-1), the limit; compute 0.99**100 exactly, with the library.")
    return Feedback(
        False,
        "Run the library: a Parameter with grad 0, AdamW(..., weight_decay=1) or Adam(..., weight_decay=1), 100 steps.",
    )
