"""The risk register's live section: each register's risks as they stood on the date."""

from __future__ import annotations

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import selectors as risk_selectors
from .models import Register

# The seed's columns, in its order, with the shorter headings the printed register uses.
RISK_COLUMNS = [("Risk Number", "Risk number"), ("Risk Name", "Risk name"), ("Risk Description", "Description"),
                ("Current Likelihood", "Current likelihood"), ("Current Impact", "Current impact"),
                ("Current Risk Score", "Current score"), ("Progress update", "Progress update"),
                ("Target Risk Score", "Target score"), ("Target Date", "Target date"),
                ("Prospects of meeting Target Risk Score by Target Date", "Prospects of meeting target"),
                ("Risk Owner", "Risk owner")]
_RAG = {"red": "red", "amber": "amber", "green": "green"}


def _cell(name, value):
    text = "" if value is None else str(value)
    if name.startswith("Prospects") and text.lower() in _RAG:
        return b.Cell(text, _RAG[text.lower()])
    return text


def risk_register(ctx):
    as_at = ctx.as_at
    registers = list(Register.objects.order_by("name"))
    if not registers:
        raise Absent("there is no risk register")
    index = {name: i for i, name in enumerate(risk_selectors.COLUMNS)}
    out = []
    for reg in registers:
        rows = risk_selectors.register_rows(reg, as_at=as_at)
        if not rows:
            continue
        table = [[_cell(name, row[index[name]]) for name, _h in RISK_COLUMNS] for row in rows]
        out.append(b.Table(f"{reg.name} risk register as at {as_at:%d %B %Y}", [h for _n, h in RISK_COLUMNS],
                           table, numeric={3, 4, 5, 7}, small=True, landscape=True))
    if not out:
        raise Absent(f"no risk register held any risk on {as_at:%d %B %Y}")
    return out


def register_sections():
    register("risk_register", "Risk register", risk_register)
