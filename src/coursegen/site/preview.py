"""`coursegen serve`: a live preview of the whole multilingual site, exactly as `coursegen build` makes it.

`build_site` builds the site into a temporary folder, and MkDocs' live-reload server serves that folder,
rebuilds on every change under framework/, content/ and the theme overrides, and reloads the browser.
`build_site` swaps a new site in only when it built, so after a failed rebuild the last good site stays
served, and every HTML page gets a banner with the problems until a rebuild succeeds.

A save is shown in two steps. The server holds every request while its builder runs, so the builder makes
only what the author is looking at: the language of the file saved last, without running Pagefind, the other
languages kept as they were (`build_site(quick=True)`), by a warm worker of its own. The page is served as
soon as that is swapped in. Then, in the background, a full build makes every language and its search index,
swaps the whole site in and reloads the browsers again: the preview ends up as `coursegen build` makes the
site. A new save does not wait for that build: it asks it to stop, and the two never publish at the same
time (a lock): a stopped build publishes nothing, and the next save's full build starts after it ended.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path

from ..diagnostics import Severity, format_text
from ..loader import NotAProject
from ..parse_memo import ParseMemo
from ..templates import keep_renders
from .build import BuildCancelled, BuildResult, Progress, build_site, warm_up, worker_pool
from .config import overrides_dir
from .publish import PublishError, mark_site, removals_done
from .csp import without_csp
from .offline import WORKER
from .watching import ChangeObserver, native_observer

log = logging.getLogger(__name__)

Report = Callable[[BuildResult], None]

#: Sticky at the foot of the window: in view at any scroll position (a reload keeps the reader's), and at the
#: end of the page below the content, hiding none of it.
#: Inline styles only: the preview, like the site, makes no request to another origin.
BANNER = (
    '<div class="cg-preview-errors" role="alert" lang="en" dir="ltr" tabindex="0" style="position:sticky;'
    "bottom:0;z-index:1000;max-height:50vh;overflow:auto;margin:0;padding:1rem 1.5rem;"
    "background:#fff4f4;color:#1a1a1a;border-top:4px solid #b00020;box-shadow:0 -2px 8px rgba(0,0,0,.25);"
    'font:16px/1.5 system-ui,sans-serif">'
    '<p style="margin:0 0 .5rem"><strong style="color:#b00020">The content has errors.</strong> '
    "Fix them and save: this page reloads by itself. Until then the preview shows the last version that built.</p>"
    '<pre style="margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.5 ui-monospace,monospace">'
    "{problems}</pre></div>"
)

#: Served while the site has never built; the banner lists the problems.
PLACEHOLDER = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>No preview yet - coursegen</title></head>
<body>
<main style="padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif">
<h1>No preview yet</h1>
<p>The site could not be built because of the errors shown below. As soon as they are fixed, this page reloads
and shows the site.</p>
</main>
</body>
</html>
"""


#: How much of what coursegen's templates render the preview's process keeps (see `templates.keep_renders`),
#: in characters: a language of 300 modules renders about 2 million.
RENDERS_KEPT = 32 * 1024 * 1024


class PreviewError(Exception):
    """The preview cannot start, for example because its address is in use."""


class Preview:
    """The site of the project at `root`, built into `site_dir` on demand, and the problems of the last build."""

    def __init__(self, root: Path, site_dir: Path, progress: Progress | None, report: Report,
                 pool: ProcessPoolExecutor | None = None, reload: Callable[[], None] = lambda: None,
                 quick_pool: ProcessPoolExecutor | None = None) -> None:
        self.root = root
        self.pool = pool  # warm workers kept between saves (see `build.worker_pool`)
        self.quick_pool = quick_pool or pool  # the worker of the saved language's quick build
        self.site_dir = site_dir
        self.progress = progress
        self.report = report
        self.reload = reload  # reloads the browsers (after a background build swapped its site in)
        self.built = False  # whether the site has built at least once (else only the placeholder is there)
        self.problems = ""  # the last build's errors as text; empty when it built
        self._finishing: threading.Thread | None = None  # the background full build of the last save
        self._stop = threading.Event()  # asks it to stop
        self._publishing = threading.Lock()  # held by a quick build, and by a full one while it publishes
        self.memo = ParseMemo()  # every build reads again only the files whose bytes changed

    def rebuild(self) -> None:
        """Show the saved language at once (see the module's text), then build the whole site in the
        background; remember the problems; on problems the last good site stays in place.

        Never raises an error: MkDocs' server would hold every request until a build succeeds."""
        first, previous = saved_language(self.root), self._finishing
        self._stop.set()  # the last save's full build publishes nothing now
        if not self.built:  # a first build is a full one; the quick builds' worker gets ready meanwhile
            self.finish()
            if self.quick_pool is not self.pool:
                self._finishing = threading.Thread(target=self._warm_up, args=(first,), daemon=True,
                                                   name="coursegen-preview-warm-up")
                self._finishing.start()
            self._done(self._build(first))
            return
        with self._publishing:  # the live site stays as it is while this build reads and replaces it
            result = self._build(first, quick=True, pool=self.quick_pool)
        if not result.ok:
            self._done(result)
            return
        self.problems = ""
        self._stop = threading.Event()
        self._finishing = threading.Thread(target=self._finish_in_background, args=(first, self._stop, previous),
                                           name="coursegen-preview-full-build", daemon=True)
        self._finishing.start()

    def finish(self) -> None:
        """Stop the background build of the last save, if one runs, and wait for it."""
        if self._finishing is not None:
            self._stop.set()
            self._finishing.join()
            self._finishing = None
        removals_done()  # the quick builds' work folders

    def _warm_up(self, first: str | None) -> None:
        """The quick builds' worker readied for the first save (see `build.warm_up`); a failure there only
        leaves it cold."""
        try:
            warm_up(self.root, self.quick_pool, first)
        except Exception:  # noqa: BLE001 - the next build reports what is wrong
            log.debug("warming up the preview's quick worker failed", exc_info=True)

    def _finish_in_background(self, first: str | None, stop: threading.Event,
                              previous: threading.Thread | None) -> None:
        if previous is not None:
            previous.join()  # stopped: it ends once its running languages have
        result = None if stop.is_set() else self._build(first, cancel=stop.is_set, publishing=self._publishing)
        if result is not None:  # None: stopped by a newer save, which builds again
            self._done(result)
            self.reload()

    def _done(self, result: BuildResult) -> None:
        self.report(result)
        self.built = self.built or result.ok
        self.problems = problems_text(result)
        if not self.built:
            self.site_dir.mkdir(parents=True, exist_ok=True)
            (self.site_dir / "index.html").write_text(PLACEHOLDER, encoding="utf-8")
            mark_site(self.site_dir)  # so that the next build may replace the placeholder

    def _build(self, first: str | None, *, quick: bool = False, pool: ProcessPoolExecutor | None = None,
               cancel: Callable[[], bool] | None = None, publishing=None) -> BuildResult | None:
        try:
            return build_site(self.root, self.site_dir, progress=self.progress, downloads=False,  # fast saves
                              pool=pool or self.pool, first=first, quick=quick, cancel=cancel,
                              publishing=publishing, memo=self.memo)
        except BuildCancelled:
            return None
        except NotAProject:
            return BuildResult(False, errors=["framework/framework.yaml is missing: restore it to see the site."])
        except PublishError as error:
            return BuildResult(False, errors=[str(error)])
        except BrokenExecutor as error:  # a worker died (killed, out of memory): the next save gets new ones
            log.exception("a worker of the preview stopped")
            broken = pool or self.pool  # shut down: replaced by a new one
            fresh = worker_pool(broken._max_workers)
            self.pool = fresh if self.pool is broken else self.pool
            self.quick_pool = fresh if self.quick_pool is broken else self.quick_pool
            return BuildResult(False, errors=[f"coursegen failed while building the site: {error}"])
        except Exception as error:  # a crash of coursegen must not stop the preview; the terminal gets the trace
            log.exception("coursegen failed while building the preview")
            return BuildResult(False, errors=[f"coursegen failed while building the site: {error}"])

    def banner(self) -> bytes:
        """The error banner for every page, or nothing when the last build succeeded."""
        return BANNER.format(problems=html.escape(self.problems)).encode() if self.problems else b""

    def not_found(self, code: int) -> bytes | None:
        """The site's own 404 page for unknown addresses."""
        page = self.site_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None


def saved_language(root: Path) -> str | None:
    """The language of the content file saved last (`content/modules/x.es.md` -> es), to build first;
    None for a file of the default language (no suffix), or when there is none."""
    newest, when = None, -1.0
    for folder, _, names in os.walk(root / "content"):
        for name in names:
            with suppress(OSError):
                mtime = os.stat(os.path.join(folder, name)).st_mtime
                if mtime > when:
                    newest, when = name, mtime
    parts = (newest or "").split(".")
    return parts[-2] if len(parts) >= 3 else None


def problems_text(result: BuildResult) -> str:
    """What keeps the site from building, as `coursegen build` prints it; empty when it built."""
    if result.ok:
        return ""
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    return "\n".join(filter(None, [format_text(errors), *result.errors]))


class PreviewApp:
    """WSGI middleware over MkDocs' server: the banner in every HTML page while there are problems, and until
    the site has built once, the placeholder at every address (as a page, which gets the reload script that
    the server's 404 answers lack). Pages go out without their Content-Security-Policy, which would refuse
    the server's inline reload script and the banner's inline styles, and no language's offline worker
    (`sw.js`) is served."""

    def __init__(self, app: Callable, preview: Preview) -> None:
        self.app = app
        self.preview = preview

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if posixpath.basename(environ.get("PATH_INFO", "")) == WORKER:
            # No offline copy of a preview: a worker registered here would keep answering this address
            # (a later preview, another project's) from its copy. Without the script, the page shows no
            # "Save for offline use" (see assets/offline.js).
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"The live preview keeps no offline copy.\n"]
        status, headers, body = self._respond(environ)
        # Read the preview's state only now: the server has waited for any rebuild in progress.
        if status.startswith("404") and not self.preview.built:
            _close(body)
            status, headers, body = self._respond({**environ, "PATH_INFO": "/"})
        notice = self.preview.banner()
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            page = without_csp(_with_notice(b"".join(body), notice) if notice else b"".join(body))
            _close(body)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(page))))
            body = [page]
        start_response(status, headers)
        return body

    def _respond(self, environ: dict) -> tuple[str, list[tuple[str, str]], Iterable[bytes]]:
        response: dict = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info=None) -> Callable[[bytes], None]:
            response.update(status=status, headers=headers)
            return lambda data: None  # the wrapped server returns its body; it never writes

        body = self.app(environ, keep)
        return response["status"], response["headers"], body


def _close(body: Iterable[bytes]) -> None:
    if hasattr(body, "close"):
        body.close()


def _with_notice(page: bytes, notice: bytes) -> bytes:
    """`notice` as the last element of the page's body."""
    at = page.rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + notice + page[at:]


#: How often the server looks for changed files where it must poll (see `watching`: Linux tells it at once),
#: at most and at least (MkDocs' 0.5 s added a quarter of a second to every save on average), and how many
#: watched files it may look at per second: a look costs about 10 microseconds per file (measured: 1,000
#: files every 0.1 s kept 11 % of a core busy), so an idle preview stays near 2 % of a core whatever the
#: library's size.
POLLING_S = (0.1, 0.5)
STATS_PER_S = 2_000
#: How long the server waits after a change for more changes before it rebuilds (MkDocs' default is 0.1 s):
#: an editor's save (a write, or a new file renamed into place) comes within milliseconds.
SETTLE_S = 0.05


def reload_browsers(server) -> None:
    """Have MkDocs' live-reload server reload the open pages, unless a rebuild is pending (which reloads
    them when it ends). Its reload counter (the "epoch" its pages poll for) is MkDocs' own; coursegen pins
    MkDocs (constraints.txt), and a test reloads a page through it."""
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._visible_epoch = server._wanted_epoch = _timestamp()
            server._epoch_cond.notify_all()


def polling_interval(folders: list[Path]) -> float:
    """Seconds between two looks for changed files in `folders`: as often as `POLLING_S` and `STATS_PER_S`
    allow for the number of files they hold."""
    files = sum(len(names) for folder in folders for _, _, names in os.walk(folder))
    shortest, longest = POLLING_S
    return min(longest, max(shortest, files / STATS_PER_S))


def watched_folders(root: Path) -> list[Path]:
    """What the preview watches: the framework, the content and the theme overrides in use."""
    return [folder for folder in (root / "framework", root / "content", overrides_dir(root)) if folder.is_dir()]


def check_address(host: str, port: int) -> None:
    """Fail before the first build, not after it, when the address cannot be served."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        socket.create_server((host, port), family=family).close()
    except OSError as error:
        raise PreviewError(f"cannot serve on {host}:{port}: {error.strerror or error}.") from error


def serve_preview(root: Path, host: str, port: int, *, progress: Progress | None = None,
                  report: Report = lambda result: None, say: Callable[[str], None] = lambda line: None) -> None:
    """Build the whole site into a temporary folder and serve it on `host:port` until Ctrl-C (KeyboardInterrupt),
    rebuilding on every change; the temporary folder is removed at the end.

    `report` gets the result of every build, `say` the address served. Raises `PreviewError` when the address
    cannot be served. MkDocs' live-reload server is the only part of MkDocs used here.
    """
    from mkdocs.livereload import LiveReloadServer

    root = Path(root).resolve()
    check_address(host, port)
    keep_renders(RENDERS_KEPT)  # each save generates the pages again: most templates get what they got before
    # Warm workers, one per language up to twice the cores (as `build_site` counts), kept until the end.
    with tempfile.TemporaryDirectory(prefix="coursegen-serve-") as temporary:
        preview = Preview(root, Path(temporary) / "site", progress, report, worker_pool(2 * (os.cpu_count() or 1)),
                          quick_pool=worker_pool(1))
        interval = polling_interval(watched_folders(root))
        server = LiveReloadServer(builder=preview.rebuild, host=host, port=port, root=str(preview.site_dir),
                                  polling_interval=interval)
        server.observer = ChangeObserver(interval, native_observer())  # before `watch`: it schedules on it
        server.build_delay = SETTLE_S
        preview.reload = partial(reload_browsers, server)
        server.error_handler = preview.not_found
        server.set_app(PreviewApp(server.serve_request, preview))
        for folder in watched_folders(root):
            server.watch(str(folder))
        try:
            preview.rebuild()
            say(server.url)
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            preview.finish()
            for pool in {preview.pool, preview.quick_pool}:
                pool.shutdown(cancel_futures=True)
            keep_renders(0)
