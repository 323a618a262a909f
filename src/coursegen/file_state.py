"""What the files under some folders are at a moment, cheaply: each file's path, size and time of change.

A long-running process (the live preview) keeps what it made from files it read: its page templates'
environments, the site's strings, and the guideline PDF is kept by the system's fonts it was laid out with.
A new state says that something must be made again, without reading a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

State = tuple[tuple[str, int, int], ...]


def files_state(folders: Iterable[str | Path], suffix: str = "") -> State:
    """(path, size, time of change in ns) of every file under `folders` whose name ends with `suffix`, in a
    fixed order; a folder that is missing, or a file that vanishes meanwhile, counts as having none. Links are
    followed to what they name (a font folder's links, say), folders' links are not entered."""
    state = []
    for folder in folders:
        for directory, names, files in os.walk(folder):
            names.sort()
            for name in sorted(files):
                if name.endswith(suffix):
                    path = os.path.join(directory, name)
                    try:
                        status = os.stat(path)
                    except OSError:
                        continue
                    state.append((path, status.st_size, status.st_mtime_ns))
    return tuple(state)
