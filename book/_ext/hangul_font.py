"""Sphinx extension: serve a Hangul font with the book, so Korean terms render offline.

The book gives every chapter title and key term in Korean as well. A reader's
machine without a Korean font would show empty boxes, so the build copies
NanumGothic (SIL Open Font License; shipped by the ``koreanize-matplotlib``
package from the package registry, pinned in requirements.txt) into
``_static/fonts`` and declares it with a ``unicode-range`` limited to Hangul:
the browser fetches it (from disk) only for Korean characters, and Latin text
keeps the theme's fonts. The family comes *first* in each font list: after the
theme's list, which ends in the generic ``sans-serif``, Chromium drew some
Hangul words (a one-word title such as "(퍼셉트론)") with the system's Latin
font, as empty boxes. The font is subset (fontTools, a matplotlib
dependency) to the Hangul characters the built pages actually contain, which
also drops the hinting tables that browsers' font sanitizers reject.

A subset is a Modified Version under the OFL, which may not carry the Reserved
Font Name: the served file is ``mlcourse-hangul.ttf`` with that family name in
its name table, and the licence (``NanumGothic-OFL.txt``, beside this file, with
NAVER's copyright notice) is copied next to it as ``fonts/OFL.txt``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

FONT_FAMILY = "mlcourse-hangul"
CSS_NAME = "hangul-font.css"
CSS = f"""@font-face {{
  font-family: "{FONT_FAMILY}";
  src: url("fonts/{FONT_FAMILY}.ttf") format("truetype");
  unicode-range: U+1100-11FF, U+3130-318F, U+A960-A97F, U+AC00-D7AF, U+D7B0-D7FF;
  font-display: swap;
}}
body, h1, h2, h3, h4, h5, h6, .bd-sidebar, .bd-toc, nav, p, li, dt, dd, td, th, caption {{
  font-family: "{FONT_FAMILY}", var(--pst-font-family-base);
}}
code, pre, kbd, samp {{
  font-family: "{FONT_FAMILY}", var(--pst-font-family-monospace);
}}
"""


def _font_source() -> Path:
    return Path(str(resources.files("koreanize_matplotlib") / "fonts" / "NanumGothic.ttf"))


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")


def _hangul_used(outdir: Path) -> str:
    characters: set[str] = set()
    for page in outdir.rglob("*.html"):
        characters.update(HANGUL.findall(page.read_text(encoding="utf-8", errors="ignore")))
    return "".join(sorted(characters))


def _write_subset_font(target: Path, text: str) -> None:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]
    font = subset.load_font(str(_font_source()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text or "\uac00")
    subsetter.subset(font)
    _rename(font)
    subset.save_font(font, str(target), options)


def _rename(font) -> None:
    """Give the subset its own family name (the OFL reserves "NanumGothic" for the original)."""
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FONT_FAMILY),
        (2, "Regular"),
        (3, f"{FONT_FAMILY}-subset"),
        (4, FONT_FAMILY),
        (6, FONT_FAMILY),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def _copy_font(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / "fonts").mkdir(parents=True, exist_ok=True)
    _write_subset_font(static / "fonts" / f"{FONT_FAMILY}.ttf", _hangul_used(Path(app.outdir)))
    licence = (Path(__file__).with_name("NanumGothic-OFL.txt")).read_text(encoding="utf-8")
    (static / "fonts" / "OFL.txt").write_text(
        f"{FONT_FAMILY}.ttf is a subset of NanumGothic (renamed, as the licence asks of a\n"
        f"Modified Version), made when this book was built.\n\n{licence}",
        encoding="utf-8",
    )
    (static / CSS_NAME).write_text(CSS, encoding="utf-8")


def setup(app):
    app.add_css_file(CSS_NAME)
    app.connect("build-finished", _copy_font)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
