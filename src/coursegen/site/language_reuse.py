"""A language whose every input is as at the last build is not built again: its files come from the live site.

Editing one module changes one language's pages, or a few (where the module stands untranslated); the others
still went through MkDocs, page by page from the cache, and Pagefind. Now each language's inputs are hashed
after its file set is generated: the versions and the theme overrides (`CacheSpec.salt`), the MkDocs config
(where it reads and writes left out), and the whole file set: every page's Markdown and finished HTML blocks,
the navigation, the trainer twins, the previous/next links, the downloads' bytes and each asset's bytes. After
a language builds without a warning, the cache keeps, under that hash, the list of the files it wrote with
their SHA-256. When the next build finds the same hash, and the live site still holds every one of those files
with those bytes (regular files inside it; a site that another build replaced fails the check), the files are
linked from there into the language's work folder (copied where the file system has no hard links, see
`link_or_copy`) and MkDocs does not run: the language's site is the one a build would make, byte for byte.

The record is a signed cache entry (see `cache.Store`), so a cache that came with the project decides
nothing; the live site is only read, never changed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..pages import FileSet
from .cache import data_digest, digest, file_digest
from .cache_keys import CacheSpec
from .page_cache import PLACES
from .publish import MARKER

#: The cache entries' kind (see `cache.KINDS`).
KIND = "language"


def language_key(spec: CacheSpec, config: dict, files: FileSet, *, strict: bool, downloads: bool) -> str:
    """The hash of everything one language's site is made from."""
    placed = {key: value for key, value in config.items() if key not in PLACES}
    return digest(spec.salt, data_digest(placed), files.lang, str(strict), str(downloads), _file_set_digest(files))


def _file_set_digest(files: FileSet) -> str:
    structure = {"pages": files.pages, "nav": files.nav, "twins": files.trainer_twins,
                 "blocks": {rel: blocks.items for rel, blocks in files.html_blocks.items()},
                 "neighbours": files.neighbours, "download_problems": files.download_problems}
    downloads = [part for rel, data in sorted(files.downloads.items()) for part in (rel, data)]
    assets = [part for rel, path in sorted(files.assets.items()) for part in (rel, file_digest(path))]
    return digest(data_digest(structure), *downloads, *assets)


def record(spec: CacheSpec, key: str, site: Path, pages: int) -> None:
    """Keep the list of the files of a language site that just built (with their SHA-256) under `key`."""
    files = {}
    for directory, _, names in os.walk(site):
        for name in names:
            path = Path(directory, name)
            rel = path.relative_to(site).as_posix()
            if rel != MARKER:
                files[rel] = file_digest(path)
    spec.store().write_json(KIND, key, {"files": dict(sorted(files.items())), "pages": pages})


def reuse(spec: CacheSpec, key: str, live: Path, site: Path) -> int | None:
    """Copy the language's files from the live site's `live` folder into `site` when the cache has a record
    under `key` and the live site still holds every file of it with its bytes: the number of pages; else
    None (and `site` is left empty)."""
    entry = spec.store().read_json(KIND, key)
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict) or not isinstance(entry.get("pages"), int):
        return None
    live_root = os.path.realpath(live)
    sources = {}
    for rel, sha in entry["files"].items():
        source = _live_file(live_root, rel)
        if source is None or not isinstance(sha, str) or file_digest(source) != sha:
            return None
        sources[rel] = source
    try:
        for rel, source in sources.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(source, site / rel)
    except OSError:
        shutil.rmtree(site, ignore_errors=True)
        return None
    return entry["pages"]


def _live_file(live_root: str, rel: object) -> Path | None:
    """The live site's regular file at `rel`, reached without a symbolic link and inside it, or None."""
    parts = rel.split("/") if isinstance(rel, str) else []
    if not parts or any(part in ("", ".", "..") for part in parts):
        return None
    path = Path(live_root, *parts)
    if os.path.realpath(path) != str(path) or path.is_symlink() or not path.is_file():
        return None
    return path


def link_tree(source: str, target: str, skip: set[str] = frozenset()) -> None:
    """Every regular file under the folder `source` (but the names in `skip` at its top), reached without a
    symbolic link, put at the same place under the existing folder `target`: a hard link, or a copy."""
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name in skip:
                continue
            into = os.path.join(target, entry.name)
            if entry.is_dir(follow_symlinks=False):
                os.mkdir(into)
                link_tree(entry.path, into)
            elif entry.is_file(follow_symlinks=False):
                link_or_copy(entry.path, into)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """`source` put at the new path `target`: a hard link, or a copy with its times where there can be none.

    A staged file that is a link to a live one is the live file itself, as `carry_over` makes every
    unchanged file before the swap (it then has nothing to compare): no step writes into a staged file
    after it was made (the marker is written only where it is missing, see `publish.mark_site`)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
