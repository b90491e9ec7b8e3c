"""Reads for core pages."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import dateformat, timezone

from . import historydiff
from .models import Person

# Bookkeeping that readers of a history do not need (the edit-conflict counter).
HIDDEN_FIELDS = {"version"}
# Keys inside JSON lists that hold a person's id (report-card actions' "owner").
PERSON_KEYS = {"owner", "person", "lead", "lead_officer"}


def changed_by(record):
    """Who saved a history record and when, as a stale-save message names them:
    "Alice Able, 04 Nov 2017 14:05" (or only the time when no user is recorded); "" for none."""
    if record is None:
        return ""
    when = timezone.localtime(record.history_date).strftime("%d %b %Y %H:%M")
    who = getattr(record, "history_user", None)
    return f"{who.get_full_name() or who.get_username()}, {when}" if who else when


@dataclass
class FieldChange:
    label: str
    before: str = ""
    after: str = ""
    items: historydiff.ListChanges | None = None  # set for lists: added / removed / changed


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str  # Created / Changed / Deleted
    changes: list = field(default_factory=list)  # [FieldChange]
    reason: str = ""


_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


def person_name(user) -> str:
    """The name a reader knows someone by: their Person's, else the user's full name."""
    if user is None:
        return "System (import or scheduled task)"
    person = getattr(user, "person", None)
    if person is not None and person.name:
        return person.name
    return user.get_full_name() or user.username


def show_date(value) -> str:
    return dateformat.format(value, "j F Y") if isinstance(value, datetime.date) else str(value)


class _Shower:
    """Turns stored values into words, looking up each related object once."""

    def __init__(self):
        self.cache = {}

    def related(self, model, pk):
        key = (model, pk)
        if key not in self.cache:
            obj = model._default_manager.filter(pk=pk).first()
            self.cache[key] = str(obj) if obj is not None else f"(deleted {model._meta.verbose_name})"
        return self.cache[key]

    def value(self, value, model_field=None) -> str:
        if value is None or value == "":
            return "(blank)"
        if model_field is not None:
            if model_field.choices:
                return str(dict(model_field.flatchoices).get(value, value))
            if isinstance(model_field, models.ForeignKey):
                return self.related(model_field.related_model, value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.datetime):
            return dateformat.format(value, "j F Y H:i")
        if isinstance(value, datetime.date):
            return show_date(value)
        if isinstance(value, Decimal | float):
            return format(Decimal(str(value)).normalize(), "f")
        if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
            try:
                return show_date(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)

    def list_item_shower(self, fk_models):
        def show(key, value):
            if key in fk_models and value not in (None, ""):
                return self.related(fk_models[key], value)
            return self.value(value)

        return show


def _fk_models_for_list(obj, model_field):
    """{key: model} for the ids inside a list field: a m2m's through-model foreign keys
    (leaving out the one back to ``obj``), or people for a JSON list's owner keys."""
    if isinstance(model_field, models.ManyToManyField):
        through = model_field.remote_field.through
        return {
            f.name: f.related_model
            for f in through._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model is not type(obj)
        }
    return dict.fromkeys(PERSON_KEYS, Person)


def _skip_keys(obj, model_field):
    if isinstance(model_field, models.ManyToManyField):
        through = model_field.remote_field.through
        return {f.name for f in through._meta.get_fields() if isinstance(f, models.ForeignKey)
                and f.related_model is type(obj)}
    return set()


def history_entries(obj):
    """The object's history, newest first: who (by name), when, and each changed field by
    its label with before and after in words; lists as the items added, removed, changed."""
    records = list(obj.history.select_related("history_user__person").order_by("-history_date", "-history_id"))
    shower = _Shower()
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = obj._meta.get_field(change.field)
                label = str(model_field.verbose_name).capitalize()
                if isinstance(change.old, list) or isinstance(change.new, list):
                    skip = _skip_keys(obj, model_field)
                    old = [{k: v for k, v in item.items() if k not in skip} if isinstance(item, dict) else item
                           for item in (change.old or [])]
                    new = [{k: v for k, v in item.items() if k not in skip} if isinstance(item, dict) else item
                           for item in (change.new or [])]
                    show = shower.list_item_shower(_fk_models_for_list(obj, model_field))
                    changes.append(FieldChange(label, items=historydiff.list_changes(old, new, show)))
                else:
                    changes.append(
                        FieldChange(label, shower.value(change.old, model_field), shower.value(change.new, model_field))
                    )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=person_name(record.history_user),
                kind=_KIND.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def object_heading(obj) -> str:
    """``obj`` named once: "Report card CIN 4", not "Report card: Report card CIN 4"."""
    name = str(obj)
    verbose = str(obj._meta.verbose_name)
    return name if name.lower().startswith(verbose.lower()) else f"{verbose.capitalize()}: {name}"
