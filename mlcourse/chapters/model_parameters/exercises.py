"""Checkers for chapter 13 (model structure and parameters)."""

from __future__ import annotations

import numpy as np

from mlcourse import nn
from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.model_parameters.analysis import LAYER_SIZES, build_model

#: The architecture of exercise 1 (an MNIST-sized network: 28x28 = 784 pixels).
EXERCISE_SIZES = (784, 128, 64, 10)


def batchnorm_network() -> nn.Sequential:
    """The network of exercise 2: Linear(64, 32), BatchNorm1d(32), ReLU, Dropout(0.2), Linear(32, 10)."""
    return nn.mlp([64, 32, 10], batch_norm=True, dropout=0.2, seed=0)


def check_parameter_count(count: int) -> Feedback:
    """Exercise 1: the number of learnable parameters of the 784-128-64-10 network."""
    sizes = EXERCISE_SIZES
    expected = nn.mlp(sizes).summary(sizes[0]).total_parameters
    pairs = list(zip(sizes[:-1], sizes[1:]))
    if close_enough(count, expected, rtol=0, atol=0.5):
        return Feedback(True, f"(784+1)*128 + (128+1)*64 + (64+1)*10 = {expected:,}.")
    if close_enough(count, sum(a * b for a, b in pairs), rtol=0, atol=0.5):
        return Feedback(
            False,
            "You counted the weights but not the biases: each output unit has one bias, "
            "so a dense layer has (n_in + 1) * n_out parameters.",
        )
    if close_enough(count, sum(a * (b + 1) for a, b in pairs), rtol=0, atol=0.5):
        return Feedback(False, "The bias belongs to each OUTPUT unit: (n_in + 1) * n_out, not n_in * (n_out + 1).")
    if close_enough(count, sum(sizes), rtol=0, atol=0.5):
        return Feedback(False, "That is the number of units (neurons); count the connections between layers.")
    return Feedback(False, "Add (n_in + 1) * n_out over the three dense layers.")


def check_batchnorm_counts(learnable: int, stored: int) -> Feedback:
    """Exercise 2: learnable parameters of :func:`batchnorm_network`, and arrays' entries in its ``state_dict``."""
    model = batchnorm_network()
    expected_learnable = sum(parameter.size for parameter in model.parameters())
    expected_stored = sum(array.size for array in model.state_dict().values())
    buffers = expected_stored - expected_learnable
    right_learnable = close_enough(learnable, expected_learnable, rtol=0, atol=0.5)
    right_stored = close_enough(stored, expected_stored, rtol=0, atol=0.5)
    if right_learnable and right_stored:
        return Feedback(
            True,
            f"{expected_learnable:,} learnable (gamma and beta add 2*32) and {expected_stored:,} "
            f"stored: the running mean and variance add {buffers} numbers that are saved "
            "but never trained by gradient descent.",
        )
    if close_enough(learnable, expected_stored, rtol=0, atol=0.5):
        return Feedback(
            False,
            "The running mean and variance are buffers: updated by averaging batch "
            "statistics, not by gradients, so they are not learnable parameters.",
        )
    if close_enough(learnable, expected_learnable - 2 * 32, rtol=0, atol=0.5):
        return Feedback(False, "BatchNorm1d(32) learns a scale gamma and a shift beta per feature: 2*32 parameters.")
    if right_learnable:
        return Feedback(
            False,
            "The learnable count is right. state_dict also holds the buffers: "
            "count the entries of running_mean and running_var.",
        )
    return Feedback(False, "Add (n_in + 1) * n_out for each Linear and 2 * n_features for BatchNorm1d.")


def check_model_bytes(n_bytes: int) -> Feedback:
    """Exercise 3: bytes taken by the parameters of the chapter's 64-32-16-10 network stored in float32."""
    model = build_model(dtype=np.float32)
    expected = sum(parameter.data.nbytes for parameter in model.parameters())
    count = sum(parameter.size for parameter in model.parameters())
    if close_enough(n_bytes, expected, rtol=0, atol=0.5):
        return Feedback(True, f"{count:,} parameters x 4 bytes = {expected:,} bytes, half of float64.")
    if close_enough(n_bytes, 2 * expected, rtol=0, atol=0.5):
        return Feedback(False, "That is float64 (8 bytes per number); float32 takes 4 bytes.")
    if close_enough(n_bytes, count, rtol=0, atol=0.5):
        return Feedback(False, "That is the number of parameters; each float32 takes 4 bytes.")
    weights_only = sum(n_in * n_out for n_in, n_out in zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]))
    if close_enough(n_bytes, 4 * weights_only, rtol=0, atol=0.5):
        return Feedback(False, "Biases are parameters too and take memory.")
    return Feedback(False, "Count the parameters ((n_in + 1) * n_out per layer), then multiply by 4 bytes.")


def check_he_std(std: float) -> Feedback:
    """Exercise 4: the standard deviation of He-normal weights for a layer Linear(64, 32)."""
    expected = float(np.sqrt(2.0 / 64))
    if close_enough(std, expected, rtol=1e-3):
        return Feedback(True, f"sqrt(2 / n_in) = sqrt(2/64) = {expected:.4f}; the widget shows about 0.177 at epoch 0.")
    if close_enough(std, np.sqrt(2.0 / (64 + 32)), rtol=1e-3):
        return Feedback(False, "That is Xavier/Glorot (fan-in plus fan-out); He uses the fan-in only.")
    if close_enough(std, np.sqrt(1.0 / 64), rtol=1e-3):
        return Feedback(False, "He doubles the variance 1/n_in to make up for ReLU zeroing half of its inputs.")
    if close_enough(std, 2.0 / 64, rtol=1e-3):
        return Feedback(False, "That is the variance; the standard deviation is its square root.")
    return Feedback(False, "He normal: std = sqrt(2 / n_in), with n_in the number of inputs of the layer.")
