"""Working-day rules: pure functions, checked with the seed's dates."""

import datetime as dt

from committees import deadlines


def test_meeting_on_14_march_2017_must_be_published_by_monday_6_march():
    # The seed's agenda: meeting Tuesday 14 March 2017, "Date Agenda Published: 06 March 2017".
    assert deadlines.publish_agenda_by(dt.date(2017, 3, 14)) == dt.date(2017, 3, 6)


def test_easter_bank_holidays_push_the_18_april_2017_deadline_to_thursday_6_april():
    # Good Friday 14 April and Easter Monday 17 April 2017 are not working days.
    assert deadlines.publish_agenda_by(dt.date(2017, 4, 18)) == dt.date(2017, 4, 6)


def test_clear_days_exclude_publication_day_meeting_day_and_weekends():
    assert deadlines.clear_working_days_between(dt.date(2017, 3, 6), dt.date(2017, 3, 14)) == 5
    assert deadlines.is_lawful_publication(dt.date(2017, 3, 6), dt.date(2017, 3, 14))
    assert not deadlines.is_lawful_publication(dt.date(2017, 3, 7), dt.date(2017, 3, 14))


def test_english_bank_holidays_only():
    assert not deadlines.is_working_day(dt.date(2017, 8, 28))  # English summer bank holiday
    assert deadlines.is_working_day(dt.date(2017, 8, 7))  # Scottish summer bank holiday, a working day in England
    assert not deadlines.is_working_day(dt.date(2016, 12, 27))  # Christmas Day substitute


def test_questions_deadline_is_5pm_on_the_third_working_day_before_the_meeting():
    # The seed: questions for 14 March 2017 "must be received ... by 5pm Thursday 9 March 2017".
    assert deadlines.questions_deadline(dt.date(2017, 3, 14)) == dt.datetime(2017, 3, 9, 17, 0)
    assert deadlines.question_on_time(dt.datetime(2017, 3, 9, 16, 59), dt.date(2017, 3, 14))
    assert not deadlines.question_on_time(dt.datetime(2017, 3, 9, 17, 1), dt.date(2017, 3, 14))


def test_questions_deadline_skips_easter():
    assert deadlines.questions_deadline(dt.date(2017, 4, 18)) == dt.datetime(2017, 4, 11, 17, 0)


def test_publication_status_warns_as_the_deadline_nears():
    meeting = dt.date(2017, 3, 14)  # deadline Monday 6 March
    assert deadlines.publication_status(meeting, dt.date(2017, 2, 20)) == deadlines.ON_TRACK
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 2)) == deadlines.AT_RISK
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 6)) == deadlines.DUE_TODAY
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 7)) == deadlines.OVERDUE
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 7), dt.date(2017, 3, 6)) == deadlines.PUBLISHED
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 8), dt.date(2017, 3, 8)) == deadlines.PUBLISHED_LATE


def test_quorum_is_a_quarter_of_voting_places_and_never_below_three():
    from committees import voting

    assert voting.quorum_required(17) == 5
    assert voting.quorum_required(8) == 3
    assert voting.quorum_required(17, fixed=6) == 6
    assert voting.may_vote(True, "education", "education")
    assert not voting.may_vote(True, "education", "general")
    assert not voting.may_vote(False, "", "general")


def test_a_question_received_exactly_at_5pm_is_on_time():
    meeting = dt.date(2017, 3, 14)
    assert deadlines.question_on_time(dt.datetime(2017, 3, 9, 17, 0), meeting)
    assert not deadlines.question_on_time(dt.datetime(2017, 3, 9, 17, 0, 1), meeting)
    assert deadlines.questions_deadline(meeting, working_days=1) == dt.datetime(2017, 3, 13, 17, 0)
    assert deadlines.questions_deadline(meeting, at=dt.time(12, 0)) == dt.datetime(2017, 3, 9, 12, 0)


def test_the_warning_starts_when_fewer_than_three_clear_working_days_remain():
    meeting = dt.date(2017, 3, 14)  # deadline Monday 6 March
    # Tue 28 Feb: Wed, Thu, Fri before the deadline = 3 clear working days, still on track
    assert deadlines.publication_status(meeting, dt.date(2017, 2, 28)) == deadlines.ON_TRACK
    # Wed 1 Mar: Thu, Fri = 2, at risk
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 1)) == deadlines.AT_RISK
    assert deadlines.publication_status(meeting, dt.date(2017, 2, 28), warn_working_days=4) == deadlines.AT_RISK
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 1), warn_working_days=2) == deadlines.ON_TRACK
    # publishing on the deadline day itself is on time; a day later is late
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 20), dt.date(2017, 3, 6)) == deadlines.PUBLISHED
    assert deadlines.publication_status(meeting, dt.date(2017, 3, 1), dt.date(2017, 3, 7)) == deadlines.PUBLISHED_LATE


def test_clear_days_and_other_lengths():
    assert deadlines.clear_working_days_between(dt.date(2017, 3, 13), dt.date(2017, 3, 14)) == 0
    assert deadlines.clear_working_days_between(dt.date(2017, 3, 10), dt.date(2017, 3, 14)) == 1  # Monday only
    assert deadlines.clear_working_days_between(dt.date(2017, 3, 14), dt.date(2017, 3, 10)) == 0
    assert deadlines.publish_agenda_by(dt.date(2017, 3, 14), clear_days=1) == dt.date(2017, 3, 10)
    assert deadlines.publish_agenda_by(dt.date(2017, 3, 14), clear_days=0) == dt.date(2017, 3, 13)
    assert deadlines.is_lawful_publication(dt.date(2017, 3, 10), dt.date(2017, 3, 14), clear_days=1)
    assert not deadlines.is_lawful_publication(dt.date(2017, 3, 13), dt.date(2017, 3, 14), clear_days=1)
    assert deadlines.working_days_before(dt.date(2017, 3, 14), 3) == dt.date(2017, 3, 9)
