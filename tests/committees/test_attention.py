"""The clerk's home page lists agendas near their deadline and reports awaiting clearance."""

import datetime as dt

from committees import attention, services
from core import roles


def test_clerk_is_told_about_agendas_at_risk_and_reports_awaiting_clearance(make_user, committee):
    clerk = make_user(roles.COMMITTEE_CLERK)
    at_risk = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    services.create_meeting(committee, date=dt.date(2017, 4, 25))  # far off: no warning yet
    other_clerk = make_user(roles.COMMITTEE_CLERK, username="other-clerk").person
    services.create_meeting(committee, date=dt.date(2017, 3, 15), clerk=other_clerk)  # someone else's meeting
    services.save_report("Safelives", meeting=at_risk)
    items = attention.items_for(clerk, today=dt.date(2017, 3, 2))
    titles = [i.title for i in items]
    assert titles == [f"Publish the agenda: {at_risk}", "Report awaiting clearance: Safelives"]
    assert items[0].due == dt.date(2017, 3, 6) and not items[0].overdue
    assert attention.items_for(clerk, today=dt.date(2017, 3, 7))[0].overdue


def test_a_chief_officer_is_asked_to_clear_their_reports(make_user, committee):
    chief = make_user(roles.MEMBER, username="chief")
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    services.save_report("IPF", meeting=meeting, responsible_chief_officer=chief.person)
    assert [i.title for i in attention.items_for(chief)] == ["Clear your report: IPF"]
