"""Checkers for chapter 10 (overfitting and regularization).

The practice page's functions are run against the library: the L1/L2
penalty against :func:`mlcourse.train.add_penalty_gradients`, inverted
dropout against :class:`mlcourse.nn.Dropout` holding the given mask.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.regularization.analysis import ProximalSGD, chapter_digits
from mlcourse.nn import Dropout, Parameter, Sequential, mlp
from mlcourse.optim import SGD
from mlcourse.train import add_penalty_gradients

#: The weights and the (zero) data gradient of the soft-thresholding exercise.
THRESHOLD_WEIGHTS = np.array([0.8, -0.05, 0.02, -0.6])
THRESHOLD_LR, THRESHOLD_L1 = 0.1, 1.0


def notes_keras_model() -> Sequential:
    """The notes' Keras model: 10000 -> 256 -> 128 -> 46, ReLU, dropout 0.5 after both hidden layers, softmax.

    Only its parameter count is used: the weights are zeros.
    """
    return mlp([10000, 256, 128, 46], activation="relu", init="zeros", dropout=0.5, output_activation="softmax")


def check_keras_parameter_count(count: int) -> Feedback:
    """Exercise: the number of trainable parameters of the notes' Keras model."""
    expected = notes_keras_model().summary(10000).total_parameters
    no_bias = 10000 * 256 + 256 * 128 + 128 * 46
    if count == expected:
        return Feedback(True, f"{expected:,} parameters; dropout layers have none, and 98.5% sit in the first layer.")
    if count == no_bias:
        return Feedback(False, "Each Dense layer also has one bias per output unit: (n_in + 1) * n_out.")
    if count in (expected + 256 + 128, expected + 2 * (256 + 128)):
        return Feedback(False, "Dropout has no parameters: it only multiplies by a random 0/1 mask.")
    return Feedback(False, "Add (n_in + 1) * n_out over the three Dense layers: 10000->256, 256->128, 128->46.")


def l2_halving_steps(lr: float = 0.1, l2: float = 0.01) -> int:
    """Steps of weight decay after which a weight with no data gradient has halved (simulated)."""
    weight = Parameter(np.array([1.0]), "W")
    optimizer = SGD([weight], lr=lr, weight_decay=l2)
    steps = 0
    while weight.data[0] > 0.5:
        optimizer.zero_grad()
        weight.grad[...] = 0.0
        optimizer.step()
        steps += 1
    return steps


def l1_steps_to_zero(start: float = 0.5, lr: float = 0.1, l1: float = 0.01) -> int:
    """Proximal L1 steps after which a weight with no data gradient is exactly 0 (simulated)."""
    weight = Parameter(np.array([start]), "W")
    optimizer = ProximalSGD([weight], lr=lr, l1=l1)
    steps = 0
    while weight.data[0] != 0.0:
        optimizer.zero_grad()
        weight.grad[...] = 0.0
        optimizer.step()
        steps += 1
    return steps


def check_penalty_steps(l2_halving: int, l1_to_zero: int) -> Feedback:
    """Exercise: with lr 0.1 and lambda 0.01, a weight the data ignores under L2 and under L1."""
    expected_l2, expected_l1 = l2_halving_steps(), l1_steps_to_zero()
    right_l2, right_l1 = l2_halving == expected_l2, l1_to_zero == expected_l1
    if right_l2 and right_l1:
        return Feedback(
            True,
            f"L2 halves it every {expected_l2} steps and never reaches 0; "
            f"L1 removes it completely after {expected_l1} steps.",
        )
    if (l2_halving, l1_to_zero) == (expected_l1, expected_l2):
        return Feedback(False, "The two answers are swapped: L2 shrinks by a factor, L1 by a fixed amount.")
    hints = []
    if not right_l2:
        hints.append(
            "L2: each step multiplies w by (1 - lr*lambda) = 0.999; solve 0.999**n <= 0.5 for the smallest whole n."
        )
    if not right_l1:
        hints.append("L1 (proximal): each step subtracts lr*lambda = 0.001 from |w| and stops at 0.")
    return Feedback(False, " ".join(hints))


def check_threshold_step(proximal: Any, subgradient: Any) -> Feedback:
    """Exercise: one step on ``THRESHOLD_WEIGHTS`` (zero data gradient, lr 0.1, l1 1), both ways."""
    weight = Parameter(THRESHOLD_WEIGHTS.copy(), "W")
    prox = ProximalSGD([weight], lr=THRESHOLD_LR, l1=THRESHOLD_L1)
    weight.grad[...] = 0.0
    prox.step()
    expected_prox = weight.data.copy()
    weight = Parameter(THRESHOLD_WEIGHTS.copy(), "W")
    weight.grad[...] = THRESHOLD_L1 * np.sign(weight.data)  # the subgradient fit(l1=...) adds
    SGD([weight], lr=THRESHOLD_LR).step()
    expected_sub = weight.data.copy()
    right_prox = close_enough(proximal, expected_prox, atol=1e-9)
    right_sub = close_enough(subgradient, expected_sub, atol=1e-9)
    if right_prox and right_sub:
        return Feedback(
            True,
            "The proximal step lands the two small weights exactly on 0; "
            "the subgradient step throws them across 0 instead.",
        )
    if close_enough(proximal, expected_sub, atol=1e-9):
        return Feedback(
            False,
            "That is the subgradient step for both: the proximal step stops at 0 "
            "when |w| < lr*lambda instead of crossing it.",
        )
    if not right_prox:
        return Feedback(False, "Proximal: w <- sign(w) * max(|w| - lr*lambda, 0) with lr*lambda = 0.1.")
    return Feedback(False, "Subgradient: w <- w - lr*lambda*sign(w), which overshoots 0 for |w| < 0.1.")


def subnetwork_count_log10(hidden_units: tuple[int, ...] = (256, 128)) -> float:
    """log10 of the number of thinned networks when each hidden unit may be dropped (2 ** units)."""
    return sum(hidden_units) * math.log10(2)


def check_subnetwork_count(log10_count: float) -> Feedback:
    """Exercise: how many different thinned networks dropout samples from in 64 -> 256 -> 128 -> 10."""
    expected = subnetwork_count_log10()
    if close_enough(log10_count, expected, rtol=1e-3):
        return Feedback(
            True,
            f"2**384 = 10**{expected:.1f} sub-networks, all sharing one set of weights; "
            "training visits a tiny fraction of them.",
        )
    if close_enough(log10_count, subnetwork_count_log10((64, 256, 128)), rtol=1e-3):
        return Feedback(False, "Dropout here acts on the two hidden layers only, not on the 64 inputs.")
    if close_enough(log10_count, math.log10(256 * 128), rtol=1e-3) or close_enough(
        log10_count, math.log10(384), rtol=1e-3
    ):
        return Feedback(
            False,
            "Each unit is independently kept or dropped: the count is 2 to the power "
            "of the number of units, not a product of layer sizes.",
        )
    return Feedback(
        False, "Each of the 256 + 128 hidden units is kept or dropped: 2**384 masks. Give log10 of that number."
    )


def dead_pixel_shrinkage(epochs: int = 30, batch_size: int = 32, lr: float = 0.1, l1: float = 0.001) -> float:
    """Total soft-thresholding applied to a weight with no data gradient: steps * lr * l1."""
    n_train = len(chapter_digits()[0])
    steps = math.ceil(n_train / batch_size) * epochs
    return steps * lr * l1


def check_total_shrinkage(value: float) -> Feedback:
    """Exercise: how far the proximal L1 run moved the weights of the always-zero pixels towards 0."""
    expected = dead_pixel_shrinkage()
    n_train = len(chapter_digits()[0])
    if close_enough(value, expected, rtol=1e-6):
        return Feedback(
            True,
            f"{math.ceil(n_train / 32) * 30} steps of 0.0001: every weight of those pixels "
            f"is soft_threshold(initial, {expected:.3g}); those that started above "
            f"{expected:.3g} in size survive.",
        )
    if close_enough(value, 30 * 0.1 * 0.001, rtol=1e-6):
        return Feedback(
            False, "The threshold is applied at every update, i.e. once per mini-batch, not once per epoch."
        )
    if close_enough(value, n_train / 32 * 30 * 0.1 * 0.001, rtol=1e-6):
        return Feedback(
            False,
            "The last, smaller batch of each epoch is an update too: count whole batches (ceil(n / 32) per epoch).",
        )
    return Feedback(False, "Count the updates (batches per epoch times epochs); each subtracts lr * lambda from |w|.")


# ------------------------------------------------------------------ practice page


def _penalty_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Random ``(W, grad_W, l1, l2)``: a small weight matrix with some weights exactly 0, L1 or L2 or both."""
    shape = [(2, 2), (2, 3), (3, 2), (3, 4)][int(rng.integers(4))]
    W = np.round(rng.normal(size=shape), 2) * (rng.random(shape) > 0.2) + 0.0  # + 0.0: no -0.0 in the messages
    grad_W = np.round(rng.normal(size=shape), 2) + 0.0
    l1, l2 = float(rng.choice([0.0, 0.1, 0.5])), float(rng.choice([0.0, 0.1, 1.0]))
    return W, grad_W, l1, (l2 if l1 or l2 else 0.1)  # never both 0


def library_add_penalty(W: np.ndarray, grad_W: np.ndarray, l1: float, l2: float) -> tuple[float, np.ndarray]:
    """The penalty and the penalized gradient by :func:`mlcourse.train.add_penalty_gradients`.

    A parameter holding ``W`` with the gradient ``grad_W`` is passed to the
    library's function, which adds ``l1 * sign(W) + l2 * W`` to the gradient
    and returns ``l1 * sum(|W|) + (l2 / 2) * sum(W**2)``.

    Examples
    --------
    >>> penalty, grad = library_add_penalty(np.array([[2.0, 0.0]]), np.array([[1.0, 1.0]]), 0.5, 0.1)
    >>> round(penalty, 6), grad.tolist()  # 0.5 * 2 + 0.05 * 4; 1 + 0.5 * sign(w) + 0.1 * w
    (1.2, [[1.7, 1.0]])
    """
    weight = Parameter(np.array(W, dtype=float), "W")
    weight.grad = np.array(grad_W, dtype=float)
    penalty = add_penalty_gradients([weight], l1=l1, l2=l2)
    return penalty, weight.grad.copy()


def _l2_without_half(W: np.ndarray, grad_W: np.ndarray, l1: float, l2: float) -> tuple[float, np.ndarray]:
    """The mistake: the L2 term ``l2 * sum(W**2)``, whose gradient is ``2 * l2 * W``."""
    return l1 * np.abs(W).sum() + l2 * (W**2).sum(), grad_W + l1 * np.sign(W) + 2 * l2 * W


def _value_without_half(W: np.ndarray, grad_W: np.ndarray, l1: float, l2: float) -> tuple[float, np.ndarray]:
    """The mistake: the L2 term ``l2 * sum(W**2)`` with the gradient ``l2 * W`` of ``(l2 / 2) * sum(W**2)``."""
    return l1 * np.abs(W).sum() + l2 * (W**2).sum(), grad_W + l1 * np.sign(W) + l2 * W


def _penalty_gradient_only(W: np.ndarray, grad_W: np.ndarray, l1: float, l2: float) -> tuple[float, np.ndarray]:
    """The mistake: the penalty's gradient alone, without the data loss's ``grad_W``."""
    return l1 * np.abs(W).sum() + l2 / 2 * (W**2).sum(), l1 * np.sign(W) + l2 * W


def _sign_one_at_zero(W: np.ndarray, grad_W: np.ndarray, l1: float, l2: float) -> tuple[float, np.ndarray]:
    """The mistake: a sign of +1 at ``w = 0``."""
    return l1 * np.abs(W).sum() + l2 / 2 * (W**2).sum(), grad_W + l1 * np.where(W >= 0, 1.0, -1.0) + l2 * W


_SIGN_HINT = (
    "At w = 0 the L1 term has a corner, and the library takes the gradient np.sign(0) = 0 there: use np.sign(W)."
)
_PENALTY_NAMES, _PENALTY_OUTPUTS = ["W", "grad_W", "l1", "l2"], ["the penalty", "the gradient"]


def check_add_penalty(add_penalty: Any) -> Feedback:
    """Practice: a learner's ``add_penalty(W, grad_W, l1, l2) -> (penalty, grad)``.

    ``penalty = l1 * sum(|W|) + (l2 / 2) * sum(W**2)`` and ``grad = grad_W +
    l1 * sign(W) + l2 * W`` (``sign(0) = 0``), as new values. The reference is
    :func:`library_add_penalty` (:func:`mlcourse.train.add_penalty_gradients`),
    run on 20 random weight matrices, some weights exactly 0.

    Examples
    --------
    >>> check_add_penalty(library_add_penalty).correct
    True
    >>> "without a 2" in check_add_penalty(_l2_without_half).message
    True
    """
    half_hint = "The L2 term is (l2 / 2) * sum(W**2): the 1/2 is there so that its gradient is l2 * W, without a 2."
    mistakes = [
        (_l2_without_half, half_hint),
        (_value_without_half, half_hint),
        (
            _penalty_gradient_only,
            "The penalty's gradient is added to grad_W, the gradient of the data loss: return their sum.",
        ),
        (_sign_one_at_zero, _SIGN_HINT),
    ]
    feedback = check_function(
        add_penalty,
        library_add_penalty,
        _penalty_problem,
        names=_PENALTY_NAMES,
        outputs=_PENALTY_OUTPUTS,
        success="Your penalty and gradient are add_penalty_gradients' on 20 random weight matrices.",
        mistakes=mistakes,
    )
    if not feedback.correct and "NaN" in feedback.message:
        feedback.message += " " + _SIGN_HINT
    return feedback


def _dropout_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(h, keep_mask, p, training, grad_out)``: a batch of at most 12 activations, training 3 times in 4.

    The mask is drawn as :class:`mlcourse.nn.Dropout` draws it, each unit
    kept with probability ``1 - p``.
    """
    shape = (int(rng.integers(1, 4)), int(rng.integers(2, 5)))
    p = float(rng.choice([0.2, 0.25, 0.5, 0.6]))
    h = np.round(rng.normal(size=shape), 2) + 0.0
    keep_mask = rng.random(shape) >= p
    training = bool(rng.random() < 0.75)
    return h, keep_mask, p, training, np.round(rng.normal(size=shape), 2) + 0.0


def library_dropout(
    h: np.ndarray, keep_mask: np.ndarray, p: float, training: bool, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(out, grad_h)``: the forward and backward pass of :class:`mlcourse.nn.Dropout` with the mask ``keep_mask``.

    The layer's mask is set and frozen (``freeze_mask``), so that its forward
    pass uses it instead of drawing one; ``training`` sets its mode.

    Examples
    --------
    >>> out, grad_h = library_dropout(np.ones((1, 4)), np.array([[True, False, True, True]]), 0.25, True, np.ones((1, 4)))
    >>> out.round(6).tolist(), grad_h.round(6).tolist()
    ([[1.333333, 0.0, 1.333333, 1.333333]], [[1.333333, 0.0, 1.333333, 1.333333]])
    """
    layer = Dropout(p).train(training)
    layer.mask, layer.freeze_mask = np.array(keep_mask, dtype=bool), True
    out = layer(h)
    return out, layer.backward(grad_out)


def _dropout_mistake(
    *,
    factor: Callable[[float], float] = lambda p: 1 / (1 - p),
    always: bool = False,
    backward_mask: bool = True,
    inverted: bool = False,
) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """A mistaken dropout: another scale ``factor(p)``, applied in evaluation mode too, no mask in the backward
    pass, or the units of the mask dropped instead of kept."""

    def dropout(
        h: np.ndarray, keep_mask: np.ndarray, p: float, training: bool, grad_out: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        if not (training or always):
            return h, grad_out
        if inverted:
            keep_mask = ~keep_mask
        return h * keep_mask * factor(p), grad_out * (keep_mask if backward_mask else 1) * factor(p)

    return dropout


_DROPOUT_NAMES = ["h", "keep_mask", "p", "training", "grad_out"]
_DROPOUT_OUTPUTS = ["out", "grad_h"]


def check_dropout(dropout: Any) -> Feedback:
    """Practice: a learner's ``dropout(h, keep_mask, p, training, grad_out) -> (out, grad_h)``.

    Inverted dropout with a given mask: in training ``out = h * keep_mask /
    (1 - p)`` and ``grad_h = grad_out * keep_mask / (1 - p)``; in evaluation
    ``out = h`` and ``grad_h = grad_out``. The reference is
    :func:`library_dropout` (:class:`mlcourse.nn.Dropout` with the mask
    frozen), run on 20 random batches, masks and rates, both modes.

    Examples
    --------
    >>> check_dropout(library_dropout).correct
    True
    >>> "in evaluation mode" in check_dropout(_dropout_mistake(always=True)).message
    True
    """
    mistakes = [
        (
            _dropout_mistake(factor=lambda p: 1.0),
            "Inverted dropout divides the kept units by 1 - p, the probability of keeping one, so that the expected "
            "output is h.",
        ),
        (_dropout_mistake(factor=lambda p: 1 / p), "Divide by 1 - p, the probability of keeping a unit, not by p."),
        (
            _dropout_mistake(always=True),
            "The layer does nothing in evaluation mode (training=False): return h and grad_out as they are.",
        ),
        (
            _dropout_mistake(backward_mask=False),
            "The backward pass multiplies by the same mask and factor as the forward pass: a dropped unit passes no "
            "gradient back.",
        ),
        (
            _dropout_mistake(inverted=True),
            "keep_mask is True for the units kept: your function drops those and keeps the others.",
        ),
    ]
    return check_function(
        dropout,
        library_dropout,
        _dropout_problem,
        names=_DROPOUT_NAMES,
        outputs=_DROPOUT_OUTPUTS,
        success="Your dropout is the library's on 20 random batches and masks, in both modes.",
        mistakes=mistakes,
    )
