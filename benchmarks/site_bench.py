"""How fast and how light the coursegen site is, against plain MkDocs + Material + mkdocs-static-i18n.

Prints `name: value` lines:
- build_s: `build_site` for 300 modules x 3 languages (600 words each), Pagefind included, into a new folder;
- build_without_downloads_s: the same without the trainer downloads (SCORM and Common Cartridge packages,
  module packages, framework files, the guideline PDF), which the baseline does not make at all;
- baseline_build_s: the same content with plain MkDocs + Material + mkdocs-static-i18n (installed here with
  pip only if missing: it is not a project dependency);
  all clean builds, one after the other, `--rounds` times (default 2), each round printing its figures;
- build_vs_baseline_ratio, per round (goal <= 0.35), and build_without_downloads_vs_baseline_ratio;
- page_kb_gz: a module page's first load (HTML + CSS + JS + fonts, each gzipped) in KB (goal <= 120);
- html_kb_1000: the HTML of one module page in a 1,000-module library, in KB.

    python benchmarks/site_bench.py [--modules 300] [--rounds 2] [--skip-baseline] [--skip-1000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

from coursegen.site import build_site  # noqa: E402


def timed_build(root: Path, site: Path, downloads: bool = True) -> float:
    """A clean build (no cache: every round measures the same work)."""
    start = time.perf_counter()
    result = build_site(root, site, cache=False, downloads=downloads)
    elapsed = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"build failed: {result.errors or result.diagnostics[:5]}")
    return elapsed


def ensure_static_i18n() -> bool:
    """Install mkdocs-static-i18n for the baseline if it is missing; False when that is impossible."""
    try:
        import mkdocs_static_i18n  # noqa: F401
        return True
    except ImportError:
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "mkdocs-static-i18n"],
                              capture_output=True, check=False)
        return done.returncode == 0


def baseline_build(root: Path, languages: list[str], site: Path) -> float:
    """Plain MkDocs + Material + mkdocs-static-i18n over the same content folder (suffix structure)."""
    config = {
        "site_name": "baseline", "docs_dir": str(root / "content"), "site_dir": str(site),
        "theme": {"name": "material"},
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": [
            {"locale": lang, "name": lang, "build": True, **({"default": True} if i == 0 else {})}
            for i, lang in enumerate(languages)]}}],
    }
    config_file = root / "baseline.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def first_load_kb_gz(site: Path, page: Path) -> float:
    """HTML plus every same-origin stylesheet, script and font the page links, each gzipped, in KB."""
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = [page]
    for tag in document.find_all("link", rel="stylesheet", href=True) + document.find_all("script", src=True):
        url = (tag.get("href") or tag.get("src")).split("?")[0]
        path = (page.parent / url).resolve()
        if path.is_file():
            files.append(path)
    for css in [f for f in files if f.suffix == ".css"]:  # fonts referenced from the stylesheets
        for font in (css.parent.rglob("*.woff2") if "url(" in css.read_text(errors="ignore") else []):
            files.append(font)
    return sum(len(gzip.compress(f.read_bytes(), 9)) for f in dict.fromkeys(files)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2, help="each figure once per round")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-1000", action="store_true", help="leave out html_kb_1000 (a 1,000-module build)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coursegen-site-bench-") as temporary:
        work = Path(temporary)
        root = generate(work / "lib", languages=3, areas=10, outcomes=4 * args.modules, modules=args.modules,
                        words=600)
        baseline = not args.skip_baseline and ensure_static_i18n()
        for run in range(max(args.rounds, 1)):  # alternately, so that both see the same neighbours
            build_s = timed_build(root, work / f"site-{run}")
            load = f"load {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores"
            print(f"build_s: {build_s:.2f}  ({load})")
            pages_s = timed_build(root, work / f"pages-{run}", downloads=False)
            print(f"build_without_downloads_s: {pages_s:.2f}")
            if baseline:
                baseline_s = baseline_build(root, ["en", "es", "fr"], work / f"baseline-{run}")
                print(f"baseline_build_s: {baseline_s:.2f}")
                print(f"build_vs_baseline_ratio: {build_s / baseline_s:.2f}  (goal <= 0.35)")
                print(f"build_without_downloads_vs_baseline_ratio: {pages_s / baseline_s:.2f}", flush=True)
            else:
                print("baseline_build_s: n/a", flush=True)
        print(f"page_kb_gz: {first_load_kb_gz(work / 'site-0', work / 'site-0/modules/m0002/index.html'):.1f}")
        if not args.skip_1000:
            big = generate(work / "big", languages=1, areas=10, outcomes=2000, modules=1000, words=600)
            timed_build(big, work / "big-site")
            print(f"html_kb_1000: {(work / 'big-site/modules/m0500/index.html').stat().st_size / 1024:.1f}")


if __name__ == "__main__":
    main()
