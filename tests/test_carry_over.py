"""Carrying unchanged files over from the live site: only its own regular files, only into the staged site."""

from __future__ import annotations

import os
from pathlib import Path

from coursegen.site.carry_over import carry_over
from coursegen.site.publish import MARKER, MARKER_TEXT


def folders(tmp_path: Path, *, marked: bool = True) -> tuple[Path, Path]:
    """A live site (marked as coursegen's, or not) and a staged one, each with a.html and b.html."""
    live, staging = tmp_path / "live", tmp_path / "staging"
    for folder, b_text in ((live, "old"), (staging, "new")):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "a.html").write_text("same", encoding="utf-8")
        (folder / "b.html").write_text(b_text, encoding="utf-8")
    if marked:
        (live / MARKER).write_bytes(MARKER_TEXT)
    return live, staging


def test_unchanged_files_become_the_live_ones_and_changed_ones_stay_new(tmp_path):
    live, staging = folders(tmp_path)
    assert carry_over(staging, live) == 2  # a.html and the marker
    assert os.path.samefile(staging / "sub" / "a.html", live / "sub" / "a.html")
    assert os.path.samefile(staging / MARKER, live / MARKER)
    assert not os.path.samefile(staging / "b.html", live / "b.html")
    assert (staging / "b.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in staging.rglob("*")) == sorted([MARKER, "a.html", "b.html", "sub"])


def test_a_live_site_coursegen_did_not_mark_is_not_read(tmp_path):
    live, staging = folders(tmp_path, marked=False)
    assert carry_over(staging, live) == 0
    assert not os.path.samefile(staging / "sub" / "a.html", live / "sub" / "a.html")


def test_a_symbolic_link_in_the_live_site_is_not_followed(tmp_path):
    live, staging = folders(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.html").write_text("same", encoding="utf-8")
    (live / "sub" / "a.html").unlink()
    (live / "sub").rmdir()
    (live / "sub").symlink_to(elsewhere, target_is_directory=True)
    carry_over(staging, live)
    assert not os.path.samefile(staging / "sub" / "a.html", elsewhere / "a.html")


def test_a_live_file_that_is_a_symbolic_link_is_not_followed(tmp_path):
    live, staging = folders(tmp_path)
    outside = tmp_path / "outside.html"
    outside.write_text("new", encoding="utf-8")  # the staged b.html's bytes
    (live / "b.html").unlink()
    (live / "b.html").symlink_to(outside)
    assert carry_over(staging, live) == 2  # a.html and the marker only
    assert not os.path.samefile(staging / "b.html", outside)


def test_a_file_carried_over_already_is_left_as_it_is(tmp_path):
    """A reused language's files are hard links to the live ones already: nothing to do for them."""
    live, staging = folders(tmp_path)
    (staging / "sub" / "a.html").unlink()
    os.link(live / "sub" / "a.html", staging / "sub" / "a.html")
    assert carry_over(staging, live) == 1  # the marker
    assert os.path.samefile(staging / "sub" / "a.html", live / "sub" / "a.html")
