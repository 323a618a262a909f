"""The page of each national standard (one per file of `framework/standards/`): its units, the outcomes that
contribute to each and the modules that teach them, and the units no outcome covers; and the units a
course contributes to, for its page.

A fork adds a standard by adding its file: `standard_generators` gives the page of every standard the
library has, at `page_paths.standard_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..i18n import country_name_in
from ..page_paths import anchor, relative_md, relative_url, standard_page
from ..templates import Markup, md_block
from .module_card import statement_language
from .page_text import front_matter

if TYPE_CHECKING:
    from ..library import Library, Page
    from ..models import Standard, StandardUnit
    from .file_set import HtmlBlocks
    from .language import LanguageSite

#: The only addresses a standard's `url` is shown as a link with (validate reports others: CG213).
WEB_ADDRESS = ("https://", "http://")


def published_standards(library: Library) -> list[Standard]:
    """The standards that get a page, by id; of two with the same page the first file's (CG213 reports the
    other)."""
    first: dict[str, Standard] = {}
    for standard, _ in library.standards:
        first.setdefault(standard_page(standard.id), standard)
    return sorted(first.values(), key=lambda standard: standard.id)


def standard_generators(library: Library) -> dict[str, Callable[[LanguageSite, HtmlBlocks], str]]:
    """The docs path of each standard's page and the function that writes it."""
    return {standard_page(s.id): partial(standard_page_text, standard=s) for s in published_standards(library)}


def standard_page_text(site: LanguageSite, blocks: HtmlBlocks, *, standard: Standard) -> str:
    """A standard's page: what it is, then each unit with its outcomes and modules, then the uncovered units."""
    t, rel = site.local.t, standard_page(standard.id)
    units = [unit_entry(site, unit, rel, blocks) for unit in standard.units]
    body = site.templates.markdown(
        "standard", t=t, title=standard.title, country=country_name_in(site.lang, standard.country),
        qualification=standard.qualification, note=md_block(standard.note),
        url=standard.url if standard.url and standard.url.startswith(WEB_ADDRESS) else None,
        units=units, uncovered=[unit for unit in units if not unit["outcomes"]])
    return front_matter({"title": standard.title or standard.id}, body)


def unit_entry(site: LanguageSite, unit: StandardUnit, rel: str, blocks: HtmlBlocks) -> dict:
    """One unit for the templates: code, title, anchor, hours, and the HTML block of its outcomes."""
    lib = site.library
    outcomes = [{"code": code, "href": relative_url(rel, lib.item_page(code), anchor(code)),
                 "statement": site.local.outcome_text(code)[0], **statement_language(site.local, code)}
                for code in lib.unit_outcomes.get(unit.code, [])]
    taught = dict.fromkeys(m for o in outcomes for m in lib.outcome_backlinks.get(o["code"]) or [])
    modules = [site.page_link(rel, lib.modules[module_id]) for module_id in sorted(taught)]
    block = site.templates.html("standard_unit", t=site.local.t, outcomes=outcomes, modules=modules)
    return {"code": unit.code, "title": unit.title, "anchor": Markup(anchor(unit.code)),
            "hours": site.local.hours(unit.hours) if unit.hours else None, "outcomes": outcomes,
            "block": Markup(blocks.add(block))}


def course_units(site: LanguageSite, course: Page, rel: str) -> list[dict]:
    """The national units a course's modules contribute to, by standard: [{title, href, units: [links]}], with
    Markdown links from the course's page `rel`."""
    lib = site.library
    outcomes = {code for m in lib.course_modules(course) if m in lib.modules for code in lib.modules[m].meta.outcomes}
    standards = []
    for standard in published_standards(lib):
        page = standard_page(standard.id)
        units = [{"href": relative_md(rel, page, anchor(unit.code)), "title": f"{unit.code} {unit.title}"}
                 for unit in standard.units if outcomes & set(lib.unit_outcomes.get(unit.code, []))]
        if units:
            standards.append({"title": standard.title or standard.id, "href": relative_md(rel, page),
                              "units": units})
    return standards
