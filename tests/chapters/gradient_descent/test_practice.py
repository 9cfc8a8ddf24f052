"""Chapter 3 practice page: the checkers accept the chapter's loops and the page's solutions, and name mistakes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mlcourse.chapters.gradient_descent import exercises
from mlcourse.chapters.gradient_descent.analysis import gradient_descent
from tests.chapters.practice_pages import page_solutions
from tests.conftest import ROOT

PAGE = ROOT / "book" / "03_gradient_descent_practice.ipynb"


# ---------------------------------------------------------------- the descent loop


def test_the_chapter_and_the_page_pass_the_descent_checker():
    assert exercises.check_descent(exercises._library_descent).correct
    feedback = exercises.check_descent(page_solutions(PAGE)["descend"])
    assert feedback.correct, feedback.message


def test_the_descent_problems_stop_both_ways_and_never_diverge():
    rng = np.random.default_rng(0)  # the checker's seed: its 20 problems
    runs = [
        gradient_descent(*problem[:3], max_steps=problem[4], tolerance=problem[3])
        for problem in (exercises._descent_problem(rng) for _ in range(20))
    ]
    assert {run.stopped_by for run in runs} == {"tolerance", "max_steps"}


def _descend(surface, start, learning_rate, tolerance, max_steps, *, sign=1.0, keep_start=True, in_place=False):
    x = start if in_place else np.array(start, dtype=float)
    path = [x.copy()] if keep_start else []
    for _ in range(max_steps):
        gradient = surface.gradient(x)
        if np.linalg.norm(gradient) < tolerance:
            break
        if in_place:
            x -= sign * learning_rate * gradient
        else:
            x = x - sign * learning_rate * gradient
        path.append(x.copy())
    return np.array(path)


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (exercises._tolerance_after_step, "one step too many"),
        (lambda *args: _descend(*args, keep_start=False), "the path has shape"),
        (lambda *args: _descend(*args, in_place=True), "your function changed its argument start"),
        (lambda *args: _descend(*args, sign=-1.0), "the path"),
        (lambda *args: _descend(*args)[-1], "the path has shape (2,)"),
    ],
    ids=["tolerance after the step", "start missing", "start moved in place", "uphill", "last point only"],
)
def test_the_descent_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_descent(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message


# ---------------------------------------------------------------- a mini-batch epoch


def test_the_chapter_and_the_page_pass_the_epoch_checker():
    assert exercises.check_minibatch_epoch(exercises._library_epoch).correct
    feedback = exercises.check_minibatch_epoch(page_solutions(PAGE)["minibatch_epoch"])
    assert feedback.correct, feedback.message


def test_the_epoch_problems_include_a_smaller_last_batch():
    rng = np.random.default_rng(0)  # the checker's seed: its 20 problems
    sizes = [(len(problem[1]), problem[4]) for problem in (exercises._epoch_problem(rng) for _ in range(20))]
    assert any(n % batch_size for n, batch_size in sizes)
    assert any(batch_size == 1 for _, batch_size in sizes) and any(n == batch_size for n, batch_size in sizes)


def _epoch(
    X,
    y,
    w,
    b,
    batch_size,
    learning_rate,
    rng,
    *,
    drop_last=False,
    per_batch_size=False,
    full_gradient=False,
    in_place=False,
):
    order = rng.permutation(len(y))
    stop = len(y) - len(y) % batch_size if drop_last else len(y)
    path = []
    for start in range(0, stop, batch_size):
        rows = np.arange(len(y)) if full_gradient else order[start : start + batch_size]
        residual = X[rows] @ w + b - y[rows]
        k = batch_size if per_batch_size else len(rows)
        grad_w, grad_b = 2 / k * (X[rows].T @ residual), 2 / k * residual.sum()
        if in_place:
            w -= learning_rate * grad_w
        else:
            w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
        path.append(np.append(w, b))
    return path


@pytest.mark.parametrize(
    "mistake, fragment",
    [
        (exercises._epoch_in_order, "rng.permutation(len(y))"),
        (lambda *args: _epoch(*args, drop_last=True), "the path has shape"),
        (lambda *args: _epoch(*args, per_batch_size=True), "the path differs at index"),
        (lambda *args: _epoch(*args, full_gradient=True), "the path differs at index"),
        (lambda *args: _epoch(*args, in_place=True), "your function changed its argument w"),
    ],
    ids=["no shuffle", "last batch dropped", "divided by batch_size", "full-batch gradient", "w moved in place"],
)
def test_the_epoch_checker_names_the_mistake(mistake, fragment):
    feedback = exercises.check_minibatch_epoch(mistake)
    assert not feedback.correct
    assert fragment in feedback.message, feedback.message


def test_the_epoch_messages_name_the_generator_by_its_seed():
    message = exercises.check_minibatch_epoch(exercises._epoch_in_order).message
    assert re.search(r"rng=np\.random\.default_rng\(\d+\):", message), message
    assert "0x" not in message  # no memory address
