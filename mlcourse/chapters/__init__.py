"""The chapters' own code: one folder per chapter topic, and the book mechanism.

Each topic folder (named by topic, not by chapter number, so that the book can
be reordered without renaming code) holds

- ``analysis.py``: the chapter's experiments and data, built on the library;
- ``plots.py``: its figures, as functions of data;
- ``widget.py``: its interactive figures (render only), each a
  :class:`~mlcourse.chapters._book.Widget` in a module attribute whose name
  ends in ``WIDGET`` (the main one is ``WIDGET``);
- ``exercises.py``: the answer checkers (they never import a widget).

The book mechanism (widgets, source display, figure helpers, answer checking)
is :mod:`mlcourse.chapters._book`. The library (:mod:`mlcourse`) never imports
from here. Modules are imported on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ._book.widgets import Widget

__all__ = ["TOPICS", "widget_names", "get_widget"]

_HERE = Path(__file__).parent

#: The chapter topic folders, discovered (a new folder is picked up without registration).
TOPICS: tuple[str, ...] = tuple(
    sorted(info.name for info in pkgutil.iter_modules([str(_HERE)]) if info.ispkg and not info.name.startswith("_"))
)


def _widget_attributes(topic: str) -> dict[str, Widget]:
    module = importlib.import_module(f"{__name__}.{topic}.widget")
    return {
        name: value for name, value in vars(module).items() if name.endswith("WIDGET") and isinstance(value, Widget)
    }


def widget_names() -> tuple[str, ...]:
    """Every widget of the book, as ``"<topic>"`` (its ``WIDGET``) or ``"<topic>.<NAME>_WIDGET"``.

    Imports each chapter's ``widget`` module (matplotlib is imported only
    when a widget renders).
    """
    names = []
    for topic in TOPICS:
        if not (_HERE / topic / "widget.py").exists():
            continue
        for attribute in sorted(_widget_attributes(topic)):
            names.append(topic if attribute == "WIDGET" else f"{topic}.{attribute}")
    return tuple(names)


def get_widget(name: str) -> Widget:
    """Return the widget called ``name`` (one of :func:`widget_names`)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    topic, _, attribute = name.partition(".")
    if topic not in TOPICS or not (_HERE / topic / "widget.py").exists():
        raise ValueError(f"unknown widget {name!r}; expected one of {list(widget_names())}")
    widgets = _widget_attributes(topic)
    attribute = attribute or "WIDGET"
    if attribute not in widgets:
        raise ValueError(f"unknown widget {name!r}; expected one of {list(widget_names())}")
    return widgets[attribute]
