"""How much an incremental `coursegen build` saves: a rebuild after touching one module against a clean build.

Prints `name: value` lines, each figure twice in one run (two rounds, each a new folder):
- clean_build_s_<library>: `build_site` into a new site folder with an empty cache;
- rebuild_one_module_s_<library>: `build_site` again after one sentence was added to one module's body;
- rebuild_vs_clean_ratio_<library> (goal <= 0.2);
for the shipped content (`shipped`) and a synthetic library of 300 modules x 3 languages (`synthetic300x3`),
with the CPU seconds (of every process of the build) and the machine's load average beside them. The trainer downloads are left out (`--downloads` puts
them in), as `coursegen serve` leaves them out. With them, a rebuild takes them from the build cache only
when nothing they are made from changed (see `site/downloads_cache`): after the one module's edit every
export is made again but the guideline PDF, whose book did not change.

    python benchmarks/rebuild_bench.py [--modules 300] [--rounds 2] [--downloads] [--only shipped|synthetic]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

from coursegen.site import build_site  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[1]


def cpu_s() -> float:
    """CPU seconds of this process and of every process it has waited for (workers, Pagefind)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(root: Path, site: Path, downloads: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one build (the CPU figure depends less on what else the machine runs)."""
    start, cpu = time.perf_counter(), cpu_s()
    result = build_site(root, site, downloads=downloads)
    elapsed = time.perf_counter() - start, cpu_s() - cpu
    if not result.ok:
        raise SystemExit(f"build failed: {result.errors or result.diagnostics[:5]}")
    return elapsed


def shipped_copy(out: Path) -> Path:
    """The shipped curriculum and theme, copied (the benchmark edits a module)."""
    for name in ("framework", "content", "site_overrides"):
        shutil.copytree(REPOSITORY / name, out / name)
    return out


def touch_one_module(root: Path) -> Path:
    """Add a sentence to the body of the project's first module (by name) in the default language."""
    module = min(path for path in (root / "content" / "modules").glob("*.md") if path.stem.count(".") == 0)
    module.write_text(module.read_text(encoding="utf-8") + "\nOne more sentence, added by the benchmark.\n",
                      encoding="utf-8")
    return module


def round_figures(name: str, make: callable, work: Path, downloads: bool) -> None:
    """One clean build and one rebuild after touching a module, printed."""
    root = make(work / "project")
    site = work / "site"
    clean = timed_build(root, site, downloads)
    touch_one_module(root)
    rebuild = timed_build(root, site, downloads)
    load = os.getloadavg()[0]
    print(f"clean_build_s_{name}: {clean[0]:.2f}  (cpu {clean[1]:.2f} s)")
    print(f"rebuild_one_module_s_{name}: {rebuild[0]:.2f}  (cpu {rebuild[1]:.2f} s)")
    print(f"rebuild_vs_clean_ratio_{name}: {rebuild[0] / clean[0]:.2f}  (cpu {rebuild[1] / clean[1]:.2f}; "
          f"load {load:.1f}, {os.cpu_count()} cores)")
    sys.stdout.flush()


def libraries(modules: int = 300) -> dict:
    """What the rebuild benchmarks build, by name: the shipped content, and `modules` modules x 3 languages."""
    return {"shipped": shipped_copy,
            f"synthetic{modules}x3": lambda out: generate(out, languages=3, areas=10, outcomes=4 * modules,
                                                          modules=modules, words=600)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--downloads", action="store_true", help="make the trainer downloads too")
    parser.add_argument("--only", choices=("shipped", "synthetic"))
    args = parser.parse_args()
    for name, make in libraries(args.modules).items():
        if args.only and not name.startswith(args.only):
            continue
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="coursegen-rebuild-") as temporary:
                round_figures(name, make, Path(temporary), args.downloads)


if __name__ == "__main__":
    main()
