"""The build cache: a content-addressed store of what an earlier build of a language site computed.

Every entry is stored under the hash of all the inputs it was computed from (its key, see `page_cache`),
so an entry is either right for a build or never asked for: nothing is ever invalidated, only left unused
and pruned. The folder is the project's `.coursegen-cache/` (shared by every site built from the project:
`coursegen build` and `coursegen serve` find each other's pages), is marked as coursegen's, and is safe to
delete at any time: a build without it is a clean build.

A stored page is published as it is, past the sanitiser, so an entry must be one this user's builds wrote:
a cache folder that came with the project (committed in a pull request, in an archive) could otherwise
publish any page. Each entry ends with an HMAC-SHA-256 of its payload under a key of this user's, kept
outside the project (`machine_key`): an entry that another key signed, or that is cut short or altered, is
ignored when read (the build computes it again). Without a key there is no cache (a clean build).

No MkDocs here, and no pickle: entries are JSON or the bytes of a file, which a build reads as data only
(never code); paths in a stored search index are checked to lie inside it.

A process that builds again and again (a warm worker of the live preview, see `warm`) keeps the page entries
it read or wrote in memory (`keep_in_memory`), so that a save's build does not read and check again the
hundreds of entries of the pages it did not change: at 300 modules that was a quarter of the time a save
took. What is kept is what this process wrote or checked; a key names one content, so an entry kept stays
right whatever happens to the folder.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from ..sized_memo import SizedMemo
from ..user_cache import user_cache_folder

#: The file that marks a cache folder as coursegen's: one without it is never written to or pruned.
CACHE_MARKER = ".coursegen-cache"
CACHE_MARKER_TEXT = b"This folder is coursegen's build cache. It is safe to delete: the next build is then a clean one.\n"
#: The kinds of entries, one folder each: converted pages, rendered pages, search index manifests, files, and
#: the files of a language site by the hash of its inputs (see `language_reuse`), all pruned by the page
#: cache; a language's downloads, the lay-outs of single exports and the exports' bytes (see
#: `downloads_cache`, which prunes its own).
KINDS = ("convert", "render", "search", "blob", "language", "downloads", "memo", "export")
_DIGEST = 64  # hex digits of a SHA-256
#: The key's file, in coursegen's private folder of the user's (see `machine_key`).
KEY_FILE = "cache-key"


def digest(*parts: str | bytes) -> str:
    """The SHA-256 of `parts`, each length-prefixed so that no two sequences of parts hash alike."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (an asset may be a video); "missing" when unreadable."""
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                sha.update(block)
    except OSError:
        return "missing"
    return sha.hexdigest()


def data_digest(value: object) -> str:
    """The SHA-256 of a value as canonical JSON (values JSON lacks by `_plain`)."""
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain))


def _plain(value: object) -> str:
    """A value JSON lacks, as text that is the same in every process: a function (a slugify option of
    Markdown's table of contents) by its qualified name, not by its `repr` with a memory address."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    if isinstance(value, (set, frozenset)):
        return json.dumps(sorted(map(str, value)))
    return str(value)


#: The project's cache folder, beside framework/ and content/ (never read as content).
CACHE_FOLDER = ".coursegen-cache"


def cache_folder(root: Path) -> Path:
    """The build cache folder of the project at `root`."""
    return root / CACHE_FOLDER


def open_cache(folder: Path) -> Path | None:
    """`folder`, made and marked if new; None when it exists but is not coursegen's (it is left alone) or
    cannot be made (the build then runs without a cache)."""
    marker = folder / CACHE_MARKER
    try:
        if folder.is_symlink():
            return None
        if not folder.exists():
            folder.mkdir(parents=True)
            marker.write_bytes(CACHE_MARKER_TEXT)
        if marker.is_symlink() or not marker.is_file() or marker.read_bytes() != CACHE_MARKER_TEXT:
            return None
    except OSError:
        return None
    return folder


def machine_key() -> bytes | None:
    """This user's key for signing cache entries (`<user cache>/coursegen/key/cache-key`, see `user_cache`),
    made (random, mode 0600) on first use; None when there is no private folder for it, or the file is not a
    private regular file of the user's."""
    folder = user_cache_folder("key")
    if folder is None:
        return None
    path = folder / KEY_FILE
    try:
        if not path.exists():
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")  # mode 0600
            with os.fdopen(handle, "wb") as out:
                out.write(secrets.token_hex(32).encode())
            os.replace(temporary, path)
        status = path.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
            return None
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= 32 else None


class _Memory:
    """Entries kept in this process, by folder, kind and key (see `keep_in_memory`): none until asked for, as in
    every process that builds once."""

    def __init__(self) -> None:
        self.kinds: tuple[str, ...] = ()
        self.entries: SizedMemo[tuple[str, str, str], bytes] = SizedMemo()

    def get(self, folder: Path, kind: str, key: str) -> bytes | None:
        return self.entries.get((str(folder), kind, key)) if kind in self.kinds else None

    def put(self, folder: Path, kind: str, key: str, payload: bytes) -> None:
        if kind in self.kinds:
            self.entries.put((str(folder), kind, key), payload)

    def configure(self, kinds: tuple[str, ...], limit: int) -> None:
        self.kinds = tuple(kinds)
        self.entries.resize(limit, keep=lambda name: name[1] in self.kinds)


_MEMORY = _Memory()


def keep_in_memory(kinds: tuple[str, ...], limit: int) -> None:
    """From now on, this process keeps the entries of `kinds` it reads or writes, up to `limit` bytes (0:
    none, and those kept are let go)."""
    _MEMORY.configure(kinds, limit)


@dataclass
class Store:
    """One language's entries in a cache folder (signed with `key`, see `machine_key`), and the keys this
    build used (the rest is pruned)."""

    folder: Path
    key: bytes
    used: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KINDS})

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode()

    def read(self, kind: str, key: str) -> bytes | None:
        """The payload of an entry, or None when there is none or it fails its hash check."""
        kept = _MEMORY.get(self.folder, kind, key)
        if kept is not None:
            self.used[kind].add(key)
            return kept
        try:
            data = (self.folder / kind / key).read_bytes()
        except OSError:
            return None
        payload, newline, check = data[:-_DIGEST - 1], data[-_DIGEST - 1:-_DIGEST], data[-_DIGEST:]
        if newline != b"\n" or not hmac.compare_digest(self._sign(payload), check):
            return None
        self.used[kind].add(key)
        _MEMORY.put(self.folder, kind, key, payload)
        return payload

    def write(self, kind: str, key: str, payload: bytes) -> None:
        """Store an entry (atomically: a killed build leaves no partial entry under its name). A cache that
        cannot be written (a full disk) only makes the next build slower."""
        self.used[kind].add(key)
        _MEMORY.put(self.folder, kind, key, payload)
        folder = self.folder / kind
        with suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")
            with os.fdopen(handle, "wb") as out:
                out.write(payload + b"\n" + self._sign(payload))
            os.replace(temporary, folder / key)

    def read_json(self, kind: str, key: str) -> object | None:
        """A JSON entry, or None (missing, damaged, or not JSON)."""
        payload = self.read(kind, key)
        try:
            return None if payload is None else json.loads(payload)
        except ValueError:
            return None

    def write_json(self, kind: str, key: str, value: object) -> None:
        """Store a JSON entry."""
        self.write(kind, key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def keep(self, kind: str, key: str) -> None:
        """Count an entry as used without reading it: `prune` leaves it."""
        self.used[kind].add(key)

    def prune(self, kinds: tuple[str, ...] = KINDS) -> None:
        """Remove the entries of `kinds` this build did not use (and partial files of killed builds): the
        cache holds one build's worth per language. Each part of a build prunes the kinds it owns: a Store
        knows only the keys its own build step used."""
        for kind in kinds:
            with suppress(OSError):
                for path in (self.folder / kind).iterdir():
                    if path.name not in self.used[kind] and path.is_file() and not path.is_symlink():
                        path.unlink(missing_ok=True)
