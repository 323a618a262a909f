"""The framework's pages: an overview of its areas, each with its competences' titles, and one page per area
with its competences and learning outcomes, each outcome with the modules that teach it. The area pages are
the home of every item's anchor (`framework/areas/a1/#a1-c1-lo1`): `Library.item_page` names the page.

Bounded, whatever the size of the library: a page holds one area's own text (what the framework's authors
wrote, which does not grow with the modules) and, per outcome, at most `MODULE_LINKS` links to the modules
that teach it. An outcome more modules teach says how many more there are and links to its area's coverage
matrix, which lists every module that addresses the area (on pages of `page_paths.COVERAGE_ROWS` rows).
The overview holds the areas' and competences' titles only, and is kept out of the search (its list is
`data-pagefind-ignore`: the area pages say the same), apart from the framework's title and description.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..i18n import heading_marks, language_marks
from ..page_paths import (FRAMEWORK_PAGE, SELF_ASSESSMENT_INDEX, anchor, area_page, coverage_area_page, relative_md,
                          relative_url)
from ..templates import Markup, md_block
from .page_text import front_matter
from .reading_order import Neighbours, page_chain
from .references import marked_text

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite

#: An outcome on its area's page links to at most this many of the modules that teach it.
MODULE_LINKS = 12


def framework_overview(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """The framework's title and description (each marked with its language when it is the default
    language's), then each area (linking to its page) with its competences."""
    local, lib, rel = site.local, site.library, FRAMEWORK_PAGE
    areas = [{**titled_item(site, area), "href": relative_url(rel, area_page(area)),
              "competences": [{**titled_item(site, c), "href": relative_url(rel, area_page(area), anchor(c))}
                              for c in lib.children(area)]}
             for area in lib.children(None)]
    listing = site.templates.html("framework_overview", areas=areas)
    description = site.marked_block(md_block(local.framework_description()), local.framework_description_language())
    body = site.templates.markdown("framework", title=local.framework_title(),
                                   label=marked_text(local, local.framework_title(), local.framework_title_language()),
                                   description=description, areas=Markup(blocks.add(listing) if areas else ""),
                                   self_assessment=relative_md(FRAMEWORK_PAGE, SELF_ASSESSMENT_INDEX), t=local.t)
    return front_matter({"title": local.t("framework")}, body)


def area_generators(library: Library) -> dict:
    """The docs path of each area's page and the function that writes it, in framework order."""
    return {area_page(area): partial(area_page_text, area=area) for area in library.children(None)}


def area_page_text(site: LanguageSite, blocks: HtmlBlocks, *, area: str) -> str:
    """One area: its title and description, each competence (a heading) with the entries of its outcomes."""
    local, lib, rel = site.local, site.library, area_page(area)
    competences = []
    for competence in lib.children(area):
        entries = outcome_entries(site, lib.children(competence), rel, area)
        competences.append({**_item(site, competence), "block": Markup(blocks.add(entries) if entries else "")})
    body = site.templates.markdown(
        "framework_area", t=local.t, area=_item(site, area), competences=competences,
        overview=relative_md(rel, FRAMEWORK_PAGE), coverage=relative_md(rel, coverage_area_page(area)))
    # the competences' headings in the table of contents carry their titles' language where it is not the page's
    marks = heading_marks({str(competence["anchor"]): competence["title_lang"] for competence in competences})
    return front_matter({"title": f"{area} {local.item_title(area)}", **marks}, body)


def area_neighbours(library: Library) -> dict[str, Neighbours]:
    """The areas' pages in order, each with the page before and after it (the first follows the overview): for
    a framework with more areas than its navigation section lists."""
    return page_chain(list(area_generators(library)), FRAMEWORK_PAGE)


def _item(site: LanguageSite, code: str) -> dict:
    """An area or competence for the templates: `titled_item`'s, its title as Markdown (`label`, marked when
    it is the default language's) and its description, wrapped in its language when it is."""
    description = site.marked_block(md_block(site.local.item_description(code)),
                                    site.local.item_description_language(code))
    title = titled_item(site, code)
    return {**title, "label": marked_text(site.local, title["title"], title["title_lang"]),
            "anchor": Markup(anchor(code)), "description": description}


def titled_item(site: LanguageSite, code: str) -> dict:
    """An area's or competence's code and title, with the title's language and direction when it is the
    default language's (untranslated: a right-to-left page isolates it)."""
    return {"code": code, "title": site.local.item_title(code),
            **language_marks("title", site.local.item_title_language(code))}


def outcome_entries(site: LanguageSite, codes: list[str], rel: str, area: str) -> str:
    """The outcomes `codes` of `area` as HTML: statement (with its anchor), level, criteria, units, and the
    modules that teach each (at most `MODULE_LINKS`, then how many more, linking to the coverage matrix)."""
    lib, outcomes = site.library, []
    coverage = relative_url(rel, coverage_area_page(area))
    for code in codes:
        statement, criteria = site.local.outcome_text(code)
        statement_lang, criteria_lang = site.local.outcome_languages(code)
        teaching = lib.outcome_backlinks.get(code) or []
        outcomes.append({
            "code": code, "anchor": anchor(code), "statement": statement, "criteria": criteria,
            **language_marks("statement", statement_lang), **language_marks("criteria", criteria_lang),
            "eqf_level": lib.outcomes[code].eqf_level, "units": lib.unit_alignments.get(code) or [],
            "modules": [site.page_link(rel, lib.modules[m]) for m in teaching[:MODULE_LINKS]],
            "more": max(0, len(teaching) - MODULE_LINKS), "coverage": coverage,
        })
    if not outcomes:
        return ""
    return site.templates.html("outcome_entries", t=site.local.t, lang=site.lang, outcomes=outcomes)

