"""No link in the built book leads nowhere.

Every ``href``/``src`` of every page of ``_build/html`` (made by ``make book``) is
either a file of the build (the fragment ignored) or a page on a host that is a
real, named reference: a paper's DOI, a licence, a project the book cites. A
placeholder repository, a Binder or Colab button for a repository that does not
exist, or a CDN the offline book must not need, fails.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT

BUILD = ROOT / "_build" / "html"

#: Hosts a link may lead to, each a reference the book names.
REFERENCE_HOSTS = {
    "doi.org",  # papers, by DOI (bibliography)
    "arxiv.org",  # papers
    "creativecommons.org",  # the licence of the text and figures
    "pypi.org",  # packages the book names
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser.links


def dead_links(page: Path, root: Path) -> list[str]:
    """The links of ``page`` that lead to no file of the build and no reference host."""
    dead = []
    for link in links_of(page):
        parts = urlsplit(link)
        if parts.scheme in ("mailto", "data", "javascript"):
            continue
        if parts.scheme in ("http", "https"):
            if parts.hostname not in REFERENCE_HOSTS:
                dead.append(link)
            continue
        if parts.scheme or parts.netloc:  # file:, ftp:, protocol-relative //cdn...
            dead.append(link)
            continue
        if not parts.path:  # "#section" on the same page
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if not target.exists() or root.resolve() not in target.parents and target != root.resolve():
            dead.append(link)
    return dead


def _pages() -> list[Path]:
    if not BUILD.exists():
        if os.environ.get("MLCOURSE_REQUIRE_BOOK"):
            pytest.fail(f"{BUILD} is missing: run `make book` first")
        pytest.skip(f"{BUILD} not built (run `make book`)")
    # _static holds the theme's assets (a Jinja macro file among them), not pages
    return sorted(page for page in BUILD.rglob("*.html") if "_static" not in page.relative_to(BUILD).parts)


def test_every_link_of_the_built_book_leads_somewhere():
    dead = {str(page.relative_to(BUILD)): links for page in _pages() if (links := dead_links(page, BUILD))}
    assert not dead, f"dead or placeholder links: {dead}"


def test_a_placeholder_or_missing_link_is_found(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "there.html").write_text("<p>here</p>")
    page = tmp_path / "book" / "page.html"
    page.write_text(
        '<a href="there.html#x">ok</a><a href="#top">ok</a><a href="https://doi.org/10.1/x">ok</a>'
        '<a href="missing.html">no</a><a href="https://github.com/mlcourse/mlcourse">no</a>'
        '<img src="//cdn.example.org/x.js"><a href="../../outside.html">no</a>'
    )
    assert dead_links(page, tmp_path) == [
        "missing.html",
        "https://github.com/mlcourse/mlcourse",
        "//cdn.example.org/x.js",
        "../../outside.html",
    ]


def test_no_stale_chapter_pages_are_checked():
    """A chapter page of an old build (a renamed notebook) would be checked as if current."""
    if not BUILD.exists():
        pytest.skip("not built")
    from tools.list_chapters import chapter_notebooks

    current = {Path(path).stem for path in chapter_notebooks()}
    pages = {page.stem for page in (BUILD / "book").glob("[0-9][0-9]_*.html")}
    assert pages <= current, f"pages of chapters no longer in _toc.yml: {sorted(pages - current)} (rm -rf _build)"
