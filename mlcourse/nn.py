"""Layers as small classes: each ``forward`` caches what its ``backward`` needs.

Row-vector convention, as in the course notes: a batch ``x`` has shape
``(n_samples, n_features)``, a dense layer holds ``W`` of shape
``(n_in, n_out)`` and computes ``x @ W + b``. (PyTorch stores the transpose,
``(n_out, n_in)``; the mathematics is the same.)
"""

from __future__ import annotations

from typing import Iterator

import numpy as np


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
    grad : numpy.ndarray
        dLoss/d(data), same shape and dtype; ``backward`` adds to it and
        ``zero_grad`` resets it.
    """

    def __init__(self, data: np.ndarray, name: str = "") -> None:
        data = np.asarray(data)
        if data.dtype not in (np.float32, np.float64):
            raise TypeError(f"Parameter data must be float32 or float64, got dtype {data.dtype}")
        self.data = data
        self.grad = np.zeros_like(data)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self.data.shape

    @property
    def size(self) -> int:
        """The number of scalars in ``data``."""
        return int(self.data.size)

    def zero_grad(self) -> None:
        """Set the gradient to zero, in place."""
        self.grad[...] = 0

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
