"""Languages: names, direction, and the status of every translation (missing, stale or current)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from .library import Library

#: ISO 639-1 codes coursegen accepts as site languages, with their own names (for the language switcher).
LANGUAGE_NAMES: dict[str, str] = {
    "ar": "العربية", "bg": "Български", "ca": "Català", "cs": "Čeština", "da": "Dansk", "de": "Deutsch",
    "el": "Ελληνικά", "en": "English", "es": "Español", "et": "Eesti", "eu": "Euskara", "fa": "فارسی",
    "fi": "Suomi", "fr": "Français", "ga": "Gaeilge", "gl": "Galego", "he": "עברית", "hi": "हिन्दी",
    "hr": "Hrvatski", "hu": "Magyar", "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語",
    "ko": "한국어", "lt": "Lietuvių", "lv": "Latviešu", "mt": "Malti", "nl": "Nederlands", "no": "Norsk",
    "pl": "Polski", "pt": "Português", "ro": "Română", "ru": "Русский", "sk": "Slovenčina",
    "sl": "Slovenščina", "sq": "Shqip", "sr": "Српски", "sv": "Svenska", "sw": "Kiswahili", "ta": "தமிழ்",
    "tl": "Tagalog", "tr": "Türkçe", "uk": "Українська", "ur": "اردو", "vi": "Tiếng Việt", "zh": "中文",
}
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def is_known_language(code: str) -> bool:
    return code in LANGUAGE_NAMES


def direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


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


def _state(source: str, lang: str, version: str, translated: str | None, path: str | None) -> TranslationState:
    if translated is None:
        status = Status.MISSING
    elif translated != version:
        status = Status.STALE
    else:
        status = Status.CURRENT
    return TranslationState(source, lang, status, version, translated, path)


def translation_states(library: Library) -> Iterator[TranslationState]:
    """Every (source, language) pair other than the default language, in a stable order."""
    others = library.languages[1:]
    if library.framework and library.framework_where:
        for lang in others:
            found = library.framework_translations.get(lang)
            yield _state(library.framework_where.path, lang, library.framework.version,
                         found[0].source_version if found else None, found[1].path if found else None)
    if library.glossary and library.glossary_where:
        for lang in others:
            found = library.glossary_translations.get(lang)
            yield _state(library.glossary_where.path, lang, library.glossary.version,
                         found[0].source_version if found else None, found[1].path if found else None)
    for rel in sorted(library.pages):
        page = library.pages[rel]
        for lang in others:
            translation = page.translations.get(lang)
            yield _state(page.where.path, lang, page.version,
                         translation.meta.source_version if translation else None,
                         translation.where.path if translation else None)
