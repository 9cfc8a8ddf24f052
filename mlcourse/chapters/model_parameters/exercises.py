"""Checkers for chapter 13 (model structure and parameters)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from mlcourse import nn
from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.model_parameters.analysis import LAYER_SIZES, build_model
from mlcourse.chapters.model_parameters.plots import tile_images

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


# --- Practice page: the learner counts a network's numbers and draws its first layer's weights ---


def library_parameter_counts(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    """``(learnable, stored)`` of ``nn.mlp(sizes, batch_norm=batch_norm)``, counted from the arrays it holds.

    ``learnable``: the entries of ``parameters()``; ``stored``: the entries of
    ``state_dict()`` (the parameters and the batch-norm buffers).
    """
    model = nn.mlp(list(sizes), batch_norm=batch_norm, seed=0)
    learnable = sum(parameter.size for parameter in model.parameters())
    return learnable, sum(array.size for array in model.state_dict().values())


def _count_problem(rng: np.random.Generator) -> tuple[list[int], bool]:
    """Random ``(sizes, batch_norm)``: 2 to 5 layer sizes from 1 to 16, with batch normalization or without."""
    sizes = [int(size) for size in rng.integers(1, 17, size=int(rng.integers(2, 6)))]
    return sizes, bool(rng.integers(2))


def _counts_without_bias(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    learnable, stored = library_parameter_counts(sizes, batch_norm)
    return learnable - sum(sizes[1:]), stored - sum(sizes[1:])


def _counts_bias_on_inputs(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    learnable, stored = library_parameter_counts(sizes, batch_norm)
    shift = sum(sizes[:-1]) - sum(sizes[1:])  # n_in (n_out + 1) instead of (n_in + 1) n_out
    return learnable + shift, stored + shift


def _buffers_as_learnable(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    stored = library_parameter_counts(sizes, batch_norm)[1]
    return stored, stored


def _batch_norm_on_output(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    learnable, stored = library_parameter_counts(sizes, batch_norm)
    extra = 2 * sizes[-1] if batch_norm else 0
    return learnable + extra, stored + 2 * extra


def _stored_without_buffers(sizes: Sequence[int], batch_norm: bool) -> tuple[int, int]:
    learnable = library_parameter_counts(sizes, batch_norm)[0]
    return learnable, learnable


def check_count_parameters(count_parameters: Any) -> Feedback:
    """Practice: a learner's ``count_parameters(sizes, batch_norm) -> (learnable, stored)``.

    The reference builds ``nn.mlp(sizes, batch_norm=batch_norm)`` and counts
    the entries of its ``parameters()`` and of its ``state_dict()``
    (:func:`library_parameter_counts`), on 20 random architectures of 2 to 5
    layer sizes, with and without batch normalization. Forgotten biases,
    biases attached to the inputs, buffers counted as learnable, batch
    normalization after the output layer, and a ``state_dict`` without
    buffers are named.

    Examples
    --------
    >>> check_count_parameters(library_parameter_counts).correct
    True
    >>> "buffers" in check_count_parameters(_buffers_as_learnable).message
    True
    """
    names = ["sizes", "batch_norm"]
    outputs = ["learnable", "stored"]
    feedback = check_function(
        count_parameters,
        library_parameter_counts,
        _count_problem,
        names=names,
        outputs=outputs,
        success="Your counts are the library's on 20 random architectures, with and without batch normalization.",
    )
    if feedback.correct:
        return feedback
    mistakes = [
        (_counts_without_bias, "Each output unit of a Linear layer also has a bias: (n_in + 1) * n_out."),
        (
            _counts_bias_on_inputs,
            "The bias belongs to each OUTPUT unit of a Linear layer: (n_in + 1) * n_out, not n_in * (n_out + 1).",
        ),
        (
            _buffers_as_learnable,
            "The running mean and variance are buffers: stored, but not learned by gradients, so not learnable.",
        ),
        (
            _batch_norm_on_output,
            "mlp puts batch normalization after every HIDDEN Linear only, not after the output layer.",
        ),
        (
            _stored_without_buffers,
            "state_dict also stores each BatchNorm1d's buffers, running_mean and running_var: 2 n more numbers.",
        ),
    ]
    for mistake, hint in mistakes:
        if check_function(count_parameters, mistake, _count_problem, names=names, outputs=outputs).correct:
            return Feedback(False, f"{feedback.message} {hint}")
    return feedback


def library_weight_images(W: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """The images the chapter draws for ``W``, one per unit: shape ``(n_units, height, width)``.

    Cut out of the mosaic of :func:`mlcourse.chapters.model_parameters.plots.tile_images`
    (all images in one row, no gap), the function behind the chapter's
    weight pictures.
    """
    height, width = image_shape
    n_units = W.shape[1]
    mosaic = tile_images(W, image_shape, ncols=n_units, gap=0)  # (height, n_units * width)
    return mosaic.reshape(height, n_units, width).transpose(1, 0, 2)


def _images_problem(rng: np.random.Generator) -> tuple[np.ndarray, tuple[int, int]]:
    """Random ``(W, image_shape)``: images of 2x2 to 3x3 pixels (some not square), 1 to 4 units.

    Mostly 12 weights or fewer, so that the message shows them.
    """
    image_shape = [(3, 3), (2, 3), (3, 2), (2, 2)][int(rng.integers(4))]
    n_pixels = image_shape[0] * image_shape[1]
    n_units = int(rng.integers(2, 5)) if rng.random() < 0.25 else max(1, 12 // n_pixels)
    W = np.round(rng.normal(size=(n_pixels, n_units)), 2) + 0.0
    return W, image_shape


def _rows_reshaped(W: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """The mistake: ``W`` reshaped as it is, so an image mixes the units."""
    return W.reshape(W.shape[1], *image_shape)


def _columns_as_columns(W: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """The mistake: each image filled column by column (Fortran order), i.e. transposed."""
    height, width = image_shape
    return W.T.reshape(-1, width, height).transpose(0, 2, 1)


def check_weight_images(weight_images: Any) -> Feedback:
    """Practice: a learner's ``weight_images(W, image_shape) -> images`` of shape ``(n_units, height, width)``.

    Image ``j`` is column ``j`` of ``W`` (unit ``j``'s weights from the
    pixels), laid out row by row. The reference cuts the images out of the
    chapter's :func:`~mlcourse.chapters.model_parameters.plots.tile_images`
    (:func:`library_weight_images`); 20 random ``W`` with 1 to 4 units of
    2x2 to 3x3 pixels, some of them not square. A changed ``W``, a shape,
    rows of ``W`` taken as units, and images filled column by column are
    named.

    Examples
    --------
    >>> check_weight_images(library_weight_images).correct
    True
    >>> "column j of W" in check_weight_images(_rows_reshaped).message
    True
    """
    names = ["W", "image_shape"]
    feedback = check_function(
        weight_images,
        library_weight_images,
        _images_problem,
        names=names,
        outputs=["images"],
        success="Your images are the ones the chapter draws, on 20 random W of 1 to 4 units, square or not.",
    )
    if feedback.correct:
        return feedback
    mistakes = [
        (
            _rows_reshaped,
            "W has one ROW per pixel and one column per unit: image j is column j of W, W[:, j]; "
            "reshape W.T, whose rows are the units.",
        ),
        (
            _columns_as_columns,
            "Pixel p of a flattened image sits at row p // width, column p % width (row by row, numpy's "
            "default order); your images are filled column by column.",
        ),
    ]
    for mistake, hint in mistakes:
        if check_function(weight_images, mistake, _images_problem, names=names, outputs=["images"]).correct:
            return Feedback(False, f"{feedback.message} {hint}")
    return feedback
