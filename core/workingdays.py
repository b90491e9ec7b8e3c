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
    """Working days from ``start`` to ``end``, ``start`` not counted and ``end`` counted, in either
    direction (negative when ``end`` is earlier): the ``n`` for which ``add_working_days(start, n)``
    is ``end`` whenever ``end`` is a working day.

    Counting back, the days counted are those before ``start`` down to ``end``, as
    ``add_working_days`` steps back; counting back over ``end`` up to ``start`` instead would
    disagree with it by one whenever ``start`` is a weekend or a holiday."""
    step = 1 if end >= start else -1
    days = abs((end - start).days)
    return step * sum(1 for i in range(1, days + 1) if is_working_day(start + timedelta(days=step * i)))
