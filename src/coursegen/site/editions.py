"""Trainer pages built from their learner twin's HTML, so MkDocs renders each module's Markdown once.

A trainer page is its learner page plus a header and the trainer notes. Rendering it as a whole page would
convert the same Markdown twice; instead, the trainer page's Markdown holds only its additions (see
`pages.trainer.trainer_page`), which MkDocs converts (links checked and resolved from the trainer page),
and once every page is converted the learner HTML is copied with its relative links rebased to the trainer
page's folder and the additions put into its slots. The learner page itself is written without the slots.

Used by `plugin.LanguagePlugin`, the MkDocs hooks of both adapters (`coursegen build`'s workers and the
`coursegen` MkDocs plugin).
"""

from __future__ import annotations

from html import unescape
from typing import TYPE_CHECKING

from ..page_paths import rebase_html, url_folder
from ..pages.quiz_blocks import open_answers
from ..pages.trainer import TRAINER_PART, distinct_ids, fill_slots, without_slots

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


class TrainerEditions:
    """Per-build state: the trainer pages to complete (trainer docs path -> learner docs path), and the
    learner HTML (with slots) they are completed from."""

    def __init__(self, twins: dict[str, str]) -> None:
        self.twins = twins
        self.learners = set(twins.values())
        self.learner_html: dict[str, str] = {}

    def page_content(self, page: Page, html: str) -> str:
        """Keep a learner page's HTML with its slots for the twin; the learner page goes out without them."""
        if page.file.src_uri not in self.learners:
            return html
        self.learner_html[page.file.src_uri] = html
        return without_slots(html)

    def splice(self, files: Files) -> None:
        """Fill each trainer page's content and table of contents from its learner twin (after all pages
        are converted, before any is written)."""
        for trainer_rel, learner_rel in self.twins.items():
            trainer_file = files.get_file_from_path(trainer_rel)
            learner_file = files.get_file_from_path(learner_rel)
            learner_html = self.learner_html.get(learner_rel)
            if not (trainer_file and learner_file and trainer_file.page and learner_file.page) or \
                    learner_html is None:
                continue
            trainer, learner = trainer_file.page, learner_file.page
            html = open_answers(rebase_html(learner_html, url_folder(learner.url), url_folder(trainer.url)))
            # The additions were converted together, apart from the learner text: their ids are made
            # distinct from its ids (a note's heading "Assessment" beside the learner's).
            additions, renamed = distinct_ids(trainer.content or "", html)
            trainer.content = fill_slots(html, additions.split(TRAINER_PART))
            trainer.toc = learner.toc
            if trainer.present_anchor_ids is not None:  # notes and session plans link to the page's headings
                renamed = {unescape(old): unescape(new) for old, new in renamed.items()}
                trainer.present_anchor_ids = {renamed.get(name, name) for name in trainer.present_anchor_ids}
                trainer.present_anchor_ids |= learner.present_anchor_ids or set()
