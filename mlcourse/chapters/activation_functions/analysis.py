"""Experiments on activation functions: why they are needed and how they behave.

Chapter 6 of the book asks four questions and answers each with a function here:

- Why a nonlinearity at all? :func:`collapse_linear` folds a stack of
  ``Linear`` layers into the one ``Linear`` map that computes the same thing;
  :func:`same_weights_outputs` runs one set of layers with and without an
  activation between them.
- What happens to a signal pushed through many layers? :func:`deep_stack`
  sends random inputs through random layers and :func:`layer_statistics`
  measures each layer's outputs (mean, spread, share of units with no usable
  gradient); :func:`stack_with_statistics` is the cached pair the chapter's
  widget draws.
- Why do outputs that are not centred on 0 slow learning? Every weight of a
  neuron fed by positive inputs gets a gradient of the same sign
  (:func:`per_sample_gradients`, :func:`one_sign_fraction`), so stochastic
  gradient descent zig-zags (:func:`sgd_path`); :func:`hidden_activation_race`
  trains the same network with a sigmoid, a centred sigmoid
  (:class:`CentredSigmoid`) and a tanh hidden layer and counts the epochs each
  needs.
- Is the exponential slow? :func:`activation_timings` times activations
  against the matrix product that feeds them (machine-dependent numbers).

Examples
--------
>>> import numpy as np
>>> from mlcourse.nn import Linear
>>> layers = [Linear(3, 4, seed=0), Linear(4, 2, seed=1)]
>>> W, b = collapse_linear(layers)
>>> x = np.ones((1, 3))
>>> bool(np.allclose(layers[1](layers[0](x)), x @ W + b))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Sequence

import numpy as np

from mlcourse import optim
from mlcourse._validation import (
    as_float_array,
    as_rng,
    check_int,
    check_positive,
    describe,
)
from mlcourse.activations import get_activation
from mlcourse.init import normal_init
from mlcourse.losses import CrossEntropyLoss, Loss, MSELoss
from mlcourse.nn import (
    Linear,
    Module,
    Parameter,
    Sequential,
    Sigmoid,
    activation_module,
    mlp,
)
from mlcourse.train import train_step

__all__ = [
    "collapse_linear",
    "CentredSigmoid",
    "PEAK_DERIVATIVE",
    "STACK_INITS",
    "FLAT_LEVEL",
    "StackResult",
    "deep_stack",
    "layer_statistics",
    "stack_with_statistics",
    "per_sample_gradients",
    "one_sign_fraction",
    "SGDPath",
    "sgd_path",
    "epochs_to_reach",
    "hidden_activation_race",
    "same_weights_outputs",
    "activation_timings",
]


# ------------------------------------------------------------------ collapse


def collapse_linear(layers: Sequence[Linear]) -> tuple[np.ndarray, np.ndarray]:
    """Fold a stack of ``Linear`` layers (no activation between them) into one.

    With the row-vector convention ``h = x W + b``, two layers give
    ``(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)``: again one linear map.
    Repeating this for every layer gives ``W = W1 W2 ... Wn`` and a bias that
    carries every earlier bias through the later weights.

    Parameters
    ----------
    layers : sequence of Linear
        The layers in the order they are applied; each layer's ``n_in`` must
        equal the previous layer's ``n_out``. A layer without bias counts as
        ``b = 0``.

    Returns
    -------
    W : numpy.ndarray of shape (n_in of the first layer, n_out of the last)
    b : numpy.ndarray of shape (n_out of the last layer,)

    Raises
    ------
    TypeError
        If an element is not a ``Linear`` layer.
    ValueError
        If ``layers`` is empty or two neighbouring layers do not fit together.

    Examples
    --------
    >>> first, second = Linear(1, 1, init="zeros"), Linear(1, 1, init="zeros")
    >>> first.W.data[...] = 2.0; first.b.data[...] = 1.0
    >>> second.W.data[...] = 3.0; second.b.data[...] = 0.5
    >>> collapse_linear([first, second])  # 3 (2 x + 1) + 0.5 = 6 x + 3.5
    (array([[6.]]), array([3.5]))
    """
    layers = _check_stack(layers)
    W, b = layers[0].W.data.copy(), _bias(layers[0])
    for layer in layers[1:]:
        b = b @ layer.W.data + _bias(layer)  # (x W + b) W' + b' = x (W W') + (b W' + b')
        W = W @ layer.W.data
    return W, b


def _check_stack(layers: Sequence[Linear]) -> list[Linear]:
    """The layers as a list, after checking that they are ``Linear`` layers that fit together."""
    layers = list(layers)
    if not layers:
        raise ValueError("collapse_linear needs at least one Linear layer, got an empty sequence")
    for index, layer in enumerate(layers):
        if not isinstance(layer, Linear):
            raise TypeError(f"layers[{index}] must be an nn.Linear layer, got {describe(layer)}")
        if index and layer.n_in != layers[index - 1].n_out:
            raise ValueError(
                f"layers[{index}] expects {layer.n_in} inputs but layers[{index - 1}] gives "
                f"{layers[index - 1].n_out} outputs"
            )
    return layers


def _bias(layer: Linear) -> np.ndarray:
    """A copy of the layer's bias, zeros when it has none."""
    return layer.b.data.copy() if layer.b is not None else np.zeros(layer.n_out, dtype=layer.W.data.dtype)


def same_weights_outputs(
    x: Any, activations: Sequence[str] = ("identity", "tanh", "relu"), *, hidden: int = 16, seed: int = 3
) -> dict[str, np.ndarray]:
    """One input through a ``1 -> hidden -> hidden -> 1`` network, the same weights, different activations.

    The three ``Linear`` layers are drawn once (He-normal weights, biases
    normal with standard deviation 0.5, one generator seeded by ``seed``) and
    reused for every activation, which is put between the layers (not after
    the last one). With ``"identity"`` the network is linear and draws a
    straight line, whatever the weights.

    Parameters
    ----------
    x : array_like of shape (n,)
        The inputs.
    activations : sequence of str
        Names for :func:`mlcourse.nn.activation_module`.
    hidden : int, default 16
        Units per hidden layer.
    seed : int, default 3
        Seeds the weights and biases.

    Returns
    -------
    dict
        ``"<name> between the layers" -> outputs`` of shape ``(n,)``.

    Examples
    --------
    >>> curves = same_weights_outputs(np.linspace(-1, 1, 5), ("identity",))
    >>> line = curves["identity between the layers"]
    >>> bool(np.allclose(np.diff(line, 2), 0))  # a straight line: second differences vanish
    True
    """
    x = as_float_array(x, "x", ndim=1).reshape(-1, 1)
    hidden = check_int(hidden, "hidden", minimum=1)
    generator = as_rng(seed=seed)
    layers = [
        Linear(n_in, n_out, init="he_normal", rng=generator)
        for n_in, n_out in ((1, hidden), (hidden, hidden), (hidden, 1))
    ]
    for layer in layers:
        layer.b.data[...] = generator.normal(0, 0.5, layer.n_out)
    curves = {}
    for name in activations:
        net = Sequential(layers[0], activation_module(name), layers[1], activation_module(name), layers[2])
        curves[f"{name} between the layers"] = net(x)[:, 0]
    return curves


# ----------------------------------------------------------- centred sigmoid


class CentredSigmoid(Sigmoid):
    """The sigmoid moved down by 1/2: ``sigmoid(x) - 1/2``, values in (-1/2, 1/2).

    It has exactly the sigmoid's derivative (the shift is a constant) and
    equals ``tanh(x / 2) / 2``. A network with this hidden layer computes the
    same functions as one with a plain sigmoid (the next layer's bias can
    absorb the shift), so comparing the two isolates the effect of centring
    the outputs on 0. ``backward`` is inherited: it uses the cached sigmoid
    value ``s`` and multiplies by ``s (1 - s)``.

    Examples
    --------
    >>> CentredSigmoid()(np.array([[0.0, 2.0]])).round(4)
    array([[0.    , 0.3808]])
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        return super().forward(x) - 0.5


# ---------------------------------------------------------------- deep stack

#: Largest value of each activation's derivative (sigmoid: 1/4 at 0).
PEAK_DERIVATIVE: dict[str, float] = {
    "identity": 1.0,
    "sigmoid": 0.25,
    "tanh": 1.0,
    "relu": 1.0,
    "leaky_relu": 1.0,
    "elu": 1.0,
}

#: Weight initializations offered by :func:`deep_stack`.
STACK_INITS: dict[str, str] = {
    "xavier": "normal with std sqrt(2 / (n_in + n_out)) (Glorot & Bengio, 2010)",
    "he": "normal with std sqrt(2 / n_in) (He et al., 2015)",
    "large": "normal with std 1 (much too large for 100 inputs)",
}

# The initializer of mlcourse.nn.Linear behind each key of STACK_INITS.
_STACK_INITIALIZERS: dict[str, Any] = {"xavier": "xavier_normal", "he": "he_normal", "large": normal_init(1.0)}

#: A unit is "flat" where its derivative is below this fraction of the peak (:func:`layer_statistics`).
FLAT_LEVEL = 0.01


@dataclass
class StackResult:
    """What :func:`deep_stack` computed, layer by layer (index 0 is the first layer).

    Attributes
    ----------
    activation : str
        The activation's name.
    inputs : numpy.ndarray
        The random input batch, shape ``(n_samples, n_units)``.
    pre_activations : list of numpy.ndarray
        ``z = h W + b`` of every layer.
    outputs : list of numpy.ndarray
        ``h = activation(z)`` of every layer.
    derivatives : list of numpy.ndarray
        ``activation'(z)`` of every layer: the factor by which a gradient
        passing back through that unit is multiplied.
    model : Sequential or None
        The stack itself (``Linear``, activation, ``Linear``, ...).
    """

    activation: str
    inputs: np.ndarray
    model: Sequential | None = None
    pre_activations: list[np.ndarray] = field(default_factory=list)
    outputs: list[np.ndarray] = field(default_factory=list)
    derivatives: list[np.ndarray] = field(default_factory=list)


def deep_stack(
    activation: str, depth: int, *, init: str = "xavier", n_units: int = 100, n_samples: int = 500, seed: int = 0
) -> StackResult:
    """Push standard-normal inputs through ``depth`` random layers ``Linear -> activation``.

    Nothing is trained: this is a network at initialization, the state in
    which training starts. Every layer is ``Linear(n_units, n_units)`` with
    zero bias and weights drawn as ``init`` says, followed by the activation
    (the network is :func:`mlcourse.nn.mlp` with the activation after the
    last layer too). The inputs are drawn first, then the weights layer by
    layer, all from one generator: a shallower stack with the same seed is
    the first layers of a deeper one.

    Parameters
    ----------
    activation : str
        ``"identity"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or ``"elu"``.
    depth : int
        Number of layers (>= 1).
    init : str, default "xavier"
        A key of :data:`STACK_INITS`: ``"xavier"``, ``"he"`` or ``"large"``.
    n_units : int, default 100
        Width of every layer (and of the input).
    n_samples : int, default 500
        Number of random input vectors.
    seed : int, default 0
        Seeds the inputs and every weight matrix.

    Returns
    -------
    StackResult

    Raises
    ------
    ValueError
        If the activation or the initialization is unknown, or a size is below 1.

    Examples
    --------
    >>> result = deep_stack("tanh", 3, n_units=10, n_samples=20)
    >>> len(result.outputs), result.outputs[-1].shape
    (3, (20, 10))
    """
    key = str(activation).lower()
    if key not in PEAK_DERIVATIVE:
        raise ValueError(f"unknown activation {activation!r}; valid names: {', '.join(PEAK_DERIVATIVE)}")
    if init not in STACK_INITS:
        raise ValueError(f"unknown init {init!r}; valid names: {', '.join(STACK_INITS)}")
    depth = check_int(depth, "depth", minimum=1)
    n_units = check_int(n_units, "n_units", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    generator = as_rng(seed=seed)
    _, derivative = get_activation(key)
    inputs = generator.standard_normal((n_samples, n_units))
    model = mlp(
        [n_units] * (depth + 1), activation=key, output_activation=key, init=_STACK_INITIALIZERS[init], rng=generator
    )
    result = StackResult(activation=key, inputs=inputs, model=model)
    h = inputs
    layers = list(model)
    for linear, nonlinear in zip(layers[0::2], layers[1::2]):
        z = linear(h)
        h = nonlinear(z)
        result.pre_activations.append(z)
        result.outputs.append(h)
        result.derivatives.append(np.asarray(derivative(z)))
    return result


def layer_statistics(result: StackResult, *, flat_level: float = FLAT_LEVEL) -> list[dict[str, float]]:
    """Per-layer summary of a :func:`deep_stack`: where the signal and the gradient go.

    A unit is *flat* for a sample when its derivative is below ``flat_level``
    times the activation's peak derivative (:data:`PEAK_DERIVATIVE`): a
    gradient passing back through it is multiplied by less than that, so the
    weights feeding it barely learn from that sample. With the default 1/100:
    sigmoid for ``|z| > 6.0``, tanh for ``|z| > 3.0``, ReLU for ``z <= 0``
    (derivative 0), ELU for ``z < -4.6``; leaky ReLU with ``alpha = 0.01``
    never (its slope is exactly 1/100 of the peak, not below). A unit is
    *dead* when it is flat for every sample of the batch.

    Parameters
    ----------
    result : StackResult
        The output of :func:`deep_stack`.
    flat_level : float, default 0.01
        Fraction of the peak derivative below which a unit counts as flat (> 0).

    Returns
    -------
    list of dict
        One dict per layer with ``"mean"`` and ``"std"`` of the outputs,
        ``"flat"`` (fraction of (sample, unit) pairs that are flat),
        ``"dead"`` (fraction of units that are dead) and ``"mean derivative"``.

    Raises
    ------
    TypeError
        If ``result`` is not a ``StackResult``.
    ValueError
        If ``flat_level`` is not positive.

    Examples
    --------
    >>> stats = layer_statistics(deep_stack("relu", 2, n_units=50, n_samples=200))
    >>> 0.3 < stats[0]["flat"] < 0.7  # about half of ReLU's inputs are negative
    True
    """
    if not isinstance(result, StackResult):
        raise TypeError(f"result must be a StackResult from deep_stack, got {describe(result)}")
    flat_level = check_positive(flat_level, "flat_level")
    threshold = flat_level * PEAK_DERIVATIVE[result.activation]
    rows = []
    for output, derivative in zip(result.outputs, result.derivatives):
        flat = derivative < threshold
        rows.append(
            {
                "mean": float(output.mean()),
                "std": float(output.std()),
                "flat": float(flat.mean()),
                "dead": float(flat.all(axis=0).mean()),
                "mean derivative": float(derivative.mean()),
            }
        )
    return rows


@cache
def stack_with_statistics(
    activation: str, init: str = "xavier", depth: int = 10, *, flat_level: float = FLAT_LEVEL
) -> tuple[StackResult, tuple[dict[str, float], ...]]:
    """The widget's stack (100 units, 500 inputs, seed 0) and its :func:`layer_statistics`, computed once.

    The result is cached per argument set: do not modify it. Layer ``k`` of
    this stack is layer ``k`` of any deeper one (same seed, same draws), so
    one deep stack serves every depth.

    Parameters
    ----------
    activation : str
        As in :func:`deep_stack`.
    init : str, default "xavier"
        A key of :data:`STACK_INITS`.
    depth : int, default 10
        Number of layers (>= 1).
    flat_level : float, default FLAT_LEVEL
        As in :func:`layer_statistics`.

    Returns
    -------
    result : StackResult
    statistics : tuple of dict
        One row of :func:`layer_statistics` per layer.

    Raises
    ------
    ValueError
        As :func:`deep_stack` and :func:`layer_statistics`.

    Examples
    --------
    >>> result, statistics = stack_with_statistics("sigmoid", "xavier", 3)
    >>> result.outputs[0].shape, len(statistics)
    ((500, 100), 3)
    >>> all(row["mean"] > 0.4 for row in statistics)  # sigmoid outputs are never centred
    True
    """
    result = deep_stack(activation, depth, init=init, n_units=100, n_samples=500, seed=0)
    return result, tuple(layer_statistics(result, flat_level=flat_level))


# --------------------------------------------------- signs of weight gradients


def per_sample_gradients(model: Module, loss: Loss, X: Any, y: Any, parameter: Parameter) -> np.ndarray:
    """The gradient of ``parameter`` for each training sample on its own.

    For every row ``i`` it runs the training step's forward and backward pass
    on the one-sample batch ``X[i:i+1]`` (what stochastic gradient descent
    uses) and copies ``parameter.grad``. The model's parameters are not
    changed; their gradients are left zeroed.

    Parameters
    ----------
    model : Module
        The network.
    loss : Loss
        A loss object, e.g. ``losses.CrossEntropyLoss()``.
    X : array_like of shape (n_samples, n_features)
        Inputs.
    y : array_like
        Targets, one per row of ``X``, as ``loss`` expects them.
    parameter : Parameter
        One of ``model.parameters()``.

    Returns
    -------
    numpy.ndarray of shape (n_samples, *parameter.shape)

    Raises
    ------
    TypeError
        If ``model`` is not a Module or ``loss`` has no ``backward``.
    ValueError
        If ``parameter`` does not belong to ``model`` or ``X`` and ``y`` differ in length.

    Examples
    --------
    >>> from mlcourse.nn import Linear
    >>> layer = Linear(2, 1, init="zeros")
    >>> grads = per_sample_gradients(layer, MSELoss(), np.array([[1.0, 2.0], [3.0, 4.0]]),
    ...                              np.array([[1.0], [1.0]]), layer.W)
    >>> grads[:, :, 0]  # 2 (0 - 1) x for each sample x
    array([[-2., -4.],
           [-6., -8.]])
    """
    if not isinstance(model, Module):
        raise TypeError(f"model must be an mlcourse.nn.Module, got {describe(model)}")
    if not (callable(loss) and hasattr(loss, "backward")):
        raise TypeError(f"loss must be a loss object such as losses.MSELoss(), got {describe(loss)}")
    if not any(parameter is p for p in model.parameters()):
        raise ValueError("parameter must be one of model.parameters()")
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    grads = np.empty((len(X),) + parameter.shape, dtype=np.float64)
    for i in range(len(X)):
        model.zero_grad()
        output = model(X[i : i + 1])
        loss(output, y[i : i + 1])
        model.backward(loss.backward())
        grads[i] = parameter.grad
    model.zero_grad()
    return grads


def one_sign_fraction(weight_grads: Any) -> float:
    """Fraction of (sample, neuron) pairs whose incoming weight gradients all share one sign.

    ``weight_grads[s, :, j]`` holds the gradients of every weight entering
    neuron ``j`` for sample ``s`` (shape ``(n_samples, n_in, n_out)``, as
    returned by :func:`per_sample_gradients` for a weight matrix ``W``). Such
    a column equals ``delta_j * h`` (the neuron's error times the layer's
    input), so when every input ``h_i`` is positive, as after a sigmoid, all
    its entries have the sign of ``delta_j`` and the fraction is 1. Zeros count
    as either sign.

    Parameters
    ----------
    weight_grads : array_like of shape (n_samples, n_in, n_out)

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        If the array is not 3-D.

    Examples
    --------
    >>> grads = np.array([[[1.0, -1.0], [2.0, 3.0]]])  # one sample, 2 inputs, 2 neurons
    >>> one_sign_fraction(grads)  # neuron 0: (1, 2) one sign; neuron 1: (-1, 3) mixed
    0.5
    """
    grads = as_float_array(weight_grads, "weight_grads", ndim=3)
    same = np.all(grads >= 0, axis=1) | np.all(grads <= 0, axis=1)
    return float(same.mean())


@dataclass
class SGDPath:
    """The weights and the loss of a neuron after every single-sample update.

    Attributes
    ----------
    weights : numpy.ndarray of shape (steps + 1, n_features)
        Row 0 is the start.
    losses : numpy.ndarray of shape (steps + 1,)
        Mean squared error on the whole data set at each row of ``weights``.
    diverged_at : int or None
        The step at which the loss stopped being finite; the path ends
        there (shorter than ``steps + 1`` rows).
    """

    weights: np.ndarray
    losses: np.ndarray
    diverged_at: int | None = None


def sgd_path(H: Any, y: Any, *, learning_rate: float, steps: int, start: Any = None, seed: int = 0) -> SGDPath:
    """Train one linear neuron ``y_hat = h . w`` (no bias) by SGD, one sample per step.

    Each step is the library's :func:`mlcourse.train.train_step` on a batch
    of one sample (``zero_grad``, forward, ``MSELoss``, ``backward``,
    ``SGD.step``); the samples are visited in a new random order every pass
    over the data. The change of ``w`` at a step is
    ``-learning_rate * 2 (y_hat - y) h``: a multiple of the input ``h``
    itself, so if every ``h`` has positive entries each step moves all
    weights in the same direction.

    Parameters
    ----------
    H : array_like of shape (n_samples, n_features)
        The neuron's inputs (e.g. outputs of a previous layer).
    y : array_like of shape (n_samples,)
        Targets.
    learning_rate : float
        Step size (> 0).
    steps : int
        Number of updates (>= 1).
    start : array_like of shape (n_features,), optional
        Initial weights (default zeros).
    seed : int, default 0
        Seeds the order of the samples.

    Returns
    -------
    SGDPath
        Stops early (``diverged_at``) if the loss overflows.

    Raises
    ------
    ValueError
        If shapes do not match or a number is out of range.

    Examples
    --------
    >>> path = sgd_path(np.eye(2), np.array([1.0, -1.0]), learning_rate=0.5, steps=2)
    >>> path.weights[-1]  # each sample sets its own weight in one step
    array([ 1., -1.])
    """
    H = as_float_array(H, "H", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if len(y) != len(H):
        raise ValueError(f"H and y must have the same number of samples, got {len(H)} and {len(y)}")
    learning_rate = check_positive(learning_rate, "learning_rate")
    steps = check_int(steps, "steps", minimum=1)
    neuron = Linear(H.shape[1], 1, init="zeros", bias=False)
    if start is not None:
        neuron.W.data[:, 0] = as_float_array(start, "start", ndim=1)
    loss_fn = MSELoss()
    optimizer = optim.SGD(neuron.parameters(), lr=learning_rate)
    generator = as_rng(seed=seed)
    weights = [neuron.W.data[:, 0].copy()]
    losses = [float(np.mean((H @ neuron.W.data[:, 0] - y) ** 2))]
    order: list[int] = []
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            if not order:
                order = list(generator.permutation(len(H)))
            i = order.pop()
            train_step(neuron, loss_fn, optimizer, H[i : i + 1], y[i : i + 1])
            loss = float(np.mean((H @ neuron.W.data[:, 0] - y) ** 2))
            if not math.isfinite(loss):
                diverged_at = step
                break
            weights.append(neuron.W.data[:, 0].copy())
            losses.append(loss)
    return SGDPath(np.array(weights), np.array(losses), diverged_at)


# ------------------------------------------------- centred vs not centred race


def epochs_to_reach(losses: Iterable[float], threshold: float) -> int | None:
    """The first epoch (counted from 1) whose loss is below ``threshold``, or None.

    Parameters
    ----------
    losses : iterable of float
        Loss per epoch, e.g. ``History.train_loss``.
    threshold : float
        The target loss.

    Returns
    -------
    int or None
        None when no epoch gets below the threshold (too slow, or diverged).

    Examples
    --------
    >>> epochs_to_reach([1.0, 0.5, 0.2, 0.1], 0.3)
    3
    >>> epochs_to_reach([1.0, 0.5], 0.1) is None
    True
    """
    for epoch, value in enumerate(losses, start=1):
        if math.isfinite(value) and value < threshold:
            return epoch
    return None


def hidden_activation_race(
    activations: Sequence[str] = ("sigmoid", "centred_sigmoid", "tanh"),
    learning_rates: Sequence[float] = (2.0, 8.0, 32.0),
    seeds: Sequence[int] = (0, 1, 2),
    *,
    threshold: float = 0.15,
    epochs: int = 400,
    hidden: int = 16,
    n_samples: int = 200,
) -> dict[tuple[str, float], list[int | None]]:
    """Epochs a ``2 -> hidden -> 2`` network needs to reach a loss, per hidden activation.

    The task is fixed: the two-moons data (``data.make_moons(n_samples,
    noise=0.1, seed=0)``, standardized). For every activation, learning rate
    and seed the same network ``Linear -> activation -> Linear`` (weights
    seeded by ``seed``, identical across activations) is trained with
    :func:`mlcourse.train.fit`, full-batch plain SGD and softmax
    cross-entropy, and the epoch at which the training loss first drops below
    ``threshold`` is recorded (None: not within ``epochs``, or diverged);
    training stops there.

    ``"centred_sigmoid"`` is :class:`CentredSigmoid`: the sigmoid minus 1/2,
    same slope, same functions, outputs centred on 0. Comparing it with
    ``"sigmoid"`` isolates the effect of centring.

    Parameters
    ----------
    activations : sequence of str
        Names: ``"centred_sigmoid"`` or any name of :func:`mlcourse.nn.activation_module`.
    learning_rates : sequence of float
        SGD learning rates to try.
    seeds : sequence of int
        Initializations to try.
    threshold : float, default 0.15
        Target training loss.
    epochs : int, default 400
        Budget per run.
    hidden : int, default 16
        Hidden units.
    n_samples : int, default 200
        Size of the data set.

    Returns
    -------
    dict
        ``(activation, learning_rate) -> [epochs for each seed]``.

    Raises
    ------
    ValueError
        If an activation name is unknown or a number is out of range.

    Examples
    --------
    >>> race = hidden_activation_race(("tanh",), (8.0,), (0,), epochs=50)
    >>> race[("tanh", 8.0)][0] is not None
    True
    """
    import warnings

    from mlcourse.data import Standardizer, make_moons
    from mlcourse.models import TrainingDiverged
    from mlcourse.train import fit

    threshold = check_positive(threshold, "threshold")
    epochs = check_int(epochs, "epochs", minimum=1)
    hidden = check_int(hidden, "hidden", minimum=1)
    X, y = make_moons(n_samples, noise=0.1, seed=0)
    X = Standardizer().fit_transform(X)
    results: dict[tuple[str, float], list[int | None]] = {}

    def reached_threshold(epoch: int, history: Any, model: Module) -> bool:  # stop once there
        return history.train_loss[-1] < threshold

    for name in activations:
        for learning_rate in learning_rates:
            reached = []
            for seed in seeds:
                layer = CentredSigmoid() if name == "centred_sigmoid" else activation_module(name)
                # layers seeded one by one (not from nn.mlp's single generator): the chapter quotes these runs
                model = Sequential(Linear(2, hidden, seed=seed), layer, Linear(hidden, 2, seed=seed + 1000))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", TrainingDiverged)  # a diverged run counts as None
                    history = fit(
                        model,
                        CrossEntropyLoss(),
                        optim.SGD(model.parameters(), lr=learning_rate),
                        X,
                        y,
                        epochs=epochs,
                        callbacks=[reached_threshold],
                    )
                reached.append(epochs_to_reach(history.train_loss, threshold))
            results[(name, float(learning_rate))] = reached
    return results


# ------------------------------------------------------------------ timings


def activation_timings(
    n_values: int = 1_000_000, widths: Sequence[int] = (256, 1024), batch: int = 256, repeat: int = 3
) -> dict[str, float]:
    """Seconds (best of ``repeat``) for an activation against the work around it. Machine-dependent.

    Times ``np.exp``, ``np.maximum(v, 0)``, the library's ``sigmoid`` and
    ``relu`` on ``n_values`` standard-normal numbers; then, for each width
    ``n``, the matrix product of a ``(batch, n)`` batch with an ``(n, n)``
    weight matrix, and the sigmoid and ReLU of its ``(batch, n)`` result.
    The product does ``n`` multiply-adds per output, the activation one
    function evaluation, so the activation's share falls as ``n`` grows.

    Parameters
    ----------
    n_values : int, default 1_000_000
        Size of the array for the elementwise timings.
    widths : sequence of int, default (256, 1024)
        Layer widths.
    batch : int, default 256
        Samples per batch.
    repeat : int, default 3
        Timings per measurement; the smallest is kept.

    Returns
    -------
    dict
        Keys ``"exp"``, ``"maximum"``, ``"sigmoid"``, ``"relu"`` and, per
        width ``n``, ``"matmul n"``, ``"sigmoid n"``, ``"relu n"``.

    Examples
    --------
    >>> times = activation_timings(n_values=1000, widths=(8,), batch=4, repeat=1)
    >>> sorted(times) == sorted(["exp", "maximum", "sigmoid", "relu", "matmul 8", "sigmoid 8", "relu 8"])
    True
    >>> all(seconds > 0 for seconds in times.values())
    True
    """
    import timeit

    from mlcourse.activations import relu, sigmoid

    n_values = check_int(n_values, "n_values", minimum=1)
    batch = check_int(batch, "batch", minimum=1)
    repeat = check_int(repeat, "repeat", minimum=1)

    def best(statement: Any, number: int = 5) -> float:
        return min(timeit.repeat(statement, number=number, repeat=repeat)) / number

    values = np.random.default_rng(0).standard_normal(n_values)
    times = {
        "exp": best(lambda: np.exp(values)),
        "maximum": best(lambda: np.maximum(values, 0)),
        "sigmoid": best(lambda: sigmoid(values)),
        "relu": best(lambda: relu(values)),
    }
    for width in widths:
        width = check_int(width, "width", minimum=1)
        generator = np.random.default_rng(1)
        inputs, weights = generator.standard_normal((batch, width)), generator.standard_normal((width, width))
        net_input = inputs @ weights
        times[f"matmul {width}"] = best(lambda: inputs @ weights, number=2)
        times[f"sigmoid {width}"] = best(lambda: sigmoid(net_input))
        times[f"relu {width}"] = best(lambda: relu(net_input))
    return times
