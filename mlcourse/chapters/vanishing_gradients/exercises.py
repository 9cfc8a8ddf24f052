"""Checkers for chapter 11 (vanishing and exploding gradients)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mlcourse.activations import sigmoid_derivative
from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.nn import BatchNorm1d, Linear, Parameter, Sequential, fold_batchnorm
from mlcourse.optim import clip_grad_norm, clip_grad_value

#: The gradient and threshold of the clipping exercise.
CLIP_GRADIENT, CLIP_THRESHOLD = np.array([3.0, 4.0]), 1.0
#: The 1 -> 1 layer and batch-norm statistics of the folding exercise.
FOLD_W, FOLD_B, FOLD_MEAN, FOLD_VAR, FOLD_GAMMA, FOLD_BETA = 2.0, 1.0, 3.0, 4.0, 0.5, 0.1


def sigmoid_chain_bound(depth: int) -> float:
    """Largest possible product of ``depth`` sigmoid derivatives: ``sigmoid'(0) ** depth``."""
    return float(sigmoid_derivative(0.0)) ** depth


def check_sigmoid_bound(product: float, depth: int = 10) -> Feedback:
    """Exercise: the largest value of a product of ``depth`` sigmoid derivatives."""
    expected = sigmoid_chain_bound(depth)
    if close_enough(product, expected, rtol=1e-3, atol=0):
        return Feedback(
            True,
            f"0.25**{depth} = {expected:.3g}: even in the best case the factor from the "
            "activations alone is about a millionth.",
        )
    if close_enough(product, 0.5**depth, rtol=1e-3, atol=0):
        return Feedback(False, "0.5 is the largest value of sigmoid itself; its DERIVATIVE s(1 - s) peaks at 1/4.")
    if close_enough(product, 0.25 * depth, rtol=1e-3, atol=0):
        return Feedback(False, "The chain rule multiplies the derivatives of the layers; it does not add them.")
    return Feedback(False, "sigmoid'(x) = s(x)(1 - s(x)) is largest at x = 0, where s = 1/2; multiply it depth times.")


def init_stds(n_in: int, n_out: int) -> tuple[float, float]:
    """Standard deviations of Xavier-normal and He-normal weights for a layer ``n_in -> n_out``.

    The formulas of :mod:`mlcourse.init` (the tests compare them with the
    spread of actual draws of :func:`~mlcourse.init.xavier_normal` and
    :func:`~mlcourse.init.he_normal`).
    """
    return float(np.sqrt(2.0 / (n_in + n_out))), float(np.sqrt(2.0 / n_in))


def check_init_stds(xavier_std: float, he_std: float, n_in: int = 256, n_out: int = 128) -> Feedback:
    """Exercise: the standard deviations of Xavier-normal and He-normal weights for ``n_in -> n_out``."""
    xavier, he = init_stds(n_in, n_out)
    right_x = close_enough(xavier_std, xavier, rtol=1e-3)
    right_h = close_enough(he_std, he, rtol=1e-3)
    if right_x and right_h:
        return Feedback(
            True,
            f"Xavier {xavier:.4f} (variance 2/(n_in+n_out)), He {he:.4f} (variance 2/n_in): "
            "He is larger to make up for ReLU zeroing half of its inputs.",
        )
    if close_enough(xavier_std, xavier**2, rtol=1e-3) or close_enough(he_std, he**2, rtol=1e-3):
        return Feedback(False, "Those are variances; the standard deviation is their square root.")
    if close_enough(xavier_std, math.sqrt(6.0 / (n_in + n_out)), rtol=1e-3):
        return Feedback(
            False,
            "sqrt(6/(n_in+n_out)) is the LIMIT a of the uniform version U(-a, a); "
            "the normal version has std sqrt(2/(n_in+n_out)).",
        )
    if close_enough(xavier_std, he, rtol=1e-3) and close_enough(he_std, xavier, rtol=1e-3):
        return Feedback(False, "Swapped: He uses the fan-in only, 2/n_in; Xavier averages fan-in and fan-out.")
    return Feedback(False, "Xavier: variance 2/(n_in + n_out); He: variance 2/n_in. Give standard deviations.")


def clipped_gradients() -> tuple[np.ndarray, np.ndarray]:
    """``CLIP_GRADIENT`` clipped at ``CLIP_THRESHOLD`` by norm and by value (with mlcourse.optim)."""
    by_norm = Parameter(np.zeros(2))
    by_norm.grad[...] = CLIP_GRADIENT
    clip_grad_norm([by_norm], CLIP_THRESHOLD)
    by_value = Parameter(np.zeros(2))
    by_value.grad[...] = CLIP_GRADIENT
    clip_grad_value([by_value], CLIP_THRESHOLD)
    return by_norm.grad.copy(), by_value.grad.copy()


def check_clipping(by_norm: Any, by_value: Any) -> Feedback:
    """Exercise: clip the gradient (3, 4) at 1 by norm and by value."""
    expected_norm, expected_value = clipped_gradients()
    right_n = close_enough(by_norm, expected_norm, rtol=1e-4, atol=1e-6)
    right_v = close_enough(by_value, expected_value, rtol=1e-4, atol=1e-6)
    if right_n and right_v:
        angle = math.degrees(math.atan2(4, 3) - math.atan2(1, 1))
        return Feedback(
            True,
            f"By norm keeps the direction (0.6, 0.8); by value turns it by {angle:.1f} degrees "
            "towards the diagonal, and its length is sqrt(2), above the threshold.",
        )
    if close_enough(by_norm, expected_value, atol=1e-6) and close_enough(by_value, expected_norm, atol=1e-6):
        return Feedback(False, "Swapped: by norm rescales the whole vector, by value cuts each component.")
    if not right_n:
        return Feedback(False, "By norm: the length is 5, so multiply the vector by 1/5.")
    return Feedback(False, "By value: clip each component to [-1, 1] separately.")


def folded_parameters() -> tuple[float, float]:
    """The exercise's Linear(1, 1) + BatchNorm1d(1) folded into one Linear, by mlcourse.nn."""
    linear = Linear(1, 1, init="zeros")
    linear.W.data[...] = FOLD_W
    linear.b.data[...] = FOLD_B
    norm = BatchNorm1d(1)
    norm.running_mean[...] = FOLD_MEAN
    norm.running_var[...] = FOLD_VAR
    norm.gamma.data[...] = FOLD_GAMMA
    norm.beta.data[...] = FOLD_BETA
    folded = fold_batchnorm(Sequential(linear, norm))[0]
    return float(folded.W.data[0, 0]), float(folded.b.data[0])


def check_folding(weight: float, bias: float) -> Feedback:
    """Exercise: fold ``y = 2x + 1`` followed by batch norm (mean 3, var 4, gamma 0.5, beta 0.1) into one line."""
    expected_w, expected_b = folded_parameters()
    if close_enough([weight, bias], [expected_w, expected_b], rtol=1e-4, atol=1e-5):
        return Feedback(
            True,
            "The folded layer computes 0.5 x - 0.4: the same as the two layers in "
            "evaluation mode, for one multiplication and one addition.",
        )
    scale = FOLD_GAMMA / math.sqrt(FOLD_VAR)
    if close_enough([weight, bias], [FOLD_W * scale, FOLD_B * scale + FOLD_BETA], rtol=1e-4, atol=1e-5):
        return Feedback(
            False,
            "The running mean is subtracted from the layer's output before scaling: "
            "b' = (b - mean) * gamma / sqrt(var) + beta.",
        )
    if close_enough(weight, FOLD_W * FOLD_GAMMA / FOLD_VAR, rtol=1e-4):
        return Feedback(False, "Divide by the standard deviation sqrt(var) = 2, not by the variance.")
    return Feedback(False, "With s = gamma / sqrt(var + eps): W' = W * s and b' = (b - mean) * s + beta.")
