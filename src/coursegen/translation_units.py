"""Translatable units: the pieces of a source file a translator translates one at a time.

A Markdown page's units are its front matter texts (title, summary, description: never structural settings
such as id, outcomes or duration) and each block of its body: a heading, a paragraph, a list, a table, a
fenced code block or a whole `:::` block. A block is a run of lines up to a blank line, except that a fenced
code block or a `:::` block runs to its closing fence, blank lines included; a loose list (blank lines between
its items) is therefore one unit per item. The YAML sources (the glossary, the framework) have one unit per
text field, named by its place (`terms.dementia.definition`, `outcomes.A1.C1.LO1.statement`).

Blocks keep their exact text and offsets, so a body can be put back together byte for byte with some blocks
replaced (`replace_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Front matter fields that are text for readers (translated); every other field is structural.
TEXT_FIELDS = ("title", "summary", "description")

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_BLOCK_OPEN = re.compile(r"^[ \t]{0,3}:::[ \t]*\S")
_BLOCK_CLOSE = re.compile(r"^[ \t]{0,3}:::[ \t]*$")
_LIST = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Block:
    """One block of a Markdown body: its text (without the final line break) and where it lies."""

    text: str
    start: int  # offset in the body
    end: int
    line: int  # line in the body, from 1

    @property
    def kind(self) -> str:
        return block_kind(self.text)


@dataclass(frozen=True)
class Unit:
    """One translatable text of a source file. `field` names keyed units (front matter, YAML); body blocks
    have none and are numbered by `index`."""

    kind: str
    text: str
    line: int
    field: str | None = None
    index: int | None = None
    path: tuple[str | int, ...] = ()  # a YAML unit's place in a translation file: ("terms", "x", "term")
    file: str = ""  # the file the unit is written in, when a source spans files (the framework's areas)

    @property
    def name(self) -> str:
        """The unit's name inside its file, as `msgctxt` shows it: `title`, `12 paragraph`, `terms.x.term`."""
        return self.field if self.field is not None else f"{self.index} {self.kind}"


def block_kind(text: str) -> str:
    """heading, list, table, quote, code, block (`:::`), html or paragraph, from the block's first line."""
    first = text.lstrip(" \t")
    if first.startswith("#"):
        return "heading"
    if _FENCE.match(text):
        return "code"
    if _BLOCK_OPEN.match(text):
        return "block"
    if first.startswith("|"):
        return "table"
    if first.startswith(">"):
        return "quote"
    if first.startswith("<"):
        return "html"
    return "list" if _LIST.match(text) else "paragraph"


@lru_cache(maxsize=4096)
def split_blocks(body: str) -> tuple[Block, ...]:
    """The blocks of a Markdown body, in order (see the module docstring for the rule). Pure, so kept:
    validation, the pages and the translation status split the same bodies, and the live preview does it
    on every save."""
    blocks: list[Block] = []
    lines = body.splitlines(keepends=True)
    offset, index = 0, 0
    while index < len(lines):
        if not lines[index].strip():
            offset += len(lines[index])
            index += 1
            continue
        last = _block_end(lines, index)
        text = "".join(lines[index:last + 1])
        stripped = text.rstrip("\r\n")
        blocks.append(Block(stripped, offset, offset + len(stripped), index + 1))
        offset += len(text)
        index = last + 1
    return tuple(blocks)


def _block_end(lines: list[str], first: int) -> int:
    """The index of the last line of the block that starts at `first`."""
    fence = _FENCE.match(lines[first])
    if fence or _BLOCK_OPEN.match(lines[first]):
        closing = _fence_close(lines, first, fence.group(1) if fence else None)
        if closing is not None:
            return closing
    last = first
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    return last


def _fence_close(lines: list[str], first: int, fence: str | None) -> int | None:
    """The closing line of a code fence (`fence`) or of a `:::` block (nested ones counted); None if open."""
    depth = 1
    for index in range(first + 1, len(lines)):
        line = lines[index]
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                return index
        elif _BLOCK_CLOSE.match(line):
            depth -= 1
            if depth == 0:
                return index
        elif _BLOCK_OPEN.match(line):
            depth += 1
    return None


def replace_blocks(body: str, blocks: Sequence[Block], texts: dict[int, str]) -> str:
    """`body` with the text of block i replaced by `texts[i]`; everything between blocks kept as it is."""
    parts, cursor = [], 0
    for index, block in enumerate(blocks):
        parts.append(body[cursor:block.start])
        parts.append(texts.get(index, block.text))
        cursor = block.end
    parts.append(body[cursor:])
    return "".join(parts)


def markdown_units(meta: dict[str, Any], body: str, body_line: int) -> list[Unit]:
    """The units of a Markdown file: its front matter texts, then its body blocks."""
    units = [Unit(name, str(meta[name]), 1, field=name) for name in TEXT_FIELDS
             if isinstance(meta.get(name), str) and meta[name].strip()]
    for index, block in enumerate(split_blocks(body), start=1):
        units.append(Unit(block.kind, block.text, body_line + block.line - 1, index=index))
    return units


def yaml_units(texts: Iterable[tuple[tuple[str | int, ...], str, str, int]]) -> list[Unit]:
    """Units of a YAML source from (place, text, file, line); empty texts are not units."""
    return [Unit(str(place[-1]) if isinstance(place[-1], str) else str(place[-2]), text, line,
                 field=".".join(str(part) for part in place), path=place, file=file)
            for place, text, file, line in texts if isinstance(text, str) and text.strip()]


def lookup(data: Any, place: tuple[str | int, ...]) -> str | None:
    """The text at `place` in a translation file's data (mappings and lists), or None."""
    for part in place:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data if isinstance(data, str) else None
