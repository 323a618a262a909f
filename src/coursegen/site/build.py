"""`build_site`: validate, generate, build one MkDocs site per language in parallel, index, swap in.

The order follows the rule "gather everything first, then write": the whole library is validated before
anything is written; every language is built in a private work folder next to the site; only when all
languages succeeded is the staged site renamed into place, so a failed build leaves the last good site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..library import Library
from ..pages import FileSet, generate_language
from ..project import validate_project
from .config import site_config


@dataclass(frozen=True)
class BuildEvent:
    """Progress of a build: a stage, and for finished languages the language and its page count."""

    stage: str  # validated | generated | language | done | failed
    lang: str | None = None
    pages: int = 0
    languages_done: int = 0
    languages_total: int = 0


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # language -> HTML pages written
    errors: list[str] = field(default_factory=list)  # build problems that are not content diagnostics


Progress = Callable[[BuildEvent], None]


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               progress: Progress | None = None, workers: int | None = None) -> BuildResult:
    """Build the site of the project at `root` into `site_dir` (default `root/site`).

    Content errors -> a failed result with the diagnostics, and `site_dir` untouched.
    Raises `coursegen.loader.NotAProject` when `root` is not a project.
    """
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    notify = progress or (lambda event: None)
    validation = validate_project(root, strict_mode=strict)
    if not validation.ok:
        notify(BuildEvent("failed"))
        return BuildResult(False, validation.diagnostics)
    notify(BuildEvent("validated"))
    library = validation.library
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        result = _build_languages(library, root, work, strict, notify, workers)
        result.diagnostics = validation.diagnostics
        if result.ok:
            staging = _assemble(library, work)
            _swap(staging, site_dir, work)
            total = len(library.languages)
            notify(BuildEvent("done", languages_done=total, languages_total=total))
        else:
            notify(BuildEvent("failed"))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build_languages(library: Library, root: Path, work: Path, strict: bool, notify: Progress,
                     workers: int | None) -> BuildResult:
    """Generate each language's file set and hand it to a worker process at once, so that the workers
    render while the next languages are still being generated (the library is loaded only here)."""
    result = BuildResult(True)
    languages = library.languages
    # One process per language (up to twice the cores): with fewer, the last language would run alone
    # on one core at the end while the others idle; oversubscribed, all finish together.
    count = workers or min(len(languages), 2 * (os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=max(count, 1)) as pool:
        futures = {}
        for lang in languages:
            job = _job(library, generate_language(library, lang), root, work / lang, strict)
            futures[pool.submit(build_language, job)] = lang
        notify(BuildEvent("generated", languages_total=len(languages)))
        for future in as_completed(futures):
            lang = futures[future]
            outcome = future.result()
            if outcome["errors"]:
                result.ok = False
                result.errors += [f"[{lang}] {message}" for message in outcome["errors"]]
            result.pages[lang] = outcome["pages"]
            notify(BuildEvent("language", lang, outcome["pages"], len(result.pages), len(languages)))
    result.pages = dict(sorted(result.pages.items()))
    return result


def _job(library: Library, files: FileSet, root: Path, folder: Path, strict: bool) -> dict:
    """A worker's job: one language's file set and MkDocs config. Its docs folder stays empty: the pages
    go to MkDocs from memory (see `worker.FileSetPlugin`)."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    config = site_config(library, files, docs_dir=docs, site_dir=folder / "site", root=root, strict=strict)
    return {"lang": files.lang, "config": config, "files": files}


def build_language(job: dict) -> dict:
    """Worker entry point; MkDocs is imported in the worker only."""
    from .worker import build_language as build
    return build(job)


def _assemble(library: Library, work: Path) -> Path:
    """Move the language sites into one staging tree: default language at the root, others in /<lang>/."""
    staging = work / "staging"
    (work / library.default_language / "site").rename(staging)
    for lang in library.languages[1:]:
        (work / lang / "site").rename(staging / lang)
    return staging


def _swap(staging: Path, site_dir: Path, work: Path) -> None:
    """Put the staged site in place with renames on one file system; the old site goes away last."""
    if site_dir.exists():
        site_dir.rename(work / "previous")
    staging.rename(site_dir)
