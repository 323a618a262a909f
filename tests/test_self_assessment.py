"""The self-assessment pages as generated: one per course (its modules' outcomes, by module in course order,
each outcome once) and one per area with a short index; statements in the reader's language or marked as
the default language's with a notice; every text escaped; linked from the course and framework pages."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from coursegen.loader import load
from coursegen.page_paths import SELF_ASSESSMENT_INDEX, self_assessment_area_page, self_assessment_course_page
from coursegen.pages import generate_language
from coursegen.project import validate_project
from coursegen.site.config import MARKDOWN_EXTENSIONS

from .conftest import SITES, make_site

COURSE = self_assessment_course_page("basic")


@pytest.fixture(scope="module")
def library():
    return load(SITES / "multilingual")[0]


def rendered(files, rel: str) -> BeautifulSoup:
    """A generated page as HTML, its finished blocks put in (as the MkDocs adapter does)."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    body = files.pages[rel].split("---\n", 2)[2]
    return BeautifulSoup(files.fill_html(rel, markdown.markdown(body, extensions=names)), "html.parser")


def codes(document: BeautifulSoup) -> list[str]:
    return [item["data-cg-sa-code"] for item in document.select("fieldset[data-cg-sa-code]")]


def test_every_course_and_area_has_a_page_and_the_index_lists_them(library):
    files = generate_language(library, "en")
    pages = {SELF_ASSESSMENT_INDEX, COURSE, self_assessment_area_page("A1"), self_assessment_area_page("A2")}
    assert pages <= set(files.pages)
    assert pages <= library.generated_pages  # content may link to them and must not replace them
    links = [a["href"] for a in rendered(files, SELF_ASSESSMENT_INDEX).select("li a")]
    assert links == ["courses/basic.md", "areas/a1.md", "areas/a2.md"]


def test_a_course_page_rates_its_modules_outcomes_by_module_in_course_order(library):
    files = generate_language(library, "en")
    document = rendered(files, COURSE)
    assert [h2["id"] for h2 in document.select("h2")] == ["module-m01", "module-m02"]
    assert "{ #module-m01 }" in files.pages[COURSE]  # as written: MkDocs checks its permalinks against it
    assert codes(document) == ["A1.C1.LO1", "A1.C1.LO2", "A2.C1.LO1"]
    item = document.select_one("fieldset#a1-c1-lo1")
    assert item.legend.get_text(" ", strip=True) == "A1.C1.LO1 Describe the tasks of a home carer."
    choices = [(label.input["value"], label.get_text(strip=True)) for label in item.select("label")]
    assert choices == [("can", "I can do this"), ("help", "I can do this with help"), ("not-yet", "Not yet")]
    assert {label.input["name"] for label in item.select("label")} == {"cg-sa-a1-c1-lo1"}  # one radio group


def test_an_outcome_two_modules_address_is_rated_once_and_linked_from_the_later_module(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")
    hygiene = root / "content/modules/hygiene.md"
    hygiene.write_text(hygiene.read_text().replace("outcomes: [A2.C1.LO1]", "outcomes: [A1.C1.LO2, A2.C1.LO1]"))
    library = validate_project(root).library
    document = rendered(generate_language(library, "en"), COURSE)
    assert codes(document) == ["A1.C1.LO1", "A1.C1.LO2", "A2.C1.LO1"]
    later = document.select_one("h2#module-m02").find_next_sibling("p")
    assert [a["href"] for a in later.select("a")] == ["#a1-c1-lo2"]


def test_an_area_page_rates_its_outcomes_by_competence(library):
    document = rendered(generate_language(library, "es"), self_assessment_area_page("A1"))
    assert document.h1.get_text(strip=True).startswith("Autoevaluación: A1 El trabajo de cuidados")
    assert [h2["id"] for h2 in document.select("h2")] == ["a1-c1"]
    assert codes(document) == ["A1.C1.LO1", "A1.C1.LO2"]
    assert document.select_one("fieldset#a1-c1-lo2 legend").get_text(" ", strip=True) == \
        "A1.C1.LO2 Explicar los límites del puesto."
    assert document.select(".cg-notice--fallback") == []  # every statement is translated


def test_a_statement_not_translated_is_marked_with_its_language_and_the_page_says_so(library):
    document = rendered(generate_language(library, "ar"), COURSE)
    translated = document.select_one("fieldset#a1-c1-lo1 legend span:not(.cg-sa-code)")
    fallback = document.select_one("fieldset#a1-c1-lo2 legend span:not(.cg-sa-code)")
    assert translated.get("lang") is None and translated.get_text() == "وصف مهام مقدّمة الرعاية المنزلية."
    assert (fallback["lang"], fallback["dir"], fallback.get_text()) == ("en", "ltr", "Explain the limits of the role.")
    notice = document.select(".cg-notice--fallback")
    assert len(notice) == 1 and "الإنجليزية" in notice[0].get_text()
    # the course's title is English here too: marked in the heading and on the printed sheet
    assert document.h1.select_one('span[lang="en"][dir="ltr"]').get_text() == "Basic home care"
    assert document.select_one('.cg-sa-sheet-title span[lang="en"]').get_text() == "Basic home care"


def test_the_printed_sheet_has_the_learners_name_the_date_each_rating_and_the_trainers_lines(library):
    document = rendered(generate_language(library, "es"), COURSE)
    sheet = " ".join(part.get_text(" ", strip=True) for part in document.select(".cg-sa-sheet"))
    for words in ("Mi autoevaluación", "Nombre de la persona en formación", "Fecha", "Puedo hacerlo",
                  "Puedo hacerlo con ayuda", "Todavía no", "Sin valorar todavía", "Notas de la formadora"):
        assert words in sheet
    assert [group["data-cg-sa-group"] for group in document.select("[data-cg-sa-group]")] == \
        ["can", "help", "not-yet", "none"]
    tools = document.select_one("[data-cg-sa]")
    assert tools["data-cg-sa-root"] == "../../../"  # from self-assessment/courses/basic/ to the language's root
    assert "No se puede deshacer" in tools["data-cg-sa-confirm"]
    assert all(button.has_attr("hidden") for button in tools.select("button"))  # useless without the script


def test_statements_and_titles_are_escaped(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")
    area = root / "framework/areas/A1.yaml"
    area.write_text(area.read_text().replace(
        "statement: Describe the tasks of a home carer.",
        "statement: 'Describe <script>alert(1)</script> *tasks* [x](javascript:alert(1)) & more.'"))
    course = root / "content/courses/basic.md"
    course.write_text(course.read_text().replace("title: Basic home care", "title: 'Basic <b>home</b> *care*'"))
    library = validate_project(root).library
    files = generate_language(library, "en")
    document = rendered(files, COURSE)
    legend = document.select_one("fieldset#a1-c1-lo1 legend")
    assert legend.get_text(" ", strip=True) == \
        "A1.C1.LO1 Describe <script>alert(1)</script> *tasks* [x](javascript:alert(1)) & more."
    assert document.select("script, b, em, a[href^=javascript]") == []
    assert document.h1.get_text(strip=True) == "Self-assessment: Basic <b>home</b> *care*"
    assert document.select_one(".cg-sa-sheet-title").get_text(strip=True) == \
        "My self-assessment: Basic <b>home</b> *care*"


def test_pages_say_they_need_the_script_and_only_the_rating_pages_do(library):
    files = generate_language(library, "en")
    assert '"cg_self_assessment": true' in files.pages[COURSE]
    assert '"cg_self_assessment": true' in files.pages[self_assessment_area_page("A2")]
    assert "cg_self_assessment" not in files.pages[SELF_ASSESSMENT_INDEX]


def test_the_course_and_framework_pages_link_to_their_self_assessment_and_the_nav_lists_the_index(library):
    files = generate_language(library, "fr")
    assert "(../self-assessment/courses/basic.md)" in files.pages["courses/basic.md"]
    assert "(../self-assessment/index.md)" in files.pages["framework/index.md"]
    framework_section = next(entry for entry in files.nav if isinstance(entry, dict) and
                             "framework/index.md" in next(iter(entry.values())))
    assert SELF_ASSESSMENT_INDEX in next(iter(framework_section.values()))


def test_a_page_with_no_outcomes_says_so(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")
    course = root / "content/courses/basic.md"
    course.write_text(course.read_text().replace("modules: [M01, M02]", "modules: []"))
    library = validate_project(root).library
    document = rendered(generate_language(library, "en"), COURSE)
    assert codes(document) == []
    assert "There are no learning outcomes to rate here yet." in document.get_text()


def test_content_must_not_replace_a_self_assessment_page(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")
    page = root / "content/self-assessment/courses/basic.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Mine\n")
    found = [(d.code, d.path) for d in validate_project(root).diagnostics]
    assert ("CG112", "content/self-assessment/courses/basic.md") in found
