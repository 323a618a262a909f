"""Browser fixtures: the multilingual fixture site served on 127.0.0.1, and Debian's Chromium, headless.

Skipped only when /usr/bin/chromium is absent (CI installs it).
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}", allow_module_level=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="session")
def server(multilingual_build):
    """The built site over HTTP on a free local port; yields the base URL."""
    site = multilingual_build[1]
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request, and asserts at the end that all went to the local server
    and none failed (a request that cannot succeed still costs a reader on a slow line a round trip)."""
    # Without the offline worker (assets/offline.js), which would otherwise take over the page at a moment of
    # its own choosing and answer requests that a test routes or counts; test_offline_browser.py allows it.
    context = browser.new_context(service_workers="block")
    tab = context.new_page()
    tab.requests = []
    failed = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    yield tab
    context.close()
    assert failed == [], "requests that failed"
    local = urlsplit(server).netloc
    foreign = [url for url in tab.requests if urlsplit(url).scheme in ("http", "https")
               and urlsplit(url).netloc != local]
    assert foreign == [], "requests to other origins"
