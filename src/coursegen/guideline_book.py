"""The implementation guideline as one page per language: every chapter of `content/guideline/`, in order.

The book is generated Markdown, like the other generated pages, and the PDF export renders the same text.
Each chapter is a wrapper holding a chapter heading (level 2) and the chapter's own headings one level
lower; every heading gets an explicit id prefixed with the chapter's file name, so two chapters' headings of
the same name never share an anchor. Links between chapters become links to those anchors; a chapter not
yet translated shows in the default language, with the fallback notice and `lang` on its wrapper. Trainer
notes are left out: the book is a learner page. This module knows nothing about MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .i18n import direction, heading_marks
from .markdown_scan import mask_code, scan, split_trainer_notes
from .pages.quiz_blocks import static_quizzes
from .page_paths import GUIDELINE_BOOK, anchor, map_relative_links
from .pages.page_text import ensure_h1, front_matter
from .pages.references import References, marked_text
from .templates import Markup, md_text

if TYPE_CHECKING:
    from .library import Library, Page
    from .pages.language import LanguageSite

#: The folder of the guideline's chapters (the book's docs path, `page_paths.GUIDELINE_BOOK`, lies in it).
GUIDELINE_DIR = posixpath.dirname(GUIDELINE_BOOK)

_ATX = re.compile(r"^([ \t]{0,3})(#{1,6})([ \t]+)(.*?)[ \t]*#*[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{[^}\n]*\}[ \t]*$")


@dataclass(frozen=True)
class Chapter:
    page: Page
    anchor: str  # the chapter heading's id; every other id of the chapter starts with it and `--`

    def prefixed(self, fragment: str) -> str:
        return f"{self.anchor}--{fragment}" if fragment else self.anchor


def chapters(library: Library) -> list[Chapter]:
    """The guideline's chapters in book order: the index first, then the other files by name."""
    rels = [rel for rel, page in library.pages.items()
            if posixpath.dirname(rel) == GUIDELINE_DIR and page.kind == "page" and rel != GUIDELINE_BOOK]
    rels.sort(key=lambda rel: (posixpath.basename(rel) != "index.md", rel))
    return [Chapter(library.pages[rel], anchor(posixpath.basename(rel)[:-3])) for rel in rels]


def demote_headings(body: str, chapter: Chapter, heading_text: str | None = None, heading_attrs: str = "",
                    written: list[str] | None = None) -> str:
    """Every ATX heading one level down (level 6 stays), with its id prefixed by the chapter's; the first
    level-1 heading becomes the chapter heading, whose id is the chapter's own (and whose text is
    `heading_text` when given, as Markdown, with the attribute list entries `heading_attrs`). The ids of the
    headings whose text is the chapter's own (all but a `heading_text`) go into `written`, when given."""
    lines = body.split("\n")
    masked = mask_code(body).split("\n")
    first = True
    for heading in scan(body).headings:
        index = heading.line - 1
        match = _ATX.match(masked[index]) and _ATX.match(lines[index])
        if not match:
            continue
        text = _ATTR_LIST.sub("", match.group(4))
        if heading.level == 1 and first:
            level, heading_id, attrs, first = 2, chapter.anchor, heading_attrs, False
            own = heading_text is None
            text = heading_text or text
        else:
            level, heading_id, attrs, own = min(heading.level + 1, 6), chapter.prefixed(heading.anchor), "", True
        if own and written is not None:
            written.append(heading_id)
        lines[index] = f"{match.group(1)}{'#' * level} {text} {{ #{heading_id}{attrs} }}"
    return "\n".join(lines)


def book_links(body: str, chapter: Chapter, by_rel: dict[str, Chapter]) -> str:
    """Relative links of one chapter, for the book: to a chapter (or a heading in it) -> its anchor in the
    book; to a heading of the same chapter -> its prefixed anchor; to anything else -> rebased to the book."""
    def in_book(bare: str) -> str:
        path, _, fragment = bare.partition("#")
        if not path:
            return "#" + chapter.prefixed(fragment)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(chapter.page.rel), path))
        if joined == GUIDELINE_DIR or joined.endswith("/"):
            joined = posixpath.join(joined, "index.md")
        target_chapter = by_rel.get(joined)
        if target_chapter is not None:
            return "#" + target_chapter.prefixed(fragment)
        return posixpath.relpath(joined, GUIDELINE_DIR) + (f"#{fragment}" if fragment else "")

    return map_relative_links(body, in_book)


def chapter_markdown(site: LanguageSite, chapter: Chapter, by_rel: dict[str, Chapter]) -> tuple[str, dict[str, str]]:
    """One chapter in the reader's language (or the default's, with a notice), inside its wrapper; and the
    language of each of its headings (by id) that is not in the page's (a chapter shown in the default's)."""
    body, fallback, stale = site.source_text(chapter.page)
    text_local = site.text_localizer(fallback)
    body = static_quizzes(site.templates, site.local.t, body, answers_open=True)  # a book shows the answers
    body = ensure_h1(split_trainer_notes(body)[0], text_local.page_title(chapter.page))
    # the index's title is the book's: under it, the index is the introduction
    heading = md_text(site.local.t("introduction")) if chapter.anchor == "index" else None
    attrs = f' lang="{site.lang}" dir="{direction(site.lang)}"' if heading and fallback else ""
    written: list[str] = []
    body = book_links(demote_headings(body, chapter, heading, attrs, written), chapter, by_rel)
    refs = References(text_local, GUIDELINE_BOOK, tip_prefix=f"cg-tip-{chapter.anchor}-")
    body = refs.expand(body)
    text = site.templates.markdown("guideline_chapter", lang=fallback, dir=fallback and direction(fallback),
                                   notices=Markup(site.notices(fallback, stale)), body=Markup(body.strip()))
    return text, dict.fromkeys(written, fallback) if fallback else {}


def book_title(site: LanguageSite, found: list[Chapter]) -> tuple[str, str | None]:
    """The guideline's own title (its index page's, in this language), else the site's word for it; and the
    title's language when it is the default language's (the index page not translated yet), else None."""
    index = next((c for c in found if c.anchor == "index"), None)
    if index is None:
        return site.local.t("guideline_book"), None
    return site.local.page_title(index.page), site.local.page_title_language(index.page)


def guideline_book(site: LanguageSite) -> str | None:
    """The book's Markdown with front matter, or None when the project has no guideline."""
    found = chapters(site.library)
    if not found:
        return None
    by_rel = {chapter.page.rel: chapter for chapter in found}
    title, title_lang = book_title(site, found)
    chapter_texts, heading_langs = [], {}
    for chapter in found:
        text, langs = chapter_markdown(site, chapter, by_rel)
        chapter_texts.append(Markup(text))
        heading_langs.update(langs)
    body = site.templates.markdown("guideline_book", title=title, label=marked_text(site.local, title, title_lang),
                                   chapters=chapter_texts)
    meta = {"title": title, "cg_book": "guideline", **heading_marks(heading_langs)}  # for its contents
    if title_lang:  # the header, the drawer and the previous/next links mark it too
        meta.update({"cg_title_lang": title_lang, "cg_title_dir": direction(title_lang)})
    return front_matter(meta, body)


def book_markdown(library: Library, lang: str) -> str | None:
    """The guideline book of one language (for exports that render it themselves), or None."""
    from .pages.language import LanguageSite

    return guideline_book(LanguageSite(library, lang))
