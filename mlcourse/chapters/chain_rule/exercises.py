"""Checkers for chapter 2 (derivatives and the chain rule).

The right answers are computed by the library: partial derivatives and
chain-rule gradients by the autograd engine (:mod:`mlcourse.autograd`),
step sizes by :func:`mlcourse.chapters.chain_rule.analysis.optimal_step`.
The practice page's functions are run against the library's: a central
difference against :func:`mlcourse.gradcheck.numerical_gradient`, the
gradients of a chain of tanh layers against
:func:`mlcourse.chapters.chain_rule.analysis.layer_chain`.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from mlcourse.autograd import Value
from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.chain_rule.analysis import layer_chain, optimal_step
from mlcourse.gradcheck import numerical_gradient

__all__ = [
    "PARTIAL_POINT",
    "CHAIN_VALUES",
    "SHARED_POINT",
    "partials_exercise",
    "check_partials",
    "chain_exercise",
    "check_chain_rule",
    "shared_node_exercise",
    "check_shared_node",
    "check_best_step",
    "check_numerical_gradient",
    "check_tanh_chain_gradient",
]

#: Exercise 1: ``f(x, y) = x**2 * y + y**3`` at this point.
PARTIAL_POINT = (2.0, 3.0)
#: Exercise 2: ``L = (tanh(w * x) - t)**2 / 2`` at these values.
CHAIN_VALUES = {"w": 0.5, "x": 2.0, "t": 1.0}
#: Exercise 3: ``q = x + y, z = q * x`` at this point.
SHARED_POINT = (3.0, 1.0)


def partials_exercise() -> tuple[float, float]:
    """The partial derivatives of ``f(x, y) = x**2 y + y**3`` at :data:`PARTIAL_POINT`, by autograd.

    Examples
    --------
    >>> partials_exercise()
    (12.0, 31.0)
    """
    x, y = Value(PARTIAL_POINT[0], label="x"), Value(PARTIAL_POINT[1], label="y")
    f = x**2 * y + y**3
    f.backward()
    return x.grad, y.grad


def check_partials(df_dx: float, df_dy: float) -> Feedback:
    """Exercise 1: ``df/dx`` and ``df/dy`` of ``f(x, y) = x**2 y + y**3`` at ``(2, 3)``.

    Examples
    --------
    >>> check_partials(12.0, 31.0).correct
    True
    """
    expected_x, expected_y = partials_exercise()
    x, y = PARTIAL_POINT
    if close_enough([df_dx, df_dy], [expected_x, expected_y]):
        return Feedback(True, "Each partial derivative treats the other variable as a constant number.")
    if close_enough([df_dx, df_dy], [expected_y, expected_x]):
        return Feedback(False, "The two answers are swapped.")
    if close_enough(df_dy, 3 * y**2):
        return Feedback(False, "For df/dy, x is a constant, not zero: the term x**2 * y contributes x**2.")
    if close_enough(df_dx, 2 * x):
        return Feedback(False, "For df/dx, y is a constant factor of x**2 * y: the derivative is 2 x y.")
    return Feedback(False, "Differentiate term by term, holding the other variable fixed, then put in (2, 3).")


def chain_exercise() -> float:
    """``dL/dw`` for ``L = (tanh(w x) - t)**2 / 2`` at :data:`CHAIN_VALUES`, by autograd.

    Examples
    --------
    >>> round(chain_exercise(), 4)  # (tanh 1 - 1) * (1 - tanh(1)**2) * 2
    -0.2002
    """
    w = Value(CHAIN_VALUES["w"], label="w")
    loss = 0.5 * ((w * CHAIN_VALUES["x"]).tanh() - CHAIN_VALUES["t"]) ** 2
    loss.backward()
    return w.grad


def check_chain_rule(dL_dw: float) -> Feedback:
    """Exercise 2: ``dL/dw`` for ``L = (tanh(w x) - t)**2 / 2`` at ``w = 0.5, x = 2, t = 1``.

    Examples
    --------
    >>> check_chain_rule(-0.2002).correct
    True
    """
    expected = chain_exercise()
    w, x, t = CHAIN_VALUES["w"], CHAIN_VALUES["x"], CHAIN_VALUES["t"]
    h = math.tanh(w * x)
    if close_enough(dL_dw, expected):
        return Feedback(True, f"dL/dh * dh/du * du/dw = ({h - t:.4f}) * ({1 - h * h:.4f}) * {x:g}.")
    if close_enough(dL_dw, (h - t) * (1 - h * h)):
        return Feedback(False, "One factor is missing: the innermost function u = w x has du/dw = x.")
    if close_enough(dL_dw, (h - t) * x):
        return Feedback(False, "One factor is missing: the derivative of tanh at u, 1 - tanh(u)**2.")
    if close_enough(dL_dw, -expected):
        return Feedback(False, "The sign is flipped: dL/dh = h - t, which is negative here.")
    return Feedback(False, "Name the steps u = w x, h = tanh(u), L = (h - t)**2 / 2 and multiply their derivatives.")


def shared_node_exercise() -> float:
    """``dz/dx`` for ``q = x + y, z = q x`` at :data:`SHARED_POINT`, by autograd.

    Examples
    --------
    >>> shared_node_exercise()
    7.0
    """
    x, y = Value(SHARED_POINT[0], label="x"), Value(SHARED_POINT[1], label="y")
    z = (x + y) * x
    z.backward()
    return x.grad


def check_shared_node(dz_dx: float) -> Feedback:
    """Exercise 3: ``dz/dx`` for ``q = x + y, z = q * x`` at ``x = 3, y = 1``.

    Examples
    --------
    >>> check_shared_node(4.0).correct  # only the direct path
    False
    """
    expected = shared_node_exercise()
    x, y = SHARED_POINT
    if close_enough(dz_dx, expected):
        return Feedback(True, "Two paths from x to z: x -> z directly (q) and x -> q -> z (x); their sum is 2x + y.")
    if close_enough(dz_dx, x + y):
        return Feedback(False, "That is only the direct path x -> z. x also reaches z through q = x + y.")
    if close_enough(dz_dx, x):
        return Feedback(False, "That is only the path through q. x also enters z = q * x directly.")
    return Feedback(False, "Add the contributions of every path from x to z.")


def check_best_step(h: float, method: str = "forward") -> Feedback:
    """Exercise 4: the order of magnitude of the best step for a finite difference in float64.

    Examples
    --------
    >>> check_best_step(1e-8, "forward").correct
    True
    """
    best = optimal_step(method)
    if not isinstance(h, (int, float)) or not h > 0:
        return Feedback(False, "A step size is a positive number.")
    if best / 10 <= h <= best * 10:
        return Feedback(
            True, f"eps**(1/{2 if method == 'forward' else 3}) = {best:.1e} balances truncation against round-off."
        )
    if h < best / 10:
        return Feedback(False, "Too small: round-off error, about eps / h, dominates there.")
    return Feedback(False, "Too large: the truncation error, about h (forward) or h**2 (central), dominates there.")


# ------------------------------------------------------------------ practice page


class _ScalarFunction:
    """A function of a vector returning a number, shown by its formula in the checker's messages."""

    def __init__(self, formula: str, function: Callable[[np.ndarray], Any]) -> None:
        self.formula, self.function = formula, function

    def __call__(self, x: np.ndarray) -> Any:
        return self.function(x)

    def __repr__(self) -> str:
        return self.formula


_TEST_FUNCTIONS = (
    _ScalarFunction("sum(x**3)", lambda x: np.sum(x**3)),
    _ScalarFunction("sum(sin(x))", lambda x: np.sum(np.sin(x))),
    _ScalarFunction("x[0] * sum(x**2)", lambda x: x[0] * np.sum(x**2)),
    _ScalarFunction("exp(x[0]) * sum(x)", lambda x: np.exp(x[0]) * np.sum(x)),
)


def _gradient_problem(rng: np.random.Generator) -> tuple[_ScalarFunction, np.ndarray, float]:
    """Random ``(f, x, h)``: one of four smooth functions, a point of 1 to 4 entries, a step from 0.1 to 0.001."""
    f = _TEST_FUNCTIONS[int(rng.integers(len(_TEST_FUNCTIONS)))]
    x = np.round(rng.normal(size=int(rng.integers(1, 5))), 2) + 0.0  # + 0.0: no -0.0 in the messages
    return f, x, float(rng.choice([0.1, 0.01, 0.001]))


def _forward_differences(f: Callable[[np.ndarray], Any], x: np.ndarray, h: float) -> np.ndarray:
    """The mistake: ``(f(x + h e_i) - f(x)) / h`` for every ``i``."""
    grad = np.zeros(x.shape)
    for i in range(x.size):
        step = np.zeros(x.shape)
        step[i] = h
        grad[i] = (f(x + step) - f(x)) / h
    return grad


def _all_at_once(f: Callable[[np.ndarray], Any], x: np.ndarray, h: float) -> np.ndarray:
    """The mistake: every entry moved together, ``(f(x + h) - f(x - h)) / (2 h)`` in every slot."""
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def check_numerical_gradient(numerical_gradient_function: Any) -> Feedback:
    """Practice: a learner's central difference ``numerical_gradient(f, x, h)`` against the library's.

    The reference is :func:`mlcourse.gradcheck.numerical_gradient`; the
    function is run on 20 random problems (four functions of a vector of 1
    to 4 entries, steps 0.1, 0.01 and 0.001, so that a forward difference
    visibly differs) and the first difference is reported
    (:func:`~mlcourse.chapters._book.check_function`); a forward difference
    and a step of all entries at once are named.

    Examples
    --------
    >>> check_numerical_gradient(numerical_gradient).correct
    True
    >>> check_numerical_gradient(_forward_differences).message.endswith("one on each side of x[i].")
    True
    """
    mistakes = [
        (
            _forward_differences,
            "That is the forward difference (f(x + h) - f(x)) / h; the central difference uses two points, "
            "one on each side of x[i].",
        ),
        (_all_at_once, "Every entry got the same number: move one entry x[i] at a time, the others held fixed."),
    ]
    return check_function(
        numerical_gradient_function,
        numerical_gradient,
        _gradient_problem,
        names=["f", "x", "h"],
        outputs=["the gradient"],
        success="Your central differences are the library's on 20 random problems.",
        mistakes=mistakes,
    )


def _chain_problem(rng: np.random.Generator) -> tuple[np.ndarray, float, float]:
    """Random ``(weights, x, target)``: 1 to 6 layers, the first trials small enough to read."""
    weights = np.round(rng.normal(scale=1.2, size=int(rng.integers(1, 7))), 2) + 0.0  # + 0.0: no -0.0
    return weights, float(np.round(rng.uniform(-1, 1), 2)) + 0.0, float(np.round(rng.uniform(-1, 1), 2)) + 0.0


def _library_chain_gradient(weights: np.ndarray, x: float, target: float) -> np.ndarray:
    return layer_chain(weights, x, target).grad_w


def check_tanh_chain_gradient(tanh_chain_gradient: Any) -> Feedback:
    """Practice: a learner's ``tanh_chain_gradient(weights, x, target) -> dL_dw`` against the chapter's.

    The layers are ``h_i = tanh(w_i h_{i-1})`` with ``h_0 = x`` and the loss
    ``L = (h_N - target)**2 / 2``; the reference is
    :func:`mlcourse.chapters.chain_rule.analysis.layer_chain`, run on 20
    random chains of 1 to 6 layers.

    Examples
    --------
    >>> check_tanh_chain_gradient(_library_chain_gradient).correct
    True
    >>> check_tanh_chain_gradient(lambda w, x, t: -_library_chain_gradient(w, x, t))
    Not yet. On weights=[-0.16,  0.77,  0.13, -0.64,  0.43,  1.56], x=0.46, target=0.09: dL_dw has the wrong sign everywhere: check the direction of a difference (prediction - target).
    """
    return check_function(
        tanh_chain_gradient,
        _library_chain_gradient,
        _chain_problem,
        names=["weights", "x", "target"],
        outputs=["dL_dw"],
        success="Your backward pass gives the chapter's gradients on 20 random chains of 1 to 6 layers.",
    )
