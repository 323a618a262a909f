"""Print: the article alone, on a phone-sized and on a desktop viewport, for a module and the guideline book.

The site is the multilingual fixture with the guideline chapters of tests/sites/guideline/, built once for
this module and served on 127.0.0.1.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from ..conftest import SITES, make_site
from .conftest import QuietHandler

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PAGES = ["modules/role/", "guideline/book/", "es/guideline/book/", "ar/guideline/book/",
         "trainer/modules/role/"]
#: What a printed page must not show: navigation, header, search, footer, language switcher.
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".cg-search-button",
          ".md-select"]


@pytest.fixture(scope="module")
def book_server(tmp_path_factory: pytest.TempPathFactory):
    from coursegen.site import build_site

    base = tmp_path_factory.mktemp("print")
    root = make_site(base, "multilingual")
    shutil.copytree(SITES / "guideline", root, dirs_exist_ok=True)
    result = build_site(root, base / "site")
    assert result.ok, result.errors
    handler = functools.partial(QuietHandler, directory=str(base / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_print_shows_the_article_and_no_navigation(browser, book_server, path: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    try:
        assert tab.goto(book_server + path).status == 200
        tab.emulate_media(media="print")
        shown = tab.evaluate("""(selectors) => selectors.filter(s => [...document.querySelectorAll(s)]
            .some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0))""", CHROME)
        assert shown == []
        article = tab.locator("article.md-content__inner")
        assert article.is_visible()
        assert tab.evaluate("getComputedStyle(document.querySelector('article')).color") == "rgb(0, 0, 0)"
    finally:
        context.close()


def test_print_shows_where_external_links_go_and_breaks_before_chapters(browser, book_server) -> None:
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(book_server + "guideline/book/")
        tab.emulate_media(media="print")
        after = tab.evaluate("""getComputedStyle(document.querySelector('article a[href^="http"]'), '::after')
                                .content""")
        assert "europa.eu" in after
        breaks = tab.evaluate("""[...document.querySelectorAll('.cg-chapter')]
                                 .map(e => getComputedStyle(e).breakBefore)""")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
        assert tab.locator(".cg-notice").count() == 0  # English: no fallback
        tab.goto(book_server + "ar/guideline/book/")
        notice = tab.locator(".cg-notice--fallback").first
        assert notice.is_visible()
    finally:
        context.close()


def test_trainer_boxes_stay_visible_in_print(browser, book_server) -> None:
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(book_server + "trainer/modules/role/")
        tab.emulate_media(media="print")
        assert tab.locator(".cg-trainer").first.is_visible()
        assert tab.locator(".cg-notice--trainer").first.is_visible()
    finally:
        context.close()
