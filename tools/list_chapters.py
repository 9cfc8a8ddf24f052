"""Print the chapter notebooks listed in _toc.yml, one path per line.

Used by the Makefile (nbval runs exactly the notebooks of the book). Reads the
file with a regular expression so that it needs nothing beyond the standard
library (it runs before the virtual environment exists).

A chapter (``book/NN_topic.ipynb``) is listed at the top level of the table of
contents; its pages are listed under it (``sections:``): the sections that go
further (``book/NN_topic_<subject>.ipynb``) and the practice page
(``book/NN_topic_practice.ipynb``).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _toc_entries(toc: Path) -> list[tuple[int, str]]:
    """(indentation, notebook path) for every ``file:`` entry that names an existing notebook."""
    entries = []
    for line in toc.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = re.search(r"^(\s*)-?\s*file:\s*([^\s#]+)", line)
        if not match:
            continue
        stem = match.group(2)
        candidate = ROOT / (stem if stem.endswith(".ipynb") else stem + ".ipynb")
        if candidate.exists():
            entries.append((len(match.group(1)), str(candidate.relative_to(ROOT))))
    return entries


def chapter_notebooks(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Return every .ipynb file named by a ``file:`` entry of the table of contents, in order."""
    return [path for _, path in _toc_entries(toc)]


def page_kind(path: str) -> str:
    """``"chapter"``, ``"practice"`` or ``"section"`` (a page under a chapter that goes further).

    >>> page_kind("book/03_gradient_descent.ipynb"), page_kind("book/03_gradient_descent_practice.ipynb")
    ('chapter', 'practice')
    >>> page_kind("book/03_gradient_descent_beyond.ipynb")
    'section'
    """
    if Path(path).stem.endswith("_practice"):
        return "practice"
    return "chapter" if path in chapters_only() else "section"


def chapters_only(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """The chapters themselves (``book/NN_topic.ipynb``), without the pages listed under them."""
    entries = _toc_entries(toc)
    top = min(indent for indent, _ in entries)
    return [path for indent, path in entries if indent == top]


def chapter_of(path: str) -> str:
    """The chapter a page belongs to: the chapter whose stem begins the page's stem.

    >>> chapter_of("book/03_gradient_descent_beyond.ipynb")
    'book/03_gradient_descent.ipynb'
    """
    stem = Path(path).stem
    owners = [
        chapter
        for chapter in chapters_only()
        if stem == Path(chapter).stem or stem.startswith(Path(chapter).stem + "_")
    ]
    if not owners:
        raise ValueError(f"{path}: no chapter of _toc.yml begins its name")
    return max(owners, key=len)


if __name__ == "__main__":
    print(" ".join(chapter_notebooks()))
