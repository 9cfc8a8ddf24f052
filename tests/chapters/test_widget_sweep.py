"""Sweep every chapter widget's parameter grid headless and check the theory.

Each widget of ``mlcourse.chapters.widget_names()`` is rendered at every
combination of its controls. Two things must hold everywhere: the
numbers are finite (or booleans/strings), and the figure has axes. Then each
widget has a check of its own: the numbers must move the way the chapter says.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import chapters
from tests.chapters.widget_sweep import sweep

ALL_WIDGETS = list(chapters.widget_names())


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_every_state_renders_finite_numbers(name):
    for params, numbers in sweep(name):
        assert numbers, f"{name}{params}: no numbers"
        for key, value in numbers.items():
            if isinstance(value, (bool, str, np.bool_)):
                continue
            assert math.isfinite(float(value)), f"{name}{params}: {key} = {value}"


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_default_state_numbers_text_is_stable(name):
    widget = chapters.get_widget(name)
    assert widget.numbers_text() == widget.numbers_text()
