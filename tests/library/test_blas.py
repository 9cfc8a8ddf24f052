"""mlcourse._blas.axpy: BLAS's one-pass ``y <- y + a * x`` where numpy's BLAS has it, numpy elsewhere."""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import pytest

from mlcourse import _blas
from mlcourse._blas import axpy, blas_axpy_available


def fused_reference(alpha: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``y + alpha * x`` rounded once: exact rational arithmetic, then the nearest float of y's dtype."""
    a = Fraction(float(y.dtype.type(alpha)))
    exact = [Fraction(float(yi)) + a * Fraction(float(xi)) for xi, yi in zip(x.ravel(), y.ravel())]
    return np.array([float(value) for value in exact]).astype(y.dtype).reshape(y.shape)


def numpy_reference(alpha: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return y + np.multiply(alpha, x, dtype=y.dtype)


def wheel_openblas() -> bool:
    """numpy was built against the OpenBLAS of its wheels (scipy-openblas, 64-bit integers)."""
    try:
        blas = np.__config__.CONFIG["Build Dependencies"]["blas"]
    except (AttributeError, KeyError, TypeError):
        return False
    return blas.get("name") == "scipy-openblas" and "USE64BITINT" in str(blas.get("openblas configuration", ""))


@pytest.mark.skipif(
    not (wheel_openblas() and sys.platform.startswith("linux")), reason="numpy without its wheel's OpenBLAS"
)
def test_the_blas_routine_is_found_for_numpy_wheels():
    assert blas_axpy_available()
    assert set(_blas._routines()) == {np.dtype(np.float32), np.dtype(np.float64)}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 7, 16, 33, 1000, 10_001])
def test_axpy_is_y_plus_alpha_x_rounded_once_or_numpys_two_roundings(dtype, n):
    rng = np.random.default_rng(n)
    x = rng.normal(size=n).astype(dtype)
    y = rng.normal(size=n).astype(dtype)
    alpha = -0.0123
    expected = fused_reference(alpha, x, y) if blas_axpy_available() else numpy_reference(alpha, x, y)
    result = y.copy()
    axpy(alpha, x, result)
    np.testing.assert_array_equal(result, expected)
    # either way within a rounding of the terms of the other
    bound = 2 * np.finfo(dtype).eps * (np.abs(y) + np.abs(alpha * x))
    assert np.all(np.abs(result - numpy_reference(alpha, x, y)) <= bound)


@pytest.mark.skipif(not blas_axpy_available(), reason="numpy's BLAS has no axpy we call")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_axpy_does_not_depend_on_the_number_of_blas_threads(dtype):
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(784, 256)).astype(dtype), rng.normal(size=(784, 256)).astype(dtype)
    results = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            result = y.copy()
            axpy(-0.01, x, result)
            results.append(result)
    np.testing.assert_array_equal(results[0], results[1])
    # the fused result for a sample of elements
    sample = rng.choice(x.size, 200, replace=False)
    np.testing.assert_array_equal(
        results[0].ravel()[sample], fused_reference(-0.01, x.ravel()[sample], y.ravel()[sample])
    )


@pytest.mark.parametrize(
    "case",
    ["strided y", "strided x", "overlapping", "integer x", "float64 x, float32 y", "fortran order"],
)
def test_arguments_blas_cannot_take_get_numpys_result(case):
    rng = np.random.default_rng(1)
    base = rng.normal(size=(6, 8))
    x, y = rng.normal(size=(6, 4)), base[:, ::2]  # y: a strided view
    if case == "strided x":
        x, y = base[:, ::2], rng.normal(size=(6, 4))
    elif case == "overlapping":
        x, y = base[:, :4], base[:, 2:6]
    elif case == "integer x":
        x, y = rng.integers(-3, 3, size=(6, 4)), rng.normal(size=(6, 4))
    elif case == "float64 x, float32 y":
        x, y = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)).astype(np.float32)
    elif case == "fortran order":
        x, y = np.asfortranarray(rng.normal(size=(6, 4))), np.asfortranarray(rng.normal(size=(6, 4)))
    expected = y + np.multiply(0.5, x).astype(y.dtype, copy=False) if case != "float64 x, float32 y" else None
    if expected is None:
        expected = y + np.multiply(0.5, x, out=np.empty_like(y), casting="same_kind")
    axpy(0.5, x, y)
    np.testing.assert_array_equal(y, expected)


def test_the_scratch_array_is_used_on_the_numpy_path():
    y = np.ones((4, 3))[:, ::2]  # strided: numpy's path
    scratch = np.empty_like(y)
    axpy(2.0, np.full((4, 2), 3.0), y, scratch)
    np.testing.assert_array_equal(y, np.full((4, 2), 7.0))
    np.testing.assert_array_equal(scratch, np.full((4, 2), 6.0))


def test_addresses_are_not_reused_from_dead_arrays_and_do_not_pile_up():
    # New arrays often get the id (and memory) of ones just freed: the cached address must follow the array.
    before = len(_blas._ADDRESSES)
    for k in range(200):
        x, y = np.full(50, float(k)), np.full(50 + k % 3, 1.0)[:50]  # y sometimes a view of a bigger array
        axpy(2.0, x, y)
        np.testing.assert_array_equal(y, np.full(50, 1.0 + 2.0 * k))
    assert len(_blas._ADDRESSES) <= before + 4  # entries leave with their arrays


def test_an_array_whose_address_is_cached_cannot_move():
    # ndarray.resize would move the data; numpy refuses it for an array with a weak reference
    y = np.zeros(4)
    axpy(1.0, np.ones(4), y)
    with pytest.raises(ValueError, match="cannot resize"):
        y.resize(100_000, refcheck=False)
    axpy(1.0, np.ones(4), y)
    np.testing.assert_array_equal(y, 2.0)
