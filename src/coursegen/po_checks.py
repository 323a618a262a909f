"""The checks of one translated PO entry before it is written into a translation file (see `po_import`).

A translation must keep the references of its original (`[](module:M05)`: CG803), keep the fence lines of `:::`
blocks and code and the level of a heading (CG804), and every link in it must point somewhere that exists:
the same link checks `validate` runs on pages (CG40x). Each is reported at the PO file and the line of the
entry's `msgstr`, plus the line inside the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from .checks import link_problems
from .diagnostics import Diagnostic, make
from .library import Library
from .markdown_scan import REFERENCE_SCHEMES, scan
from .translation_sources import SourceFile
from .translation_units import Unit


def msgstr_line(lines: list[str], entry_line: int) -> int:
    """The line of the `msgstr` of the entry that polib says starts at `entry_line` (both from 1)."""
    for index in range(max(entry_line - 1, 0), len(lines)):
        if lines[index].startswith("msgstr"):
            return index + 1
    return entry_line


def check_entry(library: Library, source: SourceFile, unit: Unit, msgstr: str, lang: str, path: str,
                line: int) -> list[Diagnostic]:
    """Every problem of the translation `msgstr` of `unit`, at `path`:`line` (its msgstr line)."""
    found = list(_kept_links(unit, msgstr, path, line))
    found += _kept_structure(unit, msgstr, path, line)
    if source.page is not None and unit.field is None:
        for link in scan(msgstr, line).links:
            found += link_problems(library, source.page.rel, path, link, lang)
    return found


def _references(text: str) -> list[str]:
    """The references (`outcome:A1.C1.LO1`, `module:M05`...) of a text: the same in every language, unlike
    relative links and anchors, which a translation may point at its own pages and headings."""
    targets = [link.target.strip() for link in scan(text).links]
    return [target for target in targets if target.partition(":")[0] in REFERENCE_SCHEMES]


def _kept_links(unit: Unit, msgstr: str, path: str, line: int) -> Iterator[Diagnostic]:
    """CG803 for each reference of the original that the translation leaves out."""
    translated = _references(msgstr)
    for target in dict.fromkeys(_references(unit.text)):
        if target not in translated:
            yield make("CG803", path, line, 1, target=target)


def _kept_structure(unit: Unit, msgstr: str, path: str, line: int) -> list[Diagnostic]:
    """CG804 when a `:::` block or a code block lost its fence lines, or a heading its level."""
    original, translated = unit.text.strip().splitlines(), msgstr.strip().splitlines()
    if unit.kind in ("block", "code"):
        if not translated or _opening(translated[0]) != _opening(original[0]) \
                or translated[-1].strip() != original[-1].strip():
            return [make("CG804.fences", path, line, 1, first=_opening(original[0]), last=original[-1].strip())]
    if unit.kind == "heading":
        level = len(original[0]) - len(original[0].lstrip("#"))
        if not translated or len(translated[0]) - len(translated[0].lstrip("#")) != level:
            return [make("CG804.heading", path, line, 1, marks="#" * level)]
    return []


def _opening(line: str) -> str:
    """What a block's first line must keep: `::: session` of `::: session Session 1` (its title is
    translated), the whole line of a code fence."""
    words = line.strip().split()
    return " ".join(words[:2]) if words and words[0] == ":::" else line.strip()
