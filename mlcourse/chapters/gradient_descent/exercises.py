"""Checkers for chapter 3 (gradient descent).

The right answers are computed by the library: thresholds by
:func:`mlcourse.chapters.gradient_descent.analysis.max_stable_learning_rate`, step counts by running
:func:`mlcourse.chapters.gradient_descent.analysis.gradient_descent`, updates per epoch by
:func:`mlcourse.chapters.gradient_descent.analysis.updates_per_epoch`.
The practice page's functions are run against the chapter's: a descent loop
against :func:`mlcourse.chapters.gradient_descent.analysis.gradient_descent`,
an epoch of mini-batch gradient descent against
:func:`mlcourse.chapters.gradient_descent.analysis.minibatch_epoch`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.gradient_descent.analysis import (
    equality_minimum,
    gradient_descent,
    max_stable_learning_rate,
    minibatch_epoch,
    updates_per_epoch,
)
from mlcourse.lr_scheduler import StepLR
from mlcourse.models import LinearRegression
from mlcourse.nn import Parameter
from mlcourse.optim import SGD
from mlcourse.surfaces import Himmelblau, IllConditionedBowl, Quadratic1D, Saddle

#: Exercise 1: the bowl ``f = (a x**2 + b y**2) / 2`` with these curvatures.
BOWL_CURVATURES = (2.0, 8.0)
#: Exercise 2: ``f = x**2 / 2`` from ``x = 4`` with learning rate 0.1, until ``abs(f'(x)) < 1e-3``.
STEPS_SETTING = {"start": 4.0, "learning_rate": 0.1, "tolerance": 1e-3}
#: Exercise 3: a data set of this size, this batch size, this many epochs.
UPDATES_SETTING = {"n_samples": 1000, "batch_size": 32, "epochs": 10}
#: Exercise 4: ``f = x**2 - y**2`` from ``(1.5, 1e-6)`` with learning rate 0.1, until ``abs(y) > 0.1``.
SADDLE_SETTING = {"start": (1.5, 1e-6), "learning_rate": 0.1, "radius": 0.1}


def threshold_exercise() -> float:
    """The largest stable learning rate on the bowl of exercise 1 (``2 / max(a, b)``)."""
    bowl = IllConditionedBowl(*BOWL_CURVATURES)
    return max_stable_learning_rate(np.diag([bowl.a, bowl.b]))


def check_threshold(learning_rate: float) -> Feedback:
    """Exercise 1: the learning rate above which gradient descent diverges on ``(2 x**2 + 8 y**2) / 2``."""
    expected = threshold_exercise()
    a, b = BOWL_CURVATURES
    if close_enough(learning_rate, expected):
        return Feedback(True, f"2 / {b:g} = {expected:g}: the steep direction (curvature {b:g}) sets the limit.")
    if close_enough(learning_rate, 2 / a):
        return Feedback(False, f"That is 2 / {a:g}, the limit of the flat direction; the steep one overshoots first.")
    if close_enough(learning_rate, 1 / b):
        return Feedback(
            False, f"1 / {b:g} reaches the bottom of the steep direction in one step; divergence starts at twice that."
        )
    return Feedback(
        False,
        "Along each axis one step multiplies the coordinate by 1 - lr * curvature; find where its size reaches 1.",
    )


def steps_exercise() -> int:
    """The number of steps of exercise 2, by running :func:`gradient_descent`."""
    result = gradient_descent(
        Quadratic1D(),
        STEPS_SETTING["start"],
        STEPS_SETTING["learning_rate"],
        max_steps=10_000,
        tolerance=STEPS_SETTING["tolerance"],
    )
    return int(result.converged_at)


def check_steps(steps: int) -> Feedback:
    """Exercise 2: steps until ``|f'(x)| < 1e-3`` for ``f = x**2 / 2`` from 4 with learning rate 0.1."""
    expected = steps_exercise()
    if steps == expected:
        return Feedback(True, f"x_k = 4 * 0.9**k; the first k with x_k < 1e-3 is {expected}.")
    if steps in (expected - 1, expected + 1):
        return Feedback(
            False, "Off by one: you need the first k with 4 * 0.9**k strictly below 1e-3 (round the logarithm up)."
        )
    return Feedback(
        False, "Each step multiplies x by 1 - 0.1 * 1 = 0.9, so x_k = 4 * 0.9**k; solve 4 * 0.9**k < 1e-3 for k."
    )


def check_updates(per_epoch: int, total: int) -> Feedback:
    """Exercise 3: updates per epoch and in total for 1000 samples, batch size 32, 10 epochs."""
    n, size, epochs = UPDATES_SETTING["n_samples"], UPDATES_SETTING["batch_size"], UPDATES_SETTING["epochs"]
    expected = updates_per_epoch(n, size)
    if per_epoch == expected and total == expected * epochs:
        return Feedback(True, f"31 full batches of 32 and a last one of {n - 31 * size}: {expected} per epoch.")
    if per_epoch == n // size:
        return Feedback(False, "The last, smaller batch (8 samples) is an update too.")
    if per_epoch == expected:
        return Feedback(False, "Per epoch is right; the total is per epoch times the number of epochs.")
    return Feedback(False, "An epoch is one pass over the data in batches of 32; count the batches.")


def saddle_exercise() -> int:
    """The number of steps of exercise 4, by running :func:`gradient_descent` on the saddle."""
    setting = SADDLE_SETTING
    result = gradient_descent(Saddle(), setting["start"], setting["learning_rate"], max_steps=1000)
    outside = np.flatnonzero(np.abs(result.path[:, 1]) > setting["radius"])
    return int(outside[0])


def check_saddle_escape(steps: int) -> Feedback:
    """Exercise 4: steps until ``|y| > 0.1`` on ``x**2 - y**2`` from ``(1.5, 1e-6)`` with learning rate 0.1."""
    expected = saddle_exercise()
    if steps == expected:
        return Feedback(
            True,
            f"y_k = 1e-6 * 1.2**k passes 0.1 at k = {expected}; meanwhile x_k = 1.5 * 0.8**k "
            "has long reached the saddle.",
        )
    if steps in (expected - 1, expected + 1):
        return Feedback(False, "Off by one: the first k with 1e-6 * 1.2**k > 0.1 (round up).")
    if steps < 0 or steps > 10_000:
        return Feedback(False, "It does escape: any y different from 0 grows by a factor 1.2 per step.")
    return Feedback(False, "df/dy = -2y, so one step maps y to y + 0.1 * 2y = 1.2 y; solve 1e-6 * 1.2**k > 0.1.")


# ------------------------------------------------------------------ section page: beyond a fixed step

#: Section page, exercise 1: ``StepLR(step_size=100, gamma=0.3)`` from rate 0.1; the rate at step 250.
SCHEDULE_SETTING = {"lr": 0.1, "step_size": 100, "gamma": 0.3, "step": 250}
#: Section page, exercise 2: minimise ``(2 x**2 + 8 y**2) / 2`` subject to ``x + y = 1``.
LAGRANGE_SETTING = {"curvatures": (2.0, 8.0), "normal": (1.0, 1.0), "offset": 1.0}


def schedule_exercise() -> float:
    """The rate of the section page's exercise 1, from :class:`mlcourse.lr_scheduler.StepLR`."""
    setting = SCHEDULE_SETTING
    optimizer = SGD([Parameter(np.zeros(1))], lr=setting["lr"])
    return StepLR(optimizer, step_size=setting["step_size"], gamma=setting["gamma"]).lr_at(setting["step"])


def check_scheduled_rate(rate: float) -> Feedback:
    """Section page, exercise 1: the rate of ``StepLR(step_size=100, gamma=0.3)`` (base 0.1) at step 250."""
    expected = schedule_exercise()
    setting = SCHEDULE_SETTING
    if close_enough(rate, expected):
        return Feedback(True, f"250 // 100 = 2 decays: 0.1 * 0.3**2 = {expected:g}.")
    if close_enough(rate, setting["lr"] * setting["gamma"] ** 2.5):
        return Feedback(False, "StepLR decays in whole steps: count the completed periods of 100 (250 // 100).")
    if close_enough(rate, setting["lr"] * setting["gamma"] ** 3) or close_enough(
        rate, setting["lr"] * setting["gamma"]
    ):
        return Feedback(False, "Count the decays: at steps 100 and 200, not at 300 (steps are counted from 0).")
    return Feedback(False, "The rate is lr * gamma ** (step // step_size).")


def lagrange_exercise() -> tuple[float, float, float]:
    """``(x, y, lambda)`` of the section page's exercise 2, by :func:`equality_minimum`."""
    setting = LAGRANGE_SETTING
    point, multiplier = equality_minimum(np.diag(setting["curvatures"]), setting["normal"], setting["offset"])
    return float(point[0]), float(point[1]), multiplier


def check_lagrange(x: float, y: float, multiplier: float) -> Feedback:
    """Section page, exercise 2: the minimum of ``(2 x**2 + 8 y**2) / 2`` on the line ``x + y = 1``, and lambda."""
    ex, ey, em = lagrange_exercise()
    if close_enough(x, ex) and close_enough(y, ey) and close_enough(multiplier, em):
        return Feedback(True, f"2x = 8y = lambda and x + y = 1 give x = {ex:g}, y = {ey:g}, lambda = {em:g}.")
    if close_enough(x, ex) and close_enough(y, ey):
        return Feedback(False, "The point is right; lambda is the common value of df/dx = 2x and df/dy = 8y there.")
    if close_enough(x, ey) and close_enough(y, ex):
        return Feedback(False, "x and y are swapped: the steep direction y (curvature 8) must stay small.")
    if not close_enough(x + y, 1.0):
        return Feedback(False, f"The point must lie on the line: x + y = {x + y:g}, not 1.")
    return Feedback(False, "On the line, grad f = lambda grad h: 2x = lambda and 8y = lambda; add x + y = 1.")


# ------------------------------------------------------------------ practice page


def _descent_problem(rng: np.random.Generator) -> tuple[Any, np.ndarray, float, float, int]:
    """Random ``(surface, start, learning_rate, tolerance, max_steps)`` that never diverges within max_steps.

    A bowl with curvatures from 1 to 10 and a stable rate, the saddle (which
    the path leaves slowly), or Himmelblau's function with rate 0.01; about
    half the runs meet the tolerance before ``max_steps``.
    """
    kind = int(rng.integers(4))
    start = np.round(rng.uniform(-3, 3, size=2), 2) + 0.0  # + 0.0: no -0.0 in the messages
    if kind <= 1:
        a, b = sorted(float(c) for c in rng.choice([1.0, 2.0, 4.0, 10.0], size=2))
        surface: Any = IllConditionedBowl(a=a, b=b)
        learning_rate = float(np.round(rng.uniform(0.2, 0.9) * 2 / b, 2))
    elif kind == 2:
        surface, learning_rate = Saddle(), float(rng.choice([0.05, 0.1]))
    else:
        surface, learning_rate = Himmelblau(), 0.01
    return surface, start, learning_rate, float(rng.choice([1e-1, 1e-2, 1e-3])), int(rng.integers(1, 60))


def _library_descent(
    surface: Any, start: np.ndarray, learning_rate: float, tolerance: float, max_steps: int
) -> np.ndarray:
    return gradient_descent(surface, start, learning_rate, max_steps=max_steps, tolerance=tolerance).path


def _tolerance_after_step(
    surface: Any, start: np.ndarray, learning_rate: float, tolerance: float, max_steps: int
) -> np.ndarray:
    """The mistake: the step is taken before the gradient is compared with the tolerance."""
    x, path = np.array(start, dtype=float), [np.array(start, dtype=float)]
    for _ in range(max_steps):
        gradient = surface.gradient(x)
        x = x - learning_rate * gradient
        path.append(x)
        if np.linalg.norm(gradient) < tolerance:
            break
    return np.array(path)


def check_descent(descend: Any) -> Feedback:
    """Practice: a learner's ``descend(surface, start, learning_rate, tolerance, max_steps) -> path``.

    The reference is the chapter's
    :func:`~mlcourse.chapters.gradient_descent.analysis.gradient_descent`
    with the gradient tolerance (its ``path``), run on 20 random problems
    on a bowl, the saddle and Himmelblau's function.

    Examples
    --------
    >>> check_descent(_library_descent).correct
    True
    >>> check_descent(_tolerance_after_step).correct
    False
    """
    hint = (
        "Your loop takes one step too many: compare the gradient with the tolerance before the step it would "
        "make, and stop without taking it."
    )
    return check_function(
        descend,
        _library_descent,
        _descent_problem,
        names=["surface", "start", "learning_rate", "tolerance", "max_steps"],
        outputs=["the path"],
        success="Your path is the chapter's on 20 random runs, stopped by the tolerance or by max_steps.",
        mistakes=[(_tolerance_after_step, hint)],
    )


def _epoch_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(X, y, w, b, batch_size, learning_rate, rng)``: 1 or 2 features, at most 12 entries in ``X``.

    The generator passed on is ``np.random.default_rng(seed)`` for a random ``seed`` (a message names it so).
    """
    n_features = int(rng.integers(1, 3))
    n_samples = int(rng.integers(3, 12 // n_features + 1))
    X = np.round(rng.normal(size=(n_samples, n_features)), 2) + 0.0  # + 0.0: no -0.0 in the messages
    y = np.round(X @ rng.normal(size=n_features) + rng.normal(size=n_samples), 2) + 0.0
    w, b = np.round(rng.normal(size=n_features), 2) + 0.0, float(np.round(rng.normal(), 2)) + 0.0
    batch_size = int(rng.integers(1, n_samples + 1))
    learning_rate = float(rng.choice([0.01, 0.05, 0.1]))
    seed = int(rng.integers(100))
    return X, y, w, b, batch_size, learning_rate, np.random.default_rng(seed)


def _library_epoch(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    batch_size: int,
    learning_rate: float,
    rng: np.random.Generator,
) -> np.ndarray:
    return np.array(minibatch_epoch(X, y, w, b, batch_size, learning_rate, rng))


def _epoch_in_order(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    batch_size: int,
    learning_rate: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """The mistake: the batches are cut from the rows in their given order."""
    path = []
    for start in range(0, len(y), batch_size):
        rows = slice(start, start + batch_size)
        grad_w, grad_b = LinearRegression.gradient(X[rows], y[rows], w, b)
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
        path.append(np.append(w, b))
    return np.array(path)


def check_minibatch_epoch(epoch: Any) -> Feedback:
    """Practice: a learner's ``minibatch_epoch(X, y, w, b, batch_size, learning_rate, rng) -> path``.

    The path holds ``(w..., b)`` after every update. The reference is the
    chapter's :func:`~mlcourse.chapters.gradient_descent.analysis.minibatch_epoch`,
    run on 20 random data sets (3 to 12 samples, every batch size from 1 to
    the full set) with a generator in the same state; the message shows the
    generator as the ``np.random.default_rng(seed)`` it was made by.

    Examples
    --------
    >>> check_minibatch_epoch(_library_epoch).correct
    True
    >>> check_minibatch_epoch(_epoch_in_order).message.endswith("rng.permutation(len(y)).")
    True
    """
    hint = "Your batches follow the rows in their given order: visit them in the order rng.permutation(len(y))."
    return check_function(
        epoch,
        _library_epoch,
        _epoch_problem,
        names=["X", "y", "w", "b", "batch_size", "learning_rate", "rng"],
        outputs=["the path"],
        success="Your epoch is the chapter's on 20 random data sets and batch sizes.",
        mistakes=[(_epoch_in_order, hint)],
    )
