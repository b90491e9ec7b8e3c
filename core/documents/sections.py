"""Named live sections: each area registers how it prints its own data as document blocks.

A report (or any other document) asks for a section by name with a ``Context``: the
meeting it is for, the date its figures stand "as at", and who reads it (the public, or a
signed-in member or officer). The area's renderer answers with blocks from
``core.documents.blocks``. Where the data a section needs is absent, the renderer raises
``Absent`` and the document prints one sentence saying what is missing, never an empty grid.

Areas register from their AppConfig.ready(), so the documents never import an area and a new
area adds a section without touching core or the documents that print it. This module imports
nothing from Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import blocks as b


class Absent(Exception):
    """The data this section needs is not there; the message says what is missing."""


class Refused(Exception):
    """An on-publish step will not let the document be published; the message says why."""


@dataclass
class Context:
    as_at: date | None = None
    meeting: Any = None  # the meeting the document is for, when there is one
    public: bool = True  # who reads: the public, or signed-in members and officers
    user: Any = None
    text: str = ""  # the typed text of the report the section sits in (for the publish checks)
    notes: list = field(default_factory=list)  # sections left out, and why
    # Records a section printed that must be frozen when the document is published,
    # by section name (e.g. the report cards' ids): handed to that section's on_publish.
    printed: dict = field(default_factory=dict)

    def record(self, name, ref):
        self.printed.setdefault(name, []).append(ref)


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    render: Callable  # (Context) -> list of blocks; raises Absent
    on_publish: Callable | None = None  # (refs, *, label, user) -> None; raises Refused
    # Checks before publishing: (Context) -> list of warning sentences about this section.
    checks: Callable | None = None


_REGISTRY: dict[str, Section] = {}


def register(name, label, render, *, on_publish=None, checks=None):
    _REGISTRY[name] = Section(name, label, render, on_publish, checks)


def get(name) -> Section | None:
    return _REGISTRY.get(name)


def all_sections() -> list[Section]:
    return list(_REGISTRY.values())


def choices():
    """(name, label) pairs for a form or a model field's choices."""
    return [(s.name, s.label) for s in _REGISTRY.values()]


def render(name, ctx: Context, *, title="") -> list:
    """The section's blocks, or a note saying why it is not printed (kept on ``ctx.notes``)."""
    section = _REGISTRY.get(name)
    try:
        if section is None:
            raise Absent(f"no section called “{name}” is installed")
        return section.render(ctx)
    except Absent as exc:
        when = f" as at {ctx.as_at:%d %B %Y}" if ctx.as_at else ""
        note = f"{title or (section.label if section else name)}{when} is not included: {exc}."
        ctx.notes.append(note)
        return [b.Para(note, "note")]


def on_publish(ctx_printed: dict, *, label, user=None):
    """Run every printed section's on-publish step (e.g. freeze the report cards it printed)."""
    for name, refs in ctx_printed.items():
        section = _REGISTRY.get(name)
        if section is not None and section.on_publish is not None and refs:
            section.on_publish(refs, label=label, user=user)
