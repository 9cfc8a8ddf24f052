"""Checkers for chapter 8 (backpropagation).

The right answers are computed, never typed in: gradients of the 2-2-2 worked
example by the layers' own backward passes
(:func:`mlcourse.chapters.backpropagation.analysis.worked_example_network`),
stored floats by :func:`mlcourse.chapters.backpropagation.analysis.activation_bytes`,
parameter counts by ``Sequential.summary``.
"""

from __future__ import annotations

import numpy as np

from mlcourse.chapters._book import Feedback, close_enough
from mlcourse.chapters.backpropagation.analysis import (
    MAZUR_INPUTS,
    MAZUR_WEIGHTS,
    WEIGHT_NAMES,
    activation_bytes,
    worked_example_by_hand,
    worked_example_network,
)
from mlcourse.nn import mlp

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
