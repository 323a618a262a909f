"""What a learner on a phone downloads: the gzip weight of a module page, first load and next page.

Builds the shipped content (this repository's framework/ and content/) once into a temporary folder, then for
a module page in each language prints `name: value` lines, in KB of gzip (level 6, what web servers use):
- first_load_kb_<lang>: the page's HTML and every stylesheet, script and font it links to (what a browser
  requests before the reader does anything; search loads nothing until it is opened); goal <= 60;
- second_page_kb_<lang>: another module page of the same language, once the first one's files are cached:
  its HTML and whatever files it links that the first did not; goal <= 15;
- second_page_median_kb_<lang> and second_page_max_kb_<lang>: the same over every other module page of the
  language (the one above is one sample: a long module weighs more, whatever the frame);
- switch_language_kb_<lang>: the same module page in this language after the default language's, which
  shares the theme's files (one copy for the whole site): only its HTML and files not yet fetched.

    python benchmarks/page_weight.py [--root .] [--site DIR]
"""

from __future__ import annotations

import argparse
import gzip
import posixpath
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coursegen.project import validate_project  # noqa: E402
from coursegen.site import build_site  # noqa: E402

LINKED = (("link", "href", lambda tag: "stylesheet" in (tag.get("rel") or []) or tag.get("rel") == ["preload"]),
          ("script", "src", lambda tag: True))
#: CSS `url(...)` fonts: Material's are off (no web fonts), but a project's own CSS could add some.
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")


def gzip_kb(data: bytes) -> float:
    return len(gzip.compress(data, 6, mtime=0)) / 1024


def requested(site: Path, page: Path) -> set[Path]:
    """The page and the files it makes the browser fetch on load (stylesheets, scripts, fonts in them)."""
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = {page}
    for name, attribute, wanted in LINKED:
        for tag in document.find_all(name, attrs={attribute: True}):
            url = tag[attribute]
            if wanted(tag) and not urlsplit(url).scheme and not url.startswith("//"):
                target = (page.parent / urlsplit(url).path).resolve()
                if target.is_file() and target.is_relative_to(site.resolve()):
                    found.add(target)
    for stylesheet in [path for path in found if path.suffix == ".css"]:
        found |= fonts_of(stylesheet)
    return found


def fonts_of(stylesheet: Path) -> set[Path]:
    """Font files a stylesheet names (relative `url(...)`s ending in a font suffix)."""
    text = stylesheet.read_text(encoding="utf-8", errors="replace")
    fonts = set()
    for part in text.split("url(")[1:]:
        url = part.split(")")[0].strip("'\" ")
        if urlsplit(url).path.endswith(FONT_SUFFIXES) and not urlsplit(url).scheme:
            target = stylesheet.parent / posixpath.normpath(urlsplit(url).path)
            if target.is_file():
                fonts.add(target.resolve())
    return fonts


def weight(files: set[Path]) -> float:
    return sum(gzip_kb(path.read_bytes()) for path in files)


def module_pages(site: Path) -> list[str]:
    """The module pages' paths, relative to a language's root (the same in every language), sorted."""
    pages = sorted(p.parent.name for p in (site / "modules").glob("*/index.html"))
    return [f"modules/{name}/index.html" for name in pages]


def report(site: Path, languages: list[str], default: str) -> None:
    first, second, *others = module_pages(site)
    default_files = requested(site, site / first)
    for lang in languages:
        root = site if lang == default else site / lang
        first_files = requested(site, root / first)
        second_files = requested(site, root / second)
        print(f"first_load_kb_{lang}: {weight(first_files):.1f}")
        print(f"second_page_kb_{lang}: {weight(second_files - first_files):.1f}")
        seconds = sorted(weight(requested(site, root / other) - first_files) for other in [second, *others])
        print(f"second_page_median_kb_{lang}: {statistics.median(seconds):.1f}")
        print(f"second_page_max_kb_{lang}: {seconds[-1]:.1f}")
        if lang != default:
            print(f"switch_language_kb_{lang}: {weight(first_files - default_files):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--site", type=Path, help="measure this site, built from --root, instead of building one")
    arguments = parser.parse_args()
    library = validate_project(arguments.root).library
    with tempfile.TemporaryDirectory() as work:
        site = arguments.site or Path(work) / "site"
        if arguments.site is None:
            result = build_site(arguments.root, site)
            if not result.ok:
                sys.exit("the shipped content did not build: " + "; ".join(result.errors))
        report(site, list(library.languages), library.default_language)


if __name__ == "__main__":
    main()
