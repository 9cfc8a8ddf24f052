"""The prose checks of the book mechanism: what counts as a number, and when a tie holds."""

from __future__ import annotations

import pytest

from mlcourse.chapters._book.prose import ProseMismatch, claim, given, prose_numbers, tie


@pytest.mark.parametrize(
    "markdown, numbers",
    [
        ("It stops after 2,976 steps.", ["2,976"]),
        ("A rate of 0.0005, then 1e-4 and 2.5e-3.", ["0.0005", "1e-4", "2.5e-3"]),
        ("About 45% of units, a 2.3x slow-down, about 2.1N products.", ["45%", "2.3", "2.1"]),
        ("A 784-256-128-10 network; Mazur's 2-2-2 example; 10–60 ms.", ["784-256-128-10", "2-2-2", "10–60"]),
        ("The solution is −0.2002 (or -3 in the other case).", ["−0.2002", "-3"]),
        ("As chapter 3 showed, and chapters 8 and 9 will; Chapters 1-3.", []),
        ("Code `x = 7` and [a link](https://doi.org/10.1000/182) and {cite}`rumelhart1986`.", []),
        ("1. first step\n2. second step with 12 items", ["12"]),
        ("## Section 4 heading\nbody 5", ["5"]),
        ("Math $x^2 + 3x$ and $\\alpha = 0.05$ and $L \\approx 1.25$ and $\\epsilon < 10$.", ["0.05", "1.25", "10"]),
        ("$$\nf(x) = 5x^2\n$$", ["5"]),
        (":::{exercise}\n:label: ch03-steps\nHow many steps from $x_0 = 4$?\n:::", ["4"]),
        ("float32, L2, x86 and ch07 are names, not numbers.", []),
    ],
)
def test_prose_numbers_finds_what_a_reader_reads_as_a_number(markdown, numbers):
    assert prose_numbers(markdown) == numbers


@pytest.mark.parametrize(
    "text, value",
    [
        ("2,976 steps", 2976),
        ("a loss of 0.25", 0.2504),
        ("a loss of 0.25", 0.2450001),
        ("45%", 45.2),
        ("1.5e-4", 0.000151),
        ("−0.2002", -0.20024),
        ("between 10–60 ms", [10.2, 59.9]),
        ("a loss of 0.25 after 12 epochs", [0.249, 12]),
    ],
)
def test_tie_accepts_the_value_that_rounds_to_the_written_digits(text, value):
    tie(text, value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("2,976 steps", 2975),
        ("a loss of 0.25", 0.2551),
        ("a loss of 0.25", float("nan")),
        ("45%", 0.45),  # a fraction where the percentage is written
        ("1.5e-4", 0.000144),
        ("−0.2003", -0.20024),  # the chapter-2 solution that drifted by one in the last digit
        ("2,976 steps", float("inf")),
    ],
)
def test_tie_refuses_a_value_the_text_does_not_say(text, value):
    with pytest.raises(ProseMismatch, match="the prose says"):
        tie(text, value)


def test_tie_with_a_tolerance_for_a_rounded_figure():
    tie("about 1500 steps", 1484, rel=0.05)
    with pytest.raises(ProseMismatch):
        tie("about 1500 steps", 2976, rel=0.05)


def test_tie_refuses_a_count_mismatch():
    with pytest.raises(ValueError, match="holds 2 number"):
        tie("0.25 after 12 epochs", 0.25)
    with pytest.raises(ValueError, match="holds 0 number"):
        tie("no number here", 1.0)


def test_given_needs_a_number_and_claim_needs_to_hold():
    given("0.05", "a 1-32-1 network")
    with pytest.raises(ValueError, match="holding a number"):
        given("no number")
    claim("falls", [True, True])
    with pytest.raises(ProseMismatch, match="claims"):
        claim("falls at every epoch", [True, False])
