"""Backpropagation looked at from outside: a worked example by hand, memory and cost.

The layers of :mod:`mlcourse.nn` do backpropagation; this module holds what
the backpropagation chapter needs to *inspect* it:

- :func:`engine_node_examples`: the add and multiply nodes of the autograd
  engine on two numbers, upstream and downstream gradients as the engine
  computes them;
- :func:`max_gate` and :func:`max_pool`: the max node, which routes the
  upstream gradient to its largest input (ReLU is ``max(x, 0)``; max-pooling
  is a max over each window of an image);
- Mazur's 2-2-2 sigmoid network, its numbers (``MAZUR_*``) defined once and
  computed twice: by :func:`worked_example_by_hand` with scalar formulas, one
  named factor at a time, and by the layers of :func:`worked_example_network`;
  each is a check of the other, and both of the published numbers;
- :func:`cached_arrays`, :func:`activation_bytes` and
  :func:`activation_memory`: the intermediate results a network keeps from
  its forward pass for its backward pass, and how they grow with the batch;
- :func:`multiplication_counts`: exact counts of the multiplications of a
  numerical gradient and of backpropagation on a multilayer perceptron;
- :func:`time_gradient_methods` (fitted with
  :func:`mlcourse.chapters.chain_rule.analysis.fit_loglog_slope`) and
  :func:`load_backprop_timings`: measured times of both methods and the
  slopes of their growth;
- :class:`BrokenSigmoid`: a sigmoid layer with a deliberately wrong
  ``backward``, for showing that a gradient check catches such a bug, and
  :func:`gradient_agreement`, how far its "gradient" is from the true one.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from mlcourse._validation import as_float_array, check_int, check_positive
from mlcourse.autograd import Value
from mlcourse.gradcheck import numerical_gradient
from mlcourse.losses import MSELoss, as_loss
from mlcourse.nn import Linear, Module, Parameter, Sequential, Sigmoid, mlp

__all__ = [
    "MAZUR_INPUTS",
    "MAZUR_TARGETS",
    "MAZUR_WEIGHTS",
    "MAZUR_BIASES",
    "MAZUR_LEARNING_RATE",
    "MAZUR_PUBLISHED_ERROR",
    "MAZUR_PUBLISHED_WEIGHTS",
    "WEIGHT_NAMES",
    "engine_node_examples",
    "max_gate",
    "max_pool",
    "worked_example_by_hand",
    "worked_example_network",
    "CachedArray",
    "cached_arrays",
    "activation_bytes",
    "MemoryTable",
    "activation_memory",
    "multiplication_counts",
    "GradientTimes",
    "time_gradient_methods",
    "load_backprop_timings",
    "BrokenSigmoid",
    "gradient_agreement",
]

# The worked example the course notes follow: Matt Mazur, "A Step by Step Backpropagation Example"
# (2015), https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/

#: Mazur's inputs ``(i1, i2)``.
MAZUR_INPUTS = (0.05, 0.10)
#: Mazur's targets ``(t1, t2)``.
MAZUR_TARGETS = (0.01, 0.99)
#: Mazur's initial weights ``w1`` .. ``w8``.
MAZUR_WEIGHTS = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
#: Mazur's biases ``(b1, b2)``: ``b1`` shared by the hidden units, ``b2`` by the outputs.
MAZUR_BIASES = (0.35, 0.60)
#: Mazur's learning rate (the article updates the eight weights, not the biases).
MAZUR_LEARNING_RATE = 0.5
#: The total error of the initial network, as printed in Mazur's article.
MAZUR_PUBLISHED_ERROR = 0.298371109
#: The eight weights after one step, as printed in Mazur's article.
MAZUR_PUBLISHED_WEIGHTS = {
    "w1": 0.149780716,
    "w2": 0.19956143,
    "w3": 0.24975114,
    "w4": 0.29950229,
    "w5": 0.35891648,
    "w6": 0.408666186,
    "w7": 0.511301270,
    "w8": 0.561370121,
}
#: The names of the weights, in the order of ``MAZUR_WEIGHTS``.
WEIGHT_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
# Where each weight sits in worked_example_network: (parameter key, index). In the row-vector
# form x @ W + b the first layer's W is [[w1, w3], [w2, w4]], the second's [[w5, w7], [w6, w8]].
_POSITIONS = {
    "w1": ("0.W", (0, 0)),
    "w2": ("0.W", (1, 0)),
    "w3": ("0.W", (0, 1)),
    "w4": ("0.W", (1, 1)),
    "w5": ("2.W", (0, 0)),
    "w6": ("2.W", (1, 0)),
    "w7": ("2.W", (0, 1)),
    "w8": ("2.W", (1, 1)),
}


def engine_node_examples(x: float = 3.0, y: float = -2.0) -> list[dict[str, Any]]:
    """An add node and a multiply node of :mod:`mlcourse.autograd`, each followed by ``L = z**2``.

    For each node ``z = x + y`` and ``z = x * y`` the engine runs forward and
    backward; the upstream gradient ``dL/dz = 2 z`` and the gradients that
    reach ``x`` and ``y`` are read from the engine's ``.grad`` fields, and the
    local gradients are their ratios (``dL/dx = dL/dz * dz/dx``).

    Parameters
    ----------
    x, y : float, default 3 and -2
        The inputs of the node.

    Returns
    -------
    list of dict
        One per node, ``"+"`` then ``"×"``, with keys ``op``, ``x``, ``y``,
        ``z``, ``upstream`` (dL/dz), ``dL/dx``, ``dL/dy`` and ``local``
        (``(dz/dx, dz/dy)``, None where the upstream gradient is 0).

    Examples
    --------
    >>> add, mul = engine_node_examples(3.0, -2.0)
    >>> add["upstream"], add["dL/dx"], add["local"]
    (2.0, 2.0, (1.0, 1.0))
    >>> mul["z"], mul["upstream"], mul["dL/dx"], mul["dL/dy"], mul["local"]
    (-6.0, -12.0, 24.0, -36.0, (-2.0, 3.0))
    """
    x, y = (float(as_float_array(value, name, ndim=0)) for value, name in ((x, "x"), (y, "y")))
    examples = []
    for op in ("+", "×"):
        a, b = Value(x, label="x"), Value(y, label="y")
        z = a + b if op == "+" else a * b
        loss = z**2
        loss.backward()
        local = None if z.grad == 0 else (a.grad / z.grad, b.grad / z.grad)
        examples.append(
            {
                "op": op,
                "x": x,
                "y": y,
                "z": z.data,
                "upstream": z.grad,
                "dL/dx": a.grad,
                "dL/dy": b.grad,
                "local": local,
            }
        )
    return examples


def max_gate(x: float, y: float, upstream: float = 1.0) -> dict[str, float]:
    """Forward and backward pass of a max node ``z = max(x, y)``.

    The local gradient is 1 for the larger input and 0 for the other, so the
    upstream gradient is *routed*: all of it to the input that was the
    maximum, none to the other. At a tie (``x == y``) the max has no
    derivative; like the library's ReLU, whose backward passes nothing at
    exactly 0 (``max(x, 0)`` sends the gradient to the constant), ``x``
    receives the gradient only when ``x > y`` strictly, so a tie sends it to
    ``y``.

    Parameters
    ----------
    x, y : float
        The inputs (finite).
    upstream : float, default 1.0
        ``dL/dz``, the gradient arriving from after the node.

    Returns
    -------
    dict
        ``z``, ``dL/dx`` and ``dL/dy``.

    Raises
    ------
    TypeError, ValueError
        If an argument is not a finite real number (the message names it).

    Examples
    --------
    >>> max_gate(3.0, -2.0, upstream=6.0)
    {'z': 3.0, 'dL/dx': 6.0, 'dL/dy': 0.0}
    >>> max_gate(0.5, 0.5)  # a tie: the gradient goes to y
    {'z': 0.5, 'dL/dx': 0.0, 'dL/dy': 1.0}
    """
    x, y, upstream = (
        float(as_float_array(value, name, ndim=0)) for value, name in ((x, "x"), (y, "y"), (upstream, "upstream"))
    )
    x_wins = x > y  # strict: a tie goes to y
    return {"z": max(x, y), "dL/dx": upstream if x_wins else 0.0, "dL/dy": 0.0 if x_wins else upstream}


def max_pool(x: Any, size: int = 2, upstream: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Max-pooling of a 2-D array over ``size x size`` windows, forward and backward.

    The forward pass keeps the largest value of each non-overlapping window;
    the backward pass is a max node per window: each window's upstream
    gradient goes to the position of its maximum, the other positions get
    0. Within a window, a tie goes to the first maximum in reading order
    (``numpy.argmax``), as in PyTorch's ``max_pool2d``.

    Parameters
    ----------
    x : array_like
        A 2-D array of finite numbers whose both sides are multiples of ``size``.
    size : int, default 2
        The side of a window (>= 1).
    upstream : array_like, optional
        ``dL/d(pooled)``, of the pooled array's shape; by default all ones.

    Returns
    -------
    pooled : numpy.ndarray
        Shape ``(rows // size, cols // size)``.
    grad : numpy.ndarray
        ``dL/dx``, of the shape of ``x``.

    Raises
    ------
    TypeError, ValueError
        If ``x`` is not a 2-D array of finite numbers, ``size`` not a positive
        integer that divides both sides, or ``upstream`` not of the pooled shape.

    Examples
    --------
    >>> pooled, grad = max_pool([[1.0, 5.0, 0.0, 2.0], [3.0, 2.0, 4.0, 1.0]], 2, upstream=[[10.0, 20.0]])
    >>> pooled
    array([[5., 4.]])
    >>> grad
    array([[ 0., 10.,  0.,  0.],
           [ 0.,  0., 20.,  0.]])
    """
    x = as_float_array(x, "x", ndim=2)
    size = check_int(size, "size", minimum=1)
    rows, cols = x.shape
    if rows % size or cols % size:
        raise ValueError(f"size must divide both sides of x, got size {size} for x of shape {x.shape}")
    shape = (rows // size, cols // size)
    windows = x.reshape(shape[0], size, shape[1], size).transpose(0, 2, 1, 3).reshape(*shape, size * size)
    pooled = windows.max(axis=2)
    if upstream is None:
        upstream = np.ones(shape)
    upstream = as_float_array(upstream, "upstream", ndim=2)
    if upstream.shape != shape:
        raise ValueError(f"upstream must have the pooled shape {shape}, got {upstream.shape}")
    winner = windows.argmax(axis=2)  # the first maximum of each window
    routed = np.zeros_like(windows)
    np.put_along_axis(routed, winner[..., None], upstream[..., None], axis=2)
    grad = routed.reshape(shape[0], shape[1], size, size).transpose(0, 2, 1, 3).reshape(rows, cols)
    return pooled, grad


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def worked_example_by_hand(
    inputs: Sequence[float] = MAZUR_INPUTS,
    targets: Sequence[float] = MAZUR_TARGETS,
    weights: Sequence[float] = MAZUR_WEIGHTS,
    biases: Sequence[float] = MAZUR_BIASES,
    learning_rate: float = MAZUR_LEARNING_RATE,
) -> dict[str, dict[str, float]]:
    """The 2-2-2 sigmoid network of Mazur (2015), forward and backward, one scalar at a time.

    Names follow the course notes: ``z`` is a net input, ``h`` a hidden
    output, ``o`` a network output, ``s`` the sigmoid::

        z1 = w1 i1 + w2 i2 + b1,   h1 = s(z1)
        z2 = w3 i1 + w4 i2 + b1,   h2 = s(z2)
        z3 = w5 h1 + w6 h2 + b2,   o1 = s(z3)
        z4 = w7 h1 + w8 h2 + b2,   o2 = s(z4)
        E  = 1/2 (t1 - o1)**2 + 1/2 (t2 - o2)**2

    and the chain rule is applied factor by factor with ``s' = s (1 - s)``:
    ``dE/dw5 = dE/do1 * do1/dz3 * dz3/dw5``, and, because ``h1`` feeds both
    outputs, ``dE/dh1 = dE/dz3 * w5 + dE/dz4 * w7`` (the sum over the two
    paths) before ``dE/dw1 = dE/dh1 * dh1/dz1 * dz1/dw1``. Plain Python
    floats, no arrays and no layer code: an independent check of
    :mod:`mlcourse.nn`.

    Parameters
    ----------
    inputs, targets : pair of float
        ``(i1, i2)`` and ``(t1, t2)``.
    weights : sequence of 8 floats
        ``w1`` .. ``w8``.
    biases : pair of float
        ``b1`` (shared by the hidden units) and ``b2`` (shared by the outputs).
    learning_rate : float, default 0.5
        For the updated ``w5`` and ``w1``.

    Returns
    -------
    dict
        ``"forward"``: ``z1, h1, z2, h2, z3, o1, z4, o2, E_o1, E_o2, E_total``;
        ``"w5"``: the factors ``dE/do1, do1/dz3, dz3/dw5``, their product
        ``dE/dw5`` and ``w5 updated``; ``"w1"``: ``dE/dz3`` and ``dE/dz4``
        (the output units' deltas), the two path terms
        ``dE/dz3 * dz3/dh1`` and ``dE/dz4 * dz4/dh1``, their sum ``dE/dh1``,
        ``dh1/dz1``, ``dz1/dw1``, ``dE/dw1`` and ``w1 updated``.

    Raises
    ------
    ValueError
        If ``weights`` does not hold 8 numbers or a pair is not a pair.

    Examples
    --------
    >>> steps = worked_example_by_hand()
    >>> round(steps["forward"]["E_total"], 9), round(steps["w5"]["dE/dw5"], 9)
    (0.298371109, 0.082167041)
    >>> round(steps["w1"]["w1 updated"], 9)
    0.149780716
    """
    numbers = _example_numbers(inputs, targets, weights, biases)
    (i1, i2), (t1, t2), (w1, w2, w3, w4, w5, w6, w7, w8), (b1, b2) = numbers
    learning_rate = check_positive(learning_rate, "learning_rate")

    z1 = w1 * i1 + w2 * i2 + b1
    h1 = _sigmoid(z1)
    z2 = w3 * i1 + w4 * i2 + b1
    h2 = _sigmoid(z2)
    z3 = w5 * h1 + w6 * h2 + b2
    o1 = _sigmoid(z3)
    z4 = w7 * h1 + w8 * h2 + b2
    o2 = _sigmoid(z4)
    e_o1 = 0.5 * (t1 - o1) ** 2
    e_o2 = 0.5 * (t2 - o2) ** 2
    forward = {
        "z1": z1,
        "h1": h1,
        "z2": z2,
        "h2": h2,
        "z3": z3,
        "o1": o1,
        "z4": z4,
        "o2": o2,
        "E_o1": e_o1,
        "E_o2": e_o2,
        "E_total": e_o1 + e_o2,
    }

    dE_do1 = -(t1 - o1)
    do1_dz3 = o1 * (1 - o1)
    dz3_dw5 = h1
    dE_dw5 = dE_do1 * do1_dz3 * dz3_dw5
    w5_factors = {
        "dE/do1": dE_do1,
        "do1/dz3": do1_dz3,
        "dz3/dw5": dz3_dw5,
        "dE/dw5": dE_dw5,
        "w5 updated": w5 - learning_rate * dE_dw5,
    }

    dE_dz3 = dE_do1 * do1_dz3
    dE_dz4 = -(t2 - o2) * o2 * (1 - o2)
    via_o1 = dE_dz3 * w5  # dz3/dh1 = w5
    via_o2 = dE_dz4 * w7  # dz4/dh1 = w7
    dE_dh1 = via_o1 + via_o2
    dh1_dz1 = h1 * (1 - h1)
    dz1_dw1 = i1
    dE_dw1 = dE_dh1 * dh1_dz1 * dz1_dw1
    w1_factors = {
        "dE/dz3": dE_dz3,
        "dE/dz4": dE_dz4,
        "dE/dz3 * dz3/dh1": via_o1,
        "dE/dz4 * dz4/dh1": via_o2,
        "dE/dh1": dE_dh1,
        "dh1/dz1": dh1_dz1,
        "dz1/dw1": dz1_dw1,
        "dE/dw1": dE_dw1,
        "w1 updated": w1 - learning_rate * dE_dw1,
    }
    return {"forward": forward, "w5": w5_factors, "w1": w1_factors}


def _floats(values: Sequence[float], name: str, count: int, what: str) -> tuple[float, ...]:
    array = as_float_array(values, name, ndim=1)
    if array.shape != (count,):
        raise ValueError(f"{name} must hold {what}, got shape {array.shape}")
    return tuple(float(value) for value in array)


def _example_numbers(
    inputs: Sequence[float], targets: Sequence[float], weights: Sequence[float], biases: Sequence[float]
) -> tuple[tuple[float, ...], ...]:
    return (
        _floats(inputs, "inputs", 2, "a pair of numbers"),
        _floats(targets, "targets", 2, "a pair of numbers"),
        _floats(weights, "weights", 8, "the 8 numbers w1..w8"),
        _floats(biases, "biases", 2, "a pair of numbers"),
    )


def worked_example_network(
    inputs: Sequence[float] = MAZUR_INPUTS,
    targets: Sequence[float] = MAZUR_TARGETS,
    weights: Sequence[float] = MAZUR_WEIGHTS,
    biases: Sequence[float] = MAZUR_BIASES,
) -> dict[str, Any]:
    """The 2-2-2 sigmoid network of Mazur (2015), built from the library's layers.

    The same network as :func:`worked_example_by_hand`, as a
    ``Sequential(Linear, Sigmoid, Linear, Sigmoid)``: its forward and backward
    passes are the layer code of :mod:`mlcourse.nn`, an independent check of
    the scalar formulas. Mazur's error ``E = sum 1/2 (target - out)**2``
    equals ``MSELoss`` here (one sample, two outputs: the mean of the two
    squared errors), gradients included.

    Parameters
    ----------
    inputs, targets : pair of float
        ``(i1, i2)`` and ``(t1, t2)``.
    weights : sequence of 8 floats
        ``w1`` .. ``w8``.
    biases : pair of float
        ``b1`` (shared by the hidden units) and ``b2`` (shared by the outputs).

    Returns
    -------
    dict
        ``"model"`` (a fresh network), ``"inputs"`` and ``"targets"``
        (arrays of shape (1, 2)), ``"loss"`` (an ``MSELoss``),
        ``"positions"`` (weight name to ``(parameter key, index)``, e.g.
        ``"w5": ("2.W", (0, 0))``) and ``"initial_weights"`` (weight name to
        value).

    Raises
    ------
    ValueError
        If ``weights`` does not hold 8 numbers or a pair is not a pair.

    Examples
    --------
    >>> example = worked_example_network()
    >>> model, loss_fn = example["model"], example["loss"]
    >>> round(loss_fn(model(example["inputs"]), example["targets"]), 9)
    0.298371109
    >>> example["positions"]["w5"], example["initial_weights"]["w5"]
    (('2.W', (0, 0)), 0.4)
    """
    inputs, targets, weights, biases = _example_numbers(inputs, targets, weights, biases)
    hidden, output = Linear(2, 2, init="zeros"), Linear(2, 2, init="zeros")
    model = Sequential(hidden, Sigmoid(), output, Sigmoid())
    parameters = dict(model.named_parameters())
    for name, value in zip(WEIGHT_NAMES, weights):
        key, index = _POSITIONS[name]
        parameters[key].data[index] = value
    hidden.b.data[:] = biases[0]
    output.b.data[:] = biases[1]
    return {
        "model": model,
        "inputs": np.array([inputs]),
        "targets": np.array([targets]),
        "loss": MSELoss(),
        "positions": dict(_POSITIONS),
        "initial_weights": dict(zip(WEIGHT_NAMES, weights)),
    }


@dataclass(frozen=True)
class CachedArray:
    """One array a layer keeps from its forward pass (an entry of :func:`cached_arrays`).

    Parameters
    ----------
    layer : str
        Position and repr of the layer, e.g. ``"0 Linear(4, 8)"``.
    attribute : str
        Where the layer keeps it (``"x"``, ``"out"``, ``"cache[0]"`` ...).
    shape : tuple of int
        Its shape.
    dtype : str
        Its dtype.
    nbytes : int
        Its size in bytes.
    same_as : str or None
        When the memory is the same as an array listed earlier (the output
        of one layer is the stored input of the next), that array's
        ``"layer.attribute"``; such entries add nothing to the total.
    """

    layer: str
    attribute: str
    shape: tuple[int, ...]
    dtype: str
    nbytes: int
    same_as: str | None = None


def _leaf_modules(module: Module, prefix: str = "") -> list[tuple[str, Module]]:
    children = list(module.named_children())
    if not children:
        return [(prefix.rstrip(".") or "0", module)]
    leaves = []
    for name, child in children:
        leaves.extend(_leaf_modules(child, f"{prefix}{name}."))
    return leaves


def _arrays_of(module: Module) -> list[tuple[str, np.ndarray]]:
    found = []
    for attribute, value in vars(module).items():
        if attribute in module.buffer_names or isinstance(value, Parameter):
            continue
        if attribute.startswith("_") and isinstance(getattr(type(module), attribute[1:], None), property):
            attribute = attribute[1:]  # a checked attribute (Dropout.mask): the name users read
        if isinstance(value, np.ndarray):
            found.append((attribute, value))
        elif isinstance(value, tuple):
            found.extend(
                (f"{attribute}[{index}]", item) for index, item in enumerate(value) if isinstance(item, np.ndarray)
            )
    return found


def cached_arrays(model: Module) -> list[CachedArray]:
    """List the arrays every layer of ``model`` keeps from its last forward pass.

    These are what ``backward`` reads: a ``Linear`` layer its input ``x``
    (for ``dW = x.T @ grad``), a ``Sigmoid`` or ``Tanh`` its output, a ``ReLU``
    its output and a boolean mask, ``Dropout`` its mask, ``BatchNorm1d`` the
    normalized input. Parameters, their gradients and BatchNorm's running
    statistics are not listed (they exist whether or not a forward pass ran).
    An array that shares memory with one listed before (an activation's
    output is the next ``Linear``'s input) is listed with ``same_as`` set and
    counted once by :func:`activation_bytes`.

    Parameters
    ----------
    model : Module
        A layer or a ``Sequential`` (nested containers are walked).

    Returns
    -------
    list of CachedArray
        In layer order; empty before the first forward pass.

    Raises
    ------
    TypeError
        If ``model`` is not a Module.

    Examples
    --------
    >>> from mlcourse.nn import Linear, Sigmoid, Sequential
    >>> net = Sequential(Linear(3, 4, seed=0), Sigmoid(), Linear(4, 2, seed=1))
    >>> _ = net(np.ones((5, 3)))
    >>> [(c.layer, c.attribute, c.shape, c.same_as) for c in cached_arrays(net)]
    [('0 Linear(3, 4)', 'x', (5, 3), None), ('1 Sigmoid()', 'out', (5, 4), None), ('2 Linear(4, 2)', 'x', (5, 4), '1 Sigmoid().out')]
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse Module, got {type(model).__name__}")
    listed: list[tuple[str, np.ndarray]] = []
    rows = []
    for name, layer in _leaf_modules(model):
        label = f"{name} {layer!r}"
        for attribute, array in _arrays_of(layer):
            same = next((where for where, seen in listed if np.shares_memory(seen, array)), None)
            rows.append(CachedArray(label, attribute, tuple(array.shape), str(array.dtype), int(array.nbytes), same))
            if same is None:
                listed.append((f"{label}.{attribute}", array))
    return rows


def activation_bytes(model: Module) -> int:
    """Bytes held by the arrays of :func:`cached_arrays`, each shared array counted once.

    Parameters
    ----------
    model : Module
        A network after a forward pass.

    Returns
    -------
    int
        The memory backpropagation needs besides the parameters and their
        gradients; it grows in proportion to the batch size.

    Examples
    --------
    >>> from mlcourse.nn import Linear, Tanh, Sequential
    >>> net = Sequential(Linear(3, 4, seed=0), Tanh(), Linear(4, 2, seed=1))
    >>> _ = net(np.ones((10, 3)))
    >>> activation_bytes(net)  # 10 samples x (3 inputs + 4 hidden) x 8 bytes
    560
    """
    return sum(entry.nbytes for entry in cached_arrays(model) if entry.same_as is None)


@dataclass
class MemoryTable:
    """Bytes a network keeps for its backward pass, per batch size (returned by :func:`activation_memory`).

    Parameters
    ----------
    batch_sizes : list of int
        The batch sizes of the forward passes.
    kept : dict of str to list of int
        Network label to the bytes of :func:`activation_bytes` at each batch size.
    parameters : dict of str to int
        Network label to the bytes of its parameters (independent of the batch).
    """

    batch_sizes: list[int]
    kept: dict[str, list[int]]
    parameters: dict[str, int]

    @property
    def crossover(self) -> dict[str, float]:
        """Network label to the batch size at which the kept activations weigh as much as the parameters."""
        return {label: self.parameters[label] / (kept[0] / self.batch_sizes[0]) for label, kept in self.kept.items()}


def activation_memory(
    depths: Sequence[int],
    batch_sizes: Sequence[int],
    *,
    n_in: int = 64,
    width: int = 128,
    n_out: int = 10,
    activation: str = "sigmoid",
) -> MemoryTable:
    """Measure the activations kept by MLPs of several depths after a forward pass of several batch sizes.

    Each network is ``mlp([n_in] + [width] * depth + [n_out])``; after a
    forward pass of a batch of zeros, :func:`activation_bytes` gives what its
    layers keep for the backward pass.

    Parameters
    ----------
    depths : sequence of int
        Numbers of hidden layers (>= 1).
    batch_sizes : sequence of int
        Batch sizes (>= 1).
    n_in, width, n_out : int, default 64, 128, 10
        Input size, hidden width and output size.
    activation : str, default "sigmoid"
        Hidden activation.

    Returns
    -------
    MemoryTable
        Labels ``"1 hidden layer"``, ``"3 hidden layers"`` ...

    Raises
    ------
    ValueError
        If a depth, batch size or layer size is below 1, or no depth or no batch size is given.

    Examples
    --------
    >>> table = activation_memory([1], [1, 10])
    >>> table.kept["1 hidden layer"]  # (64 inputs + 128 hidden) x 8 bytes per sample
    [1536, 15360]
    >>> round(table.crossover["1 hidden layer"], 1)  # (65 x 128 + 129 x 10) x 8 bytes of parameters
    50.1
    """
    depths = [check_int(depth, "depths[i]", minimum=1) for depth in depths]
    batch_sizes = [check_int(batch, "batch_sizes[i]", minimum=1) for batch in batch_sizes]
    if not depths or not batch_sizes:
        raise ValueError("depths and batch_sizes must each hold at least one value")
    sizes = _check_sizes([n_in, width, n_out])
    kept, parameters = {}, {}
    for depth in depths:
        label = f"{depth} hidden layer{'s' if depth > 1 else ''}"
        net = mlp([sizes[0]] + [sizes[1]] * depth + [sizes[2]], activation=activation, seed=0)
        row = []
        for batch in batch_sizes:
            net(np.zeros((batch, sizes[0])))
            row.append(activation_bytes(net))
        kept[label] = row
        parameters[label] = sum(parameter.data.nbytes for parameter in net.parameters())
    return MemoryTable(batch_sizes, kept, parameters)


def _check_sizes(layer_sizes: Sequence[int]) -> list[int]:
    sizes = [check_int(size, "layer_sizes[i]", minimum=1) for size in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs an input and an output size, got {sizes}")
    return sizes


def multiplication_counts(layer_sizes: Sequence[int], batch_size: int = 1) -> dict[str, int]:
    """Count the multiplications of one gradient of a multilayer perceptron, both ways.

    Only the matrix products are counted (the activations and the loss add a
    few operations per unit, not per weight). With ``P = sum(n_in * n_out)``
    weight multiplications per sample and ``N`` parameters (biases included):

    - forward pass: ``B * P`` for a batch of ``B``;
    - backpropagation: the forward pass, then per layer ``x.T @ grad`` for
      the weights (``B * n_in * n_out``) and ``grad @ W.T`` for the layer
      below (all layers but the first): at most ``3 B P``;
    - numerical gradient by central differences: two forward passes per
      parameter, ``2 N B P``; by forward differences (the course notes'
      count): ``N + 1`` forward passes, ``(N + 1) B P``. With ``P`` close to
      ``N`` this is the notes' ``N (N + 1)``.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first (e.g. ``[64, 32, 10]``).
    batch_size : int, default 1
        Samples in the batch.

    Returns
    -------
    dict of str to int
        ``"parameters"`` (N), ``"forward"``, ``"backprop"``,
        ``"numerical_central"``, ``"numerical_forward"``.

    Raises
    ------
    ValueError
        If fewer than two sizes are given or a size is below 1.

    Examples
    --------
    >>> counts = multiplication_counts([2, 2, 2])
    >>> counts["parameters"], counts["forward"], counts["backprop"], counts["numerical_forward"]
    (12, 8, 20, 104)
    """
    sizes = _check_sizes(layer_sizes)
    batch = check_int(batch_size, "batch_size", minimum=1)
    products = [n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    n_parameters = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    forward = batch * sum(products)
    backward = batch * sum(products) + batch * sum(products[1:])
    return {
        "parameters": n_parameters,
        "forward": forward,
        "backprop": forward + backward,
        "numerical_central": 2 * n_parameters * forward,
        "numerical_forward": (n_parameters + 1) * forward,
    }


@dataclass
class GradientTimes:
    """Seconds per gradient of the two methods, per network (returned by :func:`time_gradient_methods`).

    Parameters
    ----------
    widths : list of int
        Width of each network (inputs, hidden layers and outputs all this wide).
    n_parameters : list of int
        Parameter count N of each network.
    backprop_seconds : list of float
        One forward pass, the loss and one backward pass (best of the repeats).
    numerical_seconds : list of float
        A central-difference gradient of every parameter.
    numerical_coordinates : list of int
        How many coordinates were timed; when fewer than N, the time of all N
        was extrapolated (every coordinate costs the same two forward passes).
    batch_size : int
        Samples per batch.
    depth : int
        Number of ``Linear`` layers.
    machine : dict
        Where it was measured (filled by the benchmark script; empty when
        measured in the current session).
    """

    widths: list[int]
    n_parameters: list[int]
    backprop_seconds: list[float]
    numerical_seconds: list[float]
    numerical_coordinates: list[int]
    batch_size: int
    depth: int
    machine: dict[str, Any] = field(default_factory=dict)

    @property
    def extrapolated(self) -> list[bool]:
        """Whether each numerical time was extrapolated from a subset of coordinates."""
        return [timed < n for timed, n in zip(self.numerical_coordinates, self.n_parameters)]

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict."""
        return {
            "widths": self.widths,
            "n_parameters": self.n_parameters,
            "backprop_seconds": self.backprop_seconds,
            "numerical_seconds": self.numerical_seconds,
            "numerical_coordinates": self.numerical_coordinates,
            "batch_size": self.batch_size,
            "depth": self.depth,
            "machine": self.machine,
        }


def _timing_network(width: int, depth: int, batch_size: int, seed: int) -> tuple[Module, np.ndarray, np.ndarray]:
    model = mlp([width] * (depth + 1), activation="sigmoid", seed=seed)
    generator = np.random.default_rng(seed)
    X = generator.normal(size=(batch_size, width))
    y = generator.normal(size=(batch_size, width))
    return model, X, y


def _best_time(run: Callable[[], Any], repeats: int, clock: Callable[[], float], min_seconds: float = 2e-3) -> float:
    """Best over ``repeats`` of the mean time per call, each repeat lasting at least ``min_seconds``."""
    for _ in range(3):  # warm-up: first calls pay for caches and lazy set-up
        run()
    best = math.inf
    for _ in range(repeats):
        calls, started = 0, clock()
        while True:
            run()
            calls += 1
            elapsed = clock() - started
            if elapsed >= min_seconds:
                break
        best = min(best, elapsed / calls)
    return best


def time_gradient_methods(
    widths: Sequence[int],
    *,
    batch_size: int = 32,
    depth: int = 2,
    repeats: int = 3,
    numerical_budget: float = 0.5,
    seed: int = 0,
    clock: Callable[[], float] = time.perf_counter,
) -> GradientTimes:
    """Time a numerical gradient and backpropagation on networks of growing size.

    Each network is ``mlp([width] * (depth + 1), activation="sigmoid")`` with
    an MSE loss on a random batch, so its parameter count N grows like
    ``depth * width**2`` and so does the work of one forward pass. Timed:

    - backpropagation: ``zero_grad``, forward pass, loss, backward pass (best
      of ``repeats``);
    - numerical gradient: :func:`mlcourse.gradcheck.numerical_gradient` over
      every parameter (two loss evaluations per coordinate), best of up to
      ``repeats`` runs that fit in ``numerical_budget`` seconds. When the
      first coordinates show that all N would take longer than the budget,
      only as many coordinates as fit in it are timed, in ``repeats``
      chunks, and the best time per coordinate is multiplied by N: every
      coordinate costs the same two forward passes of the same network.

    Parameters
    ----------
    widths : sequence of int
        Network widths (>= 1), e.g. ``[8, 16, 32, 64]``.
    batch_size : int, default 32
        Samples per batch.
    depth : int, default 2
        Number of ``Linear`` layers.
    repeats : int, default 3
        Repeats of each timing (the best is kept; see above for the numerical one).
    numerical_budget : float, default 0.5
        Seconds allowed for the numerical gradient of one network.
    seed : int, default 0
        Seed of the weights and of the data.
    clock : callable, default time.perf_counter
        Returns seconds.

    Returns
    -------
    GradientTimes

    Raises
    ------
    ValueError
        If a width, the batch size, the depth or the repeats is below 1, or
        the budget is not positive.

    Examples
    --------
    >>> times = time_gradient_methods([2, 4], repeats=1, numerical_budget=0.05)
    >>> times.n_parameters
    [12, 40]
    """
    widths = [check_int(width, "widths[i]", minimum=1) for width in widths]
    if not widths:
        raise ValueError("widths must hold at least one width, got none")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    repeats = check_int(repeats, "repeats", minimum=1)
    numerical_budget = check_positive(numerical_budget, "numerical_budget")
    loss_fn = MSELoss()
    n_parameters, backprop, numerical, coordinates = [], [], [], []
    for width in widths:
        model, X, y = _timing_network(width, depth, batch_size, seed)
        params = model.parameters()
        n = sum(parameter.size for parameter in params)

        def one_backprop() -> None:
            model.zero_grad()
            loss_fn(model.forward(X), y)
            model.backward(loss_fn.backward())

        def loss_at(_: np.ndarray) -> float:
            return loss_fn(model.forward(X), y)

        backprop.append(_best_time(one_backprop, repeats, clock))
        first = params[0].data.reshape(-1)  # a view: perturbing it perturbs the weights
        probe = min(first.size, 8)
        started = clock()
        numerical_gradient(loss_at, first[:probe])
        per_coordinate = (clock() - started) / probe
        if per_coordinate * n <= numerical_budget:
            rounds = int(max(1, min(repeats, numerical_budget // (per_coordinate * n))))
            best = math.inf
            for _ in range(rounds):
                started = clock()
                for parameter in params:
                    numerical_gradient(loss_at, parameter.data)
                best = min(best, clock() - started)
            numerical.append(best)
            coordinates.append(n)
        else:
            timed = int(min(first.size, max(probe * repeats, numerical_budget / per_coordinate)))
            chunks = np.array_split(np.arange(timed), repeats)
            best = math.inf
            for chunk in chunks:
                started = clock()
                numerical_gradient(loss_at, first[chunk[0] : chunk[-1] + 1])
                best = min(best, (clock() - started) / len(chunk))
            numerical.append(best * n)
            coordinates.append(timed)
        n_parameters.append(n)
    return GradientTimes(widths, n_parameters, backprop, numerical, coordinates, batch_size, depth)


def load_backprop_timings() -> GradientTimes:
    """The pre-measured table shipped with mlcourse (``datasets/backprop_timings.json``).

    Written by ``benchmarks/bench_backprop_timings.py --write``; its
    ``machine`` field says where and when it was measured. Reading a file
    gives the same numbers on every machine, which the book needs for
    compared outputs; :func:`time_gradient_methods` measures live.

    Returns
    -------
    GradientTimes

    Examples
    --------
    >>> table = load_backprop_timings()
    >>> len(table.widths) == len(table.numerical_seconds)
    True
    """
    resource = importlib.resources.files("mlcourse") / "datasets" / "backprop_timings.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    return GradientTimes(**data)


class BrokenSigmoid(Sigmoid):
    """A sigmoid layer with a WRONG backward pass, kept as a teaching fixture.

    ``forward`` is the sigmoid; ``backward`` returns ``grad_out * s`` instead
    of ``grad_out * s * (1 - s)``: the factor ``1 - s`` is forgotten, a
    typical slip when deriving a layer by hand. Training with it still
    lowers the loss for a while (the sign of every factor is right), which
    is why such bugs hide; a gradient check exposes it at once. Never use it
    in a model.

    Examples
    --------
    >>> layer = BrokenSigmoid()
    >>> _ = layer(np.zeros((1, 1)))
    >>> layer.backward(np.ones((1, 1)))  # the right answer is s (1 - s) = 0.25
    array([[0.5]])
    """

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return self._checked(grad_out) * self.out  # BUG (on purpose): should be * s * (1 - s)

    def __repr__(self) -> str:
        return "BrokenSigmoid()"


def gradient_agreement(model_a: Module, model_b: Module, loss: str, X: Any, y: Any) -> dict[str, float]:
    """How far the gradients of two networks with the same weights point apart, on one batch.

    Both models run a forward pass, the loss and a backward pass; their
    parameter gradients are flattened into one vector each and compared.
    With a correct model and one with a wrong backward pass (such as
    :class:`BrokenSigmoid`), this measures whether the wrong "gradient"
    still points downhill.

    Parameters
    ----------
    model_a, model_b : Module
        Networks with parameters of the same shapes (normally the same weights).
    loss : str
        A loss name for :func:`mlcourse.losses.as_loss` (e.g. ``"cross_entropy"``).
    X, y : array-like
        One batch.

    Returns
    -------
    dict of str to float
        ``"cosine"``: cosine of the angle between the two gradient vectors
        (1: same direction; above 0: ``model_b``'s step still lowers
        ``model_a``'s loss for a small learning rate); ``"same_sign"``: the
        fraction of components with the same sign.

    Raises
    ------
    ValueError
        If the two models' parameters differ in number or shape.

    Examples
    --------
    >>> from mlcourse.nn import Linear, Sequential, Sigmoid
    >>> X, y = np.random.default_rng(0).normal(size=(8, 2)), np.arange(8) % 2
    >>> make = lambda layer: Sequential(Linear(2, 4, seed=0), layer(), Linear(4, 2, seed=1))
    >>> gradient_agreement(make(Sigmoid), make(Sigmoid), "cross_entropy", X, y)
    {'cosine': 1.0, 'same_sign': 1.0}
    """
    vectors = []
    for model in (model_a, model_b):
        if not isinstance(model, Module):
            raise TypeError(f"models must be mlcourse Modules, got {type(model).__name__}")
        loss_fn = as_loss(loss)
        model.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        vectors.append([parameter.grad.copy() for parameter in model.parameters()])
    if [g.shape for g in vectors[0]] != [g.shape for g in vectors[1]]:
        raise ValueError("the two models must have parameters of the same shapes")
    a, b = (np.concatenate([g.ravel() for g in grads]) for grads in vectors)
    cosine = float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), np.finfo(float).tiny))
    return {"cosine": round(cosine, 12), "same_sign": float(np.mean(np.sign(a) == np.sign(b)))}
