"""Checkers for chapter 11 (vanishing and exploding gradients)."""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from mlcourse.activations import sigmoid_derivative
from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.nn import BatchNorm1d, Linear, Parameter, Sequential, fold_batchnorm
from mlcourse.optim import clip_grad_norm, clip_grad_value

#: The gradient and threshold of the clipping exercise.
CLIP_GRADIENT, CLIP_THRESHOLD = np.array([3.0, 4.0]), 1.0
#: The 1 -> 1 layer and batch-norm statistics of the folding exercise.
FOLD_W, FOLD_B, FOLD_MEAN, FOLD_VAR, FOLD_GAMMA, FOLD_BETA = 2.0, 1.0, 3.0, 4.0, 0.5, 0.1


def sigmoid_chain_bound(depth: int) -> float:
    """Largest possible product of ``depth`` sigmoid derivatives: ``sigmoid'(0) ** depth``."""
    return float(sigmoid_derivative(0.0)) ** depth


def check_sigmoid_bound(product: float, depth: int = 10) -> Feedback:
    """Exercise: the largest value of a product of ``depth`` sigmoid derivatives."""
    expected = sigmoid_chain_bound(depth)
    if close_enough(product, expected, rtol=1e-3, atol=0):
        return Feedback(
            True,
            f"0.25**{depth} = {expected:.3g}: even in the best case the factor from the "
            "activations alone is about a millionth.",
        )
    if close_enough(product, 0.5**depth, rtol=1e-3, atol=0):
        return Feedback(False, "0.5 is the largest value of sigmoid itself; its DERIVATIVE s(1 - s) peaks at 1/4.")
    if close_enough(product, 0.25 * depth, rtol=1e-3, atol=0):
        return Feedback(False, "The chain rule multiplies the derivatives of the layers; it does not add them.")
    return Feedback(False, "sigmoid'(x) = s(x)(1 - s(x)) is largest at x = 0, where s = 1/2; multiply it depth times.")


def init_stds(n_in: int, n_out: int) -> tuple[float, float]:
    """Standard deviations of Xavier-normal and He-normal weights for a layer ``n_in -> n_out``.

    The formulas of :mod:`mlcourse.init` (the tests compare them with the
    spread of actual draws of :func:`~mlcourse.init.xavier_normal` and
    :func:`~mlcourse.init.he_normal`).
    """
    return float(np.sqrt(2.0 / (n_in + n_out))), float(np.sqrt(2.0 / n_in))


def check_init_stds(xavier_std: float, he_std: float, n_in: int = 256, n_out: int = 128) -> Feedback:
    """Exercise: the standard deviations of Xavier-normal and He-normal weights for ``n_in -> n_out``."""
    xavier, he = init_stds(n_in, n_out)
    right_x = close_enough(xavier_std, xavier, rtol=1e-3)
    right_h = close_enough(he_std, he, rtol=1e-3)
    if right_x and right_h:
        return Feedback(
            True,
            f"Xavier {xavier:.4f} (variance 2/(n_in+n_out)), He {he:.4f} (variance 2/n_in): "
            "He is larger to make up for ReLU zeroing half of its inputs.",
        )
    if close_enough(xavier_std, xavier**2, rtol=1e-3) or close_enough(he_std, he**2, rtol=1e-3):
        return Feedback(False, "Those are variances; the standard deviation is their square root.")
    if close_enough(xavier_std, math.sqrt(6.0 / (n_in + n_out)), rtol=1e-3):
        return Feedback(
            False,
            "sqrt(6/(n_in+n_out)) is the LIMIT a of the uniform version U(-a, a); "
            "the normal version has std sqrt(2/(n_in+n_out)).",
        )
    if close_enough(xavier_std, he, rtol=1e-3) and close_enough(he_std, xavier, rtol=1e-3):
        return Feedback(False, "Swapped: He uses the fan-in only, 2/n_in; Xavier averages fan-in and fan-out.")
    return Feedback(False, "Xavier: variance 2/(n_in + n_out); He: variance 2/n_in. Give standard deviations.")


def clipped_gradients() -> tuple[np.ndarray, np.ndarray]:
    """``CLIP_GRADIENT`` clipped at ``CLIP_THRESHOLD`` by norm and by value (with mlcourse.optim)."""
    by_norm = Parameter(np.zeros(2))
    by_norm.grad[...] = CLIP_GRADIENT
    clip_grad_norm([by_norm], CLIP_THRESHOLD)
    by_value = Parameter(np.zeros(2))
    by_value.grad[...] = CLIP_GRADIENT
    clip_grad_value([by_value], CLIP_THRESHOLD)
    return by_norm.grad.copy(), by_value.grad.copy()


def check_clipping(by_norm: Any, by_value: Any) -> Feedback:
    """Exercise: clip the gradient (3, 4) at 1 by norm and by value."""
    expected_norm, expected_value = clipped_gradients()
    right_n = close_enough(by_norm, expected_norm, rtol=1e-4, atol=1e-6)
    right_v = close_enough(by_value, expected_value, rtol=1e-4, atol=1e-6)
    if right_n and right_v:
        angle = math.degrees(math.atan2(4, 3) - math.atan2(1, 1))
        return Feedback(
            True,
            f"By norm keeps the direction (0.6, 0.8); by value turns it by {angle:.1f} degrees "
            "towards the diagonal, and its length is sqrt(2), above the threshold.",
        )
    if close_enough(by_norm, expected_value, atol=1e-6) and close_enough(by_value, expected_norm, atol=1e-6):
        return Feedback(False, "Swapped: by norm rescales the whole vector, by value cuts each component.")
    if not right_n:
        return Feedback(False, "By norm: the length is 5, so multiply the vector by 1/5.")
    return Feedback(False, "By value: clip each component to [-1, 1] separately.")


def folded_parameters() -> tuple[float, float]:
    """The exercise's Linear(1, 1) + BatchNorm1d(1) folded into one Linear, by mlcourse.nn."""
    linear = Linear(1, 1, init="zeros")
    linear.W.data[...] = FOLD_W
    linear.b.data[...] = FOLD_B
    norm = BatchNorm1d(1)
    norm.running_mean[...] = FOLD_MEAN
    norm.running_var[...] = FOLD_VAR
    norm.gamma.data[...] = FOLD_GAMMA
    norm.beta.data[...] = FOLD_BETA
    folded = fold_batchnorm(Sequential(linear, norm))[0]
    return float(folded.W.data[0, 0]), float(folded.b.data[0])


def check_folding(weight: float, bias: float) -> Feedback:
    """Exercise: fold ``y = 2x + 1`` followed by batch norm (mean 3, var 4, gamma 0.5, beta 0.1) into one line."""
    expected_w, expected_b = folded_parameters()
    if close_enough([weight, bias], [expected_w, expected_b], rtol=1e-4, atol=1e-5):
        return Feedback(
            True,
            "The folded layer computes 0.5 x - 0.4: the same as the two layers in "
            "evaluation mode, for one multiplication and one addition.",
        )
    scale = FOLD_GAMMA / math.sqrt(FOLD_VAR)
    if close_enough([weight, bias], [FOLD_W * scale, FOLD_B * scale + FOLD_BETA], rtol=1e-4, atol=1e-5):
        return Feedback(
            False,
            "The running mean is subtracted from the layer's output before scaling: "
            "b' = (b - mean) * gamma / sqrt(var) + beta.",
        )
    if close_enough(weight, FOLD_W * FOLD_GAMMA / FOLD_VAR, rtol=1e-4):
        return Feedback(False, "Divide by the standard deviation sqrt(var) = 2, not by the variance.")
    return Feedback(False, "With s = gamma / sqrt(var + eps): W' = W * s and b' = (b - mean) * s + beta.")


# --- Practice page: the learner writes gradient clipping by the global norm and batch normalization ---


class _BadOutput(Exception):
    """Raised by the wrappers below when the learner's function returns the wrong structure."""


def _without_raise_note(feedback: Feedback) -> Feedback:
    """Turn "your function raised _BadOutput: <what>" into "<what>": a wrong structure, not a crash."""
    return Feedback(feedback.correct, feedback.message.replace("your function raised _BadOutput: ", ""))


def _with_hint(
    feedback: Feedback,
    candidate: Callable[..., Any],
    mistakes: Sequence[tuple[Callable[..., Any], str]],
    make_inputs: Callable[[np.random.Generator], tuple[Any, ...]],
    names: Sequence[str],
    outputs: Sequence[str],
) -> Feedback:
    """``feedback``, with a hint added when the refused ``candidate`` is a known mistake on every input."""
    if feedback.correct:
        return feedback
    for mistake, hint in mistakes:
        if check_function(candidate, mistake, make_inputs, names=names, outputs=outputs, rtol=1e-5).correct:
            return Feedback(False, f"{feedback.message} {hint}")
    return feedback


def _clip_problem(rng: np.random.Generator) -> tuple[Any, ...]:
    """Random ``(max_norm, g_1, ..., g_k)``: 1 to 3 small gradient arrays, about half of them to be clipped."""
    shapes = [(2, 3), (3,), (2, 2), (2,), (1, 3), (4,)]
    picked = rng.choice(len(shapes), size=int(rng.integers(1, 4)), replace=False)
    scale = float(rng.choice([0.2, 0.5, 1.0, 3.0]))
    grads = []
    for index in picked:
        grad = np.round(scale * rng.normal(size=shapes[index]), 2) + 0.0  # + 0.0: no -0.0 in the messages
        grad.flat[0] = grad.flat[0] or 0.5  # never an all-zero gradient
        grads.append(grad)
    return (float(rng.choice([0.5, 1.0, 2.0, 5.0])), *grads)


def library_clip_by_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """``(clipped, total_norm)`` by :func:`mlcourse.optim.clip_grad_norm` on Parameters holding copies of ``grads``."""
    params = []
    for grad in grads:
        param = Parameter(np.zeros(np.shape(grad)))
        param.grad[...] = grad
        params.append(param)
    total = clip_grad_norm(params, max_norm)
    return [param.grad.copy() for param in params], total


def _clip_outputs(function: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    """``function(grads, max_norm) -> (clipped, total)`` as ``(max_norm, *grads) -> (total, *clipped)``.

    The flat form lets :func:`check_function` compare (and show) every array
    on its own; a wrong structure raises :class:`_BadOutput` with what is wrong.
    """

    def flat(max_norm: float, *grads: np.ndarray) -> tuple[Any, ...]:
        result = function(list(grads), max_norm)
        if not isinstance(result, tuple) or len(result) != 2:
            raise _BadOutput(
                f"your function returns {type(result).__name__}; return the pair (clipped, total_norm), "
                "e.g. `return clipped, total_norm`."
            )
        clipped, total = result
        if not isinstance(clipped, (list, tuple)) or len(clipped) != len(grads):
            count = f"{len(clipped)} item(s)" if isinstance(clipped, (list, tuple)) else type(clipped).__name__
            raise _BadOutput(
                f"clipped is {count}; it must be a list of {len(grads)} array(s), one per gradient, in order."
            )
        return (total, *clipped)

    return flat


def _per_array_clip(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """The mistake: each array clipped by its own norm."""
    clipped = [library_clip_by_norm([grad], max_norm)[0][0] for grad in grads]
    return clipped, library_clip_by_norm(grads, max_norm)[1]


def _always_rescaled(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """The mistake: every gradient rescaled to length max_norm, short ones stretched too."""
    total = float(np.sqrt(sum(np.sum(grad**2) for grad in grads)))
    return [grad * (max_norm / total) for grad in grads], total


def _norm_after(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """The mistake: the norm returned is the one after clipping."""
    clipped, _ = library_clip_by_norm(grads, max_norm)
    return clipped, float(np.sqrt(sum(np.sum(grad**2) for grad in clipped)))


def _squared_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """The mistake: the sum of squares used as the norm (no square root)."""
    total = float(sum(np.sum(grad**2) for grad in grads))
    return [grad * min(1.0, max_norm / total) for grad in grads], total


def _clipped_by_value(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """The mistake: every component cut to [-max_norm, max_norm] (clipping by value)."""
    return [np.clip(grad, -max_norm, max_norm) for grad in grads], library_clip_by_norm(grads, max_norm)[1]


def check_clip_by_norm(clip_by_norm: Any) -> Feedback:
    """Practice: a learner's ``clip_by_norm(grads, max_norm) -> (clipped, total_norm)`` against the library's.

    ``grads`` is a list of arrays; ``clipped`` a new list of arrays of the
    same shapes, rescaled together when their global norm exceeds
    ``max_norm``; ``total_norm`` the global norm before clipping. The
    reference is :func:`mlcourse.optim.clip_grad_norm` on Parameters holding
    the gradients (:func:`library_clip_by_norm`). 20 random problems with 1
    to 3 arrays, about half of them above the threshold; a changed input
    array, a wrong structure, per-array clipping, stretching short gradients,
    the norm after clipping, and clipping by value are named. The
    tolerance (relative 1e-5) absorbs the ``1e-6`` that the library adds to
    the norm before dividing.

    Examples
    --------
    >>> check_clip_by_norm(library_clip_by_norm).correct
    True
    >>> check_clip_by_norm(_per_array_clip).message.endswith("(as if they were one long vector).")
    True
    """
    names = ["max_norm", "grads[0]", "grads[1]", "grads[2]"]
    outputs = ["total_norm", "clipped[0]", "clipped[1]", "clipped[2]"]
    candidate, reference = _clip_outputs(clip_by_norm), _clip_outputs(library_clip_by_norm)
    feedback = check_function(
        candidate,
        reference,
        _clip_problem,
        names=names,
        outputs=outputs,
        rtol=1e-5,
        success="Your clipping is the library's on 20 random sets of 1 to 3 gradients, clipped or left alone.",
    )
    mistakes = [
        (
            _clip_outputs(_per_array_clip),
            "You clipped each array by its own norm: the norm is global, over all the arrays at once "
            "(as if they were one long vector).",
        ),
        (
            _clip_outputs(_always_rescaled),
            "You also stretched gradients shorter than max_norm: rescale only when total_norm > max_norm.",
        ),
        (_clip_outputs(_norm_after), "total_norm is the norm BEFORE clipping (what clip_grad_norm returns)."),
        (
            _clip_outputs(_squared_norm),
            "That is the sum of the squares; the norm is its square root.",
        ),
        (
            _clip_outputs(_clipped_by_value),
            "That is clipping by value (each component cut to [-max_norm, max_norm]); by norm, the whole "
            "gradient is multiplied by one factor max_norm / total_norm.",
        ),
    ]
    return _without_raise_note(_with_hint(feedback, candidate, mistakes, _clip_problem, names, outputs))


def _batch_norm_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Random ``(z, gamma, beta, eps)``: a batch of 2 to 4 samples of 1 to 3 units, at most 12 entries."""
    n_units = int(rng.integers(1, 4))
    n_samples = int(rng.integers(2, 12 // n_units + 1))
    z = np.round(rng.normal(1.0, 2.0, size=(n_samples, n_units)), 2) + 0.0
    gamma = np.round(rng.uniform(0.5, 2.0, size=n_units), 2)
    beta = np.round(rng.normal(size=n_units), 2) + 0.0
    return z, gamma, beta, float(rng.choice([1e-5, 0.01, 0.1, 1.0]))


def library_batch_norm(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """The training-mode output of :class:`mlcourse.nn.BatchNorm1d` with this ``gamma``, ``beta`` and ``eps``."""
    layer = BatchNorm1d(z.shape[1], eps=eps)
    layer.gamma.data[...] = gamma
    layer.beta.data[...] = beta
    return layer(z)


def _unbiased_batch_norm(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """The mistake: the batch variance divided by n - 1."""
    return gamma * (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0, ddof=1) + eps) + beta


def _eps_outside(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """The mistake: eps added to the standard deviation instead of the variance."""
    return gamma * (z - z.mean(axis=0)) / (z.std(axis=0) + eps) + beta


def _per_sample_batch_norm(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """The mistake: the statistics of each sample (a row) instead of each unit (a column)."""
    mean, var = z.mean(axis=1, keepdims=True), z.var(axis=1, keepdims=True)
    return gamma * (z - mean) / np.sqrt(var + eps) + beta


def check_batch_norm(batch_norm: Any) -> Feedback:
    """Practice: a learner's training-mode ``batch_norm(z, gamma, beta, eps) -> y`` against the library's.

    The reference is :class:`mlcourse.nn.BatchNorm1d` in training mode with
    the given ``gamma``, ``beta`` and ``eps`` (:func:`library_batch_norm`),
    on 20 random batches of 2 to 4 samples of 1 to 3 units. A changed ``z``,
    a shape, the unbiased variance, ``eps`` outside the square root and
    statistics over a sample instead of a unit are named.

    Examples
    --------
    >>> check_batch_norm(library_batch_norm).correct
    True
    >>> "ddof" in check_batch_norm(_unbiased_batch_norm).message
    True
    """
    names = ["z", "gamma", "beta", "eps"]
    feedback = check_function(
        batch_norm,
        library_batch_norm,
        _batch_norm_problem,
        names=names,
        outputs=["y"],
        success="Your batch normalization is BatchNorm1d's, in training mode, on 20 random batches.",
    )
    mistakes = [
        (
            _unbiased_batch_norm,
            "You divided the squared deviations by n - 1: the chapter's sigma_B^2 is their mean, 1/|B| "
            "(np.var's default ddof=0).",
        ),
        (_eps_outside, "eps goes under the square root: sqrt(sigma_B^2 + eps), not sqrt(sigma_B^2) + eps."),
        (
            _per_sample_batch_norm,
            "Your statistics are each sample's (a row); batch normalization takes each unit's over the batch, "
            "down a column: axis=0.",
        ),
    ]
    return _with_hint(feedback, batch_norm, mistakes, _batch_norm_problem, names, ["y"])
