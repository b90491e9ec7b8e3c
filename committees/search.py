"""Search across meetings, agenda items, reports and decisions.

On PostgreSQL: full-text search (SearchVector/SearchQuery/SearchRank) with highlighted
snippets (SearchHeadline), best match first. On SQLite (development): a plain
case-insensitive contains search with a snippet cut around the first match.

The public searches only what it may read (the ``public_*`` selectors): exempt items, their
reports and decisions are never searched for them, not even by title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import selectors
from .models import AgendaItem, Decision, Meeting, Report

START, STOP = "\x02", "\x03"  # highlight markers: escaped text never contains them
SNIPPET_CHARS = 220


@dataclass
class Result:
    kind: str
    title: str
    url: str
    meeting: Meeting | None
    snippet: str
    rank: float = 0.0


def _postgres():
    return connection.vendor == "postgresql"


def _mark(text):
    """Escape, then turn the markers into <mark>: a snippet is safe whatever the text held."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _contains_snippet(text, words):
    text = " ".join((text or "").split())
    lower = text.lower()
    hits = [lower.find(w) for w in words if lower.find(w) >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - SNIPPET_CHARS // 3)
    if start:  # begin at a whole word
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    piece = text[start:start + SNIPPET_CHARS]
    for w in words:
        piece = re.sub(f"({re.escape(w)})", START + r"\1" + STOP, piece, flags=re.IGNORECASE)
    return _mark(("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(text) else ""))


SOURCES = {
    # kind: (fields searched, weight per field)
    "meeting": (("committee__name", "venue"), ("A", "C")),
    "item": (("title", "body", "report_by"), ("A", "B", "C")),
    "report": (("title", "executive_summary", "strategic_impact", "sections__body", "recommendations__text"),
               ("A", "B", "B", "C", "B")),
    "decision": (("minute_item__title", "text"), ("A", "B")),
}


def _querysets(public):
    if public:
        items = selectors.public_items_qs().filter(exempt=False)
        reports = selectors.public_reports()
        decisions = selectors.public_decisions()
        meetings = Meeting.objects.filter(status__in=selectors.PUBLIC_AGENDA_STATUSES)
    else:
        items, reports, decisions = AgendaItem.objects.all(), selectors.reports(), selectors.decisions()
        meetings = Meeting.objects.all()
    return {
        "meeting": (meetings.select_related("committee"), "committee", "date"),
        "item": (items.select_related("meeting__committee"), "meeting__committee", "meeting__date"),
        "report": (reports, "meeting__committee", "meeting__date"),
        "decision": (decisions, "minute_item__minutes__meeting__committee", "minute_item__minutes__meeting__date"),
    }


def search(text, *, public=True, committee=None, date_from=None, date_to=None, limit=50):
    text = (text or "").strip()
    results = []
    for kind, (qs, committee_path, date_path) in _querysets(public).items():
        if committee is not None:
            qs = qs.filter(**{committee_path: committee})
        if date_from:
            qs = qs.filter(**{f"{date_path}__gte": date_from})
        if date_to:
            qs = qs.filter(**{f"{date_path}__lte": date_to})
        if not text:
            continue
        fields, weights = SOURCES[kind]
        if _postgres():
            results += _pg(kind, qs, fields, weights, text, limit)
        else:
            results += _sqlite(kind, qs, fields, text, limit)
    results.sort(key=lambda r: (-r.rank, -(r.meeting.date.toordinal() if r.meeting else 0)))
    return results[:limit]


HEADLINE_TEXT = {
    "meeting": ("venue",),
    "item": ("title", "body"),
    "report": ("executive_summary", "strategic_impact"),
    "decision": ("text",),
}


def _pg(kind, qs, fields, weights, text, limit):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat

    vector = None
    for field, weight in zip(fields, weights, strict=True):
        part = SearchVector(field, weight=weight, config="english")
        vector = part if vector is None else vector + part
    query = SearchQuery(text, search_type="websearch", config="english")
    # The vector spans related rows (a report's sections), so an object may come back once
    # per row: keep its best rank.
    ranked = (
        qs.model.objects.filter(pk__in=qs.values("pk"))
        .annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)  # the match itself (@@): ts_rank gives non-matches 1e-20, not 0
        .order_by("-rank")
        .values_list("pk", "rank")
    )
    best = {}
    for pk, rank in ranked[: limit * 4]:
        best[pk] = max(rank, best.get(pk, 0))
    parts = HEADLINE_TEXT[kind]
    source = parts[0] if len(parts) == 1 else Concat(parts[0], Value(" "), parts[1], output_field=TextField())
    heads = dict(
        qs.model.objects.filter(pk__in=list(best))
        .annotate(head=SearchHeadline(source, query, config="english", start_sel=START, stop_sel=STOP,
                                      max_words=35, min_words=15, max_fragments=2))
        .values_list("pk", "head")
    )
    return [_result(kind, obj, best[obj.pk], _mark(heads.get(obj.pk) or "")) for obj in _objects(kind, list(best))]


def _sqlite(kind, qs, fields, text, limit):
    words = [w.lower() for w in text.split() if w]
    cond = Q()
    for w in words:
        any_field = Q()
        for f in fields:
            any_field |= Q(**{f"{f}__icontains": w})
        cond &= any_field
    pks = list(qs.filter(cond).values_list("pk", flat=True).distinct()[:limit])
    out = []
    for obj in _objects(kind, pks):
        title_hit = all(w in _title(kind, obj).lower() for w in words)
        body = _body(kind, obj)
        out.append(_result(kind, obj, 1.0 if title_hit else 0.5, _contains_snippet(body or _title(kind, obj), words)))
    return out


def _objects(kind, pks):
    if kind == "meeting":
        return Meeting.objects.filter(pk__in=pks).select_related("committee")
    if kind == "item":
        return AgendaItem.objects.filter(pk__in=pks).select_related("meeting__committee")
    if kind == "report":
        return Report.objects.filter(pk__in=pks).select_related("meeting__committee").prefetch_related("sections")
    return Decision.objects.filter(pk__in=pks).select_related("minute_item__minutes__meeting__committee")


def _title(kind, obj):
    if kind == "meeting":
        return f"{obj.committee.name}, {obj.date.day} {obj.date:%B %Y}"
    if kind == "item":
        return f"{obj.number}. {obj.title}"
    if kind == "report":
        return obj.title
    return f"{obj.get_kind_display()}: {obj.minute_item.title}"


def _body(kind, obj):
    if kind == "meeting":
        return obj.venue
    if kind == "item":
        return obj.body or obj.report_by
    if kind == "report":
        return " ".join([obj.executive_summary, obj.strategic_impact] + [s.body for s in obj.sections.all()])
    return obj.text


def _meeting_of(kind, obj):
    if kind == "meeting":
        return obj
    if kind in ("item", "report"):
        return obj.meeting
    return obj.minute_item.minutes.meeting


def _result(kind, obj, rank, snippet):
    if kind == "meeting":
        url = obj.get_absolute_url()
    elif kind == "item":
        url = reverse("committees:meeting", args=[obj.meeting_id]) + f"#item-{obj.number}"
    else:
        url = obj.get_absolute_url()
    return Result(kind=kind, title=_title(kind, obj), url=url, meeting=_meeting_of(kind, obj), snippet=snippet,
                  rank=float(rank))
