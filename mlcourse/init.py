"""Weight initializers: zeros, small normal, Xavier/Glorot and He/Kaiming.

Each initializer of a weight matrix takes ``n_in`` (fan-in) and ``n_out``
(fan-out) and returns an array of shape ``(n_in, n_out)`` (the row-vector
convention ``x @ W``). Randomness comes only from ``rng`` (a
``numpy.random.Generator``) or ``seed``.

Formulas (``n_in``, ``n_out`` = number of inputs and outputs of the layer):

- Xavier/Glorot normal: ``N(0, std**2)`` with ``std = gain * sqrt(2 / (n_in + n_out))``
- Xavier/Glorot uniform: ``U(-a, a)`` with ``a = gain * sqrt(6 / (n_in + n_out))``
- He/Kaiming normal: ``N(0, std**2)`` with ``std = sqrt(2 / n_in)``
- He/Kaiming uniform: ``U(-a, a)`` with ``a = sqrt(6 / n_in)``

Xavier keeps the variance of activations and gradients roughly constant
through layers with tanh/sigmoid-like units (Glorot & Bengio, 2010,
"Understanding the difficulty of training deep feedforward neural networks");
He doubles it to compensate for ReLU zeroing half of its inputs (He et al.,
2015, "Delving deep into rectifiers").

Examples
--------
>>> import numpy as np
>>> from mlcourse.init import he_normal
>>> W = he_normal(1000, 500, seed=0)
>>> W.shape, round(float(W.std()), 3), round(float(np.sqrt(2 / 1000)), 3)
((1000, 500), 0.045, 0.045)
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ._validation import as_rng, check_int, check_positive, describe

__all__ = [
    "zeros",
    "normal",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "glorot_normal",
    "glorot_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "INITIALIZERS",
    "get_initializer",
    "NormalInit",
    "normal_init",
]


def _check_dtype(dtype: Any) -> np.dtype:
    try:
        checked = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"dtype must be float32 or float64, got {describe(dtype)}") from error
    if checked not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {checked}")
    return checked


#: The most elements an array may hold: numpy refuses (with a message that names no argument)
#: an array of more than ``2**63 - 1`` bytes; 8 bytes per float64.
_MAX_SIZE = np.iinfo(np.intp).max // 8


def _check_shape(shape: Any) -> tuple[int, ...]:
    """``shape`` (an int or a tuple of ints, each >= 1) as a tuple."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        checked = (check_int(shape, "shape", minimum=1),)
    elif not isinstance(shape, (tuple, list)):
        raise TypeError(f"shape must be an int or a tuple of ints, got {describe(shape)}")
    else:
        checked = tuple(check_int(size, f"shape[{index}]", minimum=1) for index, size in enumerate(shape))
    if math.prod(checked) > _MAX_SIZE:
        raise ValueError(
            f"shape must describe an array numpy can allocate (at most {_MAX_SIZE} elements), got {checked} "
            f"({math.prod(checked):.3g} elements)"
        )
    return checked


def _check_fans(n_in: int, n_out: int) -> tuple[int, int]:
    fans = check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1)
    if fans[0] * fans[1] > _MAX_SIZE:
        raise ValueError(
            f"n_in * n_out must be at most {_MAX_SIZE} (the weights must fit in memory), got "
            f"n_in={fans[0]} and n_out={fans[1]}"
        )
    return fans


def _check_scale(scale: float, dtype: np.dtype, name: str, bound: float) -> None:
    """Refuse a spread (a standard deviation, or a uniform limit) that overflows ``dtype``:
    ``scale * bound`` must stay below its largest float (draws of ``N(0, 1)`` stay within 64 in
    practice; ``U(-a, a)`` is drawn as ``u * 2a - a``, so ``bound`` is 2)."""
    largest = float(np.finfo(dtype).max)
    if scale * bound > largest:
        raise ValueError(
            f"{name} is too large for {dtype}: weights with a spread of {scale:.3g} overflow its largest "
            f"value (about {largest:.3g}); the spread must be at most {largest / bound:.3g}"
        )


def _normal(shape: tuple[int, ...], std: float, rng: Any, seed: Any, dtype: Any, name: str = "std") -> np.ndarray:
    generator = as_rng(rng, seed)
    dtype = _check_dtype(dtype)
    _check_scale(std, dtype, name, 64.0)
    return generator.standard_normal(shape, dtype=dtype) * std


def _uniform(shape: tuple[int, ...], limit: float, rng: Any, seed: Any, dtype: Any, name: str = "gain") -> np.ndarray:
    generator = as_rng(rng, seed)
    dtype = _check_dtype(dtype)
    _check_scale(limit, dtype, name, 2.0)
    unit = generator.random(shape, dtype=dtype)  # in [0, 1)
    return unit * (2 * limit) - limit


def zeros(shape: int | tuple[int, ...], dtype: Any = np.float64) -> np.ndarray:
    """All zeros: the usual start for biases, and a bad one for weights.

    With all weights equal, every hidden unit computes the same thing and gets
    the same gradient, so they stay identical (the symmetry is never broken).

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the array.
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Zeros of the given shape and dtype.

    Raises
    ------
    TypeError
        If ``dtype`` is not float32 or float64, or ``shape`` is not an int or a tuple of ints.
    ValueError
        If a size in ``shape`` is below 1, or ``shape`` holds more elements
        than numpy can allocate.

    Examples
    --------
    >>> zeros((2, 3)).sum()
    np.float64(0.0)
    """
    return np.zeros(_check_shape(shape), dtype=_check_dtype(dtype))


def normal(
    shape: int | tuple[int, ...],
    std: float = 0.01,
    *,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Independent draws from ``N(0, std**2)``.

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the array.
    std : float, default 0.01
        Standard deviation (> 0).
    rng : numpy.random.Generator, optional
        Source of randomness.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Random array of the given shape and dtype.

    Raises
    ------
    TypeError
        If ``dtype`` is not float32 or float64, ``shape`` is not an int or a
        tuple of ints, or ``rng``/``seed`` have the wrong type.
    ValueError
        If ``std`` is not a finite positive number or is so large that the
        draws overflow ``dtype``, a size in ``shape`` is below 1, or ``shape``
        holds more elements than numpy can allocate.

    Examples
    --------
    >>> normal((2, 2), std=0.01, seed=0).shape
    (2, 2)
    """
    return _normal(_check_shape(shape), check_positive(std, "std"), rng, seed, dtype)


def xavier_normal(
    n_in: int,
    n_out: int,
    *,
    gain: float = 1.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Xavier/Glorot normal: ``N(0, std**2)``, ``std = gain * sqrt(2 / (n_in + n_out))``.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs (fan-in) and outputs (fan-out) of the layer.
    gain : float, default 1.0
        Scale factor (e.g. 5/3 for tanh, as in PyTorch's ``calculate_gain``).
    rng : numpy.random.Generator, optional
        Source of randomness.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Weights of shape ``(n_in, n_out)``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n_in`` or ``n_out`` is below 1, ``n_in * n_out`` is beyond what
        numpy can allocate, or ``gain`` is not positive or so large that the
        weights overflow ``dtype``.

    Examples
    --------
    >>> xavier_normal(3, 2, seed=0).shape
    (3, 2)
    """
    n_in, n_out = _check_fans(n_in, n_out)
    std = check_positive(gain, "gain") * math.sqrt(2.0 / (n_in + n_out))
    return _normal((n_in, n_out), std, rng, seed, dtype, "gain")


def xavier_uniform(
    n_in: int,
    n_out: int,
    *,
    gain: float = 1.0,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Xavier/Glorot uniform: ``U(-a, a)``, ``a = gain * sqrt(6 / (n_in + n_out))``.

    Its variance ``a**2 / 3`` equals that of :func:`xavier_normal`.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs (fan-in) and outputs (fan-out) of the layer.
    gain : float, default 1.0
        Scale factor.
    rng : numpy.random.Generator, optional
        Source of randomness.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Weights of shape ``(n_in, n_out)``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n_in`` or ``n_out`` is below 1, ``n_in * n_out`` is beyond what
        numpy can allocate, or ``gain`` is not positive or so large that the
        weights overflow ``dtype``.

    Examples
    --------
    >>> W = xavier_uniform(3, 3, seed=0)
    >>> bool(np.abs(W).max() <= 1.0)
    True
    """
    n_in, n_out = _check_fans(n_in, n_out)
    limit = check_positive(gain, "gain") * math.sqrt(6.0 / (n_in + n_out))
    return _uniform((n_in, n_out), limit, rng, seed, dtype)


def he_normal(
    n_in: int,
    n_out: int,
    *,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """He/Kaiming normal, for ReLU layers: ``N(0, std**2)``, ``std = sqrt(2 / n_in)``.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs (fan-in) and outputs of the layer.
    rng : numpy.random.Generator, optional
        Source of randomness.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Weights of shape ``(n_in, n_out)``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n_in`` or ``n_out`` is below 1, or ``n_in * n_out`` is beyond
        what numpy can allocate.

    Examples
    --------
    >>> he_normal(4, 2, seed=0, dtype=np.float32).dtype
    dtype('float32')
    """
    n_in, n_out = _check_fans(n_in, n_out)
    return _normal((n_in, n_out), math.sqrt(2.0 / n_in), rng, seed, dtype)


def he_uniform(
    n_in: int,
    n_out: int,
    *,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """He/Kaiming uniform, for ReLU layers: ``U(-a, a)``, ``a = sqrt(6 / n_in)``.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs (fan-in) and outputs of the layer.
    rng : numpy.random.Generator, optional
        Source of randomness.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    numpy.ndarray
        Weights of shape ``(n_in, n_out)``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n_in`` or ``n_out`` is below 1, or ``n_in * n_out`` is beyond
        what numpy can allocate.

    Examples
    --------
    >>> bool(np.abs(he_uniform(6, 2, seed=0)).max() <= 1.0)
    True
    """
    n_in, n_out = _check_fans(n_in, n_out)
    return _uniform((n_in, n_out), math.sqrt(6.0 / n_in), rng, seed, dtype)


glorot_normal = xavier_normal
glorot_uniform = xavier_uniform
kaiming_normal = he_normal
kaiming_uniform = he_uniform


def _zeros_matrix(n_in: int, n_out: int, *, rng: Any = None, seed: Any = None, dtype: Any = np.float64) -> np.ndarray:
    return zeros(_check_fans(n_in, n_out), dtype=dtype)


def _normal_matrix(n_in: int, n_out: int, *, rng: Any = None, seed: Any = None, dtype: Any = np.float64) -> np.ndarray:
    return normal(_check_fans(n_in, n_out), 0.01, rng=rng, seed=seed, dtype=dtype)


Initializer = Callable[..., np.ndarray]

#: Weight initializers by name; each is called as ``init(n_in, n_out, rng=..., dtype=...)``.
INITIALIZERS: dict[str, Initializer] = {
    "zeros": _zeros_matrix,
    "normal": _normal_matrix,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "glorot_normal": xavier_normal,
    "glorot_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "kaiming_normal": he_normal,
    "kaiming_uniform": he_uniform,
}


def get_initializer(name: str) -> Initializer:
    """Return the weight initializer called ``name``.

    Parameters
    ----------
    name : str
        One of the keys of ``INITIALIZERS`` (case-insensitive): ``"zeros"``,
        ``"normal"`` (std 0.01), ``"xavier_normal"``, ``"xavier_uniform"``,
        ``"he_normal"``, ``"he_uniform"``, or the aliases ``"glorot_*"`` and
        ``"kaiming_*"``.

    Returns
    -------
    callable
        ``init(n_in, n_out, *, rng=None, seed=None, dtype=np.float64)``
        returning an array of shape ``(n_in, n_out)``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names.
    TypeError
        If ``name`` is not a str.

    Examples
    --------
    >>> get_initializer("he_normal")(3, 2, seed=0).shape
    (3, 2)
    """
    if not isinstance(name, str):
        raise TypeError(f"initializer name must be a str, one of {', '.join(INITIALIZERS)}; got {describe(name)}")
    key = name.lower()
    if key not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; valid names: {', '.join(INITIALIZERS)}")
    return INITIALIZERS[key]


class NormalInit:
    """Initializer drawing weights from ``N(0, std**2)``, whatever the layer's size.

    A fixed standard deviation ignores the fan-in, which is exactly what makes
    it too small or too large for deep networks (compare Xavier and He, which
    scale with ``n_in``).

    Parameters
    ----------
    std : float
        Standard deviation (> 0).

    Raises
    ------
    ValueError
        If ``std`` is not a finite positive number (or, when called, ``n_in``
        or ``n_out`` is below 1).
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> init = NormalInit(0.5)
    >>> init(3, 2, seed=0).shape
    (3, 2)
    >>> init
    NormalInit(std=0.5)
    """

    def __init__(self, std: float) -> None:
        self.std = check_positive(std, "std")

    def __call__(
        self,
        n_in: int,
        n_out: int,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> np.ndarray:
        """Return an ``(n_in, n_out)`` array of ``N(0, std**2)`` draws."""
        shape = (check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1))
        return normal(shape, self.std, rng=rng, seed=seed, dtype=dtype)

    def __repr__(self) -> str:
        return f"NormalInit(std={self.std:g})"


def normal_init(std: float) -> NormalInit:
    """Return an initializer for :class:`mlcourse.nn.Linear` with weights ``N(0, std**2)``.

    Parameters
    ----------
    std : float
        Standard deviation (> 0).

    Returns
    -------
    NormalInit
        Callable as ``init(n_in, n_out, rng=..., dtype=...)``.

    Raises
    ------
    ValueError
        If ``std`` is not a positive number.
    """
    return NormalInit(std)
