"""The generated file set of one language: Markdown by docs path, assets, navigation, trainer twins, and the
finished HTML blocks kept beside the Markdown of the pages that have them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .quiz_blocks import fill_quiz_slots

#: Where a generated page takes its N-th block of finished HTML (see `FileSet.html_blocks`).
HTML_BLOCK = "<!-- coursegen:html {} -->"
_HTML_BLOCK = re.compile(r"<!-- coursegen:html (\d+) -->")
_ID = re.compile(r'\sid="([^"]+)"')


class HtmlBlocks:
    """The finished HTML blocks of one page; the page's Markdown holds a placeholder for each."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, block: str) -> str:
        """Keep `block`; returns the Markdown that stands for it (a placeholder line between blank lines)."""
        self.items.append(block)
        return "\n" + HTML_BLOCK.format(len(self.items) - 1) + "\n"


@dataclass
class FileSet:
    """The files of one language's site: Markdown text by docs path, and assets to copy by docs path.

    The big generated blocks (framework entries, coverage matrix, module index, glossary, diagrams, cards)
    are finished HTML kept beside the Markdown (`html_blocks`): a Markdown parser would spend most of a build
    re-reading them. A renderer puts them back with `fill_html` after converting the page.
    """

    lang: str
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    trainer_twins: dict[str, str] = field(default_factory=dict)  # trainer docs path -> learner docs path
    html_blocks: dict[str, HtmlBlocks] = field(default_factory=dict)  # by docs path: finished HTML blocks
    downloads: dict[str, bytes] = field(default_factory=dict)  # by site path: exports for trainers
    download_problems: list[str] = field(default_factory=list)  # the downloads that could not be made, why
    #: docs path -> docs paths of the previous and next page in reading order (module pages: see reading_order)
    neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def fill_html(self, rel: str, rendered: str) -> str:
        """A page's rendered HTML (or Markdown) with its `HTML_BLOCK` placeholders replaced by their blocks."""
        blocks = self.html_blocks.get(rel)
        if not blocks or not blocks.items:
            return rendered
        items = blocks.items  # a placeholder an author wrote with a number no block has stands for nothing
        filled = _HTML_BLOCK.sub(lambda m: items[int(m.group(1))] if int(m.group(1)) < len(items) else "", rendered)
        return fill_quiz_slots(filled)

    def block_anchors(self, rel: str) -> set[str]:
        """The element ids in a page's HTML blocks: anchors a renderer cannot see in the Markdown."""
        blocks = self.html_blocks.get(rel)
        return {anchor for block in blocks.items for anchor in _ID.findall(block)} if blocks else set()
