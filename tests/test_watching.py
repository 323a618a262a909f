"""How the preview notices a save (`site.watching`): real inotify watches of real folders, and the polling
that takes over where the system's notifications cannot be used."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEventHandler

from coursegen.site.watching import ChangeObserver, native_observer

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


class Changes(FileSystemEventHandler):
    """What MkDocs' live-reload server does with an event (see `LiveReloadServer.watch`): a file's event
    asks for a rebuild."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.events: list[str] = []

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.events.append(event.event_type)
            self.asked.set()


def watching(folder: Path, observer: ChangeObserver) -> Changes:
    changes = Changes()
    observer.schedule(changes, str(folder), recursive=True)
    observer.start()
    return changes


def stop(observer: ChangeObserver) -> None:
    observer.stop()
    observer.join()


@linux
def test_a_save_is_told_by_the_system_and_reading_files_asks_for_no_rebuild(tmp_path):
    module = tmp_path / "content" / "modules" / "hygiene.md"
    module.parent.mkdir(parents=True)
    module.write_text("# Hygiene\n", encoding="utf-8")
    observer = ChangeObserver(60.0, native_observer())  # polling every minute would notice nothing here
    changes = watching(tmp_path / "content", observer)
    try:
        assert observer.notified
        for _ in range(3):  # what every build does to every file: open, read, close
            module.read_text(encoding="utf-8")
        time.sleep(0.3)  # long enough for inotify's events to be dispatched
        assert changes.events == []
        module.write_text("# Hygiene\n\nA sentence added on save.\n", encoding="utf-8")
        assert changes.asked.wait(10), "the save was not noticed"
        assert set(changes.events) <= {"modified", "closed"}
    finally:
        stop(observer)


@linux
def test_a_file_renamed_into_place_and_a_new_folder_are_noticed(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    observer = ChangeObserver(60.0, native_observer())
    changes = watching(content, observer)
    try:
        (content / "modules").mkdir()  # a new folder is watched too (recursive)
        time.sleep(0.2)
        saved = content / "modules" / ".hygiene.md.swp"
        saved.write_text("# Hygiene\n", encoding="utf-8")
        assert changes.asked.wait(10)
        changes.asked.clear()
        saved.rename(content / "modules" / "hygiene.md")  # an editor's atomic save
        assert changes.asked.wait(10)
        assert "moved" in changes.events
    finally:
        stop(observer)


class Exhausted:
    """A native observer on a system whose inotify watches are used up: it cannot start."""

    def __init__(self) -> None:
        self.scheduled = 0
        self.stopped = False

    def schedule(self, handler, path, *, recursive=False):
        self.scheduled += 1
        return object()

    def start(self) -> None:
        raise OSError(28, "inotify watch limit reached")

    def stop(self) -> None:
        self.stopped = True


def test_polling_takes_over_where_the_system_cannot_notify(tmp_path, caplog):
    content = tmp_path / "content"
    content.mkdir()
    made: list[Exhausted] = []
    observer = ChangeObserver(0.1, lambda: made.append(Exhausted()) or made[-1])
    with caplog.at_level("INFO", logger="coursegen.site.watching"):
        changes = watching(content, observer)
    try:
        assert not observer.notified and made[0].scheduled == 1 and made[0].stopped
        assert "polling every 0.1 s" in caplog.text and "inotify watch limit reached" in caplog.text
        time.sleep(0.3)  # the polling observer's first look sees the folder as it is
        (content / "hygiene.md").write_text("# Hygiene\n", encoding="utf-8")
        assert changes.asked.wait(10), "polling did not notice the save"
    finally:
        stop(observer)


def test_without_native_notifications_the_preview_polls(tmp_path):
    observer = ChangeObserver(0.1, None)
    changes = watching(tmp_path, observer)
    try:
        assert not observer.notified
        time.sleep(0.3)
        (tmp_path / "hygiene.md").write_text("# Hygiene\n", encoding="utf-8")
        assert changes.asked.wait(10)
    finally:
        stop(observer)
