"""coursegen's folder in the user's cache folder (`XDG_CACHE_HOME`, else ~/.cache): what coursegen keeps for
this user between builds of any project (the key that signs build caches, compiled templates).

Never inside a project: what is kept here is trusted (a key, code), and a project is untrusted content.
The folder is used only while it is a real folder of this user's that nobody else may write into.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def user_cache_folder(name: str) -> Path | None:
    """`<user cache>/coursegen/<name>`, made (mode 0700) when missing; None when it cannot be made or is not
    a private folder of this user's (a symbolic link, another owner, writable by others)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"))
    folder = base / "coursegen" / name
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the mode is the last folder's only
        folder.mkdir(exist_ok=True, mode=0o700)
        for each in (folder.parent, folder):
            status = each.lstat()
            if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
                return None
    except OSError:
        return None
    return folder


def write_whole(path: Path, text: str) -> bool:
    """Write `text` into the file `path` (in one of these folders) whole or not at all, as another process may
    read it meanwhile: a temporary file beside it, renamed into place. False when it cannot be written: what
    is kept here only saves work, so the caller goes on without it."""
    try:
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".tmp-",
                                             suffix=path.suffix, delete=False)
    except OSError:
        return False
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError:
        Path(handle.name).unlink(missing_ok=True)
        return False
    return True
