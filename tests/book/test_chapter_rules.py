"""The rules every chapter keeps as a course book (issue "A course a learner can follow").

- every number of the prose is tied to the computation (``tie``) or declared a
  setting (``given``), in a hidden cell; no tie outlives its sentence;
- a chapter names at most three later chapters (previews); everything else it
  uses was taught before;
- the library code it shows is the algorithm's lines: at most 40 a chapter;
- fewer code cells than Markdown cells; plotting code hidden in the HTML book;
  printed outputs short; about 45 minutes of study at most.

The measurements are ``tools/chapter_stats.py``'s, which prints them per chapter.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tools.chapter_stats import HIDDEN, Chapter
from tools.list_chapters import chapter_notebooks

CHAPTERS = chapter_notebooks()
MAX_SHOWN_SOURCE_LINES = 40
MAX_PREVIEWS = 3
MAX_OUTPUT_LINES = 12
MAX_STUDY_MINUTES = 45


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda path: path.split("/")[-1])
def chapter(request) -> Chapter:
    return Chapter.read(ROOT / request.param)


def chapter_number(chapter: Chapter) -> int:
    return int(chapter.path.stem.split("_")[0])


def test_every_number_of_the_prose_is_tied_or_given(chapter):
    untied = chapter.untied_numbers()
    assert not untied, (
        f"{chapter.path.name}: numbers in the prose that no tie() or given() accounts for: {sorted(set(untied))}"
    )


def test_no_tie_outlives_its_sentence(chapter):
    stale = chapter.stale_prose_calls()
    assert not stale, f"{chapter.path.name}: tie/given/claim texts no longer in the prose: {stale}"


def test_prose_checks_sit_in_hidden_cells(chapter):
    visible = [text for _, text, hidden in chapter.prose_calls() if not hidden]
    assert not visible, f"{chapter.path.name}: tie/given/claim outside a remove-cell cell: {visible}"


def test_at_most_three_previews_of_later_chapters(chapter):
    own = chapter_number(chapter)
    mentions = re.compile(r"\b[Cc]hapters?\s+(\d+(?:(?:,\s*|\s+and\s+|\s+or\s+)\d+)*)")
    later = [
        int(number)
        for text in chapter.markdown
        for match in mentions.finditer(text)
        for number in re.findall(r"\d+", match.group(1))
        if int(number) > own
    ]
    assert len(later) <= MAX_PREVIEWS, f"{chapter.path.name}: {len(later)} mentions of later chapters {later}"


def test_shown_library_code_is_the_algorithm(chapter):
    lines = chapter.displayed_source_lines()
    assert lines <= MAX_SHOWN_SOURCE_LINES, f"{chapter.path.name} shows {lines} lines of library code"


def test_fewer_code_cells_than_markdown_cells(chapter):
    assert len(chapter.code) < len(chapter.markdown), (
        f"{chapter.path.name}: {len(chapter.code)} code cells, {len(chapter.markdown)} Markdown cells"
    )


def test_plotting_code_is_hidden_in_the_book(chapter):
    shown = [
        cell["source"].splitlines()[0]
        for cell in chapter.code
        if any("image/png" in output.get("data", {}) for output in cell["outputs"])
        and ".show()" not in cell["source"]
        and not cell["tags"] & HIDDEN
    ]
    assert not shown, f"{chapter.path.name}: cells drawing a figure without hide-input: {shown}"


def test_printed_outputs_are_short(chapter):
    long = []
    for cell in chapter.code:
        for output in cell["outputs"]:
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            if "text/markdown" in output.get("data", {}) or "text/html" in output.get("data", {}):
                continue
            if len("".join(text).splitlines()) > MAX_OUTPUT_LINES:
                long.append(cell["source"].splitlines()[0])
    assert not long, f"{chapter.path.name}: outputs over {MAX_OUTPUT_LINES} lines (make a figure): {long}"


def test_about_45_minutes_of_study(chapter):
    minutes = chapter.study_minutes()  # an estimate: compared to the minute
    assert round(minutes) <= MAX_STUDY_MINUTES, f"{chapter.path.name}: about {minutes:.0f} minutes of study"


def test_a_downloaded_notebook_says_how_to_run_it(chapter):
    """The notebook file opens with how to get mlcourse (hidden in the HTML book, which needs no set-up)."""
    import json

    first = json.loads(chapter.path.read_text(encoding="utf-8"))["cells"][0]
    text = "".join(first["source"])
    assert first["cell_type"] == "markdown" and "make lab" in text and "pip install -e ." in text, (
        f"{chapter.path.name}: the first cell must say how to run the notebook"
    )
    assert "remove-cell" in first["metadata"].get("tags", [])


# The rules can fail: the same checks on a made-up chapter that breaks each.


def made_up_chapter(markdown: list[str], code: list[tuple[str, set[str]]]) -> Chapter:
    chapter = Chapter(ROOT / "book" / "05_made_up.ipynb", markdown=markdown)
    chapter.code = [{"source": source, "tags": tags, "outputs": []} for source, tags in code]
    return chapter


def test_an_untied_number_is_reported():
    chapter = made_up_chapter(
        ["With a rate of 0.05 the loop stops after 2,976 steps and the loss is $L = 0.25$."],
        [('tie("2,976 steps", 2976)\ngiven("0.05")', {"remove-cell"})],
    )
    assert chapter.untied_numbers() == ["0.25"]
    assert chapter.tied_numbers() == 1


def test_a_tie_whose_sentence_changed_is_stale():
    chapter = made_up_chapter(
        ["The loop stops after 2,977 steps."], [('tie("after 2,976 steps", 2976)', {"remove-cell"})]
    )
    assert chapter.stale_prose_calls() == ["after 2,976 steps"]
    assert chapter.untied_numbers() == ["2,977"]


def test_a_visible_tie_is_reported():
    chapter = made_up_chapter(["It takes 12 steps."], [('tie("12 steps", 12)', set())])
    assert [hidden for _, _, hidden in chapter.prose_calls()] == [False]


def test_answers_stay_hidden_until_asked_for(chapter):
    """The cell after an exercise computes its answer: collapsed in the book and in JupyterLab.

    Except a practice page's starter cell (a function to complete, whose body
    raises ``NotImplementedError``): that one is the learner's to write in.
    """
    import json

    cells = json.loads(chapter.path.read_text(encoding="utf-8"))["cells"]
    shown = []
    for previous, cell in zip(cells, cells[1:]):
        if cell["cell_type"] != "code" or not re.search(r"\{(exercise|solution)\}", "".join(previous["source"])):
            continue
        if "raise NotImplementedError" in "".join(cell["source"]):
            continue  # a practice starter: the learner's own cell
        tags = set(cell["metadata"].get("tags", []))
        jupyter = cell["metadata"].get("jupyter", {})
        outputs_hidden = jupyter.get("outputs_hidden") or not cell.get("outputs")  # a check that prints nothing
        if not tags & {"hide-cell", "remove-cell"} or not (outputs_hidden and jupyter.get("source_hidden")):
            shown.append("".join(cell["source"]).splitlines()[0])
    assert not shown, f"{chapter.path.name}: answer cells not collapsed (hide-cell, outputs_hidden): {shown}"
