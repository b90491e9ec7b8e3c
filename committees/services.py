"""Writes for committees: every page, API call and the demo loader goes through here."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from . import deadlines, selectors
from .alerts import services as alerts
from .models import (
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Decision,
    Declaration,
    FollowUpAction,
    LiveSection,
    Meeting,
    Membership,
    MinuteItem,
    Minutes,
    PoliticalGroup,
    PreMeeting,
    Question,
    Recommendation,
    Report,
    ReportSection,
)
from .validators import validate_pdf

# The council's standard wording under "Declarations of Interest" (agenda, 14 March 2017).
MINUTES_FROZEN = "The minutes were approved and are frozen."

DECLARATIONS_WORDING = """If you have a Disclosable Pecuniary Interest in a matter to be considered at the meeting and that interest is on your Register of Interests you must not speak or vote on the matter.

If you have a Disclosable Pecuniary Interest in a matter to be considered at the meeting and that interest is not on your Register of Interests you must declare that interest at the meeting and not speak or vote on the matter.

In either case you may remain in the room where the meeting is taking place. If you consider that it would be inappropriate in the circumstances to remain in the room, you may leave the room while the matter is dealt with.

If you do not have a Disclosable Pecuniary Interest you may nevertheless have an Other Interest in a matter to be discussed if it affects:
- your well being or financial position
- that of your family or close friends
- that of a club or society in which you have a management role
- that of another public body of which you are a member to a greater extent than others in your ward.

If that is the case then you must declare such an interest but can speak and vote on the matter."""  # noqa: E501

PUBLIC_QUESTIONS_TEXT = (
    "Fifteen minutes for questions from members of the public of which due notice has been given.\n\n"
    "Please note that all questions must be received by the Committee Team ({email}) by {deadline}."
)
MEMBER_QUESTIONS_TEXT = (
    "Fifteen minutes for local member to raise issues of concern of which due notice has been given.\n\n"
    "Please note that all questions must be received by the Committee Team ({email}) by {deadline}."
)

# Default voting rights by role; the clerk can change them per membership (the seed's
# parent governor representative, for one, is non-voting).
ROLE_VOTING = {
    Membership.Role.CHAIR: (True, ""),
    Membership.Role.VICE_CHAIR: (True, ""),
    Membership.Role.MEMBER: (True, ""),
    Membership.Role.SUBSTITUTE: (True, ""),
    Membership.Role.CHURCH_REP: (True, "education"),
    Membership.Role.PARENT_GOVERNOR_REP: (True, "education"),
    Membership.Role.CO_OPTED_ADVISOR: (False, ""),
}


def _full_clean(obj, exclude=None):
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


# --- committees and members -------------------------------------------------


@transaction.atomic
def save_committee(name, **fields):
    """Create or update a committee by name."""
    committee = Committee.objects.filter(name=name).first() or Committee(name=name, slug=slugify(name)[:200])
    for key, value in fields.items():
        setattr(committee, key, value)
    return _full_clean(committee)


@transaction.atomic
def save_political_group(name, *, short_name=""):
    """Create or update a political group (an OParl Organization) by name."""
    group = PoliticalGroup.objects.filter(name=name).first() or PoliticalGroup(name=name)
    if group.pk is not None and group.short_name == short_name:
        return group
    group.short_name = short_name
    return _full_clean(group)


@transaction.atomic
def add_member(
    committee,
    *,
    person,
    role=Membership.Role.MEMBER,
    voting=None,
    voting_limited_to=None,
    represents="",
    start_date=None,
    end_date=None,
    order=None,
):
    """Add (or update, for the same person and role) a membership with the role's usual voting rights."""
    default_voting, default_limit = ROLE_VOTING[role]
    membership = Membership.objects.filter(committee=committee, person=person, role=role).first() or Membership(
        committee=committee, person=person, role=role
    )
    membership.voting = default_voting if voting is None else voting
    membership.voting_limited_to = default_limit if voting_limited_to is None else voting_limited_to
    membership.represents = represents
    membership.start_date = start_date
    membership.end_date = end_date
    if order is None and membership.pk is None:
        order = (committee.memberships.aggregate(m=Max("order"))["m"] or 0) + 1
    if order is not None:
        membership.order = order
    if membership.pk is not None and not _changed(membership):
        return membership  # nothing new: keep the history free of empty revisions
    return _full_clean(membership)


def _changed(obj):
    stored = type(obj).objects.filter(pk=obj.pk).values()[0]
    return any(getattr(obj, key) != value for key, value in stored.items())


# --- meetings and agendas ---------------------------------------------------


def _questions_deadline_text(meeting_date):
    deadline = deadlines.questions_deadline(meeting_date)
    return f"5pm on {deadline:%A} {deadline.day} {deadline:%B %Y}"


def _fmt(day):
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def create_meeting(committee, *, date, start_time=None, venue=None, clerk=None, pre_meetings=()):
    """A meeting with the standard opening items every agenda starts with."""
    meeting = Meeting(
        committee=committee,
        date=date,
        start_time=start_time or committee.default_start_time or dt.time(10, 0),
        venue=committee.default_venue if venue is None else venue,
        clerk=clerk,
    )
    _full_clean(meeting)
    previous = selectors.previous_meeting(meeting)
    email = committee.contact_officer_email or "the Committee Team"
    qtext = _questions_deadline_text(date)
    standard = [
        (AgendaItem.Kind.APOLOGIES, "To receive apologies and details of any substitute members attending", ""),
        (
            AgendaItem.Kind.MINUTES,
            f"To confirm the minutes of the {committee.name} meeting held on {_fmt(previous.date)}"
            if previous
            else "To confirm the minutes of the previous meeting",
            "",
        ),
        (AgendaItem.Kind.DECLARATIONS, "Declarations of Interest", DECLARATIONS_WORDING),
        (
            AgendaItem.Kind.URGENT_BUSINESS,
            "Any items of business the Chairman decides should be considered as a matter of urgency",
            "",
        ),
        (
            AgendaItem.Kind.PUBLIC_QUESTIONS,
            "Public Question Time",
            PUBLIC_QUESTIONS_TEXT.format(email=email, deadline=qtext),
        ),
        (
            AgendaItem.Kind.MEMBER_QUESTIONS,
            "Local Member Issues/ Member Questions",
            MEMBER_QUESTIONS_TEXT.format(email=email, deadline=qtext),
        ),
    ]
    for number, (kind, title, body) in enumerate(standard, start=1):
        AgendaItem.objects.create(meeting=meeting, number=number, kind=kind, title=title, body=body)
    for name, start, place in pre_meetings:
        PreMeeting.objects.create(meeting=meeting, name=name, start_time=start, venue=place)
    return meeting


def _bump(meeting):
    """A change calendar programs must pick up (see Meeting.sequence)."""
    meeting.sequence += 1


@transaction.atomic
def update_meeting(meeting, **fields):
    for key, value in fields.items():
        setattr(meeting, key, value)
    if meeting.pk is not None and _changed(meeting):
        _bump(meeting)
    return _full_clean(meeting)


@transaction.atomic
def add_item(
    meeting,
    *,
    title,
    kind=AgendaItem.Kind.BUSINESS,
    report=None,
    report_by="",
    presenter=None,
    business_kind="general",
    exempt=False,
    exempt_paragraph=None,
    urgency_reason="",
    body="",
):
    """Append an item. After publication an item is late and needs a recorded reason of urgency."""
    if meeting.status in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.CANCELLED):
        raise ValidationError(f"Items cannot be added to a meeting that is {meeting.get_status_display().lower()}.")
    number = (meeting.items.aggregate(m=Max("number"))["m"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        kind=kind,
        title=title,
        body=body,
        report=report,
        report_by=report_by,
        presenter=presenter,
        business_kind=business_kind,
        exempt=exempt,
        exempt_paragraph=exempt_paragraph if exempt else None,
        late=meeting.agenda_published_on is not None,
        urgency_reason=urgency_reason,
    )
    _full_clean(item)
    if report is not None and report.meeting_id is None:
        report.meeting = meeting
        report.save(update_fields=["meeting"])
    return item


@transaction.atomic
def update_item(item, **fields):
    for key, value in fields.items():
        setattr(item, key, value)
    if not item.exempt:
        item.exempt_paragraph = None
    return _full_clean(item)


@transaction.atomic
def move_item(item, *, new_number, user=None):
    """Renumber so the item sits at ``new_number`` and the others close up.

    Every item whose number changes gets a history record naming ``user`` (a renumbered
    item is an edited record like any other); items that keep their number get none."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("number"))
    ordered = [i for i in items if i.pk != item.pk]
    new_number = max(1, min(new_number, len(ordered) + 1))
    ordered.insert(new_number - 1, next(i for i in items if i.pk == item.pk))
    moving = [(n, i) for n, i in enumerate(ordered, start=1) if i.number != n]
    # Two passes so the unique (meeting, number) constraint never sees a clash. The first
    # (a number out of the way, held only inside this transaction) is no one's edit and is
    # not recorded; the second is, item by item.
    offset = len(ordered) + 1000
    AgendaItem.objects.filter(pk__in=[i.pk for _, i in moving]).update(number=F("number") + offset)
    for n, i in moving:
        i.number = n
        if user is not None:  # else the signed-in user of the request, as for any save
            i._history_user = user
        i.save(update_fields=["number"])
    item.number = next(i.number for i in ordered if i.pk == item.pk)


@transaction.atomic
def publish_agenda(meeting, *, today=None):
    """Publish the agenda. Every report on it must be ready; the date is recorded and
    checked against the five-clear-working-days rule (the result says if it was late)."""
    today = today or timezone.localdate()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(f"The agenda cannot be published: the meeting is {meeting.get_status_display().lower()}.")
    if today > meeting.date:
        raise ValidationError("The agenda cannot be published after the meeting.")
    not_ready = [
        f"item {i.number} ({i.report.title}: {i.report.get_status_display().lower()})"
        for i in meeting.items.select_related("report")
        if i.report is not None and i.report.status != Report.Status.READY
    ]
    if not_ready:
        raise ValidationError("These reports are not ready for the agenda: " + "; ".join(not_ready) + ".")
    missing_para = [str(i.number) for i in meeting.items.all() if i.exempt and not i.exempt_paragraph]
    if missing_para:
        raise ValidationError("Exempt items need their Schedule 12A paragraph: item " + ", ".join(missing_para) + ".")
    meeting.agenda_published_on = today
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    _bump(meeting)
    meeting.save(update_fields=["agenda_published_on", "status", "sequence"])
    alerts.announce(meeting, alerts.AGENDA)
    return deadlines.is_lawful_publication(today, meeting.date)


@transaction.atomic
def pack_published(version):
    """A pack version was published (committees.packs.services.publish): calendars carry the
    pack's link, so the meeting changed; subscribers hear of it once the publication commits."""
    meeting = Meeting.objects.select_for_update().get(pk=version.meeting_id)
    _bump(meeting)
    meeting.save(update_fields=["sequence"])
    alerts.announce(meeting, alerts.PACK, version=version)


@transaction.atomic
def cancel_meeting(meeting):
    meeting.status = Meeting.Status.CANCELLED
    _bump(meeting)
    meeting.save(update_fields=["status", "sequence"])
    return meeting


@transaction.atomic
def mark_held(meeting, *, today=None):
    if meeting.status not in (Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.SCHEDULED):
        raise ValidationError(f"The meeting is {meeting.get_status_display().lower()}.")
    if today is not None and today < meeting.date:
        raise ValidationError("A meeting cannot be marked as held before its date.")
    meeting.status = Meeting.Status.HELD
    _bump(meeting)
    meeting.save(update_fields=["status", "sequence"])
    return meeting


# --- reports ----------------------------------------------------------------

REPORT_FIELDS = (
    "strategic_impact",
    "executive_summary",
    "financial_implications",
    "issues_risks_innovation",
    "legal_implications",
    "equality_implications",
    "human_rights_implications",
    "environmental_implications",
    "health_and_safety_implications",
    "background_papers",
)


@transaction.atomic
def save_report(
    title,
    *,
    report=None,
    meeting=None,
    responsible_chief_officer=None,
    officer_contact=None,
    recommendations=None,
    sections=None,
    **fields,
):
    """Create or update a report; ``recommendations`` is a list of texts and ``sections``
    a list of (heading, body), numbered in order. A cleared report edited goes back to draft."""
    report = report or Report()
    was_saved = report.pk is not None
    report.title = title
    if meeting is not None:
        report.meeting = meeting
    report.responsible_chief_officer = responsible_chief_officer or report.responsible_chief_officer
    report.officer_contact = officer_contact or report.officer_contact
    for key, value in fields.items():
        if key not in REPORT_FIELDS:
            raise ValidationError({key: "Not a field of the report template."})
        setattr(report, key, value)
    if was_saved and report.status != Report.Status.DRAFT:
        report.status = Report.Status.DRAFT
        report.cleared_by = None
        report.cleared_at = None
    _full_clean(report)
    if recommendations is not None:
        report.recommendations.all().delete()
        for n, text in enumerate(recommendations, start=1):
            Recommendation.objects.create(report=report, number=n, text=text)
    if sections is not None:
        report.sections.all().delete()
        for n, (heading, body) in enumerate(sections, start=1):
            ReportSection.objects.create(report=report, number=n, heading=heading, body=body)
    return report


@transaction.atomic
def clear_report(report, *, by):
    """The responsible chief officer (or someone for them) clears the draft."""
    if report.status != Report.Status.DRAFT:
        raise ValidationError("Only a draft report can be cleared.")
    if not report.responsible_chief_officer_id:
        raise ValidationError({"responsible_chief_officer": "Name the responsible chief officer before clearance."})
    report.status = Report.Status.CLEARED
    report.cleared_by = by
    report.cleared_at = timezone.now()
    report.save(update_fields=["status", "cleared_by", "cleared_at"])
    return report


@transaction.atomic
def mark_report_ready(report):
    if report.status != Report.Status.CLEARED:
        raise ValidationError("A report must be cleared by its chief officer before it is ready for the agenda.")
    report.status = Report.Status.READY
    report.save(update_fields=["status"])
    return report


@transaction.atomic
def add_appendix(report, *, title, upload, number=None):
    pages = validate_pdf(upload)
    number = number or (report.appendices.aggregate(m=Max("number"))["m"] or 0) + 1
    appendix = Appendix(report=report, number=number, title=title, page_count=pages, size=upload.size)
    appendix.file.save(upload.name, upload, save=False)
    appendix.full_clean(exclude=["file"])
    appendix.save()
    return appendix


@transaction.atomic
def add_live_section(report, *, kind, as_at, title="", after_section=None):
    order = (report.live_sections.aggregate(m=Max("order"))["m"] or 0) + 1
    return _full_clean(
        LiveSection(report=report, kind=kind, as_at=as_at, title=title, after_section=after_section, order=order)
    )


# --- questions --------------------------------------------------------------


@transaction.atomic
def receive_question(
    meeting, *, asker_name, text, received_at, kind=Question.Kind.PUBLIC, asker=None, accept_late=False
):
    """Record a question; one received after the deadline is refused unless the Chair accepts it."""
    local = timezone.localtime(received_at).replace(tzinfo=None) if timezone.is_aware(received_at) else received_at
    if not accept_late and not deadlines.question_on_time(local, meeting.date):
        deadline = deadlines.questions_deadline(meeting.date)
        raise ValidationError(
            {"received_at": f"Received after the deadline ({deadline:%H:%M} on {deadline:%A %-d %B %Y})."}
        )
    number = (meeting.questions.filter(kind=kind).aggregate(m=Max("number"))["m"] or 0) + 1
    return _full_clean(
        Question(
            meeting=meeting,
            kind=kind,
            number=number,
            asker_name=asker_name,
            asker=asker,
            received_at=received_at,
            text=text,
        )
    )


@transaction.atomic
def reply_to_question(question, *, reply, reply_by="the Chairman", supplementary=""):
    ensure_minutes_open(question.meeting)
    question.reply = reply
    question.reply_by = reply_by
    question.supplementary = supplementary
    return _full_clean(question)


# --- minutes ----------------------------------------------------------------


def ensure_minutes_open(obj):
    """The one guard for frozen minutes: nothing in approved minutes changes any more, whoever
    asks (page, API, admin). ``obj`` is the minutes, anything recorded in them, or their meeting."""
    if selectors.minutes_frozen(obj):
        raise ValidationError(MINUTES_FROZEN)


def _received_line(item):
    if item.report_by:
        by = item.report_by[0].lower() + item.report_by[1:]
        by = by.removeprefix("report by ")
        return f"The Committee received the report by {by.rstrip('.')}."
    return ""


@transaction.atomic
def draft_minutes(meeting):
    """Start the minutes from what is known: the members as present (the clerk marks
    apologies and substitutes), one minute per agenda item, and each report's
    recommendations as a draft RESOLVED decision. Returns existing minutes unchanged."""
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    minutes = Minutes.objects.create(meeting=meeting)
    for m in selectors.current_memberships(meeting.committee, meeting.date):
        if m.role == Membership.Role.SUBSTITUTE:
            continue
        capacity = m.represents or ("" if m.role == Membership.Role.MEMBER else m.get_role_display())
        Attendance.objects.create(minutes=minutes, person=m.person, kind=Attendance.Kind.PRESENT, capacity=capacity)
    for item in meeting.items.select_related("report").prefetch_related("report__recommendations"):
        mi = MinuteItem.objects.create(
            minutes=minutes,
            agenda_item=item,
            number=item.number,
            title=item.get_kind_display() if item.kind != AgendaItem.Kind.BUSINESS else item.title,
            body=_received_line(item),
            exempt=item.exempt,
        )
        if item.report is not None:
            recs = [r.text for r in item.report.recommendations.all()]
            if recs:
                text = "to:\n" + "\n".join(f"{n}. {t}" for n, t in enumerate(recs, 1)) if len(recs) > 1 else recs[0]
                Decision.objects.create(minute_item=mi, kind=Decision.Kind.RESOLVED, text=text)
    return minutes


@transaction.atomic
def record_attendance(minutes, *, person, kind, substitute_for=None, capacity=""):
    ensure_minutes_open(minutes)
    row = Attendance.objects.filter(minutes=minutes, person=person).first() or Attendance(
        minutes=minutes, person=person
    )
    row.kind = kind
    row.substitute_for = substitute_for
    row.capacity = capacity or row.capacity
    return _full_clean(row)


@transaction.atomic
def remove_attendance(minutes, *, person):
    ensure_minutes_open(minutes)
    Attendance.objects.filter(minutes=minutes, person=person).delete()


@transaction.atomic
def declare_interest(minutes, *, person, description, interest=Declaration.Interest.OTHER, agenda_item=None):
    ensure_minutes_open(minutes)
    return _full_clean(
        Declaration(minutes=minutes, person=person, description=description, interest=interest, agenda_item=agenda_item)
    )


@transaction.atomic
def save_minute_item(minutes, *, number, title, body="", agenda_item=None, exempt=None):
    ensure_minutes_open(minutes)
    mi = MinuteItem.objects.filter(minutes=minutes, number=number).first() or MinuteItem(minutes=minutes, number=number)
    mi.title = title
    mi.body = body
    if agenda_item is not None:
        mi.agenda_item = agenda_item
    mi.exempt = (agenda_item.exempt if agenda_item else mi.exempt) if exempt is None else exempt
    return _full_clean(mi)


@transaction.atomic
def record_decision(
    minute_item,
    *,
    text,
    kind=Decision.Kind.RESOLVED,
    votes_for=None,
    votes_against=None,
    abstentions=None,
    decision=None,
):
    ensure_minutes_open(minute_item)
    decision = decision or Decision(minute_item=minute_item)
    decision.kind = kind
    decision.text = text
    decision.votes_for = votes_for
    decision.votes_against = votes_against
    decision.abstentions = abstentions
    return _full_clean(decision)


@transaction.atomic
def add_action(decision, *, description, owner=None, due_date=None):
    """Follow-up actions stay open after the minutes are frozen: owners report progress."""
    return _full_clean(FollowUpAction(decision=decision, description=description, owner=owner, due_date=due_date))


@transaction.atomic
def complete_action(action, *, done=True):
    action.done = done
    action.save(update_fields=["done"])
    return action


@transaction.atomic
def close_meeting(minutes, *, closing_time):
    ensure_minutes_open(minutes)
    minutes.closing_time = closing_time
    return _full_clean(minutes)


@transaction.atomic
def publish_draft_minutes(minutes, *, today=None):
    first = minutes.published_on is None
    minutes.published_on = today or timezone.localdate()
    minutes.save(update_fields=["published_on"])
    if first:
        alerts.announce(minutes.meeting, alerts.MINUTES)
    return minutes


@transaction.atomic
def approve_minutes(minutes, *, at_meeting):
    """Approve as the first business of the next meeting of the committee, then freeze."""
    if minutes.frozen:
        raise ValidationError("These minutes are already approved.")
    expected = selectors.next_meeting(minutes.meeting)
    if expected is None or at_meeting is None or at_meeting.pk != expected.pk:
        raise ValidationError(
            "Minutes are approved at the next meeting of the same committee"
            + (f" ({expected})." if expected else "; none is scheduled.")
        )
    if at_meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED):
        raise ValidationError("The next meeting's agenda must be published before it approves these minutes.")
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = at_meeting.date
    first = minutes.published_on is None
    minutes.published_on = minutes.published_on or at_meeting.date
    minutes.save(update_fields=["status", "approved_at_meeting", "approved_on", "published_on"])
    meeting = minutes.meeting
    meeting.status = Meeting.Status.MINUTES_APPROVED
    _bump(meeting)
    meeting.save(update_fields=["status", "sequence"])
    if first:
        alerts.announce(meeting, alerts.MINUTES)
    return minutes
