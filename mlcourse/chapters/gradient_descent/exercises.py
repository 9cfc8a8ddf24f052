"""Checkers for chapter 3 (gradient descent).

The right answers are computed by the library: thresholds by
:func:`mlcourse.chapters.gradient_descent.analysis.max_stable_learning_rate`, step counts by running
:func:`mlcourse.chapters.gradient_descent.analysis.gradient_descent`, updates per epoch by
:func:`mlcourse.chapters.gradient_descent.analysis.updates_per_epoch`.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.gradient_descent.analysis import (
    gradient_descent,
    max_stable_learning_rate,
    updates_per_epoch,
)
from mlcourse.surfaces import IllConditionedBowl, Quadratic1D, Saddle

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
