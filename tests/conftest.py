"""Shared fixtures: copies of the fixture sites in tests/sites/, so tests never touch the originals."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI names a bug that reproduces, not a lucky draw); a
# developer's machine keeps drawing new ones and keeps what failed in .hypothesis/ for the next run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Tests run coursegen and MkDocs in child processes, many in another folder: a relative PYTHONPATH (as in
# `PYTHONPATH=src python -m pytest`) would let them import another installed copy of coursegen there.
if os.environ.get("PYTHONPATH"):
    os.environ["PYTHONPATH"] = os.pathsep.join(str(Path(entry).resolve()) if entry else entry
                                               for entry in os.environ["PYTHONPATH"].split(os.pathsep))

SITES = Path(__file__).parent / "sites"


def make_site(tmp_path: Path, name: str = "minimal", overlay: str | None = None) -> Path:
    """Copy fixture site `name` into tmp_path, then lay the files of broken/<overlay> over it."""
    root = tmp_path / "project"
    shutil.copytree(SITES / name, root)
    if overlay:
        case = SITES / "broken" / overlay
        delete = case / ".delete"
        for rel in delete.read_text().split() if delete.exists() else []:
            (root / rel).unlink()
        for path in case.rglob("*"):
            if path.is_file() and path.name not in ("expected.txt", ".delete"):
                target = root / path.relative_to(case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    return root


def built_site(project: Path, folder: Path) -> Path:
    """`project` built into `folder`/site (which must succeed); the site folder."""
    from coursegen.site import build_site

    target = folder / "site"
    result = build_site(project, target)
    assert result.ok, result.errors
    return target


def article(site: Path, rel: str):
    """The `<article>` of the built page `rel` (what the page itself says, without the theme's frame)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser").find("article")


def guideline_site(tmp_path: Path) -> Path:
    """The multilingual fixture with the guideline chapters of tests/sites/guideline/."""
    root = make_site(tmp_path / "with-guideline", "multilingual")
    shutil.copytree(SITES / "guideline", root, dirs_exist_ok=True)
    return root


@pytest.fixture
def minimal_site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="session")
def multilingual_build(tmp_path_factory: pytest.TempPathFactory):
    """The multilingual fixture site (en, es, fr, ar), built once per test session: (project, site, result)."""
    from coursegen.site import build_site

    base = tmp_path_factory.mktemp("multilingual")
    root = make_site(base, "multilingual")
    site = base / "site"
    result = build_site(root, site)
    assert result.ok, result.errors
    return root, site, result
