"""A translation's quizzes against the original's: the same quizzes, in the same order, each with the same
outcome, the same number of options and the same options marked correct (by position). A translator
translates a quiz's words, never its answers: a box ticked differently would tell learners in one language
that a wrong answer is right.

- CG338 (error): a quiz of a current translation checks another outcome, has another number of options,
  or marks other options correct than the quiz it translates;
- CG339 (warning): the translation lacks a quiz of the original or has one the original has not, or, while
  the translation is out of date (CG505), one of its quizzes differs from the original's. A translation may
  lag behind its original until it is updated and marked done (`coursegen translation done`), as the rest of
  its text may; it is shown with the "out of date" notice meanwhile, and a missing quiz misleads nobody.

Quizzes are paired in order; where the two lists differ in length, the pairing keeps the quizzes that agree
together (a sequence match on outcome and option count), so that one missing quiz is one warning and not a
difference at every quiz after it. A body with a quiz line that cannot be read (CG336) or a quiz never
closed (CG337) is not compared: those are reported already, and its options cannot be counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from .diagnostics import Diagnostic, make
from .i18n import page_staleness
from .library import Library, Page, Translation
from .markdown_scan import BodyScan
from .quiz import QUIZ_KIND, Quiz, read_quizzes_of

__all__ = ["check_translated_quizzes"]


def check_translated_quizzes(library: Library) -> Iterator[Diagnostic]:
    """Every translation whose quizzes do not follow its original's, page by page, language by language."""
    for rel in sorted(library.pages):
        page = library.pages[rel]
        if not _readable(page.scan):
            continue
        for lang in sorted(page.translations):
            translation = page.translations[lang]
            if _readable(translation.scan) and (page.quizzes or translation.quizzes):
                stale = page_staleness(library, page, lang) is not None
                yield from _compare(page, translation, stale)


def _readable(scan: BodyScan) -> bool:
    """Whether every quiz of a body could be read whole (no CG336, no CG337)."""
    if scan.unclosed_kind == QUIZ_KIND:
        return False
    return not scan.quiz_blocks or all(p.key != "CG336" for p in read_quizzes_of(scan).problems)


def _signature(quiz: Quiz) -> tuple:
    """What a translation keeps of a quiz: its outcome and its boxes, in order."""
    return quiz.outcome, tuple(option.correct for option in quiz.options)


def pairs(original: tuple[Quiz, ...], translated: tuple[Quiz, ...]) -> Iterator[tuple[Quiz | None, Quiz | None]]:
    """The quizzes of an original and of its translation, paired; None where one side has no quiz. As many
    quizzes on both sides: by position. Else the two lists are matched on what a translator rarely touches
    by mistake (outcome and number of options, not the boxes, so that a box ticked differently is still a
    difference and not a quiz missing here and added there), and the rest paired by position."""
    if len(original) == len(translated):
        yield from zip(original, translated)
        return
    matcher = SequenceMatcher(None, [_shape(q) for q in original], [_shape(q) for q in translated],
                              autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        ours, theirs = original[i1:i2], translated[j1:j2]
        for index in range(max(len(ours), len(theirs))):
            yield (ours[index] if index < len(ours) else None, theirs[index] if index < len(theirs) else None)


def _shape(quiz: Quiz) -> tuple:
    return quiz.outcome, len(quiz.options)


def _compare(page: Page, translation: Translation, stale: bool) -> Iterator[Diagnostic]:
    path, original = translation.where.path, page.where.path
    for source, quiz in pairs(page.quizzes, translation.quizzes):
        if quiz is None:
            yield make("CG339.missing", path, 1, 1, original=original, original_line=source.line,
                       lang=translation.lang)
        elif source is None:
            yield make("CG339.extra", path, quiz.line, 1, original=original)
        elif _signature(source) != _signature(quiz) and stale:
            yield make("CG339.stale", path, quiz.line, 1, original=original, original_line=source.line)
        else:
            yield from _differences(source, quiz, path, original, translation.lang)


def _differences(source: Quiz, quiz: Quiz, path: str, original: str, lang: str) -> Iterator[Diagnostic]:
    """What a current translation's quiz changes of the quiz it translates (nothing when they agree)."""
    where = {"original": original, "original_line": source.line}
    if source.outcome != quiz.outcome:
        yield _outcome_difference(source, quiz, path, where)
    if len(source.options) != len(quiz.options):
        yield make("CG338.options", path, quiz.line, 1, count=len(quiz.options),
                   original_count=len(source.options), lang=lang, **where)
        return
    for number, (theirs, ours) in enumerate(zip(source.options, quiz.options), start=1):
        if theirs.correct != ours.correct:
            key = "CG338.marked" if ours.correct else "CG338.unmarked"
            yield make(key, path, ours.line, ours.column, number=number, lang=lang, **where)


def _outcome_difference(source: Quiz, quiz: Quiz, path: str, where: dict) -> Diagnostic:
    """The outcome a translation's quiz names where the original's names another one, or none."""
    column = quiz.outcome_column
    if quiz.outcome is None:
        return make("CG338.outcome_missing", path, quiz.line, column, there=source.outcome, **where)
    if source.outcome is None:
        return make("CG338.outcome_extra", path, quiz.line, column, here=quiz.outcome, **where)
    return make("CG338.outcome", path, quiz.line, column, here=quiz.outcome, there=source.outcome, **where)
