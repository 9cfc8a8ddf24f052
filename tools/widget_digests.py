"""Store or show the plot digests of the chapter widgets (what every state's figure draws).

The stored digests (``tests/chapters/widget_digests/<widget>.json``: one hash
per state) are what ``tests/chapters/test_widget_digests.py`` compares with.
Each state is also drawn under numpy's generic kernels (``NPY_DISABLE_CPU_FEATURES=X86_V3``,
the stand-in for another processor that ``make nbval-portable`` uses): a state
whose picture differs there (a training at a learning rate where the last bits
grow into visible differences) is stored as ``null`` and not compared.
After a deliberate change to a widget's figure, look at the new digests, then
store them:

    python tools/widget_digests.py --show linear_regression learning_rate=0.5
    python tools/widget_digests.py --write [widget ...]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from mlcourse import chapters  # noqa: E402
from tests.chapters.widget_sweep import digest_hash, digests  # noqa: E402

STORE = ROOT / "tests" / "chapters" / "widget_digests"


def hashes(name: str) -> dict[str, str]:
    return {key: digest_hash(text) for key, text in digests(name).items()}


def portable_hashes(name: str) -> dict[str, str]:
    """The hashes computed under numpy's generic kernels (a stand-in for another processor), in a subprocess."""
    environment = {**os.environ, "NPY_DISABLE_CPU_FEATURES": "X86_V3"}
    command = [sys.executable, __file__, "--hashes", name]
    return json.loads(subprocess.run(command, env=environment, check=True, capture_output=True, text=True).stdout)


def write(names: list[str]) -> None:
    """Store each state's hash; ``null`` for a state whose picture differs on the generic kernels."""
    STORE.mkdir(parents=True, exist_ok=True)
    for name in names:
        native, portable = hashes(name), portable_hashes(name)
        stored = {key: value if portable.get(key) == value else None for key, value in native.items()}
        (STORE / f"{name}.json").write_text(json.dumps(stored, indent=1) + "\n")
        varying = sum(value is None for value in stored.values())
        print(
            f"{name}: {len(stored)} states" + (f", {varying} depend on the processor (not compared)" if varying else "")
        )


def show(name: str, assignments: list[str]) -> None:
    params = {}
    for assignment in assignments:
        key, _, value = assignment.partition("=")
        try:
            params[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            params[key] = value
    print(chapters.get_widget(name).digest(**params))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", nargs="*", metavar="WIDGET", help="store the digests (all widgets by default)")
    group.add_argument("--show", nargs="+", metavar=("WIDGET", "NAME=VALUE"), help="print one state's digest")
    group.add_argument("--hashes", metavar="WIDGET", help=argparse.SUPPRESS)  # for portable_hashes
    args = parser.parse_args()
    if args.hashes:
        print(json.dumps(hashes(args.hashes)))
    elif args.show:
        show(args.show[0], args.show[1:])
    else:
        write(args.write or list(chapters.widget_names()))


if __name__ == "__main__":
    main()
