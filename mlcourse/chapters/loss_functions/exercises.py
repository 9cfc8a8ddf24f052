"""Checkers for chapter 7 (loss functions)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.data import one_hot
from mlcourse.losses import cross_entropy, mae, mse, softmax_cross_entropy_grad

__all__ = [
    "CE_PROBABILITIES",
    "CE_LABEL",
    "GRAD_LOGITS",
    "GRAD_LABEL",
    "CONSTANT_TARGETS",
    "check_cross_entropy",
    "softmax_gradient_exercise",
    "check_softmax_gradient",
    "best_constants",
    "check_best_constants",
    "check_softmax_cross_entropy",
    "check_softmax_cross_entropy_grad",
    "CODING_TARGET",
    "CODING_MODEL",
    "check_entropy_terms",
    "check_kl_divergence",
]

#: Exercise 1: predicted probabilities of one sample and its true class.
CE_PROBABILITIES = np.array([0.1, 0.7, 0.2])
CE_LABEL = 1

#: Exercise 2: logits of one sample and its true class.
GRAD_LOGITS = np.array([2.0, 1.0, 0.0])
GRAD_LABEL = 0

#: Exercise 3: five targets for a constant prediction.
CONSTANT_TARGETS = np.array([1.0, 2.0, 3.0, 4.0, 100.0])


def check_cross_entropy(value: float) -> Feedback:
    """Exercise 1: the cross-entropy of ``CE_PROBABILITIES`` for the true class ``CE_LABEL``.

    Examples
    --------
    >>> check_cross_entropy(0.3567).correct
    True
    """
    expected = cross_entropy(CE_PROBABILITIES[None, :], np.array([CE_LABEL]))
    if close_enough(value, expected):
        return Feedback(True, f"-ln 0.7 = {expected:.4f}: only the true class's probability counts.")
    if close_enough(value, -expected):
        return Feedback(False, "The sign: log p is negative for p < 1, and a loss must be positive; write -log p.")
    if close_enough(value, expected / np.log(10)):
        return Feedback(False, "That is log base 10; the cross-entropy uses the natural logarithm.")
    if close_enough(value, float(-np.sum(np.log(CE_PROBABILITIES)))):
        return Feedback(False, "With a one-hot target only the true class's term survives: t_k = 0 for the others.")
    if any(close_enough(value, -np.log(p)) for p in CE_PROBABILITIES):
        return Feedback(False, f"Use the probability of the true class, index {CE_LABEL}.")
    return Feedback(False, "L = -sum_k t_k log p_k with the one-hot target t: that is -log of one number.")


def softmax_gradient_exercise() -> np.ndarray:
    """dL/dz for the softmax cross-entropy of ``GRAD_LOGITS`` with class ``GRAD_LABEL``.

    Examples
    --------
    >>> softmax_gradient_exercise().round(4)
    array([-0.3348,  0.2447,  0.09  ])
    """
    return softmax_cross_entropy_grad(GRAD_LOGITS[None, :], np.array([GRAD_LABEL]))[0]


def check_softmax_gradient(gradient: Any) -> Feedback:
    """Exercise 2: the gradient of softmax + cross-entropy with respect to the logits ``[2, 1, 0]``, class 0.

    Examples
    --------
    >>> check_softmax_gradient([0.3348, -0.2447, -0.0900]).correct  # the sign flipped
    False
    """
    expected = softmax_gradient_exercise()
    target = one_hot(np.array([GRAD_LABEL]), 3)[0]
    probs = expected + target
    if close_enough(gradient, expected, rtol=1e-3, atol=1e-3):
        return Feedback(True, "p - y: the true class's logit is pushed up by 1 - p_0, the others down by their p.")
    if close_enough(gradient, -expected, rtol=1e-3, atol=1e-3):
        return Feedback(False, "The sign is flipped: the gradient is p - y (prediction minus target), not y - p.")
    if close_enough(gradient, probs, rtol=1e-3, atol=1e-3):
        return Feedback(False, "That is the softmax itself; subtract the one-hot target.")
    if close_enough(gradient, -target / probs, rtol=1e-3, atol=1e-3):
        return Feedback(False, "That is dL/dp; the chain rule through the softmax's Jacobian gives dL/dz = p - y.")
    return Feedback(False, "Compute p = softmax([2, 1, 0]) (subtract the max first), then p - one_hot(0).")


def best_constants() -> tuple[float, float]:
    """Exercise 3: the constant predictions that minimise the MSE and the MAE of ``CONSTANT_TARGETS``.

    Examples
    --------
    >>> [round(c, 4) for c in best_constants()]
    [22.0, 3.0]
    """
    best = []
    for loss in (mse, mae):
        centre, step = 50.0, 0.5
        for _ in range(3):  # a coarse grid over the targets' range, then two finer ones around its best point
            grid = centre + step * np.arange(-100, 101)
            centre = float(grid[int(np.argmin([loss(np.full(5, c), CONSTANT_TARGETS) for c in grid]))])
            step /= 100
        best.append(centre)
    return best[0], best[1]


def check_best_constants(mse_constant: float, mae_constant: float) -> Feedback:
    """Exercise 3: the best constant under MSE and under MAE for the targets 1, 2, 3, 4, 100.

    Examples
    --------
    >>> check_best_constants(22, 3).correct
    True
    """
    best_mse, best_mae = best_constants()
    mse_ok = close_enough(mse_constant, best_mse, rtol=1e-3, atol=0.01)
    mae_ok = close_enough(mae_constant, best_mae, rtol=1e-3, atol=0.01)
    if mse_ok and mae_ok:
        return Feedback(
            True, "MSE -> the mean (22), MAE -> the median (3): one outlier moves the mean, not the median."
        )
    if close_enough(mse_constant, best_mae, atol=0.01) and close_enough(mae_constant, best_mse, atol=0.01):
        return Feedback(False, "Swapped: the squared error is minimised by the mean, the absolute error by the median.")
    if not mse_ok:
        return Feedback(False, "Set the derivative of (1/n) sum (c - y_i)^2 to zero and solve for c.")
    return Feedback(False, "The derivative of (1/n) sum |c - y_i| is (#{y_i < c} - #{y_i > c}) / n: where is it 0?")


# Practice page: the learner writes the softmax cross-entropy from logits and its gradient.


def _logit_inputs() -> Any:
    """``make_inputs`` for the softmax cross-entropy: small readable batches first, then logits of size 1000."""
    trials = iter(range(10**6))

    def make_inputs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        trial = next(trials)
        if trial == 1:  # exp(1000) overflows, and the true class's probability, e^-1000, rounds to 0
            return np.array([[1000.0, 0.0, -5.0], [2.0, 1.0, 3.0]]), np.array([1, 0])
        n_samples = int(rng.integers(2, 4)) if trial < 3 else int(rng.integers(2, 7))
        n_classes = 2 if trial == 0 else int(rng.integers(2, 5))
        scale = 1000.0 if trial >= 3 and rng.random() < 0.5 else 2.0
        logits = np.round(rng.normal(scale=scale, size=(n_samples, n_classes)), 2)
        labels = rng.integers(0, n_classes, size=n_samples)
        if trial == 0:
            labels[:2] = [0, 1]  # both classes in the first, readable, batch
        return logits, labels

    return make_inputs


#: What to say when the loss or the gradient is not finite (logits of size 1000).
_OVERFLOW_HINTS = {
    "the loss": " Logits of size 1000 need care: exp(1000) is beyond the largest float, and a probability "
    "below about 1e-308 rounds to 0, whose log is -inf. Subtract each row's largest logit m first and use "
    "log p_y = (z_y - m) - log sum_k exp(z_k - m), without forming p.",
    "the gradient": " Logits of size 1000 need care: exp(1000) is beyond the largest float. Subtract each "
    "row's largest logit before taking exp (it cancels in the softmax); the gradient needs no logarithm.",
}


def _check_from_logits(candidate: Any, reference: Any, output: str, success: str) -> Feedback:
    """``check_function`` on the logits problems, numpy warnings off, with the overflow hint when needed."""

    def quiet(logits: np.ndarray, labels: np.ndarray) -> Any:
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            return candidate(logits, labels)

    def summed(logits: np.ndarray, labels: np.ndarray) -> Any:
        return len(labels) * np.asarray(reference(logits, labels))

    feedback = check_function(
        quiet,
        reference,
        _logit_inputs(),
        names=["logits", "labels"],
        outputs=[output],
        success=success,
        mistakes=[
            (summed, "That is the sum over the batch: the loss is the mean, so divide by the number of samples.")
        ],
    )
    if not feedback.correct and "NaN or inf" in feedback.message:
        feedback.message += _OVERFLOW_HINTS[output]
    return feedback


def check_softmax_cross_entropy(softmax_cross_entropy: Any) -> Feedback:
    """Practice: a learner's ``softmax_cross_entropy(logits, labels) -> float`` against the library's.

    The reference is :func:`mlcourse.losses.softmax_cross_entropy`; among the
    20 random batches are logits of size 1000, on which the formula taken
    literally gives inf or NaN (the message then says why).

    Examples
    --------
    >>> from mlcourse.losses import softmax_cross_entropy
    >>> check_softmax_cross_entropy(softmax_cross_entropy).correct
    True
    >>> def literal(logits, labels):
    ...     p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    ...     return -np.mean(np.log(p[np.arange(len(labels)), labels]))
    >>> print(check_softmax_cross_entropy(literal).message)  # doctest: +ELLIPSIS
    On logits=[[1000.0, 0.0, -5.0], [2.0, 1.0, 3.0]], labels=[1, 0]: the loss holds NaN or inf. Logits of size 1000 ...
    """
    from mlcourse.losses import softmax_cross_entropy as reference

    return _check_from_logits(
        softmax_cross_entropy,
        reference,
        "the loss",
        "Your loss is the library's on 20 random batches, logits of size 1000 included.",
    )


def check_softmax_cross_entropy_grad(softmax_cross_entropy_grad: Any) -> Feedback:
    """Practice: a learner's ``softmax_cross_entropy_grad(logits, labels) -> dL/dlogits`` against the library's.

    The reference is :func:`mlcourse.losses.softmax_cross_entropy_grad`,
    ``(softmax(logits) - one_hot(labels)) / n``, on the same 20 batches as
    :func:`check_softmax_cross_entropy`.

    Examples
    --------
    >>> from mlcourse.losses import softmax_cross_entropy_grad
    >>> check_softmax_cross_entropy_grad(softmax_cross_entropy_grad).correct
    True
    >>> def without_mean(logits, labels):  # p - y, not divided by the number of samples
    ...     return softmax_cross_entropy_grad(logits, labels) * len(labels)
    >>> print(check_softmax_cross_entropy_grad(without_mean).message)  # doctest: +ELLIPSIS
    On logits=...: the gradient is 3 times the right value everywhere: ...
    """
    from mlcourse.losses import softmax_cross_entropy_grad as reference

    return _check_from_logits(
        softmax_cross_entropy_grad,
        reference,
        "the gradient",
        "Your gradient is the library's (softmax - one-hot) / n on 20 random batches, logits of size 1000 included.",
    )


# Section page on entropy and KL divergence.

#: Exercise 1 of the entropy page: a fair coin ``t`` and a model ``p`` that favours heads.
CODING_TARGET = np.array([0.5, 0.5])
CODING_MODEL = np.array([0.8, 0.2])


def check_entropy_terms(entropy_bits: float, cross_entropy_bits: float, kl_bits: float) -> Feedback:
    """Entropy page, exercise 1: ``H(t)``, ``H(t, p)`` and ``KL(t || p)`` in bits for ``CODING_TARGET``, ``CODING_MODEL``.

    Examples
    --------
    >>> check_entropy_terms(1.0, 1.3219, 0.3219).correct
    True
    """
    from mlcourse.chapters.loss_functions.analysis import cross_entropy, entropy, kl_divergence

    t, p = CODING_TARGET, CODING_MODEL
    answers = (entropy_bits, cross_entropy_bits, kl_bits)
    right = (entropy(t, 2), cross_entropy(t, p, 2), kl_divergence(t, p, 2))
    if close_enough(answers, right):
        return Feedback(
            True,
            f"H(t) = {right[0]:.4f}, H(t, p) = {right[1]:.4f} and KL = {right[2]:.4f} bits: "
            "the code built for p wastes a third of a bit per toss of the fair coin.",
        )
    if close_enough(answers, np.array(right) * np.log(2)):
        return Feedback(False, "Those are nats (natural logarithm); bits use log base 2: divide by ln 2.")
    reversed_roles = (entropy(p, 2), cross_entropy(p, t, 2), kl_divergence(p, t, 2))
    if close_enough(answers, reversed_roles):
        return Feedback(
            False, "Roles swapped: t = (0.5, 0.5) is the true distribution, so weight by t_k and take log p_k."
        )
    if not close_enough(cross_entropy_bits, entropy_bits + kl_bits):
        return Feedback(False, "Whatever the numbers, H(t, p) = H(t) + KL(t || p) must hold: check the three together.")
    if not close_enough(entropy_bits, right[0]):
        return Feedback(False, "H(t) = -sum_k t_k log2 t_k: for a fair coin, one bit.")
    return Feedback(False, "H(t, p) = -(0.5 log2 0.8 + 0.5 log2 0.2); then KL = H(t, p) - H(t).")


def _distribution_inputs() -> Any:
    """``make_inputs`` for ``kl_divergence(t, p)``: a readable pair, then ``t`` with zeros, then random pairs."""
    trials = iter(range(10**6))

    def make_inputs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        trial = next(trials)
        if trial == 0:
            return CODING_TARGET.copy(), CODING_MODEL.copy()
        if trial == 1:  # an outcome that never happens: 0 log 0 = 0
            return np.array([0.0, 0.25, 0.75]), np.array([0.2, 0.3, 0.5])
        k = int(rng.integers(2, 6))
        t, p = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        if trial % 3 == 0:  # a one-hot target, as in classification
            t = np.eye(k)[int(rng.integers(k))]
        return t, p

    return make_inputs


def check_kl_divergence(kl_divergence: Any) -> Feedback:
    """Entropy page, exercise 2: a learner's ``kl_divergence(t, p) -> float`` (in nats) against the chapter's.

    Among the 20 pairs are targets with zero entries, where ``0 * log 0``
    taken literally is NaN in numpy.

    Examples
    --------
    >>> from mlcourse.chapters.loss_functions.analysis import kl_divergence
    >>> check_kl_divergence(kl_divergence).correct
    True
    >>> def literal(t, p):
    ...     return float(np.sum(t * np.log(t / p)))
    >>> print(check_kl_divergence(literal).message)  # doctest: +ELLIPSIS
    On t=[0.0, 0.25, 0.75], p=[0.2, 0.3, 0.5]: the result holds NaN or inf. An outcome with t_k = 0 ...
    """
    from mlcourse.chapters.loss_functions.analysis import kl_divergence as reference

    def quiet(t: np.ndarray, p: np.ndarray) -> Any:
        with np.errstate(divide="ignore", invalid="ignore"):
            return kl_divergence(t, p)

    feedback = check_function(
        quiet,
        reference,
        _distribution_inputs(),
        names=["t", "p"],
        success="Your KL divergence is the chapter's on 20 pairs, targets with zeros included.",
        mistakes=[
            (lambda t, p: reference(t, p, base=2), "That is in bits: the losses use the natural logarithm (nats).")
        ],
    )
    if feedback.correct:
        return feedback
    try:  # the arguments swapped? (on a pair without zeros: KL(p || t) is infinite where t has one)
        swapped = close_enough(quiet(CODING_TARGET.copy(), CODING_MODEL.copy()), reference(CODING_MODEL, CODING_TARGET))
    except Exception:  # the learner's code: the message above already says what it raised
        swapped = False
    if swapped:
        feedback.message += " That is KL(p || t): the average is over the true distribution t, so weight by t_k and take log(t_k / p_k)."
    if "NaN or inf" in feedback.message:
        feedback.message += (
            " An outcome with t_k = 0 adds nothing (the limit of q log q as q -> 0 is 0), but numpy computes"
            " 0 * log 0 as 0 * -inf = nan: add only the terms where t > 0."
        )
    return feedback
