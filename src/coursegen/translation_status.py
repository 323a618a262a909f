"""How far each language's translation is: every translatable item, current, stale or missing.

An item is what a translator translates as one piece: the framework's title and each area, competence and
outcome; each module, course, guideline chapter and other page; each glossary term; each word of the site
(UI strings). Whether a file's translation is current or stale is `i18n.translation_states`' decision, so
any way it tells staleness (versions, fingerprints) flows into this report; an item a translation file does
not cover, or whose file is a scaffold still marked `translation: pending`, is missing.

This module is core: the command line prints its report and the site's Contribute section shows it.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .i18n import Status, TranslationState, translation_states
from .library import Library, Page
from .loader import FRAMEWORK_FILE
from .ui_strings import FALLBACK, STRINGS_FOLDER, UiStrings

#: The kinds of item, in the order every report lists them.
CATEGORIES = ("framework", "modules", "courses", "guideline", "pages", "glossary", "ui")
#: Human names of the categories in the command line's (English) text report.
CATEGORY_NAMES = {"framework": "framework items", "modules": "modules", "courses": "courses",
                  "guideline": "guideline chapters", "pages": "other pages", "glossary": "glossary terms",
                  "ui": "UI strings"}
GUIDELINE_FOLDER = "guideline/"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class StatusItem:
    """One translatable item in one language."""

    category: str
    id: str
    status: Status
    source: str  # project-relative path of the source file
    translation: str  # project-relative path of the translation file (to be created when missing)
    words: int  # words of the source text: what is still to translate unless the item is current


@dataclass(frozen=True)
class LanguageStatus:
    """Every translatable item of the library in one language."""

    lang: str
    items: tuple[StatusItem, ...]

    def count(self, status: Status, category: str | None = None) -> int:
        """How many items (of `category`, or of all) have `status`."""
        return sum(1 for item in self.items if item.status is status and category in (None, item.category))

    @property
    def percent_current(self) -> float:
        """The share of items that are current, in percent (100 when there is nothing to translate)."""
        return 100.0 * self.count(Status.CURRENT) / len(self.items) if self.items else 100.0

    @property
    def words_to_translate(self) -> int:
        """Words of the source text of every stale or missing item."""
        return sum(item.words for item in self.items if item.status is not Status.CURRENT)

    def unfinished(self, status: Status) -> list[StatusItem]:
        """The stale or the missing items, in report order."""
        return [item for item in self.items if item.status is status]


def words(*texts: object) -> int:
    """The number of words in some source texts (a rough measure of a translator's work)."""
    return sum(_words(text) for text in texts if isinstance(text, str))


@lru_cache(maxsize=8192)
def _words(text: str) -> int:
    """Kept: every language's status page counts the same source texts, on every build of the preview."""
    return len(_WORD.findall(text))


def translation_status(library: Library, langs: list[str] | None = None) -> list[LanguageStatus]:
    """The status of every language other than the default (or of `langs`), in the framework's order."""
    states = {(state.source, state.lang): state for state in translation_states(library)}
    strings = UiStrings(library.root)
    chosen = [lang for lang in library.languages[1:] if langs is None or lang in langs]
    return [LanguageStatus(lang, tuple(_items(library, lang, states, strings))) for lang in chosen]


def _items(library: Library, lang: str, states: dict[tuple[str, str], TranslationState],
           strings: UiStrings) -> Iterator[StatusItem]:
    yield from _framework_items(library, lang, states.get((FRAMEWORK_FILE, lang)))
    pages = sorted(library.pages.values(), key=lambda page: (CATEGORIES.index(_category(page)), page.rel))
    for page in pages:
        yield _page_item(page, lang, states[(page.where.path, lang)])
    if library.glossary_where is not None:
        yield from _glossary_items(library, lang, states.get((library.glossary_where.path, lang)))
    yield from _ui_items(strings, lang)


def _item_status(state: TranslationState | None, translated: bool) -> Status:
    """A file's status for an item its translation covers; missing for one it does not."""
    if state is None or not translated:
        return Status.MISSING
    return state.status


def _framework_items(library: Library, lang: str, state: TranslationState | None) -> Iterator[StatusItem]:
    if library.framework is None:
        return
    found = library.framework_translations.get(lang)
    translation = found[0] if found else None
    path = f"framework/translations/{lang}.yaml"

    def item(code: str, source: str, translated: bool, *texts: object) -> StatusItem:
        return StatusItem("framework", code, _item_status(state, translated), source, path, words(*texts))

    framework = library.framework
    yield item(framework.id, FRAMEWORK_FILE, bool(translation and translation.title),
               framework.title, framework.description)
    for code, entry in library.items.items():
        source = entry.item
        if code in library.outcomes:
            text = translation.outcomes.get(code) if translation else None
            yield item(code, entry.where.path, bool(text and text.statement), source.statement,
                       *source.assessment_criteria)
        else:
            table = (translation.areas if code in library.areas else translation.competences) if translation else {}
            titled = table.get(code)
            yield item(code, entry.where.path, bool(titled and titled.title), source.title, source.description)


def _category(page: Page) -> str:
    if page.kind == "module":
        return "modules"
    if page.kind == "course":
        return "courses"
    return "guideline" if page.rel.startswith(GUIDELINE_FOLDER) else "pages"


def translation_rel(source: str, lang: str) -> str:
    """The path of the translation of a content file into `lang`: `content/a/b.md` -> `content/a/b.es.md`."""
    stem, ext = posixpath.splitext(source)
    return f"{stem}.{lang}{ext}"


def _page_item(page: Page, lang: str, state: TranslationState) -> StatusItem:
    item_id = getattr(page.meta, "id", None) or page.rel
    return StatusItem(_category(page), item_id, state.status, page.where.path,
                      state.translation_path or translation_rel(page.where.path, lang),
                      words(page.meta.title, getattr(page.meta, "summary", ""), page.body))


def _glossary_items(library: Library, lang: str, state: TranslationState | None) -> Iterator[StatusItem]:
    assert library.glossary is not None and library.glossary_where is not None
    found = library.glossary_translations.get(lang)
    translated = found[0].terms if found else {}
    source = library.glossary_where.path
    path = state.translation_path if state and state.translation_path else translation_rel(source, lang)
    for term in library.glossary.terms:
        text = translated.get(term.id)
        yield StatusItem("glossary", term.id, _item_status(state, bool(text and text.term)), source, path,
                         words(term.term, term.definition))


def _ui_items(strings: UiStrings, lang: str) -> Iterator[StatusItem]:
    missing = set(strings.missing(lang))
    source, path = f"site_overrides/{STRINGS_FOLDER}/{FALLBACK}.yaml", f"site_overrides/{STRINGS_FOLDER}/{lang}.yaml"
    for key, english in strings.fallback.items():
        status = Status.MISSING if key in missing else Status.CURRENT
        yield StatusItem("ui", key, status, source, path, words(english))


# --- reports -------------------------------------------------------------------------------------


def below(statuses: list[LanguageStatus], threshold: float) -> list[LanguageStatus]:
    """The languages whose share of current items is below `threshold` percent."""
    return [status for status in statuses if status.percent_current < threshold]


def counts(status: LanguageStatus, category: str | None = None) -> dict[str, int]:
    """`{"current": N, "stale": N, "missing": N}` of one language (and category)."""
    return {state.value: status.count(state, category) for state in (Status.CURRENT, Status.STALE, Status.MISSING)}


def category_data(status: LanguageStatus, category: str) -> dict[str, int]:
    """The counts of one category and the words still to translate in it."""
    todo = sum(item.words for item in status.items if item.category == category and item.status is not Status.CURRENT)
    return {**counts(status, category), "words_to_translate": todo}


def as_data(library: Library, statuses: list[LanguageStatus]) -> dict:
    """The report as JSON-ready data (the shape `coursegen status --format json` prints)."""
    return {
        "default_language": library.default_language,
        "languages": [{
            "lang": status.lang,
            "percent_current": round(status.percent_current, 1),
            "words_to_translate": status.words_to_translate,
            "totals": counts(status),
            "categories": {category: category_data(status, category) for category in CATEGORIES},
            "items": [{"category": item.category, "id": item.id, "status": item.status.value, "source": item.source,
                       "translation": item.translation, "words": item.words}
                      for item in status.items if item.status is not Status.CURRENT],
        } for status in statuses],
    }


def as_json(library: Library, statuses: list[LanguageStatus]) -> str:
    """The report as JSON, keys in a fixed order, for CI jobs."""
    return json.dumps(as_data(library, statuses), ensure_ascii=False, indent=2) + "\n"


def as_text(statuses: list[LanguageStatus]) -> str:
    """The report as text for a terminal: per language the counts per category, then each unfinished item."""
    lines: list[str] = []
    for status in statuses:
        totals = counts(status)
        lines.append(f"{status.lang}: {status.percent_current:.1f}% current ({totals['current']} current, "
                     f"{totals['stale']} stale, {totals['missing']} missing; "
                     f"{status.words_to_translate} words to translate)")
        for category in CATEGORIES:
            numbers = counts(status, category)
            if sum(numbers.values()):
                lines.append(f"  {CATEGORY_NAMES[category] + ':':20} {numbers['current']:5} current "
                             f"{numbers['stale']:5} stale {numbers['missing']:5} missing")
        for state in (Status.STALE, Status.MISSING):
            for item in status.unfinished(state):
                lines.append(f"  {state.value:7} {CATEGORY_NAMES[item.category]}: {item.id} -> {item.translation}")
    return "\n".join(lines) + ("\n" if lines else "")

