"""Session plans as the trainer edition shows them: a table of start time, activity and duration, with the
total, rendered through the `session_plan.md` template in the reader's language.

The activity stays the inline Markdown the trainer wrote (as every trainer note does: the page's links,
references and sanitiser apply to it); only a `|`, which would end its table cell, is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .sessions import SESSION_KIND, SessionPlan, read_plans
from .templates import Markup, Templates

__all__ = ["plan_tables"]

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def plan_tables(templates: Templates, t: Callable[..., str], body: str) -> dict[int, str]:
    """The Markdown of each session plan of `body`, by the index of its block among the body's closed
    `:::` blocks (the order in which trainer notes fill their slots)."""
    if SESSION_KIND not in body.lower():  # most pages have no plan: spare them a second scan
        return {}
    blocks = read_plans(body).blocks
    return {index: plan_table(templates, t, plan) for index, plan in enumerate(blocks) if plan is not None}


def plan_table(templates: Templates, t: Callable[..., str], plan: SessionPlan) -> str:
    """One plan as a Markdown table inside a trainer box: start time, activity, duration, and the total."""
    rows, start = [], 0
    for item in plan.items:
        rows.append({"start": clock(start), "duration": duration_text(t, item.minutes),
                     "activity": Markup(_UNESCAPED_PIPE.sub(r"\\|", item.activity))})
        start += item.minutes
    return templates.markdown("session_plan", t=t, caption=plan.title or t("session_plan"), rows=rows,
                              total=duration_text(t, plan.minutes))


def clock(minutes: int) -> str:
    """Time since the start of the session, as hours and minutes: `0:00`, `1:30`, `12:05`."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(t: Callable[..., str], minutes: int) -> str:
    """A duration in the reader's language: `45 min`, `2 h`, `1 h 30 min`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return t("duration_minutes", minutes=rest)
    if not rest:
        return t("hours", hours=hours)
    return t("duration_hours_minutes", hours=hours, minutes=rest)
