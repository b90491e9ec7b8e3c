"""Terms of office (OParl LegislativeTerm): a pure calculation."""

import datetime as dt

from committees.oparl import terms


def test_election_day_is_the_first_thursday_in_may():
    assert terms.election_day(2013) == dt.date(2013, 5, 2)
    assert terms.election_day(2017) == dt.date(2017, 5, 4)
    assert terms.election_day(2021) == dt.date(2021, 5, 6)


def test_the_term_in_force_on_a_day():
    assert terms.term_of(dt.date(2017, 3, 14), 2013) == (2013, dt.date(2013, 5, 2), dt.date(2017, 5, 3))
    assert terms.term_of(dt.date(2017, 5, 4), 2013)[0] == 2017
    assert terms.term_of(dt.date(2017, 5, 3), 2013)[0] == 2013
    assert terms.term_of(dt.date(2010, 1, 1), 2013)[0] == 2009  # before the first known election: counted back


def test_terms_between_two_days():
    found = terms.terms_between(dt.date(2017, 1, 24), dt.date(2021, 5, 6), 2013)
    assert [t[0] for t in found] == [2013, 2017, 2021]
