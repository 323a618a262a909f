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


# --- a standard's own names carry their language -------------------------------------------------------

SPANISH_STANDARD = """\
id: ES-NAMES
country: ES
title: Certificado de prueba
language: es
note: How the mapping was made.
units:
  - code: UC9001_2
    title: Atención física en el domicilio
    outcomes: [A2.C1.LO1, A1.C1.LO1]
  - code: UC9002_2
    title: Hauswirtschaftliche Aufgaben
    language: de
    outcomes: []
"""


@pytest.fixture(scope="module")
def languages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual fixture (en, es, fr, ar) with a standard whose names are Spanish, one unit's German."""
    root = make_site(tmp_path_factory.mktemp("standard-names"), "multilingual")
    (root / "framework" / "standards" / "ES-NAMES.yaml").write_text(SPANISH_STANDARD, encoding="utf-8")
    return built_site(root, tmp_path_factory.mktemp("standard-names-site"))


def marks(element) -> tuple[str | None, str | None]:
    return element.get("lang"), element.get("dir")


def test_a_standards_names_are_marked_with_their_language_on_a_page_in_another(languages_site: Path) -> None:
    """On the Arabic page the Spanish title and unit titles (and a unit's German one) carry their language and
    direction, so a screen reader reads them in their own voice and the right-to-left page isolates them; the
    note, the project's English text, is marked English."""
    page = article(languages_site, "ar/framework/standards/es-names/index.html")
    title = page.find("h1").find("span", lang=True)
    assert (title.get_text(), *marks(title)) == ("Certificado de prueba", "es", "ltr")
    units = {heading["id"]: heading.find("span", lang=True) for heading in page.find_all("h3")}
    spanish = units["uc9001-2"]
    assert (spanish.get_text(), *marks(spanish)) == ("Atención física en el domicilio", "es", "ltr")
    assert marks(units["uc9002-2"]) == ("de", "ltr")
    uncovered = page.find_all("h2")[-1].find_next_sibling("ul").find("span", lang=True)  # the units no outcome covers
    assert marks(uncovered) == ("de", "ltr")
    note = page.find(string=lambda s: "How the mapping was made" in s).find_parent(attrs={"lang": True})
    assert marks(note) == ("en", "ltr")
    frame = BeautifulSoup((languages_site / "ar/framework/standards/es-names/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert marks(frame.select_one("[data-md-component=header-topic] .md-ellipsis")) == ("es", "ltr")


def test_a_standards_names_are_not_marked_on_a_page_in_their_own_language(languages_site: Path) -> None:
    spanish = article(languages_site, "es/framework/standards/es-names/index.html")
    assert spanish.find("h1").find("span", lang=True) is None
    assert spanish.find("h3", id="uc9002-2").find("span", lang=True).get("lang") == "de"
    note = spanish.find(string=lambda s: "How the mapping was made" in s).find_parent(attrs={"lang": True})
    assert marks(note) == ("en", "ltr")
    english = article(languages_site, "framework/standards/es-names/index.html")
    assert marks(english.find("h1").find("span", lang=True)) == ("es", "ltr")
    english_note = english.find(string=lambda s: "How the mapping was made" in s)
    assert english_note.find_parent(attrs={"lang": True}).name == "html"  # only the page's own language


def test_a_course_lists_its_units_marked_and_as_its_language_lists(languages_site: Path) -> None:
    page = article(languages_site, "ar/courses/basic/index.html")
    item = next(li for li in page.find_all("li") if "Certificado de prueba" in li.get_text())
    assert marks(item.find("a").find("span", lang=True)) == ("es", "ltr")
    unit = next(a for a in item.find_all("a") if "UC9001_2" in a.get_text())
    assert marks(unit.find("span", lang=True)) == ("es", "ltr")
    # "taught in" lists the unit's two modules as Arabic lists them: "A وB", not "A, B"
    unit_block = article(languages_site, "ar/framework/standards/es-names/index.html").find("h3", id="uc9001-2")
    taught = unit_block.find_next_sibling("p", string=None)
    while taught is not None and len(taught.find_all("a")) < 2:
        taught = taught.find_next_sibling("p")
    assert taught is not None and len(taught.find_all("a")) == 2
    between = taught.find_all("a")[0].next_sibling
    assert str(between).strip() == "و" and ", " not in taught.get_text()
