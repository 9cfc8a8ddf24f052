"""The library is flat and self-contained: it never imports the chapters, the plots or the widgets."""

from __future__ import annotations

import subprocess
import sys

import mlcourse
from tests.conftest import ROOT, imported_modules

LIBRARY = sorted((ROOT / "mlcourse").glob("*.py"))


def test_no_library_module_imports_the_chapters():
    offenders = {
        path.name: sorted(name for name in imported_modules(path) if "chapters" in name.split(".")) for path in LIBRARY
    }
    assert not {name: found for name, found in offenders.items() if found}


def test_the_library_is_the_documented_flat_set_of_modules():
    assert set(mlcourse.__all__) - {"__version__"} == {
        "activations",
        "autograd",
        "data",
        "gradcheck",
        "init",
        "losses",
        "lr_scheduler",
        "metrics",
        "model_selection",
        "models",
        "nn",
        "optim",
        "surfaces",
        "train",
    }


def test_importing_every_library_module_loads_no_chapter_code_nor_matplotlib():
    code = (
        "import sys, mlcourse\n"
        "for name in mlcourse.__all__[:-1]: __import__(f'mlcourse.{name}')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('mlcourse.chapters', 'matplotlib', 'ipywidgets'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout
