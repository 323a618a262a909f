"""How close `coursegen validate` comes to the physical floor of reading and parsing the files.

Prints `name: value` lines for a synthetic library of 2,000 outcomes and 500 modules in 3 languages:
validate_s, parse_floor_s and validate_vs_parse_ratio (goal: <= 1.3), measured twice (`--measurements`),
each time with the machine's load average beside it.

Every round is a cold `coursegen validate`: the memos of coursegen's modules (functools caches keyed by a
heading, a body, a theme file...) are emptied before each validate round, so a later round does not profit
from what an earlier one parsed. Only the import of the modules is outside the time.

The ratio compares like with like: the floor reads exactly the files validate reads (checked before
measuring), both run in this process, alternately, round after round (`--rounds`), and each figure is the
best of its rounds. Times are CPU seconds of this process: on a shared machine, wall time also counts the
time other processes held the core, which says nothing about validation.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

from coursegen.library import Library  # noqa: E402
from coursegen.project import validate_project  # noqa: E402
from coursegen.walk import READ_FOLDERS  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

SUFFIXES = (".yaml", ".yml", ".md")


def floor_files(root: Path) -> list[Path]:
    """The YAML and Markdown files of the folders validate reads."""
    return sorted(p for folder in READ_FOLDERS for p in (root / folder).rglob("*") if p.suffix in SUFFIXES)


def parse_floor(root: Path) -> None:
    """Only find and read every file, parse YAML with the C loader, and split front matter: nothing else."""
    for path in floor_files(root):
        if path.suffix in (".yaml", ".yml"):
            yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        else:
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                if end != -1:
                    yaml.load(text[4:end], Loader=Loader)


def same_files(root: Path, library: Library) -> None:
    """Stop unless the floor reads the very files validation read."""
    read = {f"content/{rel}" for rel in library.content_files} | set(library.framework_files)
    read = {rel for rel in read if rel.endswith(SUFFIXES)}
    floor = {path.relative_to(root).as_posix() for path in floor_files(root)}
    if read != floor:
        raise SystemExit(f"the floor and validate read different files: {sorted(read ^ floor)[:5]}")


def coursegen_memos() -> list[functools._lru_cache_wrapper]:  # type: ignore[name-defined]
    """Every functools cache of coursegen's loaded modules."""
    return [
        value
        for name, module in list(sys.modules.items())
        if name == "coursegen" or name.startswith("coursegen.")
        for value in vars(module).values()
        if isinstance(value, functools._lru_cache_wrapper)  # type: ignore[attr-defined]
    ]


def cold_validate(root: Path) -> object:
    """validate_project as a fresh `coursegen validate` process would run it: with every memo empty."""
    for memo in coursegen_memos():
        memo.cache_clear()
    return validate_project(root)


def timed(func: Callable[[], object], *, collector: bool = True) -> float:
    """CPU seconds of one call, after a full collection (the previous run's garbage is not counted). What
    the call returns is freed inside the time, as the floor frees what it parses."""
    gc.collect()
    if not collector:
        gc.disable()
    started = time.process_time()
    func()
    elapsed = time.process_time() - started
    gc.enable()
    return elapsed


def measure(root: Path, rounds: int) -> dict[str, float]:
    """Best of `rounds` for the floor and for validate, run alternately so that both meet the same load.

    The floor runs without the garbage collector, the fastest it can be; validate pauses the collector
    itself while loading, so the ratio compares like with like.
    """
    floors, validations = [], []
    for _ in range(rounds):
        floors.append(timed(lambda: parse_floor(root), collector=False))
        validations.append(timed(lambda: cold_validate(root)))
    floor, full = min(floors), min(validations)
    return {"validate_s": full, "parse_floor_s": floor, "validate_vs_parse_ratio": full / floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--measurements", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "library", languages=3, outcomes=2000, modules=500, words=600)
        validation = validate_project(root)
        errors = [d for d in validation.diagnostics if d.severity.value == "error"]
        if errors or validation.library is None:
            raise SystemExit(f"the synthetic library is not valid: {errors[:3]}")
        same_files(root, validation.library)
        if not coursegen_memos():
            raise SystemExit("no memo of coursegen found to empty: the rounds would not be cold")
        print(f"files: {len(floor_files(root))}")
        print(f"parse_floor_with_gc_s: {min(timed(lambda: parse_floor(root)) for _ in range(3)):.3f}")
        for number in range(1, args.measurements + 1):
            load = " ".join(f"{value:.2f}" for value in os.getloadavg())
            figures = measure(root, args.rounds)
            print(f"measurement: {number} (load average before it: {load}; cores: {os.cpu_count()})")
            for name, value in figures.items():
                print(f"{name}: {value:.{2 if name.endswith('ratio') else 3}f}")


if __name__ == "__main__":
    main()
