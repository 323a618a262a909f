"""References such as `[](outcome:A1.C1.LO1)` expanded to relative links with localized titles."""

from __future__ import annotations

import re

from ..i18n import direction, language_marks
from ..markdown_scan import REFERENCE_SCHEMES, mask_code
from ..page_paths import GLOSSARY_PAGE, anchor, rebase_markdown, relative_md, relative_url
from ..templates import Markup, md_text
from .localizer import Localizer

_REFERENCE = re.compile(r"\[([^\]\n]*)\]\(\s*(" + "|".join(REFERENCE_SCHEMES) + r"):([^)\s]+)\s*\)")


def marked_text(local: Localizer, text: str, lang: str | None) -> Markup:
    """`text` as inline Markdown: as it is in the page's language (`lang` None), else in a span marked with
    its language `lang` and its direction (a fallback: isolated from the text around it)."""
    if not lang:
        return md_text(text)
    label = local.templates.markdown("page_label", lang=lang, dir=direction(lang), title=text)
    return Markup(label.rstrip("\n"))  # inline: the template file's last line end is not the label's


#: Where a text marked with its own language goes in a sentence of the page's (private use: in no message).
SLOT = "\ue000"


def sentence_with(sentence: str, marked: Markup) -> Markup:
    """`sentence`, a message of the page's language with `SLOT` where a text goes ("Coverage matrix: {area}"),
    as inline Markdown with `marked` (a `marked_text`) put there: the sentence is escaped, the text marked."""
    return Markup(str(md_text(sentence)).replace(SLOT, str(marked)))


class References:
    """Expands `[](scheme:id)` links and rebases relative links for one output page."""

    def __init__(self, local: Localizer, out_rel: str, source_rel: str | None = None, tip_prefix: str = "cg-tip-"
                 ) -> None:
        self.local = local
        self.library = local.library
        self.out_rel = out_rel
        self.source_rel = source_rel or out_rel
        self.tips = 0  # per page counter: tooltip ids are stable and unique within the page
        self.tip_prefix = tip_prefix  # trainer notes use their own, so their ids never clash with the page's

    def expand(self, markdown: str) -> str:
        """The Markdown with every reference expanded (code spans and blocks are left alone)."""
        masked = mask_code(markdown)
        parts, last = [], 0
        for match in _REFERENCE.finditer(masked):
            parts.append(markdown[last:match.start()])
            text = markdown[match.start(1):match.end(1)]
            parts.append(self.reference(match.group(2), match.group(3), text) or markdown[match.start():match.end()])
            last = match.end()
        parts.append(markdown[last:])
        return "".join(parts)

    def page_label(self, page) -> str:
        """A page's title as link text: in this language, or marked with its own language when it is the
        default language's (isolated from the text around it, see `Localizer.page_title_language`)."""
        return self.label(self.local.page_title(page), self.local.page_title_language(page))

    def label(self, text: str, lang: str | None) -> str:
        """Link text in this language (`lang` None), or marked with its own language `lang`."""
        return marked_text(self.local, text, lang)

    def reference(self, scheme: str, value: str, text: str) -> str | None:
        """Markdown (or inline HTML) for one reference; None when it cannot be resolved."""
        library, local = self.library, self.local
        if scheme in ("outcome", "competence", "area") and value in library.items:
            if text:
                label = md_text(text)
            else:  # its title (an outcome: code and statement), marked when it is the default language's
                label = self.label(local.item_title(value), local.item_title_language(value))
                label = f"{md_text(value)} {label}" if scheme == "outcome" else label
            return f"[{label}]({relative_md(self.out_rel, library.item_page(value), anchor(value))})"
        pages = {"module": library.modules, "course": library.courses}.get(scheme, {})
        if value in pages:
            label = md_text(text) if text else self.page_label(pages[value])
            return f"[{label}]({relative_md(self.out_rel, pages[value].rel)})"
        if scheme == "term" and value in library.terms:
            return self.term_link(value, text)
        return None

    def term_link(self, term_id: str, text: str) -> str:
        """A link to the glossary entry with its definition as a tooltip shown on hover and keyboard focus.

        The definition is also the link's accessible description (aria-describedby), so screen readers
        announce it; it is hidden from the search index so that pages are not found by their tooltips. A term
        or definition shown in the default language (not translated) carries that language.
        """
        term, definition = self.local.term(term_id)
        term_lang, definition_lang = self.local.term_languages(term_id)
        label_lang = None if text else term_lang  # the author's own link text is in the page's language
        self.tips += 1
        return self.local.templates.html(
            "term", href=self.term_href(term_id), tip_id=f"{self.tip_prefix}{self.tips}", label=text or term,
            definition=definition, **language_marks("label", label_lang),
            **language_marks("definition", definition_lang))

    def term_href(self, term_id: str) -> str:
        """The URL of a term's entry in the glossary, from the page."""
        return relative_url(self.out_rel, GLOSSARY_PAGE, anchor(term_id))

    def rebase(self, markdown: str) -> str:
        """Relative links written for `source_rel`, rewritten for a page at `out_rel` (trainer edition)."""
        return rebase_markdown(markdown, self.source_rel, self.out_rel)
