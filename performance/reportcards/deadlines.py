"""Working-day rules for commentary deadlines and reminders (England's bank holidays).

Pure functions, no Django: the reminder service and the home page call them with ``today``.
"""

from __future__ import annotations

from datetime import date

from core.workingdays import add_working_days, is_working_day, working_days_between  # noqa: F401 (re-exported)

REMIND_WORKING_DAYS_BEFORE = 3  # "a few working days before" the due date
DUE_SOON_WORKING_DAYS = 5  # the home page flags a card this close to its deadline
BEFORE, ON_THE_DAY = "before", "due"


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
