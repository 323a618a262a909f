"""How long `coursegen validate` takes on a module written to make a Markdown scanner slow.

Prints `name: value` lines: adversarial_kb (the size of the module body) and validate_s (best of 3 runs) for
the minimal test site with one module replaced by the adversarial text (goal: under 2 s for 2 MB), and
line_heavy_s: the slowest of the line-by-line patterns (one short line repeated up to the line limit), for
which the scan's cost is per line.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from coursegen.project import validate_project
from coursegen.sources import MAX_FILE_BYTES, MAX_FILE_LINES

MINIMAL = Path(__file__).resolve().parents[1] / "tests" / "sites" / "minimal"
MODULE = "content/modules/hygiene.md"
FRONT_MATTER = ('---\nid: M02\ntitle: Hygiene and dignity\nversion: "1.0"\nduration_hours: 4\n'
                "outcomes: [A2.C1.LO1]\nprerequisites: [M01]\n---\n\n# Hygiene and dignity\n\n")


def adversarial_text(size: int, seed: int = 1) -> str:
    """Backtick runs of varying lengths, unbalanced fences, `~~~`, nested `[[[[`, `<<<<`, `{{{{`, quotes,
    headings full of spaces, link openers and long lines, mixed at random, about `size` characters."""
    rnd = random.Random(seed)
    makers = [
        lambda: "`" * rnd.randint(1, 40) + " ", lambda: "```\n", lambda: "~~~\n", lambda: "\\" * rnd.randint(1, 5),
        lambda: "[" * rnd.randint(1, 300), lambda: "<" * rnd.randint(1, 300), lambda: "{" * rnd.randint(1, 300),
        lambda: "](", lambda: "[a](", lambda: "[a](<", lambda: "<a id='x' ", lambda: "{#a#a ",
        lambda: "#" * rnd.randint(1, 8) + " " * rnd.randint(1, 50), lambda: "> " * rnd.randint(1, 60),
        lambda: "    ", lambda: "- ", lambda: "<div>", lambda: "| --- |\n", lambda: "::: trainer\n",
        lambda: "x" * rnd.randint(1, 2000), lambda: "\n", lambda: "\n\n", lambda: "[x](#y) ",
    ]
    parts, total = [], 0
    while total < size:
        part = rnd.choice(makers)()
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size]


def adversarial_project(folder: Path, size: int) -> Path:
    """A copy of the minimal site whose module hygiene.md has an adversarial body of `size` characters."""
    root = folder / "project"
    shutil.copytree(MINIMAL, root)
    (root / MODULE).write_text(FRONT_MATTER + adversarial_text(size), encoding="utf-8")
    return root


#: Short lines that each make the block parser work, repeated up to the line limit.
LINE_PATTERNS = ("- `\n", "> `\n", "`\n", "# `\n", "    x\n", "```\n", "> - > `\n", "1. `\n")


def best_of(root: Path, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        validate_project(root)
        best = min(best, time.perf_counter() - started)
    return best


def line_heavy_seconds(folder: Path) -> float:
    """The slowest line pattern at the line limit (each the best of 3 runs)."""
    root = adversarial_project(folder, 0)
    slowest = 0.0
    for pattern in LINE_PATTERNS:
        (root / MODULE).write_text(FRONT_MATTER + pattern * (MAX_FILE_LINES - 100), encoding="utf-8")
        slowest = max(slowest, best_of(root))
    return slowest


def main() -> None:
    size = MAX_FILE_BYTES - 4096  # as large as coursegen reads
    with tempfile.TemporaryDirectory() as folder:
        best = best_of(adversarial_project(Path(folder) / "mixed", size))
        heavy = line_heavy_seconds(Path(folder) / "lines")
    print(f"adversarial_kb: {size // 1024}")
    print(f"validate_s: {best:.2f}")
    print(f"line_heavy_s: {heavy:.2f}")


if __name__ == "__main__":
    sys.exit(main())
