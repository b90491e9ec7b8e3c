"""Properties of the working-day calendar (core/workingdays.py), committee deadlines
(committees/deadlines.py) and the report card workflow (performance/reportcards/workflow.py)."""

import datetime as dt
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from committees import deadlines
from core import workingdays
from performance.reportcards import workflow

from .conftest import PROFILE

days = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2030, 12, 31))
steps = st.integers(min_value=-40, max_value=40)


@PROFILE
@given(days, steps)
def test_adding_working_days_lands_on_a_working_day_that_many_away(start, n):
    end = workingdays.add_working_days(start, n)
    if n:
        assert workingdays.is_working_day(end)
        assert (end > start) == (n > 0)
    else:
        assert end == start


@PROFILE
@given(days, steps)
def test_counting_the_days_added_gives_back_the_number_added_both_ways(start, n):
    # From any start, a weekend or holiday included, and counting forward or back.
    assert workingdays.working_days_between(start, workingdays.add_working_days(start, n)) == n


@PROFILE
@given(days, days)
def test_adding_the_days_counted_gives_back_the_working_day_counted_to(start, end):
    n = workingdays.working_days_between(start, end)
    if workingdays.is_working_day(end) or end == start:
        assert workingdays.add_working_days(start, n) == end
    else:
        # A weekend or holiday is never landed on: n days lands on the last working day
        # reached before it in the direction of travel (or the start, if there is none).
        landed = workingdays.add_working_days(start, n)
        assert landed == start or workingdays.is_working_day(landed)
        assert workingdays.working_days_between(landed, end) == 0


@PROFILE
@given(days, steps, steps)
def test_adding_working_days_is_monotonic_and_composes_from_a_working_day(start, m, n):
    if m <= n:
        assert workingdays.add_working_days(start, m) <= workingdays.add_working_days(start, n)
    if workingdays.is_working_day(start):
        there = workingdays.add_working_days(start, n)
        assert workingdays.add_working_days(there, -n) == start


@PROFILE
@given(days, days)
def test_counting_back_differs_from_counting_forward_only_by_the_two_ends(a, b):
    # Each count leaves out its start and takes in its end, so swapping them changes the
    # sign and moves one day at each end.
    early, late = sorted((a, b))
    forward, back = workingdays.working_days_between(early, late), workingdays.working_days_between(late, early)
    assert forward + back == workingdays.is_working_day(late) - workingdays.is_working_day(early)


@PROFILE
@given(days)
def test_the_publication_deadline_is_the_last_lawful_working_day(meeting):
    by = deadlines.publish_agenda_by(meeting)
    assert workingdays.is_working_day(by) and by < meeting
    assert deadlines.is_lawful_publication(by, meeting)
    next_working = workingdays.add_working_days(by, 1)
    assert not deadlines.is_lawful_publication(next_working, meeting)
    assert deadlines.clear_working_days_between(by, meeting) == deadlines.CLEAR_WORKING_DAYS


@PROFILE
@given(days)
def test_questions_are_on_time_up_to_5pm_exactly(meeting):
    deadline = deadlines.questions_deadline(meeting)
    assert deadline.time() == dt.time(17, 0) and workingdays.is_working_day(deadline.date())
    assert deadlines.question_on_time(deadline, meeting)
    assert not deadlines.question_on_time(deadline + dt.timedelta(seconds=1), meeting)
    if workingdays.is_working_day(meeting):
        assert workingdays.working_days_between(deadline.date(), meeting) == deadlines.QUESTION_WORKING_DAYS


ORDER = [deadlines.ON_TRACK, deadlines.AT_RISK, deadlines.DUE_TODAY, deadlines.OVERDUE]


@PROFILE
@given(days, st.integers(min_value=0, max_value=40))
def test_an_unpublished_agenda_only_ever_moves_towards_overdue(meeting, lead):
    today = meeting - dt.timedelta(days=lead)
    statuses = [deadlines.publication_status(meeting, today + dt.timedelta(days=k)) for k in range(lead + 1)]
    ranks = [ORDER.index(s) for s in statuses]
    assert all(a <= b for a, b in pairwise(ranks))
    by = deadlines.publish_agenda_by(meeting)
    assert deadlines.publication_status(meeting, by) == deadlines.DUE_TODAY
    assert deadlines.publication_status(meeting, by + dt.timedelta(days=1)) == deadlines.OVERDUE


@PROFILE
@given(days, days)
def test_a_published_agenda_is_late_only_after_the_deadline(meeting, published):
    status = deadlines.publication_status(meeting, published, published_on=published)
    late = published > deadlines.publish_agenda_by(meeting)
    assert status == (deadlines.PUBLISHED_LATE if late else deadlines.PUBLISHED)


capacities = st.sets(st.sampled_from(list(workflow.CAPACITY_LABELS)))


@PROFILE
@given(st.sampled_from(list(workflow.TRANSITIONS) + ["delete"]), st.sampled_from(workflow.STATES), capacities,
       st.sampled_from(["", "  ", "Figures do not match the return."]))
def test_a_transition_is_allowed_only_by_the_right_person_from_the_right_state(action, state, who, reason):
    refusal = workflow.refusal(action, state, who, reason)
    t = workflow.TRANSITIONS.get(action)
    if t is None:
        assert refusal.kind == "input"
        return
    allowed = bool(t.by & who) and state in t.sources and (not t.needs_reason or reason.strip())
    assert (refusal is None) == bool(allowed)
    if refusal is not None and not t.by & who:
        assert refusal.kind == "role"  # role is checked before state
    if refusal is None:
        assert workflow.target(action) == t.target


@PROFILE
@given(st.sampled_from(workflow.STATES), capacities)
def test_the_buttons_offered_are_transitions_that_would_be_allowed(state, who):
    for t in workflow.available(state, who):
        assert t.name != workflow.PUBLISH
        assert workflow.refusal(t.name, state, who, reason="because") is None
    assert workflow.editable(state) == (state == workflow.DRAFT)
