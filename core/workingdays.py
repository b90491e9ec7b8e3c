"""The council's working-day calendar: weekdays that are not English bank holidays.

Pure functions, no Django. Every deadline the areas count in working days (publishing an
agenda, writing commentary) uses this one calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


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
