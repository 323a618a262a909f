"""Session plans: a module's activities with their durations, written by a trainer in Markdown.

A plan is a `::: session` block (kept from learners like every `:::` block) whose lines are list items
`- DURATION: ACTIVITY`; an optional title follows the kind on the opening line:

    ::: session Day 1
    - 30 min: Welcome and what you already know
    - 1 h 30 min: [Case study: Sunday lunch](#case-study-sunday-lunch)
    :::

A duration is one or more amounts with a unit, in any of the shipped languages (`45 min`, `1 h 30 min`,
`1,5 h`, `2 horas`, `1 h 30`, `90 minutos`, `3 Std.`, `30 دقيقة`). The activity is inline Markdown, like
any trainer note: its links are checked with the page's other links. A page may hold several plans (one
per day, for example): each has its own total, and a module's plans together should add up to its
`duration_hours`.

This module reads plans and sums them; it knows nothing about MkDocs or about how a plan is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .markdown_scan import BLOCK_OPEN, BodyScan, scan

__all__ = ["PlanItem", "PlanReading", "SessionPlan", "UnreadableLine", "format_minutes", "parse_duration",
           "read_plans", "read_plans_of"]

#: The block kind of a session plan.
SESSION_KIND = "session"
#: What every `::: session` opening contains (the kind in any capitals): a body without it has no plan.
_SESSION_OPEN = re.compile(rf":::[ \t]*{SESSION_KIND}", re.I)

_HOUR_UNITS = ("h", "hr", "hrs", "hour", "hours", "hora", "horas", "heure", "heures", "std", "stunde",
               "stunden", "ora", "ore", "uur", "u", "t", "tunti", "tuntia", "ساعة", "ساعه", "ساعات", "ساعتان",
               "ساعتين", "س")
_MINUTE_UNITS = ("m", "min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minuti", "minuut",
                 "minuutti", "minuuttia", "دقيقة", "دقيقه", "دقائق", "دقيقتان", "دقيقتين", "د")
#: Minutes per unit, by the unit as written (compared casefolded, a final dot ignored: `Std.`, `min.`).
UNITS: dict[str, int] = {**{unit: 60 for unit in _HOUR_UNITS}, **{unit: 1 for unit in _MINUTE_UNITS}}
#: Words and signs that may join the parts of a duration: `1 h and 30 min`, `1 h y 30 min`, `1 ساعة و30 دقيقة`.
CONNECTORS = frozenset({"and", "y", "e", "et", "und", "en", "ja", "و", ",", "+", "&"})

# `\d` and `int()` accept every script's digits, so `٣٠ دقيقة` reads as 30 minutes.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+\.?|\S")
_NUMBER = re.compile(r"(\d+)(?:[.,](\d+))?$")
_MARKER = re.compile(r"^[ \t]{0,3}[-*+][ \t]+")
_ITEM = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(?P<duration>[^:：\n]*?)[ \t]*[:：][ \t]*"
                   r"(?P<activity>\S.*?)[ \t]*$")


def _amount(token: str) -> Fraction | None:
    match = _NUMBER.match(token)
    whole, part = match.groups() if match else ("", None)
    if not whole or len(whole) > 4 or (part and len(part) > 2):  # 10,000 hours or 1.125 h: a typing mistake
        return None
    return Fraction(int(whole)) + (Fraction(int(part), 10 ** len(part)) if part else 0)


def parse_duration(text: str) -> int | None:
    """The minutes that `text` says (`1 h 30 min` -> 90), or None when it is not a duration."""
    total, pending, joining = Fraction(0), None, False
    seen: set[int] = set()  # the units used so far: each at most once
    for token in _TOKEN.findall(text.casefold()):
        number = _amount(token) if token[0].isdigit() else None
        if number is not None:
            if pending is not None:
                return None
            pending, joining = number, False
        elif token in CONNECTORS and pending is None and seen and not joining:
            joining = True  # a connector joins two parts: another amount must follow
        else:
            unit = UNITS.get(token.rstrip(".") if len(token) > 1 else token)
            if unit is None or pending is None or unit in seen:
                return None
            total, pending = total + pending * unit, None
            seen.add(unit)
    if joining:
        return None
    if pending is not None:  # `1 h 30`: minutes after the hours may go without their unit
        if seen != {60} or pending.denominator != 1:
            return None
        total += pending
    return int(total) if total > 0 and total.denominator == 1 else None


def format_minutes(minutes: int) -> str:
    """Minutes as hours and minutes, the way messages say them: `45 min`, `1 h 30 min`, `25 h 0 min`."""
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


@dataclass(frozen=True)
class PlanItem:
    """One line of a plan: an activity and how long it takes."""

    minutes: int
    activity: str  # inline Markdown, as written
    line: int  # in the file


@dataclass(frozen=True)
class SessionPlan:
    """One `::: session` block."""

    title: str
    line: int  # of the opening `::: session`, in the file
    items: tuple[PlanItem, ...]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


@dataclass(frozen=True)
class UnreadableLine:
    """A line of a plan that is not `- DURATION: ACTIVITY`, or a plan without any line."""

    line: int
    column: int
    text: str


@dataclass(frozen=True)
class PlanReading:
    """The plans of one body: one entry per closed `:::` block (None for blocks of other kinds), in order,
    and the lines that could not be read."""

    blocks: tuple[SessionPlan | None, ...]
    unreadable: tuple[UnreadableLine, ...]

    @property
    def plans(self) -> list[SessionPlan]:
        return [plan for plan in self.blocks if plan is not None]

    @property
    def minutes(self) -> int:
        return sum(plan.minutes for plan in self.plans)


#: The reading of a body without blocks (most bodies): one for all, it cannot change.
_NO_PLANS = PlanReading((), ())


def read_plans_of(body_scan: BodyScan) -> PlanReading:
    """The session plans of a scanned body (line numbers are the file's)."""
    # most bodies: no need to split them into lines (nor to search one without blocks, at regex speed)
    if not body_scan.trainer_blocks:
        return _NO_PLANS
    if not _SESSION_OPEN.search(body_scan.masked):
        return PlanReading(tuple(None for _ in body_scan.trainer_blocks), ())
    lines, masked = body_scan.source.split("\n"), body_scan.masked.split("\n")
    blocks: list[SessionPlan | None] = []
    unreadable: list[UnreadableLine] = []
    for start, end in body_scan.trainer_blocks:  # body lines, 1-based, of the opening and closing `:::`
        opening = BLOCK_OPEN.match(masked[start - 1])
        if opening is None or opening.group(1).lower() != SESSION_KIND:
            blocks.append(None)
            continue
        plan, problems = _read_block(lines, start, end, body_scan.first_line, opening.end())
        blocks.append(plan)
        unreadable += problems
    return PlanReading(tuple(blocks), tuple(unreadable))


def read_plans(body: str, first_line: int = 1) -> PlanReading:
    """The session plans of a Markdown body whose first line is line `first_line` of its file."""
    return read_plans_of(scan(body, first_line))


def _read_block(lines: list[str], start: int, end: int, first_line: int, title_at: int
                ) -> tuple[SessionPlan, list[UnreadableLine]]:
    items: list[PlanItem] = []
    problems: list[UnreadableLine] = []
    for index in range(start, end - 1):  # 0-based indexes of the lines between the colons
        text, line = lines[index], first_line + index
        if not text.strip():
            continue
        item = _ITEM.match(text)
        minutes = parse_duration(item.group("duration")) if item else None
        if item is None or minutes is None:
            marker = _MARKER.match(text)  # point at the duration, after the list marker
            column = marker.end() + 1 if marker else len(text) - len(text.lstrip()) + 1
            problems.append(UnreadableLine(line, column, text.strip()))
        else:
            items.append(PlanItem(minutes, item.group("activity"), line))
    opening_line = first_line + start - 1
    if not items and not problems:
        problems.append(UnreadableLine(opening_line, 1, lines[start - 1].strip()))
    return SessionPlan(lines[start - 1][title_at:].strip(), opening_line, tuple(items)), problems
