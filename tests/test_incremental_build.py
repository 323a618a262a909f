"""Incremental builds: a rebuild takes unchanged pages from the build cache and unchanged files from the live
site, and is byte for byte the site a clean build makes (real builds of the multilingual fixture)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from coursegen.site import build_site
from coursegen.site import cache_keys
from coursegen.site.cache import CACHE_MARKER, cache_folder, machine_key

from .conftest import SITES, make_site

LANGUAGES = ("", "es/", "fr/", "ar/")  # where each language's pages lie in the site


def tree(site: Path) -> dict[str, tuple[str, int]]:
    """Every file of a site: its SHA-256 and its modification time."""
    return {path.relative_to(site).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(site.rglob("*")) if path.is_file()}


def contents(site: Path) -> dict[str, str]:
    """Every file of a site and its SHA-256."""
    return {rel: sha for rel, (sha, _) in tree(site).items()}


def build(root: Path, site: Path, *, cache: bool = True) -> Path:
    result = build_site(root, site, downloads=False, cache=cache)
    assert result.ok, (result.errors, result.diagnostics)
    return site


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual fixture built once with the cache: a folder with project/ (and its cache) and site/."""
    base = tmp_path_factory.mktemp("incremental")
    build(make_site(base, "multilingual"), base / "site")
    return base


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built project, its site and its cache (times kept): (project, site)."""
    for name in ("project", "site"):  # the project holds the cache
        shutil.copytree(built_once / name, tmp_path / name, copy_function=shutil.copy2)
    return tmp_path / "project", tmp_path / "site"


def clean_build(root: Path, folder: Path) -> dict[str, str]:
    """What a clean build (no cache, no live site) of `root` holds."""
    return contents(build(root, folder / "clean-site", cache=False))


def changed(before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]) -> set[str]:
    """The files whose bytes differ (or that came or went)."""
    return {rel for rel in before.keys() | after.keys() if (before.get(rel) or ("",))[0] != (after.get(rel) or ("",))[0]}


def test_a_rebuild_without_changes_keeps_every_file_with_its_bytes_and_time(project):
    root, site = project
    before = tree(site)
    build(root, site)
    assert tree(site) == before


def test_a_rebuild_with_the_downloads_keeps_them_too(tmp_path):
    root = make_site(tmp_path, "multilingual")
    site = tmp_path / "site"
    assert build_site(root, site).ok
    before = tree(site)
    assert any(rel.endswith(".zip") for rel in before)
    assert build_site(root, site).ok
    assert tree(site) == before


def test_a_module_body_changes_only_its_pages_and_the_search(project, tmp_path):
    root, site = project
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nWash your hands, then dry them.\n", encoding="utf-8")
    before = tree(site)
    build(root, site)
    after = tree(site)
    # its learner and trainer pages, the translation status, which counts the words left to translate, and
    # each language's offline copy (its manifest lists the page's hash; its service worker, the version)
    pages = {f"{lang}{page}/index.html" for lang in LANGUAGES
             for page in ("modules/hygiene", "trainer/modules/hygiene", "contribute/status")}
    pages |= {f"{lang}{name}" for lang in LANGUAGES for name in ("offline.json", "sw.js")}
    difference = changed(before, after)
    assert "modules/hygiene/index.html" in difference
    assert difference - pages <= {rel for rel in difference if "/pagefind/" in f"/{rel}"}
    assert all(after[rel] == before[rel] for rel in after.keys() - difference)  # same time too
    assert contents(site) == clean_build(root, tmp_path)


def test_an_original_whose_translation_goes_out_of_date_keeps_that_languages_search_index(project, tmp_path):
    """A new version of an English module makes its Spanish translation out of date: the Spanish page gets the notice,
    whose words the search does not index, so the Spanish index is the one already made (same bytes and
    time), and the site is still what a clean build makes."""
    root, site = project
    spanish = site / "es" / "modules" / "role" / "index.html"
    assert "cg-notice--stale" not in spanish.read_text(encoding="utf-8")
    module = root / "content" / "modules" / "role.md"
    text = module.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"')
    module.write_text(text + "\nAsk the person what they prefer.\n", encoding="utf-8")
    indexes = {lang: search_entries(root, lang) for lang in ("en", "es")}
    before = tree(site)
    build(root, site)
    after = tree(site)
    assert "cg-notice--stale" in spanish.read_text(encoding="utf-8")
    difference = changed(before, after)
    assert "es/modules/role/index.html" in difference
    assert any(rel.startswith("pagefind/") for rel in difference)  # English: the module's text changed
    assert not any(rel.startswith("es/pagefind/") for rel in difference)
    # the Spanish index is the stored one, under the same key (Pagefind did not run); the English one is new
    assert search_entries(root, "es") == indexes["es"] and search_entries(root, "en") != indexes["en"]
    assert contents(site) == clean_build(root, tmp_path)


def search_entries(root: Path, lang: str) -> set[str]:
    """The keys of a language's stored search indexes in the project's build cache."""
    return {path.name for path in (cache_folder(root) / lang / "search").iterdir()}


def test_the_search_key_leaves_out_coursegens_notices_only(tmp_path):
    """What the key of a language's search index reads (`page_cache.html_parts`): a page with and without
    coursegen's notice give the same key; other text, or a notice not written as coursegen writes it, counts."""
    from coursegen.site.page_cache import html_parts

    body = '<article data-pagefind-body>\n{}<h1>Role</h1>\n<p>Ask the person.</p></article>'
    notice = '<p class="cg-notice cg-notice--stale" role="note"><span data-pagefind-ignore="">Out of date.</span></p>'
    variants = {"none": "", "notice": notice + "\n", "bare": notice.replace('=""', ""),
                "other notice": notice.replace("Out of date.", "Outdated: section 2."),
                "visible": '<p class="cg-notice cg-notice--stale" role="note">Out of date.</p>',
                "text": "<p>Out of date.</p>"}
    keys = {}
    for name, inserted in variants.items():
        page = tmp_path / name / "modules" / "role" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(body.format(inserted), encoding="utf-8")
        keys[name] = html_parts(tmp_path / name)
    assert keys["none"] == keys["notice"] == keys["bare"] == keys["other notice"]
    assert keys["visible"] != keys["none"] and keys["text"] != keys["none"]


def test_a_module_title_changes_every_page_that_shows_it(project, tmp_path):
    root, site = project
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8").replace("title: Hygiene and dignity",
                                                                 "title: Washing with respect"), encoding="utf-8")
    before = tree(site)
    build(root, site)
    difference = changed(before, tree(site))
    for rel in ("modules/hygiene/index.html", "courses/basic/index.html", "modules/index.html",
                "modules/role/index.html"):  # its page, its course, the module index, its neighbour
        assert rel in difference
        assert "Washing with respect" in (site / rel).read_text(encoding="utf-8")
    assert contents(site) == clean_build(root, tmp_path)


def test_a_changed_theme_override_is_in_every_page(project, tmp_path):
    root, site = project
    shutil.copytree(SITES.parents[1] / "site_overrides", root / "site_overrides")
    build(root, site)
    credit = root / "site_overrides" / "partials" / "copyright.html"
    credit.write_text(credit.read_text(encoding="utf-8") + "\n<p>Made in Vigo</p>\n", encoding="utf-8")
    build(root, site)
    assert "Made in Vigo" in (site / "modules" / "hygiene" / "index.html").read_text(encoding="utf-8")
    assert contents(site) == clean_build(root, tmp_path)


def test_an_mkdocs_yml_changes_nothing_a_clean_build_would_not(project, tmp_path):
    root, site = project
    (root / "mkdocs.yml").write_text("site_name: Another name\ntheme:\n  name: mkdocs\n", encoding="utf-8")
    build(root, site)
    assert contents(site) == clean_build(root, tmp_path)


def test_a_new_coursegen_version_renders_every_page_again(project, tmp_path, monkeypatch):
    root, site = project
    cache = cache_folder(root)
    before = {path.name for path in cache.glob("*/render/*")}
    versions = cache_keys.tool_versions()
    monkeypatch.setattr(cache_keys, "tool_versions", lambda: {**versions, "coursegen": versions["coursegen"] + ".1"})
    build(root, site)
    after = {path.name for path in cache.glob("*/render/*")}
    assert after and not after & before
    assert contents(site) == clean_build(root, tmp_path)


def test_changed_coursegen_code_of_the_same_version_gives_new_keys(tmp_path, monkeypatch):
    """A checkout between two releases: the package's files change, its version does not."""
    package = tmp_path / "coursegen"
    shutil.copytree(Path(cache_keys.coursegen.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_keys.coursegen, "__file__", str(package / "__init__.py"))
    digests = []
    for change in (None, "__pycache__/x.pyc", "pages/course.py"):
        if change:
            (package / change).parent.mkdir(exist_ok=True)
            with (package / change).open("a") as file:
                file.write("# changed\n")
        cache_keys.code_digest.cache_clear()
        digests.append(cache_keys.code_digest())
    cache_keys.code_digest.cache_clear()
    assert digests[0] == digests[1] != digests[2]  # Python's compiled copies do not count; the code does


def test_a_deleted_cache_gives_the_same_site(project, tmp_path):
    root, site = project
    before = tree(site)
    shutil.rmtree(cache_folder(root))
    build(root, site)
    assert tree(site) == before
    assert (cache_folder(root) / CACHE_MARKER).is_file()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_cache_entry_is_ignored(project, tmp_path, damage):
    root, site = project
    entries = sorted(cache_folder(root).glob("*/*/*"))
    assert entries
    for entry in entries:  # every entry this rebuild would use: cut short, or one byte changed
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage == "truncate" else data.replace(b"e", b"E", 1))
    build(root, site)
    assert contents(site) == clean_build(root, tmp_path)


def test_a_cache_folder_that_is_not_coursegens_is_left_alone(project, tmp_path):
    root, site = project
    cache = cache_folder(root)
    shutil.rmtree(cache)
    cache.mkdir()
    (cache / "notes.txt").write_text("mine", encoding="utf-8")
    build(root, site)
    assert [path.name for path in cache.iterdir()] == ["notes.txt"]


def test_a_cache_that_came_with_the_project_publishes_nothing_of_its_own(project, tmp_path, monkeypatch):
    """A cache folder committed in a pull request (or in an archive) could hold any page: it is published
    past the sanitiser. Signed with another user's key, its entries are never used."""
    root, site = project
    render = sorted(cache_folder(root).glob("en/render/*"))
    forged = b"<script>alert(1)</script>"
    for entry in render:  # another user's build: the same entries, a page with a script in each
        entry.write_bytes(forged + b"\n" + hashlib.sha256(forged).hexdigest().encode())
    build(root, site)
    assert not any(forged in path.read_bytes() for path in site.rglob("*.html"))
    assert contents(site) == clean_build(root, tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))  # a key of another user's
    signed = {path.name: path.read_bytes() for path in cache_folder(root).glob("*/render/*")}
    build(root, site)
    resigned = {path.name: path.read_bytes() for path in cache_folder(root).glob("*/render/*")}
    assert signed.keys() == resigned.keys() and all(signed[name] != resigned[name] for name in signed)
    assert contents(site) == clean_build(root, tmp_path)


def test_the_key_is_the_users_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = machine_key()
    path = tmp_path / "coursegen" / "key" / "cache-key"
    assert key and len(key) >= 32 and machine_key() == key and path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)  # readable by others: anyone could sign
    assert machine_key() is None


def test_a_language_whose_inputs_did_not_change_is_taken_from_the_live_site(project, tmp_path):
    root, site = project
    result = build_site(root, site, downloads=False)
    assert result.ok and result.reused == ["ar", "en", "es", "fr"]  # nothing changed: no language is built
    module = root / "content" / "modules" / "role.es.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nUna frase más.\n", encoding="utf-8")
    result = build_site(root, site, downloads=False)
    assert result.ok and "es" not in result.reused and result.reused  # the others did not change
    assert "Una frase más." in (site / "es" / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    assert contents(site) == clean_build(root, tmp_path)


def test_a_live_site_that_changed_since_is_not_taken(project, tmp_path):
    root, site = project
    page = site / "fr" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- changed by hand -->")
    result = build_site(root, site, downloads=False)
    assert result.ok and "fr" not in result.reused and "en" in result.reused
    assert contents(site) == clean_build(root, tmp_path)


def test_languages_taken_from_the_live_site_but_not_published_leave_it_as_it_was(project, monkeypatch):
    """Taken languages are hard links to the live site's files: a build that fails to publish after taking
    them (a full disk, say) leaves every live file with its bytes and times, and nothing of its own behind."""
    import coursegen.site.build as build_module
    from coursegen.site.publish import PublishError

    root, site = project
    before = tree(site)

    def full_disk(*args, **kwargs):
        raise PublishError("the disk is full")

    monkeypatch.setattr(build_module, "publish", full_disk)
    with pytest.raises(PublishError):
        build_site(root, site, downloads=False)
    assert tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["project", "site"]


def test_a_clean_build_runs_two_workers_per_core_and_a_rebuild_one(project, tmp_path, monkeypatch):
    """A clean build oversubscribes the cores (its languages finish together); a rebuild over the live site
    runs one worker per core (its languages are mostly cached: each worker more only starts MkDocs again)."""
    from concurrent.futures import ProcessPoolExecutor

    from coursegen.site import build as build_module

    counts: list[int] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options) -> None:
            counts.append(max_workers)
            super().__init__(max_workers, **options)

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 1)
    root, _ = project
    site = tmp_path / "new-site"
    build(root, site)  # no live site there yet: a clean build, whatever the cache holds
    module = root / "content" / "modules" / "role.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(root, site)
    assert counts == [2, 1]
    assert contents(site) == clean_build(root, tmp_path)


def _replace(rel: str, old: str, new: str):
    """An edit of the project: `old` replaced by `new` in the file at `rel` (it must hold `old`)."""
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


NEW_MODULE = """---
id: M03
title: Planning the day
version: "1.0"
duration_hours: 2
outcomes: [A1.C1.LO2]
prerequisites: [M02]
---

# Planning the day

Plan the day with the person. See [](module:M01) and [](term:adl).

::: trainer
## Planning the day

Ask each pair to plan a morning.
:::
"""
IN_COURSE = ("target_hours: 10\nmodules: [M01, M02]", "target_hours: 12\nmodules: [M01, M02, M03]")
IMAGE = "content/modules/img/carer.png"


def _add_module(root: Path) -> None:
    (root / "content" / "modules" / "planning.md").write_text(NEW_MODULE, encoding="utf-8")
    _replace("content/courses/basic.md", *IN_COURSE)(root)


def _remove_module(root: Path) -> None:
    (root / "content" / "modules" / "planning.md").unlink()
    _replace("content/courses/basic.md", *reversed(IN_COURSE))(root)


#: Edits an author, a translator and a fork make one after the other, each followed by a rebuild.
EDITS = [
    ("a module's body", _replace("content/modules/role.md", "Name five tasks.", "Name five tasks, then two limits.")),
    ("a translation's body", _replace("content/modules/role.es.md", "20 minutos.", "25 minutos.")),
    ("a module's title", _replace("content/modules/hygiene.md", "title: Hygiene", "title: Washing")),
    ("an outcome's statement", _replace("framework/areas/A1.yaml", "the tasks of", "the daily tasks of")),
    ("a glossary term", _replace("content/glossary.yaml", "dressing and eating", "dressing, eating and moving")),
    ("a framework translation", _replace("framework/translations/es.yaml", "Cuidado personal", "Aseo")),
    ("a course's text", _replace("content/courses/basic.md", "A short course.", "A short course for new carers.")),
    ("a new module in the course", _add_module),
    ("a translation removed", lambda root: (root / "content" / "modules" / "role.fr.md").unlink()),
    ("an image replaced", lambda root: (root / IMAGE).write_bytes((SITES / "multilingual" / IMAGE).read_bytes() * 2)),
    ("the new module removed", _remove_module),
]


def test_every_rebuild_of_a_run_of_edits_is_the_clean_build(project, tmp_path):
    """One project edited again and again (author, translator, fork), rebuilt over its live site with the
    cache after each edit: each time the site holds, byte for byte, what a clean build of it holds."""
    root, site = project
    for index, (name, edit) in enumerate(EDITS):
        before = contents(site)
        edit(root)
        rebuilt = contents(build(root, site))
        assert rebuilt != before, name  # the edit shows
        assert rebuilt == clean_build(root, tmp_path / str(index)), name


def test_every_rebuild_with_the_downloads_is_the_clean_build(tmp_path):
    """The same with the trainer downloads, which a rebuild takes from the cache when nothing they are made
    from changed (see `downloads_cache`), for the edits that change some of them and not others."""
    root, site = make_site(tmp_path, "multilingual"), tmp_path / "site"
    assert build_site(root, site).ok
    for index, (name, edit) in enumerate(EDITS):
        if name not in ("a module's body", "an outcome's statement", "a translation removed", "an image replaced"):
            continue
        edit(root)
        assert build_site(root, site).ok, name
        assert build_site(root, tmp_path / str(index), cache=False).ok
        assert contents(site) == contents(tmp_path / str(index)), name
