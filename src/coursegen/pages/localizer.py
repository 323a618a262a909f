"""The library's text in one language, falling back to the default language item by item."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import language_marks
from ..library import Library, Page
from ..page_paths import anchor
from ..templates import Templates
from ..ui_strings import UiStrings
from .page_text import first_heading

#: A title up to this long fits a 360 px phone's header beside its buttons; a longer one needs a short title.
SHORT_TITLE_CHARS = 24
#: Search engines show about this many characters of a description.
DESCRIPTION_CHARS = 160


def localizer(library: Library, lang: str) -> Localizer:
    """The library's localizer for `lang`, made once per library (the exports ask for one per module and
    language: each would read the templates' and strings' folders again)."""
    key = ("localizer", lang)
    if key not in library.shared:
        library.shared[key] = Localizer(library, lang)
    return library.shared[key]


class Localizer:
    """Text of the library in one language, falling back to the default language item by item."""

    def __init__(self, library: Library, lang: str) -> None:
        self.library = library
        self.lang = lang
        self.templates = Templates(library.root)
        self.strings = UiStrings(library.root)
        found = library.framework_translations.get(lang) if lang != library.default_language else None
        self.framework = found[0] if found else None
        glossary = library.glossary_translations.get(lang) if lang != library.default_language else None
        self.glossary = glossary[0] if glossary else None

    #: Its methods whose result depends on `render_key` only (a template's context may hold them, see
    #: `templates.render_key`); the others read the library.
    keyed_methods = ("t",)

    @property
    def render_key(self) -> tuple:
        """What `t` says depends on: the language and the strings files as they were read."""
        return (self.lang, self.strings.state)

    def t(self, key: str, **values: object) -> str:
        """The site's word `key` in this language (see `ui_strings`), placeholders filled."""
        return self.strings.text(self.lang, key, **values)

    def framework_title(self) -> str:
        """The framework's title (the site's name)."""
        source = self.library.framework.title if self.library.framework else "coursegen"
        return (self.framework and self.framework.title) or source

    def framework_title_language(self) -> str | None:
        """The language of `framework_title` when it is the default language's (not translated here), else None."""
        return self._framework_text_language("title")

    def framework_description_language(self) -> str | None:
        """The language of `framework_description` when it is the default language's, else None."""
        return self._framework_text_language("description")

    def _framework_text_language(self, field: str) -> str | None:
        framework = self.library.framework
        if self.lang == self.library.default_language or framework is None or not getattr(framework, field):
            return None
        return None if self.framework and getattr(self.framework, field) else self.library.default_language

    def site_name(self) -> str:
        """The site's short name, for the header and page titles: the framework's `short_title`, else its title
        when that is short enough for a phone's header, else its id."""
        return self._site_name()[0]

    def site_name_language(self) -> str | None:
        """The language of `site_name` when it is the default language's, else None (an id is a code)."""
        return self._site_name()[1]

    def _site_name(self) -> tuple[str, str | None]:
        framework = self.library.framework
        if framework is None:
            return "coursegen", None
        if self.framework and self.framework.short_title:
            return self.framework.short_title, None
        if framework.short_title:
            return framework.short_title, None if self.lang == self.library.default_language \
                else self.library.default_language
        title = self.framework_title()
        return (title, self.framework_title_language()) if len(title) <= SHORT_TITLE_CHARS else (framework.id, None)

    def site_description(self) -> str:
        """The site's description for search engines (a page's meta description when it has none of its
        own): the framework's description, its first sentence or cut to `DESCRIPTION_CHARS`."""
        text = " ".join(self.framework_description().split())
        sentence = text.split(". ")[0].rstrip(".") + "." if text else ""
        if len(sentence) <= DESCRIPTION_CHARS:
            return sentence
        return sentence[:DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"

    def framework_description(self) -> str:
        """The framework's description."""
        source = self.library.framework.description if self.library.framework else ""
        return (self.framework and self.framework.description) or source

    def _translated_item(self, code: str):
        if not self.framework:
            return None
        table = self.framework.areas if code in self.library.areas else self.framework.competences
        return table.get(code)

    def item_title(self, code: str) -> str:
        """Title of an area or competence, statement of an outcome."""
        if code in self.library.outcomes:
            return self.outcome_text(code)[0]
        translated = self._translated_item(code)
        return (translated and translated.title) or self.library.items[code].item.title

    def item_title_language(self, code: str) -> str | None:
        """The language of `item_title` when it is the default language's (no translation here), else None."""
        if code in self.library.outcomes:
            return self.outcome_languages(code)[0]
        translated = self._translated_item(code)
        if self.lang == self.library.default_language or (translated and translated.title):
            return None
        return self.library.default_language

    def item_description(self, code: str) -> str:
        """The description of an area or competence."""
        translated = self._translated_item(code)
        return (translated and translated.description) or self.library.items[code].item.description

    def item_description_language(self, code: str) -> str | None:
        """The language of `item_description` when it is the default language's, else None."""
        translated = self._translated_item(code)
        if self.lang == self.library.default_language or (translated and translated.description) or \
                not self.library.items[code].item.description:
            return None
        return self.library.default_language

    def outcome_text(self, code: str) -> tuple[str, tuple[str, ...]]:
        """The statement and assessment criteria of an outcome."""
        outcome = self.library.outcomes[code]
        translated = self.framework.outcomes.get(code) if self.framework else None
        statement = (translated and translated.statement) or outcome.statement
        criteria = (translated and translated.assessment_criteria) or outcome.assessment_criteria
        return statement, criteria

    def outcome_languages(self, code: str) -> tuple[str | None, str | None]:
        """The language of an outcome's statement and of its criteria when `outcome_text` shows them in the
        default language (no translation here), else None: marked so, they read right in a right-to-left page."""
        translated = self.framework.outcomes.get(code) if self.framework else None
        fallback = None if self.lang == self.library.default_language else self.library.default_language
        return (None if translated and translated.statement else fallback,
                None if translated and translated.assessment_criteria else fallback)

    def page_title(self, page: Page) -> str:
        """A content page's title: its front matter's, else its first heading, else its path."""
        translation = page.translations.get(self.lang)
        title = (translation and translation.meta.title) or page.meta.title
        return title or first_heading(page.body) or page.rel

    def page_title_language(self, page: Page) -> str | None:
        """The language of `page_title` when it is not this one (the default language's title shown as a
        fallback), else None: such a title is marked with its language and isolated from the text around it."""
        translation = page.translations.get(self.lang)
        if self.lang == self.library.default_language or (translation and translation.meta.title):
            return None
        return self.library.default_language

    def page_summary(self, page: Page) -> str:
        """A module's or course's summary (empty when it has none)."""
        translation = page.translations.get(self.lang)
        summary = (translation and translation.meta.summary) or getattr(page.meta, "summary", "")
        return summary or ""

    def page_summary_language(self, page: Page) -> str | None:
        """The language of `page_summary` when it is the default language's, else None."""
        translation = page.translations.get(self.lang)
        if self.lang == self.library.default_language or (translation and translation.meta.summary) or \
                not getattr(page.meta, "summary", ""):
            return None
        return self.library.default_language

    def term(self, term_id: str) -> tuple[str, str]:
        """A glossary term and its definition."""
        source = self.library.terms[term_id]
        translated = self.glossary.terms.get(term_id) if self.glossary else None
        return (translated and translated.term) or source.term, \
            (translated and translated.definition) or source.definition

    def term_languages(self, term_id: str) -> tuple[str | None, str | None]:
        """The language of a term and of its definition when `term` shows them in the default language (no
        translation here), else None, as `outcome_languages` says it of an outcome."""
        translated = self.glossary.terms.get(term_id) if self.glossary else None
        fallback = None if self.lang == self.library.default_language else self.library.default_language
        return (None if translated and translated.term else fallback,
                None if translated and translated.definition else fallback)

    def glossary_entries(self, term_ids: Iterable[str]) -> list[dict]:
        """The glossary's entries of `term_ids` in this language, sorted by the term as it reads here: anchor,
        term, definition, and the language and direction of a term or definition shown in the default
        language (a right-to-left page isolates them)."""
        entries = []
        for term_id in sorted(term_ids, key=lambda i: (self.term(i)[0].casefold(), i)):
            (term, definition), (term_lang, definition_lang) = self.term(term_id), self.term_languages(term_id)
            entries.append({"anchor": anchor(term_id), "term": term, "definition": definition,
                            **language_marks("term", term_lang), **language_marks("definition", definition_lang)})
        return entries

    def hours(self, value: float) -> str:
        """A duration in hours, as the site writes it in this language."""
        return self.t("hours", hours=f"{value:g}")

