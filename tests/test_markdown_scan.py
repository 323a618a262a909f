"""The Markdown scan finds links, anchors, live HTML and trainer notes, and ignores code."""

from __future__ import annotations

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
