"""The allow-list: `validate` names every attack at its line, and the sanitiser alone removes it from the site.

Each attack is written into a module page of the minimal fixture site. Validation must report it with the
right code at the right line; the rendered HTML, sanitised, must hold nothing that runs code or loads from
another site; and a real build with the check switched off (as if it had been walked around) proves that
the sanitiser in the build removes it by itself, on the learner page and on its trainer twin.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from coursegen.html_policy import (SCRIPT_SCHEMES, css_urls, find_disallowed, is_offsite, sanitise, srcset_urls,
                                   url_scheme)
from coursegen.markdown_scan import scan
from coursegen.project import validate_project
from coursegen.site.config import MARKDOWN_EXTENSIONS
from coursegen.site.csp import inline_script_hashes, with_csp

from .conftest import make_site

#: (name, Markdown, code validate must report on the line of the snippet that holds the construct: its last)
ATTACKS = [
    ("entity-encoded scheme in a Markdown link", "[x](&#106;avascript:alert(1))", "CG601"),
    ("named-entity colon in a Markdown link", "[x](javascript&colon;alert(1))", "CG601"),
    ("tab inside the scheme of a Markdown link", "[x](jav&#x09;ascript:alert(1))", "CG601"),
    ("entity-encoded scheme in raw HTML", '<a href="&#x6A;avascript:alert(1)">x</a>', "CG601"),
        ("mixed case and spaces in raw HTML", '<a href="  JaVaScRiPt:alert(1)">x</a>', "CG601"),
    ("newline inside the scheme in raw HTML", '<p>x</p>\n<a href="java\nscript:alert(1)">x</a>', "CG601"),
    ("vbscript in raw HTML", '<a href="vbscript:msgbox(1)">x</a>', "CG601"),
    ("data: page in raw HTML", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "CG601"),
    ("script element", "<script>alert(1)</script>", "CG601"),
    ("event handler in raw HTML", '<img src="a.png" onerror="alert(1)">', "CG601"),
    ("attr_list adds a handler", 'A paragraph.\n{: onclick="alert(1)" }', "CG601"),
    ("attr_list adds a handler to a heading", '## Heading {: onmouseover="alert(1)" }', "CG601"),
    ("attr_list replaces a safe link's href", '[safe](https://example.org){: href="javascript:alert(1)" }',
     "CG601"),
    ("SVG set", '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "CG601"),
    ("SVG animate", '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>', "CG601"),
    ("form", '<form action="https://example.org/collect"><button>Send</button></form>', "CG601"),
    ("iframe", '<iframe src="https://example.org"></iframe>', "CG601"),
    ("style url() in raw HTML", '<p style="background: url(https://example.org/t.png)">x</p>', "CG603"),
    ("style url() from attr_list", 'A paragraph.\n{: style="background: url(//example.org/t.png)" }', "CG603"),
    ("style element", "<style>body { background: url(https://example.org/t.png) }</style>", "CG603"),
    ("img src off-site", '<img src="https://example.org/t.png" alt="x">', "CG603"),
    ("source srcset off-site", '<picture><source srcset="a.png 1x, https://example.org/b.png 2x"></picture>',
     "CG603"),
    ("video poster off-site", '<video poster="https://example.org/p.jpg" controls></video>', "CG603"),
    ("video src off-site", '<video src="//example.org/v.mp4" controls></video>', "CG603"),
    ("stylesheet link off-site", '<link rel="stylesheet" href="https://example.org/s.css">', "CG603"),
    ("svg use off-site", '<svg><use href="https://example.org/i.svg#a"/></svg>', "CG603"),
    ("Markdown image off-site", "![x](https://example.org/t.png)", "CG603"),
    ("Markdown image protocol-relative", "![x](//example.org/t.png)", "CG603"),
    ("backslashes read as slashes", '<img src="\\\\example.org/t.png" alt="x">', "CG603"),
    ("unknown element", '<font color="red">x</font>', "CG602"),
    ("unknown attribute from attr_list", 'A paragraph.\n{: foo="bar" }', "CG602"),
    ("inline style", '<p style="color: red">x</p>', "CG602"),
    ("FTP link", "[files](ftp://example.org/files/)", "CG602"),
]

PAGE = """---
id: M02
title: Hygiene and dignity
version: "1.0"
duration_hours: 4
outcomes: [A2.C1.LO1]
prerequisites: [M01]
---

# Hygiene and dignity

Read [](module:M01) first.

{snippet}

::: trainer
{snippet}
:::
"""
SNIPPET_LINE = PAGE.split("\n").index("{snippet}") + 1


def write_module(root: Path, snippet: str) -> Path:
    path = root / "content" / "modules" / "hygiene.md"
    path.write_text(PAGE.format(snippet=snippet), encoding="utf-8")
    return path


def render(snippet: str) -> str:
    """The snippet as the site's Markdown renders it, then sanitised."""
    configs = {k: v for item in MARKDOWN_EXTENSIONS if isinstance(item, dict) for k, v in item.items()}
    names = [item if isinstance(item, str) else next(iter(item)) for item in MARKDOWN_EXTENSIONS]
    return sanitise(markdown.markdown(snippet, extensions=names, extension_configs=configs))


def assert_harmless(html: str) -> None:
    """Nothing in `html` runs code or makes the browser load from another site."""
    soup = BeautifulSoup(html, "html.parser")
    for banned in ("script", "iframe", "object", "embed", "form", "base", "meta", "link", "style", "svg"):
        assert soup.find(banned) is None, banned
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not attribute.startswith("on"), (element.name, attribute)
            assert url_scheme(value) not in SCRIPT_SCHEMES, (element.name, attribute, value)
            if attribute in ("src", "poster", "data"):
                assert not is_offsite(value), (element.name, attribute, value)
            if attribute == "srcset":
                assert not any(is_offsite(url) for url in srcset_urls(value)), value
            if attribute == "style":
                assert not css_urls(value), value


@pytest.mark.parametrize("name,snippet,code", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_validate_names_the_attack_at_its_line(tmp_path, name, snippet, code):
    root = make_site(tmp_path)
    write_module(root, snippet)
    found = {(d.code, d.line) for d in validate_project(root).diagnostics if d.path == "content/modules/hygiene.md"}
    line = SNIPPET_LINE + snippet.count("\n")
    if "java\nscript" in snippet:
        line -= 1  # the tag starts on the line before
    assert (code, line) in found
    assert (code, line + snippet.count("\n") + 3) in found  # the same text inside the trainer notes


@pytest.mark.parametrize("name,snippet,code", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_sanitiser_removes_the_attack(name, snippet, code):
    assert_harmless(render(snippet))


def test_code_examples_are_not_reported():
    body = "Write `<script>` or:\n\n```html\n<img src=\"https://example.org/x.png\" onerror=\"x\">\n```\n"
    result = scan(body)
    assert find_disallowed(result.masked, result.links) == []


def test_outgoing_links_and_the_sites_own_markup_are_kept():
    html = render(
        "[WHO](https://www.who.int/) [mail](mailto:a@example.org) [call](tel:+34600000000) [up](../x/) "
        "[other](//example.org/page)\n\n"
        "Text[^1] ![photo](images/a.png)\n\n[^1]: A note.\n\n"
        '!!! note "Take care"\n    Body.\n\n'
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        '<div lang="fr" dir="ltr" markdown>\n\n*Bonjour*\n\n</div>\n\n'
        '<span class="cg-term"><a href="../glossary/#t" aria-describedby="cg-tip-1">t</a>'
        '<span class="cg-tip" role="tooltip" id="cg-tip-1" data-pagefind-ignore>d</span></span>\n\n'
        "## Heading {: #own-id .wide }\n\n<!-- coursegen:trainer-slot -->\n")
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert {"https://www.who.int/", "mailto:a@example.org", "tel:+34600000000", "../x/", "#fn:1",
            "//example.org/page"} <= set(hrefs)
    assert soup.find("img")["src"] == "images/a.png"
    assert soup.select_one("div.admonition.note p.admonition-title")
    # the column alignment survives, as a class (the `align` attribute is obsolete HTML, a style needs CSP)
    assert [cell.get("class") for cell in soup.find_all("th")] == [["cg-align-left"], ["cg-align-right"]]
    assert not soup.find(attrs={"align": True})
    assert soup.select_one('div[lang="fr"][dir="ltr"] em')
    assert soup.select_one('a[aria-describedby="cg-tip-1"]')
    assert soup.select_one('span[role="tooltip"][data-pagefind-ignore]#cg-tip-1')
    assert soup.select_one("h2#own-id.wide a.headerlink")
    assert "<!-- coursegen:trainer-slot -->" in html


def test_author_comments_are_dropped():
    assert "secret" not in render("Text.\n\n<!-- secret note -->\n")


def test_theme_ids_are_refused():
    assert 'id="__config"' not in render('<div id="__config">x</div>')


@pytest.fixture(scope="module")
def unchecked_build(tmp_path_factory):
    """The minimal site with every attack in one module, built with the content check switched off."""
    from coursegen import checks
    from coursegen.site import build_site

    base = tmp_path_factory.mktemp("unchecked")
    root = make_site(base)
    write_module(root, "\n\n".join(snippet for _, snippet, _ in ATTACKS))
    patch = pytest.MonkeyPatch()
    patch.setattr(checks, "check_html", lambda path, scan: iter(()))
    try:
        result = build_site(root, base / "site")
    finally:
        patch.undo()
    assert result.ok, result.errors
    return base / "site"


@pytest.mark.parametrize("page", ["modules/hygiene/index.html", "trainer/modules/hygiene/index.html"])
def test_the_build_removes_every_attack_by_itself(unchecked_build, page):
    html = (unchecked_build / page).read_text(encoding="utf-8")
    content = re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)
    assert "Hygiene and dignity" in content
    assert_harmless(content)


def test_every_page_has_its_policy_first_in_head(unchecked_build):
    for path in unchecked_build.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        page = path.read_text(encoding="utf-8")
        head = page.split("</head>")[0]
        assert head.count('http-equiv="Content-Security-Policy"') == 1, path
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', head).group(1)
        assert "'unsafe-inline'" not in policy and "https:" not in policy and "*" not in policy
        # before every script and stylesheet of the page (its scripts are at the end of <body>)
        at = head.index("Content-Security-Policy")
        assert at < head.index("<link"), path
        assert "<script" not in page or at < page.index("<script"), path


def test_a_script_in_the_content_never_gets_a_hash():
    theme = "<script>var theme = 1;</script>"
    content = '<p>Text</p><script>alert("content")</script>'
    page = f"<html><head><meta charset=\"utf-8\">{theme}</head><body><article>{content}</article></body></html>"
    assert len(inline_script_hashes(page, content)) == 1
    assert len(inline_script_hashes(page, None)) == 1  # without the content: the whole <article> is left out
    with_policy = with_csp(page, content)
    assert with_policy.index("Content-Security-Policy") < with_policy.index(theme)


def test_mkdocs_build_through_the_plugin_sanitises_and_sets_the_policy(tmp_path):
    """`mkdocs build` (the plugin) passes pages through the same sanitiser: what validate only warns about
    (CG602) builds, and is gone from the page."""
    from .test_site_build import run_mkdocs, write_mkdocs_yml

    root = make_site(tmp_path)
    write_module(root, '<font color="red">Old red text</font>\n\n<p style="color: red" title="kept">Styled</p>')
    write_mkdocs_yml(root)
    done = run_mkdocs(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    page = BeautifulSoup((site / "modules" / "hygiene" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.find("article")
    assert article.find("font") is None and "Old red text" in article.get_text()
    styled = article.find("p", title="kept")
    assert styled is not None and styled.get("style") is None
    for name in ("index.html", "404.html", "modules/hygiene/index.html"):
        head = (site / name).read_text(encoding="utf-8").split("</head>")[0]
        assert head.count('http-equiv="Content-Security-Policy"') == 1, name


PIECES = ["<", ">", "<!--", "-->", "<![", "]]>", "<![CDATA[", "{:", "}", "=", "'", '"', "&#", ";", "<a ", "href=",
          "onclick=", "<svg>", "<style>", "</style>", "url(", "src=", "//", ":", "\n", "\t", " ", "x", "`"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_findings_never_a_traceback(text):
    result = scan(text)
    for finding in find_disallowed(result.masked, result.links):
        assert finding.code in ("CG601", "CG602", "CG603") and finding.line >= 1 and finding.column >= 1
    assert "<script" not in sanitise(text).lower()
