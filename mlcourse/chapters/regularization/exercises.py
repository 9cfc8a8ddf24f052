"""Checkers for chapter 10 (overfitting and regularization)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.regularization.analysis import ProximalSGD, chapter_digits
from mlcourse.nn import Parameter, Sequential, mlp
from mlcourse.optim import SGD

#: The weights and the (zero) data gradient of the soft-thresholding exercise.
THRESHOLD_WEIGHTS = np.array([0.8, -0.05, 0.02, -0.6])
THRESHOLD_LR, THRESHOLD_L1 = 0.1, 1.0


def notes_keras_model() -> Sequential:
    """The notes' Keras model: 10000 -> 256 -> 128 -> 46, ReLU, dropout 0.5 after both hidden layers, softmax.

    Only its parameter count is used: the weights are zeros.
    """
    return mlp([10000, 256, 128, 46], activation="relu", init="zeros", dropout=0.5, output_activation="softmax")


def check_keras_parameter_count(count: int) -> Feedback:
    """Exercise: the number of trainable parameters of the notes' Keras model."""
    expected = notes_keras_model().summary(10000).total_parameters
    no_bias = 10000 * 256 + 256 * 128 + 128 * 46
    if count == expected:
        return Feedback(True, f"{expected:,} parameters; dropout layers have none, and 98.5% sit in the first layer.")
    if count == no_bias:
        return Feedback(False, "Each Dense layer also has one bias per output unit: (n_in + 1) * n_out.")
    if count in (expected + 256 + 128, expected + 2 * (256 + 128)):
        return Feedback(False, "Dropout has no parameters: it only multiplies by a random 0/1 mask.")
    return Feedback(False, "Add (n_in + 1) * n_out over the three Dense layers: 10000->256, 256->128, 128->46.")


def l2_halving_steps(lr: float = 0.1, l2: float = 0.01) -> int:
    """Steps of weight decay after which a weight with no data gradient has halved (simulated)."""
    weight = Parameter(np.array([1.0]), "W")
    optimizer = SGD([weight], lr=lr, weight_decay=l2)
    steps = 0
    while weight.data[0] > 0.5:
        optimizer.zero_grad()
        weight.grad[...] = 0.0
        optimizer.step()
        steps += 1
    return steps


def l1_steps_to_zero(start: float = 0.5, lr: float = 0.1, l1: float = 0.01) -> int:
    """Proximal L1 steps after which a weight with no data gradient is exactly 0 (simulated)."""
    weight = Parameter(np.array([start]), "W")
    optimizer = ProximalSGD([weight], lr=lr, l1=l1)
    steps = 0
    while weight.data[0] != 0.0:
        optimizer.zero_grad()
        weight.grad[...] = 0.0
        optimizer.step()
        steps += 1
    return steps


def check_penalty_steps(l2_halving: int, l1_to_zero: int) -> Feedback:
    """Exercise: with lr 0.1 and lambda 0.01, a weight the data ignores under L2 and under L1."""
    expected_l2, expected_l1 = l2_halving_steps(), l1_steps_to_zero()
    right_l2, right_l1 = l2_halving == expected_l2, l1_to_zero == expected_l1
    if right_l2 and right_l1:
        return Feedback(
            True,
            f"L2 halves it every {expected_l2} steps and never reaches 0; "
            f"L1 removes it completely after {expected_l1} steps.",
        )
    if (l2_halving, l1_to_zero) == (expected_l1, expected_l2):
        return Feedback(False, "The two answers are swapped: L2 shrinks by a factor, L1 by a fixed amount.")
    hints = []
    if not right_l2:
        hints.append(
            "L2: each step multiplies w by (1 - lr*lambda) = 0.999; solve 0.999**n <= 0.5 for the smallest whole n."
        )
    if not right_l1:
        hints.append("L1 (proximal): each step subtracts lr*lambda = 0.001 from |w| and stops at 0.")
    return Feedback(False, " ".join(hints))


def check_threshold_step(proximal: Any, subgradient: Any) -> Feedback:
    """Exercise: one step on ``THRESHOLD_WEIGHTS`` (zero data gradient, lr 0.1, l1 1), both ways."""
    weight = Parameter(THRESHOLD_WEIGHTS.copy(), "W")
    prox = ProximalSGD([weight], lr=THRESHOLD_LR, l1=THRESHOLD_L1)
    weight.grad[...] = 0.0
    prox.step()
    expected_prox = weight.data.copy()
    weight = Parameter(THRESHOLD_WEIGHTS.copy(), "W")
    weight.grad[...] = THRESHOLD_L1 * np.sign(weight.data)  # the subgradient fit(l1=...) adds
    SGD([weight], lr=THRESHOLD_LR).step()
    expected_sub = weight.data.copy()
    right_prox = close_enough(proximal, expected_prox, atol=1e-9)
    right_sub = close_enough(subgradient, expected_sub, atol=1e-9)
    if right_prox and right_sub:
        return Feedback(
            True,
            "The proximal step lands the two small weights exactly on 0; "
            "the subgradient step throws them across 0 instead.",
        )
    if close_enough(proximal, expected_sub, atol=1e-9):
        return Feedback(
            False,
            "That is the subgradient step for both: the proximal step stops at 0 "
            "when |w| < lr*lambda instead of crossing it.",
        )
    if not right_prox:
        return Feedback(False, "Proximal: w <- sign(w) * max(|w| - lr*lambda, 0) with lr*lambda = 0.1.")
    return Feedback(False, "Subgradient: w <- w - lr*lambda*sign(w), which overshoots 0 for |w| < 0.1.")


def subnetwork_count_log10(hidden_units: tuple[int, ...] = (256, 128)) -> float:
    """log10 of the number of thinned networks when each hidden unit may be dropped (2 ** units)."""
    return sum(hidden_units) * math.log10(2)


def check_subnetwork_count(log10_count: float) -> Feedback:
    """Exercise: how many different thinned networks dropout samples from in 64 -> 256 -> 128 -> 10."""
    expected = subnetwork_count_log10()
    if close_enough(log10_count, expected, rtol=1e-3):
        return Feedback(
            True,
            f"2**384 = 10**{expected:.1f} sub-networks, all sharing one set of weights; "
            "training visits a tiny fraction of them.",
        )
    if close_enough(log10_count, subnetwork_count_log10((64, 256, 128)), rtol=1e-3):
        return Feedback(False, "Dropout here acts on the two hidden layers only, not on the 64 inputs.")
    if close_enough(log10_count, math.log10(256 * 128), rtol=1e-3) or close_enough(
        log10_count, math.log10(384), rtol=1e-3
    ):
        return Feedback(
            False,
            "Each unit is independently kept or dropped: the count is 2 to the power "
            "of the number of units, not a product of layer sizes.",
        )
    return Feedback(
        False, "Each of the 256 + 128 hidden units is kept or dropped: 2**384 masks. Give log10 of that number."
    )


def dead_pixel_shrinkage(epochs: int = 30, batch_size: int = 32, lr: float = 0.1, l1: float = 0.001) -> float:
    """Total soft-thresholding applied to a weight with no data gradient: steps * lr * l1."""
    n_train = len(chapter_digits()[0])
    steps = math.ceil(n_train / batch_size) * epochs
    return steps * lr * l1


def check_total_shrinkage(value: float) -> Feedback:
    """Exercise: how far the proximal L1 run moved the weights of the always-zero pixels towards 0."""
    expected = dead_pixel_shrinkage()
    n_train = len(chapter_digits()[0])
    if close_enough(value, expected, rtol=1e-6):
        return Feedback(
            True,
            f"{math.ceil(n_train / 32) * 30} steps of 0.0001: every weight of those pixels "
            f"is soft_threshold(initial, {expected:.2f}); those that started above "
            f"{expected:.2f} in size survive.",
        )
    if close_enough(value, 30 * 0.1 * 0.001, rtol=1e-6):
        return Feedback(
            False, "The threshold is applied at every update, i.e. once per mini-batch, not once per epoch."
        )
    if close_enough(value, n_train / 32 * 30 * 0.1 * 0.001, rtol=1e-6):
        return Feedback(
            False,
            "The last, smaller batch of each epoch is an update too: count whole batches (ceil(n / 32) per epoch).",
        )
    return Feedback(False, "Count the updates (batches per epoch times epochs); each subtracts lr * lambda from |w|.")
