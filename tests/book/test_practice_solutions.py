"""The practice pages' exercises, in which the learner writes a function, hold together.

A practice page (``book/NN_topic_practice.ipynb``, under its chapter in the
table of contents) gives, per exercise, a starter cell: a function whose body
is ``raise NotImplementedError(...)``, followed by a checker call on its last
line. The solution, folded away in a ``{solution}`` dropdown after it, holds
the function written out in a ``python`` code block. For every such exercise:

- the starter as given is not accepted (the checker can say "Not yet");
- the published solution, run in the page's namespace, is accepted by the
  same checker call, so the solution a learner unfolds is right and the
  checker agrees with it.
"""

from __future__ import annotations

import json
import re
import warnings

import pytest

from tests.conftest import ROOT
from tools.list_chapters import chapter_notebooks, chapters_only

PRACTICE = [path for path in chapter_notebooks() if path.endswith("_practice.ipynb")]
FENCE = re.compile(r"```python\n(.*?)```", re.S)


def _exercises(path: str) -> list[tuple[str, str, str]]:
    """(starter code, solution code, check call) per exercise of the page, in order."""
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "raise NotImplementedError" not in source:
            continue
        solution = next(
            "".join(later["source"])
            for later in cells[index + 1 :]
            if later["cell_type"] == "markdown" and "{solution}" in "".join(later["source"])
        )
        blocks = FENCE.findall(solution)
        assert blocks, f"{path}: the solution after cell {index} has no python code block"
        lines = source.rstrip().splitlines()
        found.append(("\n".join(lines[:-1]), "\n".join(blocks), lines[-1]))
    return found


def _setup(path: str) -> dict:
    """The page's namespace before its exercises: its first code cell (the imports)."""
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    first = next("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    namespace: dict = {}
    exec(compile(first, f"{path}:setup", "exec"), namespace)
    return namespace


def test_every_chapter_has_a_practice_page():
    missing = [path for path in chapters_only() if path.replace(".ipynb", "_practice.ipynb") not in PRACTICE]
    assert not missing, f"chapters without a practice page: {missing}"


@pytest.mark.parametrize("path", PRACTICE, ids=lambda path: path.split("/")[-1])
def test_the_starters_fail_and_the_solutions_pass_their_checkers(path):
    exercises = _exercises(path)
    assert exercises, f"{path}: no exercise in which the learner writes a function"
    namespace = _setup(path)
    for starter, solution, check in exercises:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(starter, f"{path}:starter", "exec"), namespace)
            before = eval(check, namespace)
            assert not before.correct, f"{path}: the starter is accepted by {check}"
            exec(compile(solution, f"{path}:solution", "exec"), namespace)
            after = eval(check, namespace)
        assert after.correct, f"{path}: the published solution is refused by {check}: {after!r}"
