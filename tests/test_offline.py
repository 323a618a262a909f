"""The offline copy of each language site: its manifest (learner pages, search files, images and the shared
theme files, never the trainer edition), the same bytes for the same content, a new version for new content;
the service worker's settings and the offline notice in the reader's language."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.site.offline import HASH_DIGITS, MANIFEST, NOTICE, WORKER, content_hash, linked_theme_files

from .conftest import built_site, make_site

LANGUAGES = {"en": "", "es": "es/", "fr": "fr/", "ar": "ar/"}


def manifest_of(site: Path, lang: str) -> dict:
    return json.loads((site / LANGUAGES[lang] / MANIFEST).read_text(encoding="utf-8"))


def settings_of(site: Path, lang: str) -> dict:
    first = (site / LANGUAGES[lang] / WORKER).read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(first.removeprefix("self.CG_OFFLINE = ").removesuffix(";"))


def file_of(root: Path, url: str) -> Path:
    target = (root / url).resolve()
    return target / "index.html" if url == "" or url.endswith("/") else target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_manifest_lists_the_learner_pages_search_and_shared_files_with_sizes_and_hashes(multilingual_build, lang):
    site = multilingual_build[1]
    root = site / LANGUAGES[lang]
    saved = manifest_of(site, lang)
    urls = [entry["url"] for entry in saved["files"]]
    assert urls == sorted(urls)
    assert {"", "modules/role/", "modules/hygiene/", "glossary/", "modules/img/carer.png", NOTICE} <= set(urls)
    assert "pagefind/pagefind-entry.json" in urls and any(url.endswith(".pf_meta") for url in urls)
    shared = "" if lang == "en" else "../"
    assert f"{shared}assets/coursegen.css" in urls and f"{shared}assets/offline.js" in urls
    for entry in saved["files"]:
        data = file_of(root, entry["url"]).read_bytes()
        assert (entry["size"], entry["hash"]) == (len(data), hashlib.sha256(data).hexdigest()[:HASH_DIGITS])
    assert saved["total"] == sum(entry["size"] for entry in saved["files"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_trainer_pages_downloads_and_unused_search_files_are_never_saved(multilingual_build, lang):
    urls = [entry["url"] for entry in manifest_of(multilingual_build[1], lang)["files"]]
    assert not [url for url in urls if url.startswith("trainer/") or "/trainer/" in url]
    assert not [url for url in urls if url.endswith((".zip", ".imscc", ".csv", ".json")) and "pagefind" not in url]
    assert not [url for url in urls if "component-ui" in url or "modular-ui" in url or "wasm.unknown" in url]
    assert not [url for url in urls if url.split("/")[0] in ("es", "fr", "ar")], "another language's pages"


def test_the_version_is_the_hash_of_the_manifest_and_names_the_workers_cache(multilingual_build):
    site = multilingual_build[1]
    for lang in LANGUAGES:
        saved = manifest_of(site, lang)
        body = {"files": saved["files"], "total": saved["total"]}
        assert saved["version"] == content_hash(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                                           separators=(",", ":")).encode("utf-8"))
        settings = settings_of(site, lang)
        assert (settings["version"], settings["total"]) == (saved["version"], saved["total"])
        assert NOTICE in settings["shell"] and not [url for url in settings["shell"] if url.endswith("/")]


def test_the_default_languages_worker_leaves_the_other_languages_and_the_trainer_edition_alone(multilingual_build):
    site = multilingual_build[1]
    assert settings_of(site, "en")["pass"] == ["ar/", "es/", "fr/", "trainer/"]
    assert settings_of(site, "es")["pass"] == ["trainer/"]


@pytest.mark.parametrize("lang,title,direction", [("es", "No hay conexión", "ltr"),
                                                  ("ar", "أنت غير متصل بالإنترنت", "rtl")])
def test_the_offline_notice_is_in_the_readers_language(multilingual_build, lang, title, direction):
    page = BeautifulSoup((multilingual_build[1] / lang / NOTICE).read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == lang and page.html["dir"] == direction
    assert page.h1.get_text() == title
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    links = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert links and all((multilingual_build[1] / lang / href).resolve().is_file() for href in links)


def test_trainer_pages_load_no_offline_script(multilingual_build):
    site = multilingual_build[1]
    trainer = (site / "trainer" / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    learner = (site / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    assert "offline.js" not in trainer and "data-cg-offline" not in trainer
    assert "offline.js" in learner and "data-cg-offline" in learner


def test_theme_links_are_found_from_the_pages_folder():
    output = '<link href="../../assets/a.css"><script src="../../assets/b.js"></script><img src="../b.js">'
    assert linked_theme_files(output, "modules/role/", {"assets/a.css", "assets/b.js", "b.js"}) == \
        ["assets/a.css", "assets/b.js"]
    assert linked_theme_files('<a href="https://example.org/assets/a.css">', "", {"assets/a.css"}) == []


def test_the_same_content_gives_the_same_manifest_and_new_content_a_new_version(tmp_path):
    project = make_site(tmp_path)
    first = built_site(project, tmp_path / "one")
    second = built_site(project, tmp_path / "two")
    for name in (MANIFEST, WORKER, NOTICE):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    module = project / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA new paragraph for the learners.\n", encoding="utf-8")
    third = built_site(project, tmp_path / "three")
    before, after = json.loads((first / MANIFEST).read_text()), json.loads((third / MANIFEST).read_text())
    assert before["version"] != after["version"]
    changed = {entry["url"] for entry in after["files"]} ^ {entry["url"] for entry in before["files"]} | {
        new["url"] for old, new in zip(before["files"], after["files"]) if old != new}
    assert f"modules/{module.stem}/" in changed
    assert "assets/coursegen.css" not in changed
