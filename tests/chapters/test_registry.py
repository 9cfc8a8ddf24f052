"""mlcourse.chapters: the topic folders and the widget registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlcourse import chapters
from mlcourse.chapters._book import Widget
from tests.conftest import ROOT, imported_modules
from tools.list_chapters import chapters_only


def test_every_chapter_notebook_has_its_topic_folder():
    notebooks = {Path(path).stem.split("_", 1)[1] for path in chapters_only()}  # not the pages under them
    assert notebooks == set(chapters.TOPICS)


def test_every_topic_has_the_standard_modules_and_nothing_else_public():
    allowed = {"__init__.py", "analysis.py", "plots.py", "widget.py", "exercises.py"}
    for topic in chapters.TOPICS:
        files = {path.name for path in (ROOT / "mlcourse" / "chapters" / topic).glob("*.py")}
        assert files <= allowed, f"{topic}: {sorted(files - allowed)}"
        assert {"__init__.py", "plots.py"} <= files, topic


def test_exercises_never_import_a_widget():
    for path in (ROOT / "mlcourse" / "chapters").glob("*/exercises.py"):
        imported = imported_modules(path)
        assert not [name for name in imported if "widget" in name], (path, imported)


def test_widget_names_resolve_to_widgets():
    names = chapters.widget_names()
    assert "linear_regression" in names and "perceptron.TRAINING_WIDGET" in names
    for name in names:
        assert isinstance(chapters.get_widget(name), Widget)


@pytest.mark.parametrize("name, error", [("nope", ValueError), ("perceptron.NOPE_WIDGET", ValueError), (3, TypeError)])
def test_unknown_widgets_are_refused(name, error):
    with pytest.raises(error, match="widget|name"):
        chapters.get_widget(name)
