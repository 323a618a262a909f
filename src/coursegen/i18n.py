"""Languages: names, direction, and the status of every translation (missing, stale or current)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from babel import Locale, localedata
from babel.lists import format_list

from . import fingerprints
from .library import Library, Page
from .translation_sources import (
    SourceFile,
    TranslationFile,
    all_sources,
    changed_sections,
    page_source,
    stale_units,
    translation_of,
)

#: A site language is a two-letter ISO 639-1 code that Babel (the CLDR data Material is built with) knows.
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
#: A country: a two-letter ISO 3166-1 code in capitals.
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale | None:
    if not _LANGUAGE_CODE.match(code) or not localedata.exists(code):
        return None
    return Locale.parse(code)


def is_known_language(code: str) -> bool:
    return _locale(code) is not None


def direction(code: str) -> str:
    """`rtl` for languages written right to left (Arabic, Persian, Hebrew, Urdu...), else `ltr`."""
    locale = _locale(code)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


def language_marks(name: str, lang: str | None) -> dict[str, str | None]:
    """`<name>_lang` and `<name>_dir` for a template: the language and direction of a text shown in another
    language than the page's (the default language's, untranslated), or None for both."""
    return {f"{name}_lang": lang, f"{name}_dir": lang and direction(lang)}


def heading_marks(langs: dict[str, str | None]) -> dict:
    """Front matter that marks headings of a page (by their anchor) whose text is in another language than the
    page's, with that language and its direction, for the page's table of contents (see
    site_overrides/partials/toc-item.html): `cg_heading_langs`, or nothing when none is."""
    marked = {anchor: [lang, direction(lang)] for anchor, lang in sorted(langs.items()) if lang}
    return {"cg_heading_langs": marked} if marked else {}


def list_in(items: list[str], lang: str) -> str:
    """Items joined as language `lang` lists them ("A, B and C"; Arabic "A وB وC", not "A, B, C"), from
    CLDR; with commas for a language Babel does not know or whose list patterns it lacks."""
    locale = _locale(lang)
    if locale is None or len(items) < 2:
        return ", ".join(items)
    try:
        return format_list(items, locale=locale)
    except (KeyError, ValueError):  # a locale without list patterns (CLDR leaves some out)
        return ", ".join(items)


def language_name_in(lang: str, named: str) -> str:
    """The name of language `named` as written in language `lang` ("Spanish", "español", "الإسبانية"); the code
    itself for a language Babel does not know."""
    locale, reader = _locale(named), _locale(lang)
    return (locale.get_display_name(reader or "en") if locale else None) or named


def is_known_country(code: str) -> bool:
    """Whether `code` is a two-letter ISO 3166 country (or region) code that Babel can name (`ES`, `AT`)."""
    return bool(_COUNTRY_CODE.match(code)) and code != "ZZ" and code in _locale("en").territories


def country_name_in(lang: str, country: str) -> str:
    """The name of a country (ISO 3166 code, `AT`) as written in language `lang` ("Austria", "Österreich");
    the code itself for a country Babel does not know."""
    reader = _locale(lang) or _locale("en")
    return (reader.territories.get(country.upper()) if reader and country.isalpha() else None) or country


def language_name(code: str) -> str:
    """A language's own name, as a language switcher shows it: "Español", "Deutsch", "العربية"."""
    name = language_name_in(code, code)
    return name[:1].upper() + name[1:]


class Status(str, Enum):
    MISSING = "missing"
    STALE = "stale"
    CURRENT = "current"


@dataclass(frozen=True)
class TranslationState:
    """The state of one source (a page, the glossary or the framework) in one language."""

    source: str  # project-relative path of the source
    lang: str
    status: Status
    source_version: str
    translated_version: str | None  # the source version the translation says it translates
    translation_path: str | None
    #: Lines of the source whose units changed since the translation's recorded fingerprint (empty without
    #: one); `fingerprinted` says whether the translation records one.
    changed_lines: tuple[int, ...] = ()
    fingerprinted: bool = False


def is_stale(source: SourceFile, translation: TranslationFile) -> bool:
    """The one decision whether an existing translation is out of date, for `translation_states`, the checks
    and the page notices: by the recorded fingerprint when the translation has one (any unit changed, came or
    went), else, as before fingerprints, by `source_version` against the source's `version`."""
    if translation.recorded is not None:
        return fingerprints.differs(translation.recorded, source.units)
    return translation.translated_version != source.version


@dataclass(frozen=True)
class Staleness:
    """Why a page's notice says the original has changed: the sections that changed, when known."""

    sections: tuple[str, ...] = ()


def page_staleness(library: Library, page: Page, lang: str) -> Staleness | None:
    """None when the page's `lang` translation is current (or missing), else what changed in the original."""
    source = page_source(page)
    translation = translation_of(library, source, lang, paired=False)  # whether it is stale needs no texts
    if not translation.exists or not is_stale(source, translation):
        return None
    return Staleness(tuple(changed_sections(source, translation_of(library, source, lang))))


def _state(source: SourceFile, lang: str, translation: TranslationFile) -> TranslationState:
    if not translation.exists:
        status = Status.MISSING
    elif is_stale(source, translation):
        status = Status.STALE
    else:
        status = Status.CURRENT
    changed = stale_units(source, translation) if status is Status.STALE and translation.recorded else []
    return TranslationState(source.path, lang, status, source.version, translation.translated_version,
                            translation.path if translation.exists else None,
                            tuple(source.units[index].line for index in changed), translation.recorded is not None)


def translation_states(library: Library) -> Iterator[TranslationState]:
    """Every (source, language) pair other than the default language, in a stable order: the framework, the
    glossary, then the pages in path order."""
    others = library.languages[1:]
    for source in all_sources(library):
        for lang in others:
            yield _state(source, lang, translation_of(library, source, lang, paired=False))
