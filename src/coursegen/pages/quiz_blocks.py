"""Self-check quizzes on a page: the `quiz.html` template around the author's Markdown.

A quiz's structure (fieldset, inputs, buttons, the "Show answer" box) is coursegen's, escaped by the template
and kept out of the sanitiser, which would remove inputs and buttons; its texts (question, options, feedback,
the outcome link) are the author's Markdown, converted and sanitised with the rest of the page. So a quiz
goes into the page's Markdown in two parts:

1. the template's HTML as a finished block (`HtmlBlocks`), holding a slot for each text
   (`<!-- coursegen:quiz-slot N -->`, or `quiz-inline N` for a text that stands inside a line, such as an
   option in its label);
2. after it, each text as Markdown behind its marker `<!-- coursegen:quiz-part N -->`, then
   `<!-- coursegen:quiz-end -->`.

Once the page is converted and sanitised and its blocks are in (`FileSet.fill_html`), `fill_quiz_slots`
moves each converted text into its slot (an inline text without the paragraph around it). An author who
writes the markers themselves can only move their own sanitised text about.

The trainer edition opens every "Show answer" box (`open_answers`). This module knows nothing about MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..markdown_scan import scan
from ..quiz import Quiz, read_quizzes
from ..templates import Markup, Templates

if TYPE_CHECKING:
    from .file_set import HtmlBlocks

__all__ = ["QUIZ_MARK", "QuizWriter", "fill_quiz_slots", "open_answers", "replace_quizzes", "static_quizzes"]

#: Every quiz marker starts so; a page without it has no quiz to fill.
QUIZ_MARK = "<!-- coursegen:quiz-"
_PART = "<!-- coursegen:quiz-part {} -->"
_END = "<!-- coursegen:quiz-end -->"
_SLOT = "<!-- coursegen:quiz-slot {} -->"
_INLINE = "<!-- coursegen:quiz-inline {} -->"
_MARKERS = re.compile(r"<!-- coursegen:quiz-(?:part (\d+)|end) -->")
_SLOTS = re.compile(r"<!-- coursegen:quiz-(slot|inline) (\d+) -->")
#: How a line of text would start a block instead of a paragraph: a list item, a heading, a quote.
_BLOCK_START = re.compile(r"^(?:([-+*])(?=[ \t])|(#+|>)|(\d{1,9})([.)])(?=[ \t]|$))")
_ANSWERS = re.compile(r'<details class="cg-quiz-answer"(?=[ >])')


class QuizWriter:
    """Writes the quizzes of one page: numbers quizzes and texts so that they are unique on the page."""

    def __init__(self, templates: Templates, t: Callable[..., str], blocks: HtmlBlocks) -> None:
        self.templates, self.t, self.blocks = templates, t, blocks
        self.quizzes = 0
        self.parts: list[str] = []  # the Markdown of the texts written so far, by number

    def replace(self, body: str) -> str:
        """`body` with each closed `::: quiz` block replaced by its quiz."""
        return replace_quizzes(body, self.quiz_markdown)

    def quiz_markdown(self, quiz: Quiz) -> str:
        """One quiz as page Markdown: the template's block, then its texts behind their markers."""
        self.quizzes += 1
        first = len(self.parts)
        html = self.templates.html("quiz", t=self.t, quiz=self.context(quiz))
        texts = "".join(f"\n{_PART.format(first + index)}\n\n{text}\n\n"
                        for index, text in enumerate(self.parts[first:]))
        return "\n" + self.blocks.add(html) + texts + _END + "\n"

    def context(self, quiz: Quiz) -> dict:
        """What the template needs: ids, the key of the kept answers, and a slot for each text."""
        ident = f"cg-quiz-{self.quizzes}"
        options = [{"index": index, "correct": option.correct, "id": f"{ident}-{index}",
                    "text": self.slot(inline_markdown(option.text), inline=True)}
                   for index, option in enumerate(quiz.options)]
        for option, source in zip(options, quiz.options):  # the answers repeat each option's text
            option["answer_text"] = self.slot(inline_markdown(source.text), inline=True)
            option["feedback"] = self.slot(source.feedback)
        return {"id": ident, "key": quiz.key, "multiple": quiz.multiple, "question": self.slot(quiz.question),
                "options": options, "outcome": self.slot(f"[](outcome:{quiz.outcome})", inline=True)
                if quiz.outcome else None}

    def slot(self, markdown: str, *, inline: bool = False) -> Markup:
        """Keep a text; the template gets the marker its converted HTML will replace."""
        self.parts.append(markdown)
        return Markup((_INLINE if inline else _SLOT).format(len(self.parts) - 1))


def replace_quizzes(body: str, write: Callable[[Quiz], str]) -> str:
    """`body` with each closed `::: quiz` block replaced by what `write` makes of it, in order (unclosed ones
    are left to `split_trainer_notes`, which keeps them from learners)."""
    closed = scan(body).quiz_blocks if ":::" in body else []
    if not closed:
        return body
    lines = body.split("\n")
    written = [write(quiz) for quiz in read_quizzes(body).quizzes]
    for (start, end), markdown in reversed(list(zip(closed, written))):
        lines[start - 1:end] = [markdown]
    return "\n".join(lines)


def static_quizzes(templates: Templates, t: Callable[..., str], body: str, *, answers_open: bool = False) -> str:
    """`body` with each quiz as a readable static quiz in Markdown (`quiz_static.md`), for pages where no
    script runs (the SCORM and Common Cartridge packages): the answers behind "Show answer", or open."""
    def write(quiz: Quiz) -> str:
        options = [{"correct": option.correct, "text": Markup(inline_markdown(option.text)),
                    "feedback": Markup(option.feedback)} for option in quiz.options]
        context = {"multiple": quiz.multiple, "question": Markup(quiz.question), "options": options,
                   "open": answers_open, "outcome": Markup(f"[](outcome:{quiz.outcome})") if quiz.outcome else None}
        return "\n" + templates.markdown("quiz_static", t=t, quiz=context) + "\n"
    return replace_quizzes(body, write)


def inline_markdown(text: str) -> str:
    """One line of text that the renderer reads as a paragraph, never as a list, heading or quote."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if match.group(3):  # `1. text`: the dot is escaped, not the number
        return f"{match.group(3)}\\{text[match.end(3):]}"
    return "\\" + text


def fill_quiz_slots(html: str) -> str:
    """A converted page with each quiz text moved from behind its marker into its slot."""
    if QUIZ_MARK not in html:
        return html
    pieces = _MARKERS.split(html)  # text, then part number (None: the end marker) and the text after it, ...
    kept, parts = [pieces[0]], {}
    for number, text in zip(pieces[1::2], pieces[2::2]):
        if number is None:
            kept.append(text)
        else:
            parts[int(number)] = parts.get(int(number), "") + text
    return _SLOTS.sub(lambda m: _text(parts.get(int(m.group(2)), ""), m.group(1) == "inline"), "".join(kept))


def _text(html: str, inline: bool) -> str:
    """A converted text for its slot: an inline one without the paragraph the renderer put around it."""
    html = html.strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p") == 1:
        return html[3:-4]
    return html


def open_answers(html: str) -> str:
    """A page with every quiz's "Show answer" box open: the trainer edition shows the answers."""
    return _ANSWERS.sub('<details class="cg-quiz-answer" open', html)
