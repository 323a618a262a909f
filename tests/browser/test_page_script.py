"""coursegen.js, which replaces Material's script bundle on every page: what a reader would miss without it
works (the drawer closes on a link into the page and with Escape, navigation labels answer the keyboard, the
back-to-top button), and it is the only script a page loads before the reader opens search."""

from __future__ import annotations

import pytest

from .test_phone_browser import PHONE


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def drawer_open(tab) -> bool:
    return tab.evaluate("document.getElementById('__drawer').checked")


@pytest.mark.parametrize("lang", ["", "ar/"])
def test_a_table_of_contents_link_in_the_drawer_closes_it(phone, server, lang):
    phone.goto(server + lang + "modules/role/")
    phone.locator('label.md-header__button[for="__drawer"]').click()
    assert drawer_open(phone)
    phone.locator('.md-nav--primary label.md-nav__link[for="__toc"]').click()
    link = phone.locator(".md-nav--primary .md-nav--secondary a").last
    target = link.get_attribute("href")
    link.click()
    phone.wait_for_function("hash => decodeURIComponent(location.hash) === hash", arg=target)
    assert not drawer_open(phone)
    heading = phone.locator(target).bounding_box()
    assert 0 <= heading["y"] < PHONE["height"]
    # the drawer slides off the screen (on the left, or on the right in Arabic)
    phone.wait_for_function("""() => {
        const box = document.querySelector(".md-sidebar--primary").getBoundingClientRect();
        return box.right <= 0 || box.left >= window.innerWidth;
    }""")


def test_escape_closes_the_drawer(phone, server):
    phone.goto(server + "modules/role/")
    phone.locator('label.md-header__button[for="__drawer"]').click()
    assert drawer_open(phone)
    phone.keyboard.press("Escape")
    assert not drawer_open(phone)


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_navigation_label_opens_with_the_keyboard(phone, server, key):
    phone.goto(server + "modules/role/")
    label = phone.locator('.md-nav--primary label.md-nav__link[for="__toc"]')
    phone.locator('label.md-header__button[for="__drawer"]').click()
    label.focus()
    phone.keyboard.press(key)
    assert phone.evaluate("document.getElementById('__toc').checked")
    phone.keyboard.press(key)
    assert not phone.evaluate("document.getElementById('__toc').checked")


def test_back_to_top_shows_while_scrolling_up_and_goes_to_the_top(phone, server):
    phone.set_viewport_size({"width": PHONE["width"], "height": 300})  # a short screen: the page is 3 or more
    phone.goto(server + "modules/role/")
    button = phone.locator("[data-md-component=top]")
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.wait_for_function("() => window.scrollY > window.innerHeight * 1.5")
    phone.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # scrolled
    assert button.evaluate("b => b.hidden")  # scrolling down: out of the way (Material's style fades it out)
    phone.evaluate("window.scrollBy(0, -100)")
    phone.wait_for_function("() => !document.querySelector('[data-md-component=top]').hidden")
    button.click()
    phone.wait_for_function("() => window.scrollY === 0")
    assert button.evaluate("b => b.hidden")


@pytest.mark.parametrize("path", ["modules/role/", "es/modules/role/", "ar/", "ar/404.html"])
def test_a_page_loads_only_coursegen_js_until_search_is_opened(phone, server, path):
    phone.goto(server + path)
    phone.wait_for_load_state("load")
    scripts = [url for url in phone.requests if url.endswith(".js")]
    expected = [server + "assets/coursegen.js"]  # one shared copy, for every language
    if phone.locator(".cg-quiz").count():  # a page with a self-check quiz loads its script too, shared as well
        expected.append(server + "assets/quiz.js")
    assert scripts == expected
