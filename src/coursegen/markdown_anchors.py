"""Heading anchors exactly as the site gets them: the heading lines of a page, rendered by Python-Markdown.

The toc extension makes an id from the heading's rendered text (code spans keep their text; emphasis, links
and tags are reduced to text; entities are unescaped), lets an attr_list `{ #id }` win, and numbers
duplicates. Rather than imitate all of that, the headings of a page are rendered together, once, with the
site's own extensions, unless none of them holds inline markup (then the text is as written and the toc's
own slug and numbering give the ids, see `_plain`); the checks only ask for them when a link points into
the page.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions.toc import slugify_unicode, unique

#: MkDocs always adds these to the configured Markdown extensions (`MkDocsConfig.markdown_extensions.builtins`).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: Beyond this much heading text, a page's anchors are approximated instead (the renderer is not linear).
MAX_RENDERED = 100_000
#: ... and at most this many headings (a real module has dozens).
MAX_RENDERED_HEADINGS = 1_000

_SETEXT = re.compile(r"[=-]+[ ]*$")
_HEADING_TAG = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r"""\sid="([^"]*)\"""")
_TAG = re.compile(r"<[^>]*>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_MARKUP = re.compile(r"[*_`]")
#: What makes a heading's rendered text differ from the text as written: code, emphasis, links, images, raw
#: HTML, entities, escapes and attribute lists (the site's extensions add no other inline syntax).
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<>&{}]")
_LOCAL = threading.local()


def heading_slug(value: str, separator: str) -> str:
    """A heading's id, the toc extension's `slugify` for every coursegen site: its default slug for Latin
    text (accents dropped, `Évaluation` -> `evaluation`), and the words themselves for other scripts, which
    the default drops, leaving `_1`, `_2`... (`خطة الجلسة` -> `خطة-الجلسة`, without the vowel marks, so an
    id does not change when a translator adds or drops them). Stable, readable in the reader's script."""
    kept = []
    for char in unicodedata.normalize("NFKC", value):
        if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            # as the default slug does: the letter without its accents, or nothing (ß, ø)
            kept.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii"))
        elif not unicodedata.combining(char):  # vowel marks, shadda... are left out
            kept.append(char)
    return slugify_unicode("".join(kept), separator)


#: The toc extension's options that are code, not data (MkDocs' config travels as YAML): every renderer of
#: a coursegen page adds them (the site's workers, the MkDocs plugin, the anchors here).
TOC_SLUG = {"slugify": heading_slug}


@dataclass(frozen=True)
class HeadingLine:
    level: int
    line: int  # index of the line in the body (0-based)
    markdown: str  # the heading as an ATX heading line


def heading_lines(body: str, masked: str) -> list[HeadingLine]:
    """ATX (`## Title`) and setext (`Title` over `===` or `---`) headings outside code, in order."""
    lines, shown = body.split("\n"), masked.split("\n")
    found = []
    for index, text in enumerate(shown):
        if text.startswith("#") and (len(text) - len(text.rstrip("\\"))) % 2 == 0:
            level = min(len(text) - len(text.lstrip("#")), 6)
            found.append(HeadingLine(level, index, lines[index]))
        elif index + 1 < len(shown) and text.strip() and not text.startswith("    ") \
                and (index == 0 or not shown[index - 1].strip()) and _SETEXT.match(shown[index + 1]) \
                and not text.lstrip().startswith((">", "|", "<")):
            level = 1 if shown[index + 1].startswith("=") else 2
            found.append(HeadingLine(level, index, "#" * level + " " + lines[index].strip()))
    return found


def heading_anchors(headings: list[HeadingLine], reference_lines: list[str]) -> list[tuple[str, str]]:
    """(rendered text, id) of each heading, as the site renders them. Past a size or a count no real page
    reaches, they are approximated instead: the toc numbers equal headings one by one, which is quadratic."""
    size = sum(len(heading.markdown) for heading in headings)
    if headings and size <= MAX_RENDERED and len(headings) <= MAX_RENDERED_HEADINGS:
        rendered = _plain(headings) or _render(headings, reference_lines)
        if rendered is not None:
            return rendered
    return _approximate(headings)


def _plain(headings: list[HeadingLine]) -> list[tuple[str, str]] | None:
    """(text, id) of each heading without rendering them, when none holds inline markup: the renderer then
    gives the heading's text as written (its `#` marks and the spaces around it taken off, by Python-Markdown's
    own pattern), and the toc its slug, numbering duplicates with the toc's own `unique`. None when any
    heading has markup: then all are rendered (an id depends on the ids before it). Most pages' headings are
    plain words, and rendering them was a quarter of validating the shipped content."""
    ids: set[str] = set()
    found = []
    for heading in headings:
        match = HashHeaderProcessor.RE.search(heading.markdown)
        text = match.group("header").strip() if match else ""
        if not text or _INLINE_MARKUP.search(text):
            return None
        found.append((text, unique(heading_slug(text, "-"), ids)))
    return found


def _render(headings: list[HeadingLine], reference_lines: list[str]) -> list[tuple[str, str]] | None:
    found = _rendered_headings("\n\n".join([heading.markdown for heading in headings] + reference_lines))
    return list(found) if len(found) == len(headings) else None


@lru_cache(maxsize=4096)
def _rendered_headings(document: str) -> tuple[tuple[str, str], ...]:
    """(text, id) of each heading of `document` as Markdown renders it. Pure, so kept: the live preview
    validates the whole library on every save, and most pages' headings are as they were (a third of a
    validation went to rendering them again)."""
    output = _markdown().reset().convert(document)
    found = []
    for match in _HEADING_TAG.finditer(output):
        anchor = _ID.search(match.group(2))
        text = html.unescape(_TAG.sub("", _PERMALINK.sub("", match.group(3)))).strip()
        found.append((text, html.unescape(anchor.group(1)) if anchor else ""))
    return tuple(found)


def _approximate(headings: list[HeadingLine]) -> list[tuple[str, str]]:
    """Anchors without rendering: markup characters dropped, then the toc's slug and its numbering of equal
    slugs (`x`, `x_1`, `x_2`...), counted per slug so that many equal headings cost linear time."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    found = []
    for heading in headings:
        text = _MARKUP.sub("", heading.markdown.lstrip("#").rstrip("#")).strip()
        slug = heading_slug(text, "-")
        anchor = slug
        while anchor in seen or not anchor:
            counts[slug] = counts.get(slug, 0) + 1
            anchor = f"{slug}_{counts[slug]}"
        seen.add(anchor)
        found.append((text, anchor))
    return found


def _markdown() -> markdown.Markdown:
    """One Markdown instance per thread, set up with the site's extensions (made once: that is slow)."""
    if not hasattr(_LOCAL, "md"):
        from .site.config import MARKDOWN_EXTENSIONS  # here, not at the top: site.config imports the scan

        names, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
        for extension in MARKDOWN_EXTENSIONS:
            name, config = next(iter(extension.items())) if isinstance(extension, dict) else (extension, None)
            if name not in names:
                names.append(name)
            if config:
                configs[name] = config
        configs["toc"] = {**configs.get("toc", {}), **TOC_SLUG}
        _LOCAL.md = markdown.Markdown(extensions=names, extension_configs=configs)
    return _LOCAL.md
