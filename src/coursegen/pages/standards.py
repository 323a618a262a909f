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

from ..i18n import country_name_in, direction, heading_marks, list_in
from ..page_paths import anchor, relative_md, relative_url, standard_page
from ..templates import Markup, md_block, md_text, md_url
from .module_card import statement_language
from .page_text import front_matter
from .references import marked_text

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


def names_language(site: LanguageSite, standard: Standard, unit: StandardUnit | None = None) -> str | None:
    """The language of a standard's own title, or of its `unit`'s (see `models.Standard`), when the page is in
    another one: they are never translated, and a page marks them with it."""
    lang = (unit and unit.language) or standard.language or site.library.default_language
    return None if lang == site.lang else lang


def note_language(site: LanguageSite) -> str | None:
    """The language of a standard's note (the framework's default language) when the page is in another one."""
    lang = site.library.default_language
    return None if lang == site.lang else lang


def standard_page_text(site: LanguageSite, blocks: HtmlBlocks, *, standard: Standard) -> str:
    """A standard's page: what it is, then each unit with its outcomes and modules, then the uncovered units.
    Its own names and its note carry their language where the page's is another (`label`, `note`)."""
    t, rel = site.local.t, standard_page(standard.id)
    names = names_language(site, standard)
    units = [unit_entry(site, unit, rel, blocks, names_language(site, standard, unit)) for unit in standard.units]
    note = site.marked_block(md_block(standard.note), note_language(site))
    title = standard.title or standard.id
    body = site.templates.markdown(
        "standard", t=t, title=standard.title, label=marked_text(site.local, title, names),
        country=country_name_in(site.lang, standard.country),
        qualification=standard.qualification, note=note,
        url=standard.url if standard.url and standard.url.startswith(WEB_ADDRESS) else None,
        units=units, uncovered=[unit for unit in units if not unit["outcomes"]])
    meta = {"title": title, **heading_marks({str(unit["anchor"]): unit["lang"] for unit in units})}
    if names:  # the header, the drawer and the previous/next links mark it too
        meta.update({"cg_title_lang": names, "cg_title_dir": direction(names)})
    return front_matter(meta, body)


def unit_entry(site: LanguageSite, unit: StandardUnit, rel: str, blocks: HtmlBlocks, names: str | None) -> dict:
    """One unit for the templates: code, title (and `label`, marked with its language `names`, see
    `names_language`, which `lang` keeps), anchor, hours, and the HTML block of its outcomes."""
    lib = site.library
    outcomes = [{"code": code, "href": relative_url(rel, lib.item_page(code), anchor(code)),
                 "statement": site.local.outcome_text(code)[0], **statement_language(site.local, code)}
                for code in lib.unit_outcomes.get(unit.code, [])]
    taught = dict.fromkeys(m for o in outcomes for m in lib.outcome_backlinks.get(o["code"]) or [])
    modules = [site.page_link(rel, lib.modules[module_id]) for module_id in sorted(taught)]
    block = site.templates.html("standard_unit", t=site.local.t, outcomes=outcomes, modules=modules,
                                lang=site.lang)
    return {"code": unit.code, "title": unit.title, "label": marked_text(site.local, unit.title, names), "lang": names,
            "anchor": Markup(anchor(unit.code)), "hours": site.local.hours(unit.hours) if unit.hours else None,
            "outcomes": outcomes, "block": Markup(blocks.add(block))}


def course_units(site: LanguageSite, course: Page, rel: str) -> list[dict]:
    """The national units a course's modules contribute to, by standard: [{title, label, href, units: [links],
    links}], with Markdown links from the course's page `rel`: each `label` marked with the standard's language
    where the page's is another, and `links` the units' links as Markdown, listed as the page's language lists."""
    lib = site.library
    outcomes = {code for m in lib.course_modules(course) if m in lib.modules for code in lib.modules[m].meta.outcomes}
    standards = []
    for standard in published_standards(lib):
        page, names = standard_page(standard.id), names_language(site, standard)
        units = [{"href": relative_md(rel, page, anchor(unit.code)), "title": f"{unit.code} {unit.title}",
                  "label": Markup(f"{md_text(unit.code)} "
                                  f"{marked_text(site.local, unit.title, names_language(site, standard, unit))}")}
                 for unit in standard.units if outcomes & set(lib.unit_outcomes.get(unit.code, []))]
        if units:
            title = standard.title or standard.id
            links = list_in([f"[{unit['label']}]({md_url(unit['href'])})" for unit in units], site.lang)
            standards.append({"title": title, "label": marked_text(site.local, title, names),
                              "href": relative_md(rel, page), "units": units, "links": Markup(links)})
    return standards
