"""What each self-assessment page holds: the outcomes of a course (by module) or of an area (by competence),
cut into pages of at most `SHEET_ROWS` outcomes so that no page grows with the library.

Plain data from the library (no language, no HTML): the same for every language, so the pages' paths are
known before any language is built (they are reserved from content, see `Library.generated_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .page_paths import part_page, self_assessment_area_page, self_assessment_course_page

if TYPE_CHECKING:
    from .library import Library

#: The most outcomes one self-assessment page rates (about 45 KB of HTML): more continue on further pages.
SHEET_ROWS = 100


@dataclass(frozen=True)
class SheetGroup:
    """A section of a sheet: a module of a course (`key` its id) or a competence of an area (its code), the
    outcomes rated in it, and (courses only) those it addresses that an earlier section rates."""

    key: str
    codes: tuple[str, ...]
    above: tuple[str, ...] = ()


def course_groups(library: Library, course_id: str) -> list[SheetGroup]:
    """A section per module of the course in course order, each with the outcomes no earlier module has."""
    groups, seen = [], set()
    for module_id in library.course_modules(library.courses[course_id]):
        if module_id not in library.modules:
            continue
        codes = [code for code in dict.fromkeys(library.modules[module_id].meta.outcomes) if code in library.outcomes]
        new = tuple(code for code in codes if code not in seen)
        seen.update(new)
        groups.append(SheetGroup(module_id, new, tuple(code for code in codes if code not in new)))
    return groups


def area_groups(library: Library, area: str) -> list[SheetGroup]:
    """A section per competence of the area, with its outcomes in framework order."""
    return [SheetGroup(code, tuple(library.children(code))) for code in library.children(area)]


def sheet_parts(groups: list[SheetGroup], per_page: int = SHEET_ROWS) -> list[list[SheetGroup]]:
    """The groups cut into pages of at most `per_page` outcomes, in order: a group goes whole to the page
    that has room for it, else to a new page; a group longer than a page is cut, its later pieces keeping
    its key (and its `above` links in its first piece only). Always one page at least."""
    parts: list[list[SheetGroup]] = [[]]
    room = per_page
    for group in groups:
        pieces = [group.codes[start:start + per_page] for start in range(0, len(group.codes), per_page)] or [()]
        for index, codes in enumerate(pieces):
            if len(codes) > room and parts[-1]:
                parts.append([])
                room = per_page
            parts[-1].append(SheetGroup(group.key, codes, group.above if index == 0 else ()))
            room -= len(codes)
    return parts


def course_sheet(library: Library, course_id: str) -> list[list[SheetGroup]]:
    """The pages of a course's self-assessment."""
    return sheet_parts(course_groups(library, course_id))


def area_sheet(library: Library, area: str) -> list[list[SheetGroup]]:
    """The pages of an area's self-assessment."""
    return sheet_parts(area_groups(library, area))


def sheet_pages(library: Library) -> dict[str, tuple[str, str, int]]:
    """The docs path of every page of every area's and course's sheet -> (kind, area code or course id,
    part from 1); of two areas or courses with the same page, the first's."""
    pages: dict[str, tuple[str, str, int]] = {}
    for code in library.children(None):
        for part in range(1, len(area_sheet(library, code)) + 1):
            pages.setdefault(part_page(self_assessment_area_page(code), part), ("area", code, part))
    for course_id in sorted(library.courses):
        for part in range(1, len(course_sheet(library, course_id)) + 1):
            pages.setdefault(part_page(self_assessment_course_page(course_id), part), ("course", course_id, part))
    return pages
