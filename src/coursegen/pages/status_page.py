"""The translation status page of the Contribute section: `translation_status`'s report, in the reader's
language, with an overview of every language and then each one's unfinished items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Status, direction, language_name_in
from ..templates import Markup
from ..translation_status import CATEGORIES, LanguageStatus, category_data, counts, translation_status
from .page_text import front_matter

if TYPE_CHECKING:
    from .file_set import HtmlBlocks
    from .language import LanguageSite

#: The UI string naming each category on the page (modules, courses and glossary have theirs already).
CATEGORY_KEYS = {"framework": "status_framework", "modules": "modules", "courses": "courses",
                 "guideline": "status_guideline", "pages": "status_pages", "glossary": "glossary", "ui": "status_ui"}


def status_page(site: LanguageSite, blocks: HtmlBlocks) -> str:
    """Every translation language: the share that is current, then its parts and unfinished items."""
    t, statuses = site.local.t, translation_status(site.library)
    rows = [{**counts(status), "lang": status.lang, "dir": direction(status.lang), "anchor": _anchor(status),
             "name": language_name_in(site.lang, status.lang), "percent": f"{status.percent_current:.0f}",
             "words": status.words_to_translate} for status in statuses]
    overview = Markup(blocks.add(site.templates.html("translation_status_overview", t=t, rows=rows)))
    languages = [{"name": row["name"], "anchor": Markup(row["anchor"]),
                  "block": Markup(blocks.add(_language_block(site, status)))} for row, status in zip(rows, statuses)]
    body = site.templates.markdown("translation_status", t=t, overview=overview, languages=languages)
    return front_matter({"title": t("status_title")}, body)


def _anchor(status: LanguageStatus) -> str:
    return f"status-{status.lang}"


def _language_block(site: LanguageSite, status: LanguageStatus) -> str:
    t = site.local.t
    parts = [{**category_data(status, category), "name": t(CATEGORY_KEYS[category]),
              "words": category_data(status, category)["words_to_translate"]}
             for category in CATEGORIES if any(item.category == category for item in status.items)]
    lists = []
    for state, key in ((Status.STALE, "status_stale"), (Status.MISSING, "status_missing")):
        items = [{"part": t(CATEGORY_KEYS[item.category]), "id": item.id, "path": item.translation}
                 for item in status.unfinished(state)]
        if items:
            lists.append({"title": t(key), "entries": items})
    return site.templates.html("translation_status_language", t=t, parts=parts, lists=lists)
