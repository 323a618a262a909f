"""What coursegen's templates render, kept by the live preview's process (`templates.keep_renders`): a kept
output is the one a render would give, for the pages a save generates again, for an edited template or an
edited word of the site, and for a template that changes what it was given."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from coursegen.pages import generate_language
from coursegen.project import validate_project
from coursegen.templates import Templates, _Unkeyable, keep_renders, render_key

from .conftest import make_site


@pytest.fixture
def kept():
    keep_renders(1 << 20)
    yield
    keep_renders(0)  # as every other process is


def own_template(root: Path, name: str, text: str) -> None:
    path = root / "site_overrides" / "coursegen" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pages(root: Path) -> dict[str, dict[str, str]]:
    """Each language's pages: their Markdown, and the HTML blocks that go into it."""
    library = validate_project(root).library
    generated = {}
    for lang in library.languages:
        files = generate_language(library, lang)
        generated[lang] = {**files.pages, **{f"{rel} blocks": "\n".join(blocks.items)
                                             for rel, blocks in files.html_blocks.items()}}
    return generated


def test_a_saves_pages_generated_with_kept_renders_are_the_pages_generated_without(tmp_path, kept):
    root = make_site(tmp_path, "multilingual")
    pages(root)  # the first build keeps what its templates rendered
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8").replace("# ", "# Daily ", 1), encoding="utf-8")
    with_memory = pages(root)
    keep_renders(0)
    assert with_memory == pages(root)
    assert any("Daily" in text for text in with_memory["en"].values())


def test_an_edited_template_renders_again(tmp_path, kept):
    own_template(tmp_path, "notice.html", "<p>one {{ text }}</p>\n")
    assert Templates(tmp_path).html("notice", kind="trainer", text="x") == "<p>one x</p>\n"
    own_template(tmp_path, "notice.html", "<p>the second {{ text }}</p>\n")
    assert Templates(tmp_path).html("notice", kind="trainer", text="x") == "<p>the second x</p>\n"


def test_an_edited_word_of_the_site_renders_again(tmp_path, kept):
    root = make_site(tmp_path, "minimal")
    strings = root / "site_overrides" / "coursegen" / "strings" / "en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text('duration: "Length"\n', encoding="utf-8")
    assert "Length" in pages(root)["en"]["modules/hygiene.md blocks"]
    strings.write_text('duration: "Time it takes"\n', encoding="utf-8")
    assert "Time it takes" in pages(root)["en"]["modules/hygiene.md blocks"]


def test_a_template_that_changes_its_context_renders_every_time(tmp_path, kept):
    own_template(tmp_path, "grow.html", "{% set _ = items.append(1) %}{{ items | length }}")
    first, second = [], []
    templates = Templates(tmp_path)
    assert [templates.html("grow", items=items) for items in (first, second)] == ["1", "1"]
    assert first == second == [1]  # the second render changed its list too, as without memory


def test_a_context_of_other_values_renders_every_time(tmp_path, kept):
    own_template(tmp_path, "call.html", "{{ next() }}")
    counter = iter(range(10))
    templates = Templates(tmp_path)
    assert [templates.html("call", next=lambda: next(counter)) for _ in range(2)] == ["0", "1"]


def test_the_key_tells_apart_what_a_template_can_tell_apart():
    assert render_key({"a": "<b>"}) != render_key({"a": Markup("<b>")})
    assert len({render_key(value) for value in (1, 1.0, True, "1")}) == 4
    assert render_key({"a": 1, "b": 2}) != render_key({"b": 2, "a": 1})  # a template may loop over them
    assert render_key([1, 2]) != render_key((1, 2))
    with pytest.raises(_Unkeyable):
        render_key({"f": print})


def test_what_is_kept_stays_within_its_bound(tmp_path):
    own_template(tmp_path, "echo.html", "{{ text }}")
    templates = Templates(tmp_path)
    keep_renders(10)
    try:
        from coursegen.templates import _RENDERS
        for text in ("aaaa", "bbbb", "cccc", "x" * 11):
            assert templates.html("echo", text=text) == text
        assert _RENDERS.outputs.total <= 10 and len(_RENDERS.outputs) == 2
    finally:
        keep_renders(0)
    assert not _RENDERS.outputs


def test_an_edited_template_that_another_imports_renders_again(tmp_path, kept):
    own_template(tmp_path, "_parts.html", "{% macro word() %}one{% endmacro %}")
    own_template(tmp_path, "uses.html", '{% from "_parts.html" import word %}{{ word() }} {{ text }}')
    assert Templates(tmp_path).html("uses", text="x") == "one x"
    own_template(tmp_path, "_parts.html", "{% macro word() %}the second{% endmacro %}")
    assert Templates(tmp_path).html("uses", text="x") == "the second x"
