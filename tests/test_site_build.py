"""Real builds of fixture sites: the URL set per language, parsed HTML, notices, editions, and safety."""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.site import build_site

from .conftest import make_site

LANGUAGES = ("en", "es", "fr", "ar")
OTHER = ("es", "fr", "ar")


def lang_root(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def html_pages(site: Path, lang: str) -> set[str]:
    """Page paths of one language (relative to its root), without other languages, search and assets."""
    base = lang_root(site, lang)
    pages = set()
    for path in base.rglob("*.html"):
        rel = path.relative_to(base).as_posix()
        if rel.split("/")[0] in OTHER or rel.startswith(("pagefind/", "assets/")) or rel in ("404.html", "offline.html"):
            continue
        pages.add(rel)
    return pages


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(multilingual_build) -> Path:
    return multilingual_build[1]


# --- URL set ---------------------------------------------------------------------------------------


EXPECTED_PAGES = {
    "index.html", "modules/index.html", "modules/role/index.html", "modules/hygiene/index.html",
    "courses/index.html", "courses/basic/index.html", "framework/index.html", "framework/coverage/index.html",
    "glossary/index.html", "guide/index.html", "trainer/index.html", "trainer/modules/index.html", "trainer/modules/role/index.html",
    "trainer/modules/hygiene/index.html", "contribute/status/index.html", "framework/standards/es-test/index.html",
    # one page per area of the framework, and one page of the coverage matrix per area
    "framework/areas/a1/index.html", "framework/areas/a2/index.html",
    "framework/coverage/a1/index.html", "framework/coverage/a2/index.html",
}
#: The self-assessment pages (issue 13): an index, one per area, one per course.
EXPECTED_PAGES |= {"self-assessment/index.html", "self-assessment/areas/a1/index.html",
                   "self-assessment/areas/a2/index.html", "self-assessment/courses/basic/index.html"}


def test_default_language_has_every_page_at_the_root(site):
    assert html_pages(site, "en") == EXPECTED_PAGES


@pytest.mark.parametrize("lang", OTHER)
def test_every_language_has_the_same_page_paths(site, lang):
    assert html_pages(site, lang) == EXPECTED_PAGES


# --- links -----------------------------------------------------------------------------------------


def _target(site: Path, page: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    path = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    target = site / path
    if target.is_dir() or url.split("#")[0].endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(site):
    problems = []
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts or page.name == "404.html":
            continue
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element, attribute in [(a, "href") for a in document.find_all(["a", "link"], href=True)] + \
                                  [(i, "src") for i in document.find_all(["img", "script"], src=True)]:
            url = element[attribute]
            if url.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            if url.startswith("#"):
                target, fragment = page, url[1:]
            else:
                target, fragment = _target(site, page, url)
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {url} (missing file)")
            elif fragment and target.suffix == ".html":
                ids = {tag["id"] for tag in BeautifulSoup(target.read_text(encoding="utf-8"),
                                                          "html.parser").find_all(id=True)}
                if unquote(fragment) not in ids:
                    problems.append(f"{page.relative_to(site)}: {url} (missing anchor)")
    assert problems == []


def test_no_url_points_to_another_origin(site):
    found = []
    for page in site.rglob("*.html"):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in document.find_all(src=True) + document.find_all(href=True):
            url = tag.get("src") or tag.get("href")
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                found.append(f"{page.relative_to(site)}: {url}")
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_page(site, lang):
    rel = "modules/role/index.html"
    page = lang_root(site, lang) / rel
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = {a["hreflang"]: a["href"] for a in document.select("a.md-select__link")}
    assert set(links) == set(LANGUAGES)
    for other, href in links.items():
        target, _ = _target(site, page, href)
        assert target == lang_root(site, other) / rel


# --- every language all the way down: 404 pages, shared theme files, heading ids, fallback titles ----


NOT_FOUND = {"en": "Page not found", "es": "Página no encontrada", "fr": "Page introuvable",
             "ar": "الصفحة غير موجودة"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_languages_404_page_speaks_its_language_in_its_direction(site, lang):
    document = soup(lang_root(site, lang), "404.html")
    assert document.html["lang"] == lang
    assert document.html["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert document.h1.get_text(strip=True) == NOT_FOUND[lang]
    assert document.title.get_text().startswith(NOT_FOUND[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_links_are_relative_and_stay_in_the_readers_language(site, lang):
    page = lang_root(site, lang) / "404.html"
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    urls = [tag.get("href") or tag.get("src") for tag in document.find_all(["a", "link", "script"])
            if tag.get("href") or tag.get("src")]
    assert urls and not [url for url in urls if url.startswith("/")]
    for url in urls:
        if not url.startswith("#"):
            assert _target(site, page, url)[0].exists(), url
    nav = [_target(site, page, a["href"])[0] for a in document.select("nav.md-nav a.md-nav__link[href]")]
    others = [site / other for other in OTHER if other != lang]
    assert nav and not [target for target in nav if any(target.is_relative_to(o) for o in others)]
    assert all(target.is_relative_to(lang_root(site, lang)) for target in nav)
    switcher = {a["hreflang"]: _target(site, page, a["href"])[0] for a in document.select("a.md-select__link")}
    assert switcher == {other: lang_root(site, other) / "index.html" for other in LANGUAGES}
    search = document.find("dialog", id="cg-search")["data-base"]
    assert _target(site, page, search + "/pagefind/pagefind-ui.js")[0] == lang_root(site, lang) / "pagefind" / "pagefind-ui.js"


def test_the_theme_files_are_shipped_once_for_every_language(site):
    assert (site / "assets" / "coursegen.css").is_file()
    for lang in OTHER:
        assert not (site / lang / "assets").exists()
        page = site / lang / "modules" / "role" / "index.html"
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        linked = [tag.get("href") or tag.get("src") for tag in document.select("link[rel=stylesheet], script[src]")]
        assert linked and all(_target(site, page, url)[0].is_relative_to(site / "assets") for url in linked)


def test_no_shipped_file_names_a_source_map_that_is_not_shipped(site):
    for path in list(site.rglob("*.js")) + list(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            if "sourceMappingURL=" in line:
                name = line.split("sourceMappingURL=")[1].strip(" */")
                assert (path.parent / name).is_file(), f"{path.relative_to(site)} names {name}"


def test_arabic_headings_have_ids_made_of_their_words_as_the_validator_computes_them(site):
    from coursegen.markdown_scan import scan

    document = soup(site / "ar", "modules/role/index.html")
    ids = [heading["id"] for heading in document.select("article h1[id], article h2[id]")]
    source = (Path(__file__).parent / "sites/multilingual/content/modules/role.ar.md").read_text(encoding="utf-8")
    assert ids == ["دور-مقدمة-الرعاية", "ما-تفعله-مقدمة-الرعاية"]
    assert set(ids) <= scan(source.split("---", 2)[2]).anchors


def test_an_outcome_shown_in_the_default_language_is_marked_and_isolated(site):
    document = soup(site / "ar", "framework/areas/a1/index.html")
    translated = document.select_one('h3[id="a1-c1-lo1"] span')
    assert translated is None or translated.get("lang") is None  # ar.yaml translates its statement
    headings = document.select("h3.cg-outcome")
    assert [heading["id"] for heading in headings] == ["a1-c1-lo1", "a1-c1-lo2"]
    for heading in headings:
        if heading["id"] != "a1-c1-lo1":  # no Arabic statement: the English one, marked
            assert (heading.span.get("lang"), heading.span.get("dir")) == ("en", "ltr"), heading
    criteria = document.select("article ul[lang]")
    assert criteria and all((ul["lang"], ul["dir"]) == ("en", "ltr") for ul in criteria)
    for area in ("a1", "a2"):
        assert not soup(site, f"framework/areas/{area}/index.html").select("h3.cg-outcome span[lang]")


def test_a_title_shown_in_the_default_language_is_marked_and_isolated(site):
    document = soup(site / "ar", "modules/index.html")
    fallback = document.select_one('article a[href$="hygiene/"]')
    translated = document.select_one('article a[href$="role/"]')
    assert (fallback.get("lang"), fallback.get("dir")) == ("en", "ltr")
    assert translated.get("lang") is None and translated.get("dir") is None


# --- languages, fallback, notices -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_declare_their_language_and_direction(site, lang):
    document = soup(lang_root(site, lang), "modules/role/index.html")
    assert document.html["lang"] == lang
    expected = "rtl" if lang == "ar" else "ltr"
    assert document.html["dir"] == expected
    assert document.body["dir"] == expected


def test_translated_page_shows_the_translation(site):
    document = soup(site, "es/modules/role/index.html")
    assert document.h1.get_text(strip=True).startswith("El papel de la cuidadora")
    assert not document.select(".cg-notice--fallback")


def test_missing_translation_falls_back_with_a_notice_in_the_readers_language(site):
    document = soup(site, "es/modules/hygiene/index.html")
    notice = document.select_one(".cg-notice--fallback")
    assert notice is not None and "español" in notice.get_text() and "inglés" in notice.get_text()
    wrapper = document.select_one('article div[lang="en"]')
    assert wrapper is not None and "Always ask before you help" in wrapper.get_text()
    assert notice not in wrapper.descendants


def test_fallback_in_a_right_to_left_language_keeps_the_text_left_to_right(site):
    document = soup(site, "ar/modules/hygiene/index.html")
    assert document.body["dir"] == "rtl"
    assert document.select_one('article div[lang="en"]')["dir"] == "ltr"
    assert "الإنجليزية" in document.select_one(".cg-notice--fallback").get_text()


def test_stale_translation_shows_a_notice(site):
    document = soup(site, "fr/modules/role/index.html")
    assert document.select_one(".cg-notice--stale") is not None
    assert not soup(site, "es/modules/role/index.html").select(".cg-notice--stale")


def test_framework_text_is_localized_with_fallback_per_item(site):
    text = soup(site, "fr/framework/areas/a1/index.html").get_text()
    assert "Décrire les tâches d’une aide à domicile." in text  # translated
    text = soup(site, "fr/framework/areas/a2/index.html").get_text()
    assert "Carry out a bed bath with respect for dignity." in text  # not translated: default language


# --- learner and trainer editions ------------------------------------------------------------------


def test_trainer_notes_never_reach_learner_pages(site):
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if "trainer/" in rel or "pagefind" in rel:
            continue
        text = page.read_text(encoding="utf-8")
        assert "Timing: 20 minutes" not in text and "cg-trainer" not in text, rel


@pytest.mark.parametrize("rel,note", [("trainer/modules/role/index.html", "Timing: 20 minutes"),
                                      ("es/trainer/modules/role/index.html", "Duración: 20 minutos"),
                                      ("ar/trainer/modules/role/index.html", "المدة: 20 دقيقة")])
def test_trainer_pages_show_the_notes_and_are_not_indexed(site, rel, note):
    document = soup(site, rel)
    assert note in document.select_one(".cg-trainer").get_text()
    assert document.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert document.find(attrs={"data-pagefind-body": True}) is None


def test_a_trainer_note_links_through_the_modules_reference_definitions(tmp_path):
    """A note converted apart from the learner text still finds the definitions of its `[text][id]` links in
    the module, rebased for the trainer page (its own, too); the learner page shows neither note nor link."""
    root = make_site(tmp_path, "minimal")
    role = root / "content" / "modules" / "role.md"
    text = role.read_text(encoding="utf-8").replace(
        "Materials: role cards.", "Materials: role cards. Read [the hygiene module][hygiene] and [the list][own].\n\n"
        "[own]: hygiene.md#hygiene-and-dignity")
    role.write_text(text + "\nSee also [hygiene][hygiene].\n\n[hygiene]: hygiene.md \"Hygiene\"\n", encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.ok and result.warnings == [], result.warnings
    note = soup(tmp_path / "site", "trainer/modules/role/index.html").select_one(".cg-trainer")
    links = {a.get_text(): (a["href"], a.get("title")) for a in note.find_all("a")}
    assert links == {"the hygiene module": ("../../../modules/hygiene/", "Hygiene"),
                     "the list": ("../../../modules/hygiene/#hygiene-and-dignity", None)}
    learner = soup(tmp_path / "site", "modules/role/index.html").find("article")
    assert learner.find("a", string="hygiene")["href"] == "../hygiene/"
    assert "the hygiene module" not in learner.get_text() and "[" not in learner.get_text()


def test_a_trainer_notes_headings_keep_the_learner_headings_ids(tmp_path):
    """A note is converted apart from the learner text: its heading "Assessment" gets an id of its own on
    the trainer page, so the table of contents' link leads to the learner heading, not to the note."""
    root = make_site(tmp_path, "minimal")
    role = root / "content" / "modules" / "role.md"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "Timing: 20 minutes. Materials: role cards.",
        "## Assessment\n\nTiming: 20 minutes, then [the note's assessment](#assessment).\n\n### Activities\n\nMore."),
        encoding="utf-8")
    result = build_site(root, tmp_path / "site", downloads=False)
    assert result.ok and result.warnings == [], result.warnings
    page = soup(tmp_path / "site", "trainer/modules/role/index.html")
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    note = page.select_one(".cg-trainer")
    assert [h["id"] for h in note.find_all(["h2", "h3"])] == ["assessment_1", "activities_1"]
    assert note.find("a", string="the note's assessment")["href"] == "#assessment_1"
    learner = page.find(id="assessment")
    assert learner.get_text(strip=True) == "Assessment¶" and not learner.find_parent(class_="cg-trainer")
    assert page.select_one('.md-sidebar--secondary a[href="#assessment"]') is not None
    # the learner page has neither the note nor a renamed id
    assert [h["id"] for h in soup(tmp_path / "site", "modules/role/index.html").select("article h2")] == \
        ["what-a-carer-does", "activities", "assessment"]


def test_text_shown_in_the_default_language_carries_it(tmp_path):
    """The Arabic site shows what is not translated (the glossary, an outcome's statement, an area's or a
    competence's title, a module's summary) in English, on every page that shows it: each such text carries
    `lang` and `dir`, so that a screen reader reads it as English and the right-to-left page isolates it;
    translated text, and the author's own link text, carry none."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.ar.md"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "انظر [](outcome:A1.C1.LO1).", "انظر [](outcome:A1.C1.LO1) و[](outcome:A1.C1.LO2) و[](competence:A1.C1) "
        "و[الأنشطة](term:adl)."), encoding="utf-8")
    hygiene = root / "content" / "modules" / "hygiene.md"  # no Arabic translation
    hygiene.write_text(hygiene.read_text(encoding="utf-8").replace(
        "duration_hours: 4", "duration_hours: 4\nsummary: Washing a person with respect."), encoding="utf-8")
    assert build_site(root, tmp_path / "site", downloads=False).ok
    summaries = {row.select_one(".cg-index__code").get_text(): row.select_one(".cg-index__summary")
                 for row in soup(tmp_path / "site", "ar/modules/index.html").select(".cg-index tbody tr")}
    assert summaries["M02"].get("lang") == "en" and summaries["M01"].get("lang") is None  # M01's is translated
    overview = soup(tmp_path / "site", "ar/framework/index.html").select_one(".cg-areas")
    marked = {span.get_text(): span["lang"] for span in overview.select("span[lang]")}
    assert marked == {"Personal care": "en", "Understanding the carer's role": "en", "Hygiene": "en"}
    area = soup(tmp_path / "site", "ar/framework/areas/a1/index.html").find("article")
    assert area.h1.find("span", lang=True) is None  # the area's title is translated
    assert area.find("h2", id="a1-c1").find("span", lang="en", dir="ltr").get_text() == "Understanding the carer's role"
    card = soup(tmp_path / "site", "ar/modules/hygiene/index.html").select_one(".cg-card")
    assert card.find("span", lang="en").get_text() == "Carry out a bed bath with respect for dignity."
    coverage = soup(tmp_path / "site", "ar/framework/coverage/index.html").select_one(".cg-matrix tbody")
    assert [span.get_text() for span in coverage.select("span[lang=en]")] == ["Personal care"]
    index = soup(tmp_path / "site", "ar/self-assessment/index.html").find("article")
    assert [span.get_text() for span in index.select("a span[lang=en]")] == ["Basic home care", "Personal care"]
    sheet = soup(tmp_path / "site", "ar/self-assessment/areas/a2/index.html").find("article")
    assert sheet.h1.find("span", lang="en").get_text() == "A2 Personal care"
    assert sheet.find("h2", id="a2-c1").find("span", lang="en").get_text() == "Hygiene"
    glossary = soup(tmp_path / "site", "ar/glossary/index.html").select_one("dl.cg-glossary")
    assert [(e.name, e.get("lang"), e.get("dir")) for e in glossary.find_all(["dt", "dd"])] == \
        [("dt", "en", "ltr"), ("dd", "en", "ltr")]
    assert [e.get("lang") for e in soup(tmp_path / "site", "es/glossary/index.html").select("dl dt, dl dd")] == \
        [None, None]  # translated
    article = soup(tmp_path / "site", "ar/modules/role/index.html").find("article")
    terms = article.select(".cg-term")
    assert {(t.a.get_text(), t.a.get("lang"), t.select_one(".cg-tip").get("lang")) for t in terms} == \
        {("activities of daily living", "en", "en"), ("الأنشطة", None, "en")}
    outcomes = {a["href"].split("#")[1]: a for a in article.find_all("a") if "#a1-c1" in a["href"]}
    assert outcomes["a1-c1-lo1"].find("span", lang=True) is None  # its statement is translated
    assert outcomes["a1-c1-lo2"].get_text() == "A1.C1.LO2 Explain the limits of the role."
    assert outcomes["a1-c1-lo2"].find("span", lang="en", dir="ltr").get_text() == "Explain the limits of the role."
    assert outcomes["a1-c1"].find("span", lang="en").get_text() == "Understanding the carer's role"


def test_the_courses_index_lists_each_course_with_its_summary(tmp_path):
    """One item per course, each with its hours and summary; in Arabic, an English summary is marked."""
    root = make_site(tmp_path, "multilingual")
    basic = root / "content" / "courses" / "basic.md"
    text = basic.read_text(encoding="utf-8").replace("title: Basic home care", "title: Basic home care\n"
                                                    "summary: The first steps.")
    basic.write_text(text, encoding="utf-8")
    (root / "content" / "courses" / "short.md").write_text(
        text.replace("id: basic", "id: short").replace("Basic home care", "Short home care")
        .replace("target_hours: 10", "target_hours: 6").replace("modules: [M01, M02]", "modules: [M01]")
        .replace("The first steps.", "One module."), encoding="utf-8")
    assert build_site(root, tmp_path / "site", downloads=False).ok
    items = soup(tmp_path / "site", "courses/index.html").select("article li")
    assert [(li.a.get_text(), li.get_text().rsplit(". ", 1)[-1]) for li in items] == \
        [("Basic home care", "The first steps."), ("Short home care", "One module.")]
    items = soup(tmp_path / "site", "ar/courses/index.html").select("article li")
    assert [li.find_all("span", lang="en")[-1].get_text() for li in items] == ["The first steps.", "One module."]


def test_learner_pages_link_only_to_the_trainer_index(site):
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if "trainer/" in rel or "pagefind" in rel:
            continue
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            target, _ = _target(site, page, a["href"]) if not a["href"].startswith(("#", "http")) else (page, "")
            assert "trainer/modules" not in target.as_posix(), (rel, a["href"])


# --- generated pages and references ---------------------------------------------------------------


def test_outcome_reference_links_to_its_anchor_with_the_localized_statement(site):
    document = soup(site, "es/modules/role/index.html")
    link = next(a for a in document.select("article a") if a["href"].endswith("#a1-c1-lo1")
                and "Describir" in a.get_text())
    assert link["href"] == "../../framework/areas/a1/#a1-c1-lo1"  # the outcome's area's page


def test_framework_outcome_lists_the_modules_that_teach_it(site):
    document = soup(site, "framework/areas/a1/index.html")
    heading = document.find(id="a1-c1-lo1")
    following = heading.find_next("p", string=None)
    links = [a["href"] for a in heading.find_all_next("a", limit=8)]
    assert "../../../modules/role/" in links, following


def test_term_link_shows_its_definition_as_an_accessible_description(site):
    document = soup(site, "modules/role/index.html")
    link = document.select_one(".cg-term > a")
    tip = document.find(id=link["aria-describedby"])
    assert tip["role"] == "tooltip" and "Everyday tasks" in tip.get_text()
    assert link["href"] == "../../glossary/#adl"


def test_module_card_shows_duration_level_prerequisites_and_outcomes(site):
    card = soup(site, "modules/hygiene/index.html").select_one(".cg-card")
    text = card.get_text(" ", strip=True)
    assert "4 h" in text and "All countries" in text and "A2.C1.LO1" in text
    assert card.find("a", href="../role/") is not None


def test_course_page_has_sequence_total_hours_coverage_and_diagram(site):
    document = soup(site, "courses/basic/index.html")
    text = document.get_text(" ", strip=True)
    assert "Total" in text and "10 h" in text and "3 of 3 learning outcomes" in text
    svg = document.select_one("figure.cg-diagram svg")
    assert svg is not None and svg["role"] == "img" and len(svg.select("line.cg-edge")) == 1


def test_coverage_matrix_has_a_row_per_module_and_a_column_per_competence(site):
    """One matrix per area: the modules that address it (rows) by its competences (columns)."""
    for area, competences, modules in (("a1", ["A1.C1"], ["../../../modules/role/"]),
                                       ("a2", ["A2.C1"], ["../../../modules/hygiene/"])):
        table = soup(site, f"framework/coverage/{area}/index.html").select_one(".cg-matrix table")
        assert [th.get_text(strip=True) for th in table.select("thead th")][1:] == competences
        assert [a["href"] for a in table.select("tbody th a")] == modules
    overview = soup(site, "framework/coverage/index.html").select_one(".cg-matrix table")
    assert [a["href"] for a in overview.select("tbody th a")] == ["a1/", "a2/"]
    assert len(overview.select("tbody tr")) == 2


def test_glossary_has_one_anchor_per_term_in_the_readers_language(site):
    entry = soup(site, "fr/glossary/index.html").find(id="adl")
    assert entry.get_text() == "activités de la vie quotidienne"


# --- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_search_index(site, lang):
    entry = json.loads((lang_root(site, lang) / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [lang]


def test_no_search_script_or_index_is_loaded_with_the_page(site):
    document = soup(site, "modules/role/index.html")
    sources = [tag.get("src") or tag.get("href") for tag in document.find_all(["script", "link"])]
    assert not [s for s in sources if s and "pagefind" in s]
    assert document.select_one("dialog#cg-search")["aria-labelledby"] == "cg-search-title"


# --- build guarantees ------------------------------------------------------------------------------


def test_identical_input_gives_byte_identical_output(multilingual_build, tmp_path):
    root, site, _ = multilingual_build
    again = tmp_path / "again"
    assert build_site(root, again).ok
    assert tree_digest(again) == tree_digest(site)


def test_mkdocs_finds_nothing_to_warn_about(multilingual_build):
    """Every link and anchor the generator writes is one MkDocs can check (anchors inside the finished
    HTML blocks included): no warnings, so `--strict` builds pass."""
    assert multilingual_build[2].warnings == []


def test_strict_build_of_clean_content_succeeds(tmp_path):
    result = build_site(make_site(tmp_path, "minimal"), tmp_path / "site", strict=True)
    assert result.ok and not result.warnings, result.errors

def test_build_from_a_process_with_threads_gives_the_same_site(multilingual_build, tmp_path):
    """With other threads running (as in the preview server) workers are not forked: they receive each
    language's file set instead of inheriting the library, and must build the same bytes."""
    import threading

    root, site, _ = multilingual_build
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert build_site(root, tmp_path / "again").ok
    finally:
        stop.set()
        thread.join()
    assert tree_digest(tmp_path / "again") == tree_digest(site)


def test_shared_navigation_gives_the_same_bytes_as_rendering_it_per_page(multilingual_build, tmp_path):
    """Pages outside the navigation share one rendering of it per folder; it must be exactly Material's.

    The per-page build runs in a fresh, single-threaded process, whose forked workers inherit the patch."""
    import subprocess
    import sys

    root, site, _ = multilingual_build
    script = ("import sys; from pathlib import Path; from coursegen.site import build as b, plugin as p\n"
              "assert b._worker_context()[1]\n"
              "p.SharedNav.__call__ = lambda self, page, nav, render: render()\n"
              "sys.exit(0 if b.build_site(Path(sys.argv[1]), Path(sys.argv[2])).ok else 1)")
    done = subprocess.run([sys.executable, "-c", script, str(root), str(tmp_path / "per-page")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert tree_digest(tmp_path / "per-page") == tree_digest(site)


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    root = make_site(tmp_path, "minimal")
    site = tmp_path / "site"
    assert build_site(root, site).ok
    before = tree_digest(site)
    course = root / "content" / "courses" / "basic.md"
    course.write_text(course.read_text().replace("[M01, M02]", "[M01, M99]"))
    result = build_site(root, site)
    assert not result.ok and any(d.code == "CG306" for d in result.diagnostics)
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_build_exits_1_with_diagnostics_and_keeps_the_site(tmp_path):
    root = make_site(tmp_path, "minimal")
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--root", str(root)])
    assert ok.exit_code == 0, ok.output
    assert (root / "site" / "es" / "modules" / "role" / "index.html").exists()
    (root / "content" / "modules" / "hygiene.md").write_text("no front matter\n")
    failed = runner.invoke(main, ["build", "--root", str(root)])
    assert failed.exit_code == 1
    assert "content/modules/hygiene.md" in failed.output
    assert (root / "site" / "modules" / "hygiene" / "index.html").exists()


def test_cli_build_outside_a_project_exits_2(tmp_path):
    assert CliRunner().invoke(main, ["build", "--root", str(tmp_path)]).exit_code == 2


# --- the MkDocs plugin -----------------------------------------------------------------------------


def write_mkdocs_yml(root: Path) -> None:
    from coursegen.site.config import preview_config

    import yaml

    (root / "mkdocs.yml").write_text(yaml.safe_dump(preview_config(root)), encoding="utf-8")


def run_mkdocs(root: Path, *arguments: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *arguments], cwd=root,
                          capture_output=True, text=True, env={**__import__("os").environ,
                                                              "NO_MKDOCS_2_WARNING": "1"})


def test_plugin_mkdocs_build_builds_the_default_language_with_search(tmp_path):
    root = make_site(tmp_path, "minimal")
    write_mkdocs_yml(root)
    done = run_mkdocs(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    document = soup(site, "modules/role/index.html")
    assert document.html["lang"] == "en" and document.select_one(".cg-card") is not None
    assert "Timing: 20 minutes" not in document.get_text()
    assert not (site / "modules" / "role.es").exists()
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    assert document.html["dir"] == "ltr"
    assert not document.select("[hreflang]"), "a one-language build must not offer links to other languages"
    assert soup(site, "framework/areas/a1/index.html").select_one("h3#a1-c1-lo1") is not None
    assert not [p for p in site.rglob("*.html") if "coursegen:html" in p.read_text(encoding="utf-8")]


def test_plugin_mkdocs_build_aborts_on_content_errors(tmp_path):
    root = make_site(tmp_path, "minimal", overlay="course-unknown-module")
    write_mkdocs_yml(root)
    done = run_mkdocs(root)
    assert done.returncode != 0
    assert "CG306" in done.stderr or "CG306" in done.stdout
    assert not (root / "site" / "index.html").exists()


def test_plugin_mkdocs_build_marks_its_site_and_refuses_a_folder_it_did_not_make(tmp_path):
    root = make_site(tmp_path, "minimal")
    write_mkdocs_yml(root)
    assert run_mkdocs(root).returncode == 0
    assert (root / "site" / ".coursegen-site").is_file()  # so that `coursegen build` may replace it later
    theirs = tmp_path / "documents"
    theirs.mkdir()
    (theirs / "thesis.txt").write_text("years of work")
    done = run_mkdocs(root, "--site-dir", str(theirs))
    assert done.returncode != 0 and "site folder" in done.stderr
    assert [p.name for p in theirs.iterdir()] == ["thesis.txt"]


def test_the_repository_mkdocs_yml_builds_a_project_with_every_setting_from_the_plugin(tmp_path):
    """The root mkdocs.yml names the site, the docs folder and the plugin only; the plugin supplies the rest
    (Material with coursegen's overrides, the Markdown extensions, the link check), as `coursegen build` has
    them: the same setting missing would show in the page."""
    import shutil

    root = make_site(tmp_path, "minimal")
    shutil.copy(Path(__file__).resolve().parents[1] / "mkdocs.yml", root / "mkdocs.yml")
    done = run_mkdocs(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    document = soup(site, "modules/role/index.html")
    assert document.select_one(".cg-card") is not None and document.select_one(".cg-search") is not None
    assert document.select_one('meta[http-equiv="Content-Security-Policy"]') is not None
    assert document.select_one("a.headerlink") is not None, "toc permalinks: the toc settings are missing"
    assert not document.select('link[href*="fonts.googleapis"]'), "font: false is missing"
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    assert soup(site, "framework/areas/a1/index.html").select_one("h3#a1-c1-lo1") is not None


def test_checker_knows_every_generated_page(minimal_site: Path) -> None:
    """Content may link to generated pages: the link checker's list must match what the site generates."""
    from coursegen.page_paths import GENERATED_PAGES
    from coursegen.pages import generate_language
    from coursegen.project import validate_project

    library = validate_project(minimal_site).library
    generated = set(generate_language(library, library.default_language).pages) - set(library.pages)
    trainer_modules = {rel for rel in generated if rel.startswith("trainer/")
                       and rel not in ("trainer/index.md", "trainer/modules/index.md")}
    # the guideline book exists only in projects with a guideline, which this fixture has not
    # the checker's list is the fixed pages, one page per national standard (the fixture has one), and one
    # page per area with one page of its coverage matrix
    assert GENERATED_PAGES <= library.generated_pages
    self_assessment = {rel for rel in library.generated_pages if rel.startswith("self-assessment/")}
    assert library.generated_pages - GENERATED_PAGES - self_assessment == {
        "framework/standards/es-test.md", "framework/areas/a1.md", "framework/areas/a2.md",
        "framework/coverage/a1.md", "framework/coverage/a2.md"}
    assert self_assessment == {"self-assessment/index.md", "self-assessment/areas/a1.md",
                               "self-assessment/areas/a2.md", "self-assessment/courses/basic.md"}
    assert generated - trainer_modules == library.generated_pages - {"guideline/book.md"}


def test_generated_pages_are_complete_markdown_for_other_renderers(minimal_site: Path) -> None:
    """The HTML blocks kept beside a generated page's Markdown are put into its rendered HTML by
    `FileSet.fill_html`, as the MkDocs adapters do, so a renderer that knows nothing of them still gets the
    whole page."""
    import markdown

    from coursegen.pages import generate_language
    from coursegen.project import validate_project
    from coursegen.site.config import MARKDOWN_EXTENSIONS

    library = validate_project(minimal_site).library
    files = generate_language(library, library.default_language)
    assert {"framework/index.md", "framework/areas/a1.md", "framework/coverage.md", "framework/coverage/a1.md",
            "modules/index.md"} <= set(files.html_blocks)
    names = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    body = files.pages["framework/areas/a1.md"].split("---\n", 2)[2]  # after the front matter
    framework = files.fill_html("framework/areas/a1.md", markdown.markdown(body, extensions=names))
    assert "coursegen:html" not in framework
    rendered = BeautifulSoup(framework, "html.parser")
    outcome = rendered.select_one("h3#a1-c1-lo1")
    assert outcome is not None and "A1.C1.LO1" in outcome.get_text()
    assert rendered.select_one("h1#a1") is not None and rendered.select_one("h2#a1-c1") is not None


def test_an_untranslated_area_title_is_marked_inside_its_coverage_pages_sentences(site):
    """"Coverage matrix: A2 ..." on the Arabic site: the sentence is Arabic, the area's title (not translated
    yet) is English, and only it carries lang/dir; a translated area's title carries none."""
    page = soup(site, "ar/framework/coverage/a2/index.html").find("article")
    marked = page.find("h1").find("span", lang=True)
    assert (marked.get_text(), marked.get("lang"), marked.get("dir")) == ("Personal care", "en", "ltr")
    assert page.find("h1").get_text().startswith("مصفوفة التغطية: A2")
    back = page.find("a", href=lambda href: href and "areas/a2" in href)
    assert (back.find("span", lang=True).get("lang"), back.find("span", lang=True).get("dir")) == ("en", "ltr")
    translated = soup(site, "ar/framework/coverage/a1/index.html").find("article")
    assert translated.find("h1").find("span", lang=True) is None


def test_the_trainer_index_marks_an_untranslated_courses_title_over_its_downloads(site):
    """The Arabic trainer index groups the downloads by course: the course not translated into Arabic shows
    its English title marked; the Spanish index shows its translated title unmarked."""
    def groups(lang: str) -> dict[str, tuple]:
        headings = soup(site, f"{lang}trainer/index.html").find("article").find_all("h3")
        return {h.get_text().rstrip("¶"): h.find("span", lang=True) and (h.span["lang"], h.span["dir"])
                for h in headings}

    assert groups("ar/") == {"إطار الكفاءات": None, "Basic home care": ("en", "ltr")}
    assert groups("es/") == {"Marco de competencias": None, "Cuidados básicos en casa": None}
    # the same anchors in every language, and the table of contents marks the untranslated title too
    contents = soup(site, "ar/trainer/index.html").select(".md-nav--secondary a.md-nav__link")
    marks = {a["href"]: (a.span.get("lang"), a.span.get("dir")) for a in contents}
    assert marks["#downloads-course-basic"] == ("en", "ltr") and marks["#downloads-framework"] == (None, None)
    assert soup(site, "es/trainer/index.html").find(id="downloads-course-basic") is not None


def test_the_frameworks_untranslated_description_is_marked_on_its_overview(site):
    """The Arabic framework translation gives a title but no description: the overview shows the English
    description in its language and direction, and the translated title unmarked."""
    page = soup(site, "ar/framework/index.html").find("article")
    description = page.find(string=lambda text: text and "A small framework for tests." in text)
    assert (description.find_parent("div")["lang"], description.find_parent("div")["dir"]) == ("en", "ltr")
    assert page.find("h1").find("span", lang=True) is None


def test_the_frameworks_untranslated_title_and_short_name_are_marked(tmp_path):
    """A translation without the framework's title (and a framework with a short title no translation gives):
    the French overview's heading and the header's and drawer's site name carry English."""
    root = make_site(tmp_path, "multilingual")
    framework = root / "framework" / "framework.yaml"
    framework.write_text(framework.read_text().replace("title: Multilingual care framework",
                                                       "title: Multilingual care framework\nshort_title: Care"))
    french = root / "framework" / "translations" / "fr.yaml"
    french.write_text(french.read_text().replace("title: Référentiel de soins multilingue\n", ""))
    assert build_site(root, tmp_path / "site").ok
    page = soup(tmp_path / "site", "fr/framework/index.html")
    heading = page.find("article").find("h1").find("span", lang=True)
    assert (heading.get_text(), heading["lang"], heading["dir"]) == ("Multilingual care framework", "en", "ltr")
    name = page.select_one(".md-header__topic .md-ellipsis")
    assert (name.get_text(strip=True), name.get("lang"), name.get("dir")) == ("Care", "en", "ltr")
    drawer = page.select_one("label.md-nav__title span[lang]")
    assert (drawer.get_text(), drawer["lang"]) == ("Care", "en")
    english = soup(tmp_path / "site", "framework/index.html")
    assert not english.select(".md-header__topic .md-ellipsis[lang]")
    assert not english.select("label.md-nav__title span[lang]")


def test_a_fallback_pages_table_of_contents_and_drawer_title_carry_its_language(site):
    """An Arabic page shown in English (not translated yet): the headings of its table of contents, and its
    title where the drawer opens them, are marked English; the contents' own title stays Arabic. A translated
    page's contents carry nothing."""
    fallback = soup(site, "ar/courses/basic/index.html")  # outside the navigation: the drawer opens its contents
    headings = fallback.select_one(".md-nav--secondary ul[data-md-component=toc]")
    assert (headings.get("lang"), headings.get("dir")) == ("en", "ltr")
    assert not fallback.select_one(".md-nav--secondary > label.md-nav__title").get("lang")
    drawer = fallback.select(".cg-page-toc > .md-nav__link .md-ellipsis")
    assert drawer and all((span.get("lang"), span.get("dir")) == ("en", "ltr") for span in drawer)
    translated = soup(site, "ar/modules/role/index.html")
    assert not translated.select_one(".md-nav--secondary ul[data-md-component=toc]").get("lang")
    assert not [span for span in translated.select(".cg-page-toc > .md-nav__link .md-ellipsis") if span.get("lang")]


def test_a_generated_pages_contents_mark_each_heading_in_another_language(site):
    """The Arabic page of an area not translated yet: each competence's heading in its table of contents is
    English, and marked; a competence translated into French (area A1's) is not, on the French page. The
    standard's page marks its units."""
    def contents(rel: str) -> dict[str, tuple]:
        items = soup(site, rel).select(".md-nav--secondary ul[data-md-component=toc] a.md-nav__link")
        return {a["href"]: (a.span.get("lang"), a.span.get("dir")) for a in items}

    assert set(contents("ar/framework/areas/a2/index.html").values()) == {("en", "ltr")}
    assert set(contents("fr/framework/areas/a1/index.html").values()) == {(None, None)}
    assert contents("ar/framework/standards/es-test/index.html")["#uc0249-2"] == ("en", "ltr")
    sheet = contents("ar/self-assessment/courses/basic/index.html")  # "role" is translated, "hygiene" not
    assert (sheet["#module-m01"], sheet["#module-m02"]) == ((None, None), ("en", "ltr"))
    assert set(contents("framework/areas/a2/index.html").values()) == {(None, None)}


def test_a_title_shown_in_the_default_language_is_marked_in_the_header_drawer_and_footer(site):
    """An English title on an Arabic page (a page not translated yet) carries lang/dir wherever the frame
    shows it, so a right-to-left reader's browser isolates it and cuts it at its end."""
    fallback = soup(site, "ar/modules/hygiene/index.html")
    topic = fallback.select_one("[data-md-component=header-topic] .md-ellipsis")
    assert (topic.get("lang"), topic.get("dir")) == ("en", "ltr")
    translated = soup(site, "ar/modules/role/index.html")  # translated, in a course before "hygiene"
    assert not translated.select_one("[data-md-component=header-topic] .md-ellipsis").get("lang")
    # the untranslated guide's section, titled by its page (shown as one link outside it: navigation.prune)
    marked = translated.select('.md-nav--primary span[lang="en"][dir="ltr"]')
    assert [span.get_text(strip=True) for span in marked] == ["Guide for organisations"]
    inside = soup(site, "ar/guide/index.html").select('.md-nav--primary span[lang="en"][dir="ltr"]')
    assert inside and {span.get_text(strip=True) for span in inside} == {"Guide for organisations"}
    following = translated.select_one(".md-footer__link--next .md-ellipsis")
    assert (following.get("lang"), following.get("dir")) == ("en", "ltr")
    assert not soup(site, "modules/role/index.html").select(".md-footer [lang], .md-nav--primary span[lang]")


def test_a_section_is_expanded_in_the_drawer_only_on_its_own_pages(site):
    """navigation.prune with sections: a module page's drawer links each section once, so its HTML does not
    carry every section's pages; a page inside a section lists that section's pages."""
    def drawer(path: str) -> list[str]:
        return [link["href"] for link in soup(site, path).select(".md-nav--primary a.md-nav__link")]

    module = drawer("modules/role/index.html")
    assert "../../framework/" in module and not any("/areas/" in href for href in module)
    area = drawer("framework/areas/a1/index.html")
    assert "../a2/" in area and "../../" in area  # its section's other pages, and the rest of the site


#: Builds the project at argv[1] with es first, recording in argv[2] each job's priority step and each os.nice
#: call of the workers (forked from this fresh, single-threaded process, they inherit the recording).
_GIVE_WAY = """
import os, sys
from pathlib import Path
from coursegen.site import build as build_module
from coursegen.site import build_site

def write(line):
    with open(sys.argv[2], "a", encoding="utf-8") as handle:
        handle.write(line + "\\n")

real_build_language = build_module.build_language

def build_language(job):
    write(f"job {job.lang} {job.nice}")
    return real_build_language(job)

build_language.__module__, build_language.__qualname__ = build_module.__name__, "build_language"
build_module.build_language = build_language
os.nice = lambda increment: write(f"nice {increment}") or increment
result = build_site(Path(sys.argv[1]), Path(sys.argv[1]).parent / "site", downloads=False, cache=False, first="es")
print(" ".join(sorted(result.pages)) if result.ok else f"failed: {result.errors}")
"""


def test_the_first_languages_worker_goes_first_and_the_others_give_way(tmp_path):
    """On fewer cores than languages, the first language (the default, or the one an author saved) must not
    wait for the others' workers: those of this build's own pool lower their priority; its own does not."""
    import multiprocessing
    import subprocess
    import sys

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the workers are not forked on this platform: they would not inherit the recording")
    root = make_site(tmp_path, "multilingual")
    calls = tmp_path / "calls.txt"
    done = subprocess.run([sys.executable, "-c", _GIVE_WAY, str(root), str(calls)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0 and not done.stdout.startswith("failed"), done.stdout + done.stderr
    languages = done.stdout.split()
    lines = [line.split() for line in calls.read_text(encoding="utf-8").splitlines()]
    jobs = {lang: int(nice) for kind, lang, nice in (line for line in lines if line[0] == "job")}
    assert jobs == {"es": 0, **{lang: 10 for lang in languages if lang != "es"}}
    assert sorted(int(line[1]) for line in lines if line[0] == "nice") == [10] * (len(languages) - 1)
