"""Answer checkers for the chapters' exercises.

Each chapter module has ``check_*`` functions: a learner passes an answer and
gets, at once, a :class:`Feedback` saying whether it is right (and a hint when
it is not). The right answers are computed by the library, never typed in.
For exercises in which the learner writes a function, :func:`check_function`
runs it against the library's on random inputs and says what is wrong: an
error, a changed argument, a shape, a sign, a constant factor, or the input on
which it differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["Feedback", "check_function", "close_enough"]


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


def _as_outputs(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, tuple) else (value,)


def _describe_input(arguments: tuple[Any, ...], names: Sequence[str]) -> str:
    def short(value: Any) -> str:
        if isinstance(value, np.random.Generator):  # its repr is a memory address: name the call that made it
            entropy = value.bit_generator.seed_seq.entropy
            return f"np.random.default_rng({entropy})" if isinstance(entropy, int) else "a numpy Generator"
        if isinstance(value, (list, tuple)) and any(np.ndim(item) for item in value):  # a list of arrays
            return "[" + ", ".join(short(item) for item in value) + "]"
        array = np.asarray(value)
        if array.ndim and array.size > 12:
            return f"array of shape {array.shape}"
        if not array.ndim:
            return repr(value)
        if array.dtype.kind == "f":
            array = np.round(array, 3)
        return repr(array.tolist())  # on one line, a matrix too

    return ", ".join(f"{name}={short(value)}" for name, value in zip(names, arguments))


def _diagnose(got: np.ndarray, expected: np.ndarray, what: str) -> str:
    """Why ``got`` is not ``expected`` (same shape): flipped sign, a constant factor, transposed, or where."""
    if np.allclose(got, -expected, rtol=1e-6, atol=1e-9) and np.any(expected != 0):
        return f"{what} has the wrong sign everywhere: check the direction of a difference (prediction - target)."
    nonzero = np.abs(expected) > 1e-12
    if nonzero.sum() >= 2:  # one number is always some multiple of another: say so only for arrays
        ratios = got[nonzero] / expected[nonzero]
        if np.allclose(ratios, ratios.flat[0], rtol=1e-6) and np.allclose(got[~nonzero], 0, atol=1e-9):
            return (
                f"{what} is {ratios.flat[0]:.4g} times the right value everywhere: a missing or extra constant "
                "factor (a 2 from a square, a 1/n from a mean, the learning rate)."
            )
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got.T, expected, rtol=1e-6, atol=1e-9):
        return f"{what} is transposed."
    index = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
    where = f" at index {tuple(int(i) for i in index)}" if got.ndim else ""
    return f"{what} differs{where}: expected {expected[index]:.6g}, got {got[index]:.6g}."


def check_function(
    candidate: Callable[..., Any],
    reference: Callable[..., Any],
    make_inputs: Callable[[np.random.Generator], tuple[Any, ...]],
    *,
    names: Sequence[str],
    outputs: Sequence[str] = ("the result",),
    trials: int = 20,
    seed: int = 0,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    success: str = "",
    mistakes: Sequence[tuple[Callable[..., Any], str]] = (),
) -> Feedback:
    """Run a learner's function against the library's on random inputs and say what is wrong, if anything.

    For ``trials`` inputs drawn by ``make_inputs(rng)``, the candidate and the
    reference are called on copies of the same arguments; the first
    difference is reported: an exception, a changed input (the function must
    not modify its arguments), a wrong number of outputs, a wrong shape, a
    flipped sign, a constant factor, a transposed matrix, or the entry that
    differs most, with the input that shows it.

    Parameters
    ----------
    candidate, reference : callable
        The learner's function and the library's (same arguments).
    make_inputs : callable
        ``make_inputs(rng) -> tuple`` of arguments; the first trials should
        be small enough to read in the message.
    names : sequence of str
        The arguments' names, for the message.
    outputs : sequence of str
        The names of the outputs (a function returning a tuple has several).
    trials, seed : int
        How many random inputs, from which seed.
    rtol, atol : float
        Tolerances of the comparison.
    success : str
        What to say when every trial agrees.
    mistakes : sequence of (callable, str)
        Known wrong versions and a hint for each: when the refused candidate
        agrees with one of them on every trial, its hint is added.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def centred(x):
    ...     return x - x.mean()
    >>> def inputs(rng):
    ...     return (rng.normal(size=4),)
    >>> check_function(centred, centred, inputs, names=["x"]).correct
    True
    >>> check_function(lambda x: 2 * (x - x.mean()), centred, inputs, names=["x"])
    Not yet. On x=[0.126, -0.132, 0.64, 0.105]: the result is 2 times the right value everywhere: a missing or extra constant factor (a 2 from a square, a 1/n from a mean, the learning rate).
    """
    verdict = _first_difference(candidate, reference, make_inputs, names, outputs, trials, seed, rtol, atol)
    if verdict is None:
        return Feedback(True, success or f"Your function agrees with the library's on {trials} random inputs.")
    for mistake, hint in mistakes:
        if _first_difference(candidate, mistake, make_inputs, names, outputs, trials, seed, rtol, atol) is None:
            return Feedback(False, f"{verdict} {hint}")
    return Feedback(False, verdict)


def _first_difference(
    candidate: Callable[..., Any],
    reference: Callable[..., Any],
    make_inputs: Callable[[np.random.Generator], tuple[Any, ...]],
    names: Sequence[str],
    outputs: Sequence[str],
    trials: int,
    seed: int,
    rtol: float,
    atol: float,
) -> str | None:
    """The message for the first trial on which ``candidate`` and ``reference`` differ (None: they agree)."""
    import copy

    rng = np.random.default_rng(seed)
    for _ in range(trials):
        arguments = make_inputs(rng)
        shown = _describe_input(arguments, names)
        given = copy.deepcopy(arguments)
        try:
            got = candidate(*given)
        except Exception as error:  # the learner's code: any failure is feedback, not a crash
            return f"On {shown}: your function raised {type(error).__name__}: {error}"
        for name, before, after in zip(names, arguments, given):
            if _changed(before, after):
                return f"On {shown}: your function changed its argument {name}; compute a new array."
        expected = _as_outputs(reference(*copy.deepcopy(arguments)))
        got_outputs = _as_outputs(got)
        if len(got_outputs) != len(expected):
            return f"Your function returns {len(got_outputs)} value(s); expected {len(expected)}."
        labels = [*outputs, *(f"output {index + 1}" for index in range(len(outputs), len(expected)))]
        for what, value, right in zip(labels, got_outputs, expected):
            verdict = _compare(value, right, what, rtol=rtol, atol=atol)
            if verdict:
                return f"On {shown}: {verdict}"
    return None


def _changed(before: Any, after: Any) -> bool:
    """Whether an argument (an array, or a list or tuple holding arrays) was modified by the call."""
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(before, after))
    if isinstance(before, (list, tuple)):
        return len(before) != len(after) or any(_changed(b, a) for b, a in zip(before, after))
    return False


def _compare(value: Any, right: Any, what: str, *, rtol: float, atol: float) -> str:
    """'' when ``value`` matches ``right``, else what is wrong."""
    if value is None:
        return f"{what} is None: did you forget a return statement?"
    if isinstance(right, (list, tuple)) and any(np.ndim(item) for item in right):  # a list of arrays
        if not isinstance(value, (list, tuple)) or len(value) != len(right):
            size = len(value) if isinstance(value, (list, tuple)) else type(value).__name__
            return f"{what} should be a list of {len(right)} arrays, got {size}."
        for index, (item, right_item) in enumerate(zip(value, right)):
            verdict = _compare(item, right_item, f"{what}[{index}]", rtol=rtol, atol=atol)
            if verdict:
                return verdict
        return ""
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return f"{what} should be numbers, got {type(value).__name__}."
    expected = np.asarray(right, dtype=float)
    if got.shape != expected.shape:
        return f"{what} has shape {got.shape}, expected {expected.shape}."
    if not np.all(np.isfinite(got)):
        return f"{what} holds NaN or inf."
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return ""
    return _diagnose(got, expected, what)
