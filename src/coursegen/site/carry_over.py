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
    live_root = os.path.realpath(live)
    kept = 0 if (staging / MARKER).exists() else link_over(live / MARKER, staging / MARKER)  # see `mark_site`
    for directory, _, names in os.walk(staging):
        for name in names:
            new = Path(directory, name)
            old = Path(live_root, new.relative_to(staging))
            if unchanged(new, old, live_root):
                kept += link_over(old, new)
    return kept


def unchanged(new: Path, old: Path, live_root: str) -> bool:
    """Whether `old` is a regular file of the live site itself (no symbolic link on its way) with the bytes
    of `new`."""
    try:
        if os.path.realpath(old) != str(old) or not old.is_file() or old.is_symlink():
            return False
        if os.path.samestat(old.stat(), new.stat()):  # carried over already (the marker)
            return False
        if os.path.commonpath([live_root, old]) != live_root:
            return False
        return old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes()
    except OSError:
        return False


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
