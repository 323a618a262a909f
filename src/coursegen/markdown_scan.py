"""A light scan of Markdown bodies: links, images, headings, unsafe HTML and trainer-notes blocks.

The scan masks code exactly where the site's renderer sees code (see `markdown_code`), so that examples in
code are never taken for links or HTML while live HTML is never hidden, and it keeps offsets so every
finding has a line and a column. It does not render Markdown, except heading texts for their anchors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from markdown.extensions.toc import slugify_unicode, unique

from .markdown_code import mask_code

__all__ = ["BodyScan", "Heading", "Link", "REFERENCE_SCHEMES", "Unsafe", "mask_code", "scan", "split_trainer_notes"]

TRAINER_OPEN = re.compile(r"^[ \t]{0,3}:::[ \t]*trainer\b.*$")
BLOCK_CLOSE = re.compile(r"^[ \t]{0,3}:::[ \t]*$")
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.M)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{[^}\n]*#([\w-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_UNSAFE_TAG = re.compile(r"<\s*(script|iframe|frame|frameset|object|embed|applet|base|meta)\b", re.I)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]*?\s(on[a-zA-Z]+)\s*=", re.S)
_SCRIPT_URL_ATTR = re.compile(
    r"<[a-zA-Z][^<>]*?\s(?:href|src|action|formaction|xlink:href|data)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:",
    re.I | re.S,
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
#: Link schemes that point to items of the library: `[](outcome:A1.C1.LO1)`, `[](term:dementia)`...
REFERENCE_SCHEMES = ("outcome", "competence", "area", "module", "course", "term")
_EMPHASIS = re.compile(r"[*_`]")


@dataclass(frozen=True)
class Link:
    target: str
    text: str
    line: int
    column: int
    image: bool


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Unsafe:
    what: str
    line: int
    column: int


@dataclass
class BodyScan:
    links: list[Link] = field(default_factory=list)
    unsafe: list[Unsafe] = field(default_factory=list)
    trainer_blocks: list[tuple[int, int]] = field(default_factory=list)  # (open line, close line), body lines
    unclosed_trainer: int | None = None  # line of an unclosed `::: trainer`
    masked: str = ""  # the body with code blanked out
    first_line: int = 1

    @cached_property
    def headings(self) -> list[Heading]:
        """Headings with the anchors Markdown's toc extension gives them (computed on first use: slugs are slow)."""
        headings, seen = [], set()
        for match in _HEADING.finditer(self.masked) if "#" in self.masked else ():
            raw = match.group(2)
            explicit = _ATTR_ID.search(raw)
            text = heading_text(raw)
            anchor = explicit.group(1) if explicit else unique(slugify_unicode(text, "-"), seen)
            seen.add(anchor)
            line = self.first_line + self.masked.count("\n", 0, match.start())
            headings.append(Heading(len(match.group(1)), text, anchor, line))
        return headings

    @cached_property
    def anchors(self) -> set[str]:
        anchors = {heading.anchor for heading in self.headings}
        if "{" in self.masked:
            anchors |= set(_ATTR_ID.findall(self.masked))
        if "<" in self.masked:
            anchors |= set(_HTML_ID.findall(self.masked))
        return anchors


def heading_text(raw: str) -> str:
    """Heading text as a reader sees it: links become their text, emphasis marks and attributes go."""
    text = _ATTR_ID.sub("", raw) if "{" in raw else raw
    text = _LINK.sub(lambda m: m.group(2), text) if "](" in text else text
    return _EMPHASIS.sub("", text).strip()


def scan(body: str, first_line: int = 1) -> BodyScan:
    """Scan a Markdown body whose first line is line `first_line` of its file."""
    masked = mask_code(body)
    starts = [0] + [m.end() for m in re.finditer("\n", masked)]

    def where(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        return first_line + index, offset - starts[index] + 1

    result = BodyScan(masked=masked, first_line=first_line)
    if ":::" in masked:
        _scan_trainer_blocks(masked, result)
    _scan_links(masked, starts, where, result)
    if "]:" in masked:
        for match in _REF_DEF.finditer(masked):
            line, column = where(match.start(2))
            result.links.append(Link(match.group(2), match.group(1), line, column, False))
    _scan_unsafe(masked, where, result)
    return result


def _scan_links(masked: str, starts: list[int], where, result: BodyScan) -> None:
    """Inline links and images. Only the lines that contain '](' are matched: prose is skipped at C speed."""
    seen: set[int] = set()
    position = masked.find("](")
    while position != -1:
        index = bisect.bisect_right(starts, position) - 1
        first = starts[index]
        # a link may span two lines of a paragraph: match from the start of the previous line
        begin = starts[index - 1] if index > 0 else 0
        end = masked.find("\n", position)
        end = len(masked) if end == -1 else end
        for match in _LINK.finditer(masked, begin, end):
            if match.end() > first and match.start() not in seen:
                seen.add(match.start())
                line, column = where(match.start())
                result.links.append(Link(match.group(3).strip("<>"), match.group(2), line, column,
                                         bool(match.group(1))))
        position = masked.find("](", end)


def _scan_unsafe(masked: str, where, result: BodyScan) -> None:
    if "<" in masked:
        _scan_unsafe_html(masked, where, result)
    for link in result.links:
        if link.target.lower().replace(" ", "").startswith(SCRIPT_SCHEMES):
            result.unsafe.append(Unsafe(f"a {link.target.split(':')[0].lower()}: address", link.line, link.column))


def _scan_unsafe_html(masked: str, where, result: BodyScan) -> None:
    for match in _UNSAFE_TAG.finditer(masked):
        result.unsafe.append(Unsafe(f"<{match.group(1).lower()}>", *where(match.start())))
    for match in _EVENT_ATTR.finditer(masked):
        result.unsafe.append(Unsafe(f"the attribute {match.group(1).lower()}=", *where(match.start(1))))
    for match in _SCRIPT_URL_ATTR.finditer(masked):
        scheme = match.group(1).lower()
        if scheme == "data" and not re.match(r"data\s*:\s*text/html", masked[match.start(1):], re.I):
            continue
        result.unsafe.append(Unsafe(f"a {scheme}: address", *where(match.start(1))))


def _scan_trainer_blocks(masked: str, result: BodyScan) -> None:
    """Body-relative line numbers (1-based) of `::: trainer` blocks."""
    opened: int | None = None
    for index, line in enumerate(masked.split("\n"), start=1):
        if opened is None and TRAINER_OPEN.match(line):
            opened = index
        elif opened is not None and BLOCK_CLOSE.match(line):
            result.trainer_blocks.append((opened, index))
            opened = None
    result.unclosed_trainer = opened


def split_trainer_notes(body: str) -> tuple[str, list[str]]:
    """The learner text (trainer blocks removed) and the text of each trainer block, in order."""
    scan_result = BodyScan()
    _scan_trainer_blocks(mask_code(body), scan_result)
    lines = body.split("\n")
    blocks: list[tuple[int, int]] = list(scan_result.trainer_blocks)
    if scan_result.unclosed_trainer is not None:  # never leak an unclosed block to learners
        blocks.append((scan_result.unclosed_trainer, len(lines) + 1))
    keep = [True] * len(lines)
    notes = []
    for start, end in blocks:
        notes.append("\n".join(lines[start:end - 1]).strip("\n"))
        for index in range(start - 1, min(end, len(lines))):
            keep[index] = False
    learner = "\n".join(line for line, kept in zip(lines, keep) if kept)
    return learner, notes
