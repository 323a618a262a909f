"""The self-assessment pages: a learner rates each learning outcome ("I can do this", "with help", "not yet"),
in the browser only, and prints a summary to bring to the trainer.

One sheet per course (the outcomes of its modules, grouped by module in course order, each outcome once) and,
for the whole framework, one per area (grouped by competence) with a short index; a sheet of more than
`SHEET_ROWS` outcomes continues on further pages (see `self_assessment_sheets`): no page grows with the
library. Each page prints the summary of its own outcomes. The statements are the framework's in the reader's language, or the default language's
marked with its `lang` and `dir`, with a notice that says so. Without a script each page still lists its
outcomes with their choices (and prints them with empty boxes); `assets/self-assessment.js` keeps the
ratings in `localStorage`, by the language site's root and the outcome's code, so that an outcome rated on a
course's page shows the same rating on its area's page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..i18n import direction, heading_marks, language_name_in
from ..page_paths import (SELF_ASSESSMENT_INDEX, anchor, part_page, relative_md, relative_url,
                          self_assessment_area_page, self_assessment_course_page)
from ..self_assessment_sheets import area_sheet, course_sheet, sheet_pages
from ..templates import Markup, md_text
from .page_text import front_matter
from .paging import part_links, part_title
from .reading_order import Neighbours, page_chain
from .references import References, marked_text

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import HtmlBlocks
    from .language import LanguageSite

#: The three ratings, in the order a learner sees them: the value stored, and the UI string of its label.
RATINGS = (("can", "self_assessment_can"), ("help", "self_assessment_help"), ("not-yet", "self_assessment_not_yet"))


def self_assessment_generators(library: Library) -> dict[str, Callable[[LanguageSite, HtmlBlocks], str]]:
    """The index and every page of each area's and course's sheet (see `self_assessment_sheets`), each with
    the function that writes it."""
    pages: dict[str, Callable[[LanguageSite, HtmlBlocks], str]] = {SELF_ASSESSMENT_INDEX: index_page}
    for rel, (kind, key, part) in sheet_pages(library).items():
        pages[rel] = (partial(area_page, area=key, part=part) if kind == "area"
                      else partial(course_page, course_id=key, part=part))
    return pages


def self_assessment_neighbours(library: Library) -> dict[str, Neighbours]:
    """A long sheet's further pages (outside the navigation) in order, the second following the first."""
    firsts: dict[str, list[str]] = {}
    for rel, (kind, key, part) in sheet_pages(library).items():
        first = self_assessment_area_page(key) if kind == "area" else self_assessment_course_page(key)
        if part > 1:
            firsts.setdefault(first, []).append(rel)
    return {rel: pair for first, rels in firsts.items() for rel, pair in page_chain(rels, first).items()}


def index_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """The self-assessment index: a link to each course's page and to each area's page."""
    lib, local, rel = site.library, site.local, SELF_ASSESSMENT_INDEX
    refs = References(local, rel)
    courses = [{"href": relative_md(rel, self_assessment_course_page(course_id)),
                "label": Markup(refs.page_label(lib.courses[course_id]))} for course_id in sorted(lib.courses)]
    areas = [{"href": relative_md(rel, self_assessment_area_page(code)), "label": item_label(refs, code)}
             for code in lib.children(None)]
    body = site.templates.markdown("self_assessment_index", t=local.t, courses=courses, areas=areas)
    return front_matter({"title": local.t("self_assessment")}, body)


def course_page(site: LanguageSite, blocks: HtmlBlocks, *, course_id: str, part: int = 1) -> str:
    """Page `part` of a course's self-assessment: a section per module in course order, with the outcomes
    it is the first of the course's modules to address (an outcome is rated once; a later module links to
    it, on whichever page of the sheet rates it)."""
    lib = site.library
    first = self_assessment_course_page(course_id)
    parts = course_sheet(lib, course_id)
    rel = part_page(first, part)
    where = {code: part_page(first, number) for number, groups in enumerate(parts, 1)
             for group in groups for code in group.codes}
    groups = [{"heading": Markup(f"[](module:{group.key})"), "anchor": Markup(f"module-{anchor(group.key)}"),
               "lang": site.local.page_title_language(lib.modules[group.key]),  # a sheet's modules all exist
               "codes": list(group.codes),
               "above": [{"code": code, "href": relative_url(rel, where[code], anchor(code)) if where[code] != rel
                          else f"#{anchor(code)}"} for code in group.above]}
              for group in parts[part - 1]]
    course = lib.courses[course_id]
    subject = {"text": site.local.page_title(course), "lang": site.local.page_title_language(course)}
    return sheet_page(site, blocks, rel, "self_assessment_course_title", subject, groups,
                      part_links(rel, first, len(parts), current=part))


def area_page(site: LanguageSite, blocks: HtmlBlocks, *, area: str, part: int = 1) -> str:
    """Page `part` of an area's self-assessment: a section per competence, with its outcomes in framework
    order."""
    local = site.local
    first = self_assessment_area_page(area)
    parts = area_sheet(site.library, area)
    rel = part_page(first, part)
    refs = References(local, rel)
    groups = [{"heading": item_label(refs, group.key), "anchor": Markup(anchor(group.key)),
               "lang": local.item_title_language(group.key), "codes": list(group.codes), "above": []}
              for group in parts[part - 1]]
    subject = {"text": f"{area} {local.item_title(area)}", "lang": local.item_title_language(area)}
    return sheet_page(site, blocks, rel, "self_assessment_area_title", subject, groups,
                      part_links(rel, first, len(parts), current=part))


def item_label(refs: References, code: str) -> Markup:
    """An area's or competence's code and title as Markdown, the title marked with its language when it is
    the default language's (untranslated)."""
    local = refs.local
    return Markup(f"{md_text(code)} {refs.label(local.item_title(code), local.item_title_language(code))}")


def sheet_page(site: LanguageSite, blocks: HtmlBlocks, rel: str, title_key: str, subject: dict,
               groups: list[dict], parts: list[dict]) -> str:
    """A self-assessment page: its title (the UI string `title_key` naming the `subject`: {text, lang}, the
    language of a fallback title or None), the tools (notice, buttons), the printed sheet's head, a section
    per group (its heading's language in `lang`, when not the page's) with its outcomes' choices, and the
    printed summary with the trainer's lines; the links to the sheet's other pages (`parts`, see
    `paging.part_links`) when it has several."""
    t = site.local.t
    current = next((part["part"] for part in parts if part["current"]), 1)
    title = part_title(t, t(title_key, subject=subject["text"]), current, len(parts))
    subject = {**subject, "dir": subject["lang"] and direction(subject["lang"])}
    outcomes = {code: outcome_item(site, code) for group in groups for code in group["codes"]}
    for group in groups:
        items = [outcomes[code] for code in group["codes"]]
        group["block"] = Markup(blocks.add(site.templates.html(
            "self_assessment_outcomes", t=t, outcomes=items, ratings=ratings(site))) if items else "")
    tools = site.templates.html(
        "self_assessment_tools", t=t, root=relative_url(rel, "index.md"), subject=subject,
        notice=Markup(fallback_notice(site) if any(o["lang"] for o in outcomes.values()) else ""))
    summary = site.templates.html("self_assessment_summary", t=t, ratings=ratings(site) + [
        {"value": "none", "label": t("self_assessment_not_rated")}])
    nav = [Markup(blocks.add(site.templates.html("parts", t=t, parts=parts))) if len(parts) > 1 else ""
           for _ in range(2)]  # above and below the sections: a block is printed once
    suffix = f" ({t('page_of', part=current, parts=len(parts))})" if len(parts) > 1 else ""
    body = site.templates.markdown(
        "self_assessment", t=t, title=Markup(heading(site, title_key, subject) + md_text(suffix)),
        tools=Markup(blocks.add(tools)), parts=nav, groups=groups, summary=Markup(blocks.add(summary)),
        empty=not outcomes)
    marks = heading_marks({str(group["anchor"]): group.get("lang") for group in groups})  # for the contents
    return front_matter({"title": title, "cg_self_assessment": True, **marks}, body)


def heading(site: LanguageSite, title_key: str, subject: dict) -> Markup:
    """The page's level-1 heading as Markdown: the UI string with the subject in it, a fallback title marked
    with its language (isolated, so a right-to-left heading keeps its order)."""
    marker = "\ue000"  # private use: in no UI string
    before, _, after = site.local.t(title_key, subject=marker).partition(marker)
    text = marked_text(site.local, subject["text"], subject["lang"])
    return Markup(md_text(before) + (" " if before.endswith(" ") else "") + text
                  + (" " if after.startswith(" ") else "") + md_text(after))


def outcome_item(site: LanguageSite, code: str) -> dict:
    """One outcome for the templates: its code, anchor, statement, and the statement's language when it is
    the default language's (no translation here), else None."""
    statement_lang = site.local.outcome_languages(code)[0]
    return {"code": code, "anchor": anchor(code), "statement": site.local.outcome_text(code)[0],
            "lang": statement_lang, "dir": statement_lang and direction(statement_lang)}


def ratings(site: LanguageSite) -> list[dict]:
    """The three ratings with their labels in this language."""
    return [{"value": value, "label": site.local.t(key)} for value, key in RATINGS]


def fallback_notice(site: LanguageSite) -> str:
    """The notice of a page some of whose statements are shown in the default language."""
    return site.notice("fallback", site.local.t(
        "self_assessment_fallback", language=language_name_in(site.lang, site.lang),
        original=language_name_in(site.lang, site.default)))
