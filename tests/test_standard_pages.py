"""The national standards on the site: a page per file of `framework/standards/`, with each unit, the
outcomes and modules that contribute to it and the units no outcome covers; a course page lists its units.

The fixture is the minimal site (standard ES-TEST) with a second standard, `tests/sites/standards/`
(AT-TEST, whose unit AT-2 no outcome covers), added as a fork would add it: one file, nothing else edited.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.project import validate_project

from .conftest import SITES, article, built_site, make_site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("standards"))
    shutil.copytree(SITES / "standards", root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(project, tmp_path_factory.mktemp("standards-site"))


def units_of(page: BeautifulSoup) -> dict[str, dict]:
    """Each unit heading's anchor -> the outcome codes and module titles listed under it."""
    units = {}
    for heading in page.find_all("h3"):
        outcomes, modules = [], []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            if sibling.name == "ul":
                outcomes += [a.get_text() for a in sibling.find_all("a")]
            elif sibling.name == "p" and sibling.find("a"):
                modules += [a.get_text() for a in sibling.find_all("a")]
        units[heading["id"]] = {"outcomes": outcomes, "modules": modules}
    return units


def test_a_fork_adds_a_standard_with_one_file(project: Path) -> None:
    validation = validate_project(project, strict_mode=True)
    assert validation.ok, validation.diagnostics


def test_each_standard_has_its_page_in_every_language(site: Path) -> None:
    for base in (site, site / "es"):
        pages = {p.parent.name for p in (base / "framework" / "standards").glob("*/index.html")}
        assert pages == {"es-test", "at-test"}


def test_standard_page_lists_each_unit_with_its_outcomes_and_modules(site: Path) -> None:
    spain = units_of(article(site, "framework/standards/es-test/index.html"))
    assert spain == {"uc0249-2": {"outcomes": ["A2.C1.LO1"], "modules": ["Hygiene and dignity"]},
                     "uc0250-2": {"outcomes": ["A1.C1.LO2"], "modules": ["The role of the carer"]}}
    austria = units_of(article(site, "framework/standards/at-test/index.html"))
    assert austria["at-1"] == {"outcomes": ["A2.C1.LO1"], "modules": ["Hygiene and dignity"]}
    assert austria["at-2"] == {"outcomes": [], "modules": []}


def test_standard_page_names_the_units_no_outcome_covers(site: Path) -> None:
    page = article(site, "framework/standards/at-test/index.html")
    heading = page.find("h2", id="units-no-outcome-covers")
    uncovered = heading.find_next_sibling("ul")
    assert [(a.get_text(), a["href"]) for a in uncovered.find_all("a")] == [("AT-2 Documentation", "#at-2")]
    spain = article(site, "framework/standards/es-test/index.html")
    assert "Every unit is covered" in spain.find("h2", id="units-no-outcome-covers").find_next_sibling("p").text


def test_standard_page_shows_country_in_the_page_language_and_escapes_its_text(site: Path) -> None:
    english = article(site, "framework/standards/at-test/index.html")
    assert "Austria" in english.text
    assert "<em>with markup</em>" in english.find("h1").text
    assert not [em for em in english.find_all("em") if "markup" in em.text]
    assert english.find("a", href="https://www.ris.bka.gv.at/") is not None
    spanish = article(site, "es/framework/standards/at-test/index.html")
    assert "País:" in spanish.text and "Austria" in spanish.text


def test_course_page_lists_the_units_it_contributes_to(site: Path) -> None:
    page = article(site, "courses/basic/index.html")
    heading = page.find("h2", id="national-standard-units-this-course-contributes-to")
    links = [(a.get_text(), a["href"]) for a in heading.find_next_sibling("ul").find_all("a")]
    assert ("AT-1 Household and basic care", "../../framework/standards/at-test/#at-1") in links
    assert ("UC0249_2 Physical care at home", "../../framework/standards/es-test/#uc0249-2") in links
    assert not any(text.startswith("AT-2") for text, _ in links)


def test_standard_pages_are_in_the_framework_section_of_the_navigation(site: Path) -> None:
    # the section is expanded on its own pages (elsewhere it is one link: navigation.prune)
    page = BeautifulSoup((site / "framework/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for nav in page.find_all("nav") for a in nav.find_all("a", href=True)]
    assert "standards/at-test/" in hrefs and "standards/es-test/" in hrefs


def test_content_must_not_replace_a_standard_page(project: Path, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    shutil.copytree(SITES / "standards", root, dirs_exist_ok=True)
    page = root / "content" / "framework" / "standards" / "at-test.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Mine\n")
    codes = [(d.code, d.path) for d in validate_project(root).diagnostics if d.code == "CG112"]
    assert codes == [("CG112", "content/framework/standards/at-test.md")]


def test_content_may_link_to_a_standard_page(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    shutil.copytree(SITES / "standards", root, dirs_exist_ok=True)
    index = root / "content" / "index.md"
    index.write_text(index.read_text() + "\n[Austria](framework/standards/at-test.md#at-1)\n")
    assert [d for d in validate_project(root).diagnostics if d.code.startswith("CG4")] == []
