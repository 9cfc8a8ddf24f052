"""mlcourse: the tested numpy library behind the mlcourse book.

The library is the flat set of modules a learner builds, trains and evaluates
networks with (``mlcourse.nn``, ``mlcourse.optim``, ``mlcourse.train``, ...).
They are imported on first use, so that ``import mlcourse`` stays fast and
never imports matplotlib or ipywidgets. The chapters' own experiments, plots,
widgets and exercise checkers live in :mod:`mlcourse.chapters`, which the
library never imports.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

#: Every library module, discovered from the package folder (no import needed).
_SUBMODULES = tuple(
    sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not info.name.startswith("_") and not info.ispkg
    )
)

__all__ = list(_SUBMODULES) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'mlcourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
