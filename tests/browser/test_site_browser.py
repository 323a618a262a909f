"""The built site in a real browser: navigation, language switching, search, notices, accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe


def test_outcome_link_on_a_module_leads_to_the_outcome_anchor(page, server):
    page.goto(server + "modules/role/")
    page.locator("article .cg-card a", has_text="A1.C1.LO1").click()
    page.wait_for_url("**/framework/areas/a1/#a1-c1-lo1")  # the outcome's area's page
    assert page.locator("#a1-c1-lo1").is_visible()


def test_language_switcher_stays_on_the_same_page(page, server):
    page.goto(server + "es/modules/hygiene/")
    page.locator(".md-select").hover()
    page.locator('a.md-select__link[hreflang="fr"]').click()
    page.wait_for_url(server + "fr/modules/hygiene/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_fallback_notice_is_visible_in_the_readers_language(page, server):
    page.goto(server + "es/modules/hygiene/")
    notice = page.locator(".cg-notice--fallback")
    assert notice.is_visible() and "no está traducida" in notice.inner_text()


def test_right_to_left_page_reads_right_to_left_with_left_to_right_fallback_text(page, server):
    page.goto(server + "ar/modules/hygiene/")
    direction = "el => getComputedStyle(el).direction"
    assert page.locator("html").evaluate(direction) == "rtl"
    assert page.locator(".cg-notice--fallback").evaluate(direction) == "rtl"
    assert page.locator('article [lang="en"]').first.evaluate(direction) == "ltr"
    title = page.locator(".md-header__title").bounding_box()
    logo = page.locator(".md-header__button.md-logo").bounding_box()
    assert logo["x"] > title["x"], "the header starts on the right"


def test_term_definition_shows_on_keyboard_focus(page, server):
    page.goto(server + "modules/role/")
    page.locator(".cg-term > a").first.focus()
    assert page.locator(".cg-tip").first.is_visible()


def search(page, server, path: str, query: str) -> list[str]:
    """Open the search dialog on `path`, type `query`, and return the result links."""
    page.goto(server + path)
    assert not [url for url in page.requests if "pagefind" in url], "search loaded before it was opened"
    page.locator("[data-cg-search]").click()
    field = page.locator("#cg-search .pagefind-ui__search-input")
    field.fill(query)
    page.locator("#cg-search .pagefind-ui__result-link").first.wait_for(timeout=10000)
    return page.locator("#cg-search .pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("path,query,expected", [
    ("es/", "cuidadoras", "es/modules/role/"),  # the page says only "cuidadora": stemming
    ("fr/", "formateurs", "fr/modules/role/"),  # the page says only "formateur"
    ("", "carer", "modules/role/"),
])
def test_search_finds_stemmed_words_in_the_readers_language(page, server, path, query, expected):
    links = search(page, server, path, query)
    assert server + expected in links
    lang_prefix = server + path
    assert all(link.startswith(lang_prefix) for link in links)


@pytest.mark.parametrize("path", [
    "",  # home
    "modules/role/",  # module
    "framework/",  # the framework's overview
    "framework/areas/a1/",  # outcomes
    "framework/coverage/",  # the coverage matrix's overview
    "framework/coverage/a1/",  # an area's coverage matrix
    "ar/framework/areas/a2/",  # outcomes right to left, English fallback text
    "modules/",  # module index
    "glossary/",
    "courses/basic/",  # course
    "es/modules/hygiene/",  # fallback
    "ar/modules/role/",  # right to left
    "ar/modules/hygiene/",  # right-to-left fallback
])
def test_pages_have_no_accessibility_violations(page, server, path):
    page.goto(server + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_search_dialog_has_no_accessibility_violations(page, server):
    search(page, server, "es/", "cuidadora")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
