"""The site as a learner reads it on a 360 px phone: nothing scrolls sideways, course pages name modules by
their titles, module pages have a table of contents and previous/next links, search results read cleanly."""

from __future__ import annotations

import re

import pytest

from .test_site_browser import search

PHONE = {"width": 360, "height": 640}
#: A module id as a learner would see it, bare: "M01".
MODULE_ID = re.compile(r"\bM\d{2}\b")


@pytest.fixture
def phone(page):
    """The test page at a phone's viewport."""
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("lang", ["", "es/", "ar/"])
@pytest.mark.parametrize("path", [
    "",  # home
    "modules/",  # module index
    "modules/role/",  # module
    "courses/basic/",  # course
    "framework/",  # the framework's overview
    "framework/areas/a1/",  # outcomes
    "framework/areas/a2/",  # outcomes (in ar: English fallback statements and criteria)
    "framework/coverage/",  # the coverage matrix's overview
    "framework/coverage/a1/",  # an area's coverage matrix
    "glossary/",
])
def test_page_does_not_scroll_sideways_on_a_phone(phone, server, lang, path):
    phone.goto(server + lang + path)
    width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{lang}{path} is {width[0]} px wide on a {width[1]} px screen"


@pytest.mark.parametrize("path", ["ar/guide/", "ar/modules/hygiene/", "ar/trainer/modules/hygiene/"])
def test_arabic_page_that_falls_back_to_english_does_not_scroll_sideways(phone, server, path):
    """English text in a right-to-left page (its own `lang` and `dir`) stays inside the screen, by the
    document's own width, which leaves out a scrollbar's (1-2 px too many was reported on such pages)."""
    phone.goto(server + path)
    assert phone.locator(".cg-notice--fallback").count() == 1  # the page really is the English fallback
    width = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{path} is {width[0]} px wide on a {width[1]} px screen"


@pytest.mark.parametrize("lang", ["", "es/", "ar/"])
def test_course_page_shows_module_titles_not_bare_ids(phone, server, lang):
    phone.goto(server + lang + "courses/basic/")
    text = phone.locator("article").inner_text()
    assert MODULE_ID.findall(text) == []
    rows = phone.locator("article table").first.locator("tbody tr")
    first_title = rows.nth(0).locator("td").nth(1).inner_text().strip()
    assert rows.nth(1).locator("td").nth(3).inner_text().strip() == first_title  # M02's prerequisite: M01
    assert phone.locator("figure.cg-diagram svg text").first.text_content().startswith("1. " + first_title[:8])


def test_course_diagram_boxes_carry_the_row_numbers_of_the_sequence_table(phone, server):
    phone.goto(server + "courses/basic/")
    labels = phone.locator("figure.cg-diagram svg text").all_text_contents()
    assert [label.split(".")[0] for label in labels] == ["1", "2"]


def test_an_english_title_in_an_arabic_course_diagram_reads_left_to_right(phone, server):
    """M02 has no Arabic translation: its box in the Arabic course's diagram shows its English title, which
    must read "2. Hygiene and" from left to right (drawn right to left it read "Hygiene and .2")."""
    phone.goto(server + "ar/courses/basic/")
    box = phone.locator("figure.cg-diagram svg g.cg-node").nth(1)
    assert box.get_attribute("lang") == "en"
    first_line = box.locator("tspan").first
    assert first_line.text_content().startswith("2. Hygiene")
    # where the browser draws the number and the title's first letter
    number, letter = first_line.evaluate("t => [t.getStartPositionOfChar(0).x, t.getStartPositionOfChar(3).x]")
    assert number < letter
    assert phone.locator("figure.cg-diagram svg g.cg-node").first.get_attribute("lang") is None  # translated


def test_module_page_has_a_working_table_of_contents_on_a_phone(phone, server):
    phone.goto(server + "modules/role/")
    assert phone.evaluate("window.scrollY") == 0
    phone.locator('label.md-header__button[for="__drawer"]').click()
    opener = phone.locator('.md-nav--primary label.md-nav__link[for="__toc"]')
    opener.click()
    link = phone.locator('.md-nav--primary .md-nav--secondary a[href="#assessment"]')
    link.click()
    phone.wait_for_url("**/modules/role/#assessment")
    heading = phone.locator("#assessment").bounding_box()
    assert phone.evaluate("window.scrollY") > 0 and 0 <= heading["y"] < PHONE["height"]


# an area's page holds the framework's headings now (the overview has its title only, so no table of contents)
@pytest.mark.parametrize("path", ["modules/role/", "modules/hygiene/", "trainer/modules/role/", "framework/areas/a1/"])
def test_every_toc_label_has_its_toggle(phone, server, path):
    """A label over a table of contents toggles something (the Nu checker's error on 132 pages)."""
    phone.goto(server + path)
    labels = phone.locator('label[for="__toc"]').count()
    assert phone.locator("input#__toc").count() == (1 if labels else 0)
    if path == "modules/role/":
        assert labels >= 1


@pytest.mark.parametrize("path,previous,following", [
    ("modules/role/", None, "modules/hygiene/"),  # the course "basic" lists M01, then M02
    ("modules/hygiene/", "modules/role/", None),
    ("es/modules/hygiene/", "es/modules/role/", None),
])
def test_module_page_links_to_the_previous_and_next_module_in_course_order(phone, server, path, previous,
                                                                           following):
    phone.goto(server + path)

    def target(kind: str) -> str | None:
        link = phone.locator(f".md-footer__link--{kind}")
        return link.evaluate("a => a.href") if link.count() else None

    assert target("prev") == (server + previous if previous else None)
    assert target("next") == (server + following if following else None)
    if following:
        phone.locator(".md-footer__link--next").click()
        phone.wait_for_url(server + following)


@pytest.mark.parametrize("path,query", [("", "carer"), ("es/", "cuidadora")])
def test_search_results_do_not_end_in_a_pilcrow(phone, server, path, query):
    search(phone, server, path, query)
    results = phone.locator("#cg-search .pagefind-ui__result").all_inner_texts()
    assert results and not [text for text in results if "¶" in text]


#: The frame's icons (site_overrides/.icons/material/*.svg), drawn by coursegen.css rather than inline SVG.
FRAME_ICONS = {
    "label[for=__drawer].md-header__button": "menu",
    ".md-nav__title .md-logo": "library",  # the drawer's (a phone's header shows no logo)
    ".md-select .md-header__button": "translate",
    ".cg-search-button": "magnify",
    ".md-footer__link--next .md-footer__button": "arrow-right",
}


@pytest.mark.parametrize("lang", ["", "ar/"])
def test_frame_icons_are_drawn_from_the_cached_stylesheet_not_inline_svg(phone, server, lang):
    phone.goto(server + lang + "modules/role/")
    outside_content = phone.evaluate(
        "() => [...document.querySelectorAll('svg')].filter(svg => !svg.closest('article')).length")
    assert outside_content == 0  # nothing in the frame repeats an inline <svg> on every page
    for container, name in FRAME_ICONS.items():
        icon = phone.locator(f"{container} .cg-icon--{name}")
        style = icon.evaluate("""icon => {
            const style = getComputedStyle(icon), box = icon.getBoundingClientRect();
            return {mask: style.maskImage || style.webkitMaskImage, paint: style.backgroundColor,
                    colour: style.color, width: box.width, height: box.height, transform: style.transform};
        }""")
        assert style["mask"].startswith('url("data:image/svg+xml'), (name, style)
        assert style["paint"] == style["colour"], name  # the icon takes its button's text colour
        assert style["width"] > 10 and style["height"] > 10, (name, style)  # drawn at Material's size
        if name.startswith("arrow-"):  # a right-to-left page points its arrows the other way, as Material does
            assert (style["transform"] != "none") == (lang == "ar/"), (name, style)
