"""OParl 1.1 views: read-only, public, open to any origin (CORS). Each view only finds the
objects (public selectors) and hands them to ``serialise``; lists add OParl's paging and
the ``created_since``/``created_until``/``modified_since``/``modified_until``/``omit_internal``
filters."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from .. import selectors
from ..models import AgendaItem, Appendix, Committee, Meeting, Membership, PoliticalGroup, Report
from ..packs.models import PackVersion
from . import serialise as s

PAGE_SIZE = 50
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    return response


def oparl(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _cors(HttpResponse(status=204))
        if request.method not in ("GET", "HEAD"):
            return _cors(_error(405, "This OParl endpoint is read-only."))
        return _cors(view(request, *args, **kwargs))

    return wrapped


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False},
                        content_type="application/json; charset=utf-8")


def _error(status, message):
    return _json({"error": message}, status=status)


class BadFilter(ValueError):
    pass


def _filters(request):
    found = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        value = parse_datetime(raw.replace(" ", "+"))  # a bare "+" in a query string arrives as a space
        if value is None:
            raise BadFilter(f"{name} must be a date-time with its offset, e.g. 2017-03-06T10:00:00+00:00")
        if value.tzinfo is None:
            value = value.replace(tzinfo=s.LONDON)
        # Objects carry whole seconds: compare at that precision so a client that passes the
        # time of its last fetch misses nothing changed in the same second.
        found[name] = value.replace(microsecond=0)
    return found


def _keep(obj, f):
    created = dt.datetime.fromisoformat(obj["created"]) if obj.get("created") else None
    modified = dt.datetime.fromisoformat(obj["modified"]) if obj.get("modified") else None
    checks = (
        ("created_since", created, lambda v, t: v >= t),
        ("created_until", created, lambda v, t: v <= t),
        ("modified_since", modified, lambda v, t: v >= t),
        ("modified_until", modified, lambda v, t: v <= t),
    )
    return all(name not in f or (value is not None and ok(value, f[name])) for name, value, ok in checks)


def _page(request, objects):
    """OParl's list shape: data, pagination, links."""
    paginator = Paginator(objects, PAGE_SIZE)
    try:
        number = int(request.GET.get("page", 1))
        page = paginator.page(number)
    except (ValueError, EmptyPage):
        return _error(404, "No such page.")
    params = {k: v for k, v in request.GET.items() if k != "page"}
    base = s.web(request.path)

    def link(n):
        return base + "?" + urlencode({**params, "page": n})

    links = {"first": link(1), "last": link(paginator.num_pages), "self": link(page.number)}
    if page.has_previous():
        links["prev"] = link(page.previous_page_number())
    if page.has_next():
        links["next"] = link(page.next_page_number())
    return _json({
        "data": list(page.object_list),
        "pagination": {
            "totalElements": paginator.count,
            "elementsPerPage": PAGE_SIZE,
            "currentPage": page.number,
            "totalPages": paginator.num_pages,
        },
        "links": links,
    })


def _deleted(model, kind, make_id):
    gone = selectors.deleted_ids(model)
    made = selectors.history_stamps(model, gone)
    return [s.deleted(kind, make_id(pk), when, made.get(pk, (None,))[0]) for pk, when in gone.items()]


def _list(request, build):
    """``build(st, omit_internal)`` returns every object of the list; filters apply to each."""
    try:
        f = _filters(request)
    except BadFilter as exc:
        return _error(400, str(exc))
    omit = request.GET.get("omit_internal", "").lower() in ("1", "true", "yes")
    objects = [o for o in build(s.Stamps(), omit) if _keep(o, f)]
    return _page(request, objects)


# --- the lists -----------------------------------------------------------------------------


def _organizations(st, omit):
    out = [s.committee_org(st, c) for c in Committee.objects.order_by("pk")]
    out += [s.group_org(st, g) for g in PoliticalGroup.objects.order_by("pk")]
    out += _deleted(Committee, "Organization", lambda pk: s.url("organization", f"committee-{pk}"))
    out += _deleted(PoliticalGroup, "Organization", lambda pk: s.url("organization", f"group-{pk}"))
    return out


def _people(st, omit):
    people = s.public_people().prefetch_related("committee_memberships")
    return [s.person(st, p, omit) for p in people]


def _memberships(st, omit):
    out = [s.membership(st, m) for m in Membership.objects.order_by("pk")]
    return out + _deleted(Membership, "Membership", lambda pk: s.url("membership", pk))


def _meetings_of(qs):
    def build(st, omit):
        out = [s.meeting(st, m, omit) for m in qs.select_related("committee", "minutes").order_by("date", "pk")]
        return out + _deleted(Meeting, "Meeting", lambda pk: s.url("meeting", pk))

    return build


def _public_meetings():
    return Meeting.objects.filter(status__in=selectors.PUBLIC_AGENDA_STATUSES).select_related("committee")


def _agenda_items(st, omit):
    out = []
    for m in _public_meetings().order_by("date", "pk"):
        out += [s.agenda_item(st, i) for i in selectors.public_items(m)]
    return out + _deleted(AgendaItem, "AgendaItem", lambda pk: s.url("agendaitem", pk))


def _consultations(st, omit):
    out = []
    for m in _public_meetings().order_by("date", "pk"):
        out += [s.consultation(st, i) for i in selectors.public_items(m)
                if i.report_id and selectors.report_is_public(i.report)]
    return out


def _papers(st, omit):
    reports = selectors.public_reports().prefetch_related("appendices").order_by("pk")
    out = [s.paper(st, r, omit) for r in reports]
    return out + _deleted(Report, "Paper", lambda pk: s.url("paper", pk))


def _files(st, omit):
    out = [s.appendix_file(st, a) for a in selectors.public_appendices().order_by("pk")]
    for v in PackVersion.objects.select_related("build", "meeting__committee").order_by("pk"):
        out += [s.pack_file(v, "pdf"), s.pack_file(v, "html")]
    out += [s.minutes_file(st, mins) for mins in selectors.public_minutes().order_by("pk")]
    return out + _deleted(Appendix, "File", lambda pk: s.url("file", f"appendix-{pk}"))


def _locations(st, omit):
    return [s.location(st, m) for m in Meeting.objects.exclude(venue="").order_by("pk")]


def _terms(st, omit):
    return [s.legislative_term(t) for t in s.legislative_terms()]


LISTS = {
    "organization": _organizations,
    "person": _people,
    "membership": _memberships,
    "meeting": _meetings_of(Meeting.objects.all()),
    "agendaItem": _agenda_items,
    "consultation": _consultations,
    "paper": _papers,
    "file": _files,
    "location": _locations,
    "legislativeTerm": _terms,
}


@oparl
def system(request):
    return _json(s.system(s.Stamps()))


@oparl
def bodies(request):
    return _list(request, lambda st, omit: [s.body(st)])


@oparl
def body(request, body_id):
    if body_id != s.BODY:
        return _error(404, "No such body.")
    return _json(s.body(s.Stamps()))


@oparl
def body_list(request, body_id, name):
    if body_id != s.BODY or name not in LISTS:
        return _error(404, "No such list.")
    return _list(request, LISTS[name])


@oparl
def committee_meetings(request, pk):
    if not Committee.objects.filter(pk=pk).exists():
        return _error(404, "No such organization.")
    return _list(request, _meetings_of(Meeting.objects.filter(committee_id=pk)))


# --- single objects ---------------------------------------------------------------------------


def _gone_or_404(model, pk, kind, oid):
    gone = selectors.deleted_ids(model).get(pk)
    if gone is not None:
        return _json(s.deleted(kind, oid, gone, selectors.history_stamps(model, [pk]).get(pk, (None,))[0]))
    return _error(404, f"No such {kind}.")


@oparl
def organization(request, key):
    kind, _, pk = key.partition("-")
    if not pk.isdigit() or kind not in ("committee", "group"):
        return _error(404, "No such organization.")
    pk = int(pk)
    st = s.Stamps()
    if kind == "committee":
        committee = Committee.objects.filter(pk=pk).first()
        if committee is None:
            return _gone_or_404(Committee, pk, "Organization", s.url("organization", key))
        return _json(s.committee_org(st, committee))
    group = PoliticalGroup.objects.filter(pk=pk).first()
    if group is None:
        return _gone_or_404(PoliticalGroup, pk, "Organization", s.url("organization", key))
    return _json(s.group_org(st, group))


@oparl
def person(request, pk):
    p = s.public_people().filter(pk=pk).first()
    if p is None:
        return _error(404, "No such person.")
    return _json(s.person(s.Stamps(), p))


@oparl
def membership(request, pk):
    m = Membership.objects.filter(pk=pk).first()
    if m is None:
        return _gone_or_404(Membership, pk, "Membership", s.url("membership", pk))
    return _json(s.membership(s.Stamps(), m))


@oparl
def meeting(request, pk):
    m = Meeting.objects.select_related("committee").filter(pk=pk).first()
    if m is None:
        return _gone_or_404(Meeting, pk, "Meeting", s.url("meeting", pk))
    return _json(s.meeting(s.Stamps(), m))


def _public_item(pk):
    item = AgendaItem.objects.select_related("meeting__committee").filter(pk=pk).first()
    if item is None:
        return None
    return next((i for i in selectors.public_items(item.meeting) if i.pk == item.pk), None)


def _public_or_gone(found, model, pk, *, kind, path, label, render):
    """``found`` (the public object, or None) as OParl: one that exists but is not public is a
    plain 404 (its existence is not confirmed); one deleted is the OParl deleted stub."""
    if found is None:
        if model.objects.filter(pk=pk).exists():
            return _error(404, f"No such {label}.")
        return _gone_or_404(model, pk, kind, s.url(path, pk))
    return _json(render(s.Stamps(), found))


@oparl
def agenda_item(request, pk):
    return _public_or_gone(_public_item(pk), AgendaItem, pk, kind="AgendaItem", path="agendaitem",
                           label="agenda item", render=s.agenda_item)


@oparl
def consultation(request, pk):
    item = _public_item(pk)
    if item is None or not item.report_id or not selectors.report_is_public(item.report):
        return _error(404, "No such consultation.")
    return _json(s.consultation(s.Stamps(), item))


@oparl
def paper(request, pk):
    return _public_or_gone(selectors.public_reports().filter(pk=pk).first(), Report, pk, kind="Paper",
                           path="paper", label="paper", render=s.paper)


@oparl
def file(request, key):
    st = s.Stamps()
    kind, _, rest = key.partition("-")
    if kind == "appendix" and rest.isdigit():
        a = selectors.public_appendices().filter(pk=int(rest)).first()
        if a is None:
            if Appendix.objects.filter(pk=int(rest)).exists():
                return _error(404, "No such file.")
            return _gone_or_404(Appendix, int(rest), "File", s.url("file", key))
        return _json(s.appendix_file(st, a))
    if kind == "pack":
        pk, _, edition = rest.partition("-")
        v = PackVersion.objects.select_related("build", "meeting__committee").filter(
            pk=int(pk) if pk.isdigit() else None
        ).first()
        if v is None or edition not in s.PACK_EDITIONS:
            return _error(404, "No such file.")
        return _json(s.pack_file(v, edition))
    if kind == "minutes" and rest.isdigit():
        mins = selectors.public_minutes().filter(meeting_id=int(rest)).first()
        if mins is None:
            return _error(404, "No such file.")
        return _json(s.minutes_file(st, mins))
    return _error(404, "No such file.")


@oparl
def location(request, pk):
    m = Meeting.objects.exclude(venue="").filter(pk=pk).first()
    if m is None:
        return _error(404, "No such location.")
    return _json(s.location(s.Stamps(), m))


@oparl
def legislative_term(request, year):
    term = s.legislative_term_by_year(year)
    if term is None:
        return _error(404, "No such legislative term.")
    return _json(s.legislative_term(term))


@require_safe
def developers(request):
    """The page for developers (linked from the footer): where the System object is."""
    return render(request, "committees/oparl/developers.html", {
        "system_url": s.url("system"),
        "body_url": s.url("body", s.BODY),
        "ics_url": s.web("/committees/meetings.ics"),
    })
