"""Write the API reference: book/api.md (the index) and one page per public module in book/api/.

The index groups the modules (the library by purpose, then each chapter's own
code, then the book mechanism) with each module's summary line; each module page
is its autodoc, with links to the highlighted source (``sphinx.ext.viewcode``).
``_toc.yml`` lists the module pages with a glob. Run after adding or removing a
module (``python tools/write_api_page.py``); tests/book/test_api_page.py fails
when the pages and the package disagree.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: tools.list_chapters must import

from tools.list_chapters import chapters_only  # noqa: E402

PACKAGE = ROOT / "mlcourse"

GROUPS = [
    ("Building blocks", ["activations", "losses", "nn", "init"]),
    ("Gradients", ["gradcheck", "autograd"]),
    ("Training", ["optim", "lr_scheduler", "train", "surfaces"]),
    ("Models, data and evaluation", ["models", "data", "model_selection", "metrics"]),
]


def public_modules(folder: Path, prefix: str) -> list[str]:
    """Dotted names of the modules of ``folder`` that do not start with an underscore."""
    return sorted(
        f"{prefix}.{info.name}"
        for info in pkgutil.iter_modules([str(folder)])
        if not info.name.startswith("_") and not info.ispkg
    )


def chapter_topics() -> list[str]:
    """The topic folders of mlcourse/chapters, in the book's order (book/NN_<topic>.ipynb)."""
    folders = {
        path.name
        for path in (PACKAGE / "chapters").iterdir()
        if path.is_dir() and not path.name.startswith("_") and (path / "__init__.py").exists()
    }
    ordered = [Path(path).stem.split("_", 1)[1] for path in chapters_only()]
    return [topic for topic in ordered if topic in folders] + sorted(folders - set(ordered))


def sections() -> list[tuple[str, list[str]]]:
    """(title, modules) for every section of the page, each public module exactly once."""
    top_level = public_modules(PACKAGE, "mlcourse")
    result = [
        (f"The library: {title.lower()}", [f"mlcourse.{n}" for n in names if f"mlcourse.{n}" in top_level])
        for title, names in GROUPS
    ]
    grouped = {module for _, modules in result for module in modules}
    result.append(("The library: other modules", [name for name in top_level if name not in grouped]))
    for topic in chapter_topics():
        package = f"mlcourse.chapters.{topic}"
        result.append(
            (f"Chapter code: {topic.replace('_', ' ')}", public_modules(PACKAGE / "chapters" / topic, package))
        )
    result.append(
        (
            "The book mechanism",
            ["mlcourse.chapters", "mlcourse.chapters._book"]
            + [f"mlcourse.chapters._book.{name}" for name in ("widgets", "display", "answers", "prose")],
        )
    )
    return [(title, modules) for title, modules in result if modules]


def summary(module: str) -> str:
    """The first line of a module's docstring."""
    doc = importlib.import_module(module).__doc__ or ""
    return doc.strip().splitlines()[0].rstrip(".") if doc.strip() else ""


def index_page() -> str:
    """The Markdown of book/api.md: every module, grouped, linked to its page."""
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings of the `mlcourse` package (numpy style) by",
        "`tools/write_api_page.py`: first the library (`mlcourse.*`), then each chapter's own code",
        "(`mlcourse.chapters.<topic>`), then the book mechanism. Each module has a page of its own,",
        "with a link to its highlighted source beside every function and class.",
        "",
    ]
    for title, modules in sections():
        lines += [f"## {title}", ""]
        lines += [f"- [`{module}`](api/{module}.md): {summary(module)}" for module in modules]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def module_page(module: str) -> str:
    """The Markdown of book/api/<module>.md."""
    return "\n".join([f"# `{module}`", "", "```{eval-rst}", f".. automodule:: {module}", "```", ""])


def main() -> None:
    folder = ROOT / "book" / "api"
    folder.mkdir(exist_ok=True)
    modules = [module for _, names in sections() for module in names]
    for stale in set(folder.glob("*.md")) - {folder / f"{module}.md" for module in modules}:
        stale.unlink()
    for module in modules:
        (folder / f"{module}.md").write_text(module_page(module), encoding="utf-8")
    (ROOT / "book" / "api.md").write_text(index_page(), encoding="utf-8")
    print(f"wrote book/api.md and {len(modules)} module pages in book/api/")


if __name__ == "__main__":
    main()
