"""The book mechanism shared by every chapter, kept out of the library.

- :mod:`.widgets`: :class:`Widget`, :class:`Scene`, :class:`Control`,
  :class:`Rendered`, :func:`figure_digest`: a scene built once and updated
  per state, served live in JupyterLab, as a pre-rendered static slider in
  the HTML book, and to the tests (numbers and plot digests);
- :mod:`.display`: :func:`new_figure` (a figure not attached to pyplot) and
  :func:`show_source` (the library's own code as the book shows it) and
  :func:`plot_loss_curve` (the one loss-history plot);
- :mod:`.answers`: :class:`Feedback` and :func:`close_enough`, what the
  exercise checkers return and how they compare numbers.

Nothing here imports matplotlib or ipywidgets at import time.
"""

from __future__ import annotations

from .answers import Feedback, check_function, close_enough
from .display import new_figure, plot_loss_curve, show_source
from .widgets import Control, Rendered, Scene, Widget, figure_digest, format_number

__all__ = [
    "Control",
    "Rendered",
    "Scene",
    "figure_digest",
    "Widget",
    "format_number",
    "new_figure",
    "plot_loss_curve",
    "show_source",
    "Feedback",
    "check_function",
    "close_enough",
]
