"""Works offline once visited: a reader saves the course, goes offline, and still reads and searches it; a
page not saved shows the offline notice in the reader's language. Service workers are allowed here (the
other browser tests block them: see conftest.py)."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def reader(browser, server):
    """A phone-sized browser context with service workers; yields (context, page)."""
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    tab = context.new_page()
    yield context, tab
    context.close()


def ready(tab, server, path: str):
    """Open `path` and wait until its offline worker answers (the panel shows the download's size)."""
    tab.goto(server + path)
    tab.locator("[data-cg-offline][data-state=ready]").wait_for(timeout=20000)
    return tab.locator("[data-cg-offline-status]").inner_text()


def save(tab, server, path: str) -> None:
    ready(tab, server, path)
    tab.locator("[data-cg-offline-save]").click()
    tab.locator("[data-cg-offline][data-state=saved]").wait_for(timeout=30000)


def search(tab, query: str) -> list[str]:
    tab.locator("[data-cg-search]").click()
    tab.locator("#cg-search .pagefind-ui__search-input").fill(query)
    tab.locator("#cg-search .pagefind-ui__result-link").first.wait_for(timeout=15000)
    return tab.locator("#cg-search .pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("path,size", [("es/modules/role/", "Descarga de unos "), ("modules/role/", "About "),
                                       ("ar/", "حجم التنزيل نحو ")])
def test_the_size_is_shown_before_the_download_in_the_readers_language(reader, server, path, size):
    context, tab = reader
    text = ready(tab, server, path)
    assert text.startswith(size) and any(unit in text for unit in ("kB", "MB", "ك.ب", "م.ب", "كيلوبايت")), text
    assert tab.locator("[data-cg-offline-save]").is_visible()


def test_a_saved_course_reads_and_searches_offline(reader, server):
    context, tab = reader
    save(tab, server, "es/modules/role/")
    assert tab.locator("[data-cg-offline-remove]").is_visible()
    context.set_offline(True)
    assert tab.reload().from_service_worker
    assert tab.locator("h1").first.inner_text().strip() != ""
    assert tab.evaluate("document.documentElement.lang") == "es"
    assert tab.goto(server + "es/modules/hygiene/").from_service_worker  # saved, never visited
    assert "cg-offline-notice" not in tab.content()
    links = search(tab, "cuidadora")
    assert links and all(link.startswith(server + "es/") for link in links), links


def test_a_page_not_saved_shows_the_offline_notice_in_the_readers_language(reader, server):
    context, tab = reader
    ready(tab, server, "es/")
    context.set_offline(True)
    tab.goto(server + "es/modules/hygiene/")
    assert tab.locator("h1").inner_text() == "No hay conexión"
    assert tab.evaluate("document.documentElement.lang") == "es"
    # its stylesheets, written for the language's root, load from the page's own folder too
    assert tab.evaluate("[...document.styleSheets].filter(s => s.cssRules.length > 0).length") >= 2
    tab.locator("a[href]").click()
    assert tab.evaluate("location.pathname").endswith("/es/")  # the home page, visited: from the cache


def test_the_arabic_notice_is_right_to_left(reader, server):
    context, tab = reader
    ready(tab, server, "ar/")
    context.set_offline(True)
    tab.goto(server + "ar/glossary/")
    assert tab.locator("h1").inner_text() == "أنت غير متصل بالإنترنت"
    assert tab.evaluate("[document.documentElement.dir, getComputedStyle(document.body).direction]") == ["rtl", "rtl"]


def test_a_visited_page_is_kept_without_saving(reader, server):
    context, tab = reader
    ready(tab, server, "modules/role/")
    tab.goto(server + "glossary/")  # the worker controls the page from now on: this visit is kept
    tab.goto(server + "")
    context.set_offline(True)
    assert tab.goto(server + "glossary/").from_service_worker
    assert "cg-offline-notice" not in tab.content()
    tab.goto(server + "courses/")
    assert "cg-offline-notice" in tab.content()


CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


def test_trainer_pages_are_never_kept(reader, server):
    context, tab = reader
    save(tab, server, "")
    tab.goto(server + "trainer/")
    tab.goto(server + "trainer/modules/role/")
    tab.goto(server + "modules/role/")
    cached = tab.evaluate(CACHED_URLS)
    assert server + "modules/role/" in cached and server + "assets/coursegen.css" in cached
    assert not [url for url in cached if "/trainer/" in url]
    assert not [url for url in cached if url.startswith(tuple(server + lang for lang in ("es/", "fr/", "ar/")))]


def test_removing_the_offline_copy(reader, server):
    context, tab = reader
    save(tab, server, "fr/")
    tab.locator("[data-cg-offline-remove]").click()
    tab.locator("[data-cg-offline][data-state=ready]").wait_for(timeout=20000)
    cached = tab.evaluate(CACHED_URLS)
    assert server + "fr/offline.html" in cached, "the worker keeps its shell"
    assert server + "fr/modules/hygiene/" not in cached and server + "fr/offline.json" not in cached


@pytest.fixture
def republished(tmp_path):
    """The minimal fixture site built and served from a folder that a second build replaces; yields
    (base URL, project, site folder).

    Its responses must be revalidated (`Cache-Control: no-cache`): without the header, the browser's own
    HTTP cache judges a file fresh for a tenth of its age since its last change, so an offline visit soon
    after an online one could be answered by that cache with the new build's page, before the worker is
    asked. The tests are about the worker's copy, not the browser's cache: they would pass or fail by the
    second. For the same reason it answers every request in full, never "not modified": its dates have a
    resolution of one second, and a file of the second build written in the same second as the first
    build's would count as unchanged (the worker's script among them: no update would start)."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from ..conftest import built_site, make_site
    from .conftest import QuietHandler

    class Revalidated(QuietHandler):
        def send_head(self):
            del self.headers["If-Modified-Since"]  # see above: a full answer, never 304
            return super().send_head()

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-cache")
            super().end_headers()

    project = make_site(tmp_path)
    site = built_site(project, tmp_path)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Revalidated, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", project, tmp_path
    httpd.shutdown()
    httpd.server_close()


# Asks the registration for an update (what a browser does on its own after a navigation) and waits for it to
# settle: until no worker is installing, waiting or activating (an install that fails ends "redundant"). Then
# the page's controller's status (see the worker's "status"), and the states the workers went through.
UPDATED = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const seen = [];
  await registration.update();
  const busy = () => registration.installing || registration.waiting ||
    (registration.active.state === "activated" ? null : registration.active);
  for (let worker; (worker = busy());) {
    await new Promise(done => worker.addEventListener("statechange", () => done(seen.push(worker.state)),
                                                      { once: true }));
  }
  const channel = new MessageChannel();
  const reply = new Promise(done => { channel.port1.onmessage = event => done(event.data); });
  navigator.serviceWorker.controller.postMessage({ type: "status" }, [channel.port2]);
  return { status: await reply, seen };
}"""

# Each cache of the page's origin: its name's last word (the version) -> whether it holds a complete copy.
COPIES = """async () => {
  const copies = {};
  for (const name of await caches.keys()) {
    copies[name.split(" ").pop()] = Boolean(await (await caches.open(name)).match("/offline.json"));
  }
  return copies;
}"""

NEW_TEXT = "A paragraph of the new build."


def publish_new_build(project, folder) -> dict:
    """Rebuild the served site with a paragraph added to the hygiene module; the new offline manifest."""
    from ..conftest import built_site

    module = project / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + f"\n{NEW_TEXT}\n", encoding="utf-8")
    return json.loads((built_site(project, folder) / "offline.json").read_text())


def reopen_saved(tab) -> None:
    """Reload the page and wait until its worker says the course is saved."""
    tab.reload()
    tab.locator("[data-cg-offline][data-state=saved]").wait_for(timeout=20000)


def test_a_saved_course_follows_a_new_build(reader, republished):
    server, project, folder = republished
    context, tab = reader
    save(tab, server, "")
    version = publish_new_build(project, folder)["version"]
    reopen_saved(tab)
    update = tab.evaluate(UPDATED)
    # the page is controlled by the new build's worker (which the update, or the reload before it, installed),
    # whose copy is complete; the old copy is gone
    assert update["status"]["version"] == version and update["status"]["saved"], update
    assert tab.evaluate(COPIES) == {version: True}
    context.set_offline(True)
    assert tab.goto(server + "modules/hygiene/").from_service_worker
    assert NEW_TEXT in tab.content()


def test_an_update_that_fails_half_way_leaves_the_saved_copy_whole(reader, republished):
    server, project, folder = republished
    context, tab = reader
    save(tab, server, "")
    old = tab.evaluate(COPIES)
    before = {file["url"] for file in json.loads(urlopen(server + "offline.json").read())["files"]}
    built = publish_new_build(project, folder)
    # the server fails one file of the new build (a search fragment that the old build did not have)
    broken = next(file["url"] for file in built["files"] if file["url"] not in before
                  and file["url"].endswith(".pf_fragment"))
    failed = []
    context.route(server + broken, lambda route: (failed.append(route.request.url),
                                                  route.fulfill(status=500, body="down")))
    reopen_saved(tab)
    # online, the reader sees the new build (the page, and a search that loads its search entry)
    tab.goto(server + "modules/hygiene/")
    assert NEW_TEXT in tab.content() and search(tab, "Rosa")
    update = tab.evaluate(UPDATED)
    assert failed and update["seen"][-1] == "redundant", (failed, update)
    assert update["status"]["version"] in old and update["status"]["saved"], update
    copies = tab.evaluate(COPIES)
    assert copies.pop(built["version"], False) is False, "the new copy is not complete"
    assert copies == old
    context.unroute(server + broken)  # a route answers before the network's offline state does
    # offline: the old copy, whole (its page, and its search, whose entry names the old index)
    context.set_offline(True)
    assert tab.goto(server + "modules/hygiene/").from_service_worker
    assert "Hygiene and dignity" in tab.locator("h1").inner_text() and NEW_TEXT not in tab.content()
    links = search(tab, "dignity")
    assert server + "modules/hygiene/" in links, links
    # once the site serves the file again, the next update completes the new copy
    context.set_offline(False)
    update = tab.evaluate(UPDATED)
    assert update["status"]["version"] == built["version"], update
    assert tab.evaluate(COPIES) == {built["version"]: True}
