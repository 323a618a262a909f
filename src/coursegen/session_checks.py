"""Validation of session plans (`::: session` blocks, see `sessions`): lines that cannot be read (CG318),
a module's plans that do not add up to its `duration_hours` (CG319), and translations whose plan has other
durations than the original's (CG508).

A translation may translate the activities but keeps the durations: one module is planned the same way in
every language, so the original's plan is the one that is compared with `duration_hours`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .diagnostics import Diagnostic, make
from .library import Library, Page, Translation
from .sessions import PlanReading, format_minutes, read_plans_of

__all__ = ["check_session_plans"]


def check_session_plans(library: Library) -> Iterator[Diagnostic]:
    """Every unreadable plan line, every module plan that misses `duration_hours`, every translation whose
    plan differs from the original's."""
    for rel in sorted(library.pages):
        page = library.pages[rel]
        source = read_plans_of(page.scan)
        yield from _unreadable(page.where.path, source)
        if source.plans and not source.unreadable:
            yield from _total(page, page.where.path, source)
        for lang in sorted(page.translations):
            translation = page.translations[lang]
            reading = read_plans_of(translation.scan)
            yield from _unreadable(translation.where.path, reading)
            if reading.unreadable:
                continue
            if source.plans:
                yield from _same_durations(library, page, translation, source, reading)
            elif reading.plans:
                yield from _total(page, translation.where.path, reading)


def _unreadable(path: str, reading: PlanReading) -> Iterator[Diagnostic]:
    for problem in reading.unreadable:
        if problem.text.startswith(":::"):
            yield make("CG318.empty", path, problem.line, problem.column)
        else:
            yield make("CG318.line", path, problem.line, problem.column, text=problem.text)


def _total(page: Page, path: str, reading: PlanReading) -> Iterator[Diagnostic]:
    """A module's plans against its `duration_hours` (pages and courses have no hours to compare with)."""
    hours = getattr(page.meta, "duration_hours", None) if page.kind == "module" else None
    if hours is None or abs(reading.minutes - hours * 60) < 0.5:
        return
    yield make("CG319.many" if len(reading.plans) > 1 else "CG319.one", path, reading.plans[0].line, 1,
               planned=format_minutes(reading.minutes), expected=format_minutes(round(hours * 60)),
               hours=f"{reading.minutes / 60:g}")


def _same_durations(library: Library, page: Page, translation: Translation, source: PlanReading,
                    reading: PlanReading) -> Iterator[Diagnostic]:
    """A translation's plan durations, in order, against the original's."""
    path, original = translation.where.path, page.where.path
    if not reading.plans:
        yield make("CG508.missing", path, 1, 1, original=original, lang=translation.lang)
        return
    theirs = [item for plan in source.plans for item in plan.items]
    ours = [item for plan in reading.plans for item in plan.items]
    for mine, other in zip(ours, theirs):
        if mine.minutes != other.minutes:
            yield make("CG508.duration", path, mine.line, 1, here=format_minutes(mine.minutes),
                       there=format_minutes(other.minutes), original=original, original_line=other.line)
            return
    if len(ours) != len(theirs):
        yield make("CG508.count", path, reading.plans[0].line, 1, count=len(ours), original=original,
                   original_count=len(theirs))
