"""Live sections: the other areas' data, as it stood on the section's date, as pack blocks.

Each renderer reads through its area's own selectors and charts. Where the data a section
needs is absent (no figures for the period, no register, no budget period), the section is
skipped with a note in the pack and on the build, never filled with made-up figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import blocks as b


@dataclass
class Context:
    as_at: date | None = None
    public: bool = True
    notes: list = field(default_factory=list)
    card_ids: list = field(default_factory=list)


class Absent(Exception):
    """The data this section needs is not there; the message says what is missing."""


RENDERERS = {}


def renderer(kind):
    def register(fn):
        RENDERERS[kind] = fn
        return fn

    return register


def render(kind, as_at, ctx: Context, *, title=""):
    fn = RENDERERS.get(kind)
    try:
        if fn is None:
            raise Absent(f"no renderer for “{kind}”")
        return fn(as_at, ctx)
    except Absent as exc:
        note = f"{title or kind} as at {as_at:%d %B %Y} is not included: {exc}."
        ctx.notes.append(note)
        return [b.Para(note, "note")]
