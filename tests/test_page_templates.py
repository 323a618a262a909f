"""coursegen's page templates (site_overrides/coursegen/): a project overrides one by a file of the same name
in its own folder; a template that does not parse or fails while rendering is a CG113 at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.project import validate_project
from coursegen.site import build_site
from coursegen.templates import BUILTIN_OVERRIDES

from .conftest import make_site

CARD = BUILTIN_OVERRIDES / "coursegen" / "module_card.html"


def own_template(root: Path, name: str, text: str) -> Path:
    path = root / "site_overrides" / "coursegen" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_project_overrides_the_module_card(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    card = CARD.read_text(encoding="utf-8").replace('<div class="cg-card"', '<div class="cg-card my-card"')
    own_template(root, "module_card.html", card.replace("<ul>\n<li>", "<ul>\n<li>{{ 'Our own card' }}</li>\n<li>", 1))
    assert build_site(root, tmp_path / "site").ok
    page = BeautifulSoup((tmp_path / "site" / "modules" / "role" / "index.html").read_text(), "html.parser")
    assert page.select_one(".cg-card.my-card") and "Our own card" in page.select_one(".cg-card").get_text()
    # the other templates are still coursegen's own
    assert page.select_one(".cg-card a[href]")


def test_a_page_template_that_does_not_parse_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    own_template(root, "framework.md", "# {{ title }}\n\n{% for area in areas %}\n- {{ area.title }}\n")
    [problem] = [d for d in validate_project(root).diagnostics if d.code == "CG113"]
    assert (problem.path, problem.line) == ("site_overrides/coursegen/framework.md", 4)


def test_a_page_template_that_fails_while_rendering_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    own_template(root, "notice.html", '<p class="cg-notice">\n{{ text.missing.deeper }}</p>\n')
    root.joinpath("content", "index.es.md").unlink()  # a fallback page, so that a notice is rendered
    result = build_site(root, tmp_path / "site")
    assert not result.ok and not result.errors
    assert {(d.code, d.path, d.line) for d in result.diagnostics} >= {("CG113", "site_overrides/coursegen/notice.html", 2)}
    assert not (tmp_path / "site").exists()


def test_a_fork_adds_italian_words_and_its_own_module_card_and_the_italian_site_shows_both(tmp_path: Path) -> None:
    """The issue's fork in one build: Italian words in the project's own strings file, a card of its own."""
    root = make_site(tmp_path)
    framework = root / "framework" / "framework.yaml"
    framework.write_text(framework.read_text().replace("languages: [en, es]", "languages: [en, es, it]"))
    strings = root / "site_overrides" / "coursegen" / "strings" / "it.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text('modules: "I nostri moduli"\nduration: "Durata del modulo"\n', encoding="utf-8")
    card = CARD.read_text(encoding="utf-8").replace('<div class="cg-card"', '<div class="cg-card fork-card"')
    own_template(root, "module_card.html", card)
    assert build_site(root, tmp_path / "site").ok
    italian = tmp_path / "site" / "it"
    module = BeautifulSoup((italian / "modules" / "role" / "index.html").read_text(), "html.parser")
    assert module.select_one(".cg-card.fork-card") and "Durata del modulo" in module.select_one(".cg-card").get_text()
    index = BeautifulSoup((italian / "modules" / "index.html").read_text(), "html.parser")
    assert index.h1.get_text(strip=True).startswith("I nostri moduli")


def test_a_page_template_cannot_reach_python_or_the_machine(tmp_path: Path) -> None:
    """coursegen's page templates run in Jinja's sandbox: a fork's template (from anyone's pull request) that
    walks from a value to Python's classes, to reach the files or commands of the machine that builds, stops
    with a CG113 at its line, and nothing is published."""
    root = make_site(tmp_path)
    own_template(root, "notice.html", '<p class="cg-notice">\n'
                 "{{ text.__class__.__mro__[1].__subclasses__() }}</p>\n")
    root.joinpath("content", "index.es.md").unlink()  # a fallback page, so that a notice is rendered
    result = build_site(root, tmp_path / "site")
    assert not result.ok and not result.errors
    assert {(d.code, d.path, d.line) for d in result.diagnostics} >= {("CG113", "site_overrides/coursegen/notice.html", 2)}
    assert not (tmp_path / "site").exists()


def test_html_templates_escape_every_value_as_markupsafe_does_and_keep_markdown_out() -> None:
    """`html_text` writes, in one pass, what markupsafe's `escape` writes, and Python-Markdown's inline
    punctuation as character references; markup goes in as it is."""
    import random

    from markupsafe import Markup, escape

    from coursegen.templates import html_text

    inline = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_[]{}"})
    alphabet = "ab é&<>\"'\\`*_[]{}()#+-.!|:\n\tال"
    rng = random.Random(15)
    values = ["", "plain text", 12, 1.5, True, *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
                                                 for _ in range(5000))]
    for value in values:
        assert str(html_text(value)) == str(escape(value)).translate(inline)
    assert html_text(Markup("<b>*x*</b>")) == Markup("<b>*x*</b>")

    class Snippet:
        def __html__(self) -> str:
            return "<i>a_b</i>"

    assert html_text(Snippet()) == Markup("<i>a&#95;b</i>")


def test_the_quick_sandbox_judges_every_attribute_as_jinjas_sandbox_does() -> None:
    """It keeps each judgement by the value's type and the attribute: asked again, or of another value of
    the same type, it must answer as Jinja's own sandbox, safe or not."""
    import types

    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    from coursegen.templates import QuickSandbox

    def function() -> None:
        return None

    def generator():
        yield 1

    class Disguised:  # says it is a function
        __class__ = types.FunctionType

    values = [function, "x".upper, str, generator(), object(), "text", 3, [1], {"a": 1}, Path("."), Disguised(),
              function.__code__]
    names = ["__globals__", "__code__", "func_globals", "mro", "gi_frame", "gi_code", "upper", "_private",
             "__class__", "title", "co_code", "f_globals"]
    quick, jinja = QuickSandbox(), SandboxedEnvironment()
    for _ in range(2):
        for value in values:
            for name in names:
                assert quick.is_safe_attribute(value, name, None) == jinja.is_safe_attribute(value, name, None), \
                    (value, name)
    assert quick.from_string("{{ f.upper() }}").render(f="a") == "A"
    with pytest.raises(SecurityError):
        quick.from_string("{{ g.gi_frame.f_globals }}").render(g=generator())


def test_the_quick_sandbox_reads_a_dicts_keys_and_attributes_as_jinjas_sandbox_does() -> None:
    """A plain dict's keys are read without asking for an attribute first: every name must still give what
    Jinja's own sandbox gives, a key, a dict's method, or undefined (an error with strict undefined)."""
    from jinja2 import StrictUndefined, UndefinedError
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    from coursegen.templates import QuickSandbox

    class Mapping(dict):  # a subclass may have attributes of its own: judged the sandbox's way
        title = "attribute"

    values = {"plain": {"title": "key", "items": "key", "__class__": "key", "_private": "key"},
              "subclass": Mapping(title="key", other="key")}
    names = ["title", "items", "keys", "__class__", "_private", "other", "missing", "__len__", "mro"]
    quick, jinja = (QuickSandbox(undefined=StrictUndefined), SandboxedEnvironment(undefined=StrictUndefined))
    for value in values.values():
        for name in names:
            results = []
            for environment in (quick, jinja):
                try:
                    results.append(environment.from_string(f"{{{{ d.{name} }}}}").render(d=value))
                except (UndefinedError, SecurityError) as error:
                    results.append(type(error).__name__)
            assert results[0] == results[1], (value, name, results)
    assert quick.from_string("{{ d.title }} {{ d.items() | list }}").render(d={"title": "T"}) == "T [('title', 'T')]"


def test_templates_that_parsed_are_not_parsed_again_and_a_broken_one_always_is(tmp_path: Path, monkeypatch) -> None:
    """Which template texts parsed is kept in the user's cache: the next check parses only the new ones, and
    one that does not parse is reported by every check."""
    from coursegen import theme

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_site(tmp_path, "minimal")
    own = root / "site_overrides" / "coursegen"
    own.mkdir(parents=True)
    (own / "fine.html").write_text("<p>{{ text }}</p>\n", encoding="utf-8")
    (own / "broken.html").write_text("<p>{% if text %}</p>\n", encoding="utf-8")
    parsed: list[str] = []
    parse = theme._SYNTAX.parse
    monkeypatch.setattr(theme._SYNTAX, "parse", lambda text, **kwargs: parsed.append(text) or parse(text, **kwargs))

    def check() -> list[tuple[str, str]]:
        theme._parsed.cache_clear()  # as a new `coursegen validate` process
        parsed.clear()
        return [(d.code, d.path) for d in theme.check_templates(root)]

    assert check() == [("CG113", "site_overrides/coursegen/broken.html")] and len(parsed) == 2
    assert check() == [("CG113", "site_overrides/coursegen/broken.html")]
    assert parsed == ["<p>{% if text %}</p>\n"]  # only the broken one
    (own / "fine.html").write_text("<p>{{ text }} and more</p>\n", encoding="utf-8")
    assert check() == [("CG113", "site_overrides/coursegen/broken.html")] and len(parsed) == 2
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "README.md"))  # no private folder: parse everything
    (root / "README.md").write_text("", encoding="utf-8")
    assert check() == [("CG113", "site_overrides/coursegen/broken.html")] and len(parsed) == 2
