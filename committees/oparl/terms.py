"""The council's terms of office (OParl LegislativeTerm). No Django imports.

English county councils are elected every four years on the first Thursday in May
(Norfolk: 2013, 2017, 2021, 2025); a term runs from one election to the day before the next.
"""

import datetime as dt

CYCLE_YEARS = 4


def election_day(year):
    """The first Thursday in May."""
    first = dt.date(year, 5, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7)


def term_of(day, first_election_year):
    """(start year, start date, end date) of the term in force on ``day``."""
    year = first_election_year + ((day.year - first_election_year) // CYCLE_YEARS) * CYCLE_YEARS
    if day < election_day(year):
        year -= CYCLE_YEARS
    return year, election_day(year), election_day(year + CYCLE_YEARS) - dt.timedelta(days=1)


def terms_between(first_day, last_day, first_election_year):
    """Every term with a day between the two dates, oldest first."""
    out = []
    year = term_of(first_day, first_election_year)[0]
    while election_day(year) <= last_day:
        out.append((year, election_day(year), election_day(year + CYCLE_YEARS) - dt.timedelta(days=1)))
        year += CYCLE_YEARS
    return out
