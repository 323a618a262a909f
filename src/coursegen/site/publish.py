"""Publishing a built site: only into a folder coursegen owns, in one atomic step, never leaving no site.

The rules (DESIGN.md section 8, "the build writes only into folders it owns"):

- a site folder that is the project, holds it, or lies inside the folders the site is built from is refused;
  so is an existing folder that is neither empty nor marked as made by coursegen (`MARKER` at its root);
- every build works in its own folder beside the site (`.<site>.build-XXXXXXXX`), marked and locked for the
  build's lifetime; the new site is swapped in with one atomic exchange of the two folders where the system
  has one (Linux `renameat2(RENAME_EXCHANGE)`), so the site folder exists at every instant; elsewhere with
  two renames, after which a crash between them is repaired by the next build;
- the next build removes the work folders of builds that were killed (their lock is free), and nothing else.

Symbolic links are resolved first: a link to a folder is judged, and replaced, as that folder.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import glob
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks, so a leftover work folder cannot be told from one in use
    fcntl = None

#: The file at the root of every site coursegen makes. Its content is constant, so that two builds of the
#: same content stay byte-identical; it is written after Pagefind has indexed the pages.
MARKER = ".coursegen-site"
MARKER_TEXT = b"This folder is a site made by coursegen. coursegen build replaces it as a whole.\n"
#: The file in a build's work folder that shows coursegen made it (with the builder's process id, for people).
WORK_MARKER = ".coursegen-build"
#: The project's folders the site is made from: a site inside one of them would be published inside itself.
SOURCE_FOLDERS = ("framework", "content", "site_overrides")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: What `renameat2` answers when the kernel, the C library or the file system cannot exchange.
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
#: How many new work folders a build makes before giving up, when concurrent cleanups keep taking them.
_CLAIMS = 20


class PublishError(Exception):
    """The site cannot be published; the message is one line for the person who builds, saying what to do."""


class UnsafeSiteDir(PublishError):
    """The site folder is one that coursegen must not replace."""


def site_target(root: Path, site_dir: Path) -> Path:
    """The folder the site goes to (`site_dir` with symbolic links resolved). Raises `UnsafeSiteDir` when
    coursegen must not replace it."""
    try:
        target = Path(site_dir).resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of symbolic links
        raise UnsafeSiteDir(f"the site folder {site_dir} cannot be found: {error}. Choose another folder.") from error
    problem = _refusal(Path(root).resolve(), target)
    if problem:
        resolved = f" ({target})" if str(target) != os.path.abspath(site_dir) else ""
        raise UnsafeSiteDir(f"the site folder {site_dir}{resolved} {problem}")
    return target


def _refusal(root: Path, target: Path) -> str | None:
    """Why the site may not go to `target`, or None."""
    advice = f"Choose an empty or new folder, for example {root / 'site'}."
    if _same(target, root):
        return f"is the project folder itself; building there would replace the project. {advice}"
    if _inside(root, target):
        return f"contains the project {root}; building there would replace it. {advice}"
    for name in SOURCE_FOLDERS:
        source = (root / name).resolve()
        if _inside(target, source):
            where = "is" if _same(target, source) else "lies inside"
            return (f"{where} {name}/, which the site is made from. Choose a folder outside framework/, "
                    f"content/ and site_overrides/, for example {root / 'site'}.")
    return _not_ours(target)


def _same(first: Path, second: Path) -> bool:
    """The same folder, by path or by identity (a bind mount, a case-insensitive file system)."""
    if first == second:
        return True
    try:
        return os.path.samestat(first.stat(), second.stat())
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies inside it (`path` need not exist yet)."""
    return path.is_relative_to(folder) or any(_same(ancestor, folder) for ancestor in (path, *path.parents))


def _not_ours(target: Path) -> str | None:
    """Why the existing `target` may not be replaced: it is not a folder, or holds what coursegen did not make."""
    if not os.path.lexists(target):
        return None
    if not target.is_dir():
        return "is a file, not a folder. Choose an empty or new folder, or delete the file yourself."
    if replaceable(target):
        return None
    return (f"is not empty and has no {MARKER} file, so coursegen cannot tell that it made it (sites built "
            "by earlier versions of coursegen have none either); building would delete what it holds. Choose an "
            "empty or new folder, or delete this one yourself if you no longer need it.")


def replaceable(folder: Path) -> bool:
    """Whether coursegen may replace `folder`: a site it made (marked), or an empty folder."""
    marker = folder / MARKER
    with suppress(OSError):
        if not marker.is_symlink() and marker.is_file() and marker.stat().st_size == len(MARKER_TEXT):
            return marker.read_bytes() == MARKER_TEXT
    try:
        return next(folder.iterdir(), None) is None
    except OSError as error:
        raise PublishError(f"cannot read the site folder {folder}: {error.strerror}.") from error


def mark_site(folder: Path) -> None:
    """Mark `folder` as a site made by coursegen, which the next build may replace. A marker carried over
    from the live site (see `carry_over`) is left as it is: a hard link to the live one, with its time."""
    marker = folder / MARKER
    with suppress(OSError):
        if not marker.is_symlink() and marker.is_file() and marker.read_bytes() == MARKER_TEXT:
            return
    marker.write_bytes(MARKER_TEXT)


@contextmanager
def reported(target: Path) -> Iterator[None]:
    """Turn a failure of the file system while publishing into one line for the person who builds."""
    try:
        yield
    except PublishError:
        raise
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise PublishError(f"cannot publish the site to {target}: {error.strerror or error}{where}. Check that "
                           "you may write there and that the disk has room; the previous site is unchanged."
                           ) from error


# --- work folders --------------------------------------------------------------------------------


@contextmanager
def work_folder(target: Path, *, later: bool = False) -> Iterator[Path]:
    """A new work folder beside `target`, marked and locked while the build runs, removed at its end; with
    `later`, by a thread of its own, so that the build returns before (the live preview's quick build: the
    folder holds the site it replaced, thousands of folders, a fifth of a second to remove at 300 modules
    x 3 languages). The folder stays locked until it is gone; if the process ends first, the next build
    removes what is left (see `clean_leftovers`). `removals_done` waits for those threads."""
    with reported(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        path, lock = _claim(target)
    try:
        yield path
    finally:
        (_remove_later if later else _remove)(path, lock)


#: The threads that remove work folders after their builds returned (see `work_folder`).
_REMOVERS: list[threading.Thread] = []


def _remove_later(path: Path, lock: int | None) -> None:
    remover = threading.Thread(target=_remove, args=(path, lock), name="coursegen-remove", daemon=True)
    _REMOVERS[:] = [thread for thread in _REMOVERS if thread.is_alive()] + [remover]  # a preview runs for days
    remover.start()


def _remove(path: Path, lock: int | None) -> None:
    shutil.rmtree(path, ignore_errors=True)
    if lock is not None:
        os.close(lock)


def removals_done() -> None:
    """Wait until every work folder left to a thread of its own (see `work_folder`) is removed."""
    while _REMOVERS:
        _REMOVERS.pop().join()


def _work_prefix(target: Path) -> str:
    return f".{target.name}.build-"


def _claim(target: Path) -> tuple[Path, int | None]:
    """Make and lock a work folder. A cleanup by another build may take a new folder before it is locked
    (it is empty, so it looks abandoned): then make another."""
    for _ in range(_CLAIMS):
        path = Path(tempfile.mkdtemp(prefix=_work_prefix(target), dir=target.parent))
        try:
            lock = _lock(path)
        except (BlockingIOError, FileNotFoundError):
            continue
        if lock is not None and os.fstat(lock).st_nlink == 0:  # removed between mkdtemp and the lock
            os.close(lock)
            continue
        (path / WORK_MARKER).write_text(f"{os.getpid()}\n", encoding="ascii")
        return path, lock
    raise PublishError(f"cannot make a work folder beside {target}: other builds keep removing it.")


def _lock(folder: Path) -> int | None:
    """An exclusive lock on `folder`, held as long as the returned descriptor is open (in this process and
    in its forked workers); None where there are no locks. BlockingIOError: another process holds it."""
    if fcntl is None:
        return None
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise
    except OSError:  # this file system has no locks
        os.close(descriptor)
        return None
    return descriptor


def clean_leftovers(target: Path) -> None:
    """Remove the work folders that killed builds into `target` left, first putting back the site that an
    interrupted two-rename swap had moved into one. Folders whose build still runs (locked), folders that
    coursegen did not make and everything where locks are missing are left alone."""
    with reported(target):
        pattern = glob.escape(_work_prefix(target)) + "*"
        for path in sorted(target.parent.glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                _clean(path, target)


def _clean(path: Path, target: Path) -> None:
    try:
        lock = _lock(path)
    except OSError:  # BlockingIOError: its build still runs; FileNotFoundError: another cleanup took it
        return
    if lock is None:
        return
    try:
        if not (path / WORK_MARKER).is_file():
            with suppress(OSError):
                path.rmdir()  # only if empty: a build killed before it marked its folder
            return
        previous = path / "previous"
        if not os.path.lexists(target) and previous.is_dir() and replaceable(previous):
            os.rename(previous, target)
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(lock)


# --- the swap ------------------------------------------------------------------------------------


def publish(staging: Path, target: Path, work: Path) -> None:
    """Put the built site `staging` (inside the work folder `work`) at `target`; the site it replaces goes
    into `work`, which is removed with it. `target` is checked once more: it may have changed during the build."""
    with reported(target):
        mark_site(staging)
        problem = _not_ours(target)
        if problem:
            raise UnsafeSiteDir(f"the site folder {target} {problem}")
        _swap(staging, target, work / "previous")


def replace_folder(new: Path, live: Path, previous: Path) -> None:
    """Put the folder `new` (in a work folder) at `live`, a folder inside a site coursegen made (a language's),
    in one atomic step where the file system can; the folder it replaces goes to `previous`, in the same
    work folder. Should the second of two renames fail, the first is undone."""
    _swap(new, live, previous)


def _swap(staging: Path, target: Path, previous: Path) -> None:
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif not exchange(staging, target):
        os.rename(target, previous)
        # A crash here leaves no site at `target`: the next build puts `previous` back (`clean_leftovers`).
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(previous, target)
            raise


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step; False where the platform or the file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


@functools.cache
def _renameat2():
    """The C library's `renameat2` (Linux, glibc 2.28 or later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
