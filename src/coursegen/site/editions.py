"""Trainer pages built from their learner twin's HTML, so MkDocs renders each module's Markdown once.

A trainer page is its learner page plus a header and the trainer notes. Rendering it as a whole page would
convert the same Markdown twice; instead, the trainer page's Markdown holds only its additions (see
`pages.LanguageSite.trainer_page`), which MkDocs converts (links checked and resolved from the trainer page),
and once every page is converted the learner HTML is copied with its relative links rebased to the trainer
page's folder and the additions put into its slots. The learner page itself is written without the slots.

Used by both MkDocs adapters: the worker plugin of `coursegen build` and the `coursegen` MkDocs plugin.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from ..pages import TRAINER_PART, TRAINER_SLOT

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: A URL attribute in rendered content; only relative ones are rebased.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SLOT = re.compile(r"\n?" + re.escape(TRAINER_SLOT) + r"\n?")


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
        return _SLOT.sub("", html)

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
            html = rebase_html(learner_html, _folder(learner.url), _folder(trainer.url))
            trainer.content = fill_slots(html, (trainer.content or "").split(TRAINER_PART))
            trainer.toc = learner.toc
            if trainer.present_anchor_ids is not None:  # notes and session plans link to the page's headings
                trainer.present_anchor_ids |= learner.present_anchor_ids or set()


def fill_slots(html: str, parts: list[str]) -> str:
    """Put the parts into the slots in order; parts left over (there should be none) go at the end."""
    remaining = iter(part.strip() for part in parts)
    filled = re.sub(re.escape(TRAINER_SLOT), lambda _: next(remaining, ""), html)
    rest = "\n".join(remaining)
    return filled + ("\n" + rest if rest else "")


def _folder(url: str) -> str:
    """The folder relative URLs of a page resolve from: `modules/m1/` -> `modules/m1`, `a/b.html` -> `a`."""
    return url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url)


def rebase_url(url: str, source: str, target: str) -> str:
    """A relative URL written in folder `source`, rewritten to point to the same place from `target`."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    resolved = posixpath.normpath(posixpath.join(source, path))
    rebased = posixpath.relpath(resolved, target or ".")
    if rebased == ".":
        rebased = "./"
    elif path.endswith("/") or path in (".", "./"):
        rebased += "/"
    return rebased + rest


def rebase_html(html: str, source: str, target: str) -> str:
    """Every relative `href` and `src` of rendered content, rewritten from folder `source` to `target`."""
    return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + rebase_url(m.group(2), source, target) + m.group(3), html)
