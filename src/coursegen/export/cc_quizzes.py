"""The quizzes of a Common Cartridge's modules as QTI assessments, one per module that has quizzes.

A module's quizzes are the ones its page in the package shows (`render`): in the request's language, from
the translation when there is one (an out-of-date one too, as the site shows it), else the original's in
the default language, whose texts then say so with their `lang`. Both editions have the same quizzes (a
quiz cannot stand inside trainer notes). The assessment's title is the site's
"Check yourself" and the module's title, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..library import Library, Page
from ..pages import Localizer, localizer
from ..quiz import Quiz, read_quizzes
from .qti import QtiOption, QtiQuestion, assessment_xml
from .qti_text import QuizTexts
from .render import PageRenderer, xml_id

FOLDER = "assessments"


@dataclass(frozen=True)
class CcAssessment:
    """One module's assessment: its resource identifier, title, path in the zip and bytes."""

    module_id: str
    identifier: str
    title: str
    href: str
    data: bytes


def module_assessments(library: Library, lang: str, trainer: bool, modules: list[Page]) -> list[CcAssessment]:
    """An assessment for each of `modules` (in their order) that has at least one quiz."""
    renderer = PageRenderer(library, lang, trainer, modules)
    found = []
    for page in modules:
        body, fallback, _ = renderer.source_text(page)
        quizzes = read_quizzes(body).quizzes  # a quiz is never inside trainer notes: both editions have it
        if quizzes:
            found.append(_assessment(renderer.local, localizer(library, fallback or lang), page, quizzes))
    return found


def _assessment(local: Localizer, text_local: Localizer, page: Page, quizzes: tuple[Quiz, ...]) -> CcAssessment:
    module_id = page.meta.id
    title = f"{local.t('quiz')}: {local.page_title(page)}"
    texts = QuizTexts(text_local, page.rel)
    questions = [_question(texts, quiz) for quiz in quizzes]
    identifier = xml_id("qti", module_id)
    data = assessment_xml(identifier, title, text_local.lang, questions)
    return CcAssessment(module_id, identifier, title, f"{FOLDER}/{module_id}.xml", data)


def _question(texts: QuizTexts, quiz: Quiz) -> QtiQuestion:
    options = tuple(QtiOption(texts.html(option.text, inline=True), option.correct, texts.html(option.feedback))
                    for option in quiz.options)
    return QtiQuestion(texts.html(quiz.question), options)
