"""What committees ask of the signed-in user, for the home page (see core.attention):
clerks see their meetings (and those with no clerk named) whose agenda deadline is near,
passed or at risk, and reports awaiting clearance; a chief officer sees the reports waiting for their clearance."""

from django.urls import reverse
from django.utils import timezone

from core.attention import AttentionItem

from . import deadlines, selectors

WARN = {deadlines.AT_RISK, deadlines.DUE_TODAY, deadlines.OVERDUE}


def items_for(user, today=None):
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    items = []
    if user.has_perm("committees.publish_meeting"):
        for meeting in selectors.upcoming_for_clerk(today, getattr(user, "person", None)).filter(
            agenda_published_on__isnull=True
        ):
            status = deadlines.publication_status(meeting.date, today)
            if status not in WARN:
                continue
            due = deadlines.publish_agenda_by(meeting.date)
            items.append(
                AttentionItem(
                    area="Committees",
                    title=f"Publish the agenda: {meeting}",
                    url=reverse("committees:meeting", args=[meeting.pk]),
                    due=due,
                    overdue=status == deadlines.OVERDUE,
                    detail="Five clear working days before the meeting.",
                )
            )
        for report in selectors.reports_awaiting_clearance().filter(meeting__date__gte=today)[:20]:
            items.append(
                AttentionItem(
                    area="Committees",
                    title=f"Report awaiting clearance: {report.title}",
                    url=report.get_absolute_url(),
                    due=deadlines.publish_agenda_by(report.meeting.date),
                    detail=f"By {report.responsible_chief_officer or 'the chief officer'}",
                )
            )
    else:
        person = getattr(user, "person", None)
        if person is not None:
            for report in selectors.reports_awaiting_clearance(person).select_related("meeting"):
                items.append(
                    AttentionItem(
                        area="Committees",
                        title=f"Clear your report: {report.title}",
                        url=report.get_absolute_url(),
                        due=deadlines.publish_agenda_by(report.meeting.date) if report.meeting else None,
                    )
                )
    return items
