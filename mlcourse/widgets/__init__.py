"""Chapter widgets: one module per widget, each exposing ``WIDGET`` and ``render``.

The mechanism (pure ``render``, live ipywidgets view, static HTML slider) is in
:mod:`mlcourse.widgets._core`; see :class:`~mlcourse.widgets._core.Widget`.
Widget modules are imported on first use so that ``import mlcourse.widgets``
stays light.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from ._core import Control, Rendered, Widget, format_number

__all__ = ["Control", "Rendered", "Widget", "format_number", "WIDGET_MODULES", "get"]

#: Every widget module of the package (discovered: a new ``widgets/<name>.py``
#: with a ``WIDGET`` is picked up by the sweeping tests without registration).
WIDGET_MODULES: tuple[str, ...] = tuple(
    sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]) if not info.name.startswith("_"))
)


def get(name: str) -> Widget:
    """Return the ``WIDGET`` of the widget module ``name``."""
    if name not in WIDGET_MODULES:
        raise ValueError(f"unknown widget {name!r}; expected one of {list(WIDGET_MODULES)}")
    return importlib.import_module(f"{__name__}.{name}").WIDGET


def __getattr__(name: str) -> Any:
    if name in WIDGET_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'mlcourse.widgets' has no attribute {name!r}")
