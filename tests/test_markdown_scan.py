"""The Markdown scan finds links, anchors, live HTML and trainer notes, and ignores code."""

from __future__ import annotations

import pytest

from coursegen.markdown_scan import scan, split_trainer_notes


def test_links_outside_code_only() -> None:
    body = "See [](module:M01) and `[](module:M02)`.\n\n```\n[](module:M03)\n```\n[x](a.md#b)\n"
    result = scan(body, first_line=10)
    assert [(link.target, link.line, link.column) for link in result.links] == [("module:M01", 10, 5), ("a.md#b", 15, 1)]


def test_heading_anchors_follow_markdown_toc() -> None:
    result = scan("# Qué hacer\n## Role play: *Rosa*\n## Role play: Rosa\n### Custom {#mine}\n")
    # the site's toc slugify (markdown_anchors.heading_slug) drops accents: the page has id="que-hacer"
    assert {"que-hacer", "role-play-rosa", "role-play-rosa_1", "mine"} <= result.anchors


def test_headings_in_other_scripts_get_ids_made_of_their_words() -> None:
    """Not `_1`, `_2` (Python-Markdown's default slug keeps only ASCII); vowel marks are left out, so adding
    or dropping them does not move an anchor; Latin text keeps the ids it always had."""
    result = scan("# دور مقدّمة الرعاية\n## ما تفعله مقدّمة الرعاية؟\n## Straße & Évaluation\n## Сестринский уход\n")
    assert {"دور-مقدمة-الرعاية", "ما-تفعله-مقدمة-الرعاية", "strae-evaluation", "сестринский-уход"} <= result.anchors
    assert not any(anchor.startswith("_") for anchor in result.anchors)


def test_unsafe_html_is_found() -> None:
    """The scan's masked text shows the allow-list every live construct (and no code example)."""
    from coursegen.html_policy import find_disallowed

    body = '<script>x</script>\n<a href="javascript:go()">a</a>\n<p onclick="x">p</p>\n`<script>` is fine\n'
    result = scan(body)
    found = [(f.what, f.line) for f in find_disallowed(result.masked, result.links, result.first_line)]
    assert ("the HTML element <script>", 1) in found and ("a javascript: address in href=", 2) in found
    assert ("the attribute onclick=", 3) in found and len(found) == 3


def test_trainer_notes_are_split_from_learner_text() -> None:
    body = "Learner A\n\n::: trainer\nSecret timing\n:::\n\nLearner B\n"
    learner, notes = split_trainer_notes(body)
    assert "Secret" not in learner and "Learner A" in learner and "Learner B" in learner
    assert notes == ["Secret timing"]


def test_unclosed_trainer_block_never_leaks() -> None:
    learner, notes = split_trainer_notes("Intro\n::: trainer\nSecret\nmore secret\n")
    assert "Secret" not in learner and notes == ["Secret\nmore secret"]


def test_trainer_marker_inside_code_is_not_a_block() -> None:
    body = "```\n::: trainer\n```\nvisible\n"
    learner, notes = split_trainer_notes(body)
    assert notes == [] and "visible" in learner


@pytest.mark.parametrize("headings", [
    ["# Activities", "## Step", "## Step", "### step", "## Step 1", "## Step 1 #"],
    ["# Évaluation finale", "## Übung", "## Señal de alarma ##", "## خطة الجلسة", "## 中文", "## C#", "## A # B"],
    ["## 100% (x)", "## it's \"quoted\"", "## a-b", "## a.b", "## --", "# Réunion #2", "## ends ##"],
])
def test_plain_headings_get_the_anchors_the_renderer_gives(headings) -> None:
    """Headings without inline markup are not rendered: their text and ids must be the renderer's."""
    from coursegen.markdown_anchors import HeadingLine, _plain, _render

    lines = [HeadingLine(heading.count("#", 0, heading.index(" ")), index, heading)
             for index, heading in enumerate(headings)]
    assert _plain(lines) is not None
    assert _plain(lines) == _render(lines, [])


@pytest.mark.parametrize("markup", ["## The *role*", "## `code`", "## [a](b)", "## A &amp; B", "## x {#own}",
                                    "## a\\_b", "## snake_case", "## <b>x</b>", "## ![i](p.png)"])
def test_a_heading_with_markup_is_rendered(markup) -> None:
    from coursegen.markdown_anchors import HeadingLine, _plain

    assert _plain([HeadingLine(2, 0, "## Plain"), HeadingLine(2, 1, markup)]) is None
