"""The book mechanism shared by every chapter, kept out of the library.

- :mod:`.widgets`: :class:`Widget`, :class:`Control`, :class:`Rendered`: a
  pure ``render(**params)`` served live in JupyterLab, as a pre-rendered
  static slider in the HTML book, and to the tests;
- :mod:`.display`: :func:`new_figure` (a figure not attached to pyplot) and
  :func:`show_source` (the library's own code as the book shows it) and
  :func:`plot_loss_curve` (the one loss-history plot);
- :mod:`.answers`: :class:`Feedback` and :func:`close_enough`, what the
  exercise checkers return and how they compare numbers.

Nothing here imports matplotlib or ipywidgets at import time.
"""

from __future__ import annotations

from .answers import Feedback, close_enough
from .display import new_figure, plot_loss_curve, show_source
from .widgets import Control, Rendered, Widget, format_number

__all__ = [
    "Control",
    "Rendered",
    "Widget",
    "format_number",
    "new_figure",
    "plot_loss_curve",
    "show_source",
    "Feedback",
    "close_enough",
]
