"""Lists in a history record (report-card actions, a risk's delegates) as the items added,
removed and changed, not as two Python reprs. Pure, no Django: the caller says how to
show one value (a person's name for an id, a date in words)."""

from collections.abc import Callable
from dataclasses import dataclass, field

# Keys that name an item across versions, in order of preference.
IDENTITY_KEYS = ("id", "description", "title", "name", "person")


@dataclass
class ItemChange:
    item: str
    fields: list = field(default_factory=list)  # [(label, before, after)]


@dataclass
class ListChanges:
    added: list = field(default_factory=list)  # [str]
    removed: list = field(default_factory=list)  # [str]
    changed: list = field(default_factory=list)  # [ItemChange]


def humanise(key: str) -> str:
    return str(key).replace("_", " ").capitalize()


def _identity(item):
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if item.get(key) not in (None, ""):
                return (key, item[key])
        return tuple(sorted((k, repr(v)) for k, v in item.items()))
    return item


def describe_item(item, show: Callable[[str, object], str]) -> str:
    """One item in words: its main text first, then its other fields as "label value"."""
    if not isinstance(item, dict):
        return show("", item)
    main = next((k for k in IDENTITY_KEYS if k != "id" and item.get(k) not in (None, "")), None)
    parts = [show(main, item[main])] if main else []
    # A fixed order: PostgreSQL's jsonb does not keep the order keys were written in.
    for key, value in sorted(item.items(), key=lambda kv: _field_rank(kv[0])):
        if key in (main, "id") or value in (None, ""):
            continue
        parts.append(f"{humanise(key).lower()} {show(key, value)}")
    return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "") if parts else "(empty)"


FIELD_ORDER = ("owner", "due_date", "status", "done")


def _field_rank(key):
    return (FIELD_ORDER.index(key), "") if key in FIELD_ORDER else (len(FIELD_ORDER), str(key))


def list_changes(old, new, show: Callable[[str, object], str]) -> ListChanges:
    """What happened to each item between ``old`` and ``new`` (lists, None as empty)."""
    old, new = list(old or []), list(new or [])
    before = {_identity(i): i for i in old}
    after = {_identity(i): i for i in new}
    out = ListChanges()
    for key, item in after.items():
        if key not in before:
            out.added.append(describe_item(item, show))
        elif item != before[key] and isinstance(item, dict):
            prior = before[key]
            fields = [
                (humanise(k), show(k, prior.get(k)), show(k, item.get(k)))
                for k in sorted(dict.fromkeys([*prior, *item]), key=_field_rank)
                if prior.get(k) != item.get(k)
            ]
            out.changed.append(ItemChange(describe_item(prior, show), fields))
    for key, item in before.items():
        if key not in after:
            out.removed.append(describe_item(item, show))
    return out
