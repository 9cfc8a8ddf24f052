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

import os
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

import numpy as np

from ._validation import (
    FLOAT_DTYPES,
    as_float_array,
    as_rng,
    check_int,
    check_positive,
    check_probability,
)
from .activations import _as_float, elu, leaky_relu, sigmoid, softmax, step
from .init import get_initializer

__all__ = [
    "Parameter", "Module", "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU",
    "Softmax", "Identity", "Step", "Dropout", "BatchNorm1d", "Sequential", "Summary",
    "SummaryRow", "ACTIVATION_MODULES", "activation_module", "save_parameters",
    "load_parameters", "mlp", "fold_batchnorm", "evaluating",
]


class Parameter:
    """A trainable array and the gradient accumulated for it.

    Parameters
    ----------
    data : numpy.ndarray
        The values (float32 or float64). Stored without copying.
    name : str, default ""
        A label used by ``summary()`` and when saving weights.

    Attributes
    ----------
    data : numpy.ndarray
        The current values; optimizers update it in place.

    Notes
    -----
    ``zero_grad`` only marks the gradient as zero; the array is filled with
    zeros when ``grad`` is next read, or overwritten directly by the next
    :meth:`add_matmul_to_grad`. This saves a pass over memory and a
    temporary array per step, and is invisible to code that uses ``grad``.
    """

    def __init__(self, data: np.ndarray, name: str = "") -> None:
        data = np.asarray(data)
        if data.dtype not in (np.float32, np.float64):
            raise TypeError(f"Parameter data must be float32 or float64, got dtype {data.dtype}")
        self.data = data
        self._grad = np.zeros_like(data)
        self._grad_is_zero = False  # True after zero_grad: the buffer's content is stale
        self.name = name

    @property
    def grad(self) -> np.ndarray:
        """dLoss/d(data), same shape and dtype; ``backward`` adds to it and ``zero_grad`` resets it."""
        if self._grad_is_zero:
            self._grad.fill(0)
            self._grad_is_zero = False
        return self._grad

    @grad.setter
    def grad(self, value: np.ndarray) -> None:
        self._grad = np.asarray(value)
        self._grad_is_zero = False

    def add_to_grad(self, value: np.ndarray) -> None:
        """``grad += value`` (a copy of ``value`` right after ``zero_grad``)."""
        if self._grad_is_zero:
            self._grad[...] = value
            self._grad_is_zero = False
        else:
            self._grad += value

    def add_matmul_to_grad(self, a: np.ndarray, b: np.ndarray) -> None:
        """``grad += a @ b``; right after ``zero_grad`` the product is written in place."""
        if self._grad_is_zero:
            np.matmul(a, b, out=self._grad)
            self._grad_is_zero = False
        else:
            self._grad += a @ b

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self.data.shape

    @property
    def size(self) -> int:
        """The number of scalars in ``data``."""
        return int(self.data.size)

    def zero_grad(self) -> None:
        """Set the gradient to zero (lazily: see Notes)."""
        self._grad_is_zero = True

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self.data.shape}, dtype={self.data.dtype})"


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
        """Switch to training mode (dropout active, batch statistics used)."""
        self.training = bool(mode)
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> "Module":
        """Switch to evaluation mode (dropout off, running statistics used)."""
        return self.train(False)

    # The rest of Module: introspection, checks shared by the layers, saving.

    #: Whether ``forward`` refuses NaN/inf in its input. ``Sequential`` turns
    #: it off for every layer after the first, so that a diverging network
    #: produces a non-finite loss (which the training loop reports) instead of
    #: an error in a hidden layer.
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
        for attribute, value in vars(self).items():
            if isinstance(value, Parameter):
                yield prefix + attribute, value
        for name, child in self.named_children():
            yield from child.named_parameters(f"{prefix}{name}.")

    def named_buffers(self, prefix: str = "") -> Iterator[tuple[str, np.ndarray]]:
        """Yield ``(name, array)`` for the non-trainable state (e.g. ``"1.running_mean"``)."""
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

    def load_state_dict(self, state: dict[str, Any]) -> "Module":
        """Copy the arrays of ``state`` into the parameters and buffers, in place.

        Parameters
        ----------
        state : dict of str to array_like
            As returned by :meth:`state_dict`; every key must be present and
            every shape must match. Values are cast to the module's dtype.

        Returns
        -------
        Module
            ``self``.

        Raises
        ------
        ValueError
            Naming the missing keys, the unexpected keys and the shape mismatches.
        """
        targets = {name: parameter.data for name, parameter in self.named_parameters()}
        targets.update(dict(self.named_buffers()))
        missing = [name for name in targets if name not in state]
        unexpected = [name for name in state if name not in targets]
        mismatched = [
            f"{name}: expected shape {targets[name].shape}, got {np.shape(state[name])}"
            for name in targets if name in state and np.shape(state[name]) != targets[name].shape
        ]
        problems = []
        if missing:
            problems.append(f"missing keys {missing}")
        if unexpected:
            problems.append(f"unexpected keys {unexpected}")
        if mismatched:
            problems.append("shape mismatch: " + "; ".join(mismatched))
        if problems:
            raise ValueError(f"load_state_dict into {type(self).__name__}: " + ", ".join(problems)
                             + f" (expected keys: {list(targets)})")
        for name, array in targets.items():
            array[...] = state[name]
        return self

    def save(self, path: str | os.PathLike) -> None:
        """Save :meth:`state_dict` to a ``.npz`` file (numpy adds ``.npz`` if missing)."""
        np.savez(path, **self.state_dict())

    def load(self, path: str | os.PathLike) -> "Module":
        """Load parameters saved by :meth:`save` into this (identically built) module."""
        if not os.path.exists(path) and os.path.exists(f"{os.fspath(path)}.npz"):
            path = f"{os.fspath(path)}.npz"  # saved as "weights", written as "weights.npz"
        with np.load(path) as archive:
            return self.load_state_dict({name: archive[name] for name in archive.files})

    def output_features(self, n_features: int) -> int:
        """Number of output features for ``n_features`` inputs (the same, by default)."""
        return n_features

    def _check_batch(self, x: Any, n_features: int) -> np.ndarray:
        """Check a batch ``(n_samples, n_features)`` of floats; return it as an array."""
        if not (isinstance(x, np.ndarray) and x.dtype in FLOAT_DTYPES):
            x = as_float_array(x, f"input of {self!r}", allow_empty=True, allow_nonfinite=True)
        if x.ndim != 2 or x.shape[1] != n_features:
            hint = " (for one sample use x.reshape(1, -1))" if x.shape == (n_features,) else ""
            raise ValueError(
                f"{self!r} expects input of shape (n_samples, {n_features}), got shape {x.shape}{hint}"
            )
        if x.shape[0] == 0:
            raise ValueError(f"{self!r} expects at least one sample, got an empty batch of shape {x.shape}")
        if self.check_finite and not np.isfinite(x).all():
            raise ValueError(f"{self!r} expects finite input, got NaN or inf in an array of shape {x.shape}")
        return x

    def _check_grad_out(self, grad_out: Any, cached: Any, n_out: int | None = None) -> np.ndarray:
        """Check that forward ran (``cached`` is not None) and that ``grad_out`` has the
        shape of the last output: ``cached``'s shape (an array or a shape tuple), or
        ``(len(cached), n_out)`` when ``n_out`` is given."""
        if cached is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(): run a forward pass first")
        shape = cached if isinstance(cached, tuple) else np.shape(cached)
        if n_out is not None:
            shape = (shape[0], n_out)
        grad_out = np.asarray(grad_out)
        if grad_out.shape != shape:
            raise ValueError(
                f"{self!r}.backward expects grad_out of shape {shape} (the shape of its last "
                f"output), got shape {grad_out.shape}"
            )
        return grad_out


def _initial_weights(init: str | Callable[..., np.ndarray], n_in: int, n_out: int,
                     rng: np.random.Generator, dtype: Any) -> np.ndarray:
    initializer = get_initializer(init) if isinstance(init, str) else init
    if not callable(initializer):
        raise TypeError(f"init must be an initializer name or a callable, got {init!r}")
    weights = np.asarray(initializer(n_in, n_out, rng=rng, dtype=dtype), dtype=dtype)
    if weights.shape != (n_in, n_out):
        raise ValueError(f"init returned shape {weights.shape}, expected ({n_in}, {n_out})")
    return weights


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
        If ``n_in`` or ``n_out`` is below 1, or ``init`` is an unknown name.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> layer = Linear(2, 3, init="zeros")
    >>> layer(np.ones((4, 2))).shape
    (4, 3)
    >>> layer.W.shape, layer.b.shape
    ((2, 3), (3,))
    """

    def __init__(self, n_in: int, n_out: int, *, init: str | Callable[..., np.ndarray] = "xavier_uniform",
                 bias: bool = True, rng: np.random.Generator | None = None, seed: int | None = None,
                 dtype: Any = np.float64) -> None:
        self.n_in = check_int(n_in, "n_in", minimum=1)
        self.n_out = check_int(n_out, "n_out", minimum=1)
        dtype = np.dtype(dtype)
        if dtype not in FLOAT_DTYPES:
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        self.W = Parameter(_initial_weights(init, self.n_in, self.n_out, as_rng(rng, seed), dtype), "W")
        self.b = Parameter(np.zeros(self.n_out, dtype=dtype), "b") if bias else None
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
        self.W.add_matmul_to_grad(self.x.T, grad_out)  # W.grad += x.T @ grad_out
        if self.b is not None:
            self.b.add_to_grad(grad_out.sum(axis=0))  # b.grad += grad_out.sum(axis=0)
        return grad_out @ self.W.data.T if input_grad else None

    def output_features(self, n_features: int) -> int:
        if n_features != self.n_in:
            raise ValueError(f"{self!r} expects {self.n_in} input features, got {n_features}")
        return self.n_out

    def __repr__(self) -> str:
        return f"Linear({self.n_in}, {self.n_out}{'' if self.b is not None else ', bias=False'})"


class _Activation(Module):
    """Shared plumbing of the parameter-free elementwise layers."""

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def _checked(self, grad_out: Any) -> np.ndarray:
        return self._check_grad_out(grad_out, self.out)


class Sigmoid(_Activation):
    """Sigmoid layer; ``backward`` uses ``s' = s (1 - s)`` from the cached output."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.asarray(sigmoid(x))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        s = self.out
        return self._checked(grad_out) * s * (1 - s)


class Tanh(_Activation):
    """Tanh layer; ``backward`` uses ``t' = 1 - t**2`` from the cached output."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.tanh(_as_float(x))
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        t = self.out
        return self._checked(grad_out) * (1 - t * t)


class ReLU(_Activation):
    """ReLU layer; the gradient passes where the input was > 0 (0 at exactly 0)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float(x)
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
        self.x = _as_float(x)
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
        self.x = _as_float(x)
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
    """

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, x: np.ndarray) -> np.ndarray:
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
        self.out = _as_float(x)
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
        self.out = np.asarray(step(x))
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
        If ``p`` is outside [0, 1).

    Examples
    --------
    >>> drop = Dropout(0.5, seed=0)
    >>> out = drop(np.ones((2, 4)))
    >>> sorted(set(out.ravel().tolist()))
    [0.0, 2.0]
    >>> drop.eval()(np.ones((1, 2)))
    array([[1., 1.]])
    """

    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | None = None,
                 seed: int | None = None) -> None:
        self.p = check_probability(p, "p")
        self.rng = as_rng(rng, seed)
        self.mask: np.ndarray | None = None
        self.freeze_mask = False
        self.shape: tuple[int, ...] | None = None
        self.dropped = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float(x)
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
        In training mode, for a batch of a single sample (its variance is undefined).

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

    def __init__(self, n_features: int, momentum: float = 0.1, eps: float = 1e-5, *,
                 dtype: Any = np.float64) -> None:
        self.n_features = check_int(n_features, "n_features", minimum=1)
        self.momentum = check_probability(momentum, "momentum", inclusive_high=True)
        self.eps = check_positive(eps, "eps")
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
                raise ValueError(f"{self!r} in training mode expects more than 1 sample per batch "
                                 f"(the variance of one value is undefined), got input of shape {x.shape}")
            mean, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean += self.momentum * (mean - self.running_mean)
            self.running_var += self.momentum * (var * (n / (n - 1)) - self.running_var)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return x_hat * self.gamma.data + self.beta.data

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        x_hat, inv_std, used_batch_statistics = self.cache or (None, None, None)
        grad_out = self._check_grad_out(grad_out, x_hat)
        self.gamma.add_to_grad((grad_out * x_hat).sum(axis=0))
        self.beta.add_to_grad(grad_out.sum(axis=0))
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
        lines = [header] + [
            (row.layer, str(row.output_shape), f"{row.parameters:,}", row.formula) for row in self.rows
        ]
        widths = [max(len(line[column]) for line in lines) for column in range(4)]
        formatted = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
                     for line in lines]
        rule = "-" * max(len(line) for line in formatted)
        return "\n".join([formatted[0], rule, *formatted[1:], rule,
                          f"Total parameters: {self.total_parameters:,}"])

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
            With False, a first ``Linear`` layer skips dLoss/d(input) (one
            matrix product, the largest of the step for wide inputs) and
            ``None`` is returned; training needs only the parameter gradients.

        Returns
        -------
        numpy.ndarray or None
            dLoss/d(input), or None when ``input_grad`` is False.
        """
        if not self.layers:
            return grad_out
        for layer in reversed(self.layers[1:]):
            grad_out = layer.backward(grad_out)
        first = self.layers[0]
        if not input_grad and isinstance(first, Linear):
            return first.backward(grad_out, input_grad=False)
        return first.backward(grad_out)

    def children(self) -> Iterator[Module]:
        return iter(self.layers)

    def __getitem__(self, index: int) -> Module:
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.layers)

    def output_features(self, n_features: int) -> int:
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


#: Activation layers by name (the names of :data:`mlcourse.activations.ACTIVATIONS`, plus softmax).
ACTIVATION_MODULES: dict[str, type[Module]] = {
    "step": Step, "identity": Identity, "sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU,
    "leaky_relu": LeakyReLU, "elu": ELU, "softmax": Softmax,
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
    key = str(name).lower()
    if key not in ACTIVATION_MODULES:
        raise ValueError(f"unknown activation {name!r}; valid names: {', '.join(ACTIVATION_MODULES)}")
    return ACTIVATION_MODULES[key](**kwargs)


def save_parameters(model: Module, path: str | os.PathLike) -> None:
    """Save ``model.state_dict()`` to ``path`` (``.npz``); same as ``model.save(path)``."""
    model.save(path)


def load_parameters(model: Module, path: str | os.PathLike) -> Module:
    """Load a ``.npz`` file written by :func:`save_parameters` into ``model``; returns it."""
    return model.load(path)


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

    Examples
    --------
    >>> net = mlp([4, 3, 2], activation="tanh", batch_norm=True, dropout=0.5, seed=1)
    >>> [type(layer).__name__ for layer in net]
    ['Linear', 'BatchNorm1d', 'Tanh', 'Dropout', 'Linear']
    >>> net.summary(4).total_parameters  # (4+1)*3 + 2*3 + (3+1)*2
    29
    """
    sizes = [check_int(size, "sizes[i]", minimum=1) for size in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    if str(activation).lower() not in ACTIVATION_MODULES:
        raise ValueError(f"unknown activation {activation!r}; valid names: {', '.join(ACTIVATION_MODULES)}")
    dropout = check_probability(dropout, "dropout")
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
                raise ValueError(f"BatchNorm1d at position {index} does not follow a Linear layer; "
                                 "only Linear -> BatchNorm1d pairs can be folded")
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
