"""Statutory and local deadlines for committee meetings, in English working days.

Pure functions, no Django: dates in, dates out.

- Agenda publication (Local Government Act 1972 s.100B(3)): the agenda is open to
  inspection at least five *clear* working days before the meeting. Clear days exclude
  the day of publication and the day of the meeting; weekends and English bank holidays
  are not working days. ``publish_agenda_by`` gives the latest *working* day on which
  publishing still leaves five clear working days (the council publishes in office hours).
- Questions (the council's rule, from the agenda of 14 March 2017: public and member
  questions "must be received by 5pm Thursday 9 March 2017" for a Tuesday meeting):
  5pm on the third working day before the meeting.
"""

import datetime as dt

from core.workingdays import add_working_days, is_working_day

CLEAR_WORKING_DAYS = 5
QUESTION_WORKING_DAYS = 3
QUESTION_TIME = dt.time(17, 0)
AT_RISK_WORKING_DAYS = 3


def clear_working_days_between(first, last):
    """Working days strictly after ``first`` and strictly before ``last``."""
    count = 0
    day = first + dt.timedelta(days=1)
    while day < last:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def working_days_before(day, n):
    """The n-th working day before ``day``."""
    return add_working_days(day, -n)


def publish_agenda_by(meeting_date, clear_days=CLEAR_WORKING_DAYS):
    """Latest working day to publish so that ``clear_days`` clear working days remain.

    >>> publish_agenda_by(dt.date(2017, 3, 14))
    datetime.date(2017, 3, 6)
    """
    # The clear days are the working days immediately before the meeting; publication
    # happens on the working day before the earliest of them.
    return working_days_before(meeting_date, clear_days + 1)


def is_lawful_publication(published_on, meeting_date, clear_days=CLEAR_WORKING_DAYS):
    return clear_working_days_between(published_on, meeting_date) >= clear_days


def questions_deadline(meeting_date, working_days=QUESTION_WORKING_DAYS, at=QUESTION_TIME):
    """The (local, naive) date and time by which questions must be received.

    >>> questions_deadline(dt.date(2017, 3, 14))
    datetime.datetime(2017, 3, 9, 17, 0)
    """
    return dt.datetime.combine(working_days_before(meeting_date, working_days), at)


def question_on_time(received_at, meeting_date):
    """``received_at`` is a naive local datetime."""
    return received_at <= questions_deadline(meeting_date)


# Publication status, for the clerk's warnings.
PUBLISHED = "published"
PUBLISHED_LATE = "published_late"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
DUE_TODAY = "due_today"
OVERDUE = "overdue"


def publication_status(meeting_date, today, published_on=None, warn_working_days=AT_RISK_WORKING_DAYS):
    """Where the agenda stands against its deadline.

    At risk: not published and the deadline is within ``warn_working_days`` working days.
    """
    deadline = publish_agenda_by(meeting_date)
    if published_on is not None:
        return PUBLISHED if published_on <= deadline else PUBLISHED_LATE
    if today > deadline:
        return OVERDUE
    if today == deadline:
        return DUE_TODAY
    if clear_working_days_between(today, deadline) < warn_working_days:
        return AT_RISK
    return ON_TRACK
