"""Chapter 7's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse.activations import softmax
from mlcourse.chapters.loss_functions.exercises import check_softmax_cross_entropy, check_softmax_cross_entropy_grad
from mlcourse.losses import softmax_cross_entropy as library_loss
from mlcourse.losses import softmax_cross_entropy_grad as library_grad


def softmax_cross_entropy(logits, labels):  # the page's solution
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    return np.mean(log_sum - shifted[np.arange(len(labels)), labels])


def softmax_cross_entropy_grad(logits, labels):  # the page's solution
    n = len(labels)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(n), labels] -= 1
    return p / n


def test_the_library_and_the_published_solutions_pass():
    assert check_softmax_cross_entropy(library_loss).correct
    assert check_softmax_cross_entropy(softmax_cross_entropy).correct
    assert check_softmax_cross_entropy_grad(library_grad).correct
    assert check_softmax_cross_entropy_grad(softmax_cross_entropy_grad).correct


def test_loss_mistakes_are_named():
    def literal(logits, labels):
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return -np.mean(np.log(p[np.arange(len(labels)), labels]))

    def log_of_stable_softmax(logits, labels):  # finite p, but log 0 where it rounds to 0
        return -np.mean(np.log(softmax(logits, axis=1)[np.arange(len(labels)), labels]))

    def in_place(logits, labels):
        logits -= logits.max(axis=1, keepdims=True)
        return np.mean(np.log(np.exp(logits).sum(axis=1)) - logits[np.arange(len(labels)), labels])

    def first_class(logits, labels):
        shifted = logits - logits.max(axis=1, keepdims=True)
        return np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[:, 0])

    for unstable in (literal, log_of_stable_softmax):
        message = check_softmax_cross_entropy(unstable).message
        assert "the loss holds NaN or inf" in message and "log p_y = (z_y - m)" in message
    tripled = check_softmax_cross_entropy(lambda z, y: 3 * softmax_cross_entropy(z, y)).message
    assert "the loss differs: expected 1.13342, got 3.40025" in tripled and "sum over the batch" not in tripled
    summed = check_softmax_cross_entropy(lambda z, y: len(y) * softmax_cross_entropy(z, y)).message
    assert "the loss is the mean, so divide by the number of samples" in summed
    assert "wrong sign" in check_softmax_cross_entropy(lambda z, y: -softmax_cross_entropy(z, y)).message
    assert "changed its argument logits" in check_softmax_cross_entropy(in_place).message
    message = check_softmax_cross_entropy(first_class).message
    assert "the loss differs: expected 1.13342, got 1.33675" in message and "times" not in message


def test_gradient_mistakes_are_named():
    def literal(logits, labels):
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1
        return p / len(labels)

    message = check_softmax_cross_entropy_grad(literal).message
    assert "the gradient holds NaN or inf" in message and "largest logit" in message
    without_mean = check_softmax_cross_entropy_grad(lambda z, y: softmax_cross_entropy_grad(z, y) * len(y)).message
    assert "3 times the right value everywhere" in without_mean and "1/n from a mean" in without_mean
    assert "wrong sign" in check_softmax_cross_entropy_grad(lambda z, y: -softmax_cross_entropy_grad(z, y)).message
    assert "differs at index" in check_softmax_cross_entropy_grad(lambda z, y: softmax(z, axis=1) / len(y)).message
