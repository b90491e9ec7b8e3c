"""Reads for committee pages, feeds and the API.

The public (anonymous) sees only published material, and of an exempt item only its
title and the Schedule 12A paragraph. Every public page, feed and API endpoint reads
through the ``public_*`` functions here so that rule lives in one place.
"""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from . import deadlines, voting
from .models import (
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Decision,
    Meeting,
    Membership,
    Minutes,
    Question,
    Report,
)

PUBLIC_AGENDA_STATUSES = (
    Meeting.Status.AGENDA_PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_APPROVED,
)


def sees_everything(user):
    return bool(user and user.is_authenticated and user.has_perm("committees.view_meeting"))


# --- committees and members -------------------------------------------------


def committees():
    return Committee.objects.annotate(member_count=Count("memberships", distinct=True)).order_by("name")


def current_memberships(committee, on=None):
    on = on or timezone.localdate()
    return (
        committee.memberships.select_related("person")
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("order", "id")
    )


def memberships():
    return Membership.objects.select_related("person", "committee").order_by("committee__name", "order", "id")


# --- meetings ---------------------------------------------------------------


def meetings(user=None):
    """Every meeting for the calendar (dates and venues are public; agendas are not, until published)."""
    return Meeting.objects.select_related("committee").order_by("-date", "-start_time")


def previous_meeting(meeting):
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date")
        .first()
    )


def next_meeting(meeting):
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, date__gt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .first()
    )


def meeting_deadlines(meeting, today=None):
    """Dates the clerk works to, and whether the agenda is at risk."""
    today = today or timezone.localdate()
    q_deadline = timezone.make_aware(deadlines.questions_deadline(meeting.date))
    return {
        "publish_agenda_by": deadlines.publish_agenda_by(meeting.date),
        "questions_deadline": q_deadline,
        "questions_deadline_text": f"{q_deadline:%-I}{q_deadline:%p}".lower() + f" on {q_deadline:%A} "
        f"{q_deadline.day} {q_deadline:%B %Y}",
        "publication_status": deadlines.publication_status(meeting.date, today, meeting.agenda_published_on),
    }


def items(meeting):
    """All items of a meeting, for signed-in users."""
    return meeting.items.select_related("report", "presenter").order_by("number")


def public_items(meeting):
    """The agenda as the public may see it: nothing before publication; exempt items
    with only their number, title and exemption paragraph.

    Returns a list of AgendaItem instances in number order. Exempt items are redacted
    copies (``redacted = True``, no body, report or presenter) for display only: never save them.
    """
    if meeting.status not in PUBLIC_AGENDA_STATUSES:
        return []
    return [redact_item(item, public=True) for item in items(meeting)]


# --- exempt items: the one redaction (pages, API, feeds and packs) -----------

# What the public never reads of an exempt agenda item: only its number, title and paragraph remain.
REDACTED_ITEM_FIELDS = {"body": "", "report": None, "presenter": None, "report_by": "", "urgency_reason": ""}


def redact_item(item, *, public):
    """An agenda item as this reader may see it: for the public, an exempt item loses what
    ``REDACTED_ITEM_FIELDS`` names (the instance is changed for display: never save it).
    Sets ``item.redacted``."""
    item.redacted = bool(public and item.exempt)
    if item.redacted:
        for field, blank in REDACTED_ITEM_FIELDS.items():
            setattr(item, field, blank)
    return item


def minute_item_exempt(mi):
    """A minute is exempt if marked so or if its agenda item is."""
    return mi.exempt or (mi.agenda_item is not None and mi.agenda_item.exempt)


def redact_minute_item(mi, *, public):
    """A minute as this reader may see it: for the public, an exempt minute keeps only its title
    and exemption paragraph (no body; callers leave out its decisions). Sets ``mi.redacted``."""
    mi.redacted = bool(public and minute_item_exempt(mi))
    mi.exemption_paragraph = mi.agenda_item.exempt_paragraph if mi.agenda_item else None
    if mi.redacted:
        mi.body = ""
    return mi


def public_items_qs():
    """Agenda items the public may list (API): published agendas; exempt ones are redacted by the serializer."""
    return AgendaItem.objects.filter(meeting__status__in=PUBLIC_AGENDA_STATUSES)


# --- reports ----------------------------------------------------------------


def reports():
    return Report.objects.select_related("meeting__committee", "responsible_chief_officer", "officer_contact")


def public_reports():
    """Ready reports on a published agenda that are not on any exempt item."""
    return (
        reports()
        .filter(status=Report.Status.READY, agenda_items__meeting__status__in=PUBLIC_AGENDA_STATUSES)
        .exclude(agenda_items__exempt=True)
        .distinct()
    )


def report_is_public(report):
    return public_reports().filter(pk=report.pk).exists()


def public_appendices():
    return Appendix.objects.filter(report__in=public_reports().values("pk"))


def report_detail(report):
    return (
        Report.objects.select_related("meeting__committee", "responsible_chief_officer", "officer_contact")
        .prefetch_related("recommendations", "sections", "appendices", "live_sections")
        .get(pk=report.pk)
    )


def reports_awaiting_clearance(person=None):
    qs = reports().filter(status=Report.Status.DRAFT)
    if person is not None:
        qs = qs.filter(responsible_chief_officer=person)
    return qs


# --- minutes, decisions, questions -----------------------------------------


def public_minutes():
    return Minutes.objects.filter(Q(status=Minutes.Status.APPROVED) | Q(published_on__isnull=False)).select_related(
        "meeting__committee"
    )


def minutes_of(obj):
    """The minutes that ``obj`` belongs to (the minutes themselves, a minute item, a decision,
    an attendance or declaration row, or the meeting), or None if there are none yet."""
    if obj is None or isinstance(obj, Minutes):
        return obj
    if isinstance(obj, Meeting):
        return Minutes.objects.filter(meeting=obj).first()
    if hasattr(obj, "minute_item"):  # a decision
        return obj.minute_item.minutes
    return getattr(obj, "minutes", None)


def minutes_frozen(obj):
    """Whether ``obj`` is in approved (frozen) minutes: the one test behind the services' guard
    (``services.ensure_minutes_open``), the ``minutes_open`` rule and the admin."""
    minutes = minutes_of(obj)
    return minutes is not None and minutes.frozen


def minutes_detail(minutes):
    return (
        Minutes.objects.select_related("meeting__committee", "approved_at_meeting")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("person", "substitute_for")),
            "declarations__person",
            "declarations__agenda_item",
            Prefetch("items__decisions", queryset=Decision.objects.prefetch_related("actions__owner")),
            "items__agenda_item",
        )
        .get(pk=minutes.pk)
    )


def minutes_for_display(minutes, public):
    """Minute items to print; for the public, exempt items keep only their title."""
    return [redact_minute_item(mi, public=public) for mi in minutes.items.all()]


def decisions():
    return Decision.objects.select_related("minute_item__minutes__meeting__committee", "minute_item__agenda_item")


def public_decisions():
    return (
        decisions()
        .filter(
            Q(minute_item__minutes__status=Minutes.Status.APPROVED)
            | Q(minute_item__minutes__published_on__isnull=False)
        )
        .filter(minute_item__exempt=False)
        .exclude(minute_item__agenda_item__exempt=True)
    )


def search_decisions(qs, text="", committee=None, date_from=None, date_to=None):
    if text:
        qs = qs.filter(Q(text__icontains=text) | Q(minute_item__title__icontains=text))
    if committee:
        qs = qs.filter(minute_item__minutes__meeting__committee=committee)
    if date_from:
        qs = qs.filter(minute_item__minutes__meeting__date__gte=date_from)
    if date_to:
        qs = qs.filter(minute_item__minutes__meeting__date__lte=date_to)
    return qs.order_by("-minute_item__minutes__meeting__date", "minute_item__number", "id")


def questions():
    return Question.objects.select_related("meeting__committee")


def public_questions():
    """Questions and replies are published with the minutes."""
    return questions().filter(
        Q(meeting__minutes__status=Minutes.Status.APPROVED) | Q(meeting__minutes__published_on__isnull=False)
    )


# --- voting and quorum ------------------------------------------------------


def voting_places(meeting, business_kind):
    return [
        m
        for m in current_memberships(meeting.committee, meeting.date)
        if m.role != Membership.Role.SUBSTITUTE and m.may_vote_on(business_kind)
    ]


def voters_for_item(item):
    """Who may vote on this item: from the minutes' attendance if there are minutes,
    otherwise from the membership. Substitutes take the rights of whom they replace."""

    members = {m.person_id: m for m in current_memberships(item.meeting.committee, item.meeting.date)}
    minutes = Minutes.objects.filter(meeting=item.meeting).first()
    if minutes is None:
        return [
            m.person
            for m in members.values()
            if m.role != Membership.Role.SUBSTITUTE and m.may_vote_on(item.business_kind)
        ]
    voters = []
    for a in minutes.attendance.select_related("person", "substitute_for"):
        if a.kind == Attendance.Kind.PRESENT:
            m = members.get(a.person_id)
        elif a.kind == Attendance.Kind.SUBSTITUTE:
            m = members.get(a.substitute_for_id)
        else:
            continue
        if m is not None and voting.may_vote(m.voting, m.voting_limited_to, item.business_kind):
            voters.append(a.person)
    return voters


def quorum(item):

    places = len(voting_places(item.meeting, item.business_kind))
    required = voting.quorum_required(places, item.meeting.committee.quorum)
    voters = voters_for_item(item)
    return {"places": places, "required": required, "present": len(voters), "quorate": len(voters) >= required}


def upcoming_for_clerk(today=None, person=None, horizon_days=42):
    """Meetings in the next weeks; with ``person``, theirs and those with no clerk named."""
    today = today or timezone.localdate()
    qs = meetings().filter(date__gte=today, date__lte=today + dt.timedelta(days=horizon_days))
    if person is not None:
        qs = qs.filter(Q(clerk=person) | Q(clerk__isnull=True))
    return qs.exclude(status=Meeting.Status.CANCELLED)


# --- when things changed (calendars, OParl) ----------------------------------


def history_stamps(model, ids=None):
    """{pk: (created, modified)} from the model's django-simple-history records: every write
    through the services leaves one, so the first and last say when an object was made and
    last changed (deletions included)."""
    from django.db.models import Max, Min

    qs = model.history.model.objects.all()
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    rows = qs.values("id").annotate(created=Min("history_date"), modified=Max("history_date"))
    return {r["id"]: (r["created"], r["modified"]) for r in rows}


def deleted_ids(model):
    """{pk: deleted at} of objects whose last history record is their deletion."""
    hist = model.history.model.objects
    gone = dict(hist.filter(history_type="-").values_list("id", "history_date"))
    if gone:
        alive = set(model.objects.filter(pk__in=list(gone)).values_list("pk", flat=True))
        gone = {k: v for k, v in gone.items() if k not in alive}
    return gone


def meeting_end(meeting):
    """The meeting's end: its recorded end time, else when the minutes say it closed, else
    the committee's usual length after the start."""
    import datetime as _dt
    from zoneinfo import ZoneInfo

    from django.conf import settings

    tz = ZoneInfo(settings.TIME_ZONE)
    start = _dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    closing = meeting.end_time
    if closing is None:
        minutes = minutes_of(meeting)
        closing = minutes.closing_time if minutes is not None else None
    if closing is not None and closing > meeting.start_time:
        return _dt.datetime.combine(meeting.date, closing, tzinfo=tz)
    return start + meeting.committee.usual_length



def published_pack(meeting):
    """The newest published agenda pack (not a supplement) of a meeting, or None."""
    from .packs.models import PackBuild, PackVersion

    return (
        PackVersion.objects.filter(meeting=meeting, build__kind=PackBuild.Kind.AGENDA)
        .select_related("build")
        .order_by("-number")
        .first()
    )


class Publication:
    """One thing a committee published, for its RSS feed."""

    def __init__(self, key, title, description, url, published):
        self.key, self.title, self.description, self.url, self.published = key, title, description, url, published


def _day_start(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def publications(committee):
    """Agendas, pack versions and minutes of the committee, newest first, each dated when it
    was published (the recorded publication date; a pack's own time stamp)."""
    from django.urls import reverse

    from .packs.models import PackVersion

    found = []
    for m in Meeting.objects.filter(committee=committee, agenda_published_on__isnull=False):
        when = f"{m.date:%A} {m.date.day} {m.date:%B %Y}"
        found.append(Publication(f"agenda-{m.pk}", f"Agenda published: {when}",
                                 f"The agenda for {committee.name} on {when}.",
                                 m.get_absolute_url(), _day_start(m.agenda_published_on)))
    for v in PackVersion.objects.filter(meeting__committee=committee).select_related("meeting", "build"):
        m = v.meeting
        when = f"{m.date:%A} {m.date.day} {m.date:%B %Y}"
        found.append(Publication(f"pack-{v.pk}", f"{v.label} (version {v.number}): {when}",
                                 f"{v.label}, {v.pages} pages, for {committee.name} on {when}.",
                                 reverse("committees:pack_pdf", args=[v.build_id]), v.published_at))
    for mins in public_minutes().filter(meeting__committee=committee):
        m = mins.meeting
        when = f"{m.date:%A} {m.date.day} {m.date:%B %Y}"
        label = "Minutes" if mins.frozen else "Draft minutes"
        found.append(Publication(f"minutes-{m.pk}", f"{label} published: {when}",
                                 f"{label} of {committee.name} on {when}.",
                                 mins.get_absolute_url(), _day_start(mins.published_on or mins.approved_on)))
    return sorted(found, key=lambda p: p.published, reverse=True)


# --- the public meeting page ------------------------------------------------------


def _file_size(path):
    try:
        return path.stat().st_size
    except OSError:
        return None


def pack_links(meeting):
    """The newest published agenda pack and each supplement, with sizes, for the top of the page."""
    from .packs import services as pack_services
    from .packs.models import PackBuild, PackVersion

    versions = list(
        PackVersion.objects.filter(meeting=meeting).select_related("build").order_by("-number")
    )
    agenda = next((v for v in versions if v.build.kind == PackBuild.Kind.AGENDA), None)
    supplements = sorted(
        (v for v in versions if v.build.kind == PackBuild.Kind.SUPPLEMENT), key=lambda v: v.build.supplement_number
    )
    shown = []
    for v in ([agenda] if agenda else []) + supplements:
        v.size = _file_size(pack_services.file_of(v.build, which="pdf"))
        v.replaces = agenda is v and v.number > 1 and any(o.build.kind == PackBuild.Kind.AGENDA for o in versions
                                                           if o.number < v.number)
        shown.append(v)
    return shown


def item_documents(items):
    """{item pk: [(label, url, size, pages)]}: the public report and its appendices per item."""
    from django.urls import reverse

    reports = {i.report_id for i in items if getattr(i, "report_id", None)}
    public = set(public_reports().filter(pk__in=reports).values_list("pk", flat=True))
    appendices = {}
    for a in Appendix.objects.filter(report_id__in=public).order_by("number"):
        appendices.setdefault(a.report_id, []).append(a)
    docs = {}
    for item in items:
        if not item.report_id or item.report_id not in public:
            continue
        entries = [(item.report.title, item.report.get_absolute_url(), None, None, "Report (web page)")]
        for a in appendices.get(item.report_id, []):
            entries.append((f"Appendix {a.number}: {a.title}", reverse("committees:appendix", args=[a.pk]),
                            a.size, a.page_count, "PDF"))
        docs[item.pk] = entries
    return docs


def public_attendance(minutes):
    """Who attended, once minutes are published (names and capacities only)."""
    rows = minutes.attendance.select_related("person", "substitute_for").order_by("kind", "id")
    grouped = {}
    for a in rows:
        grouped.setdefault(a.get_kind_display(), []).append(a)
    return grouped


def upcoming_for_member(person, today=None, horizon_days=42):
    """Coming meetings (next six weeks) of the committees the person currently sits on."""
    today = today or timezone.localdate()
    committee_ids = [
        m.committee_id
        for m in person.committee_memberships.all()
        if m.is_current_on(today)
    ]
    return (
        meetings()
        .filter(committee_id__in=committee_ids, date__gte=today, date__lte=today + dt.timedelta(days=horizon_days))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date", "start_time")
    )


def late_items(today=None, person=None):
    """Late items on coming agendas (the clerk's meetings, or unassigned ones)."""
    today = today or timezone.localdate()
    qs = (
        AgendaItem.objects.filter(late=True, meeting__date__gte=today)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__committee")
    )
    if person is not None:
        qs = qs.filter(Q(meeting__clerk=person) | Q(meeting__clerk__isnull=True))
    return qs.order_by("meeting__date", "number")


def late_items_without_reason(today=None, person=None):
    """Late items on coming agendas with no recorded reason of urgency (the clerk's, or unassigned)."""
    return late_items(today, person).filter(urgency_reason__regex=r"^\s*$")
