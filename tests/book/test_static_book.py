"""The static HTML in a real headless browser, with the network disabled.

1. The widget mechanism alone: a static widget page written to disk, its slider
   moved with the keyboard, the shown picture must change.
2. The built book (``_build/html``, made by ``make book``): every chapter page
   renders its math with the bundled MathJax, loads its figures, loads nothing
   from the network, and every widget's slider changes the picture; the search
   page finds a term.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make test`` installs them
where it can); without them these tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.book.lab_session import headless_chromium
from tests.conftest import ROOT
from tools.list_chapters import chapter_notebooks, chapters_only, page_kind

BUILD = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "headless Chromium not installed (Debian packages chromium, chromium-driver); "
            "`make test` installs them when run as root"
        )


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    driver = headless_chromium(
        width=1280, height=2000, reach="", extra=("--disable-quic", "--allow-file-access-from-files")
    )
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _visible_frame(driver, widget) -> tuple[str, str]:
    return driver.execute_script(
        "var f=[...arguments[0].querySelectorAll('.mlc-frame')].filter(e=>e.style.display!=='none');"
        "return [f.length===1?f[0].dataset.index:'several', f.length===1?f[0].querySelector('img').src.slice(-80):''];",
        widget,
    )


def _move_slider_and_check(driver, widget) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    slider = widget.find_element(By.CSS_SELECTOR, "input.mlc-slider")
    driver.execute_script("arguments[0].scrollIntoView({block:'center'})", slider)
    index_before, image_before = _visible_frame(driver, widget)
    label_before = widget.find_element(By.CSS_SELECTOR, ".mlc-value").text
    at_end = int(slider.get_attribute("value")) == int(slider.get_attribute("max"))
    slider.click()  # focus; a click may itself move the thumb, so compare after a key press
    slider.send_keys(Keys.HOME if at_end else Keys.END)
    index_after, image_after = _visible_frame(driver, widget)
    label_after = widget.find_element(By.CSS_SELECTOR, ".mlc-value").text
    assert index_before != "several" and index_after != "several", "exactly one frame must be visible"
    assert index_after != index_before, "moving the slider did not change the shown frame"
    assert image_after != image_before, "the picture did not change"
    assert label_after != label_before, "the slider's value label did not change"


def test_static_widget_slider_changes_the_picture(browser, tmp_path):
    from mlcourse.chapters.linear_regression import widget as linear_regression

    page = tmp_path / "widget.html"
    page.write_text("<!doctype html><html><body>" + linear_regression.WIDGET.static_html() + "</body></html>")
    browser.get(page.as_uri())
    from selenium.webdriver.common.by import By

    widget = browser.find_element(By.CSS_SELECTOR, ".mlc-widget")
    _move_slider_and_check(browser, widget)


def _chapter_pages() -> list[Path]:
    if not BUILD.exists():
        if os.environ.get("MLCOURSE_REQUIRE_BOOK"):
            pytest.fail(f"{BUILD} is missing: run `make book` first")
        pytest.skip(f"{BUILD} not built (run `make book`)")
    pages = [BUILD / path.replace(".ipynb", ".html") for path in chapters_only()]  # not the pages under them
    assert pages, f"no chapter pages under {BUILD / 'book'}"
    return pages


def _wait_for(driver, script: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    return driver.execute_script(script)


def _section_pages() -> list[Path]:
    """The pages under a chapter that go further (not its practice page): figures, no widget needed."""
    return [BUILD / path.replace(".ipynb", ".html") for path in chapter_notebooks() if page_kind(path) == "section"]


def test_built_chapters_render_offline(browser):
    from selenium.webdriver.common.by import By

    chapters = _chapter_pages()
    for page in chapters + _section_pages():
        browser.get(page.as_uri())
        rendered_math = _wait_for(browser, "return document.querySelectorAll('mjx-container').length")
        assert rendered_math > 0, f"{page.name}: MathJax rendered no formula"
        assert not browser.find_elements(By.CSS_SELECTOR, "mjx-merror"), f"{page.name}: a formula failed to render"
        broken = _wait_for(
            browser,
            "var i=[...document.images].filter(im=>im.offsetParent!==null);"
            "return i.every(im=>im.complete)?i.filter(im=>im.naturalWidth===0).length+1:0",
        )
        assert broken == 1, f"{page.name}: {broken - 1} visible image(s) failed to load"
        figures = browser.execute_script("return [...document.images].filter(im=>im.naturalWidth>100).length")
        assert figures >= 2, f"{page.name}: expected figures, found {figures}"
        remote = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e=>e.name).filter(n=>!n.startsWith('file:')"
            "&&!n.startsWith('data:'))"
        )
        assert remote == [], f"{page.name}: tried to load from the network: {remote[:5]}"
        hangul = _wait_for(
            browser,
            "return document.fonts.check('16px mlcourse-hangul', '\ud559')"
            "&& [...document.fonts].some(f=>f.family==='mlcourse-hangul'&&f.status==='loaded')",
        )
        assert hangul, f"{page.name}: the bundled Hangul font did not load"
        widgets = browser.find_elements(By.CSS_SELECTOR, ".mlc-widget")
        assert widgets or page not in chapters, f"{page.name}: no static widget"
        for widget in widgets:
            _move_slider_and_check(browser, widget)


def test_built_search_works_offline(browser):
    from selenium.webdriver.common.by import By

    _chapter_pages()
    browser.get((BUILD / "search.html").as_uri() + "?q=gradient")
    found = _wait_for(browser, "return document.querySelectorAll('#search-results li').length")
    assert found > 0, "the search page found nothing for 'gradient'"
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results a")


_MARK_HANGUL_ELEMENTS = r"""
var n = 0;
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('script,style,noscript,mjx-container') || el.offsetParent === null) continue;
  if (el.checkVisibility && !el.checkVisibility()) continue;  // e.g. a collapsed sidebar section: not drawn
  const own = [...el.childNodes].filter(c => c.nodeType === 3).map(c => c.textContent).join('');
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(own)) { el.setAttribute('data-hangul', ++n); }
}
return n;
"""


def missing_hangul_glyphs(driver) -> list[str]:
    """Visible elements whose own Hangul characters were not all drawn with a web font (empty boxes).

    Asks Chromium (DevTools protocol, ``CSS.getPlatformFontsForNode``: the fonts that drew
    a node's own text) which fonts drew each element's text: with no Korean system font,
    every Hangul character must be a glyph of the bundled font.
    """
    import re

    driver.execute_script(_MARK_HANGUL_ELEMENTS)
    own_text = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('[data-hangul]')].map(el => [el.dataset.hangul,"
        " [...el.childNodes].filter(c => c.nodeType === 3).map(c => c.textContent).join('')]))"
    )
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-hangul]"})["nodeIds"]
    missing = []
    for node in nodes:
        attributes = driver.execute_cdp_cmd("DOM.getAttributes", {"nodeId": node})["attributes"]
        text = own_text[attributes[attributes.index("data-hangul") + 1]]
        hangul = len(re.findall("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]", text))
        fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if sum(font["glyphCount"] for font in fonts if font.get("isCustomFont")) < hangul:
            missing.append(" ".join(text.split())[:60])
    return missing


def test_korean_is_drawn_with_the_bundled_font_everywhere(browser):
    """Sidebar, titles, tables of contents, prose: no Hangul as empty boxes on any page."""
    pages = _chapter_pages() + sorted(page for page in (BUILD / "book").glob("*.html") if page not in _chapter_pages())
    failures = {}
    for page in pages:
        browser.get(page.as_uri())
        _wait_for(browser, "return [...document.fonts].some(f=>f.family==='mlcourse-hangul'&&f.status==='loaded')")
        if missing := missing_hangul_glyphs(browser):
            failures[page.name] = missing
    assert not failures, f"Hangul drawn without the bundled font (empty boxes): {failures}"
