"""`build_site`: validate, generate, build one MkDocs site per language in parallel, index, swap in.

The order follows the rule "gather everything first, then write": the whole library is validated before
anything is written; every language is built in a private work folder next to the site; only when all
languages succeeded is the staged site renamed into place, so a failed build leaves the last good site.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic
from ..library import Library
from ..pages import FileSet, generate_all
from ..project import validate_project
from .config import site_config

#: Files MkDocs writes that carry build dates or absolute URLs; the site does not need them.
UNWANTED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz")


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
    file_sets = generate_all(library)
    notify(BuildEvent("generated", languages_total=len(file_sets)))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        result = _build_languages(library, file_sets, root, work, strict, notify, workers)
        result.diagnostics = validation.diagnostics
        if result.ok:
            staging = _assemble(library, work)
            _swap(staging, site_dir, work)
            notify(BuildEvent("done", languages_done=len(file_sets), languages_total=len(file_sets)))
        else:
            notify(BuildEvent("failed"))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build_languages(library: Library, file_sets: dict[str, FileSet], root: Path, work: Path, strict: bool,
                     notify: Progress, workers: int | None) -> BuildResult:
    """Write each language's docs and config, then build the languages in parallel worker processes."""
    jobs = [_prepare(library, files, root, work / lang, strict) for lang, files in file_sets.items()]
    result = BuildResult(True)
    count = workers or min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=max(count, 1)) as pool:
        futures = {pool.submit(build_language, job): job["lang"] for job in jobs}
        for future in as_completed(futures):
            lang = futures[future]
            outcome = future.result()
            if outcome["errors"]:
                result.ok = False
                result.errors += [f"[{lang}] {message}" for message in outcome["errors"]]
            result.pages[lang] = outcome["pages"]
            notify(BuildEvent("language", lang, outcome["pages"], len(result.pages), len(jobs)))
    result.pages = dict(sorted(result.pages.items()))
    return result


def _prepare(library: Library, files: FileSet, root: Path, folder: Path, strict: bool) -> dict:
    """Write one language's generated file set and MkDocs config; return the job for a worker."""
    docs = folder / "docs"
    write_file_set(files, docs)
    config = site_config(library, files, docs_dir=docs, site_dir=folder / "site", root=root, strict=strict)
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"lang": files.lang, "config_file": str(config_file), "site_dir": str(folder / "site")}


def write_file_set(files: FileSet, docs_dir: Path) -> None:
    """Write the Markdown pages and copy the assets of a file set under `docs_dir`."""
    for rel, text in files.pages.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel, source in files.assets.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so that the parent process can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_language(job: dict) -> dict:
    """Worker: build one language's site with MkDocs' Python API, then index it with Pagefind."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file=job["config_file"])
        build(config)
    except (MkDocsException, OSError) as error:
        return {"errors": collect.messages + [str(error)], "pages": 0}
    finally:
        logger.removeHandler(collect)
    site = Path(job["site_dir"])
    for name in UNWANTED_OUTPUT:
        (site / name).unlink(missing_ok=True)
    errors = run_pagefind(site, job["lang"])
    pages = sum(1 for path in site.rglob("*.html") if path.name != "404.html" and "pagefind" not in path.parts)
    return {"errors": errors, "pages": pages}


def run_pagefind(site: Path, lang: str) -> list[str]:
    """Index one language's site with Pagefind's bundled binary, forced to that language for stemming."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", lang, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return [f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}"]
    return []


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
