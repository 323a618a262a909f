"""Country overlays: a course swaps a country-specific module for another country's equivalent
(`replace: {M01: M01-AT}` in its front matter), and the site marks country-specific modules with a badge
naming the country in the page's language. (The wrong replacements are the fixture broken/course-replace.)"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from coursegen.export import ExportRequest, run_export
from coursegen.project import validate_project

from .conftest import article, built_site, make_site

AUSTRIAN_MODULE = """---
id: M01-AT
title: The role of the carer in Austria
version: "1.0"
duration_hours: 5
outcomes: [A1.C1.LO1, A1.C1.LO2]
countries: [AT]
---

# The role of the carer in Austria

The Heimhilfe works under the guidance of health professionals.
"""

AUSTRIAN_COURSE = """---
id: austria
title: Basic home care in Austria
version: "1.0"
country: AT
target_hours: 9
modules: [M01, M02]
replace: {M01: M01-AT}
---

The basic course, with the Austrian module on the carer's role.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("overlay"))
    (root / "content" / "modules" / "role-at.md").write_text(AUSTRIAN_MODULE, encoding="utf-8")
    (root / "content" / "courses" / "austria.md").write_text(AUSTRIAN_COURSE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(project, tmp_path_factory.mktemp("overlay-site"))


def test_a_replacement_with_the_same_outcomes_validates(project: Path) -> None:
    validation = validate_project(project, strict_mode=True)
    assert validation.ok, validation.diagnostics
    library = validation.library
    course = library.courses["austria"]
    assert library.course_modules(course) == ["M01-AT", "M02"]
    assert library.course_hours(course) == 9  # M01-AT's 5 hours, not M01's 6: CG308 would say otherwise


def test_course_page_teaches_the_replacement_in_the_replaced_modules_place(site: Path) -> None:
    page = article(site, "courses/austria/index.html")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in page.find("tbody").find_all("tr")]
    assert rows[0][:3] == ["1", "The role of the carer in Austria (instead of M01)", "5 h"]
    assert rows[1][1] == "Hygiene and dignity" and rows[2][2] == "9 h"


def test_country_specific_module_has_a_badge_with_the_country_name_in_the_page_language(site: Path) -> None:
    english = article(site, "modules/role-at/index.html").select(".cg-card .cg-badge")
    assert [badge.text for badge in english] == ["For Austria"]
    spanish = article(site, "es/modules/role-at/index.html").select(".cg-card .cg-badge")
    assert [badge.text for badge in spanish] == ["Para Austria"]
    card = article(site, "modules/role-at/index.html").select_one(".cg-card")
    assert "Countries: Austria" in card.get_text(" ", strip=True).replace(" :", ":")


def test_module_index_marks_country_specific_modules_only(site: Path) -> None:
    rows = {row.find("td").text: row for row in article(site, "modules/index.html").find("tbody").find_all("tr")}
    assert [badge.text for badge in rows["M01-AT"].select(".cg-badge")] == ["For Austria"]
    assert rows["M01"].select(".cg-badge") == []


def test_course_export_packages_the_replacement_instead_of_the_replaced_module(project: Path) -> None:
    library = validate_project(project).library
    result = run_export(library, "scorm12", ExportRequest("course", "austria"))
    pages = {name for name in zipfile.ZipFile(io.BytesIO(result.data)).namelist() if name.startswith("pages/M")}
    assert pages == {"pages/M01-AT.html", "pages/M02.html"}
