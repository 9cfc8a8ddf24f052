"""Checkers for chapter 8 (backpropagation).

The right answers are computed, never typed in: gradients of the 2-2-2 worked
example by the layers' own backward passes
(:func:`mlcourse.chapters.backpropagation.analysis.worked_example_network`),
stored floats by :func:`mlcourse.chapters.backpropagation.analysis.activation_bytes`,
parameter counts by ``Sequential.summary``. The practice page's functions
are run against the library's layers: a dense layer's backward pass against
:meth:`mlcourse.nn.Linear.backward`, the gradients of a two-layer sigmoid
network against its backward pass with :class:`mlcourse.losses.MSELoss`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.activations import sigmoid
from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.backpropagation.analysis import (
    MAZUR_INPUTS,
    MAZUR_WEIGHTS,
    WEIGHT_NAMES,
    activation_bytes,
    worked_example_by_hand,
    worked_example_network,
)
from mlcourse.losses import MSELoss
from mlcourse.nn import Linear, mlp

#: Exercise 3: the network and batch whose stored floats are counted.
MEMORY_SIZES = (64, 32, 16, 10)
MEMORY_BATCH = 50
#: Exercise 4: the network whose numerical gradient is costed.
COST_SIZES = (64, 32, 10)


def worked_example_gradients() -> dict[str, float]:
    """dE/dw1 .. dE/dw8 of Mazur's 2-2-2 network, by one forward and one backward pass of the layers."""
    example = worked_example_network()
    model, loss_fn = example["model"], example["loss"]
    loss_fn(model(example["inputs"]), example["targets"])
    model.backward(loss_fn.backward())
    gradients = {key: parameter.grad for key, parameter in model.named_parameters()}
    return {name: float(gradients[key][index]) for name, (key, index) in example["positions"].items()}


def check_dE_dw6(value: float) -> Feedback:
    """Exercise 1: ``dE/dw6`` in the worked example (``w6`` joins ``h2`` to ``o1``)."""
    expected = worked_example_gradients()["w6"]
    steps = worked_example_by_hand()
    if close_enough(value, expected, rtol=1e-4):
        return Feedback(True, f"dE/dw6 = dE/do1 * do1/dz3 * h2 = {expected:.9f}: the w5 chain with h2 for h1.")
    if close_enough(value, steps["w5"]["dE/dw5"], rtol=1e-4):
        return Feedback(False, "That is dE/dw5. The last factor dz3/dw6 is the input w6 multiplies: h2, not h1.")
    if close_enough(value, -expected, rtol=1e-4):
        return Feedback(False, "The sign is flipped: dE/do1 = -(t1 - o1) = o1 - t1 is positive here (o1 > t1).")
    return Feedback(False, "Reuse dE/do1 and do1/dz3 from w5 and multiply by dz3/dw6 = h2.")


def check_dE_dw3(value: float) -> Feedback:
    """Exercise 2: ``dE/dw3`` in the worked example (``w3`` joins ``i1`` to ``h2``)."""
    gradients = worked_example_gradients()
    expected = gradients["w3"]
    steps = worked_example_by_hand()
    h2, i1, w6 = steps["forward"]["h2"], MAZUR_INPUTS[0], MAZUR_WEIGHTS[WEIGHT_NAMES.index("w6")]
    only_o1 = steps["w1"]["dE/dz3"] * w6 * h2 * (1 - h2) * i1
    if close_enough(value, expected, rtol=1e-4):
        return Feedback(True, f"dE/dw3 = (dE/dz3 w6 + dE/dz4 w8) h2 (1 - h2) i1 = {expected:.9f}.")
    if close_enough(value, only_o1, rtol=1e-3):
        return Feedback(False, "Only the path through o1 is counted; h2 also feeds o2 (through w8): add that path.")
    if close_enough(value, gradients["w1"], rtol=1e-4):
        return Feedback(False, "That is dE/dw1. w3 reaches the outputs through h2, so use w6, w8 and h2.")
    return Feedback(False, "dE/dh2 sums two paths: dE/dz3 * w6 + dE/dz4 * w8; then multiply by h2 (1 - h2) and i1.")


def cached_floats_exercise() -> int:
    """Floats the network of exercise 3 keeps after a forward pass of a batch (shared arrays once)."""
    net = mlp(list(MEMORY_SIZES), activation="tanh", seed=0)
    net(np.zeros((MEMORY_BATCH, MEMORY_SIZES[0])))
    return activation_bytes(net) // 8


def check_cached_floats(value: int) -> Feedback:
    """Exercise 3: floats stored for the backward pass by a 64-32-16-10 tanh MLP on a batch of 50."""
    expected = cached_floats_exercise()
    per_sample = sum(MEMORY_SIZES[:-1])
    counted_twice = MEMORY_BATCH * (MEMORY_SIZES[0] + 2 * sum(MEMORY_SIZES[1:-1]))
    if close_enough(value, expected, rtol=0):
        return Feedback(
            True, f"{MEMORY_BATCH} samples x ({' + '.join(map(str, MEMORY_SIZES[:-1]))}) = {expected} floats."
        )
    if close_enough(value, per_sample, rtol=0):
        return Feedback(False, "That is per sample: every sample of the batch keeps its own values.")
    if close_enough(value, counted_twice, rtol=0):
        return Feedback(False, "An activation's output IS the next Linear layer's stored input: count it once.")
    if close_enough(value, MEMORY_BATCH * sum(MEMORY_SIZES), rtol=0):
        return Feedback(False, "The last Linear layer's output is not stored by the network (the loss keeps its own).")
    return Feedback(False, "List what each layer keeps: Linear its input, Tanh its output; then multiply by the batch.")


def forward_passes_exercise() -> int:
    """Forward passes of a central-difference gradient of the exercise 4 network: 2 per parameter."""
    return 2 * mlp(list(COST_SIZES), seed=0).summary(COST_SIZES[0]).total_parameters


def check_numerical_forward_passes(value: int) -> Feedback:
    """Exercise 4: forward passes needed by ``numerical_gradient`` over every parameter of a 64-32-10 MLP."""
    expected = forward_passes_exercise()
    n = expected // 2
    if close_enough(value, expected, rtol=0):
        return Feedback(
            True, f"N = {n} parameters, two forward passes each: {expected}. Backprop needs one, plus one backward."
        )
    if close_enough(value, n + 1, rtol=0):
        return Feedback(
            False, "N + 1 is the forward difference of the notes; numerical_gradient uses central differences."
        )
    if close_enough(value, n, rtol=0) or close_enough(value, 2 * (64 * 32 + 32 * 10), rtol=0):
        return Feedback(False, "Count the biases too, (n_in + 1) * n_out per layer, and two passes per parameter.")
    return Feedback(False, "N = (64+1)*32 + (32+1)*10; each parameter is nudged up and down: two passes.")


# ------------------------------------------------------------------ practice page


def _linear_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random ``(x, W, grad_out)``: 2 or more samples, 1 to 3 inputs and outputs, at most 12 entries per array."""
    n_in, n_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    n_samples = int(rng.integers(2, 12 // max(n_in, n_out) + 1))
    x = np.round(rng.normal(size=(n_samples, n_in)), 2) + 0.0  # + 0.0: no -0.0 in the messages
    W = np.round(rng.normal(size=(n_in, n_out)), 2) + 0.0
    return x, W, np.round(rng.normal(size=(n_samples, n_out)), 2) + 0.0


def library_linear_backward(
    x: np.ndarray, W: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(grad_x, grad_W, grad_b)`` by :meth:`mlcourse.nn.Linear.backward`, for a layer holding the weights ``W``.

    The layer runs its forward pass on ``x`` (which stores ``x``), its
    gradients are reset, and its backward pass receives ``grad_out``; the
    bias is left at 0, as the gradients do not depend on it.

    Examples
    --------
    >>> grad_x, grad_W, grad_b = library_linear_backward(np.ones((2, 1)), np.array([[2.0, 3.0]]), np.eye(2))
    >>> grad_x.tolist(), grad_W.tolist(), grad_b.tolist()
    ([[2.0], [3.0]], [[1.0, 1.0]], [1.0, 1.0])
    """
    layer = Linear(W.shape[0], W.shape[1], init="zeros")
    layer.W.data = np.array(W, dtype=float)
    layer(x)
    layer.zero_grad()
    grad_x = layer.backward(grad_out)
    return grad_x, layer.W.grad.copy(), layer.b.grad.copy()


def _bias_gradient_averaged(
    x: np.ndarray, W: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mistake: the bias's gradient averaged over the batch instead of summed."""
    return grad_out @ W.T, x.T @ grad_out, grad_out.mean(axis=0)


_LINEAR_NAMES, _LINEAR_OUTPUTS = ["x", "W", "grad_out"], ["grad_x", "grad_W", "grad_b"]


def check_linear_backward(linear_backward: Any) -> Feedback:
    """Practice: a learner's ``linear_backward(x, W, grad_out) -> (grad_x, grad_W, grad_b)`` against ``Linear``.

    The layer computes ``y = x @ W + b`` for a batch ``x`` of shape
    ``(n_samples, n_in)`` and ``W`` of shape ``(n_in, n_out)``; ``grad_out``
    is ``dL/dy``. The reference is :func:`library_linear_backward`
    (:meth:`mlcourse.nn.Linear.backward`), run on 20 random layers and
    batches, some with a square ``W`` (where a transposed gradient has the
    right shape).

    Examples
    --------
    >>> check_linear_backward(library_linear_backward).correct
    True
    >>> check_linear_backward(_bias_gradient_averaged).message.endswith("it does not average it.")
    True
    """
    hint = (
        "The bias is added to every sample's output, so its gradient sums grad_out over the batch (axis 0); "
        "it does not average it."
    )
    feedback = check_function(
        linear_backward,
        library_linear_backward,
        _linear_problem,
        names=_LINEAR_NAMES,
        outputs=_LINEAR_OUTPUTS,
        success="Your backward pass is Linear.backward's on 20 random layers (1 to 3 inputs and outputs).",
        mistakes=[(_bias_gradient_averaged, hint)],
    )
    if not feedback.correct and "matmul" in feedback.message:
        feedback.message += (
            ". Check the shapes: grad_x has the shape of x, (n_samples, n_in), and grad_W that of W, (n_in, n_out)."
        )
    return feedback


def _network_problem(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Random ``(X, Y, W1, b1, W2, b2)`` of a small sigmoid network, targets in [0, 1], 2 decimals."""
    n_in, n_hidden, n_out = int(rng.integers(1, 4)), int(rng.integers(2, 4)), int(rng.integers(1, 3))
    n_samples = int(rng.integers(2, 5))
    X = np.round(rng.normal(size=(n_samples, n_in)), 2) + 0.0
    Y = np.round(rng.uniform(size=(n_samples, n_out)), 2)
    W1, b1 = (np.round(rng.normal(size=shape), 2) + 0.0 for shape in ((n_in, n_hidden), (n_hidden,)))
    W2, b2 = (np.round(rng.normal(size=shape), 2) + 0.0 for shape in ((n_hidden, n_out), (n_out,)))
    return X, Y, W1, b1, W2, b2


def library_network_gradients(
    X: np.ndarray, Y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(dW1, db1, dW2, db2)`` of the mean squared error of a sigmoid network, by the library's backward pass.

    The network is ``mlp([n_in, n_hidden, n_out], activation="sigmoid",
    output_activation="sigmoid")`` holding the given weights, the loss
    :class:`mlcourse.losses.MSELoss` (the mean over every entry of ``Y``).

    Examples
    --------
    >>> dW1, db1, dW2, db2 = library_network_gradients(
    ...     np.ones((1, 1)), np.ones((1, 1)), np.zeros((1, 2)), np.zeros(2), np.zeros((2, 1)), np.zeros(1)
    ... )
    >>> dW1.tolist(), dW2.tolist(), db2.tolist()  # 2 (0.5 - 1) * 0.5 (1 - 0.5) = -0.25 at the output
    ([[0.0, 0.0]], [[-0.125], [-0.125]], [-0.25])
    """
    model = mlp(
        [W1.shape[0], W1.shape[1], W2.shape[1]], activation="sigmoid", output_activation="sigmoid", init="zeros"
    )
    model.load_state_dict({"0.W": W1, "0.b": b1, "2.W": W2, "2.b": b2})
    loss_fn = MSELoss()
    loss_fn(model(X), Y)
    model.zero_grad()
    model.backward(loss_fn.backward())
    gradients = dict(model.named_parameters())
    return tuple(gradients[key].grad.copy() for key in ("0.W", "0.b", "2.W", "2.b"))  # type: ignore[return-value]


def _no_hidden_derivative(
    X: np.ndarray, Y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The mistake: the gradient is passed down to the first layer without the hidden sigmoid's derivative."""
    H = sigmoid(X @ W1 + b1)
    Y_hat = sigmoid(H @ W2 + b2)
    delta2 = 2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)
    delta1 = delta2 @ W2.T
    return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)


_NETWORK_NAMES = ["X", "Y", "W1", "b1", "W2", "b2"]
_NETWORK_OUTPUTS = ["dW1", "db1", "dW2", "db2"]


def check_network_gradients(network_gradients: Any) -> Feedback:
    """Practice: a learner's ``network_gradients(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)``.

    The network is ``Y_hat = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)``, the
    loss the mean of ``(Y_hat - Y) ** 2`` over every entry. The reference is
    :func:`library_network_gradients` (the layers' backward passes), run on
    20 random networks and batches.

    Examples
    --------
    >>> check_network_gradients(library_network_gradients).correct
    True
    >>> "derivative of the hidden sigmoid" in check_network_gradients(_no_hidden_derivative).message
    True
    """
    hint = (
        "The output layer is right, the first layer not: on its way down, the gradient dL/dH = delta2 @ W2.T must be "
        "multiplied by the derivative of the hidden sigmoid, H * (1 - H), before it reaches W1 and b1."
    )
    return check_function(
        network_gradients,
        library_network_gradients,
        _network_problem,
        names=_NETWORK_NAMES,
        outputs=_NETWORK_OUTPUTS,
        success="Your backpropagation agrees with the library's on 20 random networks and batches.",
        mistakes=[(_no_hidden_derivative, hint)],
    )
