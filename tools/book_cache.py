"""Keep the book's execution cache honest: clear it when the library changed.

Jupyter Book caches each chapter's execution keyed on the notebook's code cells
only, so after an edit of ``mlcourse/`` a ``make book`` would show the old
numbers and the old library source. ``make book`` runs this first: it hashes
every file of the ``mlcourse`` package (library and chapter code) and, when the
hash differs from the one stored at the last build, deletes the execution cache
and Sphinx's environment, so every chapter is executed and read again. It also
deletes the built pages of chapters no longer in ``_toc.yml`` (a renamed
notebook), which Sphinx would leave behind.

Usage: python tools/book_cache.py [build directory, default _build]
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = "mlcourse-library.sha256"


def library_hash(package: Path = ROOT / "mlcourse") -> str:
    """SHA-256 over the relative paths and bytes of every source and data file of the package."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_cache(build: Path, current: str) -> bool:
    """Clear the execution cache under ``build`` if it was made with another library; True if cleared."""
    stamp = build / STAMP
    stale = stamp.exists() and stamp.read_text().strip() != current
    unknown = not stamp.exists() and (build / ".jupyter_cache").exists()
    if stale or unknown:
        for name in (".jupyter_cache", ".doctrees"):
            shutil.rmtree(build / name, ignore_errors=True)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale or unknown


def remove_stale_pages(build: Path, chapters: list[str]) -> list[Path]:
    """Delete built chapter pages whose notebook is not a chapter any more; return them."""
    current = {Path(chapter).stem for chapter in chapters}
    stale = [
        page
        for page in sorted((build / "html" / "book").glob("[0-9][0-9]_*"))
        if page.suffix in (".html", ".ipynb") and page.stem not in current
    ]
    for page in stale:
        page.unlink()
    return stale


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from tools.list_chapters import chapter_notebooks

    build = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build"
    if refresh_cache(build, library_hash()):
        print(f"mlcourse changed since the last build: cleared {build}/.jupyter_cache and .doctrees")
    for page in remove_stale_pages(build, chapter_notebooks()):
        print(f"removed {page.relative_to(build)} (no longer a chapter)")
