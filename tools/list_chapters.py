"""Print the chapter notebooks listed in _toc.yml, one path per line.

Used by the Makefile (nbval runs exactly the chapters of the book). Reads the
file with a regular expression so that it needs nothing beyond the standard
library (it runs before the virtual environment exists).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chapter_notebooks(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Return the .ipynb files named by ``file:`` entries of the table of contents."""
    paths = []
    for line in toc.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = re.search(r"file:\s*([^\s#]+)", line)
        if not match:
            continue
        stem = match.group(1)
        candidate = ROOT / (stem if stem.endswith(".ipynb") else stem + ".ipynb")
        if candidate.exists():
            paths.append(str(candidate.relative_to(ROOT)))
    return paths


if __name__ == "__main__":
    print(" ".join(chapter_notebooks()))
