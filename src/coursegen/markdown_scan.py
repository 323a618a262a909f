"""A light scan of Markdown bodies: links, images, headings and `:::` blocks (raw HTML is judged by
`html_policy`, against the sanitiser's allow-list).

The scan masks code exactly where the site's renderer sees code (see `markdown_code`), so that examples in
code are never taken for links or HTML while live HTML is never hidden, and it keeps offsets so every
finding has a line and a column. It does not render Markdown, except heading texts for their anchors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from .markdown_anchors import heading_anchors, heading_lines
from .markdown_code import holds, mask_code

__all__ = ["BodyScan", "Heading", "Link", "LinkSpan", "REFERENCE_SCHEMES", "block_scan", "link_spans", "mask_code",
           "scan", "split_trainer_notes"]

#: The kinds of `::: kind` block coursegen knows (compared without regard to capitals): trainer notes,
#: session plans (see `sessions`) and self-check quizzes (see `quiz`). A block of any other kind is reported
#: (CG317) and, like trainer notes, never shown to learners: an unknown block is not published. Quizzes are
#: for learners, but only as coursegen renders them: left as they are, they are left out like the rest.
BLOCK_KINDS = ("trainer", "session", "quiz")
#: The kind of `:::` block that is kept apart from the trainer blocks (`BodyScan.quiz_blocks`).
_QUIZ = "quiz"
#: `::: kind ...`: the kind is the first word after the colons.
BLOCK_OPEN = re.compile(r"^[ \t]{0,3}:::[ \t]*([^\s:]\S*)")
BLOCK_CLOSE = re.compile(r"^[ \t]{0,3}:::[ \t]*$")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.M)
# Each match starts at a `{` or `<` and cannot run past the next one, so a page of `{{{{` or `<<<<` is
# matched in linear time.
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_ATTR_ID = re.compile(r"#([\w-]+)")
_HTML_ID = re.compile(r"<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*[\"']([^\"'<>]+)[\"']")
#: Link schemes that point to items of the library: `[](outcome:A1.C1.LO1)`, `[](term:dementia)`...
REFERENCE_SCHEMES = ("outcome", "competence", "area", "module", "course", "term")


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


@dataclass
class BodyScan:
    links: list[Link] = field(default_factory=list)
    # (open line, close line), body lines, of every `:::` block: trainer notes and unknown kinds alike
    trainer_blocks: list[tuple[int, int]] = field(default_factory=list)
    quiz_blocks: list[tuple[int, int]] = field(default_factory=list)  # (open line, close line) of `::: quiz`
    unclosed_trainer: int | None = None  # line of an unclosed `:::` block
    unknown_blocks: list[tuple[int, str]] = field(default_factory=list)  # (open line, kind as written)
    masked: str = ""  # the body with code blanked out
    source: str = ""  # the body itself
    first_line: int = 1

    @property
    def unclosed_kind(self) -> str | None:
        """The kind (in lower case) of the `:::` block that is never closed, or None."""
        if self.unclosed_trainer is None:
            return None
        opening = BLOCK_OPEN.match(self.masked.split("\n")[self.unclosed_trainer - 1])
        return opening.group(1).lower() if opening else None

    @cached_property
    def headings(self) -> list[Heading]:
        """Headings with the anchors the site's renderer gives them (computed on first use: it renders)."""
        if "#" not in self.masked and "\n=" not in self.masked and "\n-" not in self.masked:
            return []
        lines = heading_lines(self.source, self.masked)
        references = [m.group(0) for m in _REF_DEF.finditer(self.source)] if holds(self.masked, "]:") else []
        anchors = heading_anchors(lines, references)
        return [Heading(line.level, text, anchor, self.first_line + line.line)
                for line, (text, anchor) in zip(lines, anchors)]

    @cached_property
    def anchors(self) -> set[str]:
        """Every id a link can point to on the page: headings, attribute lists and HTML ids."""
        anchors = {heading.anchor for heading in self.headings}
        if "{" in self.masked:
            anchors |= {found for block in _ATTR_LIST.findall(self.masked) for found in _ATTR_ID.findall(block)}
        if "<" in self.masked:
            anchors |= set(_HTML_ID.findall(self.masked))
        return anchors


def scan(body: str, first_line: int = 1) -> BodyScan:
    """Scan a Markdown body whose first line is line `first_line` of its file."""
    masked = mask_code(body)
    where = _LineIndex(masked, first_line)
    result = BodyScan(masked=masked, source=body, first_line=first_line)
    if holds(masked, ":::"):
        _scan_trainer_blocks(masked, result)
    _scan_links(masked, where, result)
    if holds(masked, "]:"):
        for match in _REF_DEF.finditer(masked):
            line, column = where(match.start(2))
            result.links.append(Link(match.group(2), match.group(1), line, column, False))
    return result


@dataclass(frozen=True)
class LinkSpan:
    """Where an inline link or image stands in a (masked) body: `[text](target)` from `start` to `end`."""

    start: int
    end: int
    text: str
    target: str  # as written, `<...>` included
    image: bool


def link_spans(masked: str) -> list[LinkSpan]:
    """Inline links and images: `[text](target "title")`, brackets nested to any depth as the renderer
    allows, within one paragraph. One pass over the brackets pairs them, so nested or unclosed brackets
    cost linear time."""
    return [LinkSpan(*parts) for parts in _link_parts(masked)]


def _link_parts(masked: str) -> list[tuple[int, int, str, str, bool]]:
    """`link_spans` as tuples (start, end, text, target, image): the scan makes its own `Link`s of them."""
    if not holds(masked, "]("):
        return []
    target_end, angle_end = _NextStop(_TARGET_STOP), _NextStop(_ANGLE_STOP)
    spans = []
    for opening, closing in _bracket_pairs(masked):
        if masked.startswith("](", closing):
            found = _link_target(masked, closing + 2, target_end, angle_end)
            if found is not None:
                target, after = found
                image = opening > 0 and masked[opening - 1] == "!"
                end = _TITLE.match(masked, after).end()
                spans.append((opening - 1 if image else opening, end, masked[opening + 1:closing], target, image))
    return spans


class _LineIndex:
    """(line, column) of an offset in a body. Offsets asked in increasing order (a page's links, mostly) are
    placed by counting the newlines since the last one, at C speed; the first one asked out of order makes a
    table of the line starts for every later question. Either way a body costs linear time."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line
        self.starts: list[int] | None = None
        self.offset = self.line = self.line_start = 0  # the last offset placed, its line (0-based), its start

    def __call__(self, offset: int) -> tuple[int, int]:
        if self.starts is None and offset >= self.offset:
            newlines = self.text.count("\n", self.offset, offset)
            if newlines:
                self.line += newlines
                self.line_start = self.text.rfind("\n", self.offset, offset) + 1
            self.offset = offset
            return self.first_line + self.line, offset - self.line_start + 1
        if self.starts is None:
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


def _scan_links(masked: str, where: _LineIndex, result: BodyScan) -> None:
    for start, _, text, target, image in _link_parts(masked):
        line, column = where(start)
        result.links.append(Link(target.strip("<>"), text, line, column, image))


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TARGET_STOP = re.compile(r"[)\s]")
_ANGLE_STOP = re.compile(r"[>\n]")
# possessive: white space is never matched two ways (backtracking over a long run of it is quadratic)
_TITLE = re.compile(r"\s*+(?:\"[^\"\n]*+\"\s*+|'[^'\n]*+'\s*+)?\)")


def _bracket_pairs(masked: str) -> list[tuple[int, int]]:
    """(offset of `[`, offset of its `]`) for every matched pair, in the order the `]` appear. A blank line
    ends a paragraph and every bracket still open in it."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    previous = 0
    for offset in sorted(_offsets(masked, "[") + _offsets(masked, "]")):
        # only brackets change the stack, so only a blank line since the last one can empty it (each gap is
        # searched at most once: linear)
        if stack and _BLANK_LINE.search(masked, previous, offset):
            stack.clear()
        if masked[offset] == "[":
            stack.append(offset)
        elif stack:
            pairs.append((stack.pop(), offset))
        previous = offset
    return sorted(pairs, key=lambda pair: pair[1])


def _offsets(text: str, char: str) -> list[int]:
    """Every offset of `char` in `text` (str.find skips prose at C speed; a regex steps through it)."""
    found, at = [], text.find(char)
    while at != -1:
        found.append(at)
        at = text.find(char, at + 1)
    return found


class _NextStop:
    """The first match of a pattern at or after a position, for positions asked in increasing order: each
    answer is reused until it lies behind, so a whole page is searched once."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.found: int | None = None  # None: not searched yet; -1: no match after the last search
        self.title_at, self.title_ok = -1, False

    def closes(self, text: str, end: int) -> bool:
        """Whether an optional title and `)` follow the target ending at `end` (remembered: many link
        openers can end at the same white space)."""
        if self.title_at != end:
            self.title_at, self.title_ok = end, bool(_TITLE.match(text, end))
        return self.title_ok

    def after(self, text: str, position: int) -> int:
        if self.found is None or (self.found != -1 and self.found < position):
            match = self.pattern.search(text, position)
            self.found = match.start() if match else -1
        return len(text) if self.found == -1 else self.found


def _link_target(masked: str, position: int, target_end: _NextStop, angle_end: _NextStop
                 ) -> tuple[str, int] | None:
    """The target of a link whose `(` ends just before `position` and where it ends, or None when the
    `(...)` is not a link."""
    while position < len(masked) and masked[position] in " \t\n":
        position += 1
    if masked.startswith("<", position):
        close = angle_end.after(masked, position)
        if close == len(masked) or masked[close] != ">":
            return None
        end = close + 1
    else:
        end = target_end.after(masked, position)
    if not target_end.closes(masked, end):
        return None
    return masked[position:end], end


def _scan_trainer_blocks(masked: str, result: BodyScan) -> None:
    """Body-relative line numbers (1-based) of `::: kind` blocks; every kind is kept from learners (quizzes
    are listed apart: the site shows them as quizzes)."""
    opened: int | None = None
    quiz = False
    for index, line in _lines_with(masked, ":::"):  # an opening or closing line holds ":::"; no other does
        if opened is None:
            opening = BLOCK_OPEN.match(line)
            if opening:
                opened, quiz = index, opening.group(1).lower() == _QUIZ
                if opening.group(1).lower() not in BLOCK_KINDS:
                    result.unknown_blocks.append((index, opening.group(1)))
        elif BLOCK_CLOSE.match(line):
            (result.quiz_blocks if quiz else result.trainer_blocks).append((opened, index))
            opened = None
    result.unclosed_trainer = opened


def _lines_with(text: str, needle: str) -> Iterator[tuple[int, str]]:
    """(line number, 1-based, and text) of every line of `text` that holds `needle`, in order: the text is
    searched for the needle, not split into lines (a module has hundreds, a few of them blocks)."""
    at, line, counted = text.find(needle), 1, 0
    while at != -1:
        start = text.rfind("\n", counted, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        line += text.count("\n", counted, start)
        yield line, text[start:end]
        counted = start
        at = text.find(needle, end)


def block_scan(body: str) -> BodyScan:
    """The `::: kind` blocks of a body only (`scan` also finds its links and headings)."""
    result = BodyScan()
    masked = mask_code(body)
    if holds(masked, ":::"):
        _scan_trainer_blocks(masked, result)
    return result


def split_trainer_notes(body: str) -> tuple[str, list[str]]:
    """The learner text (trainer blocks and quizzes removed: see `pages.quiz_blocks` for how a page shows a
    quiz) and the text of each trainer block, in order."""
    scan_result = block_scan(body)
    lines = body.split("\n")
    blocks: list[tuple[int, int]] = list(scan_result.trainer_blocks)
    if scan_result.unclosed_trainer is not None:  # never leak an unclosed block to learners
        blocks.append((scan_result.unclosed_trainer, len(lines) + 1))
    keep = [True] * len(lines)
    notes = []
    for start, end in blocks:
        notes.append("\n".join(lines[start:end - 1]).strip("\n"))
    for start, end in blocks + scan_result.quiz_blocks:
        for index in range(start - 1, min(end, len(lines))):
            keep[index] = False
    learner = "\n".join(line for line, kept in zip(lines, keep) if kept)
    return learner, notes
