"""The Content-Security-Policy in a real browser: the site's own pages break no rule, search still works,
and a script that got into a page's content anyway (a sanitiser bypass, simulated) is blocked."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from .conftest import QuietHandler

#: Records every CSP violation the page reports, from before the page's first script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def watch(page) -> list[str]:
    """Start recording CSP violations and console complaints about the policy on `page`."""
    complaints: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: complaints.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    return complaints


def violations(page, complaints: list[str]) -> list[str]:
    return page.evaluate("window.__cspViolations") + complaints


@pytest.mark.parametrize("path", [
    "",  # home
    "modules/role/",  # module
    "courses/basic/",  # course, with the prerequisite diagram
    "framework/",
    "framework/areas/a1/",
    "framework/coverage/a1/",
    "glossary/",
    "trainer/modules/role/",  # trainer edition
    "404.html",
    "ar/modules/role/",  # right to left
])
def test_pages_break_no_rule_of_their_policy(page, server, path):
    complaints = watch(page)
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator('head meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert violations(page, complaints) == []


def search_under_policy(page, server) -> list[str]:
    """Search on the Spanish home page; the CSP violations and complaints seen meanwhile."""
    complaints = watch(page)
    page.goto(server + "es/")
    page.locator("[data-cg-search]").click()
    page.locator("#cg-search .pagefind-ui__search-input").fill("cuidadora")
    page.locator("#cg-search .pagefind-ui__result-link").first.wait_for(timeout=10000)
    assert page.locator("#cg-search .pagefind-ui__result-link").count() > 0
    page.wait_for_load_state("networkidle")
    return violations(page, complaints)


def test_search_works_under_the_policy(page, server):
    assert search_under_policy(page, server) == []


def test_search_works_under_the_policy_without_its_worker(page, server):
    """Where Pagefind cannot start its web worker (a site opened from disk), it compiles its WebAssembly in
    the page itself: the policy's 'wasm-unsafe-eval' is for this."""
    page.route("**/pagefind-worker.js", lambda route: route.abort())
    assert search_under_policy(page, server) == []


@pytest.fixture
def tampered_site(multilingual_build, tmp_path):
    """A copy of the built site where a module page's content holds an inline script, served on its own port."""
    site = tmp_path / "site"
    shutil.copytree(multilingual_build[1], site)
    module = site / "modules" / "role" / "index.html"
    html = module.read_text(encoding="utf-8")
    marker = html.index("<h1")
    module.write_text(html[:marker] + "<script>document.title = 'pwned';</script>" + html[marker:],
                      encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_script_smuggled_into_the_content_is_blocked_and_reported(browser, tampered_site):
    context = browser.new_context()
    page = context.new_page()
    complaints = watch(page)
    page.goto(tampered_site + "modules/role/")
    page.wait_for_load_state("networkidle")
    assert page.title() != "pwned"
    assert any(found.startswith("script-src") for found in page.evaluate("window.__cspViolations"))
    assert complaints, "the browser says in its console why it refused the script"
    context.close()
