"""The chapters in a real JupyterLab: MyST renders, answers stay hidden, a live widget answers its slider.

Starts JupyterLab from the project's lab requirements (``make test`` installs
them, as ``make lab`` does) over copies of the chapters, and drives it with
headless Chromium (:mod:`tests.book.lab_session`):

- every chapter opens with its Markdown rendered by jupyterlab-myst: each
  admonition, exercise and solution is a box, solutions are closed
  dropdowns, the cells that compute an exercise's answer are collapsed, and
  no raw directive or role syntax (``:::``, ``{exercise}``, ``{cite}``) is
  left in the text a learner reads, and the Hangul font of
  ``tools/lab_config.py`` is loaded (no empty boxes on a system without one);
- chapter 1 runs top to bottom without an error, and moving its widget's
  slider with the keyboard puts a new figure on the page. The time from the
  key press to the new picture is printed, not asserted (machines here are
  shared).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re

import pytest

from tests.book.lab_session import (
    CHROMEDRIVER,
    CHROMIUM,
    lab_browser,
    lab_server,
    open_notebook,
    run_all_cells,
    wait_for,
)
from tests.conftest import ROOT
from tools.list_chapters import chapter_notebooks

pytestmark = pytest.mark.browser

CHAPTERS = chapter_notebooks()
MEASURED = ROOT / "_build" / "jupyterlab-slider-times.txt"
RAW_SYNTAX = re.compile(
    r":::|```\{|\{(exercise|solution|admonition|cite|term|ref|numref|glue)\}|^:(label|class):", re.M
)


def _require_lab() -> None:
    missing = [name for name in ("jupyterlab", "jupyterlab_myst") if importlib.util.find_spec(name) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (requirements-lab.txt; `make test` and `make lab` install it)"
        if os.environ.get("MLCOURSE_REQUIRE_BOOK"):
            pytest.fail(message)
        pytest.skip(message)
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("headless Chromium not installed (Debian packages chromium, chromium-driver)")


@pytest.fixture(scope="module")
def lab():
    _require_lab()
    with lab_server(CHAPTERS) as (base, token, _folder), lab_browser() as driver:
        yield driver, base, token


def _expected(chapter: str) -> dict[str, int]:
    """What the chapter's source asks for: admonitions, exercises, solutions, answer cells."""
    cells = json.loads((ROOT / chapter).read_text(encoding="utf-8"))["cells"]
    markdown = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    return {
        "admonitions": markdown.count(":::{admonition}") + markdown.count(":::{note}"),
        "exercises": markdown.count(":::{exercise}"),
        "solutions": markdown.count(":::{solution}"),
    }


READ_PAGE = """
var w = window.jupyterapp.shell.currentWidget, cells = w.content.widgets;
var markdown = cells.filter(c => c.model.type === 'markdown');
var answers = [];
cells.forEach(function (c, i) {
  var before = i > 0 ? cells[i - 1].model.sharedModel.getSource() : '';
  var starter = c.model.sharedModel.getSource().indexOf('raise NotImplementedError') >= 0;  // the learner's cell
  if (c.model.type === 'code' && !starter && /\\{(exercise|solution)\\}/.test(before)) {
    answers.push({index: i, hidden: c.outputHidden, outputs: c.model.outputs.length});
  }
});
return {
  unrendered: markdown.filter(c => !c.rendered || !c.node.querySelector('.myst')).length,
  texts: markdown.map(c => (c.node.querySelector('.myst') || c.node).innerText),
  admonitions: w.node.querySelectorAll('aside.myst-admonition').length,
  exercises: w.node.querySelectorAll('aside.myst-exercise').length,
  solutions: w.node.querySelectorAll('details.myst-exercise').length,
  open_solutions: w.node.querySelectorAll('details.myst-exercise[open]').length,
  answers: answers,
};
"""


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.split("/")[-1])
def test_a_chapter_reads_like_the_book_in_jupyterlab(lab, chapter):
    driver, base, token = lab
    name = chapter.split("/")[-1]
    open_notebook(driver, base, token, name)
    for timeout in (60, 30, 30):  # a cell can re-render (losing its .myst node for a moment) on a busy machine
        try:  # JupyterLab renders the Markdown cells a moment after the notebook opens
            wait_for(driver, ALL_RENDERED, timeout=timeout, what="every Markdown cell rendered")
        except AssertionError:
            pass  # the assertion below says how many are not
        page = driver.execute_script(READ_PAGE)
        if page["unrendered"] == 0:
            break

    expected = _expected(chapter)
    try:
        assert page["unrendered"] == 0, f"{name}: {page['unrendered']} Markdown cells not rendered by jupyterlab-myst"
        raw = [match.group(0) for text in page["texts"] for match in RAW_SYNTAX.finditer(text)]
        assert not raw, f"{name}: raw MyST syntax in the rendered text: {raw[:5]}"
        for kind in ("admonitions", "exercises", "solutions"):
            assert page[kind] == expected[kind], f"{name}: {page[kind]} {kind} drawn as boxes, {expected[kind]} written"
        assert page["open_solutions"] == 0, f"{name}: a solution is open before the learner asks for it"
        shown = [answer["index"] for answer in page["answers"] if answer["outputs"] and not answer["hidden"]]
        assert not shown, f"{name}: cells {shown} show an exercise's answer under the question"
        hangul = "return [...document.fonts].some(f => f.family === 'mlcourse-hangul' && f.status === 'loaded')"
        wait_for(driver, hangul, timeout=30, what="the Hangul font of tools/lab_config.py loaded")
    finally:
        driver.execute_script("window.jupyterapp.commands.execute('application:close-all');")


ALL_RENDERED = """
var cells = window.jupyterapp.shell.currentWidget.content.widgets;
var markdown = cells.filter(c => c.model.type === 'markdown');
return markdown.length > 0 && markdown.every(c => c.rendered && c.node.querySelector('.myst'));
"""

MARK_CHANGE = """
var image = arguments[0];
window.mlcChange = {start: null, elapsed: null, before: image.src};
document.addEventListener('keydown', function () { window.mlcChange.start = performance.now(); }, {capture: true, once: true});
new MutationObserver(function (records, observer) {
  if (image.src !== window.mlcChange.before && window.mlcChange.start !== null) {
    window.mlcChange.elapsed = performance.now() - window.mlcChange.start;
    observer.disconnect();
  }
}).observe(image, {attributes: true, attributeFilter: ['src']});
"""


def test_a_live_widget_answers_its_slider_in_jupyterlab(lab):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver, base, token = lab
    name = "01_linear_regression.ipynb"
    open_notebook(driver, base, token, name)
    run_all_cells(driver)
    errors = driver.execute_script(
        "return window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code')"
        ".flatMap(c => Array.from({length: c.model.outputs.length}, (_, i) => c.model.outputs.get(i)))"
        ".filter(o => o.type === 'error').map(o => o.toJSON().ename + ': ' + o.toJSON().evalue);"
    )
    assert not errors, f"{name}: errors when run in JupyterLab: {errors}"
    image = driver.find_element(By.CSS_SELECTOR, "img.widget-image")
    numbers_before = driver.find_element(By.CSS_SELECTOR, ".widget-html pre").text
    handle = driver.find_elements(By.CSS_SELECTOR, ".widget-slider .noUi-handle")[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", image)
    elapsed = []
    for key in (Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT):
        driver.execute_script(MARK_CHANGE, image)
        handle.send_keys(key)
        elapsed.append(wait_for(driver, "return window.mlcChange.elapsed", timeout=60, what="a new figure", poll=0.02))
    numbers_after = driver.find_element(By.CSS_SELECTOR, ".widget-html pre").text
    assert numbers_after == numbers_before, "back at the start, the widget shows other numbers"
    report = f"JupyterLab, {name}: key press to new figure on the page: " + ", ".join(f"{t:.0f} ms" for t in elapsed)
    print(report)
    MEASURED.parent.mkdir(parents=True, exist_ok=True)
    MEASURED.write_text(report + "\n", encoding="utf-8")  # printed at the end of the session (tests/conftest.py)
