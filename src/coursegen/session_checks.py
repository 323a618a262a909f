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
            yield make("CG318", path, problem.line, problem.column, "This session plan lists no activity.",
                       "Add one line per activity, such as '- 30 min: Welcome', or remove the block.")
        else:
            yield make("CG318", path, problem.line, problem.column,
                       f"This line of the session plan cannot be read: '{problem.text}'. Each line is a list "
                       "item with a duration, a colon and the activity.",
                       "Write it like '- 30 min: Welcome' or '- 1 h 30 min: Case study'. A duration is a "
                       "number with h or min (or hours, minutes, horas, heures, Std., ساعة, دقيقة).")


def _total(page: Page, path: str, reading: PlanReading) -> Iterator[Diagnostic]:
    """A module's plans against its `duration_hours` (pages and courses have no hours to compare with)."""
    hours = getattr(page.meta, "duration_hours", None) if page.kind == "module" else None
    if hours is None or abs(reading.minutes - hours * 60) < 0.5:
        return
    planned, expected = format_minutes(reading.minutes), format_minutes(round(hours * 60))
    subject = "The session plans add up" if len(reading.plans) > 1 else "The session plan adds up"
    yield make("CG319", path, reading.plans[0].line, 1,
               f"{subject} to {planned}, but the module's duration_hours says {expected}.",
               f"Change the durations so that they add up to {expected}, or set "
               f"'duration_hours: {reading.minutes / 60:g}' if the module really takes {planned}.")


def _same_durations(library: Library, page: Page, translation: Translation, source: PlanReading,
                    reading: PlanReading) -> Iterator[Diagnostic]:
    """A translation's plan durations, in order, against the original's."""
    path, original = translation.where.path, page.where.path
    if not reading.plans:
        yield make("CG508", path, 1, 1, f"The original ({original}) has a session plan, but this translation has "
                   f"none: trainers who read the module in {translation.lang} see no plan.",
                   "Copy the '::: session' block from the original and translate the activities; keep the "
                   "durations.")
        return
    theirs = [item for plan in source.plans for item in plan.items]
    ours = [item for plan in reading.plans for item in plan.items]
    for mine, other in zip(ours, theirs):
        if mine.minutes != other.minutes:
            yield make("CG508", path, mine.line, 1, f"This activity takes {format_minutes(mine.minutes)} here, but "
                       f"{format_minutes(other.minutes)} in the original ({original}, line {other.line}).",
                       "Translate the activities, but keep the durations of the original, in the same order.")
            return
    if len(ours) != len(theirs):
        yield make("CG508", path, reading.plans[0].line, 1, f"This session plan has {len(ours)} activities, "
                   f"but the original ({original}) has {len(theirs)}.",
                   "Translate the activities, but keep the durations of the original, in the same order.")
