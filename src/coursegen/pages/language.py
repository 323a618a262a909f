"""One language of the site: which text a page shows in it (its translation, or the default language's as
a fallback), the notices that say so, and the front matter and links every kind of page shares."""

from __future__ import annotations

from ..i18n import Staleness, direction, language_name_in, list_in, page_staleness
from ..library import Library, Page
from ..page_paths import relative_url
from ..templates import Markup
from .localizer import Localizer, localizer


class LanguageSite:
    """The context every page of one language is generated in: the library, the language, its text."""

    def __init__(self, library: Library, lang: str) -> None:
        self.library = library
        self.lang = lang
        self.local = localizer(library, lang)
        self.templates = self.local.templates
        self.default = library.default_language

    def source_text(self, page: Page) -> tuple[str, str | None, Staleness | None]:
        """(body, language of the body if it is a fallback, what changed if the translation is stale)."""
        if self.lang == self.default:
            return page.body, None, None
        translation = page.translations.get(self.lang)
        if translation is None:
            return page.body, self.default, None
        return translation.body, None, page_staleness(self.library, page, self.lang)

    def text_localizer(self, fallback: str | None) -> Localizer:
        """The localizer of a page's own text: the fallback language's when the page is shown in it."""
        return localizer(self.library, fallback) if fallback else self.local

    def notice(self, kind: str, text: str) -> str:
        """A notice box (fallback, stale, trainer) as HTML, followed by a blank line."""
        return self.templates.html("notice", kind=kind, text=text) + "\n\n"

    def notices(self, fallback: str | None, stale: Staleness | None) -> str:
        """The notices of a page shown in the default language, or of a stale translation, in this language."""
        text = ""
        if fallback:
            text += self.notice("fallback", self.local.t(
                "fallback_notice", language=language_name_in(self.lang, self.lang),
                original=language_name_in(self.lang, fallback)))
        if stale:
            text += self.notice("stale", self.stale_text(stale))
        return text

    def stale_text(self, stale: Staleness) -> str:
        """The stale notice, naming the sections that changed when they are known."""
        text = self.local.t("stale_notice")
        if stale.sections:
            text += " " + self.local.t("stale_sections", sections=list_in(list(stale.sections), self.lang))
        return text

    def in_language(self, lang: str, markdown: str) -> str:
        """Wrap Markdown shown in another language than the page's, so `lang`/`dir` tell the truth."""
        return self.templates.markdown("in_language", lang=lang, dir=direction(lang), body=Markup(markdown.strip()))

    def marked_block(self, markdown: Markup, lang: str | None) -> Markup:
        """A block of Markdown wrapped in its language `lang` (see `in_language`), or as it is when `lang` is
        None (the page's own) or it is empty."""
        return Markup(self.in_language(lang, markdown)) if lang and markdown else markdown

    def page_link(self, from_rel: str, page: Page) -> dict[str, str]:
        """A link to a content page, with its title in this language, for the templates' `page_link`."""
        link = {"href": relative_url(from_rel, page.rel), "title": self.local.page_title(page)}
        title_lang = self.local.page_title_language(page)
        if title_lang:  # a fallback title: its language, isolated so its punctuation stays with it
            link.update({"lang": title_lang, "dir": direction(title_lang)})
        return link

    def page_meta(self, page: Page, title: str, trainer: bool, fallback: str | None) -> dict:
        """Front matter of a generated content page: title, theme settings, its description (its own, else a
        module's or course's summary: pages without either get the site's), edition, fallback and title-language
        marks."""
        meta: dict = {"title": title}
        for key in ("hide", "description"):
            value = getattr(page.meta, key, None)
            if value:
                meta[key] = list(value) if isinstance(value, tuple) else value
        summary = self.text_localizer(fallback).page_summary(page)
        if summary and "description" not in meta:
            meta["description"] = " ".join(summary.split())
        if trainer:
            meta.update({"robots": "noindex", "cg_edition": "trainer"})
        if fallback:
            meta["cg_fallback"] = fallback
        # the title's language where it is not the page's (a fallback body brings its title; else the title
        # alone may be the default language's): the header, drawer and previous/next links mark it
        title_lang = fallback or self.local.page_title_language(page)
        if title_lang:
            meta.update({"cg_title_lang": title_lang, "cg_title_dir": direction(title_lang)})
        return meta
