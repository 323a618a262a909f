"""What a learner reads and finds their way by, as generated: titles instead of module ids, the diagram's
visible labels, one outcomes list, the reading order, translated section labels, the site's short name and
descriptions; and in the built site, permalinks titled in the page's language and kept out of search."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.loader import load
from coursegen.pages import generate_language
from coursegen.pages.course import label_lines
from coursegen.pages.localizer import Localizer
from coursegen.pages.module_card import lists_outcomes
from coursegen.pages.reading_order import module_neighbours, module_order

from .conftest import SITES, make_site

SHIPPED = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def library():
    return load(SITES / "multilingual")[0]


@pytest.fixture(scope="module")
def shipped():
    return load(SHIPPED)[0]


def test_course_sequence_names_prerequisites_by_title(library):
    page = generate_language(library, "en").pages["courses/basic.md"]
    row = next(line for line in page.splitlines() if line.startswith("| 2 |"))
    assert row.endswith("| [The role of the carer](../modules/role.md) |")
    assert not re.search(r"\bM0\d\b", page.split("## ", 1)[1])


def test_diagram_boxes_show_row_number_and_title(library):
    files = generate_language(library, "en")
    svg = files.fill_html("courses/basic.md", files.pages["courses/basic.md"])
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    assert [re.sub(r"<[^>]+>", " ", t).split() for t in texts] == [
        ["1.", "The", "role", "of", "the", "carer"], ["2.", "Hygiene", "and", "dignity"]]


@pytest.mark.parametrize("text,lines", [
    ("1. Hygiene", ["1. Hygiene"]),
    ("3. Communicating with older people and their families", ["3. Communicating", "with older people…"]),
    ("12. Pflegedokumentationsanforderungen", ["12.", "Pflegedokumentatio…"]),
])
def test_label_lines_wrap_and_cut_long_titles(text, lines):
    assert label_lines(text) == lines


def test_module_card_leaves_out_outcomes_the_text_lists_first():
    codes = ["A1.C1.LO1", "A1.C1.LO2"]
    listed = "# T\n\nYou will learn to:\n\n- [](outcome:A1.C1.LO2)\n- [](outcome:A1.C1.LO1)\n\n## One\n"
    assert lists_outcomes(listed, codes)
    assert not lists_outcomes("# T\n\n- [](outcome:A1.C1.LO1)\n\n## One\n\n[](outcome:A1.C1.LO2)\n", codes)
    assert not lists_outcomes("# T\n\n```\n[](outcome:A1.C1.LO1) [](outcome:A1.C1.LO2)\n```\n", codes)


def test_every_shipped_module_page_lists_its_outcomes_once(shipped):
    files = generate_language(shipped, "es")
    for page in shipped.modules.values():
        html = files.fill_html(page.rel, files.pages[page.rel])
        card = re.search(r'<div class="cg-card".*?</div>', html, re.S).group(0)
        assert "outcome" not in card.replace("outcomes", ""), page.rel
        text = re.sub(r'<p class="cg-quiz-outcome">.*?</p>', "", html, flags=re.S)  # a quiz names what it checks
        for code in page.meta.outcomes:
            assert text.count(f"#{code.lower().replace('.', '-')})") == 1, (page.rel, code)


def test_reading_order_follows_the_courses_then_the_rest_by_id(shipped):
    order = module_order(shipped)
    assert sorted(order) == sorted(shipped.modules) and len(set(order)) == len(order)
    first_course = shipped.courses[sorted(shipped.courses)[0]]
    assert order[:len(first_course.meta.modules)] == list(first_course.meta.modules)


def test_previous_and_next_lead_back_and_forth(shipped):
    neighbours = module_neighbours(shipped)
    for rel, (previous, following) in neighbours.items():
        if following:
            assert neighbours[following][0] == rel
        if previous:
            assert neighbours[previous][1] == rel
    assert neighbours["trainer/" + learner_first(shipped)] == (None, "trainer/" + neighbours[learner_first(shipped)][1])
    learner = [rel for rel in neighbours if not rel.startswith("trainer/")]
    assert [neighbours[rel][1] for rel in learner].count(None) == 1


def learner_first(library) -> str:
    return library.modules[module_order(library)[0]].rel


def test_nav_section_labels_take_the_site_words_of_the_readers_language(tmp_path):
    root = make_site(tmp_path, "multilingual")
    strings = root / "site_overrides" / "coursegen" / "strings"
    strings.mkdir(parents=True)
    (strings / "es.yaml").write_text('section_guide: "Guía para organizaciones"\n', encoding="utf-8")
    library = load(root)[0]
    sections = lambda lang: [next(iter(e)) for e in generate_language(library, lang).nav if isinstance(e, dict)]
    assert "Guía para organizaciones" in sections("es")
    assert "Guide for organisations" in sections("en") and "Guide for organisations" in sections("fr")


def test_shipped_sections_are_translated_in_every_language(shipped):
    english = {next(iter(e)) for e in generate_language(shipped, "en").nav if isinstance(e, dict)}
    for lang in ("es", "fr", "ar", "de"):
        labels = {next(iter(e)) for e in generate_language(shipped, lang).nav if isinstance(e, dict)}
        assert not labels & english, lang


def test_site_name_is_short(shipped, library):
    assert Localizer(shipped, "ar").site_name() == "CareComp"
    assert Localizer(library, "en").site_name() == "mini"  # "Multilingual care framework" is too long
    description = Localizer(shipped, "es").site_description()
    assert 50 < len(description) <= 160 and "\n" not in description


def test_module_page_has_its_summary_as_description(library):
    page = generate_language(library, "es").pages["modules/role.md"]
    meta = json.loads(page.split("\n")[1])
    assert meta["description"]


# --- the built fixture site ------------------------------------------------------------------------


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("rel,title", [
    ("modules/role/index.html", "Permanent link"),
    ("es/modules/role/index.html", "Enlace permanente"),
    ("fr/glossary/index.html", "Lien permanent"),
    ("ar/modules/role/index.html", "رابط دائم"),
    # the framework page's outcome headings come from a coursegen template, not from the Markdown renderer
    ("framework/areas/a1/index.html", "Permanent link"),
    ("es/framework/areas/a1/index.html", "Enlace permanente"),
    ("ar/framework/areas/a2/index.html", "رابط دائم"),
])
def test_permalinks_are_titled_in_the_pages_language(multilingual_build, rel, title):
    links = soup(multilingual_build[1], rel).select("a.headerlink")
    assert links and {link["title"] for link in links} == {title}


def test_header_and_title_use_the_short_name_and_pages_have_a_description(multilingual_build):
    document = soup(multilingual_build[1], "es/framework/coverage/index.html")
    # the Spanish title is short enough for a phone's header (the English one is not: the id, "mini")
    assert document.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == "Marco mínimo de cuidados"
    assert document.title.get_text().endswith(" - Marco mínimo de cuidados")
    assert document.find("meta", attrs={"name": "description"})["content"]


def test_the_drawer_is_titled_with_the_short_name_as_the_header_is(multilingual_build):
    for rel in ("framework/coverage/index.html", "es/framework/coverage/index.html"):
        document = soup(multilingual_build[1], rel)
        header = document.select_one(".md-header__topic .md-ellipsis").get_text(strip=True)
        assert document.select_one("label.md-nav__title[for='__drawer']").get_text(strip=True) == header


def test_search_index_has_no_pilcrow(multilingual_build):
    fragments = list((multilingual_build[1] / "pagefind" / "fragment").iterdir())
    assert fragments
    texts = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in fragments]
    assert not [text for text in texts if "¶" in text]
