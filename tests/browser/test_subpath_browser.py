"""The built site served under a sub-path (as GitHub project pages serve it), in a phone-sized browser: every
link, the language switcher and search stay inside the site, in the reader's language, and nothing fails."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from .conftest import QuietHandler

PREFIX = "/sub/path/"
PHONE = {"width": 360, "height": 740}


class SubPathHandler(QuietHandler):
    """Serves the site folder only below PREFIX: a link that climbs out of the site gets a 404."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return "/nonexistent-outside-the-site"
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="module")
def subpath_server(multilingual_build):
    handler = functools.partial(SubPathHandler, directory=str(multilingual_build[1]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def phone(browser, subpath_server):
    """A 360 px page that records every response; asserts at the end that none failed."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    failed: list[str] = []
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    yield tab
    context.close()
    assert failed == [], "requests that failed under the sub-path"


def links_of(tab) -> list[str]:
    return tab.locator("a[href]").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("path", ["", "modules/role/", "es/modules/hygiene/", "ar/framework/",
                                  "ar/framework/areas/a1/", "framework/coverage/a1/", "ar/404.html",
                                  "fr/404.html", "404.html"])
def test_every_link_stays_in_the_site_and_resolves(phone, subpath_server, path):
    phone.goto(subpath_server + path)
    targets = {url.split("#")[0] for url in links_of(phone) if urlsplit(url).scheme in ("http", "https")}
    assert targets and all(url.startswith(subpath_server) for url in targets), targets
    for url in sorted(targets):
        assert phone.request.get(url).status == 200, url


@pytest.mark.parametrize("path,lang", [("es/404.html", "ar"), ("ar/modules/role/", "fr"), ("", "es")])
def test_the_language_switcher_works_under_the_sub_path(phone, subpath_server, path, lang):
    phone.goto(subpath_server + path)
    href = phone.locator(f'a.md-select__link[hreflang="{lang}"]').evaluate("e => e.href")
    expected = path.replace("404.html", "").split("/", 1)[-1] if path.startswith(("es/", "ar/")) else path
    assert href == subpath_server + f"{lang}/" + expected
    phone.goto(href)
    assert phone.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("path,query,expected", [("es/404.html", "cuidadoras", "es/modules/role/"),
                                                 ("modules/role/", "carer", "modules/role/")])
def test_search_works_under_the_sub_path_from_any_page(phone, subpath_server, path, query, expected):
    phone.goto(subpath_server + path)
    phone.locator("[data-cg-search]").click()
    phone.locator("#cg-search .pagefind-ui__search-input").fill(query)
    phone.locator("#cg-search .pagefind-ui__result-link").first.wait_for(timeout=10000)
    results = phone.locator("#cg-search .pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    assert subpath_server + expected in results
    language = subpath_server + ("es/" if path.startswith("es/") else "")
    assert all(result.startswith(language) for result in results)


@pytest.mark.parametrize("path", ["ar/404.html", "ar/modules/hygiene/", "es/404.html"])
def test_404_and_fallback_pages_do_not_scroll_sideways_on_a_phone(phone, subpath_server, path):
    phone.goto(subpath_server + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
