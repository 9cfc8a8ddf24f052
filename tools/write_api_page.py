"""Write book/api.md: one autodoc section per public module of mlcourse.

Run after adding a module (``python tools/write_api_page.py``);
tests/book/test_api_page.py fails when the page and the package disagree.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlcourse"

GROUPS = [
    ("Building blocks", ["activations", "losses", "nn", "init"]),
    ("Gradients", ["gradcheck", "autograd"]),
    ("Training", ["optim", "train", "surfaces"]),
    ("Models, data and evaluation", ["models", "data", "model_selection", "metrics"]),
]


def public_modules(folder: Path, prefix: str) -> list[str]:
    """Dotted names of the modules of ``folder`` that do not start with an underscore."""
    return sorted(f"{prefix}.{info.name}" for info in pkgutil.iter_modules([str(folder)])
                  if not info.name.startswith("_") and not info.ispkg)


def chapter_topics() -> list[str]:
    """The topic folders of mlcourse/chapters, in the book's order (book/NN_<topic>.ipynb)."""
    folders = {path.name for path in (PACKAGE / "chapters").iterdir()
               if path.is_dir() and not path.name.startswith("_") and (path / "__init__.py").exists()}
    ordered = [stem.split("_", 1)[1] for stem in sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))]
    return [topic for topic in ordered if topic in folders] + sorted(folders - set(ordered))


def sections() -> list[tuple[str, list[str]]]:
    """(title, modules) for every section of the page, each public module exactly once."""
    top_level = public_modules(PACKAGE, "mlcourse")
    result = [(f"The library: {title.lower()}", [f"mlcourse.{n}" for n in names if f"mlcourse.{n}" in top_level])
              for title, names in GROUPS]
    grouped = {module for _, modules in result for module in modules}
    result.append(("The library: other modules", [name for name in top_level if name not in grouped]))
    for topic in chapter_topics():
        package = f"mlcourse.chapters.{topic}"
        result.append((f"Chapter code: {topic.replace('_', ' ')}",
                       public_modules(PACKAGE / "chapters" / topic, package)))
    result.append(("The book mechanism", ["mlcourse.chapters", "mlcourse.chapters._book"]
                   + [f"mlcourse.chapters._book.{name}" for name in ("widgets", "display", "answers", "prose")]))
    return [(title, modules) for title, modules in result if modules]


def page() -> str:
    """The Markdown of book/api.md."""
    lines = ["# API reference", "",
             "Generated from the docstrings of the `mlcourse` package (numpy style) by",
             "`tools/write_api_page.py`: first the library (`mlcourse.*`), then each chapter's own code",
             "(`mlcourse.chapters.<topic>`), then the book mechanism.", ""]
    for title, modules in sections():
        lines += [f"## {title}", ""]
        for module in modules:
            lines += [f"### `{module}`", "", "```{eval-rst}", f".. automodule:: {module}", "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    (ROOT / "book" / "api.md").write_text(page(), encoding="utf-8")
    print("wrote book/api.md")


if __name__ == "__main__":
    main()
