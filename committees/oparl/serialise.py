"""Models to OParl 1.1 objects: plain functions returning dicts.

Everything reads through the public selectors, so an OParl client sees what an anonymous
visitor sees: published agendas, public reports and appendices, published minutes and
pack versions; an exempt item only as ``public: false`` with its title and paragraph.

``created``/``modified`` come from django-simple-history (first and last record); an object's
``modified`` also moves when something embedded in it changes (a meeting's items, minutes and
packs; a report's appendices), so ``modified_since`` finds every object a client must reload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from .. import selectors
from ..models import (
    AgendaItem,
    Appendix,
    Committee,
    Decision,
    Meeting,
    Membership,
    Minutes,
    PoliticalGroup,
)
from ..packs import services as pack_services
from ..packs.models import PackVersion
from . import terms

OPARL = "https://schema.oparl.org/1.1/"
BODY = "1"
UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b")
LONDON = ZoneInfo("Europe/London")


def url(*parts):
    return f"{settings.SITE_URL}/oparl/v1/" + "/".join(str(p) for p in parts)


def web(path):
    return settings.SITE_URL + path


def stamp(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(LONDON).isoformat(timespec="seconds")
    return value.isoformat()


def _base(kind, oid, created, modified, web_path=None):
    obj = {"id": oid, "type": OPARL + kind}
    if created is not None:
        obj["created"] = stamp(created)
    if modified is not None:
        obj["modified"] = stamp(modified)
    if web_path:
        obj["web"] = web(web_path)
    return obj


def _latest(*values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _earliest(*values):
    values = [v for v in values if v is not None]
    return min(values) if values else None


@dataclass
class Stamps:
    """{pk: (created, modified)} per model, read once per request."""

    cache: dict

    def __init__(self):
        self.cache = {}

    def of(self, model, pk):
        if model not in self.cache:
            self.cache[model] = selectors.history_stamps(model)
        return self.cache[model].get(pk, (None, None))


def deleted(kind, oid, modified, created=None):
    obj = {"id": oid, "type": OPARL + kind}
    if created is not None:
        obj["created"] = stamp(created)
    return {**obj, "modified": stamp(modified), "deleted": True}


# --- System, Body, LegislativeTerm ------------------------------------------------------


def system(st):
    created, modified = _span(st, Committee)
    return {
        **_base("System", url("system"), created, modified, "/committees/"),
        "oparlVersion": OPARL,
        "body": url("bodies"),
        "name": f"{settings.COUNCIL_NAME}: {settings.SITE_NAME}",
        "website": web("/committees/"),
        "product": web(reverse("oparl_developers")),
    }


def _span(st, model):
    st.of(model, None)
    values = st.cache[model].values()
    return _earliest(*(c for c, _ in values)), _latest(*(m for _, m in values))


def body(st):
    created, modified = _span(st, Committee)
    return {
        **_base("Body", url("body", BODY), created, modified, "/committees/"),
        "system": url("system"),
        "name": settings.COUNCIL_NAME,
        "website": web("/"),
        "organization": url("body", BODY, "organization"),
        "person": url("body", BODY, "person"),
        "meeting": url("body", BODY, "meeting"),
        "paper": url("body", BODY, "paper"),
        "agendaItem": url("body", BODY, "agendaItem"),
        "consultation": url("body", BODY, "consultation"),
        "file": url("body", BODY, "file"),
        "locationList": url("body", BODY, "location"),
        "legislativeTermList": url("body", BODY, "legislativeTerm"),
        "membership": url("body", BODY, "membership"),
        "legislativeTerm": [legislative_term(t) for t in legislative_terms()],
    }


def legislative_terms():
    dates = Meeting.objects.order_by("date").values_list("date", flat=True)
    if not dates:
        return []
    first_year = settings.COUNCIL_FIRST_ELECTION_YEAR
    return terms.terms_between(dates[0], dates.reverse()[0], first_year)


def legislative_term(term):
    year, start, end = term
    # A term is fixed by law from its election: it exists, unchanged, from its first day.
    begun = dt.datetime.combine(start, dt.time(0, 0), tzinfo=LONDON)
    return {
        **_base("LegislativeTerm", url("legislativeterm", year), begun, begun),
        "body": url("body", BODY),
        "name": f"{year}–{end.year}",
        "startDate": stamp(start),
        "endDate": stamp(end),
    }


def legislative_term_by_year(year):
    return next((t for t in legislative_terms() if t[0] == year), None)


# --- Organization, Person, Membership -------------------------------------------------------


def committee_org(st, committee):
    created, modified = st.of(Committee, committee.pk)
    members = list(selectors.current_memberships(committee))
    return {
        **_base("Organization", url("organization", f"committee-{committee.pk}"), created, modified,
                committee.get_absolute_url()),
        "body": url("body", BODY),
        "name": committee.name,
        "organizationType": "Gremium",
        "classification": "Committee",
        "membership": [url("membership", m.pk) for m in members],
        "meeting": url("organization", f"committee-{committee.pk}", "meeting"),
        "memberCount": len(members),
        "votingMemberCount": sum(1 for m in members if m.voting and m.role != Membership.Role.SUBSTITUTE),
    }


def group_org(st, group):
    created, modified = st.of(PoliticalGroup, group.pk)
    obj = {
        **_base("Organization", url("organization", f"group-{group.pk}"), created, modified),
        "body": url("body", BODY),
        "name": group.name,
        "organizationType": "Fraktion",
        "classification": "Political group",
        "membership": [url("membership", pk) for pk in group.memberships.values_list("pk", flat=True)],
    }
    if group.short_name:
        obj["shortName"] = group.short_name
    return obj


def public_people():
    """Committee members and co-optees: the people the public meets on agendas."""
    from core.models import Person

    return Person.objects.filter(committee_memberships__isnull=False).distinct().order_by("name", "pk")


def membership(st, m, embedded=False):
    created, modified = st.of(Membership, m.pk)
    obj = {
        **_base("Membership", url("membership", m.pk), created, modified),
        "organization": url("organization", f"committee-{m.committee_id}"),
        "role": m.get_role_display(),
        # A church or parent governor representative votes on education business only:
        # they hold a vote, limited by the extension below.
        "votingRight": m.voting,
    }
    if not embedded:
        obj["person"] = url("person", m.person_id)
    if m.voting_limited_to:
        obj["votingRightLimitedTo"] = m.get_voting_limited_to_display()
    if m.represents:
        obj["represents"] = m.represents
    if m.start_date:
        obj["startDate"] = stamp(m.start_date)
    if m.end_date:
        obj["endDate"] = stamp(m.end_date)
    if m.on_behalf_of_id:
        obj["onBehalfOf"] = url("organization", f"group-{m.on_behalf_of_id}")
    return obj


def _with_parts(st, kind, path, obj, parts, *, name, created=None, web_path=None):
    """The start of an object printed with its parts (a person's memberships, a paper's
    files) in the body: its modified time is the latest change to it or any part."""
    first, modified = st.of(type(obj), obj.pk)
    for part in parts:
        modified = _latest(modified, st.of(type(part), part.pk)[1])
    return {
        **_base(kind, url(path, obj.pk), first or created, modified, web_path),
        "body": url("body", BODY),
        "name": name,
    }


def person(st, p, omit_internal=False):
    memberships = list(p.committee_memberships.all())
    obj = {**_with_parts(st, "Person", "person", p, memberships, name=p.name), "status": [p.get_kind_display()]}
    if p.title:
        obj["formOfAddress"] = p.title
    if not omit_internal:
        obj["membership"] = [membership(st, m, embedded=True) for m in memberships]
    return obj


# --- Location, File ---------------------------------------------------------------------


def location(st, meeting):
    created, modified = st.of(Meeting, meeting.pk)
    venue = ", ".join(line.strip() for line in meeting.venue.splitlines() if line.strip())
    obj = {
        **_base("Location", url("location", meeting.pk), created, modified),
        "description": venue,
        "meetings": [url("meeting", meeting.pk)],
    }
    postcode = UK_POSTCODE.search(venue.upper())
    if postcode:
        obj["postalCode"] = postcode.group(1)
    return obj


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def appendix_file(st, appendix):
    created, modified = st.of(Appendix, appendix.pk)
    access = reverse("committees:appendix", args=[appendix.pk])
    obj = {
        **_base("File", url("file", f"appendix-{appendix.pk}"), created, modified),
        "name": f"Appendix {appendix.number}: {appendix.title}",
        "fileName": appendix.file.name.rsplit("/", 1)[-1],
        "mimeType": "application/pdf",
        "date": stamp(appendix.uploaded.astimezone(LONDON).date()),
        "accessUrl": web(access),
        "downloadUrl": web(access + "?download=1"),
        "paper": [url("paper", appendix.report_id)],
    }
    try:
        obj["size"] = appendix.size or appendix.file.size
        obj["sha256Checksum"] = _sha256(appendix.file.path)
    except (OSError, ValueError, NotImplementedError):
        pass  # the stored file is missing: the object still says where it should be
    if appendix.page_count:
        obj["pageCount"] = appendix.page_count
    return obj


PACK_EDITIONS = {"pdf": ("application/pdf", "committees:pack_pdf"), "html": ("text/html", "committees:pack_html")}


def pack_file(version, edition):
    """A published pack version's PDF or accessible HTML edition. Published packs are frozen,
    so a version's file never changes after ``published_at``."""
    mime, route = PACK_EDITIONS[edition]
    build = version.build
    access = reverse(route, args=[build.pk])
    meeting = version.meeting
    name = f"{version.label}, version {version.number}" + (" (accessible version)" if edition == "html" else "")
    obj = {
        **_base("File", url("file", f"pack-{version.pk}-{edition}"), version.published_at, version.published_at),
        "name": name,
        "fileName": f"{meeting.committee.slug}-{meeting.date:%Y-%m-%d}-{build.kind}-{version.number}.{edition}",
        "mimeType": mime,
        "date": stamp(version.published_at.astimezone(LONDON).date()),
        "accessUrl": web(access),
        "meeting": [url("meeting", meeting.pk)],
    }
    path = pack_services.file_of(build, which=edition)
    if edition == "pdf":
        obj["downloadUrl"] = web(access + "?download=1")
        obj["sha256Checksum"] = version.sha256
        obj["pageCount"] = version.pages
    if path.exists():
        obj["size"] = path.stat().st_size
        if edition == "html":
            obj["sha256Checksum"] = _sha256(path)
    return obj


def minutes_file(st, minutes):
    created, modified = st.of(Minutes, minutes.pk)
    meeting = minutes.meeting
    label = "Minutes" if minutes.frozen else "Draft minutes"
    return {
        **_base("File", url("file", f"minutes-{meeting.pk}"), created, modified),
        "name": f"{label}: {meeting}",
        "mimeType": "text/html",
        "date": stamp(minutes.published_on or minutes.approved_on),
        "accessUrl": web(minutes.get_absolute_url()),
        "meeting": [url("meeting", meeting.pk)],
    }


# --- Meeting, AgendaItem, Consultation, Paper ---------------------------------------------------


def meeting_modified(st, meeting, items, minutes, versions):
    modified = st.of(Meeting, meeting.pk)[1]
    for i in items:
        modified = _latest(modified, st.of(AgendaItem, i.pk)[1])
    if minutes is not None:
        modified = _latest(modified, st.of(Minutes, minutes.pk)[1])
    for v in versions:
        modified = _latest(modified, v.published_at)
    return modified


def meeting(st, m, omit_internal=False):
    items = selectors.public_items(m)
    minutes = selectors.minutes_of(m)
    minutes = minutes if minutes is not None and minutes.is_public else None
    versions = list(
        PackVersion.objects.filter(meeting=m).select_related("build", "meeting__committee").order_by("number")
    )
    created = st.of(Meeting, m.pk)[0]
    start = dt.datetime.combine(m.date, m.start_time, tzinfo=LONDON)
    obj = {
        **_base("Meeting", url("meeting", m.pk), created, meeting_modified(st, m, items, minutes, versions),
                m.get_absolute_url()),
        "name": f"{m.committee.name}, {m.date.day} {m.date:%B %Y}",
        "meetingState": m.get_status_display(),
        "cancelled": m.status == Meeting.Status.CANCELLED,
        "start": stamp(start),
        "end": stamp(selectors.meeting_end(m)),
        "organization": [url("organization", f"committee-{m.committee_id}")],
    }
    if omit_internal:
        return obj
    if m.venue.strip():
        obj["location"] = location(st, m)
    agenda_versions = [v for v in versions if v.build.kind == "agenda"]
    if agenda_versions:
        obj["invitation"] = pack_file(agenda_versions[-1], "pdf")
    if minutes is not None:
        obj["resultsProtocol"] = minutes_file(st, minutes)
    files = [pack_file(v, edition) for v in versions for edition in ("pdf", "html")]
    if files:
        obj["auxiliaryFile"] = files
    if items:
        obj["agendaItem"] = [agenda_item(st, i) for i in items]
    return obj


def _decisions(item):
    return list(
        Decision.objects.filter(minute_item__in=selectors.public_decisions().values("minute_item"))
        .filter(minute_item__agenda_item=item)
        .order_by("id")
    )


def agenda_item(st, item):
    """``item`` comes from selectors.public_items (exempt items already stripped)."""
    created, modified = st.of(AgendaItem, item.pk)
    obj = {
        **_base("AgendaItem", url("agendaitem", item.pk), created, modified,
                f"{reverse('committees:meeting', args=[item.meeting_id])}#item-{item.number}"),
        "meeting": url("meeting", item.meeting_id),
        "number": str(item.number),
        "order": item.number,
        "name": item.title,
        "public": not item.exempt,
    }
    if item.exempt:
        paragraph = AgendaItem.ExemptParagraph(item.exempt_paragraph).label if item.exempt_paragraph else ""
        obj["exemptionParagraph"] = (
            f"Paragraph {paragraph} (Part 1 of Schedule 12A to the Local Government Act 1972)"
            if paragraph else "Schedule 12A to the Local Government Act 1972"
        )
        return obj
    if item.report_id and selectors.report_is_public(item.report):
        obj["consultation"] = url("consultation", item.pk)
    decisions = _decisions(item)
    if decisions:
        obj["result"] = "; ".join(dict.fromkeys(d.get_kind_display() for d in decisions))
        obj["resolutionText"] = "\n\n".join(d.text for d in decisions)
        latest = _latest(modified, *(st.of(Decision, d.pk)[1] for d in decisions))
        if latest is not None:
            obj["modified"] = stamp(latest)
    return obj


def consultation(st, item, embedded=False):
    created, modified = st.of(AgendaItem, item.pk)
    obj = {
        **_base("Consultation", url("consultation", item.pk), created, modified),
        "agendaItem": url("agendaitem", item.pk),
        "meeting": url("meeting", item.meeting_id),
        "organization": [url("organization", f"committee-{item.meeting.committee_id}")],
        "authoritative": False,
        "role": item.report_by or "Report",
    }
    if not embedded:
        obj["paper"] = url("paper", item.report_id)
    return obj


def paper(st, report, omit_internal=False):
    appendices = list(report.appendices.all())
    obj = {
        **_with_parts(st, "Paper", "paper", report, appendices, name=report.title, created=report.created,
                      web_path=report.get_absolute_url()),
        "paperType": "Report",
    }
    if report.meeting_id and report.meeting.agenda_published_on:
        obj["date"] = stamp(report.meeting.agenda_published_on)
    if report.meeting_id:
        obj["underDirectionOf"] = [url("organization", f"committee-{report.meeting.committee_id}")]
    if omit_internal:
        return obj
    if appendices:
        obj["auxiliaryFile"] = [appendix_file(st, a) for a in appendices]
    items = AgendaItem.objects.filter(report=report, exempt=False, meeting__status__in=selectors.PUBLIC_AGENDA_STATUSES)
    consultations = [consultation(st, i, embedded=True) for i in items.select_related("meeting")]
    if consultations:
        obj["consultation"] = consultations
    return obj

