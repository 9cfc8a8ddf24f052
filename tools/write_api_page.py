"""Write book/api.md: one autodoc section per public module of mlcourse.

Run after adding a module (``python tools/write_api_page.py``);
tests/test_api_page.py fails when the page and the package disagree.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlcourse"

GROUPS = [
    ("Building blocks", ["activations", "losses", "nn", "init", "networks"]),
    ("Gradients", ["gradcheck", "autograd", "calculus"]),
    ("Training", ["optim", "train", "descent", "regularization", "diagnostics", "surfaces"]),
    ("Models, data and evaluation", ["models", "features", "data", "model_selection", "metrics", "capstone"]),
]


def public_modules(folder: Path, prefix: str) -> list[str]:
    """Dotted names of the modules of ``folder`` that do not start with an underscore."""
    return sorted(f"{prefix}.{info.name}" for info in pkgutil.iter_modules([str(folder)])
                  if not info.name.startswith("_") and not info.ispkg)


def sections() -> list[tuple[str, list[str]]]:
    """(title, modules) for every section of the page, each public module exactly once."""
    top_level = public_modules(PACKAGE, "mlcourse")
    result = [(title, [f"mlcourse.{n}" for n in names if f"mlcourse.{n}" in top_level]) for title, names in GROUPS]
    grouped = {module for _, modules in result for module in modules}
    result.append(("Other modules", [name for name in top_level if name not in grouped]))
    result.append(("Plots", ["mlcourse.chapters._book"] + public_modules(PACKAGE / "viz", "mlcourse.chapters._book")))
    result.append(("Widgets", ["mlcourse.chapters._book", "mlcourse.chapters._book.widgets"]
                   + public_modules(PACKAGE / "widgets", "mlcourse.chapters._book")))
    result.append(("Exercise checkers", ["mlcourse.chapters._book"] + public_modules(PACKAGE / "exercises", "mlcourse.chapters._book")))
    return [(title, modules) for title, modules in result if modules]


def page() -> str:
    """The Markdown of book/api.md."""
    lines = ["# API reference", "",
             "Generated from the docstrings of the `mlcourse` package (numpy style) by",
             "`tools/write_api_page.py`. The chapters use these functions and show their source.", ""]
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
