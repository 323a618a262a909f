"""The self-assessment pages in the browser: a learner rates outcomes, the ratings survive a reload and show on
every page that lists the outcome, the printed page is the summary by rating, "Clear my answers" asks
first; no accessibility violation, no sideways scroll on a phone, and without a script the outcomes are
still listed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_phone_browser import PHONE

COURSE = "self-assessment/courses/basic/"
#: Three outcomes of the fixture's course and the rating given to each.
RATED = {"A1.C1.LO1": "can", "A1.C1.LO2": "help", "A2.C1.LO1": "not-yet"}


def rate(tab, ratings: dict[str, str]) -> None:
    for code, value in ratings.items():
        tab.locator(f'[data-cg-sa-code="{code}"] input[value="{value}"]').check()


def ratings_shown(tab) -> dict[str, str]:
    return tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-cg-sa-code]')]
        .map(item => [item.dataset.cgSaCode, (item.querySelector('input:checked') || {}).value || null]))""")


def summary(tab) -> dict[str, list[str]]:
    """The printed summary's visible groups: rating -> the codes listed under it."""
    return tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-cg-sa-group]')]
        .filter(group => group.offsetParent !== null)
        .map(group => [group.dataset.cgSaGroup,
                       [...group.querySelectorAll('li .cg-sa-code')].map(code => code.textContent)]))""")


@pytest.mark.parametrize("lang", ["", "es/", "ar/"])
def test_ratings_survive_a_reload(page, server, lang):
    page.goto(server + lang + COURSE)
    rate(page, RATED)
    page.reload()
    assert ratings_shown(page) == RATED


def test_an_outcome_rated_on_a_course_page_has_that_rating_on_its_area_page(page, server):
    page.goto(server + "es/" + COURSE)
    rate(page, RATED)
    page.goto(server + "es/self-assessment/areas/a1/")
    assert ratings_shown(page) == {"A1.C1.LO1": "can", "A1.C1.LO2": "help"}
    page.goto(server + COURSE)  # another language's site keeps its own answers
    assert set(ratings_shown(page).values()) == {None}


@pytest.mark.parametrize("lang", ["", "ar/"])
def test_the_printed_page_is_the_summary_by_rating(page, server, lang):
    page.goto(server + lang + COURSE)
    rate(page, {"A1.C1.LO1": "can", "A2.C1.LO1": "not-yet"})
    page.emulate_media(media="print")
    assert summary(page) == {"can": ["A1.C1.LO1"], "not-yet": ["A2.C1.LO1"], "none": ["A1.C1.LO2"]}
    assert not page.locator("fieldset.cg-sa-item").first.is_visible()  # the sheet alone
    assert not page.locator("[data-cg-sa-print]").is_visible()
    assert page.locator(".cg-sa-sheet-title").is_visible()
    assert page.locator("[data-cg-sa-date]").inner_text().strip() != ""
    assert page.locator(".cg-sa-notes .cg-sa-line").count() == 4
    page.emulate_media(media="screen")
    assert page.locator("fieldset.cg-sa-item").first.is_visible()
    assert not page.locator(".cg-sa-sheet-title").is_visible()


def test_print_my_summary_prints(page, server):
    page.goto(server + COURSE)
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print my summary").click()
    assert page.evaluate("window.printed") is True


def test_clear_my_answers_asks_first(page, server):
    page.goto(server + COURSE)
    rate(page, RATED)
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Clear my answers").click()
    assert messages and "cannot be undone" in messages[0]
    assert ratings_shown(page) == RATED  # dismissed: nothing cleared
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my answers").click()
    assert set(ratings_shown(page).values()) == {None}
    assert page.get_by_role("status").inner_text() == "Your answers on this page were cleared."
    page.reload()
    assert set(ratings_shown(page).values()) == {None}


@pytest.mark.parametrize("path", [COURSE, "ar/" + COURSE, "es/self-assessment/areas/a1/", "ar/self-assessment/"])
def test_self_assessment_pages_have_no_accessibility_violations(page, server, path):
    page.goto(server + path)
    if page.locator("[data-cg-sa-code]").count():
        rate(page, {"A1.C1.LO1": "help"})
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["", "es/", "ar/"])
def test_a_self_assessment_page_does_not_scroll_sideways_on_a_phone(page, server, lang):
    page.set_viewport_size(PHONE)
    page.goto(server + lang + COURSE)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{lang}{COURSE} is {width[0]} px wide on a {width[1]} px screen"
    page.emulate_media(media="print")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the printed {lang}{COURSE} is {width[0]} px wide"


def test_only_a_rating_page_loads_the_script(page, server):
    page.goto(server + COURSE)
    page.wait_for_load_state("load")
    scripts = [url for url in page.requests if url.endswith(".js")]
    # besides the scripts of every learner page (coursegen.js, the offline copy's offline.js)
    assert sorted(scripts) == sorted([server + "assets/coursegen.js", server + "assets/offline.js",
                                      server + "assets/self-assessment.js"])


def test_without_a_script_the_outcomes_are_listed_and_print_with_empty_boxes(browser, server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(server + "es/" + COURSE)
        assert tab.locator("fieldset.cg-sa-item").count() == 3
        assert not tab.locator("[data-cg-sa-clear]").is_visible()  # it could do nothing
        tab.emulate_media(media="print")
        assert tab.locator("fieldset.cg-sa-item").count() == 3 and tab.locator("fieldset.cg-sa-item").first.is_visible()
        box = tab.locator("fieldset.cg-sa-item input").first
        assert box.evaluate("input => getComputedStyle(input).appearance") == "none"  # a box to tick by hand
        assert tab.locator(".cg-sa-field").first.is_visible()  # the learner's name line
        assert summary(tab) == {}  # no summary to fill without the script
    finally:
        context.close()
