"""Chapter 13 checkers: right answers (by hand) accepted, typical mistakes get their hint."""

from __future__ import annotations

import math

from mlcourse.chapters.model_parameters import exercises as ch13


def test_parameter_count():
    by_hand = (784 + 1) * 128 + (128 + 1) * 64 + (64 + 1) * 10
    assert by_hand == 109_386
    assert ch13.check_parameter_count(by_hand).correct
    no_bias = ch13.check_parameter_count(784 * 128 + 128 * 64 + 64 * 10)
    assert not no_bias and "biases" in no_bias.message
    wrong_side = ch13.check_parameter_count(784 * 129 + 128 * 65 + 64 * 11)
    assert not wrong_side and "OUTPUT" in wrong_side.message
    units = ch13.check_parameter_count(784 + 128 + 64 + 10)
    assert not units and "units" in units.message
    assert not ch13.check_parameter_count(12345)


def test_batchnorm_counts():
    learnable = (64 + 1) * 32 + 2 * 32 + (32 + 1) * 10
    stored = learnable + 2 * 32
    assert ch13.check_batchnorm_counts(learnable, stored).correct
    buffers_as_params = ch13.check_batchnorm_counts(stored, stored)
    assert not buffers_as_params and "buffers" in buffers_as_params.message
    forgot_bn = ch13.check_batchnorm_counts(learnable - 64, stored)
    assert not forgot_bn and "gamma" in forgot_bn.message
    half_right = ch13.check_batchnorm_counts(learnable, learnable)
    assert not half_right and "learnable count is right" in half_right.message


def test_model_bytes():
    count = (64 + 1) * 32 + (32 + 1) * 16 + (16 + 1) * 10
    assert ch13.check_model_bytes(4 * count).correct
    assert "float64" in ch13.check_model_bytes(8 * count).message
    assert "number of parameters" in ch13.check_model_bytes(count).message
    assert "Biases" in ch13.check_model_bytes(4 * (64 * 32 + 32 * 16 + 16 * 10)).message


def test_he_std():
    assert ch13.check_he_std(math.sqrt(2 / 64)).correct
    assert "Xavier" in ch13.check_he_std(math.sqrt(2 / 96)).message
    assert "doubles" in ch13.check_he_std(1 / 8).message
    assert "variance" in ch13.check_he_std(2 / 64).message


def test_batchnorm_network_is_the_network_of_the_exercise():
    model = ch13.batchnorm_network()
    assert [repr(layer) for layer in model] == [
        "Linear(64, 32)",
        "BatchNorm1d(32)",
        "ReLU()",
        "Dropout(p=0.2)",
        "Linear(32, 10)",
    ]
