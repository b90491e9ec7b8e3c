"""Working-day deadlines and reminder days, with England's bank holidays."""

from datetime import date

from performance.reportcards import deadlines as d


def test_weekends_and_bank_holidays_are_not_working_days():
    assert d.is_working_day(date(2019, 2, 20))  # a Wednesday
    assert not d.is_working_day(date(2019, 2, 23))  # Saturday
    assert not d.is_working_day(date(2019, 4, 19))  # Good Friday
    assert not d.is_working_day(date(2019, 4, 22))  # Easter Monday
    assert not d.is_working_day(date(2016, 12, 27))  # Christmas Day substitute


def test_three_working_days_before_skips_weekend():
    # Commentary for the March 2019 committee due Wednesday 20 February: reminder the Friday before.
    assert d.reminder_date(date(2019, 2, 20)) == date(2019, 2, 15)


def test_three_working_days_before_skips_easter():
    assert d.reminder_date(date(2019, 4, 23)) == date(2019, 4, 16)


def test_working_days_between():
    assert d.working_days_between(date(2019, 2, 15), date(2019, 2, 20)) == 3
    assert d.working_days_between(date(2019, 2, 20), date(2019, 2, 15)) == -3
    assert d.add_working_days(date(2019, 4, 18), 1) == date(2019, 4, 23)


def test_reminders_due_by_day():
    due = date(2019, 2, 20)
    assert d.reminders_due(date(2019, 2, 14), due) == []
    assert d.reminders_due(date(2019, 2, 15), due) == [d.BEFORE]
    assert d.reminders_due(date(2019, 2, 19), due) == [d.BEFORE]
    assert d.reminders_due(due, due) == [d.ON_THE_DAY]


def test_due_status_for_home_page():
    due = date(2019, 2, 20)
    assert d.due_status(date(2019, 2, 1), due) is None
    assert d.due_status(date(2019, 2, 13), due) == "due_soon"
    assert d.due_status(due, due) == "due_soon"
    assert d.due_status(date(2019, 2, 21), due) == "overdue"
    assert d.due_status(date(2019, 2, 21), None) is None
