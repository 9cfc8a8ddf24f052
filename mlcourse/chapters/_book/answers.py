"""Answer checkers for the chapters' exercises.

Each chapter module has ``check_*`` functions: a learner passes an answer and
gets, at once, a :class:`Feedback` saying whether it is right (and a hint when
it is not). The right answers are computed by the library, never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Feedback", "close_enough"]


@dataclass
class Feedback:
    """The verdict on an answer: ``correct`` and a message (shown as its repr)."""

    correct: bool
    message: str

    def __repr__(self) -> str:
        return ("Correct. " if self.correct else "Not yet. ") + self.message

    def __bool__(self) -> bool:
        return self.correct


def close_enough(answer: Any, expected: Any, *, rtol: float = 1e-3, atol: float = 1e-6) -> bool:
    """Whether a numeric answer matches the expected value (same shape, within tolerance)."""
    try:
        answer_array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    expected_array = np.asarray(expected, dtype=float)
    if answer_array.shape != expected_array.shape:
        return False
    return bool(np.allclose(answer_array, expected_array, rtol=rtol, atol=atol))
