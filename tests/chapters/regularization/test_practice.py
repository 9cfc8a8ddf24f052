"""Chapter 10's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import nn, train
from mlcourse.chapters.regularization.exercises import (
    check_add_penalty,
    check_dropout,
    library_add_penalty,
    library_dropout,
)


def add_penalty(W, grad_W, l1, l2):  # the page's solution
    penalty = l1 * np.abs(W).sum() + l2 / 2 * (W**2).sum()
    return penalty, grad_W + l1 * np.sign(W) + l2 * W


def dropout(h, keep_mask, p, training, grad_out):  # the page's solution
    if not training:
        return h, grad_out
    scale = keep_mask / (1 - p)
    return h * scale, grad_out * scale


def test_the_penalty_reference_is_what_fit_adds():
    W, grad_W = np.array([[0.5, 0.0], [-2.0, 1.0]]), np.array([[1.0, -1.0], [0.0, 2.0]])
    weight = nn.Parameter(W.copy(), "W")
    weight.grad = grad_W.copy()
    penalty = train.add_penalty_gradients([weight], l1=0.1, l2=0.5)
    assert library_add_penalty(W, grad_W, 0.1, 0.5)[0] == penalty == pytest.approx(0.1 * 3.5 + 0.5 / 2 * 5.25)
    np.testing.assert_array_equal(library_add_penalty(W, grad_W, 0.1, 0.5)[1], weight.grad)


def test_the_dropout_reference_replays_a_random_mask():
    layer = nn.Dropout(0.25, seed=7)
    h, grad_out = np.random.default_rng(0).normal(size=(2, 3, 4))
    out = layer(h)
    grad_h = layer.backward(grad_out)
    got_out, got_grad = library_dropout(h, layer.mask, 0.25, True, grad_out)
    np.testing.assert_array_equal(got_out, out)
    np.testing.assert_array_equal(got_grad, grad_h)
    np.testing.assert_array_equal(library_dropout(h, layer.mask, 0.25, False, grad_out)[0], h)


def test_the_library_and_the_published_solutions_pass():
    assert check_add_penalty(library_add_penalty).correct
    assert check_add_penalty(add_penalty).correct
    assert check_dropout(library_dropout).correct
    assert check_dropout(dropout).correct


def test_penalty_mistakes_are_named():
    def no_half(W, grad_W, l1, l2):
        return l1 * np.abs(W).sum() + l2 * (W**2).sum(), grad_W + l1 * np.sign(W) + 2 * l2 * W

    def value_without_half(W, grad_W, l1, l2):
        return l1 * np.abs(W).sum() + l2 * (W**2).sum(), add_penalty(W, grad_W, l1, l2)[1]

    def penalty_gradient_only(W, grad_W, l1, l2):
        return add_penalty(W, grad_W, l1, l2)[0], l1 * np.sign(W) + l2 * W

    def sign_by_division(W, grad_W, l1, l2):
        with np.errstate(invalid="ignore"):
            return add_penalty(W, grad_W, l1, l2)[0], grad_W + l1 * W / np.abs(W) + l2 * W

    def in_place(W, grad_W, l1, l2):
        grad_W += l1 * np.sign(W) + l2 * W
        return add_penalty(W, grad_W, l1, l2)[0], grad_W

    message = check_add_penalty(no_half).message
    assert "the penalty differs" in message and "without a 2" in message
    message = check_add_penalty(value_without_half).message
    assert "the penalty differs: expected 5.2971, got 9.9162" in message and "without a 2" in message
    message = check_add_penalty(penalty_gradient_only).message
    assert "the gradient differs" in message and "return their sum" in message
    message = check_add_penalty(sign_by_division).message
    assert "holds NaN or inf" in message and "np.sign(0) = 0" in message
    assert "changed its argument grad_W" in check_add_penalty(in_place).message


def test_dropout_mistakes_are_named():
    def not_rescaled(h, keep_mask, p, training, grad_out):
        return (h * keep_mask, grad_out * keep_mask) if training else (h, grad_out)

    def divided_by_p(h, keep_mask, p, training, grad_out):
        return (h * keep_mask / p, grad_out * keep_mask / p) if training else (h, grad_out)

    def always_on(h, keep_mask, p, training, grad_out):
        return dropout(h, keep_mask, p, True, grad_out)

    def gradient_unmasked(h, keep_mask, p, training, grad_out):
        return (h * keep_mask / (1 - p), grad_out / (1 - p)) if training else (h, grad_out)

    def in_place(h, keep_mask, p, training, grad_out):
        if training:
            h *= keep_mask / (1 - p)
            grad_out = grad_out * keep_mask / (1 - p)
        return h, grad_out

    message = check_dropout(not_rescaled).message
    assert "out is 0.5 times the right value everywhere" in message and "divides the kept units by 1 - p" in message
    message = check_dropout(divided_by_p).message
    assert "out is 3 times the right value" in message and "not by p" in message
    message = check_dropout(always_on).message
    assert "training=False" in message and "does nothing in evaluation mode" in message
    message = check_dropout(gradient_unmasked).message
    assert "grad_h differs" in message and "a dropped unit passes no gradient back" in message
    assert "changed its argument h" in check_dropout(in_place).message
