"""Prose that cannot drift: tie every number a chapter's text quotes to the computation.

A chapter's Markdown quotes numbers ("converges in 2976 steps"). Each one is
either **tied** to the value the chapter computed, with :func:`tie`, or
declared a **given** (a setting, a definition, a year) with :func:`given`.
Qualitative claims about computed results ("the loss rises") are asserted
with :func:`claim`. The calls sit in a hidden cell beside the text (tagged
``remove-cell``, its source collapsed in JupyterLab), so the book reads as
prose, and the chapter fails to execute (build, nbval) the moment the library
no longer supports a sentence. ``tests/book/test_prose_ties.py`` fails on any
number in a chapter's prose that no ``tie`` or ``given`` of that chapter
accounts for, and on a ``tie``/``given``/``claim`` whose text is no longer in
the prose.

:func:`prose_numbers` is the one definition of "a number in the prose" that
both the runtime checks and the test use.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

import numpy as np

__all__ = ["tie", "given", "claim", "prose_numbers", "ProseMismatch"]


class ProseMismatch(AssertionError):
    """The text of a chapter says something its computation no longer gives."""


# One number as prose writes it: 2976, 1,218, 0.0005, 1e-4, 45%, 2-2-2, 784-256-128-10,
# −0.2003 (a Unicode minus) or -3 after a space or bracket.
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?(?:e[-−+]?\d+)?"
_TOKEN = re.compile(rf"(?<![\w.,\-−])[-−]?{_NUMBER}(?:[-–]{_NUMBER})*%?")
_MATH_RESULT = re.compile(rf"(?:=|\\approx|\\sim|<|>|\\leq?|\\geq?)\s*([-−]?{_NUMBER})")
_CHAPTER_REFERENCE = re.compile(r"\b[Cc]hapters?\s+\d+(?:(?:,\s*|\s+and\s+|\s+or\s+|\s*[-–]\s*|\s+to\s+)\d+)*")
_REMOVED = [
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code, and a role's target ({cite}`key`)
    re.compile(r"\{[a-z:-]+\}"),  # role and directive names
    re.compile(r"^\s*:[a-z-]+:.*$", re.M),  # directive options (:label: ..., :class: ...)
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>\n]+>"),  # HTML tags
    re.compile(r"^\s*\d+\.\s", re.M),  # numbered-list markers
    re.compile(r"^#+\s.*$", re.M),  # headings (section titles)
]


def prose_numbers(markdown: str) -> list[str]:
    r"""Every number a reader meets in a Markdown cell, as written.

    Left out: code, link targets, directive options, list markers, headings,
    chapter references ("chapter 3", "chapters 8 and 9"), and numbers in math
    except a result after ``=``, ``\approx``, ``<``, ``>`` (``$\alpha = 0.05$``
    counts, the 2 of ``$x^2$`` does not).

    Examples
    --------
    >>> prose_numbers("After 2,976 steps (chapter 3) the loss is $L \\approx 0.25$, 45% less; see `x = 7`.")
    ['2,976', '45%', '0.25']
    >>> prose_numbers("A 784-256-128-10 network, 2.1N multiplications, $x^2 + 1$.")
    ['784-256-128-10', '2.1']
    """
    math_numbers: list[str] = []

    def strip_math(match: re.Match) -> str:
        math_numbers.extend(_MATH_RESULT.findall(match.group(0)))
        return " "

    text = markdown
    for pattern in _REMOVED:
        text = pattern.sub(" ", text)
    text = re.sub(r"\$\$.*?\$\$", strip_math, text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", strip_math, text)
    text = _CHAPTER_REFERENCE.sub(" ", text)
    return [match.group(0) for match in _TOKEN.finditer(text)] + math_numbers


def _parse(token: str) -> tuple[float, int, bool]:
    """(value, digits after the point of the mantissa, written in e-notation) of one number."""
    text = token.replace("−", "-").replace(",", "").rstrip("%")
    mantissa, _, exponent = text.lower().partition("e")
    digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return float(text), digits, bool(exponent)


def _agrees(token: str, value: float, rel: float | None, abs_tol: float | None) -> bool:
    written, digits, scientific = _parse(token)
    if not math.isfinite(value):
        return False
    if rel is not None or abs_tol is not None:
        return math.isclose(value, written, rel_tol=rel or 0.0, abs_tol=abs_tol or 0.0)
    if scientific:  # 1.5e-4: the value to the mantissa's digits
        return f"{value:.{digits}e}" == f"{written:.{digits}e}"
    return math.isclose(round(value, digits), written, rel_tol=1e-12, abs_tol=10.0 ** -(digits + 3))


def tie(text: str, value: Any, *, rel: float | None = None, abs: float | None = None) -> None:
    """Check that the numbers of ``text``, a passage of the prose, are ``value`` as computed.

    Parameters
    ----------
    text : str
        The words of the prose, verbatim ("2,976", "about 2.1N", "45%"). Its
        numbers (:func:`prose_numbers`) are compared with ``value`` in order.
    value : number or sequence of numbers
        What the chapter computed, one per number in ``text``. A percentage is
        compared as written: pass ``100 * fraction``.
    rel, abs : float, optional
        Tolerance for a rounded figure ("about 1500"); by default the value must
        round to the written digits (0.25 ties 0.2504 but not 0.2551).

    Raises
    ------
    ProseMismatch
        If a number of ``text`` is not what the computation gives.

    Examples
    --------
    >>> tie("converges in 2,976 steps", 2976)
    >>> tie("a loss of 0.25 and 45%", [0.2504, 45.2])
    >>> tie("about 1500 steps", 1484, rel=0.05)
    >>> tie("converges in 1500 steps", 2976)
    Traceback (most recent call last):
    ...
    mlcourse.chapters._book.prose.ProseMismatch: the prose says 1500 in "converges in 1500 steps" but the computation gives 2976
    """
    tokens = [part for token in prose_numbers(text) for part in re.split(r"(?<=\d)[-–](?=\d)", token)]
    values = np.atleast_1d(np.asarray(value, dtype=float)).ravel()
    if len(tokens) != values.size:
        raise ValueError(f"tie: {text!r} holds {len(tokens)} number(s) {tokens} but {values.size} value(s) came")
    for token, number in zip(tokens, values):
        if not _agrees(token, float(number), rel, abs):
            raise ProseMismatch(f'the prose says {token} in "{text}" but the computation gives {number:.6g}')


def given(*texts: str) -> None:
    """Declare numbers of the prose that are settings, definitions or dates, not results.

    Nothing is computed: this is the record that a number was chosen ("a rate of
    0.05", "1986"), so the test over the chapters can tell it from a result that
    nobody tied.

    Examples
    --------
    >>> given("0.05", "784-256-128-10", "1986")
    """
    for text in texts:
        if not isinstance(text, str) or not prose_numbers(text):
            raise ValueError(f"given: expected prose text holding a number, got {text!r}")


def claim(text: str, holds: Any) -> None:
    """Check a claim of the prose about computed results ("the loss rises at all three rates").

    Examples
    --------
    >>> losses = [0.9, 0.5, 0.2]
    >>> claim("the loss falls at every epoch", all(b < a for a, b in zip(losses, losses[1:])))
    >>> claim("the loss rises", losses[-1] > losses[0])
    Traceback (most recent call last):
    ...
    mlcourse.chapters._book.prose.ProseMismatch: the prose claims "the loss rises" but the computation does not support it
    """
    if not bool(np.all(holds)):
        raise ProseMismatch(f'the prose claims "{text}" but the computation does not support it')


def _tokens_of(texts: Iterable[str]) -> set[str]:
    return {token for text in texts for token in prose_numbers(text)}
