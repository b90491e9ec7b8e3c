"""The messy data set's committees (``loaddemo --messy``): a committee with no meetings, a
meeting with nothing on its agenda, one with only the standard opening items, a cancelled
meeting, and a report whose live sections find no data at their date. Idempotent."""

import datetime as dt

from core.documents import sections as document_sections

from . import services
from .models import Committee, Meeting, Report

NO_MEETINGS = "Messy: Corporate Parenting Board (no meetings yet)"
BUSY = "Messy: Schools’ Forum – Élus’ sub-committee"
REPORT_TITLE = "Messy: a report whose live sections have no data at their date"
BEFORE_ANY_DATA = dt.date(2010, 1, 1)


def load(stdout):
    services.save_committee(NO_MEETINGS)
    if Committee.objects.filter(name=BUSY).exists():
        return
    committee = services.save_committee(BUSY)
    empty = services.create_meeting(committee, date=dt.date(2017, 2, 7))
    # A meeting recorded before its agenda is drafted has no items at all, not even the opening ones.
    empty.items.all().delete()
    services.create_meeting(committee, date=dt.date(2017, 4, 4))  # the standard opening items and nothing else
    services.cancel_meeting(services.create_meeting(committee, date=dt.date(2017, 5, 2)))
    with_report = services.create_meeting(committee, date=dt.date(2017, 6, 6))
    report = services.save_report(REPORT_TITLE, meeting=with_report, recommendations=[], sections=[])
    for kind, _ in document_sections.choices():
        services.add_live_section(report, kind=kind, as_at=BEFORE_ANY_DATA)
    services.add_item(with_report, title=REPORT_TITLE, report=report)
    stdout.write(
        f"  {BUSY}: {Meeting.objects.filter(committee=committee).count()} meetings (one cancelled, one empty), "
        f"{Report.objects.filter(title=REPORT_TITLE).count()} report with no live data"
    )
