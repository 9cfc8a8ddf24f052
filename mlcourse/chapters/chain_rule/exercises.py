"""Checkers for chapter 2 (derivatives and the chain rule).

The right answers are computed by the library: partial derivatives and
chain-rule gradients by the autograd engine (:mod:`mlcourse.autograd`),
step sizes by :func:`mlcourse.chapters.chain_rule.analysis.optimal_step`.
"""

from __future__ import annotations

import math

from mlcourse.autograd import Value
from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.chain_rule.analysis import optimal_step

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
