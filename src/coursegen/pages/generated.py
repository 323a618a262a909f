"""The generated index pages of every language: the framework's and the coverage matrix's overviews
(`framework_pages`, `coverage_pages`), the module and course indexes, the glossary, and the translation
status (written by `status_page`).

Each is Markdown for its headings (the table of contents and permalinks come from the renderer) and finished
HTML blocks for the bulk, which grows with the library. `GENERATORS` pairs each of
`page_paths.GENERATED_INDEXES` with the function that writes it; `page_generators` adds the pages whose set
depends on the library: one per area of the framework, the pages of each area's coverage matrix, and one
per national standard (`standards.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..page_paths import COURSES_INDEX, COVERAGE_PAGE, FRAMEWORK_PAGE, GLOSSARY_PAGE, MODULES_INDEX, STATUS_PAGE, anchor
from ..templates import Markup, md_text
from .coverage_pages import coverage_generators, coverage_overview
from .framework_pages import area_generators, framework_overview
from .module_card import country_names
from .page_text import front_matter, md_line
from .status_page import status_page
from .standards import standard_generators

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite


def modules_index(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Every module with its hours, summary and the countries it is specific to, by id."""
    lib, local, t, rel = site.library, site.local, site.local.t, MODULES_INDEX
    rows = [{"id": module_id, "link": site.page_link(rel, lib.modules[module_id]),
             "hours": local.hours(lib.modules[module_id].meta.duration_hours),
             "summary": md_line(local.page_summary(lib.modules[module_id])),
             "countries": country_names(site, lib.modules[module_id].meta.countries)}
            for module_id in sorted(lib.modules)]
    table = site.templates.html("modules_index", t=t, rows=rows)
    return front_matter({"title": t("modules")}, f"# {md_text(t('modules'))}\n" + blocks.add(table))


def courses_index(site: LanguageSite) -> str:
    """Every course with its hours and summary, by id (few enough to stay Markdown: no HTML block)."""
    lib, local = site.library, site.local
    courses = [{"link": Markup(f"[](course:{course_id})"), "hours": local.hours(lib.course_hours(lib.courses[course_id])),
                "summary": local.page_summary(lib.courses[course_id])}
               for course_id in sorted(lib.courses)]
    body = site.templates.markdown("courses_index", t=local.t, courses=courses)
    return front_matter({"title": local.t("courses")}, body)


def glossary_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Every term with its definition, sorted by the term in this language, one anchor per term."""
    t = site.local.t
    entries = []
    for term_id in sorted(site.library.terms, key=lambda i: (site.local.term(i)[0].casefold(), i)):
        term, definition = site.local.term(term_id)
        entries.append({"anchor": anchor(term_id), "term": term, "definition": definition})
    listing = site.templates.html("glossary", entries=entries)
    return front_matter({"title": t("glossary")}, f"# {md_text(t('glossary'))}\n" + blocks.add(listing))


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
    areas' pages, the pages of their coverage matrices, and one page per national standard."""
    return {**GENERATORS, **area_generators(library), **coverage_generators(library), **standard_generators(library)}
