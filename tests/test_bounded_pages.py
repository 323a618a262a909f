"""Generated pages that stay bounded as the library grows (issue 15): the framework and the coverage matrix
split per area, every link to an item landing on its area's page, the coverage pages kept out of the search,
the caps on links and rows checked on a generated library of 1,000 modules, and the self-assessment sheets
cut into pages on one of 450 outcomes."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from coursegen.page_paths import (COVERAGE_PAGE, COVERAGE_ROWS, FRAMEWORK_PAGE, INDEX_ROWS, MODULES_INDEX,
                                  TRAINER_INDEX, TRAINER_MODULES, anchor, area_page, area_slug, coverage_area_page,
                                  coverage_parts, page_count, page_url, part_page, self_assessment_area_page,
                                  self_assessment_course_page, trainer_rel)
from coursegen.pages import generate_language
from coursegen.pages.framework_pages import MODULE_LINKS
from coursegen.project import validate_project
from coursegen.self_assessment_sheets import SHEET_ROWS, SheetGroup, sheet_parts
from coursegen.site.page_cache import html_parts
from coursegen.site.search import UNINDEXED, indexed, search_glob

from .conftest import SITES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import generate  # noqa: E402

LANGUAGES = ("", "es/", "fr/", "ar/")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def blocks_html(files, rel: str) -> BeautifulSoup:
    """A generated page's finished HTML blocks, as one document."""
    return BeautifulSoup("".join(files.html_blocks[rel].items), "html.parser")


# --- the split -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return validate_project(SITES / "multilingual").library


def test_each_area_has_a_page_with_the_anchors_of_its_items(library) -> None:
    files = generate_language(library, library.default_language)
    for area in library.children(None):
        rel = area_page(area)
        items = [code for c in library.children(area) for code in (c, *library.children(c))]
        text = files.pages[rel]
        assert f"{{ #{anchor(area)} }}" in text and all(f"{{ #{anchor(c)} }}" in text for c in library.children(area))
        assert files.block_anchors(rel) == {anchor(code) for code in items if code in library.outcomes}
        assert all(library.item_page(code) == rel for code in [area, *items])


def test_the_overview_links_to_every_area_and_competence_and_holds_no_outcome(library) -> None:
    files = generate_language(library, library.default_language)
    overview = blocks_html(files, FRAMEWORK_PAGE)
    hrefs = [a["href"] for a in overview.find_all("a")]
    assert hrefs == ["areas/a1/", "areas/a1/#a1-c1", "areas/a2/", "areas/a2/#a2-c1"]
    assert not files.block_anchors(FRAMEWORK_PAGE)


def test_an_area_slug_never_takes_its_folders_index() -> None:
    assert area_slug("A1") == "a1" and area_page("A1") == "framework/areas/a1.md"
    assert area_slug("Index") != "index" and area_slug("!!") == "area"
    assert coverage_area_page("A1") == "framework/coverage/a1.md"
    assert coverage_area_page("A1", 2) == "framework/coverage/a1/2.md"
    assert page_url(coverage_area_page("index")) != page_url(COVERAGE_PAGE)


def _resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve()
    return (target / "index.html" if target.is_dir() else target), parts.fragment


def test_every_link_to_a_framework_item_lands_on_its_anchor(multilingual_build) -> None:
    """From module cards, references, standards, the overview and the matrices, in every language."""
    site = multilingual_build[1]
    checked = 0
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        for link in soup(page).select("article a[href]"):
            href = link["href"]
            if "#" not in href or href.startswith(("#", "http")):
                continue
            target, fragment = _resolve(site, page, href)
            rel = target.relative_to(site).as_posix()
            assert not re.search(r"(^|/)framework/index\.html$", rel), (page, href)  # the overview has no items
            if "framework/areas/" in rel:
                assert target.is_file() and soup(target).find(id=fragment) is not None, (page, href)
                checked += 1
    assert checked > 20


def test_area_titles_are_translated_with_the_default_language_as_fallback(multilingual_build, library) -> None:
    site = multilingual_build[1]
    for lang in ("es", "fr", "ar"):
        translation = library.framework_translations[lang][0]
        for area in library.children(None):
            document = soup(site / lang / "framework" / "areas" / area_slug(area) / "index.html")
            translated = translation.areas.get(area)
            title = (translated and translated.title) or library.areas[area].title
            heading = document.select_one("article h1")
            assert " ".join(heading.get_text(" ").rstrip().rstrip("¶").split()) == f"{area} {title}"
            assert document.html["dir"] == ("rtl" if lang == "ar" else "ltr")
            fallback = heading.find("span", lang=True)  # an untranslated title is marked with its language
            assert (fallback and (fallback["lang"], fallback.get_text())) == \
                (None if translated and translated.title else ("en", title))


# --- navigation ------------------------------------------------------------------------------------


def test_the_framework_section_lists_the_overview_the_areas_and_the_coverage_matrix(multilingual_build) -> None:
    document = soup(multilingual_build[1] / "framework" / "index.html")
    hrefs = [a["href"] for a in document.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert {"./", "areas/a1/", "areas/a2/", "coverage/"} <= set(hrefs)
    assert hrefs.index("areas/a1/") < hrefs.index("areas/a2/") < hrefs.index("coverage/")
    footer = [a["href"] for a in document.select("a.md-footer__link")]
    assert footer[-1] == "areas/a1/"  # next: the first area


def test_the_matrices_follow_each_other_after_the_overview(multilingual_build) -> None:
    site = multilingual_build[1] / "framework" / "coverage"
    overview = soup(site / "index.html").select_one("article table")
    assert [a["href"] for a in overview.select("tbody th a")] == ["a1/", "a2/"]
    first = [a["href"] for a in soup(site / "a1" / "index.html").select("a.md-footer__link")]
    last = [a["href"] for a in soup(site / "a2" / "index.html").select("a.md-footer__link")]
    assert first == ["../", "../a2/"] and last == ["../a1/"]


# --- search ----------------------------------------------------------------------------------------


def _indexed_urls(root: Path) -> set[str]:
    urls = set()
    for path in (root / "pagefind" / "fragment").iterdir():
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        urls.add(json.loads(text[text.index("{"):])["url"])
    return urls


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_coverage_pages_are_not_searched_and_the_area_pages_are(multilingual_build, lang) -> None:
    root = multilingual_build[1] / lang if lang else multilingual_build[1]
    urls = _indexed_urls(root)  # each language's index has the URLs of its own site
    assert {"/framework/", "/framework/areas/a1/", "/framework/areas/a2/"} <= urls
    assert not [url for url in urls if url.startswith("/framework/coverage")]
    assert (root / "framework" / "coverage" / "a1" / "index.html").is_file()  # there, only not searched


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_self_assessment_sheets_are_not_searched_and_their_index_is(multilingual_build, lang) -> None:
    """A sheet only repeats its outcomes' statements, which the framework's area pages are found by (its
    template gives it no `data-pagefind-body`, and Pagefind does not read it: see the next test)."""
    root = multilingual_build[1] / lang if lang else multilingual_build[1]
    urls = _indexed_urls(root)
    assert "/self-assessment/" in urls and "/framework/areas/a1/" in urls
    assert not [url for url in urls if url.startswith(("/self-assessment/areas/", "/self-assessment/courses/"))]
    assert (root / "self-assessment" / "areas" / "a1" / "index.html").is_file()  # there, only not searched


def test_pagefind_does_not_read_the_sheets_and_a_changed_sheet_keeps_the_index(multilingual_build, tmp_path) -> None:
    site = tmp_path / "site"
    shutil.copytree(multilingual_build[1], site, ignore=shutil.ignore_patterns("es", "fr", "ar", "pagefind"))
    sheets = [path.relative_to(site).as_posix() for path in (site / "self-assessment").rglob("*.html")]
    assert "self-assessment/index.html" in sheets and len(sheets) > 2
    assert [rel for rel in sheets if indexed(rel)] == ["self-assessment/index.html"]
    assert "self-assessment/**" not in search_glob(site) and "self-assessment/*.html" in search_glob(site)
    key = html_parts(site)
    sheet = next(site / rel for rel in sheets if rel != "self-assessment/index.html")
    sheet.write_text(sheet.read_text(encoding="utf-8") + "<!-- another rating -->", encoding="utf-8")
    assert html_parts(site) == key  # no new index for a page it does not read
    index = site / "self-assessment" / "index.html"
    index.write_text(index.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    assert html_parts(site) != key


def test_the_search_skips_the_coverage_folder_and_the_overviews_list(multilingual_build) -> None:
    site = multilingual_build[1]
    assert page_url(COVERAGE_PAGE).rstrip("/") in UNINDEXED
    assert "framework/coverage" not in search_glob(site) and "framework/areas/**/*.html" in search_glob(site)
    listing = soup(site / "framework" / "index.html").select_one("article [data-pagefind-ignore]")
    assert listing is not None and listing.select('a[href="areas/a1/"]')


# --- bounds, on a library of 1,000 modules -----------------------------------------------------------


def synthetic_library(tmp_path_factory, name: str, **sizes):
    """A generated library of one language in 2 areas (see benchmarks/synthetic.py), validated, and its
    default language's file set: (library, files)."""
    root = generate(tmp_path_factory.mktemp(name) / "project", languages=1, areas=2, words=12, **sizes)
    result = validate_project(root)
    assert result.ok, result.diagnostics[:3]
    return result.library, generate_language(result.library, result.library.default_language)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """1,000 modules over 40 outcomes in 2 areas: each outcome taught by 25 modules, 500 modules per area."""
    return synthetic_library(tmp_path_factory, "large", outcomes=40, modules=1000)


def test_an_outcome_links_to_a_bounded_number_of_modules_and_counts_the_rest(large) -> None:
    library, files = large
    for area in library.children(None):
        rel = area_page(area)
        page = blocks_html(files, rel)
        outcomes = page.select("h3.cg-outcome")
        assert len(outcomes) == 20
        for heading in outcomes:
            taught = heading.find_next("strong", string=re.compile("Taught in")).parent
            modules = [a for a in taught.find_all("a") if "/modules/" in a["href"]]
            assert len(modules) == MODULE_LINKS
            more = len(library.outcome_backlinks[heading["id"].upper().replace("-", ".")]) - MODULE_LINKS
            rest = taught.find("a", href="../../coverage/" + area_slug(area) + "/")
            assert more > 0 and rest is not None and str(more) in rest.get_text()


def test_a_matrix_page_has_a_bounded_number_of_rows_and_the_pages_list_every_module(large) -> None:
    library, files = large
    for area in library.children(None):
        modules = library.area_modules[area]
        parts = coverage_parts(len(modules))
        assert len(modules) == 500 and parts == 5
        rows: list[str] = []
        for part in range(1, parts + 1):
            rel = coverage_area_page(area, part)
            assert rel in library.generated_pages  # the link checker knows it
            table = blocks_html(files, rel).select_one("table")
            body = table.select("tbody tr")
            assert len(body) <= COVERAGE_ROWS
            assert len(table.select("thead th")) == 1 + len(library.children(area))
            rows += [tr.th.get_text(strip=True) for tr in body]
        assert rows == [library.modules[m].meta.title for m in modules]
        assert coverage_area_page(area, parts + 1) not in files.pages


def test_the_overviews_do_not_grow_with_the_modules(large) -> None:
    library, files = large
    overview = blocks_html(files, COVERAGE_PAGE)
    assert len(overview.select("tbody tr")) == len(library.children(None))
    assert [a.get_text() for a in overview.select("tbody td a")] == ["1", "2", "3", "4", "5"] * 2
    framework = blocks_html(files, FRAMEWORK_PAGE)
    assert not [a for a in framework.find_all("a") if "modules/" in a["href"]]


def test_the_matrix_pages_follow_each_other(large) -> None:
    _, files = large
    first, second = coverage_area_page("A1"), coverage_area_page("A1", 2)
    assert files.neighbours[first] == (COVERAGE_PAGE, second)
    assert files.neighbours[second] == (first, coverage_area_page("A1", 3))
    assert files.neighbours[coverage_area_page("A2", 5)] == (coverage_area_page("A2", 4), None)


# --- the module lists, on a library of 1,000 modules --------------------------------------------------


def _module_list(files, first: str) -> list[str]:
    """The module titles every page of a module list links to, in order, checking each page's bound."""
    titles: list[str] = []
    for part in range(1, page_count(1000, INDEX_ROWS) + 1):
        rel = part_page(first, part)
        page = blocks_html(files, rel)
        rows = page.select("tbody tr .cg-index__title a") or page.select("ul.cg-trainer-modules a")
        assert 0 < len(rows) <= INDEX_ROWS
        titles += [a.get_text(strip=True) for a in rows]
        links = [a.get_text(strip=True) for a in page.select("nav.cg-parts")[0].select("a")]
        assert links[part > 1:][:10] == [str(n) for n in range(1, 11)]
        assert ("Previous page" in links) == (part > 1) and ("Next page" in links) == (part < 10)
    assert part_page(first, 11) not in files.pages
    return titles


@pytest.mark.parametrize("first", [MODULES_INDEX, TRAINER_MODULES])
def test_a_module_list_page_has_a_bounded_number_of_rows_and_the_pages_list_every_module(large, first) -> None:
    library, files = large
    titles = [library.modules[m].meta.title for m in sorted(library.modules)]
    assert _module_list(files, first) == titles
    assert {part_page(first, part) for part in range(1, 11)} <= library.generated_pages  # CG112 and CG405 know them
    assert files.neighbours[part_page(first, 2)] == (first, part_page(first, 3))
    assert files.neighbours[part_page(first, 10)] == (part_page(first, 9), None)


def test_the_trainer_lists_lead_to_every_modules_trainer_page(large) -> None:
    library, files = large
    hrefs = [a["href"] for part in range(1, 11)
             for a in blocks_html(files, part_page(TRAINER_MODULES, part)).select("ul.cg-trainer-modules a")]
    assert hrefs[0] == page_url(library.modules[sorted(library.modules)[0]].rel).removeprefix("modules/")  # trainer/modules/
    assert len(set(hrefs)) == 1000 and all(trainer_rel(m.rel) in files.pages for m in library.modules.values())


def test_the_trainer_index_does_not_grow_with_the_modules(large) -> None:
    _, files = large
    index = files.pages[TRAINER_INDEX]
    assert index.count("](") <= 5 and "modules/index.md" in index  # the list of modules, not the modules


# --- the self-assessment sheets, on a library of 450 outcomes -----------------------------------------


def test_a_sheet_is_cut_into_pages_of_whole_groups_where_they_fit() -> None:
    groups = [SheetGroup("a", tuple("a%d" % n for n in range(60))), SheetGroup("b", (), ("a1",)),
              SheetGroup("c", tuple("c%d" % n for n in range(50)), ("a2",)),
              SheetGroup("d", tuple("d%d" % n for n in range(230)), ("c3",))]
    parts = sheet_parts(groups, per_page=100)
    assert [[(group.key, len(group.codes)) for group in part] for part in parts] == [
        [("a", 60), ("b", 0)], [("c", 50)], [("d", 100)], [("d", 100)], [("d", 30)]]
    assert [group.above for part in parts for group in part] == [(), ("a1",), ("a2",), ("c3",), (), ()]
    assert sheet_parts([]) == [[]]  # an empty sheet is still one page


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """450 outcomes in 2 areas (225 each), 30 modules of 15 outcomes; the course has 20 modules, 300 outcomes."""
    return synthetic_library(tmp_path_factory, "sheets", outcomes=450, modules=30)


def _sheet(files, first: str) -> list[list[str]]:
    """The outcome codes each page of a sheet rates, checking its bound and its links to the other pages."""
    pages, part = [], 1
    while part_page(first, part) in files.pages:
        page = blocks_html(files, part_page(first, part))
        pages.append([item["data-cg-sa-code"] for item in page.select("[data-cg-sa-code]")])
        nav = page.select("nav.cg-parts")
        assert len(nav) == 2 and [a.get_text() for a in nav[0].select("a")][part > 1:][:2] == ["1", "2"]
        part += 1
    assert all(0 < len(codes) <= SHEET_ROWS for codes in pages)
    return pages


def test_a_course_sheet_rates_every_outcome_once_on_bounded_pages(sheets) -> None:
    library, files = sheets
    first = self_assessment_course_page("main")
    pages = _sheet(files, first)
    expected = list(dict.fromkeys(code for module_id in library.courses["main"].meta.modules
                                  for code in library.modules[module_id].meta.outcomes))
    # 15 outcomes a module: 6 whole modules (90 outcomes) a page, the last 2 on a fourth
    assert [len(codes) for codes in pages] == [90, 90, 90, 30] and [c for codes in pages for c in codes] == expected
    assert "(page 2 of 4)" in files.pages[part_page(first, 2)]
    assert all(part_page(first, part) in library.generated_pages for part in (1, 2, 3, 4))
    assert files.neighbours[part_page(first, 2)] == (first, part_page(first, 3))
    assert files.neighbours[part_page(first, 4)] == (part_page(first, 3), None)


def test_an_area_sheet_rates_its_outcomes_on_bounded_pages(sheets) -> None:
    library, files = sheets
    for area in library.children(None):
        pages = _sheet(files, self_assessment_area_page(area))
        expected = [code for competence in library.children(area) for code in library.children(competence)]
        assert len(pages) == 3 and [code for codes in pages for code in codes] == expected
