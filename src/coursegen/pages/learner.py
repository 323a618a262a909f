"""The learner edition of a content page (page, module or course): trainer notes left out, references
expanded, the module card or the course sections added, in the reader's language or as a fallback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..markdown_scan import split_trainer_notes
from .course import course_sections
from .module_card import module_card
from .page_text import after_h1, ensure_h1, front_matter
from .quiz_blocks import QuizWriter
from .references import References
from .trainer import TRAINER_SLOT, trainer_blocks_as_slots

if TYPE_CHECKING:
    from ..library import Page
    from .file_set import HtmlBlocks
    from .language import LanguageSite


def content_page(site: LanguageSite, page: Page, blocks: HtmlBlocks, *, slots: bool = False) -> str:
    """A content page (page, module or course) in this language, learner edition.

    A fallback page shows the default-language text inside a wrapper that carries its `lang`; the
    notice, the info card and the course sections stay in the reader's language. With `slots`, the page
    marks where its trainer twin adds its header and notes (see `trainer.trainer_page`).
    """
    body, fallback, stale = site.source_text(page)
    text_local = site.text_localizer(fallback)
    title = text_local.page_title(page)
    body = QuizWriter(site.templates, site.local.t, blocks).replace(body)  # quizzes in the reader's language
    body = trainer_blocks_as_slots(body)[0] if slots else split_trainer_notes(body)[0]
    card = module_card(site, page, page.rel, body) if page.kind == "module" else ""
    body = References(text_local, page.rel).expand(ensure_h1(body, title))
    if card:
        body = after_h1(body, blocks.add(card))
    if fallback:
        body = site.in_language(fallback, body)
    if page.kind == "course":
        body = body.rstrip() + "\n\n" + References(site.local, page.rel).expand(course_sections(site, page, blocks))
    if slots:
        body = TRAINER_SLOT + "\n\n" + body
    meta = site.page_meta(page, title, False, fallback)
    meta["cg_read_aloud"] = True  # the theme gives learner content pages the read-aloud buttons and script
    return front_matter(meta, site.notices(fallback, stale) + body)
