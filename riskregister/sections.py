"""The risk register's live section: each register's risks as they stood on the date."""

from __future__ import annotations

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import selectors as risk_selectors
from .models import Register

RISK_COLUMNS = [("Risk Number", 2), ("Risk Name", 3), ("Risk Description", 6), ("Current Likelihood", 1),
                ("Current Impact", 1), ("Current Risk Score", 1), ("Progress update", 6), ("Target Risk Score", 1),
                ("Target Date", 1.7), ("Prospects of meeting Target Risk Score by Target Date", 1.5),
                ("Risk Owner", 2)]
RISK_HEADERS = ["No.", "Risk", "Description", "L", "I", "Score", "Progress", "Target score", "Target date",
                "Prospects", "Owner"]


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
        table = [[str(row[index[name]] if row[index[name]] is not None else "") for name, _w in RISK_COLUMNS]
                 for row in rows]
        out.append(b.Table(f"{reg.name} risk register as at {as_at:%d %B %Y}", RISK_HEADERS, table,
                           numeric={3, 4, 5, 7}, widths=[w for _n, w in RISK_COLUMNS], small=True))
    if not out:
        raise Absent(f"no risk register held any risk on {as_at:%d %B %Y}")
    return out


def register_sections():
    register("risk_register", "Risk register", risk_register)
