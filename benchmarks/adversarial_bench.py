"""How long `coursegen validate` takes on a module written to make a Markdown scanner slow.

Prints `name: value` lines: adversarial_kb (the size of the module body) and validate_s (best of 3 runs) for
the minimal test site with one module replaced by the adversarial text (goal: under 2 s for 2 MB).
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from coursegen.project import validate_project
from coursegen.sources import MAX_FILE_BYTES

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


def main() -> None:
    size = MAX_FILE_BYTES - 4096  # as large as coursegen reads
    with tempfile.TemporaryDirectory() as folder:
        root = adversarial_project(Path(folder), size)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            validate_project(root)
            best = min(best, time.perf_counter() - started)
    print(f"adversarial_kb: {size // 1024}")
    print(f"validate_s: {best:.2f}")


if __name__ == "__main__":
    sys.exit(main())
