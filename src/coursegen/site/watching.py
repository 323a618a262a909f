"""How the live preview notices a save: the system's own file notifications where they work, else polling.

MkDocs' live-reload server looks for changed files by polling: it compares every watched file's status
every `interval` seconds, so a save waits half an interval on average before its rebuild starts (a quarter
of a second in a library of a thousand files, where the interval is half a second), and an idle preview
keeps looking. On Linux the kernel says at once that a file changed (inotify), for nothing while nothing
does. `ChangeObserver` is what the server watches with: inotify when it can watch every folder (a system
may have used up its inotify watches or instances), else MkDocs' polling, as before.

inotify also tells when a file is opened and closed without being written, which every build does to every
file it reads: only events that change a file (made, written, closed after writing, deleted, moved) reach
the server, else each build would start the next.
"""

from __future__ import annotations

import logging
import sys
from contextlib import suppress
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger(__name__)

#: The kinds of event (watchdog's `event_type`) that mean a file changed.
CHANGES = frozenset(("created", "modified", "deleted", "moved", "closed"))


class _OnlyChanges(FileSystemEventHandler):
    """Passes on to `handler` only the events that change a file (see `CHANGES`)."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        super().__init__()
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self.handler.dispatch(event)


def native_observer() -> type[BaseObserver] | None:
    """The observer of the system's file notifications coursegen uses (inotify, on Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None  # other systems' notifications are not tested here: they keep MkDocs' polling
    try:
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # a C library without inotify
        return None
    return InotifyObserver


class ChangeObserver:
    """The part of watchdog's observer that MkDocs' live-reload server uses (`schedule`, `unschedule`,
    `start`, `stop`, `join`), on system notifications when `native` can start, else on polling every
    `interval` seconds. `notified` says which: true while system notifications are used."""

    def __init__(self, interval: float, native: type[BaseObserver] | None = None) -> None:
        self.interval = interval
        self._scheduled: dict[int, tuple[FileSystemEventHandler, str, bool]] = {}
        self._watches: dict[int, Any] = {}  # the key `schedule` returned -> the current observer's watch
        self._observer: BaseObserver = native() if native is not None else PollingObserver(timeout=interval)
        self.notified = native is not None

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False) -> int:
        key = len(self._scheduled)
        self._scheduled[key] = (handler, str(path), recursive)
        self._watches[key] = self._observer.schedule(_OnlyChanges(handler), str(path), recursive=recursive)
        return key

    def unschedule(self, key: int) -> None:
        self._scheduled.pop(key)
        self._observer.unschedule(self._watches.pop(key))

    def start(self) -> None:
        try:
            self._observer.start()
        except OSError as error:  # the watch or instance limit reached: what polling does not need
            if not self.notified:
                raise
            log.info("Watching for changes by polling every %.1f s: the system's file notifications cannot "
                     "be used (%s)", self.interval, error.strerror or error)
            failed, self._observer = self._observer, PollingObserver(timeout=self.interval)
            self.notified = False
            with suppress(Exception):  # the folders it did start watching are let go
                failed.stop()
            for key, (handler, path, recursive) in self._scheduled.items():
                self._watches[key] = self._observer.schedule(_OnlyChanges(handler), path, recursive=recursive)
            self._observer.start()

    def stop(self) -> None:
        self._observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self._observer.is_alive():
            self._observer.join(timeout)
