"""Link the first use of each glossary term on a page to its entry in ``book/glossary.md``.

Usage: python tools/link_terms.py [--write] [book/NN_topic.ipynb ...]   (default: every chapter and section page)

A term is an English entry of the glossary (the line before its Korean line),
matched in the prose with its abbreviations ("Mean squared error (MSE, L2 error)"
also matches "MSE") and plurals. Its first use on a page becomes
``{term}`text <Entry>``` (Sphinx links it; jupyterlab-myst shows the text).
Left alone: the hidden run note, headings, directive and option lines, tables,
code, math, links, HTML and existing roles. Without ``--write`` it prints the
links it would add; ``tests/book/test_glossary_links.py`` expects none.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.list_chapters import chapter_notebooks, page_kind  # noqa: E402

GLOSSARY = ROOT / "book" / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
TERM_LINK = re.compile(r"\{term\}`[^`<]*?\s*<([^`>]*)>`|\{term\}`([^`<]*)`")
#: Words too common to link as a term on their own (their compounds still link).
TOO_COMMON = {
    "node",
    "batch",
    "threshold",
    "margin",
    "buffer",
    "regression",
    "classification",
    "fold",
    "bit",
    "nat",
}
#: Pages that use an entry's word in another sense (page stem -> entries not to link there).
OTHER_SENSE = {
    "07_loss_functions_entropy": frozenset({"Divergence"}),  # a divergence between distributions, not a run diverging
    "12_cross_validation": frozenset({"Bias"}),  # the bias of an estimate, not a bias parameter
    "03_gradient_descent_beyond": frozenset({"Weight"}),  # a penalty's weight
    "09_optimizers": frozenset({"Weight"}),  # the weights of a moving average come first
    "12_cross_validation_search": frozenset({"Bias"}),
}
#: Spans of a line that are not prose: code, roles, math, links, HTML.
NOT_PROSE = re.compile(r"`[^`]*`|\{[a-z-]+\}`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|!?\[[^\]]*\]\([^)]*\)|<[^>\n]+>", re.S)
#: Lines that are not prose: headings, directives and their options, tables, display math, HTML.
NOT_PROSE_LINE = re.compile(r"^\s*(#|:|\||\$\$|<|%)")


def glossary_entries(glossary: Path = GLOSSARY) -> list[str]:
    """The English terms of the glossary, as written (the Korean term is the line after)."""
    entries, inside = [], False
    for line in glossary.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.startswith("```{glossary}")
        elif inside and line.strip() and not line.startswith(" ") and not HANGUL.search(line):
            entries.append(line.strip())
    return entries


def _names(entry: str) -> set[str]:
    """How the prose may write an entry: its name, the names in its parentheses, each of a listed pair."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", entry).strip()
    names = {base, *(part.strip() for part in base.split(",") if "," in base)}
    for group in re.findall(r"\(([^)]*)\)", entry):
        names |= {piece.strip() for piece in group.split(",") if len(piece.strip()) > 2 and "²" not in piece}
    return {name for name in names if len(name) >= 3 and name.lower() not in TOO_COMMON}


def _matcher(name: str) -> re.Pattern:
    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name))
    keep_case = name.isupper() or any(character.isupper() for character in name[1:])  # MSE, AdaGrad
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", 0 if keep_case else re.IGNORECASE)


def matchers(entries: list[str]) -> list[tuple[re.Pattern, str]]:
    """(pattern, entry), longest names first so that "gradient descent" wins over "gradient"."""
    pairs = [(name, entry) for entry in entries for name in _names(entry)]
    return [(_matcher(name), entry) for name, entry in sorted(pairs, key=lambda pair: -len(pair[0]))]


def _link_line(line: str, patterns: list[tuple[re.Pattern, str]], linked: set[str]) -> tuple[str, list[str]]:
    """Link, in one line, the first use of entries not yet linked.

    Every occurrence of every name is a candidate, the linked ones too: the
    leftmost, then longest, wins, so a later "KL divergence" still keeps
    "divergence" from being linked to another entry.
    """
    prose_gaps = [(match.start(), match.end()) for match in NOT_PROSE.finditer(line)]
    found = sorted(
        (match.start(), -len(match.group(0)), match.end(), entry)
        for pattern, entry in patterns
        for match in pattern.finditer(line)
        if not any(start < match.end() and match.start() < end for start, end in prose_gaps)
    )
    pieces, position, added = [], 0, []
    for start, _, end, entry in found:
        if start < position:
            continue
        if entry not in linked:
            before, words = (
                line[position:start],
                " ".join(line[start:end].split()),
            )  # a term broken over two lines: the two lines joined
            pieces += [before, f"{{term}}`{words} <{entry}>`"]
            linked.add(entry)
            added.append(entry)
        else:
            pieces.append(line[position:end])
        position = end
    return "".join(pieces) + line[position:], added


def link_markdown(
    source: str, patterns: list[tuple[re.Pattern, str]], linked: set[str], skip: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """``source`` with the first use of each entry not in ``linked`` (nor in ``skip``) linked; the entries linked.

    Consecutive prose lines are read together, so that a term broken over two lines is found.
    """
    linked |= set(skip)
    lines, block, added, fenced = [], [], [], False

    def flush() -> None:
        if block:
            text, new = _link_line("\n".join(block), patterns, linked)
            lines.extend(text.split("\n"))
            added.extend(new)
            block.clear()

    for line in source.split("\n"):
        stripped = line.strip()
        fence = stripped.startswith(("```", "~~~")) or (stripped.startswith("$$") and stripped.count("$$") == 1)
        if fence:
            fenced = not fenced  # a code fence or a display-math block, opened or closed
        if fence or fenced or NOT_PROSE_LINE.match(line) or not stripped:
            flush()
            lines.append(line)
        else:
            block.append(line)
    flush()
    linked -= set(skip) - set(added)
    return "\n".join(lines), added


def link_page(path: Path, patterns: list[tuple[re.Pattern, str]], write: bool = False) -> list[str]:
    """Link a notebook's first uses (the first cell, the hidden run note, is left alone); the entries linked."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown = [cell for cell in notebook["cells"][1:] if cell["cell_type"] == "markdown"]
    linked = {entry for cell in markdown for entry in _entries("".join(cell["source"]))}
    added = []
    skip = OTHER_SENSE.get(path.stem, frozenset())
    for cell in markdown:
        source, new = link_markdown("".join(cell["source"]), patterns, linked, skip)
        if new:
            cell["source"] = source.splitlines(keepends=True)
            added += new
    if write and added:
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return added


def _entries(markdown: str) -> list[str]:
    """The entries the {term} roles of ``markdown`` point to (the target, or the text without one)."""
    return [(match.group(1) or match.group(2)).strip() for match in TERM_LINK.finditer(markdown)]


def linked_entries(path: Path) -> list[str]:
    """The glossary entries a notebook's {term} roles point to."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        entry
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
        for entry in _entries("".join(cell["source"]))
    ]


def pages() -> list[str]:
    """The chapters and the section pages (practice pages keep their exercises free of links)."""
    return [path for path in chapter_notebooks() if page_kind(path) != "practice"]


def main(arguments: list[str]) -> None:
    write = "--write" in arguments
    paths = [argument for argument in arguments if argument != "--write"] or pages()
    patterns = matchers(glossary_entries())
    for path in paths:
        added = link_page(ROOT / path, patterns, write=write)
        print(f"{path}: {len(added)} {'linked' if write else 'to link'}: {', '.join(added)}")


if __name__ == "__main__":
    main(sys.argv[1:])
