"""How close `coursegen validate` comes to the physical floor of reading and parsing the files.

Prints `name: value` lines: validate_s, parse_floor_s and validate_vs_parse_ratio (goal: <= 1.3) for a
synthetic library of 2,000 outcomes and 500 modules in 3 languages. Each figure is the best of 3 runs.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

from coursegen.project import validate_project  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def parse_floor(root: Path) -> None:
    """Only read every file, parse YAML with the C loader, and split front matter: nothing else."""
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                if end != -1:
                    yaml.load(text[4:end], Loader=Loader)


def best_of(runs: int, func, *, collector: bool = True) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        if not collector:
            gc.disable()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
        gc.enable()
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "library", languages=3, outcomes=2000, modules=500, words=600)
        files = sum(1 for p in root.rglob("*") if p.is_file())
        validation = validate_project(root)
        errors = [d for d in validation.diagnostics if d.severity.value == "error"]
        if errors:
            raise SystemExit(f"the synthetic library is not valid: {errors[:3]}")
        # The floor is measured without the garbage collector, the fastest it can be; validate pauses the
        # collector itself while loading, so the ratio compares like with like.
        floor = best_of(5, lambda: parse_floor(root), collector=False)
        floor_with_gc = best_of(5, lambda: parse_floor(root))
        full = best_of(5, lambda: validate_project(root))
    print(f"files: {files}")
    print(f"validate_s: {full:.3f}")
    print(f"parse_floor_s: {floor:.3f}")
    print(f"parse_floor_with_gc_s: {floor_with_gc:.3f}")
    print(f"validate_vs_parse_ratio: {full / floor:.2f}")


if __name__ == "__main__":
    main()
