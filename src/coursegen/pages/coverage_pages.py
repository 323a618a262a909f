"""The coverage matrix: an overview (per area, how many of its outcomes are taught and by how many modules,
with links to its matrix) and, per area, a matrix of the modules that address it (rows) by its competences
(columns), counting the outcomes of each competence a module addresses.

Bounded, whatever the size of the library: the overview has a row per area; an area's matrix has a column
per competence of the area (the framework's, not growing with the modules) and at most
`page_paths.COVERAGE_ROWS` module rows per page, further rows on further pages of the area
(`framework/coverage/a1/2/`), which link to each other and follow each other as previous and next page.
These pages only repeat what the module and area pages say, so the search does not index them
(`page_paths.COVERAGE_DIR` and `site.search`).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from ..page_paths import COVERAGE_PAGE, COVERAGE_ROWS, anchor, area_page, coverage_area_page, coverage_parts, \
    relative_url
from ..i18n import language_marks
from ..templates import md_text
from .framework_pages import titled_item
from .page_text import front_matter
from .paging import part_generators, part_links, part_rows, part_title
from .reading_order import Neighbours, page_chain
from .references import SLOT, marked_text, sentence_with

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite


def coverage_overview(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Per area: its title (linking to its matrix), outcomes taught of all, modules that address it, and the
    pages of its matrix when it has more than one."""
    lib, t, rel = site.library, site.local.t, COVERAGE_PAGE
    rows = []
    for area in lib.children(None):
        outcomes = [o for c in lib.children(area) for o in lib.children(c)]
        modules = len(lib.area_modules.get(area, []))
        parts = coverage_parts(modules)
        rows.append({**titled_item(site, area),
                     "href": relative_url(rel, coverage_area_page(area)),
                     "taught": sum(1 for o in outcomes if lib.outcome_backlinks.get(o)), "outcomes": len(outcomes),
                     "modules": modules, "parts": part_links(rel, coverage_area_page(area), parts)})
    table = site.templates.html("coverage_overview", t=t, rows=rows, parts=any(row["parts"] for row in rows))
    return front_matter({"title": t("coverage")}, f"# {md_text(t('coverage'))}\n" + blocks.add(table))


def coverage_generators(library: Library) -> dict:
    """The docs path of every page of every area's matrix and the function that writes it, in order."""
    generators = {}
    for area in library.children(None):
        generators.update(part_generators(coverage_area_page(area), len(library.area_modules.get(area, [])),
                                          COVERAGE_ROWS, partial(coverage_area_text, area=area)))
    return generators


def coverage_area_text(site: LanguageSite, blocks: HtmlBlocks, *, area: str, part: int) -> str:
    """Page `part` of an area's matrix: its modules (rows, `COVERAGE_ROWS` at most) by its competences."""
    lib, t, rel = site.library, site.local.t, coverage_area_page(area, part)
    competences = lib.children(area)
    modules = lib.area_modules.get(area, [])
    parts = coverage_parts(len(modules))
    rows = []
    for module_id in part_rows(modules, part, COVERAGE_ROWS):
        counts = Counter(lib.items[o].parent for o in set(lib.modules[module_id].meta.outcomes) if o in lib.items)
        rows.append({"link": site.page_link(rel, lib.modules[module_id]),
                     "counts": [counts.get(c) for c in competences]})
    area_title, area_lang = site.local.item_title(area), site.local.item_title_language(area)
    area_name = f"{area} {area_title}"
    title = part_title(t, t("coverage_area", area=area_name), part, parts)
    # The heading marks the area's title where it is the default language's (not translated yet)
    heading = sentence_with(part_title(t, t("coverage_area", area=f"{area} {SLOT}"), part, parts),
                            marked_text(site.local, area_title, area_lang))
    table = site.templates.html(
        "coverage", t=t, rows=rows, area_href=relative_url(rel, area_page(area)), area_title=area_name,
        **language_marks("area_title", area_lang),
        parts=part_links(rel, coverage_area_page(area), parts, current=part),
        competences=[{"code": c, "href": relative_url(rel, area_page(area), anchor(c))} for c in competences])
    return front_matter({"title": title}, f"# {heading}\n" + blocks.add(table))


def coverage_neighbours(library: Library) -> dict[str, Neighbours]:
    """The matrix pages (outside the navigation) in order, each with the page before and after it: the first
    one follows the overview."""
    return page_chain(list(coverage_generators(library)), COVERAGE_PAGE)
