"""The generated index pages of every language: the framework's and the coverage matrix's overviews
(`framework_pages`, `coverage_pages`), the module and course indexes, the glossary, and the translation
status (written by `status_page`).

Each is Markdown for its headings (the table of contents and permalinks come from the renderer) and finished
HTML blocks for the bulk, which grows with the library. `GENERATORS` pairs each of
`page_paths.GENERATED_INDEXES` with the function that writes it; `page_generators` adds the pages whose set
depends on the library: one per area of the framework, the pages of each area's coverage matrix, one
per national standard (`standards.py`), and the further pages of the module index and the trainer edition's
list of modules (`page_paths.INDEX_ROWS` modules a page: no page grows with the library).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..i18n import language_marks
from ..page_paths import COURSES_INDEX, COVERAGE_PAGE, FRAMEWORK_PAGE, GLOSSARY_PAGE, INDEX_ROWS, MODULES_INDEX, \
    STATUS_PAGE, TRAINER_MODULES, page_count, part_page
from ..templates import Markup, md_text
from .coverage_pages import coverage_generators, coverage_overview
from .framework_pages import area_generators, framework_overview
from .module_card import country_names
from .page_text import front_matter, md_line
from .paging import part_generators, part_links, part_neighbours, part_rows, part_title
from .references import marked_text
from .self_assessment import self_assessment_generators
from .status_page import status_page
from .standards import standard_generators
from .trainer import trainer_modules

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite
    from .reading_order import Neighbours


def modules_index(site: LanguageSite, blocks: HtmlBlocks, *, part: int = 1) -> str:
    """Page `part` of the module index: `INDEX_ROWS` modules at most, by id, each with its hours, summary and
    the countries it is specific to; links to the other pages when it takes several."""
    lib, local, t, rel = site.library, site.local, site.local.t, part_page(MODULES_INDEX, part)
    ids = sorted(lib.modules)
    rows = [{"id": module_id, "link": site.page_link(rel, lib.modules[module_id]),
             "hours": local.hours(lib.modules[module_id].meta.duration_hours),
             "summary": md_line(local.page_summary(lib.modules[module_id])),
             **language_marks("summary", local.page_summary_language(lib.modules[module_id])),
             "countries": country_names(site, lib.modules[module_id].meta.countries)}
            for module_id in part_rows(ids, part, INDEX_ROWS)]
    parts = page_count(len(ids), INDEX_ROWS)
    table = site.templates.html("modules_index", t=t, rows=rows, parts=part_links(rel, MODULES_INDEX, parts, part))
    title = part_title(t, t("modules"), part, parts)
    return front_matter({"title": title}, f"# {md_text(title)}\n" + blocks.add(table))


def module_list_generators(library: Library) -> dict[str, Callable[[LanguageSite, HtmlBlocks], str]]:
    """The pages of the module index and of the trainer edition's list of modules, in order (the first page
    of the module index is in `GENERATORS`)."""
    rows = len(library.modules)
    return {**part_generators(MODULES_INDEX, rows, INDEX_ROWS, modules_index),
            **part_generators(TRAINER_MODULES, rows, INDEX_ROWS, trainer_modules)}


def courses_index(site: LanguageSite) -> str:
    """Every course with its hours and summary, by id (few enough to stay Markdown: no HTML block)."""
    lib, local = site.library, site.local
    courses = [{"link": Markup(f"[](course:{course_id})"), "hours": local.hours(lib.course_hours(lib.courses[course_id])),
                "summary": marked_text(local, local.page_summary(lib.courses[course_id]),
                                       local.page_summary_language(lib.courses[course_id]))}
               for course_id in sorted(lib.courses)]
    body = site.templates.markdown("courses_index", t=local.t, courses=courses)
    return front_matter({"title": local.t("courses")}, body)


def glossary_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Every term with its definition, sorted by the term in this language, one anchor per term."""
    t = site.local.t
    listing = site.templates.html("glossary", entries=site.local.glossary_entries(site.library.terms))
    return front_matter({"title": t("glossary")}, f"# {md_text(t('glossary'))}\n" + blocks.add(listing))


def module_list_neighbours(library: Library) -> dict[str, Neighbours]:
    """The further pages of the module lists (outside the navigation), each following the one before."""
    rows = len(library.modules)
    return {**part_neighbours(MODULES_INDEX, rows, INDEX_ROWS), **part_neighbours(TRAINER_MODULES, rows, INDEX_ROWS)}


#: The function that writes each page of `page_paths.GENERATED_INDEXES` (the course index needs no blocks).
GENERATORS: dict[str, Callable[[LanguageSite, HtmlBlocks], str]] = {
    FRAMEWORK_PAGE: framework_overview,
    COVERAGE_PAGE: coverage_overview,
    MODULES_INDEX: modules_index,
    COURSES_INDEX: lambda site, _blocks: courses_index(site),
    GLOSSARY_PAGE: glossary_page,
    STATUS_PAGE: status_page,
}


def page_generators(library: Library) -> dict[str, Callable[[LanguageSite, HtmlBlocks], str]]:
    """Every generated page of a language and the function that writes it, in order: the indexes, then the
    areas' pages, the pages of their coverage matrices, one page per national standard, the pages of the
    module lists, and the self-assessment pages."""
    return {**GENERATORS, **area_generators(library), **coverage_generators(library), **standard_generators(library),
            **module_list_generators(library), **self_assessment_generators(library)}
