"""The Markdown scan agrees with the site's renderer, in linear time, whatever the line ends and spellings."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig

from coursegen import sources
from coursegen.markdown_anchors import MKDOCS_BUILTIN_EXTENSIONS
from coursegen.markdown_code import code_spans
from coursegen.markdown_scan import mask_code, scan, split_trainer_notes
from coursegen.pages import TRAINER_SLOT, trainer_blocks_as_slots
from coursegen.project import validate_project
from coursegen.site import build_site
from coursegen.site.config import MARKDOWN_EXTENSIONS
from coursegen.sources import MAX_FILE_BYTES, MAX_FILE_LINES

from .conftest import make_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from adversarial_bench import adversarial_project, adversarial_text  # noqa: E402


def _site_extensions() -> tuple[list[str], dict]:
    """The extensions MkDocs renders the site with: its builtins, then the configured ones."""
    names, configs = list(MkDocsConfig.markdown_extensions.builtins), {}
    for extension in MARKDOWN_EXTENSIONS:
        name, config = next(iter(extension.items())) if isinstance(extension, dict) else (extension, None)
        names += [] if name in names else [name]
        configs.update({name: config} if config else {})
    return names, configs


def render(text: str) -> str:
    names, configs = _site_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def test_the_anchor_renderer_uses_the_builtins_of_mkdocs() -> None:
    assert tuple(MkDocsConfig.markdown_extensions.builtins) == MKDOCS_BUILTIN_EXTENSIONS


# --- linear time ---------------------------------------------------------------------------------
# Inputs that took minutes or hours before the scan was linear. The tests check that they validate and
# what they report, not how fast: on a shared machine a wall-clock limit measures the neighbours. Their
# speed is measured by `python benchmarks/adversarial_bench.py` (validate_s, line_heavy_s, with the load).


def test_a_2_mb_adversarial_module_validates(tmp_path: Path) -> None:
    root = adversarial_project(tmp_path, MAX_FILE_BYTES - 4096)
    validation = validate_project(root)
    assert validation.library is not None


def test_a_module_of_too_many_lines_is_refused(tmp_path: Path) -> None:
    root = adversarial_project(tmp_path, 0)
    (root / "content" / "modules" / "hygiene.md").write_text("x\n" * (MAX_FILE_LINES + 1), encoding="utf-8")
    [problem] = [d for d in validate_project(root).diagnostics if d.code == "CG107"]
    assert problem.path == "content/modules/hygiene.md"


@pytest.mark.parametrize("pattern", ["- `\n", "> `\n", "`\n", "# `\n", "> - > `\n", "1. `\n"])
def test_a_module_of_short_lines_up_to_the_limit_validates(tmp_path: Path, pattern: str) -> None:
    root = adversarial_project(tmp_path, 0)
    body = "---\nid: M02\ntitle: T\nversion: '1'\nduration_hours: 1\noutcomes: [A2.C1.LO1]\n---\n\n"
    (root / "content" / "modules" / "hygiene.md").write_text(body + pattern * (MAX_FILE_LINES - 100))
    assert validate_project(root).library is not None


@pytest.mark.parametrize("text", [
    "".join("`" * (i % 37 + 1) + " " for i in range(60_000)),  # one line of backtick runs: minutes before
    "[" * 1_000_000 + "](x)", "[a](" * 400_000 + " " * 200_000, "[a](<" * 300_000, "<a " * 500_000,
    "{#a" * 500_000, "# " + " " * 1_000_000 + "x", "> " * 500_000, "```\n" * 100_000, "\\`" * 500_000,
    "    x\n" * 100_000, "- `\n" * 100_000, "> `\n" * 100_000, "# `\n" * 100_000,
], ids=["backtick-runs", "brackets", "link-openers", "angle-targets", "lt", "braces", "heading-spaces",
        "quotes", "fences", "escapes", "indented", "list-items", "quoted-ticks", "headings"])
def test_scan_of_adversarial_text_completes(text: str) -> None:
    result = scan(text)
    assert result.anchors is not None


# --- the masking agrees with the renderer ---------------------------------------------------------


_TOKENS = ["`", "``", "```", "~~~", " ", "    ", "\n", "\n\n", "\\", "<b>x</b>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_the_tags_left_unmasked_are_the_tags_the_site_renders(text: str) -> None:
    assert mask_code(text).count("<b>") == render(text).count("<b>")


_BLOCK_TOKENS = _TOKENS + ["a", "#", ">", "- ", "1. ", "|", "---", "===", "!!! note", "\t", "<div>", "</div>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BLOCK_TOKENS), max_size=30).map("".join))
def test_block_structure_decides_code_as_the_renderer_does(text: str) -> None:
    assert mask_code(text).count("<b>") == render(text).count("<b>")


@pytest.mark.parametrize("body, live", [
    ("`unbalanced <img src=x onerror=alert(1)>", 1),  # a lone backtick is text: the tag is live
    ("```\n<img src=x onerror=alert(1)>\n```\n", 0),  # a fenced block (MkDocs enables fenced_code)
    ("~~~\n<img src=x onerror=alert(1)>\n~~~\n", 0),
    ("```\n<img src=x onerror=alert(1)>\n", 1),  # an unclosed fence is not code
    ("    <img src=x onerror=alert(1)>\n", 0),  # an indented code block
    ("- item\n\n    <img src=x onerror=alert(1)>\n", 1),  # the item's second paragraph, not code
    ("<div>\n`<img src=x onerror=alert(1)>`\n</div>\n", 1),  # raw HTML: no Markdown inside
    ('<div markdown="1">\n`<img src=x onerror=alert(1)>`\n</div>\n', 0),  # md_in_html: Markdown inside
    ("`a\n\n<img src=x onerror=alert(1)> b`", 1),  # a code span never crosses a blank line
    ("# Title `a\n<img src=x onerror=alert(1)> b`", 1),  # nor a heading
    ("> `a\n\n<img src=x onerror=alert(1)>`", 1),
    ("\\`<img src=x onerror=alert(1)>`", 1),  # an escaped backtick opens nothing
    ("\\\\`<img src=x onerror=alert(1)>`", 0),  # an escaped backslash, then a code span
])
def test_code_is_masked_exactly_where_the_site_renders_code(body: str, live: int) -> None:
    assert render(body).count("<img") == live
    assert mask_code(body).count("<img") == live


def test_the_site_really_renders_fenced_code(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text() + "\n```\n<b>fenced</b>\n```\n\n`a\n<b>span</b>`\n")
    assert build_site(root, tmp_path / "site").ok
    page = (tmp_path / "site" / "modules" / "hygiene" / "index.html").read_text()
    assert "&lt;b&gt;fenced&lt;/b&gt;" in page and "&lt;b&gt;span&lt;/b&gt;" in page and "<b>" not in page


def test_code_spans_pair_backticks_like_python_markdown() -> None:
    text = "`` ```x``` `a` ```` b `"
    ours = [text[start:end] for start, end in code_spans(text)]
    assert render(text).count("<code>") == len(ours)


# --- anchors ---------------------------------------------------------------------------------------


_TRICKY_HEADINGS = """\
## Using the `hoist` safely

Title with *emphasis* and __strong__
====================================

A [link](other.md) and <span>tags</span> &amp; entities
-------------------------------------------------------

### snake_case_name and 2*3*4

## Custom { #mine }

## Using the `hoist` safely

## Qué hacer ¿ahora?

#No space after the hashes

    ## in an indented code block

```
## in a fenced block
```

## Closing hashes ##
"""


def test_anchors_are_the_ids_the_site_renders() -> None:
    rendered = re.findall(r'<h[1-6] id="([^"]*)"', render(_TRICKY_HEADINGS))
    headings = scan(_TRICKY_HEADINGS, first_line=1).headings
    assert [heading.anchor for heading in headings] == rendered
    assert "using-the-hoist-safely" in rendered and "mine" in rendered


def test_a_correct_link_to_a_heading_with_code_is_accepted(minimal_site: Path) -> None:
    module = minimal_site / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text() + "\n## Using the `hoist` safely\n\nSee [above](#using-the-hoist-safely).\n"
                      "\nSetext title\n------------\n\nAnd [this](#setext-title).\n")
    codes = [d.code for d in validate_project(minimal_site).diagnostics]
    assert "CG408" not in codes


# --- line ends -------------------------------------------------------------------------------------


def _to_line_ends(root: Path, ending: bytes) -> None:
    for path in root.rglob("*"):
        if path.suffix in (".md", ".yaml", ".yml") and path.is_file():
            path.write_bytes(path.read_bytes().replace(b"\n", ending))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _diagnostics(root: Path) -> list[tuple]:
    return [(d.code, d.path, d.line, d.column, d.message) for d in validate_project(root).diagnostics]


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_windows_line_ends_give_the_same_diagnostics(tmp_path: Path, ending: bytes) -> None:
    plain = make_site(tmp_path / "plain", overlay="links")
    converted = make_site(tmp_path / "converted", overlay="links")
    _to_line_ends(converted, ending)
    assert _diagnostics(converted) == _diagnostics(plain) != []


def test_a_crlf_project_builds_the_same_site(tmp_path: Path, multilingual_build) -> None:
    root, site, _ = multilingual_build
    converted = make_site(tmp_path, "multilingual")
    _to_line_ends(converted, b"\r\n")
    assert _diagnostics(converted) == _diagnostics(root)
    result = build_site(converted, tmp_path / "site")
    assert result.ok, result.errors
    assert _tree(tmp_path / "site") == _tree(site)


def test_a_crlf_trainer_block_is_closed(minimal_site: Path) -> None:
    module = minimal_site / "content" / "modules" / "hygiene.md"
    module.write_bytes((module.read_text() + "\n::: trainer\nSecret\n:::\n").replace("\n", "\r\n").encode())
    assert "CG311" not in [d.code for d in validate_project(minimal_site).diagnostics]


# --- trainer blocks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["::: trainer", "::: Trainer", ":::trainer", "::: TRAINER", "::: trainer-notes",
                                     "::: exercise", "  :::  Trainer  notes"])
def test_no_spelling_of_a_block_reaches_learners(opening: str) -> None:
    body = f"# Title\n\nLearner text.\n\n{opening}\nSecret timing\n:::\n\nMore learner text.\n"
    learner, notes = split_trainer_notes(body)
    with_slots, slotted_notes = trainer_blocks_as_slots(body)
    assert "Secret" not in learner and "Secret" not in with_slots
    assert notes == list(slotted_notes) == ["Secret timing"]  # the slots' notes are kept: a tuple
    assert "More learner text." in learner and TRAINER_SLOT in with_slots


def test_only_trainer_is_a_known_kind() -> None:
    kinds = [kind for _, kind in scan("::: Trainer\na\n:::\n\n::: trainer-notes\nb\n:::\n").unknown_blocks]
    assert kinds == ["trainer-notes"]


# --- the YAML constructor forgets what it built ---------------------------------------------------


def test_validating_again_and_again_keeps_the_yaml_caches_empty(minimal_site: Path) -> None:
    for _ in range(20):
        validate_project(minimal_site)
        assert not sources._CONSTRUCTOR.constructed_objects
        assert not sources._CONSTRUCTOR.recursive_objects


def test_adversarial_text_is_as_large_as_asked() -> None:
    assert len(adversarial_text(10_000)) == 10_000
