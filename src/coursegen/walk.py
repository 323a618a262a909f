"""Finding the files of a project folder that are safe to read: regular files that lie inside the project.

Content is untrusted (DESIGN section 8): a pull request can add a symbolic link to `/etc/passwd`, to
`/proc/self/environ` (the build's environment, secrets included) or to the checkout's `.git/config` (which
may hold a token), and whatever coursegen reads it publishes. So the walk decides, before anything is opened:

- a regular file is listed;
- a symbolic link is listed only when it resolves to a regular file inside one of the folders coursegen
  reads (`content/`, `framework/`): what it points to is then a file of the project that is checked like
  any other. A link that resolves anywhere else (outside the project, or into `.git/`, `site/`...) is
  reported as CG606 at the link's own path;
- a link to a folder is never followed (no loops, no second copy of a folder): CG606 when it points
  outside those folders, else CG110;
- anything else (a fifo, a socket, a device) is never opened, since reading a fifo would hang the build:
  CG110.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import Diagnostic, make

#: The folders of a project that coursegen reads; a link may point into them and nowhere else.
READ_FOLDERS = ("content", "framework")


def project_files(root: Path, folder: str, ignored: frozenset[str]) -> tuple[list[Path], list[Diagnostic]]:
    """The readable files under `root/folder` (sorted), and a diagnostic for every entry left out.

    `root` must be resolved (no symbolic links in it); names in `ignored` are skipped without a look.
    """
    top = root / folder
    allowed = _allowed_folders(root)
    if not os.path.lexists(top):
        return [], []
    problem = _folder_problem(root, top, allowed)
    if problem is not None:
        return [], [problem]
    found: list[Path] = []
    diagnostics: list[Diagnostic] = []
    _walk(root, top, allowed, ignored, found, diagnostics)
    return found, diagnostics  # sorted already: see `_walk`


def _allowed_folders(root: Path) -> list[str]:
    """The real paths of the folders links may point into (only those that are real folders themselves)."""
    folders = [root / name for name in READ_FOLDERS]
    return [str(f) for f in folders if f.is_dir() and not f.is_symlink()]


def _folder_problem(root: Path, top: Path, allowed: list[str]) -> Diagnostic | None:
    """content/ or framework/ itself must be a real folder: a link there would take the whole folder elsewhere."""
    if top.is_symlink():
        return _link_problem(root, top, os.path.realpath(top), allowed, is_dir=True)
    if not top.is_dir():
        return make("CG110.not_a_folder", _rel(root, top), 1, 1, name=top.name)
    return None


def _walk(root: Path, folder: Path, allowed: list[str], ignored: frozenset[str], found: list[Path],
          diagnostics: list[Diagnostic]) -> None:
    """Append the files under `folder` to `found` in the order paths sort in: each folder's entries by name
    as paths compare them (`normcase`: without regard to capitals on Windows), a subfolder's files where
    its name sorts. Sorting the paths afterwards cost as much as making them."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: os.path.normcase(e.name))
    except OSError as exc:
        diagnostics.append(_unreadable(root, folder, exc))
        return
    for entry in entries:
        path = folder / entry.name
        if entry.is_symlink():
            problem = _link_problem(root, path, os.path.realpath(path), allowed)
            if problem is None:
                found.append(path)
            else:
                diagnostics.append(problem)
        elif entry.is_dir(follow_symlinks=False):
            _walk(root, path, allowed, ignored, found, diagnostics)
        elif entry.name in ignored:
            continue
        elif entry.is_file(follow_symlinks=False):
            found.append(path)
        else:
            diagnostics.append(_special(root, path))


def _link_problem(root: Path, link: Path, target: str, allowed: list[str], *, is_dir: bool = False
                  ) -> Diagnostic | None:
    """None when the link may be read: it resolves to a regular file in a folder coursegen reads."""
    rel = _rel(root, link)
    if not any(target == folder or target.startswith(folder + os.sep) for folder in allowed):
        return make("CG606", rel, 1, 1)
    try:
        mode = os.stat(link).st_mode
    except OSError as exc:
        return make("CG110.broken_link", rel, 1, 1, reason=exc.strerror)
    if is_dir or stat.S_ISDIR(mode):
        return make("CG110.folder_link", rel, 1, 1)
    if not stat.S_ISREG(mode):
        return _special(root, link)
    return None


def _special(root: Path, path: Path) -> Diagnostic:
    return make("CG110.special", _rel(root, path), 1, 1)


def _unreadable(root: Path, folder: Path, exc: OSError) -> Diagnostic:
    return make("CG110.folder", _rel(root, folder), 1, 1, reason=exc.strerror)


def _rel(root: Path, path: Path) -> str:
    return str(path)[len(str(root)) + 1:].replace("\\", "/")
