"""The guideline as one page per language (guideline/book/) and as a PDF (coursegen export guideline --format pdf).

The fixture is the multilingual site with the chapters of tests/sites/guideline/ laid over it: an index and
two chapters, translated into Spanish, the first one also into Arabic (the second falls back to English).
The PDF tests need WeasyPrint (the `pdf` extra) and pdftotext (poppler-utils); CI installs both.
"""

from __future__ import annotations

import json

import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.guideline_book import book_markdown
from coursegen.pages import GUIDELINE_BOOK, generate_language
from coursegen.project import validate_project
from coursegen.site.config import MARKDOWN_EXTENSIONS

from .conftest import guideline_site

PDFTOTEXT = shutil.which("pdftotext")
CHAPTER_TITLES = {
    "en": ["Guideline for partners", "Introduction", "Partnership", "Evaluation"],
    "es": ["Guía para socios", "Introducción", "Asociación", "Evaluación"],
    "ar": ["الشراكة", "مقدمة"],
}


@pytest.fixture
def library(tmp_path: Path):
    validation = validate_project(guideline_site(tmp_path))
    assert validation.ok, validation.diagnostics
    return validation.library


def book_html(library, lang: str) -> BeautifulSoup:
    """The book of one language rendered as the site renders Markdown (extensions of the site config)."""
    text = book_markdown(library, lang).split("\n---\n", 1)[1]
    names = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    configs = {k: v for e in MARKDOWN_EXTENSIONS if isinstance(e, dict) for k, v in e.items()}
    return BeautifulSoup(markdown.markdown(text, extensions=names, extension_configs=configs), "html.parser")


# --- the book ---------------------------------------------------------------------------------------


def test_book_holds_the_index_then_every_chapter_by_file_name(library) -> None:
    soup = book_html(library, "en")
    assert soup.h1.get_text(strip=True).rstrip("¶") == "Guideline for partners"
    chapters = soup.select("div.cg-chapter > h2")
    assert [h["id"] for h in chapters] == ["index", "01-partnership", "02-evaluation"]
    assert [h.get_text(strip=True).rstrip("¶") for h in chapters] == ["Introduction", "Partnership", "Evaluation"]


def test_the_books_title_carries_its_language_where_it_is_not_translated(library) -> None:
    """The Arabic book's title is the untranslated index page's (English): marked, in the page and for the
    header; the Spanish book's own title carries nothing."""
    arabic = book_html(library, "ar").h1.find("span", lang=True)
    assert (arabic.get_text(), arabic["lang"], arabic["dir"]) == ("Guideline for partners", "en", "ltr")
    assert '"cg_title_lang": "en"' in book_markdown(library, "ar").split("\n---\n", 1)[0]
    assert book_html(library, "es").h1.find("span", lang=True) is None
    assert "cg_title_lang" not in book_markdown(library, "es").split("\n---\n", 1)[0]


def test_the_books_contents_mark_the_headings_of_chapters_shown_in_the_default_language(library) -> None:
    """The Arabic book: the untranslated chapter's heading and sub-headings are marked English for the table of
    contents; the translated chapter's and the introduction (titled in Arabic) are not."""
    meta = json.loads(book_markdown(library, "ar").split("\n---\n", 1)[0].removeprefix("---\n"))
    marked = meta["cg_heading_langs"]
    assert marked and set(map(tuple, marked.values())) == {("en", "ltr")}
    assert "02-evaluation" in marked and "index" not in marked and "01-partnership" not in marked
    assert "cg_heading_langs" not in json.loads(book_markdown(library, "en").split("\n---\n", 1)[0].removeprefix("---\n"))


def test_the_book_is_a_generated_page_only_where_there_is_a_guideline(library, minimal_site: Path) -> None:
    assert GUIDELINE_BOOK in generate_language(library, "es").pages
    minimal = validate_project(minimal_site).library
    assert GUIDELINE_BOOK not in generate_language(minimal, "en").pages


def test_the_navigation_lists_the_book_at_the_end_of_the_guideline_section(library) -> None:
    sections = [entry for entry in generate_language(library, "es").nav if isinstance(entry, dict)]
    guideline = next(pages for section in sections for pages in section.values()
                     if isinstance(pages, list) and "guideline/index.md" in pages)
    assert guideline[-1] == {"La guía completa": GUIDELINE_BOOK}


def test_chapter_headings_are_demoted_and_their_ids_prefixed_by_the_chapter(library) -> None:
    soup = book_html(library, "en")
    assert [h["id"] for h in soup.select("h3")] == [
        "01-partnership--introduction", "01-partnership--roles", "02-evaluation--introduction"]
    ids = [element["id"] for element in soup.select("[id]")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    spanish = book_html(library, "es")  # an explicit id is prefixed too
    assert spanish.find(id="01-partnership--roles").get_text(strip=True).rstrip("¶") == "Funciones"


def test_links_between_chapters_lead_to_their_anchors_in_the_book(library) -> None:
    soup = book_html(library, "en")
    hrefs = {a.get_text(): a["href"] for a in soup.select("a[href]") if "headerlink" not in a.get("class", [])}
    assert hrefs["the partnership"] == "#01-partnership"
    assert hrefs["introduce the evaluation"] == "#02-evaluation--introduction"
    assert hrefs["the next chapter"] == "#02-evaluation"
    assert hrefs["the roles below"] == "#01-partnership--roles"
    assert hrefs["the partnership chapter"] == "#01-partnership--roles"
    assert hrefs["framework"] == "../framework/index.md"  # other pages: relative to the book, checked by MkDocs
    anchors = {element["id"] for element in soup.select("[id]")}
    assert {href[1:] for href in hrefs.values() if href.startswith("#")} <= anchors


def test_an_untranslated_chapter_shows_in_the_default_language_with_the_notice(library) -> None:
    soup = book_html(library, "ar")
    chapters = soup.select("div.cg-chapter")
    wrappers = [chapter.find("div", lang=True, recursive=False) for chapter in chapters]
    assert [(w["lang"], w["dir"]) if w else None for w in wrappers] == [("en", "ltr"), None, ("en", "ltr")]
    fallback = chapters[2].find("p", class_="cg-notice--fallback", recursive=False)  # in the reader's language
    assert fallback is not None and "العربية" in fallback.get_text()
    assert chapters[1].select_one(".cg-notice") is None
    assert chapters[1].h2.get_text(strip=True).rstrip("¶") == "الشراكة"
    assert wrappers[0].h2["lang"] == "ar"  # the heading the book gives the index is in the reader's language


def test_trainer_notes_never_reach_the_book(library) -> None:
    for lang in library.languages:
        assert "TRAINER-ONLY" not in book_markdown(library, lang)


def test_pagefind_does_not_read_the_book(tmp_path: Path) -> None:
    from coursegen.site.search import search_glob

    site = tmp_path / "site"
    for folder in ("guideline/book", "guideline/01-partnership", "modules/role", "trainer/modules", "pagefind"):
        (site / folder).mkdir(parents=True)
    patterns = search_glob(site).strip("{}").split(",")
    assert "guideline/01-partnership/**/*.html" in patterns and "modules/**/*.html" in patterns
    assert not [p for p in patterns if p.startswith(("guideline/book", "trainer", "pagefind", "guideline/**"))]


# --- the PDF ----------------------------------------------------------------------------------------


def export_pdf(root: Path, output: Path, *args: str):
    return CliRunner().invoke(main, ["export", "guideline", "--root", str(root), "--format", "pdf",
                                     "-o", str(output), *args])


def pdf_text(path: Path) -> str:
    done = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    text = unicodedata.normalize("NFKC", done.stdout)  # Arabic presentation forms -> letters
    return "".join(char for char in text if unicodedata.category(char) != "Cf")  # direction marks


needs_pdf = pytest.mark.skipif(
    not PDFTOTEXT or not __import__("importlib").util.find_spec("weasyprint"),
    reason="the PDF tests need WeasyPrint (pip install 'coursegen[pdf]') and pdftotext (apt install poppler-utils)")


@needs_pdf
@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_the_pdf_holds_every_chapter_title(tmp_path: Path, lang: str) -> None:
    output = tmp_path / f"guideline-{lang}.pdf"
    done = export_pdf(guideline_site(tmp_path), output, "--lang", lang)
    assert done.exit_code == 0, done.output
    assert output.read_bytes().startswith(b"%PDF-")
    text = pdf_text(output)
    for title in CHAPTER_TITLES[lang]:
        assert title in text
    assert "TRAINER-ONLY" not in text


@needs_pdf
def test_the_guideline_images_go_into_the_pdf(tmp_path: Path) -> None:
    output = tmp_path / "guideline.pdf"
    assert export_pdf(guideline_site(tmp_path), output).exit_code == 0
    listing = subprocess.run(["pdfimages", "-list", str(output)], capture_output=True, text=True, check=True)
    assert len(listing.stdout.strip().splitlines()) == 3  # two header lines, then the one image


@needs_pdf
def test_the_same_guideline_gives_the_same_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = guideline_site(tmp_path)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    assert export_pdf(root, first).exit_code == 0
    assert export_pdf(root, second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    info = subprocess.run(["pdfinfo", "-isodates", str(first)], capture_output=True, text=True, check=True).stdout
    assert "2023-11-14T22:13:20" in info  # the date of SOURCE_DATE_EPOCH, not the clock


@needs_pdf
def test_the_pdf_fetches_nothing() -> None:
    import weasyprint

    from coursegen.export.guideline_pdf import PACKAGE_FOLDER, safe_fetcher

    fetch = safe_fetcher(weasyprint)
    for url in ("https://example.org/logo.png", "http://127.0.0.1/", "file:///etc/passwd",
                (PACKAGE_FOLDER.parent / "outside.css").as_uri(), "ftp://example.org/x"):
        with pytest.raises(ValueError):
            fetch(url)
    assert fetch("data:text/plain,hello") is not None
    assert fetch((PACKAGE_FOLDER / "__init__.py").as_uri()) is not None


def test_without_weasyprint_one_line_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    output = tmp_path / "guideline.pdf"
    done = export_pdf(guideline_site(tmp_path), output)
    assert done.exit_code == 2
    assert done.output.strip().splitlines() == [
        'error: the PDF export needs WeasyPrint: install it with pip install "coursegen[pdf]".']
    assert not output.exists()


def test_a_project_without_guideline_is_told_so(minimal_site: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="the message comes after WeasyPrint is found")
    done = export_pdf(minimal_site, tmp_path / "guideline.pdf")
    assert done.exit_code == 2 and "no guideline" in done.output
