"""The info card at the top of a module page: hours, EQF level, delivery, countries, prerequisites, outcomes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import country_name_in, direction, language_marks
from ..markdown_scan import mask_code
from ..page_paths import anchor, relative_url

if TYPE_CHECKING:
    from ..library import Page
    from .language import LanguageSite
    from .localizer import Localizer

_OUTCOME_REFERENCE = re.compile(r"\]\(\s*outcome:([^)\s]+)\s*\)")
_H2 = re.compile(r"^[ \t]{0,3}##[ \t]", re.M)


def module_card(site: LanguageSite, page: Page, out_rel: str, body: str = "") -> str:
    """Duration, EQF level, delivery, countries, prerequisites and outcomes of a module (in this language),
    as HTML: it is built from the library alone, so it need not go through a Markdown parser.

    The outcomes are left out when the module's text (`body`) lists them all before its first section, as
    the Contribute pages show ("In this module you will learn to:"): a page lists its outcomes once, in the
    author's order.
    """
    meta, t, lib = page.meta, site.local.t, site.library
    codes = [code for code in dict.fromkeys(meta.outcomes) if code in lib.outcomes]
    outcomes = [] if lists_outcomes(body, codes) else [
        {"href": relative_url(out_rel, lib.item_page(code), anchor(code)), "code": code,
         "statement": site.local.outcome_text(code)[0], **statement_language(site.local, code)}
        for code in codes]
    return site.templates.html(
        "module_card", t=t, lang=site.lang, dir=direction(site.lang),
        hours=site.local.hours(meta.duration_hours), eqf_level=meta.eqf_level,
        delivery=[t(mode) for mode in meta.delivery], countries=country_names(site, meta.countries),
        prerequisites=[site.page_link(out_rel, lib.modules[m]) for m in meta.prerequisites if m in lib.modules],
        outcomes=outcomes)


def country_names(site: LanguageSite, countries: tuple[str, ...]) -> list[str]:
    """The names of a module's countries in the page's language (Babel's; the code for an unknown one)."""
    return [country_name_in(site.lang, country) for country in countries]


def lists_outcomes(body: str, codes: list[str]) -> bool:
    """Whether the opening of a module's text (before its first level-2 heading) references every one of
    `codes` as `[](outcome:code)`."""
    masked = mask_code(body)
    section = _H2.search(masked)
    opening = masked[:section.start()] if section else masked
    return bool(codes) and set(codes) <= set(_OUTCOME_REFERENCE.findall(opening))


def statement_language(local: Localizer, code: str) -> dict:
    """An outcome's statement's language and direction for the templates, when it is the default language's
    (untranslated), else None."""
    return language_marks("statement", local.outcome_languages(code)[0])
