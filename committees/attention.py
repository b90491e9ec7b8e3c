"""What committees ask of the signed-in user, for the home page (see core.attention):
clerks see their meetings (and those with no clerk named) whose agenda deadline is near,
passed or at risk, late items on coming agendas (overdue where no reason of urgency is
recorded), and reports awaiting clearance; a chief officer sees the reports waiting for their clearance; a councillor or
co-opted member sees their committees' coming meetings with the pack, the questions
deadline and the reports in it."""

from django.urls import reverse
from django.utils import timezone

from core.attention import AttentionItem

from . import deadlines, selectors

WARN = {deadlines.AT_RISK, deadlines.DUE_TODAY, deadlines.OVERDUE}


def items_for(user, today=None):
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    items = _for_members(getattr(user, "person", None), today)
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
        for item in selectors.late_items(today, getattr(user, "person", None)):
            reason = item.urgency_reason.strip()
            items.append(
                AttentionItem(
                    area="Committees",
                    title=f"Late item{'' if reason else ' with no reason of urgency'}: {item.number}. {item.title}",
                    url=reverse("committees:item_edit", args=[item.pk]),
                    due=item.meeting.date,
                    overdue=not reason,
                    detail=f"{item.meeting}: "
                    + (f"reason of urgency: {reason}" if reason
                       else "a late item may be taken only with a recorded reason of urgency."),
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


def _for_members(person, today):
    """The coming meetings of the person's committees, with what to read and when to ask."""
    if person is None:
        return []
    out = []
    for meeting in selectors.upcoming_for_member(person, today):
        dates = selectors.meeting_deadlines(meeting, today)
        packs = selectors.pack_links(meeting)
        reports = [r.title for r in selectors.public_reports().filter(agenda_items__meeting=meeting).order_by("title")]
        if packs:
            pack = packs[0]
            title = f"{meeting}: {pack.label} (PDF, {pack.pages} pages)"
            url = reverse("committees:pack_pdf", args=[pack.build_id])
        elif meeting.agenda_published_on:
            title = f"{meeting}: agenda published {meeting.agenda_published_on:%-d %B}"
            url = meeting.get_absolute_url()
        else:
            title = f"{meeting}: agenda due by {dates['publish_agenda_by']:%-d %B}"
            url = meeting.get_absolute_url()
        detail = f"Questions by {dates['questions_deadline_text']}."
        if reports:
            detail += " Reports: " + "; ".join(reports) + "."
        out.append(AttentionItem(area="Your committees", title=title, url=url, due=meeting.date, detail=detail))
    return out
