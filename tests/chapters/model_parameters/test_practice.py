"""Chapter 13's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse import nn
from mlcourse.chapters.model_parameters.exercises import (
    check_count_parameters,
    check_weight_images,
    library_parameter_counts,
    library_weight_images,
)


def count_parameters(sizes, batch_norm):  # the page's solution
    learnable = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    buffers = 0
    if batch_norm:
        hidden_units = sum(sizes[1:-1])
        learnable += 2 * hidden_units
        buffers = 2 * hidden_units
    return learnable, learnable + buffers


def weight_images(W, image_shape):  # the page's solution
    height, width = image_shape
    return W.T.reshape(W.shape[1], height, width)


def test_the_references_are_the_library():
    assert library_parameter_counts([4, 3, 2], True) == (29, 35)  # the page's example
    assert library_parameter_counts([64, 32, 16, 10], False)[0] == nn.mlp([64, 32, 16, 10]).summary(64).total_parameters
    W = np.arange(12.0).reshape(6, 2)  # 2 units, images of 2x3 pixels
    images = library_weight_images(W, (2, 3))
    assert images.shape == (2, 2, 3)
    np.testing.assert_array_equal(images[1], [[1.0, 3.0, 5.0], [7.0, 9.0, 11.0]])  # column 1, row by row


def test_the_library_and_the_published_solutions_pass():
    assert check_count_parameters(library_parameter_counts).correct
    assert check_count_parameters(count_parameters).correct
    assert check_weight_images(library_weight_images).correct
    assert check_weight_images(weight_images).correct


def test_the_starters_fail():
    def starter(*arguments):
        raise NotImplementedError("write it here")

    assert "raised NotImplementedError: write it here" in check_count_parameters(starter).message
    assert "raised NotImplementedError" in check_weight_images(starter).message


def test_counting_mistakes_are_named():
    def no_bias(sizes, batch_norm):
        learnable, stored = count_parameters(sizes, batch_norm)
        return learnable - sum(sizes[1:]), stored - sum(sizes[1:])

    def buffers_learnable(sizes, batch_norm):
        stored = count_parameters(sizes, batch_norm)[1]
        return stored, stored

    def norm_everywhere(sizes, batch_norm):
        learnable = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
        extra = 2 * sum(sizes[1:]) if batch_norm else 0
        return learnable + extra, learnable + 2 * extra

    def no_buffers(sizes, batch_norm):
        learnable = count_parameters(sizes, batch_norm)[0]
        return learnable, learnable

    def one_number(sizes, batch_norm):
        return count_parameters(sizes, batch_norm)[0]

    assert "learnable differs" in check_count_parameters(no_bias).message
    assert "also has a bias: (n_in + 1) * n_out" in check_count_parameters(no_bias).message
    assert "buffers: stored, but not learned" in check_count_parameters(buffers_learnable).message
    assert "after every HIDDEN Linear only" in check_count_parameters(norm_everywhere).message
    assert "running_mean and running_var" in check_count_parameters(no_buffers).message
    assert "returns 1 value(s); expected 2" in check_count_parameters(one_number).message


def test_image_mistakes_are_named():
    def rows_as_units(W, image_shape):
        return W.reshape(W.shape[1], *image_shape)

    def column_major(W, image_shape):
        return np.array([W[:, j].reshape(image_shape, order="F") for j in range(W.shape[1])])

    def width_first(W, image_shape):
        return W.T.reshape(W.shape[1], image_shape[1], image_shape[0])

    def pixels_last(W, image_shape):
        return W.reshape(*image_shape, W.shape[1])

    assert "image j is column j of W" in check_weight_images(rows_as_units).message
    assert "filled column by column" in check_weight_images(column_major).message
    assert "images has shape (2, 2, 3), expected (2, 3, 2)" in check_weight_images(width_first).message
    assert "images has shape (2, 2, 3), expected (3, 2, 2)" in check_weight_images(pixels_last).message
