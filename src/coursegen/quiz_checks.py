"""Validation of self-check quizzes (`::: quiz` blocks, see `quiz`): their shape (no question CG330, fewer
than two options CG331, no correct option CG332, an option without feedback CG333, a line that is not part
of a quiz CG336, a block never closed CG337) and the outcome each says it checks (not an outcome of the
framework CG334, not one of the module's outcomes CG335).

A translation's quizzes are checked against the original module's outcomes: a translation has no
outcomes of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .diagnostics import Diagnostic, make
from .library import Library, Page
from .quiz import QUIZ_KIND, Quiz, read_quizzes_of

__all__ = ["check_quizzes"]

#: The values each message names, from a problem's text.
_ARGUMENTS = {"CG331": lambda text: {"count": int(text)}, "CG333": lambda text: {"text": text},
              "CG336": lambda text: {"text": text}}


def check_quizzes(library: Library) -> Iterator[Diagnostic]:
    """Every problem of every quiz of every page and translation, in file order."""
    for rel in sorted(library.pages):
        page = library.pages[rel]
        yield from _check_body(library, page, page.where.path, page.scan, page.body_line)
        for lang in sorted(page.translations):
            translation = page.translations[lang]
            yield from _check_body(library, page, translation.where.path, translation.scan,
                                   translation.body_line)


def _check_body(library: Library, page: Page, path: str, scan, body_line: int) -> Iterator[Diagnostic]:
    if scan.unclosed_kind == QUIZ_KIND:
        yield make("CG337", path, scan.unclosed_trainer + body_line - 1, 1)
    if not scan.quiz_blocks:
        return
    reading = read_quizzes_of(scan)
    found = [(problem.line, problem.column, problem.key, problem.text) for problem in reading.problems]
    for line, column, key, text in sorted(found):
        yield make(key, path, line, column, **_ARGUMENTS.get(key, lambda _: {})(text))
    for quiz in reading.quizzes:
        yield from _check_outcome(library, page, path, quiz)


def _check_outcome(library: Library, page: Page, path: str, quiz: Quiz) -> Iterator[Diagnostic]:
    """The outcome a quiz checks: one of the framework's, and (on a module) one of the module's."""
    code = quiz.outcome
    if code is None:
        return
    if code not in library.outcomes:
        close = difflib.get_close_matches(code, list(library.outcomes), n=1, cutoff=0.6)
        yield make("CG334", path, quiz.line, quiz.outcome_column, code=code, suggestion=close[0] if close else "")
        return
    outcomes = getattr(page.meta, "outcomes", None)
    if page.kind == "module" and outcomes is not None and code not in outcomes:
        yield make("CG335", path, quiz.line, quiz.outcome_column, code=code, module=page.meta.id,
                   outcomes=", ".join(outcomes))
