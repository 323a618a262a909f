"""The trainer downloads: which exports a language's site offers, and that each is the real export."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.export import ExportRequest, run_export
from coursegen.export import downloads as downloads_module
from coursegen.export.downloads import make_downloads, planned_downloads
from coursegen.page_paths import page_url
from coursegen.project import validate_project
from coursegen.site import build_site

from .conftest import guideline_site, make_site


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    result = validate_project(make_site(tmp_path_factory.mktemp("downloads"), "multilingual"))
    assert result.ok, result.diagnostics
    return result.library


def test_every_module_and_course_has_its_platform_packages(library):
    plan = planned_downloads(library, "es")
    offered = {(d.group, d.item_id, d.format, d.request.trainer) for d in plan}
    for module_id in library.modules:
        assert {("module", module_id, "scorm12", False), ("module", module_id, "scorm12", True),
                ("module", module_id, "package", False)} <= offered
    for course_id in library.courses:
        assert {("course", course_id, "scorm12", False), ("course", course_id, "imscc", False)} <= offered
    assert {("framework", None, "moodle-csv", False), ("framework", None, "case-json", False)} <= offered
    assert len({d.name for d in plan}) == len(plan), "two downloads would share a file name"


def test_a_module_and_a_course_of_the_same_file_name_get_downloads_of_their_own(tmp_path):
    root = make_site(tmp_path, "multilingual")
    course = (root / "content" / "courses" / "basic.md").read_text(encoding="utf-8")
    (root / "content" / "courses" / "role.md").write_text(course.replace("id: basic", "id: role-course"),
                                                          encoding="utf-8")
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    names = [d.name for d in planned_downloads(validation.library, "en")]
    assert "role.scorm12.zip" in names and "role.course.scorm12.zip" in names
    assert len(set(names)) == len(names)


def test_downloads_are_in_the_sites_language_except_the_all_language_package(library):
    for download in planned_downloads(library, "fr"):
        assert download.request.lang == (None if download.format == "package" else "fr")


def test_the_bytes_are_those_of_the_export_command(library):
    made = {m.download.name: m for m in make_downloads(library, "es")}
    assert all(m.data and not m.problem for m in made.values())
    course = made["basic.course.scorm12.zip"]
    assert course.data == run_export(library, "scorm12", ExportRequest("course", "basic", "es")).data
    assert zipfile.ZipFile(io.BytesIO(course.data)).getinfo("imsmanifest.xml")
    package = made["role.coursegen.zip"]
    assert package.data == run_export(library, "package", ExportRequest("module", "M01")).data


@pytest.mark.parametrize("available", [True, False])
def test_the_guideline_pdf_is_offered_only_where_it_can_be_made(tmp_path, monkeypatch, available):
    guideline = validate_project(guideline_site(tmp_path)).library
    monkeypatch.setattr(downloads_module, "pdf_available", lambda: available)
    assert [d.name for d in planned_downloads(guideline, "en") if d.format == "pdf"] == (
        ["guideline.pdf"] if available else [])


def test_no_pdf_for_a_library_without_a_guideline(library, monkeypatch):
    monkeypatch.setattr(downloads_module, "pdf_available", lambda: True)
    assert not [d for d in planned_downloads(library, "en") if d.format == "pdf"]


# --- on the site ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("downloads-site")
    root = make_site(base, "multilingual")
    result = build_site(root, base / "site")
    assert result.ok, result.errors
    return validate_project(root).library, base / "site"


def _download_links(page: Path, prefix: str) -> list[str]:
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a["href"].removeprefix(prefix) for a in document.select(f"article a[href^='{prefix}downloads/']")]


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_every_download_is_offered_once_by_the_index_or_its_modules_trainer_page(built, lang):
    """The index offers the framework's, the guideline's and each course's; a module's trainer page its own
    (the index stays bounded): together, every planned download, and each link leads to its file."""
    library, site = built
    folder = site if lang == library.default_language else site / lang
    planned = planned_downloads(library, lang)
    links = _download_links(folder / "trainer" / "index.html", "")
    assert sorted(links) == sorted(f"downloads/{d.name}" for d in planned if d.group != "module")
    for module_id, page in library.modules.items():
        own = _download_links(folder / "trainer" / page_url(page.rel) / "index.html", "../../")
        assert own and sorted(own) == sorted(f"downloads/{d.name}" for d in planned if d.item_id == module_id
                                             and d.group == "module")
        links += own
    assert sorted(links) == sorted(f"downloads/{d.name}" for d in planned)
    for href in links:
        assert (folder / "trainer" / href).stat().st_size > 0
    course = (folder / "trainer" / "downloads" / "basic.course.scorm12.zip").read_bytes()
    assert course == run_export(library, "scorm12", ExportRequest("course", "basic", lang)).data


def test_the_trainer_pages_name_the_downloads_in_the_sites_language(built):
    library, site = built
    text = (site / "es" / "trainer" / "index.html").read_text(encoding="utf-8")
    assert "Descargas para plataformas de aprendizaje" in text and "Paquete SCORM 1.2" in text
    module = library.modules[sorted(library.modules)[0]]
    text = (site / "es" / "trainer" / page_url(module.rel) / "index.html").read_text(encoding="utf-8")
    assert "Descargas para plataformas de aprendizaje" in text and "Paquete SCORM 1.2, edición para formadores" in text


def test_the_preview_makes_no_downloads(tmp_path):
    root = make_site(tmp_path, "multilingual")
    assert build_site(root, tmp_path / "site", downloads=False).ok
    assert not (tmp_path / "site" / "trainer" / "downloads").exists()
    assert "downloads/" not in (tmp_path / "site" / "trainer" / "index.html").read_text(encoding="utf-8")


def test_build_no_downloads_leaves_them_out(tmp_path):
    from click.testing import CliRunner

    from coursegen.cli import main

    root = make_site(tmp_path, "multilingual")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                                       "--no-downloads"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "trainer" / "index.html").is_file()
    assert not (tmp_path / "site" / "trainer" / "downloads").exists()
