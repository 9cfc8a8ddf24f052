"""The regression net works: a changed library function makes nbval fail on chapter 1.

A temporary copy of the package gets a plausible bug in the gradient behind
chapter 1's widget (the factor 2 of the bias derivative forgotten). The chapter is then run under
nbval with that copy first on the path; its stored outputs no longer match, so
nbval must fail. (The same run with the real package is part of ``make test``.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CHAPTER = ROOT / "book" / "01_linear_regression.ipynb"
ORIGINAL = "return (2.0 / n_samples) * (X.T @ residual), float((2.0 / n_samples) * residual.sum())"
BROKEN = "return (2.0 / n_samples) * (X.T @ residual), float((1.0 / n_samples) * residual.sum())"


@pytest.mark.slow
def test_nbval_fails_when_the_library_changes(tmp_path):
    if not CHAPTER.exists():
        pytest.fail(f"{CHAPTER} is missing")
    copy = tmp_path / "mlcourse"
    shutil.copytree(ROOT / "mlcourse", copy, ignore=shutil.ignore_patterns("__pycache__"))
    models = copy / "models.py"
    source = models.read_text()
    assert ORIGINAL in source, "the gradient line this test breaks has changed; update the test"
    models.write_text(source.replace(ORIGINAL, BROKEN))

    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-q",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"),
            str(CHAPTER),
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "failed" in output.splitlines()[-1]
    # the broken copy was the one imported, and the widget's compared numbers caught it
    # (nbval prints the input of every cell whose outputs differ)
    assert "widget.WIDGET.print_numbers()" in output, output[-3000:]
