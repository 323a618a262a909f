"""The search of one language's site: Pagefind's index, built from the written pages, forced to the language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..page_paths import (COVERAGE_DIR, GUIDELINE_BOOK, SELF_ASSESSMENT_AREAS, SELF_ASSESSMENT_COURSES,
                          STATUS_PAGE, TRAINER_DIR, page_url)

#: Folders of a language site that Pagefind does not read: the trainer edition, which is never indexed (no
#: `data-pagefind-body`), the guideline book, which only repeats the chapters (a search would find each
#: passage twice), and the coverage matrix (its overview and every area's matrix), which only repeats the
#: titles of the modules and competences, and would cost more time than any other page; and the translation
#: status page, a contributors' table of every page's title and state, which changes with every edit of any
#: page (indexed, it would make every language's index be made again after any edit); and the self-assessment
#: sheets, which only repeat the framework's outcome statements and so carry no `data-pagefind-body` (see
#: site_overrides/main.html): Pagefind would read them only to leave them out, and a change to one would make
#: the language's index again (see `page_cache.html_parts`). Their index, which leads to each sheet, is searched.
UNINDEXED = (TRAINER_DIR, "pagefind", page_url(GUIDELINE_BOOK).rstrip("/"), COVERAGE_DIR,
             page_url(STATUS_PAGE).rstrip("/"), SELF_ASSESSMENT_AREAS, SELF_ASSESSMENT_COURSES)
#: Parts of a page that are not its text: the headings' permalinks (a "¶" that would end every result's
#: title, "Higiene personal y dignidad¶").
UNINDEXED_PARTS = (".headerlink",)


def pagefind_command() -> list[str]:
    """Pagefind's bundled binary, run directly (`python -m pagefind` costs a Python start-up per language)."""
    try:
        from pagefind_bin_extended import get_executable
        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]


def indexed(rel: str) -> bool:
    """Whether Pagefind reads the page at `rel` (a path in the language site): not under `UNINDEXED`."""
    return not any(rel == folder or rel.startswith(folder + "/") for folder in UNINDEXED)


def search_glob(site: Path) -> str:
    """The pages Pagefind reads: every HTML file except those under `UNINDEXED` (reading the trainer
    edition would only cost time)."""
    patterns: list[str] = []

    def walk(folder: str) -> None:
        patterns.append(f"{folder}/*.html" if folder else "*.html")
        for path in sorted(p for p in (site / folder).iterdir() if p.is_dir()):
            rel = f"{folder}/{path.name}" if folder else path.name
            if rel in UNINDEXED:
                continue
            if any(skipped.startswith(rel + "/") for skipped in UNINDEXED):
                walk(rel)
            else:
                patterns.append(f"{rel}/**/*.html")

    walk("")
    return "{" + ",".join(patterns) + "}"


def run_pagefind(site: Path, lang: str) -> list[str]:
    """Index one language's site with Pagefind, forced to that language for stemming; the problems, if any."""
    command = pagefind_command() + ["--site", str(site), "--glob", search_glob(site),
                                    "--force-language", lang, "--silent"]
    for selector in UNINDEXED_PARTS:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return [f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}"]
    return []
