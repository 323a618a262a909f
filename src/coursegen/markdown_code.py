"""Where the site's renderer sees code: a linear-time model of Python-Markdown's code rules.

The checks must see what the renderer makes live and nothing else: masking too little reports examples in
code as problems, masking too much hides live HTML. So `mask_code` follows Python-Markdown as the site runs
it (MkDocs always adds `fenced_code`, `tables` and `toc` to the configured extensions), in its order:

1. fenced blocks: a line that is only ``` or ~~~ (3 or more, at column 0, optionally a language) up to the
   next line with exactly the same fence; an unclosed fence is not code;
2. raw HTML blocks: a block-level tag at the start of a line (up to 3 spaces) starts HTML that is passed
   through untouched up to its closing tag (or the end of the page), so nothing in it is code;
3. blocks (separated by blank lines): a block that starts indented by 4 spaces is code, unless it continues
   a list, admonition, definition or footnote; headings, rules, list items, table rows and quotes are split
   off so that an inline code span never crosses them;
4. inline code spans inside each block, with Python-Markdown's backtick pairing and backslash escapes.

Python-Markdown's own code-span search rescans the rest of a block for every unmatched backtick run, which
is quadratic; here every run is paired with precomputed tables, so a body is masked in linear time.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

#: Python-Markdown's block-level tags (`Markdown().block_level_elements`): they start raw HTML blocks.
BLOCK_LEVEL_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "canvas", "center", "colgroup", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "group", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript",
    "object", "ol", "option", "output", "p", "pre", "progress", "script", "section", "style", "summary", "table",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul", "video",
))
_TAB = 4
_MAX_DEPTH = 40  # nested quotes and lists deeper than this are left unmasked (safe: shown to the checks)

_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*+[ ]*+(?:hl_lines=(\"|').*?\2[ ]*)?)$")
_HTML_START = re.compile(r"[ ]{0,3}<([a-zA-Z][a-zA-Z0-9-]*+)(?=[\s/>]|$)")
_COMMENT_START = re.compile(r"[ ]{0,3}<!--")
_ANY_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*+)(?=[\s/>]|$)")
_HTML_END = re.compile(r"[ ]{0,3}</([a-zA-Z][a-zA-Z0-9-]*+)\s*>")
_MARKDOWN_ATTR = re.compile(r"""\smarkdown\s*=\s*["']?(?:1|block|span)|\smarkdown(?=[\s/>])""", re.I)
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:\d+\.|[*+-])[ \t]+")  # tabs after the marker are eaten too
_NESTED_ITEM = re.compile(r"[ ]{4,7}(?:\d+\.|[*+-])[ ]+")
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_SETEXT_RULE = re.compile(r"[=-]+[ ]*$")
_TABLE_RULE = re.compile(r"[ ]*\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$")
_DEFINITION = re.compile(r"[ ]{0,3}:[ ]{1,3}")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]:")
_ADMONITION = re.compile(r'!!! ?[\w-]+(?: +[\w-]+)*(?: +"[^\n]*?")? *$')
_TICKS = re.compile(r"`+")
#: Block kinds whose indented continuation is their own content, not a code block.
_CONTAINERS = frozenset(("list", "admonition", "definition", "footnote"))


@dataclass
class _Lines:
    """Lines of (part of) a body as offsets into it: a quote's or list item's lines start after their marker."""

    body: str
    starts: list[int]
    ends: list[int]
    texts: list[str] | None = None  # computed once: lines are looked at many times

    def __post_init__(self) -> None:
        if self.texts is None:
            body = self.body
            self.texts = [body[start:end] if end >= 0 else "" for start, end in zip(self.starts, self.ends)]

    def text(self, index: int) -> str:
        """The line's text; empty for the placeholder of a fenced block (end -1) and a raw block (-2)."""
        return self.texts[index]  # type: ignore[index]

    def sub(self, first: int, last: int) -> _Lines:
        return _Lines(self.body, self.starts[first:last], self.ends[first:last],
                      self.texts[first:last])  # type: ignore[index]


class _Masker:
    """Collects the body ranges that are code, then blanks them (newlines kept)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.ranges: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.ranges.append((start, end))

    def result(self) -> str:
        if not self.ranges:
            return self.body
        parts, last = [], 0
        for start, end in sorted(self.ranges):
            start = max(start, last)
            if end <= start:
                continue
            parts.append(self.body[last:start])
            chunk = self.body[start:end]
            parts.append(" " * len(chunk) if "\n" not in chunk else re.sub(r"[^\n]", " ", chunk))
            last = end
        parts.append(self.body[last:])
        return "".join(parts)


def holds(text: str, needle: str) -> bool:
    """Whether `needle` is in `text`. Its first character is looked for first: one character is found at C
    speed, a longer text three to twenty times slower (measured), and most bodies have no `:::` or `](`."""
    return needle[0] in text and needle in text


def mask_code(body: str) -> str:
    """The body with everything the renderer treats as code replaced by spaces (newlines kept)."""
    # most prose has no code: skip the walk
    if "`" not in body and "\t" not in body and not holds(body, "~~~") and "    " not in body:
        return body
    return _masked(body) if len(body) <= _KEPT_CHARS else _mask(body)


#: The longest body whose masked text is kept (a long module is 60,000 characters); with `maxsize` entries
#: the memory kept is bounded (at most about 256 x 2 x 128,000 characters) whatever the content.
_KEPT_CHARS = 128_000


@functools.lru_cache(maxsize=256)
def _masked(body: str) -> str:
    """`mask_code`, kept per process: generating a language's pages masks the same module text for several
    purposes (its scan, its trainer notes, its references); a third of the calls repeat one."""
    return _mask(body)


def _mask(body: str) -> str:
    masker = _Masker(body)
    lines = _split_lines(body)
    opaque = _fenced_blocks(lines, masker)
    _parse_blocks(_live_lines(lines, opaque), masker, depth=0)
    return masker.result()


def _split_lines(body: str) -> _Lines:
    starts = [0] + [m.end() for m in re.finditer("\n", body)]
    ends = [s - 1 for s in starts[1:]] + [len(body)]
    return _Lines(body, starts, ends)


def _indent(text: str) -> int:
    """Columns of leading white space, tabs expanded as Python-Markdown does."""
    stripped = text.lstrip(" \t")
    return len(text[:len(text) - len(stripped)].expandtabs(_TAB))


def _blank(text: str) -> bool:
    return not text.strip(" \t")


# --- 1. fenced blocks ----------------------------------------------------------------------------


def _fenced_blocks(lines: _Lines, masker: _Masker) -> dict[int, int]:
    """Mask fenced code blocks; return {first line: line after the block} for each."""
    closers: dict[str, list[int]] = {}
    for index in range(len(lines.starts)):
        text = lines.text(index)
        if text[:3] in ("```", "~~~"):  # the renderer expands tabs before it looks for fences
            closers.setdefault(text.expandtabs(_TAB).rstrip(" "), []).append(index)
    blocks: dict[int, int] = {}
    index, count = 0, len(lines.starts)
    while index < count:
        text = lines.text(index)
        opener = _FENCE_OPEN.match(text.expandtabs(_TAB)) if text[:3] in ("```", "~~~") else None
        if opener:
            candidates = closers.get(opener.group(1), [])
            position = bisect.bisect_right(candidates, index)
            if position < len(candidates):
                close = candidates[position]
                masker.add(lines.starts[index], lines.ends[close])
                blocks[index] = close + 1
                index = close + 1
                continue
        index += 1
    return blocks


# --- 2. raw HTML blocks ----------------------------------------------------------------------------


def _live_lines(lines: _Lines, opaque: dict[int, int]) -> _Lines:
    """The lines the block parser sees, after the fenced blocks and raw HTML blocks are taken out.

    A fenced block becomes one line of text without code marks (end -1): the renderer puts a placeholder
    line there. A raw HTML block becomes a blank line (end -2): the renderer sets it apart by blank lines;
    text after its closing tag on the same line is a line of its own.
    """
    starts: list[int] = []
    ends: list[int] = []
    index, count, cursor = 0, len(lines.starts), -1
    open_markdown: list[str] = []  # md_in_html tags whose content is Markdown
    while index < count:
        if index in opaque and cursor == -1:
            starts.append(lines.starts[index])
            ends.append(-1)
            index = opaque[index]
            continue
        start = lines.starts[index] if cursor == -1 else _tail_start(lines, index, cursor)
        if cursor != -1:  # after a closing tag, any block-level tag on the line starts raw HTML again
            tag = _first_block_tag(lines.body, cursor, lines.ends[index])
            if cursor < tag < lines.ends[index]:
                starts.append(cursor)
                ends.append(tag)
                start = tag
        raw_end = _raw_block_end(lines.body, start, lines.ends[index], open_markdown)
        if raw_end is None:
            starts.append(start)
            ends.append(lines.ends[index])
            index, cursor = index + 1, -1
            continue
        starts.append(start)
        ends.append(-2)
        if raw_end < 0:
            break
        index = bisect.bisect_right(lines.starts, raw_end) - 1
        if lines.body[raw_end:lines.ends[index]].strip(" \t"):
            cursor = raw_end
        else:
            index, cursor = index + 1, -1
    return _Lines(lines.body, starts, ends)


def _tail_start(lines: _Lines, index: int, cursor: int) -> int:
    """Where the text after a closing tag starts as a line of its own.

    Python-Markdown expands tabs over the whole line before it splits the raw HTML off, so a tab after
    `</div>` may be one column wide: indentation under 4 columns is no indentation at all.
    """
    body, end = lines.body, lines.ends[index]
    tail = body[cursor:end]
    blank_end = cursor + len(tail) - len(tail.lstrip(" \t"))
    if "\t" not in body[cursor:blank_end]:
        return cursor
    column = len(body[lines.starts[index]:cursor].expandtabs(_TAB))
    width = len(body[lines.starts[index]:blank_end].expandtabs(_TAB)) - column
    return blank_end if width < _TAB else cursor


def _first_block_tag(body: str, start: int, end: int) -> int:
    """The offset of the first block-level start tag in body[start:end], else `end`."""
    for match in _ANY_TAG.finditer(body, start, end):
        if match.group(1).lower() in BLOCK_LEVEL_TAGS:
            return match.start()
    return end


def _raw_block_end(body: str, start: int, end: int, open_markdown: list[str]) -> int | None:
    """The offset after the raw HTML block that starts at `start` (-1: the end of the body), else None.

    A tag with a `markdown` attribute (md_in_html) is not raw: its content is Markdown; only the tag, and
    later its closing tag, are taken out, so that code spans do not cross them.
    """
    text = body[start:min(end, start + 200)]
    if "<" not in text[:4]:
        return None
    if _COMMENT_START.match(text):
        close = body.find("-->", start)
        return -1 if close == -1 else close + 3
    closing = _HTML_END.match(text)
    if closing:
        tag = closing.group(1).lower()
        if tag in open_markdown:
            del open_markdown[len(open_markdown) - 1 - open_markdown[::-1].index(tag):]
            return start + closing.end()
        return None
    opening = _HTML_START.match(text)
    if not opening or opening.group(1).lower() not in BLOCK_LEVEL_TAGS:
        return None
    tag = opening.group(1).lower()
    tag_end = body.find(">", start, end)
    if _MARKDOWN_ATTR.search(body, start, tag_end if tag_end != -1 else end):
        open_markdown.append(tag)
        return end if tag_end == -1 else tag_end + 1
    return _closing_tag(body, start, tag)


def _closing_tag(body: str, start: int, tag: str) -> int:
    """The offset after the `</tag>` that closes the tag opened at `start` (nesting counted), or -1."""
    depth = 0
    pattern = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>]|$)", re.I)
    for match in pattern.finditer(body, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            close = body.find(">", match.end())
            return -1 if close == -1 else close + 1
    return -1


# --- 3. blocks -------------------------------------------------------------------------------------------


def _is_text(block: _Lines, index: int) -> bool:
    """A line of Markdown text (not the placeholder of a fenced block, not a raw HTML block)."""
    return block.ends[index] >= 0


def _is_blank(block: _Lines, index: int, spaces_blank: bool = True) -> bool:
    """A line that separates blocks. The renderer blanks lines of spaces only after a line break (not the
    first line of the page), and inside a quote only an empty line (or a bare `>`) separates blocks."""
    end = block.ends[index]
    if end < 0:
        return end == -2
    return not block.text(index) or (spaces_blank and _blank(block.text(index)))


def _parse_blocks(lines: _Lines, masker: _Masker, depth: int, container: bool = False, *,
                  quoted: bool = False) -> None:
    """Mask the code of lines that the renderer parses as a sequence of blocks."""
    if depth > _MAX_DEPTH:
        return
    index, count = 0, len(lines.starts)
    previous = "container" if container else None

    def blank(line: int) -> bool:
        return _is_blank(lines, line, spaces_blank=not quoted and (line > 0 or depth > 0))

    bounds = []
    while index < count:
        if blank(index):
            index += 1
            continue
        end = index
        while end < count and not blank(end):
            end += 1
        bounds.append((index, end))
        index = end
    for number, (start, end) in enumerate(bounds):
        after = bounds[number + 1][0] if number + 1 < len(bounds) else None
        # a definition after a blank line turns the paragraph before it into terms, one per line
        terms = after is not None and _is_text(lines, after) and bool(_DEFINITION.match(lines.text(after)))
        block = lines.sub(start, end)
        if _nothing_to_mask(block):
            previous = _container_kind(block) or "paragraph"
            continue
        previous = _parse_block(block, masker, depth, previous, terms, inside=container)


def _container_kind(block: _Lines) -> str | None:
    """The kind of a block whose indented next block is its own content (list, admonition, definition,
    footnote), told from its first line; None for any other block. The fast path needs it too: an indented
    block after a list item is the item's text, not code."""
    first = block.text(0) if block.starts and _is_text(block, 0) else ""
    for kind, pattern in (("list", _LIST_ITEM), ("admonition", _ADMONITION), ("definition", _DEFINITION),
                          ("footnote", _FOOTNOTE)):
        if pattern.match(first):
            return kind
    return None


def _nothing_to_mask(block: _Lines) -> bool:
    """Whether a block surely holds no code: no pair of backticks, and no indentation a code block needs
    (4 spaces or a tab anywhere, so also none after a quote's `>`). Skipping those keeps long pages fast."""
    texts = block.texts or []
    if len(texts) == 1:
        text = texts[0]
        return text.count("`") < 2 and "    " not in text and "\t" not in text
    ticks = 0
    for text in texts:
        ticks += text.count("`")
        if "    " in text or "\t" in text:
            return False
    return ticks < 2


def _parse_block(block: _Lines, masker: _Masker, depth: int, previous: str | None, terms: bool = False, *,
                 inside: bool = False) -> str | None:
    """One block (no blank line inside); returns its kind, which decides what an indented next block is.
    `inside`: the block is in a list item, where an indented block is the item's content, never code.

    Headings and rules split the block wherever they are, and an indented code block ends at the first
    line that is not indented: each part starts anew (and may be a setext heading or code again). The
    parts are taken in one pass, so a block of a million headings costs linear time, without recursion.
    """
    count, kind = len(block.starts), previous
    splits = _splitting_lines(block)
    pointer = position = 0
    while position < count:
        while pointer < len(splits) and splits[pointer][0] < position:
            pointer += 1
        text = block.text(position)
        if _is_text(block, position) and _indent(text) >= _TAB:
            if inside or kind in _CONTAINERS or kind == "container":  # its content, one level in
                _parse_blocks(_dedent(block.sub(position, count)), masker, depth + 1)
                return kind
            while position < count and (not _is_text(block, position) or _indent(block.text(position)) >= _TAB):
                if _is_text(block, position):
                    masker.add(block.starts[position], block.ends[position])
                position += 1
            kind = "code"
        elif position + 1 < count and _is_text(block, position) and _is_text(block, position + 1) \
                and _SETEXT_RULE.match(block.text(position + 1)) and not _is_table(block.sub(position, position + 2)):
            _mask_spans(block.sub(position, position + 1), masker)
            position, kind = position + 2, "heading"
        elif pointer < len(splits) and splits[pointer][0] == position:
            if splits[pointer][1]:
                _mask_spans(block.sub(position, position + 1), masker)
            position, kind = position + 1, "heading"
        else:
            end = splits[pointer][0] if pointer < len(splits) else count
            kind = _parse_leaf(block.sub(position, end), masker, depth, text, terms and end == count) or kind
            position = end
    return kind


def _splitting_lines(block: _Lines) -> list[tuple[int, bool]]:
    """(line, whether it is a heading, else a rule) of every heading and rule, which split a block."""
    found = []
    for index, text in enumerate(block.texts or []):
        if not text or not _is_text(block, index):
            continue
        if text.startswith("#") and (len(text) - len(text.rstrip("\\"))) % 2 == 0:
            found.append((index, True))  # (a line that ends in an unpaired backslash is not a heading)
        elif text.lstrip(" ")[:1] in ("-", "_", "*") and _is_rule(text):
            found.append((index, False))
    return found


def _is_rule(text: str) -> bool:
    """A thematic break as Python-Markdown's HRProcessor sees it: 3 or more -, _ or *, gaps of at most 2 spaces."""
    if _indent(text) > 3 or "\t" in text:
        return False
    core = text.strip(" ")
    if not core or core[0] not in "-_*":
        return False
    return core.count(core[0]) >= 3 and not core.replace(core[0], "").strip(" ") and "   " not in core


def _is_table(block: _Lines) -> bool:
    return len(block.starts) > 1 and "|" in block.text(0) and _is_text(block, 1) \
        and bool(_TABLE_RULE.match(block.text(1)))


def _parse_leaf(block: _Lines, masker: _Masker, depth: int, first: str, terms: bool = False) -> str | None:
    """A block without headings or rules: a table, list, quote, admonition, definition or paragraph."""
    count = len(block.starts)
    if _is_table(block):
        for index in range(count):
            _mask_spans(block.sub(index, index + 1), masker)
        return "table"
    if _is_text(block, 0) and _LIST_ITEM.match(first):
        _parse_list(block, masker, depth)
        return "list"
    for index in range(count):
        if not _is_text(block, index):
            continue
        text = block.text(index)
        if _QUOTE.match(text):
            if index:
                _parse_leaf(block.sub(0, index), masker, depth, first)
            _parse_blocks(_unquote(block.sub(index, count)), masker, depth + 1, quoted=True)
            return "quote"
        if index and _DEFINITION.match(text) or _FOOTNOTE.match(text) or _ADMONITION.match(text):
            return _parse_container(block, index, masker, depth, first)
    for line in range(count) if terms else (None,):
        _mask_spans(block if line is None else block.sub(line, line + 1), masker)
    return "paragraph"


def _parse_container(block: _Lines, index: int, masker: _Masker, depth: int, first: str) -> str:
    """A definition (`: text`), footnote (`[^1]: text`) or admonition (`!!! note`) starting on line `index`."""
    text = block.text(index)
    if index:
        if _DEFINITION.match(text):  # the lines before are terms, one per line
            for term in range(index):
                _mask_spans(block.sub(term, term + 1), masker)
        else:
            _parse_leaf(block.sub(0, index), masker, depth, first)
    kind = "definition" if _DEFINITION.match(text) else "footnote" if _FOOTNOTE.match(text) else "admonition"
    if kind == "admonition":
        _mask_spans(block.sub(index, index + 1), masker)
        last = index + 1  # its content: the indented lines that follow; the rest is a new block
        while last < len(block.starts) and _is_text(block, last) and _indent(block.text(last)) >= _TAB:
            last += 1
        if last > index + 1:
            _parse_blocks(_dedent(block.sub(index + 1, last)), masker, depth + 1)
        if last < len(block.starts):
            return _parse_block(block.sub(last, len(block.starts)), masker, depth, kind) or kind
        return kind
    marker = (_DEFINITION.match(text) or _FOOTNOTE.match(text)).end()  # type: ignore[union-attr]
    content = _Lines(block.body, [block.starts[index] + marker] + block.starts[index + 1:], block.ends[index:])
    _parse_blocks(content, masker, depth + 1, container=True)
    return kind


def _parse_list(block: _Lines, masker: _Masker, depth: int) -> None:
    """List items, each parsed on its own, split as Python-Markdown's ListProcessor.get_items splits them:
    a marker starts an item, a marker indented 4 to 7 spaces a nested one, other lines continue the item."""
    groups: list[tuple[int, bool]] = []  # (first line, nested)
    for index in range(len(block.starts)):
        text = block.text(index) if _is_text(block, index) else ""
        if _LIST_ITEM.match(text) or not groups:
            groups.append((index, False))
        elif _NESTED_ITEM.match(text) and not groups[-1][1]:
            groups.append((index, True))
    bounds = [start for start, _ in groups] + [len(block.starts)]
    for (start, nested), end in zip(groups, bounds[1:]):
        item = block.sub(start, end)
        if _nothing_to_mask(item):
            continue
        if nested:
            _parse_blocks(_dedent(item), masker, depth + 1)
            continue
        marker = _LIST_ITEM.match(item.text(0))
        if marker:
            item = _Lines(item.body, [item.starts[0] + marker.end()] + item.starts[1:], item.ends)
        _parse_blocks(item, masker, depth + 1, container=True)


def _dedent(block: _Lines) -> _Lines:
    """The lines with up to 4 columns of indentation removed (as Python-Markdown's detab)."""
    starts = []
    for index, start in enumerate(block.starts):
        if not _is_text(block, index):
            starts.append(start)
            continue
        text = block.text(index)
        cut = 1 if text.startswith("\t") else min(_TAB, len(text) - len(text.lstrip(" ")))
        starts.append(start + cut)
    return _Lines(block.body, starts, block.ends)


def _unquote(block: _Lines) -> _Lines:
    """A quote's lines without their `>` marker (lazy lines without one stay as they are)."""
    starts = []
    for index, start in enumerate(block.starts):
        marker = _QUOTE.match(block.text(index)) if _is_text(block, index) else None
        cut = marker.end() if marker else 0
        if marker and block.text(index)[cut:cut + 1] == "\t":  # `>` then a tab: at most 2 columns are left
            cut += 1
        starts.append(start + cut)
    ends = [start if _is_text(block, index) and block.text(index).strip() == ">" else end
            for index, (start, end) in enumerate(zip(starts, block.ends))]
    return _Lines(block.body, starts, ends)


# --- 4. inline code spans ------------------------------------------------------------------------


def _mask_spans(run: _Lines, masker: _Masker) -> None:
    """Mask the inline code spans of one run of text that the renderer processes as a whole."""
    pieces, offsets = [], []
    position = 0
    for index in range(len(run.starts)):
        text = run.text(index) if _is_text(run, index) else "\x02\x03"  # a fenced block's placeholder
        offsets.append((position, run.starts[index], len(text) if _is_text(run, index) else 0))
        pieces.append(text)
        position += len(text) + 1
    joined = "\n".join(pieces)
    if "`" not in joined:
        return
    if "\t" not in joined:
        for start, end in code_spans(joined):
            _mask_joined(offsets, start, end, masker)
        return
    # the renderer pairs backticks after expanding tabs, and how far it skips depends on the expanded text
    original = _expanded_positions(joined)
    for start, end in code_spans(joined.expandtabs(_TAB)):
        _mask_joined(offsets, original[start], original[end - 1] + 1, masker)


def _expanded_positions(text: str) -> list[int]:
    """For each character of text.expandtabs(), the index of the character of `text` it comes from."""
    positions, column = [], 0
    for index, char in enumerate(text):
        width = _TAB - column % _TAB if char == "\t" else 1
        positions.extend([index] * width)
        column = 0 if char == "\n" else column + width
    return positions


def _mask_joined(offsets: list[tuple[int, int, int]], start: int, end: int, masker: _Masker) -> None:
    first = bisect.bisect_right(offsets, (start, float("inf"), 0)) - 1
    for index in range(max(first, 0), len(offsets)):  # not a slice: that would copy the rest per span
        joined_start, body_start, length = offsets[index]
        if joined_start >= end:
            break
        low, high = max(start - joined_start, 0), min(end - joined_start, length)
        masker.add(body_start + low, body_start + high)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline code span in `text`, paired exactly as Python-Markdown's
    BacktickInlineProcessor pairs them, in linear time.

    An opening run is a backtick run not escaped by a backslash (an escaped one opens from its second
    backtick; pairs of backslashes are literal backslashes). It closes at the next run of the same length;
    failing that, at the first of the longest later runs if that is shorter than the opener. Failing that
    the run is text, and the renderer resumes its search as many characters past the run as the run is long.
    """
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    count = len(runs)
    if count < 2:
        return []
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    longest_after = [0] * (count + 1)  # longest run length among runs[i:]
    first_longest = [0] * (count + 1)  # the first index with that length
    for index in range(count - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length >= longest_after[index + 1]:
            longest_after[index], first_longest[index] = length, index
        else:
            longest_after[index], first_longest[index] = longest_after[index + 1], first_longest[index + 1]
    spans: list[tuple[int, int]] = []
    resume = floor = index = 0
    while True:
        while index < count and runs[index][1] <= resume:
            index += 1
        if index == count:
            return spans
        begin, end = max(runs[index][0], resume), runs[index][1]
        if _escaped(text, begin, floor, resume):
            begin += 1
            if begin == end:
                resume = end
                continue
        closer = _closer(by_length, longest_after, first_longest, index, end - begin)
        if closer is None:
            resume = begin + 2 * (end - begin)
            continue
        spans.append((begin, runs[closer][1]))
        resume = floor = runs[closer][1]
        index = closer + 1


def _escaped(text: str, tick: int, floor: int, resume: int) -> bool:
    """Whether the backtick at `tick` is not an opener: a backslash before it that is not one of the pairs of
    backslashes that the renderer's search (from `resume`) takes as literal backslashes first."""
    start = tick
    while start > floor and text[start - 1] == "\\":
        start -= 1
    return start < tick and (start < resume or (tick - start) % 2 == 1)


def _closer(by_length: dict[int, list[int]], longest_after: list[int], first_longest: list[int], index: int,
            length: int) -> int | None:
    same = by_length.get(length, [])
    position = bisect.bisect_right(same, index)
    if position < len(same):
        return same[position]
    longest = longest_after[index + 1]
    if 0 < longest < length:
        return first_longest[index + 1]
    return None
