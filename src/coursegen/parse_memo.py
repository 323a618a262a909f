"""What loading a file made, kept between loads of one project by its bytes: for the live preview.

`coursegen serve` loads and checks the whole project on every save, and a save changes one file: the
others' YAML is composed and built again, their front matter split, their Markdown scanned, for the same
result. A `ParseMemo`, held by the preview and passed to each load (see `project.validate_project`), keeps
for every file its bytes and what reading them made: the parsed text with its diagnostics, and the scan of
its Markdown body. A file whose bytes are those of the last load gives the very same objects (nothing
changes them after loading); one whose bytes differ, or that is new, is read as without a memo. Every other
step of a load (validating the models, the checks) runs in full, so a load with a memo reports exactly
what one without reports.

Only bytes decide: no file time, which an editor, a copy or a coarse file system may leave as it was. A
file too large to read, or that cannot be read, is not kept. `coursegen validate` and `coursegen build`
keep nothing between runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Diagnostic
from .markdown_scan import BodyScan, scan
from .sources import read_bytes

T = TypeVar("T")

__all__ = ["ParseMemo", "read_with", "scan_with", "using"]


class _Entry:
    """One file's bytes, what reading them made (with its diagnostics), and its body's scan once made (with
    the body and first line it scanned)."""

    __slots__ = ("raw", "made", "diagnostics", "scanned")

    def __init__(self, raw: bytes, made: Any, diagnostics: list[Diagnostic]) -> None:
        self.raw, self.made, self.diagnostics = raw, made, diagnostics
        self.scanned: tuple[str, int, BodyScan] | None = None


class ParseMemo:
    """The files of one project as the last load read them (see the module docstring). Loads may run in
    several threads at once (the preview's quick build and the full one it stops): each step holds a lock."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def read(self, path: Path, rel: str, make: Callable[[bytes], tuple[T, list[Diagnostic]]]
             ) -> tuple[T | None, list[Diagnostic]]:
        """What `make` makes of the file's bytes (and its diagnostics, a list of the caller's own), kept
        while the bytes stay the same; None and the problem when the file cannot be read."""
        raw, problems = read_bytes(path, rel)
        if raw is None:
            with self._lock:
                self._entries.pop(rel, None)
            return None, problems
        with self._lock:
            entry = self._entries.get(rel)
        if entry is None or entry.raw != raw:
            made, diagnostics = make(raw)
            entry = _Entry(raw, made, list(diagnostics))
            with self._lock:
                self._entries[rel] = entry
        return entry.made, list(entry.diagnostics)

    def scan(self, rel: str, body: str, first_line: int) -> BodyScan:
        """The scan of `body` (of the file `rel`), kept with the file's entry while its bytes stay the same."""
        with self._lock:
            entry = self._entries.get(rel)
            scanned = entry.scanned if entry is not None else None
        if scanned is not None and scanned[:2] == (body, first_line):
            return scanned[2]
        made = scan(body, first_line)
        if entry is not None:
            entry.scanned = (body, first_line, made)
        return made

    def keep_only(self, rels: set[str]) -> None:
        """Forget the files that are no longer in the project."""
        with self._lock:
            for rel in [rel for rel in self._entries if rel not in rels]:
                del self._entries[rel]

    def __len__(self) -> int:
        return len(self._entries)


#: The memo of the load running in this thread (see `using`), or None.
_CURRENT: ContextVar[ParseMemo | None] = ContextVar("coursegen_parse_memo", default=None)


@contextmanager
def using(memo: ParseMemo | None) -> Iterator[None]:
    """Make `memo` the one the reads of this thread's load use (`read_with`, `scan_with`)."""
    token = _CURRENT.set(memo)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def read_with(path: Path, rel: str, make: Callable[[bytes | None], tuple[T, list[Diagnostic]]]
              ) -> tuple[T | None, list[Diagnostic]]:
    """`make(bytes)` through the current memo, or `make(None)` (it reads the file itself) without one."""
    memo = _CURRENT.get()
    if memo is None:
        return make(None)
    return memo.read(path, rel, make)


def scan_with(rel: str, body: str, first_line: int) -> BodyScan:
    """The body's scan, through the current memo if there is one."""
    memo = _CURRENT.get()
    return scan(body, first_line) if memo is None else memo.scan(rel, body, first_line)
