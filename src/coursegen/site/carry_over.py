"""Unchanged output files keep their bytes and their modification time from one build to the next.

The new site is staged whole and swapped in (see `publish`), so every file in it is new. Before the swap,
each staged file whose bytes equal those of the file at the same path in the live site is replaced by a
hard link to the live file (a copy with its times where the file system has no hard links): to a web
server, a synchronising tool or a browser's cache it is the same file as before. Only a live site that
coursegen made (marked) is read, only its regular files inside it, and only the staging folder is changed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .publish import MARKER, replaceable


def carry_over(staging: Path, live: Path) -> int:
    """Link the unchanged files of `staging` to their twins in the live site `live`; how many."""
    if not (live / MARKER).is_file() or not replaceable(live):
        return 0
    kept = 0 if (staging / MARKER).exists() else link_over(live / MARKER, staging / MARKER)  # see `mark_site`
    return kept + _carry_folder(str(staging), os.path.realpath(live))


def _carry_folder(new_folder: str, old_folder: str) -> int:
    """`carry_over` of one staged folder and its twin in the live site, and of the folders below them.

    Both trees are walked together, one listing per folder: a live file is looked at only when it is a
    regular file whose every folder on the way from the live site's root is a real one (a symbolic link, to
    a file or to a folder, is never followed), so nothing outside the live site is read. Asking each file's
    path for its real path instead cost a system call per folder of the path, and most of the carry-over.
    """
    try:
        with os.scandir(old_folder) as listing:
            old_entries = {entry.name: entry for entry in listing}
        with os.scandir(new_folder) as listing:
            new_entries = list(listing)
    except OSError:
        return 0
    kept = 0
    for new in new_entries:
        old = old_entries.get(new.name)
        if old is None:
            continue
        if new.is_dir(follow_symlinks=False):  # neither is* follows a symbolic link: one is neither
            if old.is_dir(follow_symlinks=False):
                kept += _carry_folder(new.path, old.path)
        elif new.is_file(follow_symlinks=False) and old.is_file(follow_symlinks=False) and unchanged(new, old):
            kept += link_over(Path(old.path), Path(new.path))
    return kept


def unchanged(new: os.DirEntry, old: os.DirEntry) -> bool:
    """Whether the live file `old` has the bytes of the staged file `new` (and is not it already)."""
    try:
        new_status, old_status = new.stat(follow_symlinks=False), old.stat(follow_symlinks=False)
        if os.path.samestat(old_status, new_status):  # carried over already (the marker, a reused language)
            return False
        if old_status.st_size != new_status.st_size:
            return False
        return _read(old.path) == _read(new.path)
    except OSError:
        return False


def _read(path: str) -> bytes:
    """A file's bytes; a symbolic link put in its place since it was listed is refused, not followed."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as file:
        return file.read()


def link_over(old: Path, new: Path) -> int:
    """Put `old` in the place of `new` (1), or leave `new` when neither a link nor a copy can be made (0)."""
    temporary = new.with_name(f".{new.name}.cg-carried")
    try:
        try:
            os.link(old, temporary)
        except OSError:
            shutil.copy2(old, temporary)
        os.replace(temporary, new)
    except OSError:
        temporary.unlink(missing_ok=True)
        return 0
    return 1
