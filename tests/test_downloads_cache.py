"""The trainer downloads come from the build cache when nothing they are made from changed, and a rebuild is
byte for byte the site a clean build makes (real builds of the multilingual fixture with the guideline).

Which exports ran is told by a log file that the patched `run_export` (and the PDF's `lay_out`) append to:
a forked worker inherits the patch, and writes to the same file as the parent."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pytest

from coursegen.export import ExportError
from coursegen.export import downloads as downloads_module
from coursegen.export import guideline_pdf
from coursegen.export.downloads import DOWNLOADS_DIR, pdf_available, planned_downloads
from coursegen.project import validate_project
from coursegen.site import build_site
from coursegen.site.cache import KINDS, cache_folder
from coursegen.site import downloads_cache
from coursegen.site.downloads_cache import DOWNLOAD_KINDS
from coursegen.site.page_cache import PAGE_KINDS
from coursegen.templates import BUILTIN_OVERRIDES, TEMPLATE_FOLDER

from .conftest import guideline_site
from .test_incremental_build import contents

needs_pdf = pytest.mark.skipif(not pdf_available(), reason="WeasyPrint (the pdf extra) is not importable here: "
                               "the site offers no guideline PDF")
CHAPTER = Path("content", "guideline", "01-partnership.md")
MODULE = Path("content", "modules", "hygiene.md")


def build(root: Path, site: Path, *, cache: bool = True, downloads: bool = True):
    result = build_site(root, site, downloads=downloads, cache=cache)
    assert result.ok, (result.errors, result.diagnostics)
    return result


def clean_build(root: Path, folder: Path) -> dict[str, str]:
    """What a clean build (no cache, no live site) of `root`, with its downloads, holds."""
    site = folder / "clean-site"
    build(root, site, cache=False)
    return contents(site)


def downloads_of(files: dict[str, str]) -> dict[str, str]:
    return {rel: sha for rel, sha in files.items() if f"/{DOWNLOADS_DIR}/" in f"/{rel}"}


def planned(root: Path) -> int:
    """How many downloads a build of `root` makes (every language's)."""
    library = validate_project(root).library
    return sum(len(planned_downloads(library, lang)) for lang in library.languages)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built once with its downloads and the cache (project/, site/), and clean (clean-site/)."""
    base = tmp_path_factory.mktemp("downloads-cache")
    root = guideline_site(base)
    build(root, base / "site")
    build(root, base / "clean-site", cache=False)
    return base


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built project (with its cache) and its site: (project, site)."""
    shutil.copytree(built_once / "with-guideline", tmp_path / "with-guideline", copy_function=shutil.copy2)
    shutil.copytree(built_once / "site", tmp_path / "site", copy_function=shutil.copy2)
    return tmp_path / "with-guideline" / "project", tmp_path / "site"


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Counts the exports the next builds run: `exports()` is the list of (format, target, item, lang) run,
    PDF lay-outs as ("lay-out", ...)."""
    log = tmp_path / "exports.log"
    run_export, lay_out = downloads_module.run_export, guideline_pdf.lay_out

    def logged(library, format_name, request, memo=None):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{format_name} {request.target} {request.item_id} {request.lang}\n")
        return run_export(library, format_name, request, memo)

    def laid_out(weasyprint, document, stylesheet, base_url):
        with log.open("a", encoding="utf-8") as out:
            out.write("lay-out\n")
        return lay_out(weasyprint, document, stylesheet, base_url)

    monkeypatch.setattr(downloads_module, "run_export", logged)
    monkeypatch.setattr(guideline_pdf, "lay_out", laid_out)
    return lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def lay_outs(runs: list[str]) -> int:
    """How many PDFs WeasyPrint laid out."""
    return runs.count("lay-out")


def test_a_rebuild_without_changes_makes_no_export_and_is_a_clean_builds_site(project, built_once, exports):
    root, site = project
    build(root, site)
    assert exports() == []
    clean = contents(built_once / "clean-site")
    assert downloads_of(clean) and any(rel.endswith(".pdf") for rel in clean) == pdf_available()
    assert contents(site) == clean


def test_a_rebuild_without_changes_keeps_the_download_entries_it_used(project):
    root, site = project
    cache = cache_folder(root)
    before = sorted(path.relative_to(cache) for kind in DOWNLOAD_KINDS for path in cache.glob(f"*/{kind}/*"))
    build(root, site)
    assert before and sorted(path.relative_to(cache) for kind in DOWNLOAD_KINDS
                             for path in cache.glob(f"*/{kind}/*")) == before


def test_a_build_without_downloads_leaves_their_entries_for_the_next_build_with_them(project, exports):
    """`coursegen serve` builds without downloads: its page cache's pruning must not drop them."""
    root, site = project
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + "\nA sentence for the preview.\n", encoding="utf-8")
    build(root, site, downloads=False)
    module.write_text(module.read_text(encoding="utf-8").replace("\nA sentence for the preview.\n", ""),
                      encoding="utf-8")
    build(root, site)
    assert exports() == []


def test_after_a_module_body_changes_every_download_is_a_clean_builds(project, tmp_path, exports):
    root, site = project
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + "\nWash your hands, then dry them.\n", encoding="utf-8")
    build(root, site)
    runs = exports()
    assert len(runs) - lay_outs(runs) == planned(root)  # every export ran again
    clean = clean_build(root, tmp_path)
    assert contents(site) == clean


@needs_pdf
def test_after_a_module_body_changes_the_pdf_is_not_laid_out_again(project, exports):
    root, site = project
    before = (site / DOWNLOADS_DIR / "guideline.pdf").read_bytes()
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + "\nWash your hands, then dry them.\n", encoding="utf-8")
    build(root, site)
    runs = exports()
    assert "pdf guideline None en" in runs and lay_outs(runs) == 0  # the book is as it was
    assert (site / DOWNLOADS_DIR / "guideline.pdf").read_bytes() == before


def test_after_a_module_body_changes_only_this_builds_entries_are_kept(project):
    root, site = project
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + "\nWash your hands, then dry them.\n", encoding="utf-8")
    build(root, site)
    cache = cache_folder(root)
    for lang, folder in (("en", site), ("es", site / "es")):
        kept = {path.name for path in (cache / lang / "export").iterdir()}
        published = {hashlib.sha256(path.read_bytes()).hexdigest() for path in (folder / DOWNLOADS_DIR).iterdir()}
        assert len(kept) == len(published)  # one build's worth: the old bytes of the module's files are gone
        assert len(list((cache / lang / "downloads").iterdir())) == 1


def test_after_the_guideline_changes_the_downloads_are_a_clean_builds(project, tmp_path):
    root, site = project
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nPartners meet every month.\n", encoding="utf-8")
    build(root, site)
    assert contents(site) == clean_build(root, tmp_path)


@needs_pdf
def test_after_the_guideline_changes_the_pdfs_whose_book_changed_are_laid_out_again(project, exports):
    """The English chapter changes the English book and those of languages that show it untranslated; a
    language with its own translation of the chapter keeps its PDF."""
    root, site = project
    pdfs = {rel: sha for rel, sha in contents(site).items() if rel.endswith(".pdf")}
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nPartners meet every month.\n", encoding="utf-8")
    build(root, site)
    after = contents(site)
    changed = sorted(rel for rel in pdfs if after[rel] != pdfs[rel])
    assert f"{DOWNLOADS_DIR}/guideline.pdf" in changed and len(changed) < len(pdfs)
    assert lay_outs(exports()) == len(changed)


def test_after_source_date_epoch_changes_the_downloads_are_a_clean_builds(project, tmp_path, exports,
                                                                          monkeypatch):
    root, site = project
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    before = downloads_of(contents(site))
    build(root, site)
    assert len(exports()) - lay_outs(exports()) == planned(root)
    after = contents(site)
    assert after == clean_build(root, tmp_path)
    assert downloads_of(after) != before  # the exports' dates are in their bytes


def test_after_the_export_stylesheets_change_the_downloads_are_a_clean_builds(project, tmp_path):
    """A project that overrides coursegen's export stylesheets only (no main.html: the site keeps the
    built-in theme, so the cache salt's theme overrides are the same)."""
    root, site = project
    before = downloads_of(contents(site))
    own = root / "site_overrides" / "coursegen"
    own.mkdir(parents=True)
    for name in ("export.css", "guideline_pdf.css"):
        builtin = BUILTIN_OVERRIDES / TEMPLATE_FOLDER / name
        (own / name).write_text(builtin.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.1em; }\n",
                                encoding="utf-8")
    build(root, site)
    after = contents(site)
    assert after == clean_build(root, tmp_path)
    changed = {rel for rel in before if before[rel] != after.get(rel)}
    assert any(rel.endswith(".scorm12.zip") for rel in changed)
    if pdf_available():
        assert f"{DOWNLOADS_DIR}/guideline.pdf" in changed


def test_a_forged_cache_entry_is_ignored(project, tmp_path, exports):
    """A cache that came with the project (not signed with this user's key): every download entry is
    replaced by other bytes under a plain SHA-256, and none of them is published."""
    root, site = project
    forged = b"PK not the export"
    for kind in DOWNLOAD_KINDS:
        for entry in cache_folder(root).glob(f"*/{kind}/*"):
            entry.write_bytes(forged + b"\n" + hashlib.sha256(forged).hexdigest().encode())
    build(root, site)
    assert len(exports()) - lay_outs(exports()) == planned(root)
    assert contents(site) == clean_build(root, tmp_path)


def test_entries_signed_with_another_users_key_are_not_used(project, tmp_path, exports, monkeypatch):
    root, site = project
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    build(root, site)
    assert len(exports()) - lay_outs(exports()) == planned(root)


def test_no_cache_makes_every_download(project, tmp_path, exports):
    root, _ = project
    build(root, tmp_path / "no-cache-site", cache=False)
    runs = exports()
    assert len(runs) - lay_outs(runs) == planned(root)
    assert lay_outs(runs) == (len(validate_project(root).library.languages) if pdf_available() else 0)


def test_a_download_that_failed_is_reported_again_from_the_cache(tmp_path, monkeypatch, exports):
    root = guideline_site(tmp_path)
    run_export = downloads_module.run_export

    def failing(library, format_name, request, memo=None):
        if format_name == "imscc":
            raise ExportError("The cartridge cannot be made today.")
        return run_export(library, format_name, request, memo)

    monkeypatch.setattr(downloads_module, "run_export", failing)
    first = build(root, tmp_path / "site")
    monkeypatch.setattr(downloads_module, "run_export", run_export)  # the counting one again
    ran_before = len(exports())
    second = build(root, tmp_path / "site")
    assert len(exports()) == ran_before  # no export ran: the problem came from the cache
    assert any("basic.imscc: The cartridge cannot be made today." in warning for warning in first.warnings)
    assert sorted(second.warnings) == sorted(first.warnings)  # the languages finish in any order


def test_downloads_whose_making_logged_a_warning_are_made_again(tmp_path, monkeypatch, exports):
    root = guideline_site(tmp_path)
    run_export = downloads_module.run_export

    def warning(library, format_name, request, memo=None):
        logging.getLogger("weasyprint").warning("a font is missing")  # as WeasyPrint's own warnings
        return run_export(library, format_name, request, memo)

    monkeypatch.setattr(downloads_module, "run_export", warning)
    build(root, tmp_path / "site")
    monkeypatch.setattr(downloads_module, "run_export", run_export)
    ran_before = len(exports())
    build(root, tmp_path / "site")
    runs = exports()[ran_before:]
    assert len(runs) - lay_outs(runs) == planned(root)


def test_each_kind_of_entry_is_pruned_by_one_owner():
    assert sorted(PAGE_KINDS + DOWNLOAD_KINDS) == sorted(KINDS)


@needs_pdf
def test_a_font_installed_since_the_last_build_lays_the_pdf_out_again(project, exports, tmp_path, monkeypatch):
    """The PDF is laid out with the system's fonts: one added (an Arabic font where glyphs were missing, say)
    must reach it, though no file of the project changed."""
    root, site = project
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(downloads_cache, "FONT_PLACES", (*downloads_cache.FONT_PLACES, str(fonts)))
    build(root, site)
    assert exports() == []  # a folder without fonts changes nothing
    (fonts / "NewSans-Regular.ttf").write_bytes(b"a font's bytes")
    build(root, site)
    runs = exports()
    assert "pdf guideline None en" in runs and lay_outs(runs) >= 1
