"""Working-day rules for commentary deadlines and reminders (England's bank holidays).

Pure functions, no Django: the reminder service and the home page call them with ``today``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

REMIND_WORKING_DAYS_BEFORE = 3  # "a few working days before" the due date
DUE_SOON_WORKING_DAYS = 5  # the home page flags a card this close to its deadline
BEFORE, ON_THE_DAY = "before", "due"


@lru_cache(maxsize=64)
def _bank_holidays(year: int):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def add_working_days(d: date, n: int) -> date:
    """``n`` working days after ``d`` (before it when ``n`` is negative); ``d`` itself is not counted."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        d += timedelta(days=step)
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for i in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=i)))


def reminder_date(due: date, before: int = REMIND_WORKING_DAYS_BEFORE) -> date:
    return add_working_days(due, -before)


def reminders_due(today: date, due: date, before: int = REMIND_WORKING_DAYS_BEFORE) -> list[str]:
    """Which reminders a card not yet submitted should have had by ``today``.

    The early one from ``before`` working days ahead until the day before the deadline;
    the on-the-day one from the deadline on (so a beat that missed a run catches up).
    The caller sends each kind once.
    """
    if today >= due:
        return [ON_THE_DAY]
    if today >= reminder_date(due, before):
        return [BEFORE]
    return []


def due_status(today: date, due: date | None, soon: int = DUE_SOON_WORKING_DAYS) -> str | None:
    """"overdue", "due_soon" or None, for a card not yet submitted."""
    if due is None:
        return None
    if today > due:
        return "overdue"
    if working_days_between(today, due) <= soon:
        return "due_soon"
    return None
