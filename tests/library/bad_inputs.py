"""Machinery of the systematic bad-input test (tests/library/test_bad_input_api.py).

A :class:`Spec` describes one public callable: one VALID call (a value and a
:class:`Kind` per parameter) and how to make it. Each kind derives the bad
values appropriate for its parameter from the valid value (wrong type, wrong
shape, wrong dtype, NaN/inf, empty, out of range). A bad call replaces one
argument by one bad value. The rule it must obey:

- it raises ``ValueError`` or ``TypeError`` (``RuntimeError`` for state)
  whose message names the argument (its parameter name, or a documented
  alias, appears in the message);
- it never returns (a silent NaN/inf or a silently accepted value), never
  raises another exception type, never emits a ``RuntimeWarning``.

Bad values that a parameter legitimately accepts are removed explicitly with
``accept={label: reason}``; every reason is one line.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import itertools
import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

REFUSALS = (ValueError, TypeError)


# ----------------------------------------------------------------- bad values


@dataclass
class Bad:
    """One bad value of one parameter."""

    label: str
    value: Any
    #: Names one of which the message must contain (default: the parameter's name and aliases).
    names: tuple[str, ...] = ()
    #: Other arguments changed together with this one (e.g. ``seed=None`` for a bad ``rng``).
    extra: dict[str, Any] = field(default_factory=dict)
    #: The exception types that count as a refusal.
    errors: tuple[type[BaseException], ...] = REFUSALS


class Kind:
    """What a parameter expects; ``bad(valid)`` lists the bad values derived from a valid one.

    Parameters
    ----------
    optional : bool
        ``None`` is a valid value (it is then not among the bad values).
    more : sequence of Bad
        Bad values specific to one callable (e.g. a label above ``n_classes``).
    accept : dict of str to str
        Bad values (by label) this parameter legitimately accepts, each with its reason.
    """

    def __init__(
        self, *, optional: bool = False, more: tuple[Bad, ...] = (), accept: dict[str, str] | None = None
    ) -> None:
        self.optional = optional
        self.more = tuple(more)
        self.accept = dict(accept or {})

    def candidates(self, valid: Any) -> list[Bad]:  # pragma: no cover - abstract
        raise NotImplementedError

    def bad(self, valid: Any) -> list[Bad]:
        values = [b for b in self.candidates(valid) if not (self.optional and b.value is None and b.label == "None")]
        values += list(self.more)
        labels = [b.label for b in values]
        unknown = set(self.accept) - set(labels)
        if unknown:
            raise AssertionError(f"accept= names no bad value: {sorted(unknown)} (labels: {labels})")
        duplicated = {label for label in labels if labels.count(label) > 1}
        if duplicated:
            raise AssertionError(f"duplicated bad-value labels {sorted(duplicated)}")
        return [b for b in values if b.label not in self.accept]


def wrong_types() -> list[Bad]:
    """Values of the wrong type for any argument that is not itself a container or an object."""
    return [Bad("None", None), Bad("str", "abc"), Bad("dict", {"a": 1}), Bad("object", object())]


def _with(array: np.ndarray, index: Any, value: Any, dtype: Any = None) -> np.ndarray:
    out = np.array(array, dtype=dtype if dtype is not None else array.dtype, copy=True)
    out[index] = value
    return out


class Floats(Kind):
    """A float array (features, predictions, gradients).

    Parameters
    ----------
    ndim : int or tuple of int, optional
        The accepted numbers of dimensions; ``None`` for any (elementwise functions).
    pair : bool
        Another argument must have the same number of rows: one row fewer is bad.
    width : bool
        The number of columns is fixed (a layer's ``n_in``, the features seen in fit).
    bool_ok : bool
        Booleans are numbers here (0/1 targets).
    """

    def __init__(
        self,
        ndim: int | tuple[int, ...] | None = None,
        *,
        pair: bool = False,
        width: bool = False,
        bool_ok: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.ndim = (ndim,) if isinstance(ndim, int) else ndim
        self.pair, self.width, self.bool_ok = pair, width, bool_ok

    def candidates(self, valid: Any) -> list[Bad]:
        v = np.asarray(valid, dtype=np.float64) if not isinstance(valid, np.ndarray) else valid
        out = wrong_types()
        out += [
            Bad("object dtype", v.astype(object)),
            Bad("str dtype", v.astype(str)),
            Bad("complex dtype", v.astype(complex) + 1j),
        ]
        if not self.bool_ok:
            out.append(Bad("bool dtype", v != 0))
        if self.ndim is not None:
            if 0 not in self.ndim:
                out.append(Bad("0-D", np.float64(1.0)))
            extra = v
            while extra.ndim <= max(self.ndim):
                extra = extra[..., None]
            out.append(Bad("extra axis", np.repeat(extra, 2, axis=-1)))
        if self.pair:
            out.append(Bad("one row fewer", v[:-1]))
        if self.width:
            out.append(Bad("one column more", np.concatenate([v, v[:, :1]], axis=1)))
        out.append(Bad("empty", np.empty((0,) + v.shape[1:], dtype=v.dtype)))
        real = np.result_type(v.dtype, np.float16)  # integer targets get NaN as float64
        out += [Bad("NaN", _with(v, (0,) * v.ndim, np.nan, real)), Bad("inf", _with(v, (-1,) * v.ndim, np.inf, real))]
        return out


class Probabilities(Floats):
    """Probabilities in [0, 1]; with ``rows=True`` each row sums to 1 (categorical)."""

    def __init__(self, ndim: int | tuple[int, ...] | None = None, *, rows: bool = False, **options: Any) -> None:
        super().__init__(ndim, **options)
        self.rows = rows

    def candidates(self, valid: Any) -> list[Bad]:
        v = np.asarray(valid, dtype=np.float64)
        out = super().candidates(valid)
        if self.rows:  # rows still summing to 1, so that only the range is wrong
            out += [
                Bad("above 1", _with(v, 0, [1.5, -0.25, -0.25])),
                Bad("negative", _with(v, 0, [-0.1, 0.6, 0.5])),
                Bad("rows summing to 3", v * 3),
            ]
        else:
            out += [Bad("above 1", _with(v, 0, 1.5)), Bad("negative", _with(v, 0, -0.1))]
        return out


class Labels(Kind):
    """Integer class labels 0 .. n_classes - 1 (1-D)."""

    def __init__(self, *, pair: bool = False, n_classes: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.pair, self.n_classes = pair, n_classes

    def candidates(self, valid: Any) -> list[Bad]:
        v = np.asarray(valid)
        out = wrong_types()
        out += [
            Bad("object dtype", v.astype(object)),
            Bad("str dtype", v.astype(str)),
            Bad("complex dtype", v.astype(complex) + 1j),
            Bad("bool dtype", v != 0),
            Bad("0-D", np.int64(1)),
            Bad("2-D", v[:, None]),
        ]
        if self.pair:
            out.append(Bad("one row fewer", v[:-1]))
        out += [
            Bad("empty", v[:0]),
            Bad("negative", _with(v, 0, -1)),
            Bad("fractional", _with(v, 0, 0.5, float)),
            Bad("NaN", _with(v, 0, np.nan, float)),
            Bad("inf", _with(v, 0, np.inf, float)),
            Bad("1e20", _with(v, 0, 1e20, float)),
        ]
        if self.n_classes is not None:
            out.append(Bad("label >= n_classes", _with(v, 0, self.n_classes)))
        return out


class AnyLabels(Kind):
    """Class labels of any sortable type (strings too), 1-D, as scikit-learn takes them."""

    def __init__(self, *, pair: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.pair = pair

    def candidates(self, valid: Any) -> list[Bad]:
        v = np.asarray(valid)
        out = [
            Bad("None", None),
            Bad("dict", {"a": 1}),
            Bad("object", object()),
            Bad("0-D", np.int64(1)),
            Bad("2-D", v[:, None]),
        ]
        if self.pair:
            out.append(Bad("one row fewer", v[:-1]))
        out += [
            Bad("empty", v[:0]),
            Bad("holding None", _with(v, 0, None, object)),
            Bad("NaN", _with(v, 0, np.nan, float)),
        ]
        return out


class Samples(Kind):
    """Rows of anything (a splitter's or batcher's X and y): only the number of rows matters."""

    def __init__(self, *, pair: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.pair = pair

    def candidates(self, valid: Any) -> list[Bad]:
        v = np.asarray(valid)
        out = [Bad("None", None), Bad("str", "abc"), Bad("object", object()), Bad("0-D", np.float64(1.0))]
        if self.pair:
            out.append(Bad("one row fewer", v[:-1]))
        out.append(Bad("empty", v[:0]))
        return out


class Real(Kind):
    """A finite real number (any sign)."""

    def candidates(self, valid: Any) -> list[Bad]:
        return wrong_types() + [
            Bad("bool", True),
            Bad("complex", 1 + 1j),
            Bad("array", np.ones(2)),
            Bad("NaN", math.nan),
            Bad("inf", math.inf),
        ]


class Positive(Real):
    """A finite number > 0."""

    def candidates(self, valid: Any) -> list[Bad]:
        return super().candidates(valid) + [Bad("zero", 0.0), Bad("negative", -1.0)]


class NonNegative(Real):
    """A finite number >= 0."""

    def candidates(self, valid: Any) -> list[Bad]:
        return super().candidates(valid) + [Bad("negative", -1.0)]


class Unit(Real):
    """A number in an interval of [0, 1]: [0, 1) by default (a dropout rate, a momentum)."""

    def __init__(self, *, low_open: bool = False, high_open: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.low_open, self.high_open = low_open, high_open

    def candidates(self, valid: Any) -> list[Bad]:
        out = super().candidates(valid) + [Bad("negative", -0.1), Bad("above 1", 1.5)]
        if self.low_open:
            out.append(Bad("zero", 0.0))
        if self.high_open:
            out.append(Bad("one", 1.0))
        return out


class Int(Kind):
    """An integer, at least ``minimum``."""

    def __init__(self, minimum: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.minimum = minimum

    def candidates(self, valid: Any) -> list[Bad]:
        out = wrong_types() + [Bad("float", 2.5), Bad("bool", True), Bad("NaN", math.nan)]
        if self.minimum is not None:
            out.append(Bad(f"{self.minimum - 1} (below {self.minimum})", self.minimum - 1))
        return out


class Choice(Kind):
    """One of a set of names."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [Bad("None", None), Bad("int", 3), Bad("unknown name", "bogus"), Bad("object", object())]


class Flag(Kind):
    """A bool (a string such as "no" is true for ``bool()``: refused, like scikit-learn)."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [Bad("None", None), Bad("str", "no"), Bad("array", np.array([True, False]))]


class Text(Kind):
    """A free string (a label, a prefix)."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [Bad("int", 5), Bad("object", object())]


class Function(Kind):
    """A callable."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [Bad("None", None), Bad("int", 5), Bad("str", "abc")]


class Instance(Kind):
    """An object of a given class (a model, a Value, an EarlyStopping)."""

    def __init__(self, cls: type, **options: Any) -> None:
        super().__init__(**options)
        self.cls = cls

    def candidates(self, valid: Any) -> list[Bad]:
        return [
            Bad("None", None),
            Bad("int", 5),
            Bad("str", "abc"),
            Bad("object", object()),
            Bad("the class itself", self.cls),
        ]


class Rng(Kind):
    """A numpy Generator (bad values are tried with ``seed=None``, else "not both" would answer)."""

    def candidates(self, valid: Any) -> list[Bad]:
        no_seed = {"seed": None}
        return [
            Bad("int", 42, extra=no_seed),
            Bad("str", "abc", extra=no_seed),
            Bad("RandomState", np.random.RandomState(0), extra=no_seed),
            Bad("object", object(), extra=no_seed),
            Bad("Generator and seed", np.random.default_rng(0), extra={"seed": 0}),
        ]


class Seed(Kind):
    """An integer seed >= 0, or None."""

    def __init__(self, **options: Any) -> None:
        super().__init__(optional=True, **options)

    def candidates(self, valid: Any) -> list[Bad]:
        no_rng = {"rng": None}
        return [
            Bad("float", 1.5, extra=no_rng),
            Bad("str", "abc", extra=no_rng),
            Bad("bool", True, extra=no_rng),
            Bad("negative", -1, extra=no_rng),
            Bad("object", object(), extra=no_rng),
        ]


class DType(Kind):
    """float32 or float64."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [
            Bad("int32", np.int32),
            Bad("float16", np.float16),
            Bad("complex128", np.complex128),
            Bad("unknown name", "abc"),
            Bad("object", object()),
        ]


class Range(Kind):
    """A pair of finite numbers (low, high) with low < high."""

    def candidates(self, valid: Any) -> list[Bad]:
        return [
            Bad("None", None),
            Bad("str", "ab"),
            Bad("number", 5.0),
            Bad("three numbers", (1.0, 2.0, 3.0)),
            Bad("reversed", (3.0, -3.0)),
            Bad("equal ends", (1.0, 1.0)),
            Bad("NaN", (math.nan, 1.0)),
            Bad("inf", (0.0, math.inf)),
        ]


class Sizes(Kind):
    """A sequence of layer widths (ints >= 1), at least ``min_len`` of them."""

    def __init__(self, min_len: int = 1, **options: Any) -> None:
        super().__init__(**options)
        self.min_len = min_len

    def candidates(self, valid: Any) -> list[Bad]:
        v = list(valid)
        out = [Bad("None", None), Bad("str", "abc")]
        if self.min_len > 0:
            out.append(Bad("too few", v[: self.min_len - 1]))
        return out + [
            Bad("zero width", [*v[:-1], 0]),
            Bad("negative width", [*v[:-1], -2]),
            Bad("fractional width", [*v[:-1], 2.5]),
            Bad("bool width", [*v[:-1], True]),
            Bad("nested", [v]),
        ]


class Params(Kind):
    """A list of nn.Parameter objects."""

    def candidates(self, valid: Any) -> list[Bad]:
        from mlcourse.nn import Parameter

        v = list(valid)
        return [
            Bad("None", None),
            Bad("int", 5),
            Bad("str", "abc"),
            Bad("empty", []),
            Bad("arrays", [np.zeros(2)]),
            Bad("a single Parameter", Parameter(np.zeros(2))),
            Bad("the same Parameter twice", [v[0], v[0]]),
        ]


class Custom(Kind):
    """Bad values written out by hand (containers, dicts of hyper-parameters, ...)."""

    def __init__(self, *bads: Bad, **options: Any) -> None:
        super().__init__(**options)
        self.bads = bads

    def candidates(self, valid: Any) -> list[Bad]:
        return list(self.bads)


# ---------------------------------------------------------------------- specs


@dataclass
class Spec:
    """One public callable: how to call it validly, and the kind of each argument."""

    #: The function or class (for the constructor) under test; its signature lists the parameters.
    func: Callable[..., Any]
    #: Name in the test ids, e.g. "data.train_test_split" or "nn.Linear.forward".
    name: str
    #: ``call(**arguments)`` performs the call (builds the object of a method first).
    call: Callable[..., Any]
    #: Parameter -> (valid value, kind); valid values are deep-copied for every call.
    params: dict[str, tuple[Any, Kind]]
    #: Returns valid arguments that must be built together (a model and its optimizer).
    make: Callable[[], dict[str, Any]] | None = None
    #: Parameter -> other names that count as naming it (documented wording).
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Parameter -> why it gets no bad values.
    untested: dict[str, str] = field(default_factory=dict)

    def arguments(self) -> dict[str, Any]:
        arguments = {name: copy.deepcopy(valid) for name, (valid, _) in self.params.items()}
        if self.make is not None:
            arguments.update(self.make())
        return arguments

    def bad_values(self, param: str) -> list[Bad]:
        return self.params[param][1].bad(self.arguments()[param])

    def names_for(self, param: str, bad: Bad) -> tuple[str, ...]:
        return bad.names or (param, *self.aliases.get(param, ()))


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None
    caught: list[warnings.WarningMessage] = field(default_factory=list)

    @property
    def runtime_warnings(self) -> list[str]:
        return [f"{w.category.__name__}: {w.message}" for w in self.caught if issubclass(w.category, RuntimeWarning)]


def realize(result: Any) -> Any:
    """Run what a call returns lazily: consume iterators, enter context managers."""
    if isinstance(result, Iterator):
        return list(itertools.islice(result, 10_000))
    if hasattr(result, "__enter__") and hasattr(result, "__exit__") and not isinstance(result, np.ndarray):
        with result as inner:
            return inner
    return result


def run(call: Callable[..., Any], arguments: dict[str, Any]) -> Outcome:
    """Call with every warning recorded (none is shown nor turned into an error)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = realize(call(**arguments))
        except Exception as error:  # noqa: BLE001 - judged by the caller
            return Outcome(error=error, caught=list(caught))
    return Outcome(result=result, caught=list(caught))


def nonfinite(value: Any, depth: int = 0) -> str | None:
    """Where a result holds NaN/inf (arrays, numbers, containers, records, modules), or None."""
    from mlcourse.nn import Module

    if depth > 4:
        return None
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (float, np.floating, complex, np.complexfloating)):
        return None if np.isfinite(value) else f"the number {value}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value)):
            return f"an array of shape {value.shape} with NaN/inf"
        return None
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, Module):
        items = list(value.state_dict().values())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return None
    for item in items[:1000]:
        found = nonfinite(item, depth + 1)
        if found:
            return found
    return None


def short(value: Any) -> str:
    text = (
        repr(value) if not isinstance(value, np.ndarray) else f"array{value.shape} {np.array2string(value.ravel()[:4])}"
    )
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:87] + "..."


def mentions(message: str, name: str) -> bool:
    """Whether ``message`` names ``name``: at the start of a word (plurals and ``name[0]`` count);
    a name of one or two characters must be the whole word."""
    if len(name) <= 2:
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}", message) is not None


def judge_refusal(
    outcome: Outcome, names: tuple[str, ...], errors: tuple[type[BaseException], ...] = REFUSALS
) -> str | None:
    """None when the call was refused as the rule asks, else what went wrong."""
    problems = []
    if outcome.error is None:
        where = nonfinite(outcome.result)
        problems.append(f"accepted: returned {short(outcome.result)}" + (f" (with {where})" if where else ""))
    else:
        error = outcome.error
        message = str(error)
        kind = type(error).__name__
        if not isinstance(error, errors):
            problems.append(f"raised {kind} (expected {' or '.join(e.__name__ for e in errors)}): {message[:160]!r}")
        elif not any(mentions(message, name) for name in names):
            problems.append(f"{kind} does not name {' / '.join(names)}: {message[:160]!r}")
    if outcome.runtime_warnings:
        problems.append("warned " + "; ".join(outcome.runtime_warnings)[:160])
    return "; ".join(problems) or None


def parameters_of(func: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    """The public parameters of a function or of a class's constructor (no self, no _private)."""
    signature = inspect.signature(func)
    return {name: p for name, p in signature.parameters.items() if name != "self" and not name.startswith("_")}
