"""Write the project's JupyterLab configuration folder (``.jupyter-lab/``), used by ``make lab``.

JupyterLab runs with ``JUPYTER_CONFIG_DIR`` pointing here, so that a learner's
JupyterLab shows the chapters as the book does without touching their own
Jupyter settings:

- ``custom/custom.css`` with ``mlcourse-hangul.ttf`` beside it: the Hangul
  of the chapters cut from NanumGothic (``koreanize-matplotlib``'s copy, SIL
  Open Font License, licence copied beside it) as the HTML book does
  (``book/_ext/hangul_font.py``; Chromium refuses the whole font file). The
  chapters' Korean terms are drawn with it when the system has no Hangul
  font, instead of empty boxes (needs ``--LabApp.custom_css=True``);
- ``labconfig/page_config.json``: no "Jupyter news" pop-up over the chapter.

Run: ``python tools/lab_config.py`` (prints the folder). Idempotent.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".jupyter-lab"
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from hangul_font import FONT_FAMILY as FAMILY  # noqa: E402
from hangul_font import HANGUL, _write_subset_font  # noqa: E402

# Appended to JupyterLab's own font lists: Latin text keeps the usual fonts, Hangul falls through to this one
# (!important: the theme defines the same variables after this file is read).
CSS = f"""/* Written by tools/lab_config.py: Hangul for the chapters' Korean terms. */
@font-face {{
  font-family: "{FAMILY}";
  src: url("{FAMILY}.ttf") format("truetype");
}}
:root {{
  --jp-ui-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif,
    "{FAMILY}" !important;
  --jp-content-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif,
    "{FAMILY}" !important;
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", monospace, "{FAMILY}" !important;
}}
"""
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def write_config(folder: Path = CONFIG, *, render_every_cell: bool = False) -> Path:
    """Write the configuration into ``folder``; return it.

    ``render_every_cell`` turns off the notebook's windowing (JupyterLab then
    renders every cell at once, not only those scrolled into view): for the
    tests, which read the whole rendered chapter.
    """
    custom = folder / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    (custom / "NanumGothic.ttf").unlink(missing_ok=True)  # the whole font, written by an earlier version
    (custom / "custom.css").write_text(CSS, encoding="utf-8")
    used = {
        character for page in (ROOT / "book").glob("*.ipynb") for character in HANGUL.findall(page.read_text("utf-8"))
    }
    _write_subset_font(custom / f"{FAMILY}.ttf", "".join(sorted(used)))
    shutil.copyfile(ROOT / "book" / "_ext" / "NanumGothic-OFL.txt", custom / "NanumGothic-OFL.txt")
    labconfig = folder / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG, indent=2) + "\n", encoding="utf-8")
    if render_every_cell:
        settings = folder / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    return folder


if __name__ == "__main__":
    print(write_config())
