"""The messy data set's risks (``loaddemo --messy``): a register with no risks, and a register
whose risks have never been reviewed (no review date, no direction, no prospects), imported
through the register's import path. Idempotent."""

import csv
import io

from core.services import get_or_create_person

from . import selectors, services
from .models import Level, Register, Risk

EMPTY = "Messy: register with no risks yet"
UNREVIEWED = "Messy: register never reviewed"
RISKS = [
    ("MX-R1", "Children’s centres’ lease “break clauses” not exercised in time – Saint-Étienne’s site", 2, 3, 1, 1),
    ("MX-R2", "Loss of the éducation partnership's data-sharing agreement", 5, 5, 5, 5),
    ("MX-R3", "A risk entered with the lowest scores", 1, 1, 1, 1),
]


def load(stdout):
    services.ensure_default_matrix()
    Register.objects.get_or_create(name=EMPTY, defaults={"level": Level.DEPARTMENTAL})
    register, _ = Register.objects.get_or_create(name=UNREVIEWED, defaults={"level": Level.DEPARTMENTAL})
    if Risk.objects.filter(risk_number__in=[r[0] for r in RISKS]).count() == len(RISKS):
        return
    owner = get_or_create_person("Zoë O'Brien-Núñez", job_title="Risk owner")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(selectors.COLUMNS)
    for number, name, cl, ci, tl, ti in RISKS:
        row = dict.fromkeys(selectors.COLUMNS, "")
        row.update({
            "CDGSTP": "D", "Area": "Children's Services", "Risk Number": number, "Risk Name": name,
            "Current Likelihood": cl, "Current Impact": ci, "Target Likelihood": tl, "Target Impact": ti,
            "Risk Owner": str(owner),
        })
        writer.writerow(row.values())
    outcome = services.import_register(register, out.getvalue().encode(), "csv", dry_run=False)
    if outcome.errors:
        raise RuntimeError("The messy register did not import: " + "; ".join(outcome.errors))
    stdout.write(f"  {UNREVIEWED}: {len(outcome.preview)} risks, never reviewed")
