"""`coursegen serve`, run as an author runs it: the whole multilingual site over HTTP, rebuilt on changes,
content errors shown in every page until they are fixed, and the fast single-language mode."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main

from .conftest import make_site

DEADLINE_S = 90  # how long to wait for the server (a limit for a hung test, not a speed goal)
MODULE = Path("content/modules/hygiene.md")
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 never through a proxy


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def get(self, path: str) -> str:
        """The page at `path` (404 pages included: the preview shows its errors on them too)."""
        try:
            with DIRECT.open(self.url + path, timeout=DEADLINE_S) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.read().decode("utf-8")

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        """Poll `condition` until it holds; fail with the server's output after the deadline."""
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.log.read_text()}"
            try:
                if condition():
                    return
            except OSError:  # not listening yet
                pass
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log.read_text()}")


def free_port() -> int:
    """A free port below the kernel's range for port 0 (32768 and up), so that no server started meanwhile
    elsewhere on this machine (other tests bind port 0) takes it before `coursegen serve` does."""
    while True:
        port = random.randint(20_000, 32_000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


@contextmanager
def serving(root: Path, *options: str) -> Iterator[Server]:
    """`coursegen serve` on a free port of 127.0.0.1, answering; stopped at the end whatever happens."""
    port = free_port()
    log = root.parent / "serve.log"
    temporary = root.parent / "tmp"
    temporary.mkdir(exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "coursegen.cli", "serve", "--root", str(root),
             "--dev-addr", f"127.0.0.1:{port}", *options],
            stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(temporary)},
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # Ctrl-C works as in a terminal
        )
    server = Server(process, f"http://127.0.0.1:{port}/", log)
    try:
        server.wait_for("the server to answer", lambda: "livereload(" in server.get(""))
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=DEADLINE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def edit(root: Path, old: str, new: str) -> None:
    path = root / MODULE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def break_outcome(root: Path) -> None:
    """An unknown outcome code in a module: error CG302."""
    edit(root, "outcomes: [A2.C1.LO1]", "outcomes: [A2.C1.LO1, A2.C1.L01]")


def fix_outcome(root: Path) -> None:
    edit(root, "outcomes: [A2.C1.LO1, A2.C1.L01]", "outcomes: [A2.C1.LO1]")


def reload_epoch(page: str) -> int:
    """The epoch a served page's live-reload script polls from (`livereload(epoch, request)`)."""
    return int(re.search(r"livereload\((\d+), \d+\)", page).group(1))


def alerts(page: str) -> list[str]:
    return [alert.get_text() for alert in BeautifulSoup(page, "html.parser").select('[role="alert"]')]


def test_serves_every_language_and_shows_changes(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    with serving(root) as server:
        assert '<html dir="ltr" lang="en"' in server.get("")
        assert '<html dir="ltr" lang="es"' in server.get("es/")
        assert '<html dir="rtl" lang="ar"' in server.get("ar/modules/role/")
        for lang in ("", "es/", "ar/"):  # no offline worker takes over the preview's address
            assert server.get(lang + "sw.js") == "The live preview keeps no offline copy.\n"
        assert "offline.js" in server.get("")  # the page is the site's own
        edit(root, "Always ask before you help.", "Always knock before you help.")
        server.wait_for("the changed text", lambda: "Always knock" in server.get("modules/hygiene/"))
        shown = reload_epoch(server.get("modules/hygiene/"))
        # The Spanish fallback page follows, from the full build that runs once the saved language is shown,
        # and the open pages are told to reload (MkDocs' live-reload script polls for a newer epoch).
        server.wait_for("the Spanish fallback page", lambda: "Always knock" in server.get("es/modules/hygiene/"))
        server.wait_for("the reload", lambda: int(server.get(f"livereload/{shown}/1")) > shown)
        assert not alerts(server.get("modules/hygiene/"))


def test_content_errors_show_in_every_page_until_fixed(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    with serving(root) as server:
        break_outcome(root)
        server.wait_for("the error banner", lambda: any("CG302" in alert for alert in alerts(server.get(""))))
        assert server.process.poll() is None
        spanish = server.get("es/modules/role/")
        assert any("content/modules/hygiene.md:6:23: error CG302" in alert for alert in alerts(spanish))
        assert "Multilingual" in server.get("")  # the last good site is still served under the banner
        fix_outcome(root)
        server.wait_for("the banner to go", lambda: not alerts(server.get("")))
        assert "CG302" not in server.get("es/modules/role/")
    assert "error CG302" in (tmp_path / "serve.log").read_text()  # printed in the terminal too


def test_a_project_that_never_built_shows_its_errors_then_the_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    break_outcome(root)
    with serving(root) as server:
        page = server.get("")
        assert "No preview yet" in page and any("CG302" in alert for alert in alerts(page))
        assert any("CG302" in alert for alert in alerts(server.get("es/")))
        fix_outcome(root)
        server.wait_for("the site", lambda: '<html dir="ltr" lang="es"' in server.get("es/"))
        assert not alerts(server.get(""))


def test_ctrl_c_stops_the_server_and_removes_its_temporary_folder(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    with serving(root) as server:
        assert any((tmp_path / "tmp").iterdir())
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=DEADLINE_S) == 0
    assert not any((tmp_path / "tmp").iterdir())


def test_single_language_preview_offers_no_other_language(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    with serving(root, "--lang", "es") as server:
        page = BeautifulSoup(server.get("modules/role/"), "html.parser")
    assert page.html["lang"] == "es"
    offered = {link["hreflang"] for link in page.select("[hreflang]")}
    assert offered <= {"es"}


def test_unknown_language_exits_2_naming_the_site_languages(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    result = CliRunner().invoke(main, ["serve", "--root", str(root), "--lang", "de"])
    assert result.exit_code == 2
    assert "'de' is not a language of this site; its languages are en, es, fr, ar." in result.output


def test_serve_outside_a_project_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a coursegen project" in result.output
