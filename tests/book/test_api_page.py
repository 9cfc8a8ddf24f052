"""The API reference documents every public module, one page each (regenerate with tools/write_api_page.py)."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("write_api_page", ROOT / "tools" / "write_api_page.py")
write_api_page = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(write_api_page)
EXPECTED = {module for _, modules in write_api_page.sections() for module in modules}


def test_every_public_module_has_its_page():
    pages = {path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "book" / "api").glob("*.md")}
    missing = sorted(EXPECTED - set(pages))
    assert not missing, f"no page in book/api/ for {missing}: run python tools/write_api_page.py"
    stale = sorted(set(pages) - EXPECTED)
    assert not stale, f"book/api/ has pages of modules that no longer exist: {stale}"
    for module, text in pages.items():
        assert f".. automodule:: {module}\n" in text


def test_the_index_links_every_module_page():
    index = (ROOT / "book" / "api.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\]\(api/(\S+)\.md\)", index)) == EXPECTED


def test_the_module_pages_are_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert re.search(r"- file: book/api\n\s+sections:\n\s+- glob: book/api/\*", toc)
