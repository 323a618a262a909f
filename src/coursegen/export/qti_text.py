"""The texts of a quiz (question, option, feedback) as HTML for a QTI `mattext`.

The author's Markdown goes the package pages' way: references expanded (`[](outcome:...)`, `[](term:...)`),
converted with the site's extensions and sanitised by the allow-list (`rendered_markdown`). An assessment is
imported on its own, away from the package's pages, so what would point or load elsewhere is made text:
links to other sites (http, https, mailto, tel) stay, every other link becomes its text, an image becomes
its text alternative, and a term's tooltip (shown by the package's stylesheet, which an assessment has not)
is left out. Each text is wrapped in an element with its language and direction, so that an Arabic quiz
reads right to left in the platform's own page.
"""

from __future__ import annotations

from lxml import html as lxml_html

from ..html_policy import LINK_SCHEMES, url_scheme
from ..i18n import direction
from ..pages import Localizer
from ..pages.quiz_blocks import inline_markdown
from .base import xml_safe
from .render import PackageReferences, rendered_markdown

__all__ = ["QuizTexts"]

_MEDIA_TAGS = ("img", "video", "audio", "source", "track")


class QuizTexts:
    """Converts the quiz texts of one page (`rel`, content-relative) written in the language of `local`."""

    def __init__(self, local: Localizer, rel: str) -> None:
        self.local, self.rel = local, rel

    def html(self, markdown: str, *, inline: bool = False) -> str:
        """A text as HTML in its language's `div` (`inline`: an option's one line, without its paragraph)."""
        expanded = PackageReferences(self.local, self.rel).expand(inline_markdown(markdown) if inline else markdown)
        root = lxml_html.fragment_fromstring(rendered_markdown(expanded, self.local.t("permalink")),
                                             create_parent="div")
        _standalone(root)
        if inline and len(root) == 1 and root[0].tag == "p" and not (root.text or "").strip():
            root[0].drop_tag()
        root.set("lang", self.local.lang)
        root.set("dir", direction(self.local.lang))
        return xml_safe(lxml_html.tostring(root, encoding="unicode"))


def _standalone(root) -> None:
    """Links to other sites kept; every other link made its text, images their text alternative, term
    tooltips removed."""
    for tip in list(root.find_class("cg-tip")):
        tip.drop_tree()
    for link in list(root.iter("a")):
        if url_scheme(link.get("href") or "") not in LINK_SCHEMES:
            link.drop_tag()
    for element in list(root.iter(*_MEDIA_TAGS)):
        alt, tail = element.get("alt") or "", element.tail
        element.clear()
        element.tag, element.text, element.tail = "span", xml_safe(alt), tail
    for element in root.iter():
        for attribute in ("aria-describedby", "srcset", "poster"):
            element.attrib.pop(attribute, None)
