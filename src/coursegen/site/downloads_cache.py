"""The trainer downloads of a language, taken from the build cache when nothing they are made from changed.

Making them is most of a language's build when downloads are on (SCORM and Common Cartridge packages, the
module packages, the framework files, the guideline PDF: about 6 s of CPU per language for the shipped
content), and it comes before the language's key (`language_reuse`) can be computed. Two kinds of keys:

- **a language's downloads** (each `Made`: a file's bytes, or the problem that kept it from being made) are
  kept under the hash of everything they are made from (`downloads_key`): the cache salt (tool versions,
  coursegen's code, the theme overrides), `SOURCE_DATE_EPOCH` (the exports' dates), whether the PDF can be
  made, the system's fonts (`fonts_digest`), the versions of the libraries the exports use beyond
  `cache_keys.TOOLS`, coursegen's templates, stylesheets and strings the exports read (the project's
  `site_overrides/coursegen/` and coursegen's own, whichever theme the site uses), the bytes of every file the
  library was loaded from (the library's `framework_files` and `content_files`), and the language. Hashed once
  per build by the parent. A hit makes no export: the bytes come from the cache, the problems are given again
  as they were.
- **the guideline PDF's lay-out** (WeasyPrint, most of the PDF's time) is kept under the hash of exactly what
  WeasyPrint reads (the document and stylesheet the export builds, see `guideline_pdf.export`) and of the
  versions of coursegen's code, Python and the export libraries and of the fonts (`ExportMemo`): a module
  edited without touching the guideline takes the PDF from the cache even though every other export is made
  again.

Downloads (or a lay-out) whose making logged a warning are not kept: the next build makes them and logs it
again. Entries: `downloads` (the list of a language's downloads by its key), `memo` (an export's SHA-256
by its input's hash), `export` (the bytes by their SHA-256, so a PDF that both list is stored once). This
module prunes these kinds after it made a language's downloads; the page cache prunes the others.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from ..export.downloads import Download, Made, make_downloads, pdf_available, planned_downloads
from ..file_state import files_state
from ..library import Library
from ..templates import BUILTIN_OVERRIDES, TEMPLATE_FOLDER
from ..theme import OVERRIDES
from .cache import Store, data_digest, digest, file_digest
from .cache_keys import CacheSpec, code_digest, distribution_versions, tree_digest

#: The cache kinds this module writes and prunes (see `cache.KINDS`).
DOWNLOAD_KINDS = ("downloads", "memo", "export")
#: The libraries the exports use whose versions are not in `cache_keys.TOOLS`: WeasyPrint and what it lays
#: out and writes with, lxml (the packages' XML), Babel (language names, list formats).
EXPORT_TOOLS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow",
                "lxml", "babel")
_SHA = re.compile(r"[0-9a-f]{64}")
#: Where the system's fonts and their settings are (fontconfig's folders, which WeasyPrint's Pango reads on
#: Linux; macOS' and Windows' font folders): the PDF is laid out with the fonts installed there, so a font
#: added, updated or removed makes it again (an Arabic font installed where the PDF lacked its glyphs, say).
FONT_PLACES = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/etc/fonts",
               "/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts", "%WINDIR%/Fonts")


def with_downloads_keys(specs: dict[str, CacheSpec], library: Library) -> dict[str, CacheSpec]:
    """Each language's cache with the key of its downloads (left without one when a file cannot be read)."""
    try:
        inputs = downloads_inputs(library, next(iter(specs.values())).salt) if specs else None
    except OSError:
        return specs
    return {lang: replace(spec, downloads=digest(inputs, lang)) for lang, spec in specs.items()}


def downloads_inputs(library: Library, salt: str) -> str:
    """The hash of everything every language's downloads are made from, but the language."""
    root = library.root
    templates = [tree_digest(folder / TEMPLATE_FOLDER) for folder in (root / OVERRIDES, BUILTIN_OVERRIDES)]
    return digest(salt, os.environ.get("SOURCE_DATE_EPOCH", ""), str(pdf_available()), fonts_digest(),
                  data_digest(export_versions()), *templates, library_digest(library))


def fonts_digest() -> str:
    """The hash of the path, size and time of change of every file in `FONT_PLACES` (see `file_state`): a
    few milliseconds, where hashing the fonts' bytes would take seconds."""
    places = (os.path.expandvars(os.path.expanduser(place)) for place in FONT_PLACES)
    return data_digest(files_state(places))


def library_digest(library: Library) -> str:
    """The hash of the path and bytes of every file the library was loaded from."""
    files = [(rel, library.root / rel) for rel in library.framework_files]
    files += [(f"content/{rel}", library.content_dir / rel) for rel in library.content_files]
    return digest(*[part for rel, path in sorted(files) for part in (rel, file_digest(path))])


@functools.cache
def export_versions() -> dict[str, str]:
    """The versions of `EXPORT_TOOLS` ("none" when not installed)."""
    return distribution_versions(EXPORT_TOOLS)


def language_downloads(library: Library, lang: str, spec: CacheSpec) -> list[Made]:
    """The language's downloads: the cache's when it holds them under the language's key, else made (and
    kept when making them logged no warning)."""
    if spec.downloads is None:
        return make_downloads(library, lang)
    store = spec.store()
    made = restored(store, spec.downloads, planned_downloads(library, lang))
    if made is None:
        memo = ExportMemo(store)
        with logged_warnings() as warnings:
            made = make_downloads(library, lang, memo)
        if not warnings:
            keep(store, spec.downloads, made, memo.keys)
    store.prune(DOWNLOAD_KINDS)
    return made


def restored(store: Store, key: str, plan: list[Download]) -> list[Made] | None:
    """The downloads kept under `key`, for `plan` (the same files in the same order), or None."""
    entry = store.read_json("downloads", key)
    files, memos = (entry.get("files"), entry.get("memo")) if isinstance(entry, dict) else (None, None)
    if not isinstance(files, list) or len(files) != len(plan) or not isinstance(memos, list):
        return None
    made = []
    for download, kept in zip(plan, files):
        name, sha, problem = kept if isinstance(kept, list) and len(kept) == 3 else (None, None, None)
        if name != download.name or not isinstance(problem, str):
            return None
        data = _export_bytes(store, sha) if sha is not None else None
        if (sha is None) != bool(problem) or (sha is not None and data is None):
            return None
        made.append(Made(download, data, problem))
    for memo_key in memos:  # the lay-outs these downloads were made with stay for the next build's
        sha = store.read("memo", memo_key) if isinstance(memo_key, str) else None
        if sha is not None:
            store.keep("export", sha.decode("ascii", errors="replace"))
    return made


def keep(store: Store, key: str, made: list[Made], memo_keys: list[str]) -> None:
    """Keep a language's downloads under `key`: each file's bytes by its SHA-256, and their list."""
    files = []
    for one in made:
        sha = None
        if one.data is not None:
            sha = digest(one.data)
            store.write("export", sha, one.data)
        files.append([one.download.name, sha, one.problem])
    store.write_json("downloads", key, {"files": files, "memo": memo_keys})


def _export_bytes(store: Store, sha: object) -> bytes | None:
    """The bytes kept under `sha` when they are those bytes."""
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        return None
    data = store.read("export", sha)
    return data if data is not None and digest(data) == sha else None


class ExportMemo:
    """An export's slow step kept in the language's store by the hash of its exact input (`base.Memo`) and
    of the versions of the code that makes it; the keys it was asked for."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.base = memo_base()
        self.keys: list[str] = []

    def __call__(self, parts: tuple[str | bytes, ...], make: Callable[[], bytes]) -> bytes:
        key = digest(self.base, *parts)
        self.keys.append(key)
        sha = self.store.read("memo", key)
        data = _export_bytes(self.store, sha.decode("ascii", errors="replace")) if sha is not None else None
        if data is not None:
            return data
        with logged_warnings() as warnings:
            data = make()
        if not warnings:
            sha_text = digest(data)
            self.store.write("export", sha_text, data)
            self.store.write("memo", key, sha_text.encode("ascii"))
        return data


def memo_base() -> str:
    """What every memo key starts from: coursegen's code, Python and the export libraries' versions, and the
    system's fonts (the PDF's lay-out depends on them)."""
    return digest("export memo", code_digest(), platform.python_version(), data_digest(export_versions()),
                  fonts_digest())


class _Kept(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def logged_warnings() -> Iterator[list[logging.LogRecord]]:
    """The warnings logged while the block runs (by any logger that passes them on to the root logger, as
    WeasyPrint's does)."""
    records: list[logging.LogRecord] = []
    handler = _Kept(records)
    logging.getLogger().addHandler(handler)
    try:
        yield records
    finally:
        logging.getLogger().removeHandler(handler)
