"""Chapter 2 practice page: the checkers accept the library and the page's solutions, and name typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.chain_rule import exercises
from mlcourse.chapters.chain_rule.analysis import layer_chain
from mlcourse.gradcheck import numerical_gradient
from tests.chapters.practice_pages import page_solutions
from tests.conftest import ROOT

PAGE = ROOT / "book" / "02_chain_rule_practice.ipynb"


# ---------------------------------------------------------------- central differences


def test_the_library_and_the_page_pass_the_central_difference_checker():
    assert exercises.check_numerical_gradient(numerical_gradient).correct
    feedback = exercises.check_numerical_gradient(page_solutions(PAGE)["numerical_gradient"])
    assert feedback.correct, feedback.message


def _central(f, x, h, numerator=lambda plus, minus: plus - minus, denominator=2.0):
    grad = np.zeros(x.shape)
    for i in range(x.size):
        step = np.zeros(x.shape)
        step[i] = h
        grad[i] = numerator(f(x + step), f(x - step)) / (denominator * h)
    return grad


def _forward(f, x, h):
    grad = np.zeros(x.shape)
    for i in range(x.size):
        step = np.zeros(x.shape)
        step[i] = h
        grad[i] = (f(x + step) - f(x)) / h
    return grad


def _restored_by_arithmetic(f, x, h):
    grad = np.zeros(x.shape)
    for i in range(x.size):
        x[i] += h
        plus = f(x)
        x[i] -= 2 * h
        minus = f(x)
        x[i] += h  # not always the original float
        grad[i] = (plus - minus) / (2 * h)
    return grad


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (_forward, "That is the forward difference"),
        (lambda f, x, h: _central(f, x, h, denominator=1.0), "is 2 times the right value everywhere"),
        (lambda f, x, h: _central(f, x, h, numerator=lambda plus, minus: minus - plus), "wrong sign everywhere"),
        (_restored_by_arithmetic, "your function changed its argument x"),
        (lambda f, x, h: np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h)), "one entry x[i] at a time"),
    ],
    ids=["forward difference", "divided by h", "sign", "x changed", "all entries at once"],
)
def test_the_central_difference_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_numerical_gradient(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message


def test_the_central_difference_messages_show_the_function_by_its_formula():
    message = exercises.check_numerical_gradient(_forward).message
    assert message.startswith("On f=exp(x[0]) * sum(x), x=[")
    assert "0x" not in message  # no memory address


# ---------------------------------------------------------------- the chain of tanh layers


def test_the_library_and_the_page_pass_the_chain_checker():
    reference = exercises._library_chain_gradient
    assert exercises.check_tanh_chain_gradient(reference).correct
    feedback = exercises.check_tanh_chain_gradient(page_solutions(PAGE)["tanh_chain_gradient"])
    assert feedback.correct, feedback.message
    # the reference is the chapter's layer_chain, checked by hand on one layer:
    # dL/dw = (h - t) (1 - h^2) x with h = tanh(w x)
    h = np.tanh(0.5 * 2.0)
    assert layer_chain([0.5], 2.0, 1.0).grad_w[0] == pytest.approx((h - 1.0) * (1 - h * h) * 2.0)


def _chain(weights, x, target, *, sign=1.0, tanh_slope_in_local=True, move_first=False, half=True):
    h = [x]
    for w in weights:
        h.append(np.tanh(w * h[-1]))
    grad_w = np.zeros(len(weights))
    dL_dh = sign * (h[-1] - target) * (1.0 if half else 2.0)
    for n in range(len(weights), 0, -1):
        slope = 1 - h[n] ** 2
        local = weights[n - 1] * (slope if tanh_slope_in_local else 1.0)
        if move_first:
            dL_dh = dL_dh * local
        grad_w[n - 1] = dL_dh * h[n - 1] * slope
        if not move_first:
            dL_dh = dL_dh * local
    return grad_w


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (lambda w, x, t: _chain(w, x, t, sign=-1.0), "dL_dw has the wrong sign everywhere"),
        (lambda w, x, t: _chain(w, x, t, half=False), "dL_dw is 2 times the right value everywhere"),
        (lambda w, x, t: _chain(w, x, t, tanh_slope_in_local=False), "dL_dw differs at index"),
        (lambda w, x, t: _chain(w, x, t, move_first=True), "dL_dw differs at index"),
        (lambda w, x, t: _chain(w, x, t)[::-1], "dL_dw differs at index"),
    ],
    ids=["sign", "no 1/2 in the loss", "local factor without tanh'", "product moved too early", "reversed"],
)
def test_the_chain_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_tanh_chain_gradient(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message


def test_the_chain_checker_reports_a_wrong_shape():
    feedback = exercises.check_tanh_chain_gradient(lambda w, x, t: _chain(w, x, t)[:-1])
    assert "dL_dw has shape" in feedback.message
