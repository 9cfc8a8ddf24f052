"""Tests of mlcourse.init: shapes, dtypes, reproducibility and the published variances."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mlcourse.init as init
from mlcourse.nn import Linear

# (function, expected standard deviation for (n_in, n_out), is uniform)
SCHEMES = {
    "xavier_normal": (init.xavier_normal, lambda i, o: math.sqrt(2 / (i + o)), False),
    "xavier_uniform": (init.xavier_uniform, lambda i, o: math.sqrt(6 / (i + o)) / math.sqrt(3), True),
    "he_normal": (init.he_normal, lambda i, o: math.sqrt(2 / i), False),
    "he_uniform": (init.he_uniform, lambda i, o: math.sqrt(6 / i) / math.sqrt(3), True),
}


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_standard_deviation_follows_the_papers(name: str) -> None:
    function, expected_std, uniform = SCHEMES[name]
    n_in, n_out = 400, 300
    W = function(n_in, n_out, seed=0)
    assert W.shape == (n_in, n_out) and W.dtype == np.float64
    std = expected_std(n_in, n_out)
    # 120000 draws: the sample std is within 1% of the true one with overwhelming probability
    assert abs(W.std() / std - 1) < 0.01
    assert abs(W.mean()) < 0.01 * std
    if uniform:  # U(-a, a) with a = sqrt(3) * std
        assert np.abs(W).max() <= math.sqrt(3) * std


def test_xavier_gain_scales_the_standard_deviation() -> None:
    W = init.xavier_normal(300, 300, gain=2.0, seed=1)
    assert abs(W.std() / (2.0 * math.sqrt(2 / 600)) - 1) < 0.01


def test_normal_and_zeros() -> None:
    W = init.normal((300, 200), std=0.05, seed=0)
    assert W.shape == (300, 200) and abs(W.std() / 0.05 - 1) < 0.01
    assert init.normal(5, seed=0).shape == (5,)
    Z = init.zeros((2, 3), dtype=np.float32)
    assert Z.dtype == np.float32 and not Z.any()


@pytest.mark.parametrize("name", sorted(init.INITIALIZERS))
def test_registry_entries_share_one_signature(name: str) -> None:
    initializer = init.get_initializer(name)
    for dtype in (np.float32, np.float64):
        W = initializer(5, 3, rng=np.random.default_rng(0), dtype=dtype)
        assert W.shape == (5, 3) and W.dtype == dtype
    np.testing.assert_array_equal(initializer(5, 3, seed=4), initializer(5, 3, seed=4))
    layer = Linear(5, 3, init=name, seed=0)
    assert layer.W.shape == (5, 3)


def test_aliases_are_the_same_functions() -> None:
    assert init.glorot_normal is init.xavier_normal and init.glorot_uniform is init.xavier_uniform
    assert init.kaiming_normal is init.he_normal and init.kaiming_uniform is init.he_uniform
    assert init.get_initializer("Kaiming_Normal") is init.he_normal


def test_randomness_only_from_rng_or_seed() -> None:
    state = np.random.get_state()[1].copy()
    a = init.he_normal(4, 4, rng=np.random.default_rng(3))
    b = init.he_normal(4, 4, seed=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(init.he_normal(4, 4, seed=3), init.he_normal(4, 4, seed=4))
    init.xavier_uniform(4, 4)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # global state untouched


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n_in must be >= 1, got 0"):
        init.he_normal(0, 3)
    with pytest.raises(ValueError, match="std must be a finite number > 0, got -1"):
        init.normal((2, 2), std=-1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        init.zeros((2,), dtype=np.int64)
    with pytest.raises(ValueError, match="pass rng or seed, not both"):
        init.he_normal(2, 2, rng=np.random.default_rng(0), seed=1)
    with pytest.raises(ValueError, match=r"unknown initializer 'lecun'; valid names: zeros, normal"):
        init.get_initializer("lecun")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: init.zeros(-1), ValueError, "shape must be >= 1, got -1"),
        (lambda: init.zeros((2, 0)), ValueError, r"shape\[1\] must be >= 1, got 0"),
        (lambda: init.zeros("3"), TypeError, "shape must be an int or a tuple of ints, got str '3'"),
        (lambda: init.normal((2, 2.5)), TypeError, r"shape\[1\] must be an integer, got float 2.5"),
        (lambda: init.normal((2, 2), std=float("nan")), ValueError, "std must be a finite number > 0, got nan"),
        (lambda: init.zeros((2,), dtype="real"), TypeError, "dtype must be float32 or float64, got str 'real'"),
        (lambda: init.he_uniform(3, 2, dtype=np.float16), TypeError, "dtype must be float32 or float64, got float16"),
        (lambda: init.xavier_normal(3, 2, gain=float("inf")), ValueError, "gain must be a finite number > 0, got inf"),
        (lambda: init.get_initializer(None), TypeError, "initializer name must be a str, .*got NoneType None"),
        (lambda: init.NormalInit(-0.5), ValueError, "std must be a finite number > 0, got -0.5"),
        (lambda: init.NormalInit(0.5)(3, 0), ValueError, "n_out must be >= 1, got 0"),
    ],
)
def test_bad_shapes_dtypes_and_names_are_refused(call, error, message) -> None:
    # before: numpy's "negative dimensions are not allowed" or "data type 'real' not understood"
    with pytest.raises(error, match=message):
        call()
