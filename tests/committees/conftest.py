import datetime as dt

import pytest

from committees import services
from committees.models import AgendaItem

from .factories import committee_with_members, ready_report

MARKER = "SECRET-EXEMPT-MARKER-7f3a"


@pytest.fixture
def committee(db):
    return committee_with_members()[0]


@pytest.fixture
def published_meeting(db):
    """A published agenda with a public report and an exempt item whose papers carry MARKER."""
    committee, people = committee_with_members()
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14), start_time=dt.time(10, 0),
                                      venue="Edwards Room")
    public = ready_report(meeting, "Working with Safelives", executive_summary="Beacon Project summary.")
    services.add_item(meeting, title=public.title, report=public, report_by="Report by the Executive Director.")
    secret = ready_report(
        meeting,
        "Tender evaluation",
        executive_summary=f"Bidders' prices {MARKER}",
        strategic_impact=MARKER,
    )
    services.save_report(secret.title, report=secret, sections=[("Prices", MARKER)])
    services.clear_report(secret, by=secret.responsible_chief_officer)
    services.mark_report_ready(secret)
    item = services.add_item(
        meeting,
        title="Residential placements contract",
        report=secret,
        report_by=f"Report by {MARKER}",
        body=MARKER,
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P3,
    )
    services.publish_agenda(meeting, today=dt.date(2017, 3, 6))
    meeting.refresh_from_db()
    return {"meeting": meeting, "public_report": public, "secret_report": secret, "exempt_item": item, "people": people}
