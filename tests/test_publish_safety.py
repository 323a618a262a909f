"""Publishing the site: coursegen deletes nothing it did not make, a killed build never leaves no site, and
problems with the site folder or the theme templates are one clear message, never a traceback."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.site import build_site
from coursegen.site import publish as publishing
from coursegen.site.publish import MARKER, MARKER_TEXT, UnsafeSiteDir

from .conftest import make_site
from .test_site_build import tree_digest

SRC = Path(__file__).resolve().parents[1] / "src"
DEADLINE_S = 60


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder`: files by content, links by target, folders as such."""
    entries: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[rel] = ("link", os.readlink(path))
        elif path.is_file():
            entries[rel] = path.read_bytes()
        else:
            entries[rel] = "folder"
    return entries


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".build-" in p.name)


def build(root: Path, *arguments: str):
    return CliRunner().invoke(main, ["build", "--root", str(root), *arguments])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two sites of the minimal project, built once: `old`, and `new` after a change of the home page."""
    base = tmp_path_factory.mktemp("sites")
    root = make_site(base)
    assert build_site(root, base / "old").ok
    home = root / "content" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    assert build_site(root, base / "new").ok
    return {"old": base / "old", "new": base / "new"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def marked_site(sites: dict[str, Path], where: Path, which: str = "old") -> Path:
    shutil.copytree(sites[which], where, symlinks=True)
    return where


# --- refused site folders ------------------------------------------------------------------------


def _unrelated(tmp_path: Path) -> Path:
    documents = tmp_path / "my-documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "letters" / "2026.txt").write_text("Dear trainer,\n")
    return documents


def _older_site(tmp_path: Path) -> Path:
    """A site an older coursegen built: it looks like a site, but has no marker."""
    site = tmp_path / "project" / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Old</title>\n")
    return site


def _link_to(name: str):
    def make(tmp_path: Path) -> Path:
        target = {"documents": _unrelated(tmp_path), "project": tmp_path / "project",
                  "content": tmp_path / "project" / "content"}[name]
        link = tmp_path / "published"
        link.symlink_to(target, target_is_directory=True)
        return link
    return make


REFUSED = {
    "the project": (lambda tmp_path: tmp_path / "project", "is the project folder itself"),
    "the project's parent": (lambda tmp_path: tmp_path, "contains the project"),
    "content/": (lambda tmp_path: tmp_path / "project" / "content", "is content/"),
    "a new folder in content/": (lambda tmp_path: tmp_path / "project" / "content" / "_site",
                                 "lies inside content/"),
    "framework/": (lambda tmp_path: tmp_path / "project" / "framework", "is framework/"),
    "a new folder in site_overrides/": (lambda tmp_path: tmp_path / "project" / "site_overrides" / "site",
                                        "lies inside site_overrides/"),
    "an unrelated folder": (_unrelated, "has no .coursegen-site file"),
    "a site of an older coursegen": (_older_site, "has no .coursegen-site file"),
    "a link to an unrelated folder": (_link_to("documents"), "has no .coursegen-site file"),
    "a link to the project": (_link_to("project"), "is the project folder itself"),
    "a link to content/": (_link_to("content"), "is content/"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_cli_refuses_a_site_folder_that_is_not_ours_and_changes_nothing(project, tmp_path, case):
    make_folder, reason = REFUSED[case]
    site_dir = make_folder(tmp_path)
    before = snapshot(tmp_path)
    result = build(project, "--site-dir", str(site_dir))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and reason in lines[0], result.stderr
    assert "Choose" in lines[0]
    assert snapshot(tmp_path) == before


def test_site_dir_dot_in_the_project_is_refused(project, tmp_path, monkeypatch):
    """`coursegen build --site-dir .` run in the project folder wiped it."""
    monkeypatch.chdir(project)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["build", "--site-dir", "."])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "is the project folder itself" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_file_as_site_folder_is_refused(project, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("keep me\n")
    with pytest.raises(UnsafeSiteDir, match="is a file"):
        build_site(project, file)
    assert file.read_text() == "keep me\n"


def test_a_folder_with_a_wrong_marker_is_not_ours(project, tmp_path):
    """Only coursegen's marker counts: a file of that name with other content does not make a folder ours."""
    folder = _unrelated(tmp_path)
    (folder / MARKER).write_text("mine\n")
    before = snapshot(tmp_path)
    with pytest.raises(UnsafeSiteDir):
        build_site(project, folder)
    assert snapshot(tmp_path) == before


# --- accepted site folders -----------------------------------------------------------------------


def test_an_empty_folder_becomes_a_marked_site(project, tmp_path):
    site = tmp_path / "empty"
    site.mkdir()
    assert build_site(project, site).ok
    assert (site / MARKER).read_bytes() == MARKER_TEXT
    assert (site / "index.html").is_file()
    assert leftovers(tmp_path) == []


def test_a_second_build_over_a_marked_site_works_and_is_byte_identical(project, tmp_path, sites):
    site = tmp_path / "site"
    assert build(project, "--site-dir", str(site)).exit_code == 0
    first = tree_digest(site)
    assert MARKER in first
    assert build(project, "--site-dir", str(site)).exit_code == 0
    assert tree_digest(site) == first == tree_digest(sites["old"])
    assert leftovers(tmp_path) == []


def test_a_link_to_a_marked_site_is_replaced_behind_the_link(project, tmp_path, sites):
    target = marked_site(sites, tmp_path / "elsewhere" / "site", "new")
    link = tmp_path / "site"
    link.symlink_to(target, target_is_directory=True)
    assert build_site(project, link).ok
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert tree_digest(target) == tree_digest(sites["old"])
    assert leftovers(target.parent) == [] and leftovers(tmp_path) == []


# --- read-only folders and failing disks ---------------------------------------------------------


def chattr(flag: str, path: Path) -> bool:
    """Set or clear the immutable attribute (which binds root too); False where that is not possible."""
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False) \
        if shutil.which("chattr") else None
    return bool(done and done.returncode == 0)


@pytest.fixture
def immutable():
    """`immutable(path)` makes `path` immutable (root ignores permission bits, not this) until the test ends."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if not chattr("+i", path):
            pytest.skip("chattr +i is not available here (not root, or the file system has no such attribute)")
        made.append(path)

    yield make
    for path in reversed(made):
        chattr("-i", path)


def test_read_only_parent_is_one_line_and_exit_2(project, tmp_path, sites, immutable):
    site = marked_site(sites, tmp_path / "out" / "site")
    before = snapshot(tmp_path / "out")
    immutable(tmp_path / "out")
    result = build(project, "--site-dir", str(site))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: cannot publish the site to ") and "Operation not permitted" in result.stderr
    assert snapshot(tmp_path / "out") == before


def test_read_only_site_folder_is_one_line_and_keeps_the_site(project, tmp_path, sites, immutable):
    """The build runs, the swap is refused: the last good site stays, the work folder goes."""
    site = marked_site(sites, tmp_path / "site", "new")
    before = snapshot(site)
    immutable(site)
    result = build(project, "--site-dir", str(site))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(error_lines(result)) == 1 and "cannot publish the site to" in error_lines(result)[0]
    assert snapshot(site) == before and leftovers(tmp_path) == []


def test_permission_error_while_swapping_is_one_line_and_keeps_the_site(project, tmp_path, sites, monkeypatch):
    """Simulated (for systems without chattr): the exchange is refused as for a read-only folder."""
    def refuse(first, second):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(second))

    site = marked_site(sites, tmp_path / "site", "new")
    before = snapshot(site)
    monkeypatch.setattr(publishing, "exchange", refuse)
    result = build(project, "--site-dir", str(site))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert error_lines(result) == [f"error: cannot publish the site to {site}: Permission denied ({site}). Check "
                                   "that you may write there and that the disk has room; the previous site is "
                                   "unchanged."]
    assert snapshot(site) == before and leftovers(tmp_path) == []


def test_full_disk_while_publishing_is_one_line_and_keeps_the_site(project, tmp_path, sites, monkeypatch):
    def full(folder):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / MARKER))

    site = marked_site(sites, tmp_path / "site", "new")
    before = snapshot(site)
    monkeypatch.setattr(publishing, "mark_site", full)
    result = build(project, "--site-dir", str(site))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(error_lines(result)) == 1 and "No space left on device" in error_lines(result)[0]
    assert snapshot(site) == before and leftovers(tmp_path) == []


def test_without_an_atomic_exchange_two_renames_publish_the_site(project, tmp_path, sites, monkeypatch):
    """Where the file system refuses the exchange (EINVAL), the fallback publishes the same site."""
    monkeypatch.setattr(publishing, "_renameat2", lambda: lambda *arguments: _fail(errno.EINVAL))
    site = marked_site(sites, tmp_path / "site", "new")
    assert build_site(project, site).ok
    assert tree_digest(site) == tree_digest(sites["old"]) and leftovers(tmp_path) == []


def _fail(code: int) -> int:
    ctypes.set_errno(code)
    return -1


def test_the_exchange_swaps_two_folders(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "one").write_text("1")
    if not publishing.exchange(first, second):
        pytest.skip("this platform or file system has no atomic exchange")
    assert (second / "one").read_text() == "1" and not any(first.iterdir())


# --- killed builds -------------------------------------------------------------------------------

#: A child process that publishes `new` over the site, stopping for good at one instant of the swap.
PUBLISHER = """
import os, sys, shutil, time
from pathlib import Path
from coursegen.site import publish

site, new, ready, instant = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]

def stop():
    ready.write_text(str(os.getpid()))
    time.sleep(600)

if instant == "after-exchange":
    exchange = publish.exchange
    publish.exchange = lambda first, second: exchange(first, second) and stop()
elif instant == "between-renames":  # as on a file system without the exchange
    publish.exchange = lambda first, second: False
    rename = os.rename
    def stopping_rename(source, destination):
        rename(source, destination)
        if Path(destination).name == "previous":
            stop()
    os.rename = stopping_rename
with publish.work_folder(site) as work:
    if instant == "while-building":
        stop()
    shutil.copytree(new, work / "staging")
    publish.publish(work / "staging", site, work)
"""


def killed_publisher(site: Path, new: Path, instant: str, tmp_path: Path) -> subprocess.Popen:
    """Start the publisher and return it once it has stopped at `instant`; the caller kills it."""
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(site), str(new), str(ready), instant],
                             env={**os.environ, "PYTHONPATH": str(SRC)})
    deadline = time.monotonic() + DEADLINE_S
    while not ready.exists():
        assert child.poll() is None, "the publisher ended before the instant it should stop at"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return child


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=DEADLINE_S)


def test_killed_right_after_the_exchange_the_new_site_is_there_and_the_next_build_cleans_up(
        project, tmp_path, sites):
    site = marked_site(sites, tmp_path / "site")
    kill(killed_publisher(site, sites["new"], "after-exchange", tmp_path))
    assert tree_digest(site) == tree_digest(sites["new"])
    assert len(leftovers(tmp_path)) == 1  # holding the old site
    assert build_site(project, site).ok
    assert leftovers(tmp_path) == []
    assert tree_digest(site) == tree_digest(sites["old"])


def test_killed_between_the_two_renames_the_next_build_puts_the_site_back(project, tmp_path, sites):
    """Without the exchange there is an instant with no site; the next build repairs it first, even when
    it then fails on a content error (and so leaves the previous site exactly as it was)."""
    site = marked_site(sites, tmp_path / "site")
    kill(killed_publisher(site, sites["new"], "between-renames", tmp_path))
    assert not site.exists()
    course = project / "content" / "courses" / "basic.md"
    course.write_text(course.read_text().replace("[M01, M02]", "[M01, M99]"))
    result = build_site(project, site)
    assert not result.ok and any(d.code == "CG306" for d in result.diagnostics)
    assert tree_digest(site) == tree_digest(sites["old"])
    assert leftovers(tmp_path) == []


def test_a_running_build_keeps_its_work_folder_and_a_killed_ones_is_removed(project, tmp_path, sites):
    site = marked_site(sites, tmp_path / "site")
    child = killed_publisher(site, sites["new"], "while-building", tmp_path)
    try:
        running = leftovers(tmp_path)
        assert len(running) == 1
        assert build_site(project, site).ok  # a concurrent build
        assert leftovers(tmp_path) == running
    finally:
        kill(child)
    assert build_site(project, site).ok
    assert leftovers(tmp_path) == []


def test_cleanup_removes_only_work_folders_coursegen_made(project, tmp_path, sites):
    site = marked_site(sites, tmp_path / "site")
    foreign = tmp_path / ".site.build-notes"
    foreign.mkdir()
    (foreign / "draft.md").write_text("mine\n")
    abandoned = tmp_path / ".site.build-x1y2z3w4"
    abandoned.mkdir()  # empty: a build killed before it marked its folder
    assert build_site(project, site).ok
    assert leftovers(tmp_path) == [".site.build-notes"]
    assert (foreign / "draft.md").read_text() == "mine\n"


# --- theme templates -----------------------------------------------------------------------------


def test_validate_reports_a_template_syntax_error_without_loading_mkdocs(tmp_path):
    root = make_site(tmp_path, overlay="template-syntax")
    script = ("import sys\nfrom coursegen.cli import main\n"
              "try:\n    main(['validate', '--root', sys.argv[1]])\n"
              "except SystemExit as end:\n    assert 'mkdocs' not in sys.modules, 'validate loaded MkDocs'\n"
              "    sys.exit(end.code)\n")
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)}, check=False)
    assert done.returncode == 1, done.stderr
    assert "site_overrides/main.html:4:1: error CG113 This theme template cannot be read" in done.stdout
    assert "site_overrides/partials/copyright.html:3:1: error CG113" in done.stdout
    assert "Traceback" not in done.stderr


def test_build_stops_before_building_on_a_template_syntax_error(tmp_path):
    root = make_site(tmp_path, overlay="template-syntax")
    result = build(root)
    assert result.exit_code == 1
    assert "site_overrides/main.html:4:1: error CG113" in result.stdout
    assert "Building" not in result.stderr and "Traceback" not in result.output
    assert not (root / "site").exists()


MAIN = '{%% extends "base.html" %%}\n\n{%% block content %%}\n  %s\n  {{ super() }}\n{%% endblock %%}\n'


@pytest.mark.parametrize("body, what", [
    ("{{ missing.deeper }}", "'missing' is undefined"),
    ('{% include "partials/missing.html" %}', "the template 'partials/missing.html' does not exist"),
    # the theme renders in Jinja's sandbox: an override from anyone's pull request cannot reach Python's classes
    # (and from there the files and commands of the machine that builds)
    ("{{ page.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'Page' object is unsafe"),
    ("{{ config.theme.get_env.__globals__['os'].listdir('/') }}",
     "access to attribute '__globals__' of 'method' object is unsafe"),
])
def test_a_template_that_fails_while_rendering_is_cg113_at_its_line(tmp_path, sites, body, what):
    root = make_site(tmp_path)
    overrides = root / "site_overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(MAIN % body)
    site = marked_site(sites, tmp_path / "site")
    result = build(root, "--site-dir", str(site))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert (f"site_overrides/main.html:4:1: error CG113 This theme template fails while the site is built: "
            f"{what}.") in result.stdout
    assert result.stdout.count("CG113") == 1  # once, not once per language
    assert tree_digest(site) == tree_digest(sites["old"]) and leftovers(tmp_path) == []
