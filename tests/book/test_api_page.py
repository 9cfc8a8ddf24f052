"""The API reference page documents every public module (regenerate with tools/write_api_page.py)."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("write_api_page", ROOT / "tools" / "write_api_page.py")
write_api_page = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(write_api_page)


def test_api_page_lists_every_public_module():
    documented = set(re.findall(r"automodule:: (\S+)", (ROOT / "book" / "api.md").read_text(encoding="utf-8")))
    expected = {module for _, modules in write_api_page.sections() for module in modules}
    missing = sorted(expected - documented)
    assert not missing, f"book/api.md misses {missing}: run python tools/write_api_page.py"
    stale = sorted(documented - expected)
    assert not stale, f"book/api.md documents modules that no longer exist: {stale}"
