"""Chapter 4 practice page: the checkers accept the library and the page's solutions, and name typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.perceptron import exercises
from tests.chapters.practice_pages import page_solutions
from tests.conftest import ROOT

PAGE = ROOT / "book" / "04_perceptron_practice.ipynb"


# ---------------------------------------------------------------- the threshold unit


def test_the_library_and_the_page_pass_the_output_checker():
    assert exercises.check_perceptron_output(exercises._library_output).correct
    feedback = exercises.check_perceptron_output(page_solutions(PAGE)["perceptron_output"])
    assert feedback.correct, feedback.message


def test_the_output_problems_hold_net_inputs_exactly_zero():
    rng = np.random.default_rng(0)  # the checker's seed: its 20 problems
    problems = [exercises._output_problem(rng) for _ in range(20)]
    assert sum(np.any(X @ w + b == 0) for X, w, b in problems) >= 3  # problems with a tie at z = 0


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (lambda X, w, b: np.where(X @ w + b > 0, 1, -1), "At z = 0 exactly, the perceptron outputs +1"),
        (lambda X, w, b: np.where(X @ w + b >= 0, 1, 0), "Your outputs are 1 and 0"),
        (lambda X, w, b: np.sign(X @ w + b), "got 0"),
        (lambda X, w, b: X @ w + b, "the output differs at index"),
        (lambda X, w, b: np.where(X @ w + b >= 0, 1, -1)[:, None], "the output has shape"),
    ],
    ids=["strict threshold", "0/1 labels", "np.sign", "net input", "column"],
)
def test_the_output_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_perceptron_output(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message


# ---------------------------------------------------------------- the learning rule


def test_the_library_and_the_page_pass_the_training_checker():
    assert exercises.check_train_perceptron(exercises._library_training).correct
    feedback = exercises.check_train_perceptron(page_solutions(PAGE)["train_perceptron"])
    assert feedback.correct, feedback.message


def test_the_training_problems_include_xor_and_runs_that_stop_early():
    rng = np.random.default_rng(0)  # the checker's seed: its 20 problems
    problems = [exercises._training_problem(rng) for _ in range(20)]
    assert any(len(y) == 4 and y.tolist() == [-1, 1, 1, -1] for _, y, _, _ in problems)  # XOR
    runs = [exercises._library_training(*problem) for problem in problems]
    stopped = [len(errors) < problem[3] for (_, _, errors), problem in zip(runs, problems)]
    assert any(stopped) and not all(stopped)


def _train(X, y, learning_rate, max_epochs, *, early_stop=True, bias=True, eta_factor=1.0):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = 1 if x_i @ w + b >= 0 else -1
            if y_hat != y_i:
                w = w + eta_factor * learning_rate * (y_i - y_hat) * x_i
                b = b + (learning_rate * (y_i - y_hat) if bias else 0.0)
                mistakes += 1
        errors.append(mistakes)
        if early_stop and mistakes == 0:
            break
    return w, b, errors


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (exercises._strict_training, "At z = 0 exactly, the perceptron outputs +1"),
        (lambda *args: _train(*args, early_stop=False), "errors has shape"),
        (lambda *args: _train(*args, bias=False), "w differs at index"),
        (lambda *args: _train(*args, eta_factor=0.5), "w differs"),
        (lambda *args: _train(*args)[:2], "Your function returns 2 value(s); expected 3."),
    ],
    ids=["strict threshold", "no early stop", "bias never learned", "half the step on w", "errors missing"],
)
def test_the_training_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_train_perceptron(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message
