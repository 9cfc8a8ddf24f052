"""Checkers for chapter 4 (the perceptron).

The right answers are computed by the library and the chapter's analysis:
mistakes by :func:`mlcourse.chapters.perceptron.analysis.misclassified`, the
learning rule's weights by
:func:`mlcourse.chapters.perceptron.analysis.train_on_gate` (that is,
:class:`mlcourse.models.Perceptron`), the convergence bound by
:func:`mlcourse.chapters.perceptron.analysis.mistake_bound`. The practice
page's functions are run against :class:`mlcourse.models.Perceptron`: the
threshold unit against its ``predict``, the training loop against its
``fit``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from mlcourse.chapters._book import Feedback, check_function, close_enough
from mlcourse.chapters.perceptron.analysis import (
    misclassified,
    mistake_bound,
    train_on_gate,
)
from mlcourse.data import logic_gate
from mlcourse.models import Perceptron

#: Exercise 3: the separator of OR whose bound the learner computes.
OR_SEPARATOR = ((1.0, 1.0), -0.5)


def check_gate_weights(gate: str, w1: float, w2: float, b: float) -> Feedback:
    """Exercise 1: weights and bias of one threshold unit that computes ``gate`` (e.g. ``"nand"``).

    Any ``(w1, w2, b)`` that classifies the four points without a mistake is
    right (the output is +1 where ``w1 x1 + w2 x2 + b >= 0``).
    """
    X, y = logic_gate(gate)
    weights = np.array([w1, w2], dtype=float)
    z = X @ weights + b
    wrong = misclassified(X, y, weights, float(b))
    if wrong == 0:
        on_line = int(np.sum(z == 0))
        extra = (
            (
                f" {on_line} point(s) sit exactly on the line (z = 0) and count as +1 only by the z >= 0 "
                "convention; a line with some room is safer."
            )
            if on_line
            else ""
        )
        return Feedback(True, f"All four points of {gate.upper()} are classified correctly." + extra)
    if gate.lower() == "xor":
        return Feedback(False, "No weights can do it: XOR is not linearly separable (see the chapter).")
    if misclassified(X, -y, weights, float(b)) == 0 or wrong == len(y):
        return Feedback(False, "Every output is flipped: multiply w1, w2 and b by -1.")
    wrong_at_zero = (z == 0) & (y < 0)
    if np.any(wrong_at_zero) and misclassified(X[~wrong_at_zero], y[~wrong_at_zero], weights, float(b)) == 0:
        return Feedback(False, "A -1 point lies exactly on the line: z = 0 gives +1. Move the line with b.")
    return Feedback(
        False,
        f"{wrong} of the 4 points are on the wrong side. Write z = w1 x1 + w2 x2 + b for "
        "each point and ask which sign it needs.",
    )


def first_epoch_weights(gate: str = "or") -> tuple[float, float, float]:
    """Exercise 2: ``(w1, w2, b)`` after one epoch of the rule from zero (learning rate 1), by the library.

    Examples
    --------
    >>> first_epoch_weights("or")
    (0.0, 2.0, 0.0)
    """
    bias, w1, w2 = train_on_gate(gate).epoch_weights_[1]
    return float(w1), float(w2), float(bias)


def check_first_epoch(w1: float, w2: float, b: float) -> Feedback:
    """Exercise 2: the weights after the first epoch on OR, visiting (0,0), (0,1), (1,0), (1,1) in order."""
    expected = np.array(first_epoch_weights("or"))
    answer = [w1, w2, b]
    if close_enough(answer, expected):
        return Feedback(True, "Two updates: (0,0) is wrongly +1 at z = 0, then (0,1) is wrongly -1.")
    if close_enough(answer, expected / 2):
        return Feedback(False, "Half the size: a mistake has y - y_hat = +2 or -2, not 1.")
    if close_enough(answer, [0.0, 2.0, 2.0]):
        return Feedback(
            False,
            "You treated z = 0 as -1 (a strict threshold). Here z >= 0 gives +1, so (0,0) "
            "is a mistake at the very first visit.",
        )
    if close_enough(answer, [0.0, 0.0, 0.0]):
        return Feedback(False, "At w = 0, b = 0 the net input of (0,0) is 0, and z = 0 gives +1: a mistake.")
    if close_enough(answer, -expected):
        return Feedback(False, "The sign is flipped: the update adds (y - y_hat) x, moving towards the target.")
    return Feedback(
        False,
        "Visit the points in order; for each compute z with the current weights, the output, "
        "and add (y - y_hat) * (1, x1, x2) to (b, w1, w2).",
    )


def or_bound() -> float:
    """Exercise 3: the bound ``(R / gamma)**2`` for OR with the separator :data:`OR_SEPARATOR`."""
    X, y = logic_gate("or")
    weights, bias = OR_SEPARATOR
    return mistake_bound(X, y, np.array(weights), bias).bound


def check_or_bound(bound: float) -> Feedback:
    """Exercise 3: ``(R / gamma)**2`` for OR, with the separator ``x1 + x2 - 0.5 = 0`` and augmented inputs."""
    expected = or_bound()
    if close_enough(bound, expected):
        return Feedback(
            True, f"R^2 = 3 and gamma = 0.5 / 1.5 = 1/3, so the bound is {expected:.0f} updates; the rule needs only 5."
        )
    if close_enough(bound, 2 * 9):  # R^2 = 2 (constant input forgotten), gamma = 1/3: 18
        return Feedback(False, "R must include the constant input 1: ||(1, 1, 1)||^2 = 3, not 2.")
    if close_enough(bound, 3 / 0.125):  # gamma = 0.5 / ||w|| = 0.5 / sqrt(2), gamma^2 = 1/8: 24
        return Feedback(
            False,
            "Normalise by the length of the whole vector (b, w1, w2) = (-0.5, 1, 1), which is 1.5, not by ||w|| alone.",
        )
    if close_enough(bound, np.sqrt(expected)):
        return Feedback(False, "That is R / gamma; the bound is its square.")
    return Feedback(
        False,
        "R = the longest augmented input (1, x1, x2); gamma = the smallest y z / ||(b, w)||; then square R / gamma.",
    )


def check_xor_with_product(w1: float, w2: float, w3: float, b: float) -> Feedback:
    """Exercise 4: a threshold unit on the inputs ``(x1, x2, x1 * x2)`` that computes XOR."""
    X, y = logic_gate("xor")
    features = np.column_stack([X, X[:, 0] * X[:, 1]])
    weights = np.array([w1, w2, w3], dtype=float)
    wrong = misclassified(features, y, weights, float(b))
    if wrong == 0:
        return Feedback(
            True,
            "With the product as a third input, one plane separates XOR: a new "
            "representation made the problem linear (chapter 5 learns it).",
        )
    if w3 >= 0:
        return Feedback(
            False,
            "(1, 1) must come out -1 although x1 and x2 both push it up: the product's weight w3 has to be negative.",
        )
    return Feedback(
        False, f"{wrong} point(s) wrong. Try w1 = w2 = 1 first and choose b and w3 so that (0, 0) and (1, 1) get z < 0."
    )


def xor_product_perceptron(**kwargs: Any) -> Perceptron:
    """Exercise 4: the perceptron trained on ``(x1, x2, x1 * x2)`` with XOR labels (converges)."""
    X, y = logic_gate("xor")
    features = np.column_stack([X, X[:, 0] * X[:, 1]])
    return Perceptron(**kwargs).fit(features, y)


# ------------------------------------------------------------------ practice page


def _halves(rng: np.random.Generator, size: Any) -> np.ndarray:
    """Multiples of 0.5 from -1 to 1: sums of their products are exact, so ``z = 0`` happens, exactly."""
    return rng.integers(-2, 3, size=size) / 2


def _output_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    """Random ``(X, w, b)``: 1 to 3 features, at most 12 entries in ``X`` (shown in full), many ``z`` exactly 0."""
    n_features = int(rng.integers(1, 4))
    n_samples = int(rng.integers(2, 12 // n_features + 1))
    return _halves(rng, (n_samples, n_features)), _halves(rng, n_features), float(_halves(rng, None))


def _library_output(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """:meth:`Perceptron.predict` of a perceptron holding the weights ``w`` and the bias ``b``."""
    model = Perceptron()
    model.weights_, model.bias_ = np.asarray(w, dtype=float), float(b)
    return model.predict(X)


def _strict_output(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The mistake: ``z = 0`` counted as -1."""
    return np.where(X @ w + b > 0, 1, -1)


def _step_output(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The mistake: the 0/1 coding."""
    return np.where(X @ w + b >= 0, 1, 0)


_STRICT_HINT = "At z = 0 exactly, the perceptron outputs +1 (z >= 0), not -1."


def check_perceptron_output(perceptron_output: Any) -> Feedback:
    """Practice: a learner's threshold unit ``perceptron_output(X, w, b) -> labels`` against the library's.

    The reference is :meth:`mlcourse.models.Perceptron.predict` of a
    perceptron holding ``w`` and ``b``, run on 20 random problems whose
    entries are multiples of 0.5, so that many net inputs are exactly 0.

    Examples
    --------
    >>> check_perceptron_output(_library_output).correct
    True
    >>> check_perceptron_output(_strict_output).message.endswith(_STRICT_HINT)
    True
    """
    names = ["X", "w", "b"]
    mistakes = [
        (_strict_output, _STRICT_HINT),
        (_step_output, "Your outputs are 1 and 0: the perceptron writes the two classes as +1 and -1."),
    ]
    return check_function(
        perceptron_output,
        _library_output,
        _output_problem,
        names=names,
        outputs=["the output"],
        success="Your threshold unit is the library's on 20 random problems, ties at z = 0 included.",
        mistakes=mistakes,
    )


def _training_problem(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Random ``(X, y, learning_rate, max_epochs)``: a logic gate, labels from a line, or random labels."""
    kind = int(rng.integers(3))
    if kind == 0:
        X, y = logic_gate(str(rng.choice(["and", "or", "nand", "xor"])))
    else:
        n_features = int(rng.integers(1, 3))
        n_samples = int(rng.integers(3, 12 // n_features + 1))
        X = _halves(rng, (n_samples, n_features))
        if kind == 1:  # separable: the side of a line
            y = np.where(X @ _halves(rng, n_features) + _halves(rng, None) >= 0, 1, -1)
        else:  # both labels, often not separable
            y = rng.permutation(np.resize([-1, 1], n_samples))
    return X, y, float(rng.choice([0.5, 1.0, 2.0])), int(rng.integers(1, 13))


def _library_training(X: np.ndarray, y: np.ndarray, learning_rate: float, max_epochs: int) -> tuple[Any, ...]:
    """``(weights_, bias_, errors_)`` of :class:`Perceptron` trained with these settings (no warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the ConvergenceWarning of a run that does not converge
        model = Perceptron(learning_rate=learning_rate, max_epochs=max_epochs).fit(X, y)
    return model.weights_, model.bias_, model.errors_


def _strict_training(X: np.ndarray, y: np.ndarray, learning_rate: float, max_epochs: int) -> tuple[Any, ...]:
    """The mistake: the rule with ``z = 0`` counted as -1."""
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        errors.append(0)
        for x_i, y_i in zip(X, y):
            update = learning_rate * (y_i - (1.0 if x_i @ w + b > 0 else -1.0))
            w, b = w + update * x_i, b + update
            errors[-1] += update != 0
        if errors[-1] == 0:
            break
    return w, b, errors


def check_train_perceptron(train_perceptron: Any) -> Feedback:
    """Practice: a learner's ``train_perceptron(X, y, learning_rate, max_epochs) -> (w, b, errors)``.

    From zero weights, epochs over the samples in order until one has no
    mistake or ``max_epochs`` ran out; ``errors`` holds the mistakes of each
    epoch. The reference is :class:`mlcourse.models.Perceptron` with the
    same settings (its ``weights_``, ``bias_``, ``errors_``), run on 20
    random problems: logic gates, separable and non-separable sets.

    Examples
    --------
    >>> check_train_perceptron(_library_training).correct
    True
    >>> check_train_perceptron(_strict_training).message.endswith(_STRICT_HINT)
    True
    """
    names = ["X", "y", "learning_rate", "max_epochs"]
    return check_function(
        train_perceptron,
        _library_training,
        _training_problem,
        names=names,
        outputs=["w", "b", "errors"],
        success="Your training loop is the library's Perceptron on 20 random problems, XOR included.",
        mistakes=[(_strict_training, _STRICT_HINT)],
    )
