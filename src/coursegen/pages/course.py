"""The sections a course page gets after its text: the module sequence with hours, the total, the outcomes
it covers, the national units they contribute to, and the prerequisite diagram (inline SVG, drawn at build
time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import direction
from ..page_paths import relative_md, self_assessment_course_page
from ..templates import Markup
from .standards import course_units

if TYPE_CHECKING:
    from ..library import Library, Page
    from .file_set import HtmlBlocks
    from .language import LanguageSite
    from .localizer import Localizer


def course_sections(site: LanguageSite, page: Page, blocks: HtmlBlocks) -> str:
    """Module sequence with hours, total, outcome coverage, the national units it contributes to, and the
    prerequisite diagram (a finished HTML block: inline SVG is coursegen's own, and the content sanitiser
    allows none)."""
    local, lib = site.local, site.library
    modules = [m for m in lib.course_modules(page) if m in lib.modules]
    replaced = {replacement: module_id for module_id, replacement in page.meta.replace.items()}
    rows = [{"number": number, "link": Markup(f"[](module:{module_id})"),
             "replaces": local.t("replaces", module=replaced[module_id]) if module_id in replaced else None,
             "hours": local.hours(lib.modules[module_id].meta.duration_hours),
             "prerequisites": module_references(lib.modules[module_id].meta.prerequisites)}
            for number, module_id in enumerate(modules, start=1)]
    covered = sorted({c for m in modules for c in lib.modules[m].meta.outcomes if c in lib.outcomes})
    return site.templates.markdown(
        "course_sections", t=local.t, rows=rows, total=local.hours(lib.course_hours(page)),
        target=local.hours(page.meta.target_hours) if page.meta.target_hours else None,
        diagram=Markup(blocks.add(prerequisite_svg(lib, modules, local))),
        covered=local.t("covered", covered=len(covered), total=len(lib.outcomes)),
        outcome_links=[Markup(f"[](outcome:{code})") for code in covered],
        standards=course_units(site, page, page.rel),
        self_assessment=relative_md(page.rel, self_assessment_course_page(page.meta.id)))


def module_references(module_ids: tuple[str, ...]) -> Markup:
    """`[](module:id)` references, expanded later to the modules' titles: never bare ids, which a learner
    cannot decode ("M05" reads as row 5 of the sequence table)."""
    return Markup(", ".join(f"[](module:{module_id})" for module_id in module_ids))


#: Size of a module's box in the prerequisite diagram, and the gaps between columns and rows.
_BOX_W, _BOX_H, _GAP_X, _GAP_Y = 170, 58, 36, 14
#: A box shows its row number and the module's title on at most this many lines of this many characters
#: (14 px text in a 170 px box): a touch screen never shows an SVG tooltip, so the title must be visible.
_LABEL_LINES, _LINE_CHARS, _LINE_HEIGHT = 2, 19, 17


def prerequisite_svg(library: Library, modules: list[str], local: Localizer) -> str:
    """An inline SVG of the course's modules in columns by prerequisite depth, arrows from prerequisites.

    Drawn at build time, so the page needs no script. Each box shows its row number in the sequence table
    and the module's title; the table above is the text alternative (with the prerequisites as links).
    """
    depth: dict[str, int] = {}
    for module_id in modules:  # courses list modules after their prerequisites
        prerequisites = [p for p in library.modules[module_id].meta.prerequisites if p in depth]
        depth[module_id] = 1 + max((depth[p] for p in prerequisites), default=-1)
    rows: dict[int, int] = {}
    position: dict[str, tuple[int, int]] = {}
    for module_id in modules:
        column = depth[module_id]
        row = rows.get(column, 0)
        rows[column] = row + 1
        position[module_id] = (column * (_BOX_W + _GAP_X) + 4, row * (_BOX_H + _GAP_Y) + 4)
    edges = [{"x1": px + _BOX_W, "y1": py + _BOX_H // 2, "x2": x, "y2": y + _BOX_H // 2}
             for module_id in modules for x, y in [position[module_id]]
             for prerequisite in library.modules[module_id].meta.prerequisites if prerequisite in position
             for px, py in [position[prerequisite]]]
    nodes = [node(local.page_title(library.modules[module_id]), number, position[module_id],
                  local.page_title_language(library.modules[module_id]))
             for number, module_id in enumerate(modules, start=1)]
    return local.templates.html(
        "prerequisite_diagram", title=local.t("diagram"), edges=edges, nodes=nodes,
        width=(max(depth.values(), default=0) + 1) * (_BOX_W + _GAP_X) - _GAP_X + 8,
        height=max(rows.values(), default=1) * (_BOX_H + _GAP_Y) - _GAP_Y + 8)


def node(title: str, number: int, at: tuple[int, int], lang: str | None = None) -> dict:
    """One box of the diagram: the full title (its accessible name), and its visible lines: the row number
    of the module sequence table, then the title cut to fit. `lang`: the title's language when it is not
    the page's (a fallback title): its box is marked with it and its text drawn in that language's
    direction (an English title in an Arabic page read "Hygiene and .2" otherwise)."""
    x, y = at
    lines = label_lines(f"{number}. {title}")
    top = y + (_BOX_H - len(lines) * _LINE_HEIGHT) // 2 + _LINE_HEIGHT - 4
    return {"title": title, "x": x, "y": y, "width": _BOX_W, "height": _BOX_H, "text_x": x + _BOX_W // 2,
            "lines": [{"text": line, "y": top + i * _LINE_HEIGHT} for i, line in enumerate(lines)],
            "lang": lang, "dir": lang and direction(lang)}


def label_lines(text: str) -> list[str]:
    """`text` wrapped at word boundaries into at most `_LABEL_LINES` lines of about `_LINE_CHARS` characters;
    a word longer than a line is cut, and a title that does not fit ends in an ellipsis."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < _LABEL_LINES:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= _LINE_CHARS:
            line += " " + words.pop(0)
        lines.append(line)
    cut = [line if len(line) <= _LINE_CHARS else line[:_LINE_CHARS - 1] + "\u2026" for line in lines]
    if words and not cut[-1].endswith("\u2026"):
        cut[-1] += "\u2026"
    return cut
