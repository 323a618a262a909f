"""How big the largest page of the site gets as the library grows (issue 15: bounded pages).

Builds a synthetic library (see synthetic.py: 10 areas, 2,000 outcomes) of 100 and of 1,000 modules with
`build_site`, in the same run, and prints `name: value` lines:
- max_page_kb_100 and max_page_kb_1000: the largest HTML page of the built site in KB (every language and the
  trainer edition, Pagefind's files left out), then the page's path (`max_page_1000: framework/areas/a1/...`);
  goal for 1,000 modules: <= 300;
- pages_100 and pages_1000: how many HTML pages the site has;
- largest_100 and largest_1000: the five largest pages with their size in KB, to see which kinds grow;
- peak_memory_mb_<modules>x<languages>: the clean build's peak memory, summed over its processes (PSS, see
  memory.py); goal for 1,000 x 3: under 1.5 GB.
A page that grows with the library shows as a max_page_kb_1000 about ten times max_page_kb_100. The builds
take a few minutes: this is a benchmark, not a test (tests/test_bounded_pages.py checks the bounds
structurally).

    python benchmarks/page_size_bench.py [--languages 3] [--sizes 100,1000] [--words 600] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from memory import PeakMemory  # noqa: E402
from synthetic import generate  # noqa: E402

from coursegen.site import build_site  # noqa: E402


def html_pages(site: Path) -> dict[str, int]:
    """Every HTML page of a built site (Pagefind's own files left out) and its size in bytes."""
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in sorted(site.rglob("*.html"))
            if "pagefind" not in path.relative_to(site).parts}


def measure(modules: int, languages: int, words: int, work: Path) -> tuple[dict[str, int], float]:
    """The size in bytes of every HTML page of a built synthetic library, by path, and the build's peak
    memory in MB (summed over its processes, see `memory`). A clean build: a new library, no cache."""
    root = generate(work / f"lib{modules}", languages=languages, modules=modules, words=words)
    site = work / f"site{modules}"
    with PeakMemory() as peak:
        result = build_site(root, site, cache=False)
    if not result.ok:
        raise SystemExit(f"build of {modules} modules failed: {result.errors or result.diagnostics[:5]}")
    pages = html_pages(site)
    shutil.rmtree(root)
    shutil.rmtree(site)
    return pages, peak.mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000", help="module counts, comma-separated")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=1, help="builds of each size (each figure once per round)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for modules in [int(size) for size in args.sizes.split(",") for _ in range(args.rounds)]:
            sizes, peak_mb = measure(modules, args.languages, args.words, Path(tmp))
            ranked = sorted(sizes, key=lambda rel: (-sizes[rel], rel))
            print(f"max_page_kb_{modules}: {sizes[ranked[0]] / 1024:.1f}")
            print(f"peak_memory_mb_{modules}x{args.languages}: {peak_mb:.0f}  (goal at 1000x3: < 1536; "
                  f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
            print(f"max_page_{modules}: {ranked[0]}")
            print(f"pages_{modules}: {len(sizes)}")
            print(f"largest_{modules}: " + "; ".join(f"{rel} {sizes[rel] / 1024:.1f}" for rel in ranked[:5]),
                  flush=True)


if __name__ == "__main__":
    main()
