"""The one BLAS routine numpy does not expose: ``axpy``, ``y <- y + a * x`` in place.

An optimizer's update ``p <- p - lr * g`` written in numpy takes two passes
over memory and a scratch array: ``np.multiply(lr, g, out=scratch)``, then
``p -= scratch``. BLAS's ``axpy`` does it in one pass, spread over numpy's BLAS
threads, and rounds once (a fused multiply-add) where numpy rounds twice. On a
training step of a 784-256-128-10 network (``benchmarks/bench_mlp_step.py``),
the two numpy passes over the 200,704 weights of the first layer cost a
quarter of the time of the step's eight matrix products at two threads: the
products leave the gradient split between the two cores' caches, and numpy
reads it back on one core.

We call the ``axpy`` of the BLAS that numpy's own ``matmul`` uses, so that
its threads are the ones already running (a second BLAS library would bring a
second pool of threads, each spinning while the other works). It is found
through ``threadpoolctl`` (a dependency already): the OpenBLAS that numpy's
wheels bundle (``scipy-openblas``, 64-bit integers). With any other BLAS
(a conda numpy with MKL, Apple's Accelerate, a distribution's OpenBLAS)
:func:`axpy` falls back to the two numpy passes: the same numbers up to the
last bit of some elements.
"""

from __future__ import annotations

import ctypes
import functools
import os
import weakref
from typing import Callable

import numpy as np

__all__ = ["axpy", "blas_axpy_available"]

_CTYPES = {np.dtype(np.float32): ctypes.c_float, np.dtype(np.float64): ctypes.c_double}
_LETTER = {np.dtype(np.float32): "s", np.dtype(np.float64): "d"}


@functools.cache
def _routines() -> dict[np.dtype, Callable[..., None]]:
    """``{dtype: cblas_?axpy}`` of numpy's bundled OpenBLAS, or ``{}`` when there is none to call."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        return {}
    numpy_dir = os.path.dirname(os.path.dirname(np.__file__))
    for info in ThreadpoolController().info():
        path = info.get("filepath", "")
        name = os.path.basename(path)
        # numpy's own copy: it lies next to the numpy package (numpy.libs, numpy/.dylibs)
        if info.get("internal_api") != "openblas" or not name.startswith("libscipy_openblas64_"):
            continue
        if not os.path.abspath(path).startswith(os.path.join(os.path.abspath(numpy_dir), "numpy")):
            continue
        try:
            library = ctypes.CDLL(path)
            routines = {}
            for dtype, letter in _LETTER.items():
                routine = getattr(library, f"scipy_cblas_{letter}axpy64_")
                routine.argtypes = [
                    ctypes.c_int64,
                    _CTYPES[dtype],
                    ctypes.c_void_p,
                    ctypes.c_int64,
                    ctypes.c_void_p,
                    ctypes.c_int64,
                ]
                routine.restype = None
                routines[dtype] = routine
        except (OSError, AttributeError):  # pragma: no cover - another build of the library
            return {}
        return routines
    return {}


# id(array) -> (weak reference to it, its data address): ``array.ctypes.data`` costs 2.4 us, and an
# optimizer passes the same parameter and gradient arrays at every step.
_ADDRESSES: dict[int, tuple[weakref.ref, int]] = {}


def _address(array: np.ndarray) -> int:
    """The address of ``array``'s first element.

    An array's data stays where it is while the array lives: ``ndarray.resize``,
    the one way to move it, refuses an array that has a weak reference.
    """
    key = id(array)
    entry = _ADDRESSES.get(key)
    if entry is not None and entry[0]() is array:
        return entry[1]
    address = array.ctypes.data
    _ADDRESSES[key] = (weakref.ref(array, lambda _, key=key: _ADDRESSES.pop(key, None)), address)
    return address


def blas_axpy_available() -> bool:
    """Whether :func:`axpy` runs BLAS's ``axpy`` (else two numpy passes)."""
    return bool(_routines())


def axpy(alpha: float, x: np.ndarray, y: np.ndarray, scratch: np.ndarray | None = None) -> None:
    """``y <- y + alpha * x`` in place: BLAS's ``axpy`` when it applies, else numpy.

    Parameters
    ----------
    alpha : float
        The factor (a Python or numpy float); rounded to ``y``'s dtype.
    x : numpy.ndarray
        Real numbers, the shape of ``y``.
    y : numpy.ndarray
        float32 or float64, changed in place.
    scratch : numpy.ndarray, optional
        An array the shape and dtype of ``y`` for ``alpha * x`` on the numpy
        path (a new one is made if not given).

    Notes
    -----
    BLAS runs when ``x`` and ``y`` are C-contiguous, of the same float dtype,
    do not overlap, and numpy's BLAS is the OpenBLAS its wheels bundle. It
    rounds ``y + alpha * x`` once, where numpy rounds the product, then the
    sum: in a few percent of the elements the last bit differs. The caller
    checks the arguments (this is a private helper of the optimizers).

    Examples
    --------
    >>> y = np.array([1.0, 2.0])
    >>> axpy(-0.5, np.array([2.0, 2.0]), y)
    >>> y
    array([0., 1.])
    """
    routine = _routines().get(y.dtype) if x.dtype is y.dtype or x.dtype == y.dtype else None
    if (
        routine is not None
        and x.flags.c_contiguous
        and y.flags.c_contiguous
        and y.flags.writeable
        and x.shape == y.shape
    ):
        x_start, y_start, nbytes = _address(x), _address(y), y.nbytes
        if x_start + nbytes <= y_start or y_start + nbytes <= x_start:  # x and y do not overlap
            routine(y.size, alpha, x_start, 1, y_start, 1)
            return
    if scratch is None:
        scratch = np.empty_like(y)
    y += np.multiply(alpha, x, out=scratch, casting="same_kind")
