"""The meeting's papers as pack blocks: cover, agenda, previous minutes with questions and
replies, each report in the council's template with its live sections and appendices.

``public=True`` leaves exempt items' content out (their title and Schedule 12A paragraph
stay on the agenda, as the law requires); the restricted pack holds everything.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.urls import reverse

from core.documents import blocks as b
from core.documents import sections as live

from .. import selectors as committee_selectors
from ..models import AgendaItem, Attendance, LiveSection, Membership, Minutes, Report

RECORDING_NOTICE = (
    "Under the Council's protocol on the use of media equipment at meetings held in public, this meeting "
    "may be filmed, recorded or photographed. Anyone who wishes to do so must inform the Chairman and ensure "
    "that it is done in a manner clearly visible to anyone present. The wishes of any individual not to be "
    "recorded or filmed must be appropriately respected."
)
ACCESSIBILITY_NOTICE = (
    "If you need this document in large print, audio, Braille, alternative format or in a different language "
    "please contact Customer Services on 0344 800 8020 or 0344 800 8011 (textphone) and we will do our best "
    "to help."
)
REPORT_FIELDS = (
    ("financial_implications", "Financial implications"),
    ("issues_risks_innovation", "Issues, risks and innovation"),
    ("legal_implications", "Legal implications"),
    ("equality_implications", "Equality implications"),
    ("human_rights_implications", "Human rights implications"),
    ("environmental_implications", "Environmental implications"),
    ("health_and_safety_implications", "Health and safety implications"),
)
ROLE_SUFFIX = {Membership.Role.CHAIR: " - Chairman", Membership.Role.VICE_CHAIR: " (Vice-Chairman)"}
GROUP_HEADINGS = {
    Membership.Role.CHURCH_REP: "Church Representatives",
    Membership.Role.PARENT_GOVERNOR_REP: "Non-voting Parent Governor Representatives",
    Membership.Role.CO_OPTED_ADVISOR: "Non-voting Co-opted Advisors",
}


WITHHELD = "Left out of the public pack: "


def withheld(meeting, items):
    """{item id: why} for what the public may not yet see: every item of an agenda that is not
    published, a report not cleared by its chief officer, draft minutes not yet published."""
    if not meeting.agenda_is_public:
        return {i.pk: f"item {i.number} ({i.title}): the agenda is not published" for i in items}
    out = {}
    for item in items:
        if item.report_id is not None and item.report.status == Report.Status.DRAFT:
            out[item.pk] = f"item {item.number} ({item.title}): its report is not cleared by the chief officer"
        elif item.kind == AgendaItem.Kind.MINUTES:
            minutes = _previous_minutes(meeting)
            if minutes is not None and not minutes.is_public:
                out[item.pk] = f"item {item.number} ({item.title}): the minutes are not yet published"
    return out


def _day(d):
    return f"{d:%A}, {d.day} {d:%B %Y}"


def _key(item):
    return f"item-{item.number}"


def pack_items(meeting, item_ids=None):
    items = list(committee_selectors.items(meeting))
    if item_ids:
        items = [i for i in items if i.pk in set(item_ids)]
    return items


def document(meeting, *, public: bool, items=None, supplement_number=None, as_at=None):
    """The pack for ``meeting`` as a PackDocument, with the notes of live sections skipped.

    ``public=False`` gives the restricted papers: the exempt items only, with their own page
    numbers, for members and officers (the "pink papers" beside the public pack)."""
    committee = meeting.committee
    items = items if items is not None else pack_items(meeting)
    if not public:
        items = [i for i in items if i.exempt]
    label = f"Supplementary agenda {supplement_number}" if supplement_number else "Agenda"
    if not public:
        label = f"Exempt papers{' to ' + label.lower() if supplement_number else ''}"
    title = f"{committee.name} – {label} – {_day(meeting.date)}"
    doc = b.PackDocument(
        title=title,
        author=settings.COUNCIL_NAME,
        subject=f"{label} for the meeting of the {committee.name} on {_day(meeting.date)}",
        page_prefix=f"{label} – " if supplement_number or not public else "",
    )
    ctx = live.Context(as_at=as_at, meeting=meeting, public=public)
    held_back = withheld(meeting, items) if public else {}
    agenda_items = [] if public and not meeting.agenda_is_public else items
    doc.front = _cover(meeting, label, public) + _agenda(meeting, agenda_items, public, held_back)
    for item in items:
        if item.pk not in held_back:
            doc.body += _item_papers(meeting, item, public, ctx)
    doc.notes = ctx.notes + [WITHHELD + why + "." for why in held_back.values()]
    doc.printed = ctx.printed
    return doc


def _cover(meeting, label, public):
    c = meeting.committee
    out = [
        b.Para(settings.COUNCIL_NAME, "centre"),
        b.Para(c.name, "title"),
        b.Para("Agenda and reports" if label == "Agenda" else label, "centre"),
    ]
    if not public:
        out.append(b.Para("**RESTRICTED – contains exempt information. Not for publication.**", "centre"))
    out.append(b.KeyValues([
        ("Date", _day(meeting.date)),
        ("Time", f"{meeting.start_time:%H:%M}"),
        ("Venue", meeting.venue or c.default_venue),
    ]))
    out.append(b.Para("Persons attending the meeting are requested to turn off mobile phones."))
    where = settings.SITE_URL.rstrip("/") + reverse("committees:meeting_packs", args=[meeting.pk])
    out.append(b.Para(f"**Accessible edition:** these papers are also published as a web page (HTML) that works "
                      f"with screen readers, magnifiers and text resizing, with a contents list linking every "
                      f"item, report and appendix: {where} (the “HTML” link beside each published version).", "small"))
    out.append(b.Heading("Membership", 1, bookmark=False))
    groups: dict[str, list[str]] = {}
    for m in committee_selectors.current_memberships(c, meeting.date):
        if m.role == Membership.Role.SUBSTITUTE:
            continue
        heading = GROUP_HEADINGS.get(m.role, "")
        text = f"{m.person}{ROLE_SUFFIX.get(m.role, '')}" + (f" – {m.represents}" if m.represents else "")
        groups.setdefault(heading, []).append(text)
    for heading, names in groups.items():
        if heading:
            out.append(b.Para(f"**{heading}**"))
        out.append(b.Para("\n".join(names), "list"))
    if c.contact_officer_name:
        contact = c.contact_officer_name
        if c.contact_officer_phone:
            contact += f" on {c.contact_officer_phone}"
        if c.contact_officer_email:
            contact += f" or email {c.contact_officer_email}"
        out.append(b.Para("**For further details and general enquiries about this Agenda please contact the "
                          "Committee Officer:**"))
        out.append(b.Para(contact))
    out.append(b.Para(RECORDING_NOTICE, "small"))
    out.append(b.Para(ACCESSIBILITY_NOTICE, "small"))
    return out


def _agenda(meeting, items, public, held_back=None):
    held_back = held_back or {}
    lines = []
    for item in items:
        # A copy: the same items go on to print the restricted papers, which keep everything.
        shown = committee_selectors.redact_item(copy.copy(item), public=public)
        body, report_by = shown.body, shown.report_by
        title = item.title
        if item.exempt:
            title += f" (exempt: paragraph {item.exempt_paragraph} of Part 1 of Schedule 12A)"
        key = None if shown.redacted or item.pk in held_back else (_key(item) if _has_papers(meeting, item) else None)
        if item.pk in held_back:
            report_by = " ".join(x for x in (report_by, "Papers to follow.") if x)
        lines.append(b.AgendaLine(item.number, title, body, report_by, key))
    out = [b.Heading("Agenda", 0, key="agenda", new_page=True)]
    if public and not meeting.agenda_is_public:
        out.append(b.Para("The agenda for this meeting is not yet published; its items will be listed here "
                          "when it is.", "note"))
    else:
        out.append(b.Agenda(lines))
    pre = list(meeting.pre_meetings.all())
    if pre:
        out.append(b.Table("Group Meetings", ["Group", "Time", "Venue"],
                           [[p.name, f"{p.start_time:%-I:%M%p}".lower(), p.venue] for p in pre],
                           widths=[3, 1, 4]))
    if meeting.agenda_published_on:
        out.append(b.Para(f"Date Agenda Published: {meeting.agenda_published_on:%d %B %Y}"))
    out.append(b.Para(ACCESSIBILITY_NOTICE, "small"))
    return out


def _previous_minutes(meeting):
    previous = committee_selectors.previous_meeting(meeting)
    if previous is None:
        return None
    return Minutes.objects.filter(meeting=previous).first()


def _has_papers(meeting, item):
    if item.kind == AgendaItem.Kind.MINUTES:
        return _previous_minutes(meeting) is not None
    if item.kind in (AgendaItem.Kind.PUBLIC_QUESTIONS, AgendaItem.Kind.MEMBER_QUESTIONS):
        return False
    return item.report_id is not None


def _item_papers(meeting, item, public, ctx):
    if public and item.exempt:
        return []
    if not _has_papers(meeting, item):
        return []
    heading = f"{item.number}. {item.title}"
    out = [b.Heading(heading, 0, key=_key(item), new_page=True)]
    if item.exempt:
        out.append(b.Para(f"**EXEMPT – not for publication by virtue of paragraph {item.exempt_paragraph} of "
                          "Part 1 of Schedule 12A to the Local Government Act 1972.**"))
    if item.kind == AgendaItem.Kind.MINUTES:
        return out + _minutes(_previous_minutes(meeting), public)
    return out + _report(meeting, item, public, ctx)


def _minutes(minutes, public):
    minutes = committee_selectors.minutes_detail(minutes)
    m = minutes.meeting
    out = [b.Para(f"**Minutes of the Meeting Held on {_day(m.date)}, {m.start_time:%H:%M}, {m.venue}**")]
    present = [a for a in minutes.attendance.all() if a.kind in (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE)]
    if present:
        out.append(b.Heading("Present", 1, bookmark=False))
        out.append(b.Para("\n".join(f"{a.person}" + (f" ({a.capacity})" if a.capacity else "") for a in present)))
    if minutes.preamble:
        out.append(b.Para(minutes.preamble))
    for mi in committee_selectors.minutes_for_display(minutes, public):
        out.append(b.Heading(f"{mi.number} {mi.title}", 1))
        if mi.redacted:
            out.append(b.Para("This item was exempt; its minute is not published."))
            continue
        if mi.body:
            out += [b.Para(p) for p in mi.body.split("\n\n") if p.strip()]
        for d in mi.decisions.all():
            votes = ""
            if d.vote_recorded:
                votes = f" (for {d.votes_for or 0}, against {d.votes_against or 0}, abstentions {d.abstentions or 0})"
            out.append(b.Para(f"The Committee **{d.get_kind_display()}**{votes}: {d.text}"))
    questions = list(m.questions.all())
    if questions:
        out.append(b.Heading("Questions and replies", 1))
        for q in questions:
            out.append(b.Heading(f"{q.get_kind_display()} {q.number} from {q.asker_name}", 2, bookmark=False))
            out.append(b.Para(q.text))
            if q.reply:
                out.append(b.Para(f"**Reply by {q.reply_by}:**"))
                out += [b.Para(p) for p in q.reply.split("\n\n") if p.strip()]
            if q.supplementary:
                out.append(b.Para(f"**Supplementary question:** {q.supplementary}"))
    if minutes.closing_time:
        out.append(b.Para(f"The meeting concluded at {minutes.closing_time:%H:%M}."))
    return out


def _paras(text):
    return [b.Para(p.strip()) for p in (text or "").split("\n\n") if p.strip()]


def _report(meeting, item, public, ctx):
    report = committee_selectors.report_detail(item.report)
    officer = report.responsible_chief_officer
    out = [b.KeyValues([
        ("Report title", report.title),
        ("Date of meeting", f"{meeting.date.day} {meeting.date:%B %Y}"),
        ("Responsible Chief Officer", f"{officer}{', ' + officer.job_title if officer and officer.job_title else ''}"
         if officer else ""),
        ("Strategic impact", report.strategic_impact),
    ])]
    if report.executive_summary:
        out.append(b.Heading("Executive summary", 1))
        out += _paras(report.executive_summary)
    recs = list(report.recommendations.all())
    if recs:
        out.append(b.Para("**Recommendations:**"))
        out.append(b.Bullets([f"{r.number}. {r.text}" for r in recs]))
    lives = list(report.live_sections.all())
    placed = {}
    for section in lives:
        placed.setdefault(section.after_section, []).append(section)
    for section in report.sections.all():
        out.append(b.Heading(f"{section.number}. {section.heading}", 1))
        out += _paras(section.body)
        for ls in placed.pop(section.number, []):
            out += _live(ls, meeting, ctx)
    for ls in [ls for group in placed.values() for ls in group]:
        out += _live(ls, meeting, ctx)
    for field, heading in REPORT_FIELDS:
        text = getattr(report, field)
        if text:
            out.append(b.Heading(heading, 1))
            out += _paras(text)
    if report.background_papers:
        out.append(b.Heading("Background papers", 1))
        out += _paras(report.background_papers)
    if report.officer_contact:
        p = report.officer_contact
        out.append(b.Heading("Officer contact", 1, bookmark=False))
        out.append(b.Para("If you have any questions about matters contained in this paper or want to see copies "
                          "of any assessments, e.g. equality impact assessment, please get in touch with:"))
        out.append(b.Para(" ".join(x for x in (str(p), p.job_title, p.phone, p.email) if x)))
    out.append(b.Para(ACCESSIBILITY_NOTICE.replace("this document", "this report"), "small"))
    for appendix in report.appendices.all():
        out.append(b.Appendix(f"appendix-{appendix.pk}", f"Appendix {appendix.number}: {appendix.title}",
                              appendix.file.path))
    return out


def _live(section: LiveSection, meeting, ctx):
    title = section.title or section.get_kind_display()
    ctx.as_at = section.as_at
    return [b.Heading(title, 1)] + live.render(section.kind, ctx, title=title)
