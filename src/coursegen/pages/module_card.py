"""The info card at the top of a module page: hours, EQF level, delivery, countries, prerequisites, outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import country_name_in, direction
from ..page_paths import FRAMEWORK_PAGE, anchor, relative_url

if TYPE_CHECKING:
    from ..library import Page
    from .language import LanguageSite


def module_card(site: LanguageSite, page: Page, out_rel: str) -> str:
    """Duration, EQF level, delivery, countries, prerequisites and outcomes of a module (in this language),
    as HTML: it is built from the library alone, so it need not go through a Markdown parser."""
    meta, t, lib = page.meta, site.local.t, site.library
    outcomes = [{"href": relative_url(out_rel, FRAMEWORK_PAGE, anchor(code)), "code": code,
                 "statement": site.local.outcome_text(code)[0]}
                for code in dict.fromkeys(meta.outcomes) if code in lib.outcomes]
    return site.templates.html(
        "module_card", t=t, lang=site.lang, dir=direction(site.lang),
        hours=site.local.hours(meta.duration_hours), eqf_level=meta.eqf_level,
        delivery=[t(mode) for mode in meta.delivery], countries=country_names(site, meta.countries),
        prerequisites=[site.page_link(out_rel, lib.modules[m]) for m in meta.prerequisites if m in lib.modules],
        outcomes=outcomes)


def country_names(site: LanguageSite, countries: tuple[str, ...]) -> list[str]:
    """The names of a module's countries in the page's language (Babel's; the code for an unknown one)."""
    return [country_name_in(site.lang, country) for country in countries]
