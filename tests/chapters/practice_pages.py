"""A practice page's published solutions, run as a learner who unfolds them would run them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import ROOT


def page_solutions(page: str | Path) -> dict[str, Any]:
    """The page's setup cell (its first code cell) and every ``{solution}`` code block, run in one namespace."""
    cells = json.loads((ROOT / page).read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {}
    exec(next("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"), namespace)
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "{solution}" in source:
            for block in re.findall(r"```python\n(.*?)```", source, re.S):
                exec(block, namespace)
    return namespace
