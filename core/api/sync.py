"""When each object was created and last changed, and what changed since a moment, read from
django-simple-history's tables (the audit trail every edited model already keeps), so no
model needs timestamp columns of its own and deletions can be mirrored too."""

import heapq
from itertools import islice

from django.db.models import DateTimeField, F, Max, Min, OuterRef, Subquery

CREATED = "_api_created"
MODIFIED = "_api_modified"

# Models without an audit trail give their own columns, the first that exists.
_OWN_CREATED = ("created", "published_at")
_OWN_MODIFIED = ("updated", "finished", "published_at", "created")


def history_model(model):
    manager = getattr(model, "history", None)
    hist = getattr(manager, "model", None)
    return hist if hist is not None and hasattr(hist, "history_date") else None


def _own(model, names):
    fields = {f.name for f in model._meta.concrete_fields}
    return next((n for n in names if n in fields), None)


def annotate(queryset):
    """The queryset with ``_api_created`` and ``_api_modified`` (one subquery each)."""
    model = queryset.model
    if CREATED in queryset.query.annotations:
        return queryset
    hist = history_model(model)
    if hist is None:
        created, modified = _own(model, _OWN_CREATED), _own(model, _OWN_MODIFIED)
        if created is None:
            return queryset
        return queryset.annotate(**{CREATED: F(created), MODIFIED: F(modified or created)})
    rows = hist.objects.filter(id=OuterRef("pk")).order_by().values("id")
    return queryset.annotate(
        **{
            CREATED: Subquery(rows.annotate(at=Min("history_date")).values("at")[:1], output_field=DateTimeField()),
            MODIFIED: Subquery(rows.annotate(at=Max("history_date")).values("at")[:1], output_field=DateTimeField()),
        }
    )


def modified_since(queryset, since):
    return annotate(queryset).filter(**{f"{MODIFIED}__gte": since})


def forget_timestamps(obj):
    obj.__dict__.pop(CREATED, None)
    obj.__dict__.pop(MODIFIED, None)


def timestamps(obj):
    """(created, modified) of one object, from its annotations or one query."""
    if hasattr(obj, CREATED):
        return getattr(obj, CREATED), getattr(obj, MODIFIED)
    model = type(obj)
    hist = history_model(model)
    if hist is None:
        created, modified = _own(model, _OWN_CREATED), _own(model, _OWN_MODIFIED)
        if created is None:
            return None, None
        return getattr(obj, created), getattr(obj, modified or created)
    span = hist.objects.filter(id=obj.pk).aggregate(created=Min("history_date"), modified=Max("history_date"))
    return span["created"], span["modified"]


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def resource_type(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def tracked_models(include=None):
    """Every model that keeps an audit trail, by ``app_label.model_name``."""
    from simple_history.models import registered_models

    out = {}
    for model in registered_models.values():
        if history_model(model) is None or model._meta.app_label in ("auth", "admin", "contenttypes", "sessions"):
            continue
        name = resource_type(model)
        if include is None or name in include:
            out[name] = model
    return dict(sorted(out.items()))


def _labelled(name, rows):
    for at, hid, pk, kind, who in rows:
        yield at, hid, name, pk, kind, who


def changes(since, *, types=None, offset=0, limit=50):
    """(total, rows) of the created, changed and deleted objects since ``since``, oldest first;
    rows are dicts with type, id, action, when and who (a username or None)."""
    models = tracked_models(types)
    total = 0
    streams = []
    for name, model in models.items():
        qs = history_model(model).objects.filter(history_date__gte=since)
        total += qs.count()
        rows = qs.order_by("history_date", "history_id").values_list(
            "history_date", "history_id", "id", "history_type", "history_user__username"
        )
        # Only the first offset+limit of each table can appear on this page.
        streams.append(_labelled(name, rows[: offset + limit]))
    merged = heapq.merge(*streams, key=lambda r: (r[0], r[2], r[1]))
    page = [
        {"type": name, "id": pk, "action": ACTIONS[kind], "when": at, "who": who}
        for at, _hid, name, pk, kind, who in islice(merged, offset, offset + limit)
    ]
    return total, page
