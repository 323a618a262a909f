"""What the parent process sends a worker to build one language, and what the worker sends back: frozen
dataclasses, which multiprocessing pickles. No MkDocs here: the parent never imports it."""

from __future__ import annotations

import traceback
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..pages import FileSet
from ..theme import render_error
from .cache_keys import CacheSpec
from .offline import NOTICE


@dataclass(frozen=True)
class LanguageJob:
    """One language to build in `folder` (which gets `docs/`, left empty, and `site/`).

    Without `files`, a forked worker generates them from the library it inherited (see `build.build_language`).
    """

    lang: str
    root: Path
    folder: Path
    strict: bool
    downloads: bool = False  # also make every export for the trainer index (see export/downloads.py)
    files: FileSet | None = None
    config: dict | None = None  # the MkDocs config as data (see `config.site_config`), set with `files`
    cache: CacheSpec | None = None  # the language's build cache (see `page_cache`); None: a clean build
    live: Path | None = None  # the language's folder in the live site, to take it from (see `language_reuse`)
    search: bool = True  # index it with Pagefind; False: keep the live site's index as it is (see `quick`)
    nice: int = 0  # how far the worker lowers its CPU priority first (see `build._build_languages`)

    def ready(self, files: FileSet, config: dict) -> LanguageJob:
        """This job with its file set and MkDocs config."""
        return replace(self, files=files, config=config)


@dataclass(frozen=True)
class LanguageOutcome:
    """What building one language gave: HTML pages written, build problems, MkDocs' warnings, diagnostics."""

    pages: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    pid: int = 0  # the worker process that built it (a warm preview reuses its workers: see `build.worker_pool`)
    reused: bool = False  # its inputs were as at the last build: its files came from the live site

    @property
    def failed(self) -> bool:
        """Whether the language did not build (an error or a diagnostic)."""
        return bool(self.errors or self.diagnostics)


def html_pages(site: Path, others: Collection[str] = ()) -> int:
    """The pages of a built language site (its 404 page, its offline notice and Pagefind's files are not
    pages), without the folders of the `others` languages that lie in it (the default language's holds them)."""
    if others:
        return sum(html_pages(entry) if entry.is_dir() else _is_page(entry)
                   for entry in site.iterdir() if entry.name not in others and not entry.is_symlink())
    return sum(1 for path in site.rglob("*.html") if _is_page(path))


def _is_page(path: Path) -> bool:
    return path.suffix == ".html" and path.name not in ("404.html", NOTICE) and "pagefind" not in path.parts


def failed_outcome(error: Exception, root: Path) -> LanguageOutcome:
    """A language that raised: CG113 at its template and line when a theme template failed, else one line
    that names the error and where it happened. No traceback reaches the author."""
    diagnostic = render_error(error, root)
    if diagnostic is not None:
        return LanguageOutcome(diagnostics=(diagnostic,))
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return LanguageOutcome(errors=(f"coursegen failed while building this language ({type(error).__name__}: "
                                   f"{error}, at {Path(frame.filename).name}:{frame.lineno}); please report it.",))
