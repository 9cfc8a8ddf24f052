"""Chapter terms link to the glossary: the first use of each term on a page, and only to real entries."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tools.link_terms import glossary_entries, link_markdown, linked_entries, matchers, pages

PAGES = pages()


def _all_term_lines() -> set[str]:
    """English and Korean term lines: Sphinx resolves a {term} to either, ignoring case."""
    lines, inside = set(), False
    for line in (ROOT / "book" / "glossary.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.startswith("```{glossary}")
        elif inside and line.strip() and not line.startswith(" "):
            lines.add(line.strip().lower())
    return lines


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.split("/")[-1])
def test_every_glossary_link_names_an_entry(path):
    known = _all_term_lines()
    unknown = [entry for entry in linked_entries(ROOT / path) if entry.lower() not in known]
    assert not unknown, f"{path}: {{term}} links to no glossary entry: {unknown}"


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.split("/")[-1])
def test_the_first_use_of_each_term_links_to_the_glossary(path):
    from tools.link_terms import link_page

    missing = link_page(ROOT / path, matchers(glossary_entries()), write=False)
    assert not missing, f"{path}: first uses not linked (run `python tools/link_terms.py --write {path}`): {missing}"


def test_the_linker_links_first_uses_only_and_leaves_code_and_math_alone():
    patterns = matchers(["Gradient", "Gradient descent", "Mean squared error (MSE, L2 error)", "Epoch"])
    source = (
        "## Gradient descent\n"
        "The `gradient` and $\\nabla$ gradient: gradient descent uses the gradient.\n"
        "The MSE falls each epoch; epochs later the mean squared error is small.\n"
        ":::{note} Gradient\n"
    )
    linked, added = link_markdown(source, patterns, set())
    lines = linked.split("\n")
    assert lines[0] == "## Gradient descent" and lines[3] == ":::{note} Gradient"
    assert lines[1] == (
        "The `gradient` and $\\nabla$ {term}`gradient <Gradient>`: "
        "{term}`gradient descent <Gradient descent>` uses the gradient."
    )
    assert (
        lines[2]
        == "The {term}`MSE <Mean squared error (MSE, L2 error)>` falls each {term}`epoch <Epoch>`; epochs later the mean squared error is small."
    )
    assert added == ["Gradient", "Gradient descent", "Mean squared error (MSE, L2 error)", "Epoch"]
    again, more = link_markdown(linked, patterns, set(added))
    assert again == linked and more == []


def test_glossary_entries_are_the_english_lines():
    entries = glossary_entries()
    assert "Parameter" in entries and not [entry for entry in entries if re.search(r"[\uac00-\ud7a3]", entry)]


def test_the_linker_reads_a_term_across_lines_and_skips_display_math_and_other_senses():
    patterns = matchers(["Bias", "Pessimistic bias", "Epoch"])
    source = "The small pessimistic\nbias shrinks.\n\n$$\n\\text{epoch} = 1\n$$\n\nEach epoch, the bias."
    linked, added = link_markdown(source, patterns, set())
    assert linked.startswith("The small {term}`pessimistic bias <Pessimistic bias>` shrinks.")
    assert "\\text{epoch} = 1" in linked and "{term}`epoch <Epoch>`" in linked
    assert added == ["Pessimistic bias", "Epoch", "Bias"]
    _, added = link_markdown(source, patterns, set(), skip=frozenset({"Bias"}))
    assert added == ["Pessimistic bias", "Epoch"]
