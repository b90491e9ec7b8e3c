"""Reads for core pages."""

from dataclasses import dataclass


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str  # Created / Changed / Deleted
    changes: list  # [(field verbose name, old, new)]
    reason: str


_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_entries(obj):
    """The object's history, newest first, each with the fields it changed."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "system",
                kind=_KIND.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
