"""The one sweep of a widget's whole parameter grid, shared by every widget test.

Each state is rendered once per test process and cached; tests read the
numbers as a list of ``(params, numbers)`` pairs or as a table keyed by the
parameter values.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from mlcourse import chapters


@cache
def sweep(name: str) -> tuple[tuple[dict[str, Any], dict[str, Any]], ...]:
    """Render every state of the widget ``name`` once: ``(params, numbers)`` pairs, in grid order."""
    widget = chapters.get_widget(name)
    results = []
    for params in widget.grid():
        rendered = widget.render(**params)
        assert rendered.figure.axes, f"{name}{params}: the figure has no axes"
        results.append((params, rendered.numbers))
        rendered.figure.clear()
    return tuple(results)


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
