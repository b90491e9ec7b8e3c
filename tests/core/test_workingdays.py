"""The working-day calendar's boundaries, on dates whose answer a clerk can check by hand."""

from datetime import date

from core import workingdays as wd

FRI, SAT, SUN, MON = date(2017, 3, 10), date(2017, 3, 11), date(2017, 3, 12), date(2017, 3, 13)
GOOD_FRIDAY, EASTER_MONDAY = date(2017, 4, 14), date(2017, 4, 17)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert wd.is_working_day(FRI) and wd.is_working_day(MON)
    assert not wd.is_working_day(SAT) and not wd.is_working_day(SUN)
    assert not wd.is_working_day(GOOD_FRIDAY) and not wd.is_working_day(EASTER_MONDAY)
    assert not wd.is_working_day(date(2016, 12, 27))  # the Christmas Day substitute, from the year's own calendar


def test_adding_steps_one_working_day_at_a_time_and_not_the_start():
    assert wd.add_working_days(FRI, 0) == FRI and wd.add_working_days(SAT, 0) == SAT
    assert wd.add_working_days(FRI, 1) == MON  # over the weekend
    assert wd.add_working_days(MON, 1) == date(2017, 3, 14)
    assert wd.add_working_days(SAT, 1) == MON  # the start is never counted
    assert wd.add_working_days(MON, -1) == FRI and wd.add_working_days(SUN, -1) == FRI
    assert wd.add_working_days(date(2017, 4, 13), 1) == date(2017, 4, 18)  # over Easter
    assert wd.add_working_days(date(2017, 4, 18), -1) == date(2017, 4, 13)
    assert wd.add_working_days(MON, 5) == date(2017, 3, 20) and wd.add_working_days(MON, -5) == date(2017, 3, 6)


def test_counting_between_excludes_the_start_and_includes_the_end():
    assert wd.working_days_between(FRI, FRI) == 0
    assert wd.working_days_between(FRI, MON) == 1 and wd.working_days_between(MON, FRI) == -1
    assert wd.working_days_between(FRI, SUN) == 0
    assert wd.working_days_between(date(2017, 4, 13), date(2017, 4, 18)) == 1
    assert wd.working_days_between(date(2017, 3, 6), date(2017, 3, 13)) == 5


def test_counting_back_from_a_weekend_agrees_with_stepping_back():
    # Two working days back from Sunday is Thursday (Friday, then Thursday), and counting from
    # Sunday back to Thursday finds those same two days.
    assert wd.add_working_days(SUN, -2) == date(2017, 3, 9)
    assert wd.working_days_between(SUN, date(2017, 3, 9)) == -2
    assert wd.working_days_between(SUN, FRI) == -1 and wd.working_days_between(SAT, FRI) == -1
    assert wd.working_days_between(FRI, SUN) == 0 and wd.working_days_between(SUN, SAT) == 0
    # Back over Easter from Easter Monday: Thursday 13 April is the first working day back.
    assert wd.working_days_between(EASTER_MONDAY, date(2017, 4, 13)) == -1
    assert wd.add_working_days(EASTER_MONDAY, -1) == date(2017, 4, 13)
