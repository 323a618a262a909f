"""Text from content is text in every HTML context: YAML and front-matter fields full of markup build pages
with no script, handler, `javascript:` URL or off-origin load that the clean build lacks, and show the text.

Every text field of every YAML file and every front matter of the fixture project is overwritten with the
same hostile string (or, in the property test, a random one); the built pages are parsed and compared with
a clean build of the same project, page by page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursegen.site import build_site

from .conftest import make_site

#: Fields that hold text a reader sees (the rest are codes, versions, numbers and settings).
TEXT_FIELDS = frozenset({"title", "description", "statement", "assessment_criteria", "summary", "term",
                         "definition", "note", "qualification", "short_title"})
HOSTILE = ("<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)> &amp; &lt;b&gt; "
           "{{ 7*7 }} {% raw %} *em* [x](javascript:alert(4)) </title><script>alert(5)</script>")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "content")
LOADING_ATTRIBUTES = ("src", "srcset", "poster", "data")
_OFF_ORIGIN = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def with_text(data: object, text: str) -> object:
    """`data` with every value of a text field replaced by `text` (lists of texts item by item)."""
    if isinstance(data, dict):
        return {key: (_replaced(value, text) if key in TEXT_FIELDS else with_text(value, text))
                for key, value in data.items()}
    if isinstance(data, list):
        return [with_text(item, text) for item in data]
    return data


def _replaced(value: object, text: str) -> object:
    if isinstance(value, str):
        return text
    if isinstance(value, list):
        return [text for _ in value]
    return with_text(value, text)


def poison(root: Path, text: str) -> None:
    """Overwrite every text field of the project's YAML files and front matters with `text`."""
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            path.write_text(yaml.safe_dump(with_text(data, text), allow_unicode=True), encoding="utf-8")
        elif path.suffix == ".md":
            source = path.read_text(encoding="utf-8")
            _, header, body = source.split("---\n", 2)
            meta = with_text(yaml.safe_load(header), text)
            path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")


def risky(page: BeautifulSoup) -> set[str]:
    """What on a page can run code or load from another origin: scripts, handlers, script URLs, off-origin
    loads, styles with url()."""
    found = set()
    for tag in page.find_all(True):
        if tag.name in ("script", "iframe", "object", "embed", "base", "form", "frame"):
            found.add(f"{tag.name} {tag.get('src', '')} {hashlib.sha256(tag.get_text().encode()).hexdigest()}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.add(f"handler {tag.name} {name}")
            if name.lower() in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                found.add(f"script-url {tag.name} {name}")
            loads = name.lower() in LOADING_ATTRIBUTES or (tag.name == "link" and name == "href")
            if loads and _OFF_ORIGIN.match(value):
                found.add(f"off-origin {tag.name} {name} {value}")
            if name.lower() == "style" and "url(" in value.lower():
                found.add(f"style-url {tag.name}")
        if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            found.add("meta-refresh")
    return found


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(site.rglob("*.html")) if "pagefind" not in path.parts}


@pytest.fixture(scope="module")
def clean_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What each page of the clean minimal site may run or load: the baseline."""
    base = tmp_path_factory.mktemp("clean")
    result = build_site(make_site(base), base / "site")
    assert result.ok, result.errors
    return {rel: risky(page) for rel, page in pages(base / "site").items()}


def build_poisoned(tmp_path: Path, text: str) -> tuple[Path, dict[str, BeautifulSoup]]:
    root = make_site(tmp_path)
    poison(root, text)
    result = build_site(root, tmp_path / "site")
    assert result.ok, (result.diagnostics, result.errors)
    return root, pages(tmp_path / "site")


def assert_nothing_new(built: dict[str, BeautifulSoup], clean: dict[str, set[str]]) -> None:
    assert set(built) == set(clean)
    for rel, page in built.items():
        assert risky(page) <= clean[rel], (rel, risky(page) - clean[rel])


def test_markup_in_every_text_field_stays_text(tmp_path: Path, clean_pages) -> None:
    _, built = build_poisoned(tmp_path, HOSTILE)
    assert_nothing_new(built, clean_pages)
    home = built["index.html"]
    shown = " ".join(HOSTILE.split())
    # the framework title is the site name: the header (its short title, poisoned too) and <title> show it as
    # it was written
    assert shown in " ".join(home.title.get_text().split())
    assert shown in " ".join(home.select_one(".md-header__topic").get_text().split())
    # module titles in the module index, titles on the framework's overview, statements on an area's page, titles
    # in the coverage matrix, definitions in the glossary
    for rel in ("modules/index.html", "framework/index.html", "framework/areas/a1/index.html",
                "framework/coverage/a1/index.html", "glossary/index.html", "es/glossary/index.html"):
        assert shown in " ".join(built[rel].select_one("article").get_text().split()), rel


def test_description_stays_inside_its_meta_tag(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    page = root / "content" / "index.md"
    page.write_text(page.read_text().replace("title: Home", 'title: Home\ndescription: \'"><script>alert(1)</script>\''))
    assert build_site(root, tmp_path / "site").ok
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(), "html.parser")
    assert home.find("meta", attrs={"name": "description"})["content"] == '"><script>alert(1)</script>'


#: Text a translator or author might type, markup and control characters included (never empty: an empty
#: title is a content error, reported and not built).
hostile_text = st.lists(
    st.sampled_from(list("<>&\"'`*_[](){}#!|:;=/\\ \n\t\x01\x02\x03\u202e\u00a0aé漢") +
                    ["javascript:", "<script>", "onerror=", "&#106;", "&lt;", "{{", "{%", "]]>", "<!--", "-->",
                     "</title>", "\r\n", "[x](javascript:y)", "{: onclick=x }"]),
    min_size=1, max_size=30).map(lambda parts: "t" + "".join(parts) + "t")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_random_text_in_every_field_adds_nothing_that_runs(tmp_path_factory, clean_pages, text: str) -> None:
    _, built = build_poisoned(tmp_path_factory.mktemp("random"), text)
    assert_nothing_new(built, clean_pages)
