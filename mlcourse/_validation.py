"""Input checks shared by every public function of mlcourse.

Each check raises ``TypeError`` or ``ValueError`` with a message that names the
argument, what was expected and what came, so that a learner's mistake is
reported where it is made and never surfaces later as an obscure numpy error
or a silent NaN.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def all_finite(array: np.ndarray) -> bool:
    """Whether ``array`` (floats) holds no NaN/inf: one BLAS pass without a temporary array
    (``sum(array**2)`` is finite), and the exact elementwise test only when that sum is not
    (NaN/inf, or values beyond ~1e154)."""
    return math.isfinite(float(np.vdot(array, array))) or bool(np.isfinite(array).all())


def describe(value: Any) -> str:
    """Return a short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    allow_nonfinite: bool = False,
) -> np.ndarray:
    """Convert ``value`` to a float32/float64 array, checking it on the way.

    Python lists and scalars of numbers become float64. Arrays keep float32
    or float64; integer and boolean arrays are refused rather than silently
    cast, because in this course they nearly always mean labels were passed
    where features were expected.

    Parameters
    ----------
    value : array_like
        The input to check.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        The allowed number(s) of dimensions.
    allow_empty : bool, default False
        Whether an array with zero elements is acceptable.
    allow_nonfinite : bool, default False
        Whether NaN or infinity is acceptable.

    Returns
    -------
    numpy.ndarray
        A floating-point array (no copy when ``value`` already is one).

    Raises
    ------
    TypeError
        If ``value`` is not numeric, or is an integer/boolean array.
    ValueError
        If the number of dimensions is wrong, the array is empty, or it holds
        NaN/inf.
    """
    if isinstance(value, np.ndarray):
        if value.dtype not in FLOAT_DTYPES:
            raise TypeError(
                f"{name} must be a float32 or float64 array, got dtype {value.dtype}"
                + (
                    " (convert with .astype(float) if these are really real numbers)"
                    if value.dtype.kind in "iub"
                    else ""
                )
            )
        array = value if type(value) is np.ndarray else np.asarray(value)  # np.matrix and other subclasses
    else:
        try:
            array = np.asarray(value)
        except Exception as error:  # ragged lists and the like
            raise TypeError(f"{name} must be array-like numbers, got {describe(value)}") from error
        if array.dtype.kind not in "iuf" or array.dtype == np.float16:
            raise TypeError(f"{name} must hold real numbers, got {describe(value)}")
        array = array.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            expected = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {expected}, got shape {array.shape} ({array.ndim}-D)")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not allow_nonfinite and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must be finite, got {bad} NaN/inf value(s)")
    return array


def as_label_array(value: Any, name: str, *, n_classes: int | None = None) -> np.ndarray:
    """Check integer class labels (1-D, non-negative, below ``n_classes``).

    Floats holding whole numbers (``[0.0, 2.0]``) become int64, after checks
    made on the floats themselves: NaN/inf and values out of range (``1e20``)
    raise ``ValueError``; a fractional value (``2.5``) raises
    :class:`NonIntegerLabelsError`, both a ``ValueError`` and a ``TypeError``.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must be integer class labels, got {describe(value)}") from error
    if array.dtype.kind == "f":
        _check_float_labels(array, name, n_classes)
        array = array.astype(np.int64)
    elif array.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class labels, got {describe(array)}")
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.min() < 0 or (n_classes is not None and array.max() >= n_classes):
        upper = f"{n_classes - 1}" if n_classes is not None else "inf"
        raise ValueError(f"{name} must lie in [0, {upper}], got values from {array.min()} to {array.max()}")
    return array


def as_pm1_labels(value: Any, name: str = "y") -> np.ndarray:
    """Labels -1/+1 (the perceptron's convention) as a float64 array; 0/1 labels get a hint."""
    labels = np.asarray(value)
    if labels.ndim != 1 or labels.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be 1-D numeric labels -1/+1, got {describe(labels)}")
    values = set(np.unique(labels).tolist())
    if values <= {-1, 1}:
        return labels.astype(np.float64)
    if values <= {0, 1}:
        raise ValueError(
            f"{name} must hold labels -1 and +1, got 0/1 labels: convert them with {name} = 2 * {name} - 1"
        )
    raise ValueError(f"{name} must hold labels -1 and +1, got the values {sorted(values)[:10]}")


def _as_float(value: int | float | np.number, name: str) -> float:
    """``float(value)``; a Python int beyond the largest float raises ``ValueError`` naming ``name``."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be a finite number, got an integer of {len(str(abs(int(value))))} digits "
            "(beyond the largest float, about 1.8e308)"
        ) from None


def check_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float after checking it is a finite positive number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    number = _as_float(value, name)
    if not np.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return number


def check_int(value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an int after checking type and range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {number}")
    return number


def check_probability(value: Any, name: str, *, inclusive_high: bool = False) -> float:
    """Return ``value`` as a float in [0, 1) (or [0, 1] when ``inclusive_high``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    number = _as_float(value, name)
    upper_ok = number <= 1 if inclusive_high else number < 1
    if not (np.isfinite(number) and number >= 0 and upper_ok):
        interval = "[0, 1]" if inclusive_high else "[0, 1)"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return number


def check_same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same number of rows."""
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same number of samples, got {len(a)} and {len(b)}")


def as_rng(rng: Any = None, seed: Any = None) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from ``rng`` or ``seed``.

    Nothing in mlcourse touches numpy's global random state: every random
    choice goes through the generator returned here.
    """
    if rng is not None and seed is not None:
        raise ValueError("pass rng or seed, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {describe(rng)}")
        return rng
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(f"seed must be an integer, got {describe(seed)}")
    if seed is not None and seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return np.random.default_rng(seed)


def check_finite_number(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number (any sign)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    number = _as_float(value, name)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` as a bool after checking it is ``True`` or ``False`` (Python or numpy)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


class NonIntegerLabelsError(ValueError, TypeError):
    """Float class labels with a fractional part (``2.5``): a wrong value of the wrong kind.

    Both a ``ValueError`` and a ``TypeError``, so code catching either works.
    """


def _check_float_labels(array: np.ndarray, name: str, n_classes: int | None) -> None:
    """The checks of :func:`as_label_array` on float labels, before their conversion to int64."""
    if array.size == 0:
        return  # as_label_array reports the empty array
    finite = np.isfinite(array)
    if not finite.all():
        bad = array.size - int(np.count_nonzero(finite))
        raise ValueError(f"{name} must be integer class labels, got {bad} NaN/inf value(s)")
    whole = array == np.round(array)
    if not whole.all():
        raise NonIntegerLabelsError(
            f"{name} must be integer class labels, got {describe(array)} holding non-integer "
            f"values such as {float(array[~whole].flat[0])!r}"
        )
    low, high = array.min(), array.max()
    if low < 0 or (n_classes is not None and high >= n_classes):
        upper = f"{n_classes - 1}" if n_classes is not None else "inf"
        raise ValueError(f"{name} must lie in [0, {upper}], got values from {low} to {high}")
    if float(high) >= 2.0**53:  # beyond the floats that are exact integers (float16 cannot hold 2**53)
        raise ValueError(f"{name} must be integer class labels below 2**53, got values up to {high}")
