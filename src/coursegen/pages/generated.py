"""The generated index pages of every language: the framework (one anchor per item, with the modules that
teach each outcome), the coverage matrix, the module and course indexes, the glossary, and the translation
status (written by `status_page`).

Each is Markdown for its headings (the table of contents and permalinks come from the renderer) and finished
HTML blocks for the bulk, which grows with the library. `GENERATORS` pairs each of
`page_paths.GENERATED_INDEXES` with the function that writes it; `page_generators` adds the page of each
national standard (`standards.py`), whose set depends on the library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..i18n import direction
from ..page_paths import (COURSES_INDEX, COVERAGE_PAGE, FRAMEWORK_PAGE, GLOSSARY_PAGE, MODULES_INDEX,
                          SELF_ASSESSMENT_INDEX, STATUS_PAGE, anchor, relative_md, relative_url)
from ..templates import Markup, md_block, md_text
from .module_card import country_names
from .page_text import front_matter, md_line
from .self_assessment import self_assessment_generators
from .status_page import status_page
from .standards import standard_generators

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite


def framework_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Areas -> competences -> outcomes, one anchor per item, with the modules that teach each outcome."""
    local, lib = site.local, site.library

    def item(code: str) -> dict:
        return {"code": code, "title": local.item_title(code), "anchor": Markup(anchor(code)),
                "description": md_block(local.item_description(code))}

    areas = []
    for area in lib.children(None):
        competences = []
        for competence in lib.children(area):
            entries = outcome_entries(site, lib.children(competence), FRAMEWORK_PAGE)
            competences.append({**item(competence), "block": Markup(blocks.add(entries) if entries else "")})
        areas.append({**item(area), "competences": competences})
    body = site.templates.markdown("framework", title=local.framework_title(),
                                   description=md_block(local.framework_description()), areas=areas,
                                   self_assessment=relative_md(FRAMEWORK_PAGE, SELF_ASSESSMENT_INDEX), t=local.t)
    return front_matter({"title": local.t("framework")}, body)


def outcome_entries(site: LanguageSite, codes: list[str], rel: str) -> str:
    """The outcomes `codes` as HTML: statement (with its anchor), level, criteria, units, and the modules
    that teach each."""
    lib, outcomes = site.library, []
    for code in codes:
        statement, criteria = site.local.outcome_text(code)
        statement_lang, criteria_lang = site.local.outcome_languages(code)
        outcomes.append({
            "code": code, "anchor": anchor(code), "statement": statement, "criteria": criteria,
            "statement_lang": statement_lang, "statement_dir": statement_lang and direction(statement_lang),
            "criteria_lang": criteria_lang, "criteria_dir": criteria_lang and direction(criteria_lang),
            "eqf_level": lib.outcomes[code].eqf_level, "units": lib.unit_alignments.get(code) or [],
            "modules": [site.page_link(rel, lib.modules[m]) for m in lib.outcome_backlinks.get(code) or []],
        })
    if not outcomes:
        return ""
    return site.templates.html("outcome_entries", t=site.local.t, lang=site.lang, outcomes=outcomes)


def coverage_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """A matrix of modules (rows) by competences (columns): how many outcomes of each it addresses."""
    lib, t, rel = site.library, site.local.t, COVERAGE_PAGE
    competences = list(lib.competences)
    rows = []
    for module_id in sorted(lib.modules):
        counts = Counter(lib.items[o].parent for o in set(lib.modules[module_id].meta.outcomes) if o in lib.items)
        rows.append({"link": site.page_link(rel, lib.modules[module_id]),
                     "counts": [counts.get(c) for c in competences]})
    table = site.templates.html(
        "coverage", t=t, rows=rows,
        competences=[{"code": c, "href": relative_url(rel, FRAMEWORK_PAGE, anchor(c))} for c in competences])
    return front_matter({"title": t("coverage")}, f"# {md_text(t('coverage'))}\n" + blocks.add(table))


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
    FRAMEWORK_PAGE: framework_page,
    COVERAGE_PAGE: coverage_page,
    MODULES_INDEX: modules_index,
    COURSES_INDEX: lambda site, _blocks: courses_index(site),
    GLOSSARY_PAGE: glossary_page,
    STATUS_PAGE: status_page,
}


def page_generators(library: Library) -> dict[str, Callable[[LanguageSite, HtmlBlocks], str]]:
    """Every generated page of a language and the function that writes it, in order: the indexes, then one
    page per national standard, then the self-assessment pages."""
    return {**GENERATORS, **standard_generators(library), **self_assessment_generators(library)}
