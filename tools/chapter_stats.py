"""Measure each chapter as a reader meets it: cells, displayed source, prose ties, study time.

Usage: python tools/chapter_stats.py [book/NN_topic.ipynb ...]   (default: every chapter)

The same functions back the rules in ``tests/book/test_chapter_rules.py`` and
``tests/book/test_prose_ties.py``, so the numbers printed here are the ones the
tests hold the chapters to.
"""

from __future__ import annotations

import ast
import json
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlcourse.chapters._book.prose import prose_numbers  # noqa: E402
from tools.list_chapters import chapter_notebooks  # noqa: E402

#: Reading speed for technical prose, and for code a reader studies line by line: 10 lines a
#: minute, measured in characters (other than spaces; 53 a line in the chapters before they were
#: formatted by ruff), so that a call wrapped over several lines does not count as more to read.
WORDS_PER_MINUTE = 150
CODE_CHARACTERS_PER_MINUTE = 500
MINUTES_PER_EXERCISE = 3
HIDDEN = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
PROSE_CALLS = ("tie", "given", "claim")
TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)\s*(?:<[^`>]*>)?`")


def as_read(markdown: str) -> str:
    """The Markdown with each glossary link shown as the reader sees it: {term}`weights <Weight>` -> weights."""
    return TERM_ROLE.sub(lambda match: match.group(1), markdown)


@dataclass
class Chapter:
    """What one chapter notebook shows a reader."""

    path: Path
    markdown: list[str] = field(default_factory=list)
    code: list[dict] = field(default_factory=list)

    @classmethod
    def read(cls, path: str | Path) -> "Chapter":
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        chapter = cls(Path(path))
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and "remove-cell" in cell["metadata"].get("tags", []):
                continue  # the notebook's how-to-run note: not part of the chapter a reader studies
            if "plot-digest" in cell["metadata"].get("tags", []):
                continue  # a widget figure's regression check (hidden everywhere), not code a reader studies
            if cell["cell_type"] == "markdown":
                chapter.markdown.append(source)
            elif cell["cell_type"] == "code":
                chapter.code.append(
                    {
                        "source": source,
                        "tags": set(cell["metadata"].get("tags", [])),
                        "outputs": cell.get("outputs", []),
                    }
                )
        return chapter

    def prose_calls(self) -> list[tuple[str, str, bool]]:
        """(function, text, in a hidden cell) of every ``tie``/``given``/``claim`` call."""
        calls = []
        for cell in self.code:
            code = "\n".join(line for line in cell["source"].splitlines() if not line.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(code)):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name not in PROSE_CALLS:
                    continue
                texts = node.args if name == "given" else node.args[:1]
                for argument in texts:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        calls.append((name, argument.value, "remove-cell" in cell["tags"]))
        return calls

    def untied_numbers(self) -> list[str]:
        """Numbers of the prose that no ``tie`` or ``given`` of the chapter accounts for."""
        accounted = {token for name, text, _ in self.prose_calls() if name != "claim" for token in prose_numbers(text)}
        return [token for text in self.markdown for token in prose_numbers(text) if token not in accounted]

    def stale_prose_calls(self) -> list[str]:
        """``tie``/``given``/``claim`` texts that are no longer in the prose."""
        prose = " ".join(as_read(" ".join(self.markdown)).split())
        return [text for _, text, _ in self.prose_calls() if " ".join(text.split()) not in prose]

    def tied_numbers(self) -> int:
        """How many numbers of the prose a ``tie`` checks against the computation."""
        tied = {token for name, text, _ in self.prose_calls() if name == "tie" for token in prose_numbers(text)}
        return sum(token in tied for text in self.markdown for token in prose_numbers(text))

    def claims(self) -> int:
        return sum(name == "claim" for name, _, _ in self.prose_calls())

    def _displayed_blocks(self) -> list[str]:
        """The code blocks of library source that ``show_source`` printed."""
        blocks = []
        for cell in self.code:
            if "show_source(" not in cell["source"]:
                continue
            for output in cell["outputs"]:
                text = "".join(output.get("data", {}).get("text/markdown", ""))
                blocks += re.findall(r"```python\n(.*?)```", text, flags=re.S)
        return blocks

    def displayed_source_lines(self) -> int:
        """Lines of library code the chapter shows (the code blocks ``show_source`` printed)."""
        return sum(len(block.strip("\n").splitlines()) for block in self._displayed_blocks())

    def exercises(self) -> int:
        return sum(text.count("{exercise}") for text in self.markdown)

    def words(self) -> int:
        return sum(len(as_read(text).split()) for text in self.markdown)

    def visible_code_characters(self) -> int:
        """Characters (not spaces) of the code a reader sees: visible cells and shown library source."""
        shown = [cell["source"] for cell in self.code if not cell["tags"] & HIDDEN] + self._displayed_blocks()
        return sum(len(re.sub(r"\s", "", text)) for text in shown)

    def study_minutes(self) -> float:
        """An estimate: prose read, shown code studied, exercises done."""
        code_minutes = self.visible_code_characters() / CODE_CHARACTERS_PER_MINUTE
        return self.words() / WORDS_PER_MINUTE + code_minutes + self.exercises() * MINUTES_PER_EXERCISE


def execution_seconds(cache: Path = ROOT / "_build" / ".jupyter_cache" / "global.db") -> dict[str, float]:
    """Seconds each chapter took to execute in the last book build, from Jupyter Book's cache.

    Keyed by the notebook's path relative to the repository (``book/NN_topic.ipynb``);
    the most recent record of a notebook wins. Empty if the book was not built.
    """
    if not cache.exists():
        return {}
    with sqlite3.connect(cache) as connection:
        rows = connection.execute("SELECT uri, data FROM nbcache ORDER BY created").fetchall()
    times = {}
    for uri, data in rows:
        path = Path(uri)
        if path.is_relative_to(ROOT):
            times[str(path.relative_to(ROOT))] = json.loads(data).get("execution_seconds", float("nan"))
    return times


def main(paths: list[str]) -> None:
    times = execution_seconds()
    print(
        f"{'chapter':34} {'code':>4} {'md':>4} {'shown src':>9} {'tied':>5} {'claims':>6} "
        f"{'untied':>6} {'minutes':>7} {'run s':>6} {'MB':>5}"
    )
    for path in paths or chapter_notebooks():
        chapter = Chapter.read(ROOT / path)
        seconds = times.get(str(Path(path)), float("nan"))
        print(
            f"{chapter.path.stem:34} {len(chapter.code):4d} {len(chapter.markdown):4d} "
            f"{chapter.displayed_source_lines():9d} {chapter.tied_numbers():5d} {chapter.claims():6d} "
            f"{len(chapter.untied_numbers()):6d} {chapter.study_minutes():7.0f} {seconds:6.1f} "
            f"{(ROOT / path).stat().st_size / 1e6:5.2f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
