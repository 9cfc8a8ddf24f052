"""The one sweep of a widget's whole parameter grid, shared by every widget test.

Each widget keeps one scene (as the live widget does) and is updated to every
state in grid order; each state is swept once per test process and cached.
Tests read the numbers as a list of ``(params, numbers)`` pairs or as a table
keyed by the parameter values, and the plot digests as a dict.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from mlcourse import chapters
from mlcourse.chapters._book.widgets import figure_digest


def state_key(params: dict[str, Any]) -> str:
    """A state as stable text, e.g. ``"learning_rate=0.1, epochs=50"`` (control order)."""
    return ", ".join(f"{name}={value!r}" for name, value in params.items())


def digest_hash(text: str) -> str:
    """The stored form of a digest: 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@cache
def _sweep(name: str) -> tuple[tuple[dict[str, Any], dict[str, Any], str], ...]:
    widget = chapters.get_widget(name)
    scene = widget.build()
    results = []
    for params in widget.grid():
        numbers = widget.update(scene, **params)
        figure = scene.figure
        assert figure.axes, f"{name}{params}: the figure has no axes"
        results.append((params, numbers, figure_digest(figure)))
    return tuple(results)


def sweep(name: str) -> tuple[tuple[dict[str, Any], dict[str, Any]], ...]:
    """Every state of the widget ``name``: ``(params, numbers)`` pairs, in grid order."""
    return tuple((params, numbers) for params, numbers, _ in _sweep(name))


def digests(name: str) -> dict[str, str]:
    """Every state's plot digest (:func:`figure_digest`), keyed by :func:`state_key`."""
    return {state_key(params): digest for params, _, digest in _sweep(name)}


def table(name: str, *keys: str) -> dict[Any, dict[str, Any]]:
    """The sweep as a dict: keyed by the values of ``keys`` (a tuple, or the value for one key),
    or by ``tuple(sorted(params.items()))`` when no key is given."""
    result = {}
    for params, numbers in sweep(name):
        if not keys:
            key: Any = tuple(sorted(params.items()))
        elif len(keys) == 1:
            key = params[keys[0]]
        else:
            key = tuple(params[k] for k in keys)
        result[key] = numbers
    return result
