"""Layers as small classes: each ``forward`` caches what its ``backward`` needs.

Row-vector convention, as in the course notes: a batch ``x`` has shape
``(n_samples, n_features)``, a dense layer holds ``W`` of shape
``(n_in, n_out)`` and computes ``x @ W + b``. (PyTorch stores the transpose,
``(n_out, n_in)``; the mathematics is the same.)

Gradients ACCUMULATE: ``backward`` adds (``+=``) into each ``Parameter.grad``,
as PyTorch does, so call ``zero_grad()`` before each training step.

Examples
--------
>>> import numpy as np
>>> from mlcourse.nn import Linear, ReLU, Sequential
>>> model = Sequential(Linear(3, 4, seed=0), ReLU(), Linear(4, 2, seed=1))
>>> out = model(np.ones((5, 3)))
>>> out.shape
(5, 2)
>>> model.backward(np.ones_like(out)).shape
(5, 3)
>>> [name for name in model.state_dict()]
['0.W', '0.b', '2.W', '2.b']
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

import numpy as np

from ._validation import (
    FLOAT_DTYPES,
    all_finite,
    as_float_array,
    as_rng,
    check_bool,
    check_int,
    check_positive,
    check_probability,
    describe,
)
from .activations import elu, leaky_relu, sigmoid, softmax, step
from .init import get_initializer

__all__ = [
    "Parameter",
    "Module",
    "Linear",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "ELU",
    "Softmax",
    "Identity",
    "Step",
    "Dropout",
    "BatchNorm1d",
    "Sequential",
    "Summary",
    "SummaryRow",
    "ACTIVATION_MODULES",
    "activation_module",
    "save_parameters",
    "load_parameters",
    "mlp",
    "fold_batchnorm",
    "evaluating",
]


class Parameter:
    """A trainable array and the gradient accumulated for it.

    Parameters
    ----------
    data : array_like
        The values: a float32 or float64 array (stored without copying), or a
        list of numbers (becomes float64). Must be finite.
    name : str, default ""
        A label used by ``summary()``, when saving weights and in error messages.

    Attributes
    ----------
    data : numpy.ndarray
        The current values; optimizers update it in place. It may be replaced
        by an array of the same shape and dtype (checked like ``data`` above).
    grad : numpy.ndarray
        dLoss/d(data), same shape and dtype as ``data``. Never ``None``: to
        reset it call :meth:`zero_grad`.

    Raises
    ------
    TypeError
        If ``data`` is not real numbers of dtype float32/float64, or ``name``
        is not a str.
    ValueError
        If ``data`` holds NaN or inf.

    Notes
    -----
    ``zero_grad`` only marks the gradient as zero; the array is filled with
    zeros when ``grad`` is next read, or overwritten directly by the next
    :meth:`add_matmul_to_grad` (or :meth:`add_to_grad`, :meth:`add_sum_to_grad`).
    This saves a pass over memory and a temporary array per step, and is
    invisible to code that uses ``grad``.

    Examples
    --------
    >>> p = Parameter(np.zeros(2), "b")
    >>> p.grad
    array([0., 0.])
    >>> p.grad = None  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    TypeError: grad of Parameter 'b' must be an array of shape (2,) and dtype float64, got NoneType None ...
    """

    def __init__(self, data: Any, name: str = "") -> None:
        if not isinstance(name, str):
            raise TypeError(f"Parameter name must be a str, got {describe(name)}")
        self.name = name
        self._data = self._checked_data(data, f"{self._label()} data")
        self._grad = np.zeros_like(self._data)
        self._grad_is_zero = False  # True after zero_grad: the buffer's content is stale

    def _label(self) -> str:
        return f"Parameter {self.name!r}" if self.name else "Parameter"

    @staticmethod
    def _checked_data(value: Any, what: str) -> np.ndarray:
        if isinstance(value, np.ndarray):
            array = value
        else:
            try:
                array = np.asarray(value)
            except (TypeError, ValueError) as error:  # ragged lists and the like
                raise TypeError(f"{what} must be float32 or float64 numbers, got {describe(value)}") from error
            if array.dtype.kind in "iu" or (array.dtype.kind == "f" and array.dtype not in FLOAT_DTYPES):
                array = array.astype(np.float64)  # a list of numbers
        if array.dtype not in FLOAT_DTYPES:
            raise TypeError(
                f"{what} must be float32 or float64, got dtype {array.dtype}"
                + ("" if isinstance(value, np.ndarray) else f" ({describe(value)})")
            )
        if not np.isfinite(array).all():
            bad = int(array.size - np.count_nonzero(np.isfinite(array)))
            raise ValueError(f"{what} must be finite, got {bad} NaN/inf value(s) in an array of shape {array.shape}")
        if not array.flags.writeable:
            raise ValueError(
                f"{what} must be a writeable array (optimizers and load_state_dict change it in place), "
                "got a read-only array: pass a copy (data.copy())"
            )
        return array

    @property
    def data(self) -> np.ndarray:
        """The values (float32 or float64); optimizers update them in place."""
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        array = self._checked_data(value, f"{self._label()} data")
        if array.shape != self._data.shape or array.dtype != self._data.dtype:
            raise ValueError(
                f"{self._label()} data must keep its shape {self._data.shape} and dtype {self._data.dtype} "
                f"(optimizers and gradients are built for them), got {describe(array)}; "
                "create a new Parameter (and a new optimizer) for another shape"
            )
        self._data = array

    @property
    def grad(self) -> np.ndarray:
        """dLoss/d(data), same shape and dtype; ``backward`` adds to it and ``zero_grad`` resets it.

        It can be assigned an array of the same shape and dtype as ``data``
        (stored without copying; a list is converted). Anything else, ``None``
        included, raises ``TypeError`` (not real numbers) or ``ValueError``
        (wrong shape or dtype), naming the parameter.
        """
        if self._grad_is_zero:
            self._grad.fill(0)
            self._grad_is_zero = False
        return self._grad

    @grad.setter
    def grad(self, value: Any) -> None:
        data = self._data
        expected = f"an array of shape {data.shape} and dtype {data.dtype}"
        if value is None:
            raise TypeError(
                f"grad of {self._label()} must be {expected}, got NoneType None "
                "(gradients in mlcourse are never None: call zero_grad() to reset them)"
            )
        if isinstance(value, np.ndarray):
            array = value
        else:
            try:
                array = np.asarray(value)
            except (TypeError, ValueError) as error:
                raise TypeError(f"grad of {self._label()} must be {expected}, got {describe(value)}") from error
            if array.dtype.kind in "iuf":
                array = self._cast_grad(array, data.dtype, expected)  # a list or a scalar of numbers
        if array.dtype.kind not in "iuf":
            raise TypeError(f"grad of {self._label()} must be {expected}, got {describe(value)}")
        if array.shape != data.shape or array.dtype != data.dtype:
            raise ValueError(f"grad of {self._label()} must be {expected} (like its data), got {describe(array)}")
        if not array.flags.writeable:
            raise ValueError(
                f"grad of {self._label()} must be a writeable array (backward and the gradient clipping "
                "change it in place), got a read-only array: pass a copy"
            )
        self._grad = array
        self._grad_is_zero = False

    def _cast_grad(self, array: np.ndarray, dtype: np.dtype, expected: str) -> np.ndarray:
        """``array`` (numbers given as a list or a scalar) cast to ``dtype``; ``ValueError`` if finite
        values overflow it (``1e300`` for a float32 parameter)."""
        with np.errstate(over="ignore", invalid="ignore"):
            cast = array.astype(dtype)
        if array.dtype.kind == "f" and not np.isfinite(cast).all() and np.isfinite(array).all():
            raise ValueError(
                f"grad of {self._label()} must be {expected}, got values beyond the range of {dtype} "
                f"(largest magnitude {float(np.abs(array).max()):g})"
            )
        return cast

    def _real_array(self, value: Any, name: str, method: str, ndim: int | None = None) -> np.ndarray:
        """``value`` as an array of real numbers (not bool), ``ndim``-D if given; else ``TypeError``/``ValueError``."""
        if not (isinstance(value, np.ndarray) and value.dtype.kind in "iuf"):
            try:
                array = np.asarray(value)
            except (TypeError, ValueError) as error:
                raise TypeError(f"{method}: {name} must be an array of real numbers, got {describe(value)}") from error
            if array.dtype.kind not in "iuf":
                raise TypeError(f"{method}: {name} must be an array of real numbers, got {describe(value)}")
            value = array
        if ndim is not None and value.ndim != ndim:
            raise ValueError(f"{method}: {name} must be {ndim}-D, got shape {value.shape}")
        return value

    def _check_update_shape(self, shape: tuple[int, ...], what: str) -> None:
        if shape != self._data.shape:
            raise ValueError(f"{what} for {self._label()} must have its shape {self._data.shape}, got shape {shape}")

    def add_to_grad(self, value: np.ndarray) -> None:
        """``grad += value`` (a copy of ``value`` right after ``zero_grad``); ``value`` has the shape of ``data``.

        Raises ``TypeError`` if ``value`` is not real numbers, ``ValueError`` if its shape differs.
        """
        if not (type(value) is np.ndarray and value.dtype.kind in "iuf" and value.shape == self._data.shape):
            value = self._real_array(value, "value", "add_to_grad")
            self._check_update_shape(value.shape, "add_to_grad: value")
        if self._grad_is_zero:
            self._grad[...] = value
            self._grad_is_zero = False
        else:
            self._grad += value

    def add_sum_to_grad(self, value: np.ndarray) -> None:
        """``grad += value.sum(axis=0)`` (right after ``zero_grad`` the sum is written in place).

        Raises ``TypeError`` if ``value`` is not real numbers, ``ValueError`` if
        ``value.sum(axis=0)`` does not have the shape of ``data``.
        """
        if not (type(value) is np.ndarray and value.dtype.kind in "iuf" and value.shape[1:] == self._data.shape):
            value = self._real_array(value, "value", "add_sum_to_grad")
            self._check_update_shape(value.shape[1:], "add_sum_to_grad: value.sum(axis=0)")
        if self._grad_is_zero:
            np.add.reduce(value, axis=0, out=self._grad)
            self._grad_is_zero = False
        else:
            self._grad += value.sum(axis=0)

    def add_matmul_to_grad(self, a: np.ndarray, b: np.ndarray) -> None:
        """``grad += a @ b`` for 2-D ``a`` and ``b``; right after ``zero_grad`` the product is written in place.

        Raises ``TypeError`` if ``a`` or ``b`` is not real numbers, ``ValueError``
        if they are not 2-D, their inner sizes differ or ``a @ b`` does not have
        the shape of ``data``.
        """
        if not (
            type(a) is np.ndarray
            and type(b) is np.ndarray
            and a.ndim == 2 == b.ndim
            and a.shape[1] == b.shape[0]
            and (a.shape[0], b.shape[1]) == self._data.shape
            and a.dtype.kind in "iuf"
            and b.dtype.kind in "iuf"
        ):  # the usual case passes at once
            a = self._real_array(a, "a", "add_matmul_to_grad", ndim=2)
            b = self._real_array(b, "b", "add_matmul_to_grad", ndim=2)
            if a.shape[1] != b.shape[0]:
                raise ValueError(
                    f"add_matmul_to_grad: a and b must chain (a.shape[1] == b.shape[0]), "
                    f"got a of shape {a.shape} and b of shape {b.shape}"
                )
            self._check_update_shape((a.shape[0], b.shape[1]), "add_matmul_to_grad: a @ b")
        if self._grad_is_zero:
            np.matmul(a, b, out=self._grad)
            self._grad_is_zero = False
        else:
            self._grad += a @ b

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self._data.shape

    @property
    def size(self) -> int:
        """The number of scalars in ``data``."""
        return int(self._data.size)

    def zero_grad(self) -> None:
        """Set the gradient to zero (lazily: see Notes)."""
        self._grad_is_zero = True

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self._data.shape}, dtype={self._data.dtype})"


class Module:
    """Base class of every layer and network.

    A subclass implements ``forward(x)``, caching what it needs, and
    ``backward(grad_out)``, which adds the gradients of its parameters into
    their ``.grad`` and returns the gradient with respect to its input.
    Calling a module calls ``forward``.
    """

    training: bool = True

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """Compute the output for a batch ``x``."""
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """Given dLoss/d(output), accumulate parameter gradients and return dLoss/d(input)."""
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def children(self) -> Iterator["Module"]:
        """Yield the direct sub-modules (none for a plain layer)."""
        return iter(())

    def parameters(self) -> list[Parameter]:
        """Return the trainable parameters of this module and its children, in order."""
        own = [value for value in vars(self).values() if isinstance(value, Parameter)]
        for child in self.children():
            own.extend(child.parameters())
        return own

    def zero_grad(self) -> None:
        """Reset the gradient of every parameter to zero."""
        for parameter in self.parameters():
            parameter.zero_grad()

    def train(self, mode: bool = True) -> "Module":
        """Switch to training mode (dropout active, batch statistics used); ``mode=False`` is :meth:`eval`.

        Raises ``TypeError`` if ``mode`` is not True or False.
        """
        mode = check_bool(mode, "mode")
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> "Module":
        """Switch to evaluation mode (dropout off, running statistics used)."""
        return self.train(False)

    # The rest of Module: introspection, checks shared by the layers, saving.

    #: Whether ``forward`` refuses NaN/inf in its input (``ValueError``), in
    #: every layer: Linear, BatchNorm1d, Dropout and the activations.
    #: ``Sequential`` turns it off for every layer after the first, so that a
    #: diverging network produces a non-finite loss (which the training loop
    #: reports) instead of an error in a hidden layer.
    check_finite: bool = True

    #: Names of non-trainable arrays saved by ``state_dict`` (BatchNorm's running statistics).
    buffer_names: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """Yield ``(name, child)`` for the direct sub-modules (names "0", "1", ...)."""
        for index, child in enumerate(self.children()):
            yield str(index), child

    def modules(self) -> Iterator["Module"]:
        """Yield this module and all its descendants, depth first."""
        yield self
        for child in self.children():
            yield from child.modules()

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Parameter]]:
        """Yield ``(name, parameter)`` pairs such as ``("0.W", ...)``, in ``parameters()`` order."""
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, got {describe(prefix)}")
        for attribute, value in vars(self).items():
            if isinstance(value, Parameter):
                yield prefix + attribute, value
        for name, child in self.named_children():
            yield from child.named_parameters(f"{prefix}{name}.")

    def named_buffers(self, prefix: str = "") -> Iterator[tuple[str, np.ndarray]]:
        """Yield ``(name, array)`` for the non-trainable state (e.g. ``"1.running_mean"``)."""
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, got {describe(prefix)}")
        for attribute in self.buffer_names:
            yield prefix + attribute, getattr(self, attribute)
        for name, child in self.named_children():
            yield from child.named_buffers(f"{prefix}{name}.")

    def state_dict(self) -> dict[str, np.ndarray]:
        """Return copies of every parameter and buffer, keyed ``"0.W"``, ``"0.b"``, ...

        Returns
        -------
        dict of str to numpy.ndarray
            Parameters first (in ``parameters()`` order), then buffers.
        """
        state = {name: parameter.data.copy() for name, parameter in self.named_parameters()}
        state.update({name: array.copy() for name, array in self.named_buffers()})
        return state

    def load_state_dict(self, state: Mapping[str, Any]) -> "Module":
        """Copy the arrays of ``state`` into the parameters and buffers, in place.

        Everything is checked before anything is copied: a refused ``state``
        leaves the module as it was.

        Parameters
        ----------
        state : dict of str to array_like
            As returned by :meth:`state_dict`; every key must be present, no
            other key, every shape must match, and every value must hold finite
            real numbers (they are cast to the module's dtype). A running
            variance of batch normalization must be >= 0.

        Returns
        -------
        Module
            ``self``.

        Raises
        ------
        TypeError
            If ``state`` is not a dict, or a value is not real numbers (None,
            strings, objects, booleans), naming the keys.
        ValueError
            Naming the missing keys, the unexpected keys, the shape
            mismatches, the values holding NaN/inf and the negative variances.

        Examples
        --------
        >>> model = Sequential(Linear(2, 1, seed=0))
        >>> model.load_state_dict({"0.W": [[1.0], [2.0]], "0.b": [0.5]})[0].W.data.ravel()
        array([1., 2.])
        >>> model.load_state_dict({"0.W": [[np.nan], [2.0]], "0.b": [0.5]})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        ValueError: load_state_dict into Sequential: non-finite values: 0.W: 1 NaN/inf value(s) ...
        """
        if not isinstance(state, Mapping):
            raise TypeError(
                f"load_state_dict expects a dict of arrays (as returned by state_dict()), got {describe(state)}"
            )
        targets = {name: parameter.data for name, parameter in self.named_parameters()}
        lower_bounds = {}
        for name, array in self.named_buffers():
            targets[name] = array
            if name.rsplit(".", 1)[-1] == "running_var":
                lower_bounds[name] = 0.0
        expected = f" (expected keys: {list(targets)})"
        where = f"load_state_dict into {type(self).__name__}: "
        missing = [name for name in targets if name not in state]
        unexpected = [name for name in state if name not in targets]
        problems = []
        if missing:
            problems.append(f"missing keys {missing}")
        if unexpected:
            problems.append(f"unexpected keys {unexpected}")
        if problems:
            raise ValueError(where + ", ".join(problems) + expected)
        values, not_numbers = {}, []
        for name in targets:
            try:
                values[name] = np.asarray(state[name])
            except (TypeError, ValueError):  # ragged lists and the like
                not_numbers.append(f"{name}: {describe(state[name])}")
                continue
            if values[name].dtype.kind not in "iuf":
                not_numbers.append(f"{name}: {describe(state[name])}")
        if not_numbers:
            raise TypeError(where + "values must hold real numbers: " + "; ".join(not_numbers) + expected)
        mismatched = [
            f"{name}: expected shape {targets[name].shape}, got {values[name].shape}"
            for name in targets
            if values[name].shape != targets[name].shape
        ]
        nonfinite = [
            f"{name}: {int(value.size - np.count_nonzero(np.isfinite(value)))} NaN/inf value(s)"
            for name, value in values.items()
            if not np.isfinite(value).all()
        ]
        negative = [
            f"{name}: values must be >= {bound}, got a minimum of {values[name].min()}"
            for name, bound in lower_bounds.items()
            if values[name].size and not nonfinite and values[name].min() < bound
        ]
        too_large = [] if nonfinite or mismatched else _beyond_dtype(values, targets)
        if mismatched:
            problems.append("shape mismatch: " + "; ".join(mismatched))
        if nonfinite:
            problems.append("non-finite values: " + "; ".join(nonfinite))
        if negative or too_large:
            problems.append("out of range: " + "; ".join(negative + too_large))
        if problems:
            raise ValueError(where + ", ".join(problems) + expected)
        for name, array in targets.items():
            array[...] = values[name]
        return self

    def save(self, path: str | os.PathLike) -> None:
        """Save :meth:`state_dict` to a ``.npz`` file (numpy adds ``.npz`` if missing)."""
        np.savez(_check_path(path), **self.state_dict())

    def load(self, path: str | os.PathLike) -> "Module":
        """Load parameters saved by :meth:`save` into this (identically built) module.

        Raises ``TypeError`` if ``path`` is not a str or path, ``FileNotFoundError``
        if there is no such file, ``ValueError`` if it is not an ``.npz`` archive,
        and what :meth:`load_state_dict` raises for its content.
        """
        path = _check_path(path)
        if not os.path.exists(path) and os.path.exists(f"{os.fspath(path)}.npz"):
            path = f"{os.fspath(path)}.npz"  # saved as "weights", written as "weights.npz"
        try:
            loaded = np.load(path)
        except (ValueError, OSError) as error:
            if isinstance(error, FileNotFoundError):
                raise
            raise ValueError(f"{os.fspath(path)!r} is not an .npz archive written by save(): {error}") from error
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise ValueError(f"{os.fspath(path)!r} holds a single array, not an .npz archive written by save()")
        with loaded as archive:
            return self.load_state_dict({name: archive[name] for name in archive.files})

    def output_features(self, n_features: int) -> int:
        """Number of output features for ``n_features`` inputs (the same, by default).

        Raises ``TypeError``/``ValueError`` if ``n_features`` is not an integer >= 1
        (or, for a layer with a fixed input size, not that size).
        """
        return check_int(n_features, "n_features (input features)", minimum=1)

    def _refuse_nonfinite(self, x: np.ndarray) -> None:
        """Raise ``ValueError`` if ``check_finite`` is on and ``x`` holds NaN or inf."""
        if self.check_finite and not all_finite(x):
            raise ValueError(f"{self!r} expects finite input, got NaN or inf in an array of shape {x.shape}")

    def _check_input(self, x: Any) -> np.ndarray:
        """Check the input of an elementwise layer (any shape): real numbers (not booleans),
        not empty, finite if ``check_finite``; return it as a float32/float64 array
        (integers, lists and float16 become float64)."""
        if not (type(x) is np.ndarray and x.dtype.char in "fd"):  # float32/float64 arrays pass as they are
            try:
                array = np.asarray(x)
            except (TypeError, ValueError) as error:  # ragged lists and the like
                raise TypeError(f"input of {self!r} must hold real numbers, got {describe(x)}") from error
            if array.dtype.kind not in "iuf":
                raise TypeError(f"input of {self!r} must hold real numbers, got {describe(x)}")
            x = array.astype(np.float64)
        if x.size == 0:
            raise ValueError(f"{self!r} expects a non-empty input, got an empty array of shape {x.shape}")
        self._refuse_nonfinite(x)
        return x

    def _check_batch(self, x: Any, n_features: int) -> np.ndarray:
        """Check a batch ``(n_samples, n_features)`` of floats; return it as an array."""
        if not (type(x) is np.ndarray and x.dtype.char in "fd"):  # float32/float64 arrays pass as they are
            x = as_float_array(x, f"input of {self!r}", allow_empty=True, allow_nonfinite=True)
        if x.ndim != 2 or x.shape[1] != n_features:
            hint = " (for one sample use x.reshape(1, -1))" if x.shape == (n_features,) else ""
            raise ValueError(f"{self!r} expects input of shape (n_samples, {n_features}), got shape {x.shape}{hint}")
        if x.shape[0] == 0:
            raise ValueError(f"{self!r} expects at least one sample, got an empty batch of shape {x.shape}")
        self._refuse_nonfinite(x)
        return x

    def _check_grad_out(self, grad_out: Any, cached: Any, n_out: int | None = None) -> np.ndarray:
        """Check that forward ran (``cached`` is not None) and that ``grad_out`` holds real
        numbers of the shape of the last output: ``cached``'s shape (an array or a shape
        tuple), or ``(len(cached), n_out)`` when ``n_out`` is given."""
        if cached is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(): run a forward pass first")
        shape = cached if type(cached) is tuple else cached.shape
        if n_out is not None:
            shape = (shape[0], n_out)
        given = grad_out
        if type(grad_out) is not np.ndarray:
            try:
                grad_out = np.asarray(grad_out)
            except (TypeError, ValueError) as error:
                raise TypeError(f"{self!r}.backward expects grad_out of real numbers, got {describe(given)}") from error
        if grad_out.dtype.kind not in "iuf":
            raise TypeError(f"{self!r}.backward expects grad_out of real numbers, got {describe(given)}")
        if grad_out.shape != shape:
            raise ValueError(
                f"{self!r}.backward expects grad_out of shape {shape} (the shape of its last "
                f"output), got shape {grad_out.shape}"
            )
        return grad_out


def _beyond_dtype(values: dict[str, np.ndarray], targets: dict[str, np.ndarray]) -> list[str]:
    """The entries of ``values`` (finite numbers) too large for the dtype of ``targets[name]``, described."""
    problems = []
    for name, value in values.items():
        dtype = targets[name].dtype
        if not value.size or (value.dtype.kind == "f" and value.dtype.itemsize <= dtype.itemsize):
            continue  # a float cast to a float as wide or wider cannot overflow
        largest, limit = float(np.abs(value.astype(np.float64)).max()), float(np.finfo(dtype).max)
        if largest > limit:
            problems.append(f"{name}: values must fit {dtype} (magnitude <= {limit:g}), got a magnitude of {largest:g}")
    return problems


def _initial_weights(
    init: str | Callable[..., np.ndarray], n_in: int, n_out: int, rng: np.random.Generator, dtype: Any
) -> np.ndarray:
    initializer = get_initializer(init) if isinstance(init, str) else init
    if not callable(initializer):
        raise TypeError(f"init must be an initializer name or a callable, got {describe(init)}")
    returned = initializer(n_in, n_out, rng=rng, dtype=dtype)
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # values beyond float32: refused below as inf
            weights = np.asarray(returned, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"init must return an array of real numbers, got {describe(returned)}") from error
    if weights.shape != (n_in, n_out):
        raise ValueError(f"init returned shape {weights.shape}, expected ({n_in}, {n_out})")
    if not np.isfinite(weights).all():
        raise ValueError(
            f"init returned NaN or inf weights for a layer of shape ({n_in}, {n_out}) "
            f"(or values beyond the range of {np.dtype(dtype)})"
        )
    return weights


def _check_dtype(dtype: Any) -> np.dtype:
    """``dtype`` as a numpy dtype, float32 or float64 (``TypeError`` otherwise)."""
    try:
        checked = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"dtype must be float32 or float64, got {describe(dtype)}") from error
    if checked not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64, got {checked}")
    return checked


def _check_representable(value: float, name: str, dtype: np.dtype) -> None:
    """``ValueError`` unless the positive ``value`` stays positive and finite in ``dtype``
    (``1e-50`` rounds to 0 in float32, ``1e39`` overflows it)."""
    with np.errstate(over="ignore", under="ignore"):
        rounded = float(np.asarray(value, dtype=dtype))
    if not 0 < rounded < math.inf:
        info = np.finfo(dtype)
        raise ValueError(
            f"{name} must be a positive number representable in {dtype} (between {info.smallest_subnormal:g} "
            f"and {info.max:g}), got {value!r}, which {'rounds to 0' if rounded == 0 else 'overflows'} in {dtype}"
        )


def _check_path(path: Any) -> str | os.PathLike:
    """``path`` unchanged if it is a file name (str or path object), ``TypeError`` otherwise."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name (str or os.PathLike), got {describe(path)}")
    return path


class Linear(Module):
    """Dense layer ``x @ W + b`` with ``W`` of shape ``(n_in, n_out)``.

    Parameters
    ----------
    n_in, n_out : int
        Number of input and output features (>= 1).
    init : str or callable, default "xavier_uniform"
        Weight initializer: a name of :func:`mlcourse.init.get_initializer`,
        or a callable ``init(n_in, n_out, rng=..., dtype=...)``. Biases start at 0.
    bias : bool, default True
        Whether to add ``b`` (shape ``(n_out,)``).
    rng : numpy.random.Generator, optional
        Source of randomness for the initial weights.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).
    dtype : numpy dtype, default float64
        float32 or float64; inputs are converted to it.

    Raises
    ------
    ValueError
        If ``n_in`` or ``n_out`` is below 1, ``init`` is an unknown name or
        returns weights of the wrong shape or with NaN/inf; in ``forward``,
        if the input is not a non-empty batch ``(n_samples, n_in)`` or holds
        NaN/inf (see ``check_finite``).
    TypeError
        If an argument has the wrong type (``bias`` not a bool, ``dtype`` not
        float32/float64, ...), or the input is not floating-point numbers.

    Examples
    --------
    >>> layer = Linear(2, 3, init="zeros")
    >>> layer(np.ones((4, 2))).shape
    (4, 3)
    >>> layer.W.shape, layer.b.shape
    ((2, 3), (3,))
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        *,
        init: str | Callable[..., np.ndarray] = "xavier_uniform",
        bias: bool = True,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.n_in = check_int(n_in, "n_in", minimum=1)
        self.n_out = check_int(n_out, "n_out", minimum=1)
        dtype = _check_dtype(dtype)
        self.W = Parameter(_initial_weights(init, self.n_in, self.n_out, as_rng(rng, seed), dtype), "W")
        self.b = Parameter(np.zeros(self.n_out, dtype=dtype), "b") if check_bool(bias, "bias") else None
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check_batch(x, self.n_in).astype(self.W.data.dtype, copy=False)
        self.x = x
        out = x @ self.W.data
        if self.b is not None:
            out += self.b.data
        return out

    def backward(self, grad_out: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        """Add ``x.T @ grad_out`` to W.grad and ``grad_out`` summed over the batch to b.grad;
        return ``grad_out @ W.T`` (None when ``input_grad`` is False)."""
        grad_out = self._check_grad_out(grad_out, self.x, self.n_out)
        input_grad = check_bool(input_grad, "input_grad")
        self.W.add_matmul_to_grad(self.x.T, grad_out)  # W.grad += x.T @ grad_out
        if self.b is not None:
            self.b.add_sum_to_grad(grad_out)  # b.grad += grad_out.sum(axis=0)
        return grad_out @ self.W.data.T if input_grad else None

    def output_features(self, n_features: int) -> int:
        if check_int(n_features, "n_features (input features)", minimum=1) != self.n_in:
            raise ValueError(f"{self!r} expects {self.n_in} input features, got {n_features}")
        return self.n_out

    def __repr__(self) -> str:
        return f"Linear({self.n_in}, {self.n_out}{'' if self.b is not None else ', bias=False'})"


class _Activation(Module):
    """Shared plumbing of the parameter-free elementwise layers.

    ``forward`` accepts real numbers of any shape (integers and lists become
    float64); it raises ``TypeError`` for anything else (booleans included)
    and ``ValueError`` for an empty array, and for NaN/inf while
    ``check_finite`` is on.
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def _checked(self, grad_out: Any) -> np.ndarray:
        return self._check_grad_out(grad_out, self.out)


class Sigmoid(_Activation):
    """Sigmoid layer; ``backward`` uses ``s' = s (1 - s)`` from the cached output."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.asarray(sigmoid(self._check_input(x)))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        s = self.out
        return self._checked(grad_out) * s * (1 - s)


class Tanh(_Activation):
    """Tanh layer; ``backward`` uses ``t' = 1 - t**2`` from the cached output."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.tanh(self._check_input(x))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        t = self.out
        return self._checked(grad_out) * (1 - t * t)


class ReLU(_Activation):
    """ReLU layer; the gradient passes where the input was > 0 (0 at exactly 0)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check_input(x)
        self.positive = x > 0
        self.out = np.maximum(x, 0)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return self._checked(grad_out) * self.positive


class LeakyReLU(_Activation):
    """Leaky ReLU layer with slope ``alpha`` for negative inputs."""

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = check_positive(alpha, "alpha", allow_zero=True)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = self._check_input(x)
        self.out = np.asarray(leaky_relu(self.x, self.alpha))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        grad_out = self._checked(grad_out)
        return np.where(self.x > 0, grad_out, self.alpha * grad_out)

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"


class ELU(_Activation):
    """ELU layer; for ``x <= 0`` the derivative ``alpha * exp(x)`` equals ``out + alpha``."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = check_positive(alpha, "alpha", allow_zero=True)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = self._check_input(x)
        self.out = np.asarray(elu(self.x, self.alpha))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        grad_out = self._checked(grad_out)
        return np.where(self.x > 0, grad_out, grad_out * (self.out + self.alpha))

    def __repr__(self) -> str:
        return f"ELU(alpha={self.alpha})"


class Softmax(_Activation):
    """Softmax layer along ``axis``; ``backward`` applies the Jacobian without building it.

    For each row, ``J^T g = s * (g - sum(g * s))``.

    Raises
    ------
    TypeError
        If ``axis`` is not an integer, or the input is not real numbers.
    ValueError
        In ``forward``, if the input has no axis ``axis`` or is empty along
        it, or holds NaN/inf (see ``check_finite``).
    """

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = check_int(axis, "axis")

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check_input(x)
        if not -x.ndim <= self.axis < x.ndim:
            raise ValueError(f"{self!r} expects input with an axis {self.axis}, got shape {x.shape} ({x.ndim}-D)")
        self.out = softmax(x, axis=self.axis)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        s = self.out
        grad_out = self._checked(grad_out)
        return s * (grad_out - (grad_out * s).sum(axis=self.axis, keepdims=True))

    def __repr__(self) -> str:
        return f"Softmax(axis={self.axis})"


class Identity(_Activation):
    """Identity layer (a linear output unit): passes values and gradients through."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = self._check_input(x)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return self._checked(grad_out)


class Step(_Activation):
    """Heaviside step layer (1 where ``x >= 0``).

    Its derivative is 0 almost everywhere (and undefined at 0), so ``backward``
    returns zeros: this is why a network of step units cannot be trained by
    gradient descent, and why the perceptron uses its own learning rule.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.asarray(step(self._check_input(x)))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return np.zeros_like(self._checked(grad_out))


class Dropout(Module):
    """Inverted dropout: in training, zero each unit with probability ``p``
    and scale the kept ones by ``1 / (1 - p)``; in evaluation, do nothing.

    The scaling keeps the expected activation the same in both modes, so no
    rescaling is needed at test time.

    Parameters
    ----------
    p : float, default 0.5
        Probability of dropping a unit, in [0, 1).
    rng : numpy.random.Generator, optional
        Source of randomness for the masks.
    seed : int, optional
        Seed for a new generator (instead of ``rng``).

    Attributes
    ----------
    mask : numpy.ndarray of bool or None
        Units kept (True) in the last training forward pass.
    freeze_mask : bool
        When True, forward reuses ``mask`` instead of drawing a new one (set
        it, or ``mask`` itself, to make the layer deterministic, e.g. for a
        gradient check).

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1); in ``forward``, if the input holds NaN/inf
        (see ``check_finite``) or does not match a frozen mask's shape.
    TypeError
        If the input is not real numbers.

    Examples
    --------
    >>> drop = Dropout(0.5, seed=0)
    >>> out = drop(np.ones((2, 4)))
    >>> sorted(set(out.ravel().tolist()))
    [0.0, 2.0]
    >>> drop.eval()(np.ones((1, 2)))
    array([[1., 1.]])
    """

    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | None = None, seed: int | None = None) -> None:
        self.p = check_probability(p, "p")
        self.rng = as_rng(rng, seed)
        self.mask: np.ndarray | None = None
        self.freeze_mask = False
        self.shape: tuple[int, ...] | None = None
        self.dropped = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check_input(x)
        self.shape, self.dropped = x.shape, self.training
        if not self.training:
            return x
        if not (self.freeze_mask and self.mask is not None):
            self.mask = self.rng.random(x.shape) >= self.p
        elif self.mask.shape != x.shape:
            raise ValueError(f"{self!r} has a frozen mask of shape {self.mask.shape}, got input of shape {x.shape}")
        out = x * self.mask
        out *= 1 / (1 - self.p)
        return out

    @property
    def freeze_mask(self) -> bool:
        """Whether forward reuses ``mask`` (True or False; anything else raises ``TypeError``)."""
        return self._freeze_mask

    @freeze_mask.setter
    def freeze_mask(self, value: bool) -> None:
        self._freeze_mask = check_bool(value, "freeze_mask")

    @property
    def mask(self) -> np.ndarray | None:
        """Units kept (True) in the last training forward pass; it may be set by hand (see ``freeze_mask``)."""
        return self._mask

    @mask.setter
    def mask(self, mask: Any) -> None:
        """Store ``mask`` as a boolean array (a list, or 0/1 numbers, are converted); ``TypeError`` otherwise."""
        if not (type(mask) is np.ndarray and mask.dtype == bool) and mask is not None:
            try:
                array = np.asarray(mask)
            except (TypeError, ValueError) as error:  # ragged lists and the like
                raise TypeError(f"mask of {self!r} must be an array of booleans, got {describe(mask)}") from error
            if array.dtype.kind not in "biuf" or not np.isin(array, (0, 1)).all():
                raise TypeError(f"mask of {self!r} must be an array of booleans (or of 0/1), got {describe(mask)}")
            mask = array.astype(bool)
        self._mask = mask

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        grad_out = self._check_grad_out(grad_out, self.shape)
        if not self.dropped:
            return grad_out
        grad_in = grad_out * self.mask
        grad_in *= 1 / (1 - self.p)
        return grad_in

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class BatchNorm1d(Module):
    """Batch normalization over the samples of a batch ``(n_samples, n_features)``.

    Training: each feature is normalized with the batch mean and the biased
    batch variance, then scaled by ``gamma`` and shifted by ``beta``; the
    running averages are updated as ``running = (1 - momentum) * running +
    momentum * batch_value``, using the UNBIASED variance (as
    ``torch.nn.BatchNorm1d`` does). Evaluation: the running averages are used.

    Parameters
    ----------
    n_features : int
        Number of features.
    momentum : float, default 0.1
        Weight of the new batch in the running averages, in [0, 1].
    eps : float, default 1e-5
        Added to the variance before the square root.
    dtype : numpy dtype, default float64
        float32 or float64.

    Raises
    ------
    ValueError
        If ``n_features`` is below 1, ``momentum`` is outside [0, 1] or
        ``eps`` is not positive; in ``forward``, for input that is not a batch
        ``(n_samples, n_features)``, holds NaN/inf (see ``check_finite``), or,
        in training mode, has a single sample (its variance is undefined).
    TypeError
        If ``dtype`` is not float32/float64, or an argument has the wrong type.

    Examples
    --------
    >>> bn = BatchNorm1d(2)
    >>> out = bn(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> out.round(4)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean, bn.running_var
    (array([0.2, 2. ]), array([ 1.1, 20.9]))
    """

    buffer_names = ("running_mean", "running_var")

    def __init__(self, n_features: int, momentum: float = 0.1, eps: float = 1e-5, *, dtype: Any = np.float64) -> None:
        self.n_features = check_int(n_features, "n_features", minimum=1)
        self.momentum = check_probability(momentum, "momentum", inclusive_high=True)
        self.eps = check_positive(eps, "eps")
        dtype = _check_dtype(dtype)
        _check_representable(self.eps, "eps", dtype)
        self.gamma = Parameter(np.ones(self.n_features, dtype=dtype), "gamma")
        self.beta = Parameter(np.zeros(self.n_features, dtype=dtype), "beta")
        self.running_mean = np.zeros(self.n_features, dtype=dtype)
        self.running_var = np.ones(self.n_features, dtype=dtype)
        self.cache: tuple[np.ndarray, np.ndarray, bool] | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check_batch(x, self.n_features).astype(self.gamma.data.dtype, copy=False)
        if self.training:
            n = len(x)
            if n < 2:
                raise ValueError(
                    f"{self!r} in training mode expects more than 1 sample per batch "
                    f"(the variance of one value is undefined), got input of shape {x.shape}"
                )
            mean, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean += self.momentum * (mean - self.running_mean)
            self.running_var += self.momentum * (var * (n / (n - 1)) - self.running_var)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return x_hat * self.gamma.data + self.beta.data

    def backward(self, grad_out: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        """Add the gradients of ``gamma`` and ``beta``; return dLoss/d(input) (None when
        ``input_grad`` is False)."""
        x_hat, inv_std, used_batch_statistics = self.cache or (None, None, None)
        grad_out = self._check_grad_out(grad_out, x_hat)
        input_grad = check_bool(input_grad, "input_grad")
        self.gamma.add_to_grad((grad_out * x_hat).sum(axis=0))
        self.beta.add_to_grad(grad_out.sum(axis=0))
        if not input_grad:
            return None
        g = grad_out * self.gamma.data  # gradient w.r.t. x_hat
        if not used_batch_statistics:
            return g * inv_std
        n = len(g)
        return (inv_std / n) * (n * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))

    def __repr__(self) -> str:
        return f"BatchNorm1d({self.n_features})"


class SummaryRow(NamedTuple):
    """One line of :class:`Summary`."""

    layer: str
    output_shape: tuple[int | None, ...]
    parameters: int
    formula: str


class Summary:
    """The table returned by :meth:`Sequential.summary`.

    Attributes
    ----------
    rows : list of SummaryRow
        One row per layer: its repr, output shape (``None`` = any batch
        size), parameter count, and how the count comes about.
    total_parameters : int
        Sum of the parameter counts.
    """

    def __init__(self, rows: list[SummaryRow]) -> None:
        self.rows = rows
        self.total_parameters = sum(row.parameters for row in rows)

    def __str__(self) -> str:
        header = ("Layer", "Output shape", "Parameters", "Count")
        lines = [header] + [(row.layer, str(row.output_shape), f"{row.parameters:,}", row.formula) for row in self.rows]
        widths = [max(len(line[column]) for line in lines) for column in range(4)]
        formatted = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines]
        rule = "-" * max(len(line) for line in formatted)
        return "\n".join([formatted[0], rule, *formatted[1:], rule, f"Total parameters: {self.total_parameters:,}"])

    __repr__ = __str__


def _parameter_formula(layer: Module) -> str:
    if isinstance(layer, Linear):
        return f"({layer.n_in}+1)*{layer.n_out}" if layer.b is not None else f"{layer.n_in}*{layer.n_out}"
    if isinstance(layer, BatchNorm1d):
        return f"2*{layer.n_features}"
    return ""


class Sequential(Module):
    """Layers applied one after the other; ``backward`` visits them in reverse.

    Parameters
    ----------
    *modules : Module
        The layers, in order (a single list of layers is accepted too).

    Raises
    ------
    TypeError
        If an argument is not a Module.

    Examples
    --------
    >>> model = Sequential(Linear(2, 3, seed=0), Tanh(), Linear(3, 1, seed=1))
    >>> len(model), model[1]
    (3, Tanh())
    >>> print(model.summary(2))
    Layer         Output shape  Parameters  Count
    -----------------------------------------------
    Linear(2, 3)  (None, 3)     9           (2+1)*3
    Tanh()        (None, 3)     0
    Linear(3, 1)  (None, 1)     4           (3+1)*1
    -----------------------------------------------
    Total parameters: 13
    """

    def __init__(self, *modules: Module | Iterable[Module]) -> None:
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        for index, module in enumerate(modules):
            if not isinstance(module, Module):
                raise TypeError(f"Sequential expects Module objects, got {type(module).__name__} at position {index}")
        _refuse_shared_modules(modules)
        self.layers: list[Module] = list(modules)
        for layer in self.layers[1:]:  # only the entry layer checks its input for NaN
            for module in layer.modules():
                module.check_finite = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate through the layers in reverse order.

        Parameters
        ----------
        grad_out : numpy.ndarray
            dLoss/d(output), shape of the last output.
        input_grad : bool, default True
            With False, only the parameter gradients are computed, which is
            all training needs: the first layer with parameters (e.g. the
            first ``Linear``) skips dLoss/d(its input), one matrix product,
            the largest of the step for wide inputs, and the parameter-free
            layers before it are not visited. ``None`` is returned.

        Returns
        -------
        numpy.ndarray or None
            dLoss/d(input), or None when ``input_grad`` is False.

        Raises
        ------
        TypeError
            If ``input_grad`` is not a bool.
        """
        if not check_bool(input_grad, "input_grad"):
            return self._backward_parameters_only(grad_out)
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def _backward_parameters_only(self, grad_out: np.ndarray) -> None:
        """``backward(grad_out, input_grad=False)``: stop at the first layer with parameters,
        without its input gradient when it can skip it."""
        first = next(
            (
                index
                for index, layer in enumerate(self.layers)
                if isinstance(layer, (Linear, BatchNorm1d)) or layer.parameters()
            ),
            None,
        )
        if first is None:
            return  # no parameters: nothing to compute
        for layer in reversed(self.layers[first + 1 :]):
            grad_out = layer.backward(grad_out)
        layer = self.layers[first]
        if isinstance(layer, (Linear, BatchNorm1d, Sequential)):
            layer.backward(grad_out, input_grad=False)
        else:
            layer.backward(grad_out)

    def children(self) -> Iterator[Module]:
        return iter(self.layers)

    def __getitem__(self, index: int) -> Module:
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.layers)

    def output_features(self, n_features: int) -> int:
        n_features = check_int(n_features, "n_features (input features)", minimum=1)
        for layer in self.layers:
            n_features = layer.output_features(n_features)
        return n_features

    def summary(self, n_features: int) -> Summary:
        """Tabulate each layer's output shape and parameter count.

        Parameters
        ----------
        n_features : int
            Number of input features.

        Returns
        -------
        Summary
            Printable table with attributes ``rows`` and ``total_parameters``.

        Raises
        ------
        ValueError
            If the layers' sizes do not chain (e.g. ``Linear(4, 3)`` then ``Linear(2, 1)``).
        """
        rows = []
        features = check_int(n_features, "n_features", minimum=1)
        for layer in self.layers:
            features = layer.output_features(features)
            count = sum(parameter.size for parameter in layer.parameters())
            rows.append(SummaryRow(repr(layer), (None, features), count, _parameter_formula(layer)))
        return Summary(rows)

    def __repr__(self) -> str:
        lines = [f"  ({index}): {layer!r}".replace("\n", "\n  ") for index, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)" if lines else "Sequential()"


def _refuse_shared_modules(modules: Sequence[Module]) -> None:
    """``ValueError`` if one module object appears twice among ``modules`` and their sub-modules.

    Each layer caches its last forward pass for its backward pass: a layer used at two places
    would backpropagate the second place's cache through both, giving wrong gradients silently.
    """
    seen: dict[int, str] = {}
    for index, module in enumerate(modules):
        for path, sub in _module_paths(module, str(index)):
            if id(sub) in seen:
                raise ValueError(
                    f"Sequential got the same {sub!r} object at positions {seen[id(sub)]} and {path}: a layer "
                    "caches its forward pass for backward, so each position needs its own object "
                    f"(create a new one, e.g. {type(sub).__name__}(...) again)"
                )
            seen[id(sub)] = path


def _module_paths(module: Module, path: str) -> Iterator[tuple[str, Module]]:
    yield path, module
    for name, child in module.named_children():
        yield from _module_paths(child, f"{path}.{name}")


#: Activation layers by name (the names of :data:`mlcourse.activations.ACTIVATIONS`, plus softmax).
ACTIVATION_MODULES: dict[str, type[Module]] = {
    "step": Step,
    "identity": Identity,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softmax": Softmax,
}


def activation_module(name: str, **kwargs: Any) -> Module:
    """Return a new activation layer by name, e.g. ``activation_module("relu")``.

    Parameters
    ----------
    name : str
        A key of ``ACTIVATION_MODULES`` (case-insensitive).
    **kwargs
        Passed to the layer (e.g. ``alpha`` for ``"leaky_relu"``).

    Returns
    -------
    Module
        The layer.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names.

    Examples
    --------
    >>> activation_module("leaky_relu", alpha=0.1)
    LeakyReLU(alpha=0.1)
    """
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a str, one of {', '.join(ACTIVATION_MODULES)}; got {describe(name)}")
    key = name.lower()
    if key not in ACTIVATION_MODULES:
        raise ValueError(f"unknown activation {name!r}; valid names: {', '.join(ACTIVATION_MODULES)}")
    try:
        return ACTIVATION_MODULES[key](**kwargs)
    except TypeError as error:
        if "argument" not in str(error):  # a check of a valid option's value
            raise
        raise TypeError(f"activation {name!r} does not take the option(s) {sorted(kwargs)}: {error}") from error


def _check_module(model: Any) -> Module:
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module (e.g. a Sequential), got {describe(model)}")
    return model


def save_parameters(model: Module, path: str | os.PathLike) -> None:
    """Save ``model.state_dict()`` to ``path`` (``.npz``); same as ``model.save(path)``.

    Raises ``TypeError`` if ``model`` is not a Module or ``path`` not a file name.
    """
    _check_module(model).save(path)


def load_parameters(model: Module, path: str | os.PathLike) -> Module:
    """Load a ``.npz`` file written by :func:`save_parameters` into ``model``; returns it.

    Raises what :meth:`Module.load` raises, and ``TypeError`` if ``model`` is not a Module.
    """
    return _check_module(model).load(path)


def mlp(
    sizes: Sequence[int],
    *,
    activation: str = "relu",
    activation_options: dict[str, Any] | None = None,
    init: str | Callable[..., np.ndarray] = "xavier_uniform",
    batch_norm: bool = False,
    dropout: float = 0.0,
    output_activation: str | None = None,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> Sequential:
    """A multilayer perceptron ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``.

    Each hidden layer is ``Linear``, then ``BatchNorm1d`` (if ``batch_norm``),
    then the activation, then ``Dropout`` (if ``dropout > 0``); the last layer
    is a ``Linear``, followed by ``output_activation`` if one is given.
    Batch normalization sits between the linear part and the activation, as in
    Ioffe & Szegedy (2015).

    Parameters
    ----------
    sizes : sequence of int
        Number of units per layer, input first, output last (at least 2
        entries, each >= 1).
    activation : str, default "relu"
        Hidden activation, a name of :data:`mlcourse.nn.ACTIVATION_MODULES`.
    activation_options : dict, optional
        Keyword arguments of the activation layers, e.g. ``{"alpha": 0.1}``
        for ``"leaky_relu"``.
    init : str or callable, default "xavier_uniform"
        Weight initializer of every ``Linear`` (see :class:`mlcourse.nn.Linear`).
    batch_norm : bool, default False
        Insert ``BatchNorm1d`` after every hidden ``Linear``.
    dropout : float, default 0
        Dropout probability after every hidden activation, in [0, 1).
    output_activation : str, optional
        An activation after the last ``Linear`` (e.g. ``"softmax"``).
    seed, rng
        Source of randomness for the weights and the dropout masks (one
        generator is drawn from for every layer in order, so the same seed
        builds the same network).
    dtype : numpy dtype, default float64
        float32 or float64.

    Returns
    -------
    Sequential
        The network, in training mode.

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than 2 entries or a size below 1, the
        activation name is unknown, or ``dropout`` is outside [0, 1).
    TypeError
        If ``sizes`` is not a sequence of integers, ``activation`` not a str,
        ``batch_norm`` not a bool, ``dtype`` not float32/float64, or
        ``activation_options`` not a dict of options the activation takes.

    Examples
    --------
    >>> net = mlp([4, 3, 2], activation="tanh", batch_norm=True, dropout=0.5, seed=1)
    >>> [type(layer).__name__ for layer in net]
    ['Linear', 'BatchNorm1d', 'Tanh', 'Dropout', 'Linear']
    >>> net.summary(4).total_parameters  # (4+1)*3 + 2*3 + (3+1)*2
    29
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable):
        raise TypeError(f"sizes must be a sequence of layer sizes such as [784, 128, 10], got {describe(sizes)}")
    sizes = [check_int(size, f"sizes[{index}]", minimum=1) for index, size in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str, one of {', '.join(ACTIVATION_MODULES)}; got {describe(activation)}")
    if activation.lower() not in ACTIVATION_MODULES:
        raise ValueError(f"unknown activation {activation!r}; valid names: {', '.join(ACTIVATION_MODULES)}")
    if activation_options is not None and not isinstance(activation_options, Mapping):
        raise TypeError(
            f"activation_options must be a dict such as {{'alpha': 0.1}}, got {describe(activation_options)}"
        )
    if output_activation is not None and not isinstance(output_activation, str):
        raise TypeError(
            f"output_activation must be None or a str, one of {', '.join(ACTIVATION_MODULES)}; "
            f"got {describe(output_activation)}"
        )
    if output_activation is not None and output_activation.lower() not in ACTIVATION_MODULES:
        raise ValueError(
            f"unknown output_activation {output_activation!r}; valid names: {', '.join(ACTIVATION_MODULES)}"
        )
    batch_norm = check_bool(batch_norm, "batch_norm")
    dropout = check_probability(dropout, "dropout")
    dtype = _check_dtype(dtype)
    generator = as_rng(rng, seed)
    layers: list[Module] = []
    n_hidden = len(sizes) - 2
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(n_in, n_out, init=init, rng=generator, dtype=dtype))
        if index < n_hidden:
            if batch_norm:
                layers.append(BatchNorm1d(n_out, dtype=dtype))
            layers.append(activation_module(activation, **(activation_options or {})))
            if dropout > 0:
                layers.append(Dropout(dropout, rng=generator))
    if output_activation is not None:
        layers.append(activation_module(output_activation))
    return Sequential(*layers)


def fold_batchnorm(model: Sequential) -> Sequential:
    """Return an inference-only copy of ``model`` with every ``Linear -> BatchNorm1d`` pair merged.

    In evaluation mode batch normalization is a fixed affine map of each
    feature, ``y = gamma * (z - mean) / sqrt(var + eps) + beta`` with the
    running ``mean`` and ``var``. Applied to ``z = x @ W + b`` it gives
    another affine map, ``y = x @ W' + b'`` with::

        s  = gamma / sqrt(var + eps)      # one factor per output feature
        W' = W * s                        # scales column j of W by s[j]
        b' = (b - mean) * s + beta

    so at inference the normalization costs nothing: the folded network has
    only ``Linear`` layers where the original had ``Linear`` and
    ``BatchNorm1d``. The result matches ``model.eval()`` (up to rounding)
    but not training mode, which uses batch statistics.

    Parameters
    ----------
    model : Sequential
        A network whose ``BatchNorm1d`` layers each directly follow a
        ``Linear`` layer. Not modified.

    Returns
    -------
    Sequential
        A new network in evaluation mode, with copied (not shared) parameters.

    Raises
    ------
    TypeError
        If ``model`` is not a Sequential.
    ValueError
        If a ``BatchNorm1d`` does not follow a ``Linear`` (there is nothing
        to fold it into).

    Examples
    --------
    >>> net = mlp([3, 4, 2], batch_norm=True, seed=0)
    >>> _ = net(np.random.default_rng(1).standard_normal((8, 3)))   # update the running statistics
    >>> folded = fold_batchnorm(net)
    >>> [type(layer).__name__ for layer in folded]
    ['Linear', 'ReLU', 'Linear']
    >>> x = np.ones((2, 3))
    >>> bool(np.allclose(folded(x), net.eval()(x)))
    True
    """
    import copy

    if not isinstance(model, Sequential):
        raise TypeError(f"model must be an mlcourse.nn.Sequential, got {type(model).__name__}")
    layers: list[Module] = []
    for index, layer in enumerate(model):
        if isinstance(layer, BatchNorm1d):
            previous = layers[-1] if layers else None
            if not isinstance(previous, Linear) or isinstance(model[index - 1], BatchNorm1d):
                raise ValueError(
                    f"BatchNorm1d at position {index} does not follow a Linear layer; "
                    "only Linear -> BatchNorm1d pairs can be folded"
                )
            scale = layer.gamma.data / np.sqrt(layer.running_var + layer.eps)
            bias = previous.b.data if previous.b is not None else np.zeros_like(scale)
            folded = Linear(previous.n_in, previous.n_out, init="zeros", dtype=previous.W.data.dtype)
            folded.W.data[...] = previous.W.data * scale
            folded.b.data[...] = (bias - layer.running_mean) * scale + layer.beta.data
            layers[-1] = folded
        else:
            layers.append(copy.deepcopy(layer))
    return Sequential(*layers).eval()


@contextmanager
def evaluating(model: Module) -> Iterator[Module]:
    """Run a block with ``model`` in evaluation mode, then restore the mode it had.

    Dropout is off and batch normalization uses its running statistics inside
    the block; afterwards the model is in training mode again if it was
    before, even when the block raised.

    Parameters
    ----------
    model : Module
        The network.

    Yields
    ------
    Module
        The same ``model``, in evaluation mode.

    Raises
    ------
    TypeError
        If ``model`` is not a Module.

    Examples
    --------
    >>> net = Sequential(Linear(2, 2, seed=0), Dropout(0.5, seed=0))
    >>> with evaluating(net):
    ...     net.training
    False
    >>> net.training
    True
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module, got {type(model).__name__}")
    was_training = model.training
    model.eval()
    try:
        yield model
    finally:
        model.train(was_training)
