"""Every figure of issue 15 (an author waits under a second; a large library builds), each twice, in one run.

Runs the benchmarks below one after the other (never at the same time: each would measure the others), each
measuring its figures in two rounds, and prints their `name: value` lines as they come, each block headed by
the command and the machine's load average:
- edit_s (shipped content and 300 modules x 3 languages) and its ratio to the preview's first build:
  edit_bench.py; goals <= 1.0 s and <= 0.1;
- rebuild_vs_clean_ratio (shipped and 300 x 3): rebuild_bench.py; goal <= 0.2;
- build_vs_baseline_ratio (300 x 3, against plain MkDocs + Material + mkdocs-static-i18n): site_bench.py;
  goal <= 0.35;
- max_page_kb_1000 and peak_memory_mb_1000x3: page_size_bench.py; goals <= 300 KB and < 1.5 GB;
- validate_vs_parse_ratio: validate_bench.py; goal <= 1.3.
It takes about five minutes on 2 cores (4.5 minutes on 2026-12-03).

    python benchmarks/authoring_bench.py [--only edit,rebuild,baseline,size,validate]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: name -> the benchmark's command line (after the interpreter).
RUNS = {
    "edit": [["edit_bench.py", "--rounds", "2"], ["edit_bench.py", "--rounds", "2", "--synthetic", "300"]],
    "rebuild": [["rebuild_bench.py", "--rounds", "2"]],
    "baseline": [["site_bench.py", "--rounds", "2", "--skip-1000"]],
    "size": [["page_size_bench.py", "--sizes", "1000", "--rounds", "2"]],
    "validate": [["validate_bench.py"]],
}


def run(arguments: list[str]) -> int:
    """One benchmark, its output passed through as it comes; its exit status."""
    load = os.getloadavg()
    print(f"# {' '.join(arguments)}  (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
          f"{os.cpu_count()} cores)", flush=True)
    start = time.monotonic()
    status = subprocess.run([sys.executable, str(HERE / arguments[0]), *arguments[1:]], check=False).returncode
    print(f"# took {time.monotonic() - start:.0f} s" + (f", exit status {status}" if status else ""), flush=True)
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(RUNS), help="which benchmarks, comma-separated")
    names = [name for name in parser.parse_args().only.split(",") if name]
    unknown = [name for name in names if name not in RUNS]
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(unknown)} (known: {', '.join(RUNS)})")
    failed = [arguments[0] for name in names for arguments in RUNS[name] if run(arguments)]
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
