"""The warm preview: `coursegen serve`'s builds run in one pool of workers kept between saves (real MkDocs
builds of a fixture project), and what those workers keep never hides a change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coursegen.site import build_site
from coursegen.site.build import BuildCancelled, warm_up, worker_pool
from coursegen.site.preview import saved_language
from coursegen.site.publish import MARKER, removals_done

from .conftest import SITES, make_site
from .test_incremental_build import contents


@pytest.fixture
def pool():
    """One warm worker, as `coursegen serve` keeps them (one, so that every build must go to it)."""
    with worker_pool(1) as workers:
        yield workers


def warm_build(root: Path, site: Path, pool) -> dict[str, int]:
    result = build_site(root, site, downloads=False, pool=pool)
    assert result.ok, (result.errors, result.diagnostics)
    return result.workers


def test_two_saves_are_built_by_the_same_worker_process(tmp_path, pool):
    root = make_site(tmp_path, "minimal")
    first = warm_build(root, tmp_path / "site", pool)
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA sentence added on save.\n", encoding="utf-8")
    second = warm_build(root, tmp_path / "site", pool)
    assert len(set(first.values())) == 1 and os.getpid() not in first.values()
    assert second == first
    page = tmp_path / "site" / "modules" / "hygiene" / "index.html"
    assert "A sentence added on save." in page.read_text(encoding="utf-8")


def test_an_edited_theme_override_takes_effect_in_warm_workers(tmp_path, pool):
    root = make_site(tmp_path, "minimal")
    shutil.copytree(SITES.parents[1] / "site_overrides", root / "site_overrides")
    site = tmp_path / "site"
    warm_build(root, site, pool)
    credit = root / "site_overrides" / "partials" / "copyright.html"
    credit.write_text(credit.read_text(encoding="utf-8") + "\n<p>Made in Vigo</p>\n", encoding="utf-8")
    warm_build(root, site, pool)
    assert "Made in Vigo" in (site / "index.html").read_text(encoding="utf-8")
    clean = build_site(root, tmp_path / "clean", downloads=False, cache=False)
    assert clean.ok and contents(site) == contents(tmp_path / "clean")  # warm is what a clean build makes


def test_the_language_of_the_file_saved_last_is_built_first(tmp_path):
    root = make_site(tmp_path, "multilingual")
    spanish = next((root / "content").rglob("*.es.md"))
    os.utime(spanish, (2**31, 2**31))
    assert saved_language(root) == "es"
    default = next(p for p in (root / "content").rglob("*.md") if p.name.count(".") == 1)
    os.utime(default, (2**31 + 1, 2**31 + 1))
    assert saved_language(root) is None


def test_a_quick_build_makes_the_saved_language_only_and_a_full_build_follows(tmp_path, pool):
    """The preview's first step after a save (`build_site(quick=True)`): the saved language's pages are new,
    every other language's files are the live site's very files (and the search index too), and the full
    build that follows makes what a clean build makes."""
    root = make_site(tmp_path, "multilingual")
    site = tmp_path / "site"
    languages = set(warm_build(root, site, pool))
    before = {path: path.stat().st_ino for path in site.rglob("*") if path.is_file()}
    spanish = root / "content" / "modules" / "role.es.md"
    spanish.write_text(spanish.read_text(encoding="utf-8") + "\nUna frase nueva.\n", encoding="utf-8")
    result = build_site(root, site, downloads=False, pool=pool, first="es", quick=True)
    assert result.ok and set(result.pages) == languages and len(languages) > 2
    assert "Una frase nueva." in (site / "es" / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    for path, inode in before.items():
        rel = path.relative_to(site).parts
        if rel[0] not in ("es", MARKER):  # the default language (at the root) and the others: the same files
            assert path.stat().st_ino == inode, path
    assert (site / "es" / "pagefind").is_dir()  # the live index, until the full build
    removals_done()  # the quick build's work folder (the site it replaced) is removed by a thread of its own
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".site.build-")]
    warm_build(root, site, pool)
    clean = build_site(root, tmp_path / "clean", downloads=False, cache=False)
    assert clean.ok and contents(site) == contents(tmp_path / "clean")


def test_a_quick_build_of_the_default_language_keeps_the_other_languages_files(tmp_path, pool):
    """The default language is the site's root, which holds the other languages' folders: they move into its
    new site as they are (same files), and the full build that follows makes what a clean build makes."""
    root = make_site(tmp_path, "multilingual")
    site = tmp_path / "site"
    pages = warm_build_pages(root, site, pool)
    before = {path: path.stat().st_ino for path in site.rglob("*") if path.is_file()}
    module = root / "content" / "modules" / "role.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    result = build_site(root, site, downloads=False, pool=pool, first="en", quick=True)
    assert result.ok and result.pages == pages  # the kept languages' pages counted as the full build did
    assert "A new sentence." in (site / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    kept = [path for path in before if path.relative_to(site).parts[0] in ("es", "fr", "ar")]
    assert len(kept) > 30 and all(path.stat().st_ino == before[path] for path in kept)
    assert (site / MARKER).is_file()
    warm_build(root, site, pool)
    clean = build_site(root, tmp_path / "clean", downloads=False, cache=False)
    assert clean.ok and contents(site) == contents(tmp_path / "clean")


def warm_build_pages(root: Path, site: Path, pool) -> dict[str, int]:
    result = build_site(root, site, downloads=False, pool=pool)
    assert result.ok, (result.errors, result.diagnostics)
    return result.pages


@pytest.mark.parametrize("saved", ["role.md", "role.es.md"])
def test_a_quick_build_that_cannot_publish_leaves_the_live_site_whole(tmp_path, pool, monkeypatch, saved):
    """The swap fails (a full disk, say): the kept languages' folders, moved for it, are back in the live
    site, which is the last good one, whole."""
    from coursegen.site import build as build_module
    from coursegen.site.publish import PublishError

    root = make_site(tmp_path, "multilingual")
    site = tmp_path / "site"
    warm_build(root, site, pool)
    before = contents(site)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "publish", full_disk)
    monkeypatch.setattr(build_module, "replace_folder", full_disk)
    module = root / "content" / "modules" / saved
    module.write_text(module.read_text(encoding="utf-8") + "\nA sentence never published.\n", encoding="utf-8")
    with pytest.raises(PublishError, match="No space left on device"):
        build_site(root, site, downloads=False, pool=pool, first="es" if ".es." in saved else "en", quick=True)
    assert contents(site) == before


def test_a_quick_builds_work_folder_left_behind_is_removed_by_the_next_build(tmp_path, pool, monkeypatch):
    """The process that made a quick build may end before its thread removed the work folder: the folder
    stays locked while it is removed, and the next build removes what is left."""
    from coursegen.site import publish

    root = make_site(tmp_path, "minimal")
    site = tmp_path / "site"
    warm_build(root, site, pool)
    left_to_thread = []
    monkeypatch.setattr(publish, "_remove_later", lambda path, lock: left_to_thread.append(lock))  # it ended first
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA sentence added on save.\n", encoding="utf-8")
    assert build_site(root, site, downloads=False, pool=pool, quick=True).ok
    left = [path for path in tmp_path.iterdir() if path.name.startswith(".site.build-")]
    assert len(left) == 1 and any(left[0].rglob("index.html"))  # the site the quick build replaced
    os.close(left_to_thread.pop())  # as the ended process's descriptors are
    monkeypatch.undo()
    warm_build(root, site, pool)
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".site.build-")]


def test_a_cancelled_build_publishes_nothing(tmp_path, pool):
    root = make_site(tmp_path, "minimal")
    site = tmp_path / "site"
    warm_build(root, site, pool)
    before = contents(site)
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA sentence never published.\n", encoding="utf-8")
    asked = []

    def cancel() -> bool:
        asked.append(True)
        return len(asked) > 1  # after the language started: it runs to its end, then nothing is published

    with pytest.raises(BuildCancelled):
        build_site(root, site, downloads=False, pool=pool, cancel=cancel)
    assert contents(site) == before
    assert not list(tmp_path.glob(".site.build-*"))  # its work folder is gone


def _kept_environments() -> int:
    from coursegen.site import warm
    return len(warm._ENVIRONMENTS)


def test_warming_up_a_worker_compiles_the_theme_there_and_writes_nothing_in_the_project(tmp_path, pool):
    root = make_site(tmp_path, "multilingual")
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    assert pool.submit(_kept_environments).result() == 0
    warm_up(root, pool, "es")
    assert pool.submit(_kept_environments).result() == 1  # its first real build finds the theme compiled
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before  # no cache, no site


def test_the_preview_looks_for_changes_less_often_in_a_larger_library(tmp_path, monkeypatch):
    from coursegen.site import preview

    folder = tmp_path / "content"
    folder.mkdir()
    for index in range(30):
        (folder / f"m{index}.md").write_text("# M\n", encoding="utf-8")
    assert preview.polling_interval([folder]) == preview.POLLING_S[0]  # a small library: every 0.1 s
    monkeypatch.setattr(preview, "STATS_PER_S", 100)  # 30 files at 100 looks a second: every 0.3 s
    assert preview.polling_interval([folder]) == pytest.approx(0.3)
    monkeypatch.setattr(preview, "STATS_PER_S", 10)
    assert preview.polling_interval([folder]) == preview.POLLING_S[1]  # never slower than MkDocs' 0.5 s


def test_a_page_template_added_or_edited_while_the_preview_runs_is_in_the_next_build(tmp_path, pool):
    """The preview's own process generates the pages: its templates are the files as they are now."""
    root = make_site(tmp_path, "minimal")
    site = tmp_path / "site"
    card = (SITES.parents[1] / "site_overrides" / "coursegen" / "module_card.html").read_text(encoding="utf-8")
    warm_build(root, site, pool)
    page = site / "modules" / "hygiene" / "index.html"
    own = root / "site_overrides" / "coursegen" / "module_card.html"
    own.parent.mkdir(parents=True)
    own.write_text(card.replace('<div class="cg-card"', '<div class="cg-card card-one"'), encoding="utf-8")
    warm_build(root, site, pool)  # a new override of one of coursegen's templates
    assert 'class="cg-card card-one"' in page.read_text(encoding="utf-8")
    own.write_text(card.replace('<div class="cg-card"', '<div class="cg-card card-number-two"'), encoding="utf-8")
    warm_build(root, site, pool)  # the override edited
    assert 'class="cg-card card-number-two"' in page.read_text(encoding="utf-8")
    own.unlink()
    warm_build(root, site, pool)  # and removed: coursegen's own again
    assert 'class="cg-card"' in page.read_text(encoding="utf-8")


def test_the_sites_words_edited_while_the_preview_runs_are_in_the_next_build(tmp_path, pool):
    root = make_site(tmp_path, "minimal")
    site = tmp_path / "site"
    warm_build(root, site, pool)
    page = site / "modules" / "hygiene" / "index.html"
    assert "Duration" in page.read_text(encoding="utf-8")
    strings = root / "site_overrides" / "coursegen" / "strings" / "en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text('duration: "Length of the module"\n', encoding="utf-8")
    warm_build(root, site, pool)
    assert "Length of the module" in page.read_text(encoding="utf-8")
    strings.write_text('duration: "How long it takes"\n', encoding="utf-8")
    warm_build(root, site, pool)
    assert "How long it takes" in page.read_text(encoding="utf-8")
