"""Where a rebuild after touching one module spends its time, part by part, and what that leaves as a floor.

For the shipped content and for 300 modules x 3 languages (as `rebuild_bench.py`: a clean build, one
sentence added to one module, a rebuild; the trainer downloads left out), each round prints the rebuild's
wall and CPU seconds, then the CPU seconds of each part summed over the build's processes:

- validate: loading and checking the project (the parent, before any worker starts);
- generate: each language's file set (pages, navigation), in the workers;
- mkdocs: each language's MkDocs build, its pages mostly from the cache, Pagefind's process left out;
- pagefind: the Pagefind processes (the languages whose indexed pages changed), with how many ran;
- reuse_record: finding a language unchanged and linking the live site's files, or keeping its record;
- publish: assembling the languages, carrying unchanged files over, swapping the site in (the parent);

and two floors, as ratios to the clean build: `floor_ratio_without_generating` (the rebuild if generating
the file sets cost nothing: the rest of its CPU spread over the cores, the parent's parts alone) and
`floor_ratio_validate_publish_pagefind` (if only validating, publishing and Pagefind cost anything: MkDocs
and Pagefind build a language whole, so no rebuild of a language whose index changed goes below this). The
parts are measured by wrapping coursegen's functions in this process before its workers fork from it: a
benchmark's view, not the build's own code.

    python benchmarks/rebuild_parts.py [--rounds 2] [--only shipped|synthetic]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from rebuild_bench import libraries, timed_build, touch_one_module  # noqa: E402

import coursegen.site.build as build_module  # noqa: E402
import coursegen.site.plugin as plugin_module  # noqa: E402
import coursegen.site.worker as worker_module  # noqa: E402

#: (module, function name, part): what each part is made of.
PARTS = [(build_module, "validate_project", "validate"), (build_module, "prepare_job", "generate"),
         (worker_module, "run_mkdocs", "mkdocs"), (plugin_module, "run_pagefind", "pagefind"),
         (build_module, "reuse", "reuse_record"), (build_module, "record", "reuse_record"),
         (build_module, "_publish", "publish")]
ORDER = ["validate", "generate", "mkdocs", "pagefind", "reuse_record", "publish"]


class Parts:
    """CPU seconds per part, written by every process to one file (workers fork with the wrappers)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        for module, name, part in PARTS:
            setattr(module, name, self._wrapped(getattr(module, name), part))

    def _wrapped(self, function, part: str):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            own, children = time.process_time(), _children_cpu()
            try:
                return function(*args, **kwargs)
            finally:
                spent = {"own": time.process_time() - own, "children": _children_cpu() - children}
                with open(self.log, "a", encoding="utf-8") as log:
                    log.write(json.dumps({"part": part, "pid": os.getpid(), **spent}) + "\n")
        return timed

    def read(self) -> tuple[dict[str, float], dict[str, int]]:
        """Per part, its CPU seconds (the children's for Pagefind, whose process is the part; a worker's own
        time leaves Pagefind out) and how many calls made it."""
        cpu, calls = dict.fromkeys(ORDER, 0.0), dict.fromkeys(ORDER, 0)
        for line in self.log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            cpu[entry["part"]] += entry["children"] if entry["part"] == "pagefind" else entry["own"]
            calls[entry["part"]] += 1
        return cpu, calls


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def round_figures(name: str, make, work: Path, parts: Parts) -> None:
    root = make(work / "project")
    site = work / "site"
    clean = timed_build(root, site, False)
    touch_one_module(root)
    parts.log.write_text("", encoding="utf-8")
    rebuild = timed_build(root, site, False)
    totals, calls = parts.read()
    cores = os.cpu_count() or 1
    print(f"rebuild_s_{name}: {rebuild[0]:.2f}  (cpu {rebuild[1]:.2f} s; clean build {clean[0]:.2f} s, ratio "
          f"{rebuild[0] / clean[0]:.2f}; load {os.getloadavg()[0]:.1f}, {cores} cores)")
    for part in ORDER:
        print(f"part_cpu_s_{part}_{name}: {totals[part]:.2f}  ({calls[part]} calls)")
    others = rebuild[1] - sum(totals.values())
    print(f"other_cpu_s_{name}: {others:.2f}  (starting the workers, imports, the caches' keys)")
    # The parent's parts run alone, the workers' share the cores (the rebuild is CPU-bound).
    serial = totals["validate"] + totals["publish"]
    without_generating = serial + (rebuild[1] - serial - totals["generate"]) / cores
    engine = serial + totals["pagefind"] / cores
    print(f"floor_ratio_without_generating_{name}: {without_generating / clean[0]:.2f}  (if generating the "
          f"file sets cost nothing: {without_generating:.2f} s)")
    print(f"floor_ratio_validate_publish_pagefind_{name}: {engine / clean[0]:.2f}  (if only validating, "
          f"publishing and Pagefind's {calls['pagefind']} languages cost anything: {engine:.2f} s)")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", choices=("shipped", "synthetic"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coursegen-parts-") as temporary:
        parts = Parts(Path(temporary) / "parts.jsonl")
        for name, make in libraries().items():
            if args.only and not name.startswith(args.only):
                continue
            for index in range(args.rounds):
                work = Path(temporary) / f"{name}-{index}"
                work.mkdir()
                round_figures(name, make, work, parts)


if __name__ == "__main__":
    main()
