"""`build_site`: validate, generate, build one MkDocs site per language in parallel, index, swap in.

The order follows the rule "gather everything first, then write": the site folder is checked (coursegen
replaces only a folder it made, see `publish`), the whole library is validated before anything is written,
every language is built in a private work folder next to the site; only when all languages succeeded is the
staged site swapped into place, so a failed build leaves the last good site. A shard build (`only_lang`)
follows the same steps for one language and publishes its part of the site (see `shards`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..diagnostics import Diagnostic
from ..library import Library
from ..loader import NotAProject, is_project
from ..pages import generate_language
from ..parse_memo import ParseMemo
from ..project import validate_project
from .cache_keys import CacheSpec, cache_specs
from .carry_over import carry_over
from .config import overrides_dir, site_config
from .downloads_cache import language_downloads, with_downloads_keys
from .jobs import LanguageJob, LanguageOutcome, failed_outcome, html_pages
from .language_reuse import language_key, record, reuse
from .publish import (
    MARKER,
    PublishError,
    clean_leftovers,
    publish,
    replace_folder,
    reported,
    site_target,
    work_folder,
)
from .shards import shard_languages, shard_staging


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
    warnings: list[str] = field(default_factory=list)  # MkDocs' warnings of a build that succeeded
    workers: dict[str, int] = field(default_factory=dict)  # language -> id of the process that built it
    reused: list[str] = field(default_factory=list)  # languages taken from the live site (see `language_reuse`)


Progress = Callable[[BuildEvent], None]


class BuildCancelled(Exception):
    """A build stopped by its `cancel` callable before it published anything (see `build_site`)."""


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               progress: Progress | None = None, workers: int | None = None,
               downloads: bool = True, only_lang: str | None = None, cache: bool = True,
               pool: ProcessPoolExecutor | None = None, first: str | None = None,
               quick: bool = False, cancel: Callable[[], bool] | None = None,
               publishing: AbstractContextManager | None = None, memo: ParseMemo | None = None) -> BuildResult:
    """Build the site of the project at `root` into `site_dir` (default `root/site`), with every export
    for trainers on the trainer index unless `downloads` is false (the live preview leaves them out).
    With `only_lang`, `site_dir` gets that language's shard instead, after the whole library is validated
    (see `shards`; `shards.ShardError` when the project has no such language).

    With `cache`, pages whose inputs did not change since an earlier build are taken from the project's
    build cache (see `page_cache`), so are the downloads when nothing they are made from changed (see
    `downloads_cache`), and unchanged files keep those of the live site (see `carry_over`):
    the site is byte for byte the one a clean build (`cache=False`) makes.

    With `pool` (see `worker_pool`), the languages are built by its workers, which stay warm between builds
    (the live preview); `first` is the language to start first (the one an author just saved).

    `quick` (the live preview's first step after a save, see `preview`): only `first` (the default language
    when None) is built, without running Pagefind (it keeps the live site's index), and every other language
    keeps the live site's files as they are. The site is then not what a full build makes: a full build must
    follow. Without a live site coursegen made, a quick build is a full one. Its work folder (with the site
    it replaced) is removed by a thread after it returned (see `publish.work_folder`).

    `cancel` is asked between the steps (before each language starts, before publishing): when it returns
    true, the build waits for the languages already running and raises `BuildCancelled`, publishing nothing.
    The last check and the swap run inside `publishing` (a lock shared with another build of the same site).
    `memo` keeps the parse of the files that did not change between builds (see `parse_memo`; the preview's).

    Content errors -> a failed result with the diagnostics, and `site_dir` untouched.
    Raises `coursegen.loader.NotAProject` when `root` is not a project, and `publish.PublishError` when the
    site cannot be published there (a folder coursegen must not replace, a read-only folder, a full disk),
    before building where that can be known.
    """
    root = Path(root).resolve()
    if not is_project(root):
        raise NotAProject(str(root))
    target = site_target(root, Path(site_dir) if site_dir else root / "site")
    clean_leftovers(target)
    notify = progress or (lambda event: None)
    cancel = cancel or (lambda: False)
    with work_folder(target, later=quick) as work:  # the preview's quick build returns before removing it
        validation = validate_project(root, strict_mode=strict, memo=memo)
        library = validation.library
        languages = shard_languages(library, only_lang) if library is not None else ()
        if not validation.ok:
            notify(BuildEvent("failed"))
            return BuildResult(False, validation.diagnostics)
        notify(BuildEvent("validated"))
        specs = cache_specs(root, languages, overrides_dir(root)) if cache else {}
        if downloads:  # the library's files hashed once here, not once per language
            specs = with_downloads_keys(specs, library)
        languages = tuple(sorted(languages, key=lambda lang: lang != first))  # stable: the rest keep their order
        live = {} if only_lang else live_folders(library, target)
        quick = quick and bool(live)
        # A language the live site lacks (just added) is built, without its search index until the full build.
        kept = tuple(lang for lang in languages[1:] if live[lang].is_dir()) if quick else ()
        result = _build_languages(library, root, work, strict, notify, (pool or workers), downloads,
                                  tuple(lang for lang in languages if lang not in kept), specs, live,
                                  search=not quick, cancel=cancel)
        result.diagnostics = sorted(set(validation.diagnostics + result.diagnostics))  # CG113: once, not per language
        with publishing or nullcontext():
            _unless_cancelled(cancel, {})
            if not result.ok:  # a failed build publishes nothing
                notify(BuildEvent("failed"))
            elif kept:
                result.pages.update(_publish_beside(library, work, target, kept, notify))
            else:
                staged = (partial(shard_staging, library, work, only_lang, downloads) if only_lang
                          else partial(_assemble, library, work))
                _publish(staged, work, target, notify, len(languages), keep_times=not quick)
        result.pages = dict(sorted(result.pages.items()))
        return result


def _publish(staged: Callable[[], Path], work: Path, target: Path, notify: Progress, total: int,
             keep_times: bool = True) -> None:
    """Assemble the language sites (`staged` lays them out and returns the folder) and swap them in at
    `target` (see `publish`); with `keep_times`, unchanged files keep the live site's (see `carry_over`:
    a quick build, which a full one follows, leaves that to it)."""
    try:
        with reported(target):
            staging = staged()
            if keep_times:
                carry_over(staging, target)  # unchanged files keep the live site's (or shard's) bytes and mtime
            publish(staging, target, work)
    except PublishError:
        notify(BuildEvent("failed"))
        raise
    notify(BuildEvent("done", languages_done=total, languages_total=total))


def _publish_beside(library: Library, work: Path, target: Path, kept: tuple[str, ...], notify: Progress
                    ) -> dict[str, int]:
    """A quick build's languages put into the live site at `target`, where the `kept` languages stay as they
    are; the number of pages of each kept language.

    Each built language other than the default one takes the place of its live folder in one atomic step.
    When the default language (the site's root, which holds the others' folders) was built, the kept
    languages' folders move into its new site, which then takes the live site's place: a few renames,
    where linking every kept file into the new site took a quarter of a second at 300 modules x 3
    languages. Should that fail, they move back. Meanwhile the live site lacks them: only the live preview
    makes quick builds, and its server holds every request while it builds.
    """
    default = library.default_language
    built = [lang for lang in library.languages if lang not in kept]
    try:
        with reported(target):
            if default in kept:
                for lang in built:
                    replace_folder(work / lang / "site", target / lang, work / lang / "previous")
            else:
                _publish_with(library, work, target, built, kept)
    except PublishError:
        notify(BuildEvent("failed"))
        raise
    notify(BuildEvent("done", languages_done=len(library.languages), languages_total=len(library.languages)))
    others = set(library.languages) - {default}
    return {lang: html_pages(target, others=others) if lang == default else html_pages(target / lang)
            for lang in kept}


def _publish_with(library: Library, work: Path, target: Path, built: list[str], kept: tuple[str, ...]) -> None:
    """Publish the `built` languages' new site (the default language's, with the others built) with the
    `kept` languages' folders moved into it from the live site `target`; when anything fails, the folders go
    back to `target` (still the live site) before the error is raised."""
    staging = _assemble(library, work, only=built)
    moved: list[str] = []
    try:
        for lang in kept:
            os.rename(target / lang, staging / lang)
            moved.append(lang)
        publish(staging, target, work)
    except BaseException:
        for lang in moved:
            if not os.path.lexists(target / lang):
                os.rename(staging / lang, target / lang)
        raise


def live_folders(library: Library, target: Path) -> dict[str, Path]:
    """Each language's folder in the live site at `target` (none when there is no site coursegen made)."""
    if not (target / MARKER).is_file():
        return {}
    default = library.default_language
    return {lang: target if lang == default else target / lang for lang in library.languages}


def _build_languages(library: Library, root: Path, work: Path, strict: bool, notify: Progress,
                     workers: int | ProcessPoolExecutor | None, downloads: bool, languages: tuple[str, ...],
                     caches: dict[str, CacheSpec], live: dict[str, Path] | None = None,
                     search: bool = True, cancel: Callable[[], bool] = lambda: False) -> BuildResult:
    """Build each of `languages` in a worker process (of the pool `workers`, or of a pool made for this
    build) and collect the outcomes as they finish."""
    result = BuildResult(True)
    given = workers if isinstance(workers, ProcessPoolExecutor) else None
    # A clean build: one process per language (up to twice the cores): with fewer, the last language would
    # run alone on one core at the end while the others idle; oversubscribed, all finish together. A build
    # over a live site with a cache (after an edit): one per core. Most languages then find their pages in
    # the cache or are reused whole, and each process more only starts MkDocs again (measured on the shipped
    # content after one module's edit: 2.07-2.19 s with 2 processes, 2.23-2.34 s with 4; clean builds took
    # 3 % longer with 2).
    incremental = bool(caches) and any(folder.is_dir() for folder in (live or {}).values())
    per_core = 1 if incremental else 2
    count = max((None if given else workers) or min(len(languages), per_core * (os.cpu_count() or 1)), 1)
    context, inherit = _worker_context()
    inherit = inherit and given is None  # a given pool's workers started before this library was loaded
    # The first language (the one an author saved, else the default) goes first: the others' workers, made
    # for this build, lower their priority, so that on a machine with fewer cores than languages it does not
    # wait for theirs (after an edit, the others often only find they are unchanged). A given pool's workers
    # live on, and a process cannot raise its priority again: they keep theirs.
    jobs = [LanguageJob(lang, root, work / lang, strict, downloads, cache=caches.get(lang),
                        live=(live or {}).get(lang), search=search,
                        nice=LATER_NICENESS if index and given is None else 0)
            for index, lang in enumerate(languages)]
    if inherit:
        # Forked workers inherit the loaded library and generate their own language, all at once; frozen,
        # the library is left out of the workers' garbage collections (and their copy-on-write pages).
        _INHERITED["library"] = library
        gc.freeze()
    try:
        with (nullcontext(given) if given else ProcessPoolExecutor(max_workers=count, mp_context=context)) as pool:
            futures = {}
            for job in jobs:
                _unless_cancelled(cancel, futures)
                # Other workers get each language's file set, generated here one after the other: each
                # language starts as soon as its own is ready (the first is the one an author just saved).
                ready = job if inherit else _prepared_here(library, job)
                if isinstance(ready, LanguageOutcome):
                    _record(result, job.lang, ready)
                elif result.ok:  # after a language failed to generate, no other starts
                    futures[pool.submit(build_language, ready)] = job.lang
            notify(BuildEvent("generated", languages_total=len(languages)))
            for future in as_completed(futures):
                _unless_cancelled(cancel, futures)
                lang = futures[future]
                _record(result, lang, future.result())
                notify(BuildEvent("language", lang, result.pages[lang], len(result.pages), len(languages)))
    finally:
        if inherit:
            gc.unfreeze()
            _INHERITED.clear()
    result.pages = dict(sorted(result.pages.items()))
    result.reused.sort()
    return result


def _unless_cancelled(cancel: Callable[[], bool], futures: dict) -> None:
    """Raise `BuildCancelled` when `cancel` says so, after cancelling the languages that have not started and
    waiting for those that run (they write into the work folder, which is removed next)."""
    if cancel():
        for future in futures:
            future.cancel()
        wait(futures)
        raise BuildCancelled


def _record(result: BuildResult, lang: str, outcome: LanguageOutcome) -> None:
    """Add one language's outcome (pages, warnings, errors, diagnostics) to the build's result."""
    if outcome.failed:
        result.ok = False
        result.errors += [f"[{lang}] {message}" for message in outcome.errors]
        result.diagnostics += [d for d in outcome.diagnostics if d not in result.diagnostics]
    result.warnings += [f"[{lang}] {message}" for message in outcome.warnings]
    result.pages[lang] = outcome.pages
    result.workers[lang] = outcome.pid
    if outcome.reused:
        result.reused.append(lang)


def _prepared_here(library: Library, job: LanguageJob) -> LanguageJob | LanguageOutcome:
    """A worker's job with its language's file set generated here; the failure's outcome when generating
    failed (a project's page template that uses an unknown name, say), reported like a worker's failure."""
    try:
        return prepare_job(library, job)
    except Exception as error:  # noqa: BLE001 - reported as data, never as a traceback
        return failed_outcome(error, job.root)


#: How far the workers of the languages after the first lower their CPU priority (see `_build_languages`):
#: enough that the first one's worker gets a core of its own.
LATER_NICENESS = 10

#: What forked workers inherit from the parent process (set only while its workers run).
_INHERITED: dict[str, Library] = {}


def _worker_context() -> tuple[multiprocessing.context.BaseContext | None, bool]:
    """How the workers start, and whether they inherit the parent's memory.

    Fork (inheriting the library) only on Linux and only from a single-threaded process: forking while
    other threads run (the preview server's, for one) can deadlock the child. Otherwise a fork server,
    which is itself single-threaded, or the platform's default (spawn).
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), True
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver"), False
    return None, False


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes to pass to several builds (`build_site(pool=...)`): its workers import
    MkDocs once and keep the theme's compiled templates and the pages' cache entries between builds (see
    `warm`). They start from a fork server, never by forking a process whose threads run (see
    `_worker_context`)."""
    from .warm import warm_worker
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver") if "forkserver" in methods else None
    return ProcessPoolExecutor(max_workers=max(workers, 1), mp_context=context, initializer=warm_worker)


def warm_up(root: Path, pool: ProcessPoolExecutor, lang: str | None) -> None:
    """Have the worker of `pool` build `lang` (the default language when None, or when the project has no
    such language) once into a scratch folder, without the build cache, so that its first real build finds
    the theme's templates compiled (see `warm`). The live preview's quick builds run in a pool of their own
    (see `preview`); they would pay for that on the author's first save."""
    validation = validate_project(Path(root).resolve())
    library = validation.library
    if library is None or not validation.ok:
        return
    lang = lang if lang in library.languages else library.default_language
    with tempfile.TemporaryDirectory(prefix="coursegen-warm-") as scratch:
        folder = Path(scratch)
        job = prepare_job(library, LanguageJob(lang, library.root, folder / lang, False, False, live=folder,
                                               search=False))
        pool.submit(build_language, job).result()


def prepare_job(library: Library, job: LanguageJob) -> LanguageJob:
    """The job with its language's file set and MkDocs config. Its docs folder stays empty: the pages go to
    MkDocs from memory (see `plugin.LanguagePlugin`). With a cache, the downloads come from it when nothing
    they are made from changed (see `downloads_cache`)."""
    made = language_downloads(library, job.lang, job.cache) if job.downloads and job.cache else None
    files = generate_language(library, job.lang, downloads=job.downloads, made=made)
    docs = job.folder / "docs"
    docs.mkdir(parents=True)
    config = site_config(library, files, docs_dir=docs, site_dir=job.folder / "site", root=job.root,
                         strict=job.strict, assembled=True)
    return job.ready(files, config)


def build_language(job: LanguageJob) -> LanguageOutcome:
    """Worker entry point; MkDocs is imported in the worker only. A forked worker generates its language's
    file set from the inherited library.

    An error raised while rendering (a theme template of the project that uses an unknown name, say) is
    reported as CG113 at its template and line, anything else in one line: no traceback reaches the author."""
    from .worker import run_mkdocs
    if job.nice:
        with suppress(AttributeError, OSError):  # no os.nice on Windows
            os.nice(job.nice)
    try:
        if job.files is None:
            job = prepare_job(_INHERITED["library"], job)
        if job.cache is None:
            return replace(run_mkdocs(job), pid=os.getpid())
        key = language_key(job.cache, job.config, job.files, strict=job.strict, downloads=job.downloads)
        site = Path(job.config["site_dir"])
        pages = reuse(job.cache, key, job.live, site) if job.live else None
        if pages is not None:  # every input as at the last build: the live site's files
            return LanguageOutcome(pages=pages, pid=os.getpid(), reused=True)
        outcome = run_mkdocs(job)
        # A build with warnings is made again, to warn again; one with the live index is not the full site.
        if not outcome.failed and not outcome.warnings and job.search:
            record(job.cache, key, site, outcome.pages)
        return replace(outcome, pid=os.getpid())
    except Exception as error:  # noqa: BLE001 - reported to the parent as data, see above
        return failed_outcome(error, job.root)


def _assemble(library: Library, work: Path, only: list[str] | None = None) -> Path:
    """Move the language sites (of the languages `only`, default: all) into one staging tree: default
    language at the root, others in /<lang>/."""
    staging = work / "staging"
    (work / library.default_language / "site").rename(staging)
    for lang in library.languages[1:]:
        if only is None or lang in only:
            (work / lang / "site").rename(staging / lang)
    return staging
