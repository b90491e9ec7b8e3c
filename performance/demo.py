"""Demo data from the seeds, loaded through the import path (so it is validated like any file).

- The January 2017 MI report's summary table: every row with polarity, data note, tolerances,
  targets and benchmarks, and 13 months (Jan-16 to Jan-17) from its topic pages, with the
  contacts/referrals breakdown by source. Rates per 10,000 are loaded as numerator and
  denominator: the under-18 population 167,940 is what the report's own rates imply
  (776 referrals x 12 / 554.5 x 10,000).
- The March 2019 performance report's vital signs, Jan-18 to Jan-19, with numerators and
  denominators where the dashboard prints them.
- The 14 March 2017 agenda pack's breakdown tables: the Early Help dashboard (five tables by team,
  May-16 to Jan-17), the Education scorecard's tables by district (early years, Key Stage 4,
  schools judged good or better) and the NEET/participation scorecard (December 2016), with the
  national figures as benchmarks; and the Troubled Families payment-by-results figure its report
  card reports (``dashboard_*.csv``).
Where the seeds' printed figures disagree with their own numerators and denominators the
computed figure is loaded and the row's note says what was printed.
"""

import csv
import io
from collections import defaultdict
from pathlib import Path

from core.services import get_or_create_person

from . import services
from .models import Indicator

DATA = Path(__file__).resolve().parent / "demo_data"

LEADS = {"EH 1": "Sarah Jones"}
DEFAULT_LEAD = "Phil Watson"
DATA_OWNERS = {"EH 1": "Andy Goff"}


def load(stdout):
    result = services.import_indicators((DATA / "indicators.csv").read_bytes(), "indicators.csv")
    if not result.ok:
        raise RuntimeError("Demo indicators did not import: " + "; ".join(map(str, result.errors[:5])))
    stdout.write(f"  indicators: {result.new} new, {result.changed} updated")
    result = services.import_observations((DATA / "observations.csv").read_bytes(), "observations.csv")
    if not result.ok:
        raise RuntimeError("Demo figures did not import: " + "; ".join(map(str, result.errors[:5])))
    stdout.write(f"  figures: {result.new} new, {result.changed} changed, {result.unchanged} unchanged")
    _dashboards(stdout)
    _people()


def _dashboards(stdout):
    """The pack's dashboards and scorecards: indicators and figures through the same imports, the
    national figures through the benchmarks service the API uses."""
    result = services.import_indicators((DATA / "dashboard_indicators.csv").read_bytes(), "dashboard_indicators.csv")
    if not result.ok:
        raise RuntimeError("Demo dashboard indicators did not import: " + "; ".join(map(str, result.errors[:5])))
    result = services.import_observations((DATA / "dashboard_observations.csv").read_bytes(),
                                          "dashboard_observations.csv")
    if not result.ok:
        raise RuntimeError("Demo dashboard figures did not import: " + "; ".join(map(str, result.errors[:5])))
    stdout.write(f"  dashboard figures: {result.new} new, {result.changed} changed, {result.unchanged} unchanged")
    wanted = defaultdict(list)
    for row in csv.DictReader(io.StringIO((DATA / "dashboard_benchmarks.csv").read_text())):
        wanted[row["ref"]].append({"kind": row["kind"], "refers_to": row["refers_to"], "value": float(row["value"])})
    for indicator in Indicator.objects.filter(ref__in=wanted):
        services.replace_benchmarks(indicator, benchmarks=wanted[indicator.ref])


def _people():
    from core.models import Person

    dana = Person.objects.filter(user__username="dataowner").first()
    for indicator in Indicator.objects.filter(vital_sign=True):
        lead = get_or_create_person(LEADS.get(indicator.ref, DEFAULT_LEAD), job_title="Lead officer")
        if indicator.ref in DATA_OWNERS:
            owner = get_or_create_person(DATA_OWNERS[indicator.ref], job_title="Data owner")
        else:
            owner = dana or get_or_create_person("Andy Goff", job_title="Data owner")
        if indicator.lead_officer_id != lead.pk or indicator.data_owner_id != owner.pk:
            indicator.lead_officer, indicator.data_owner = lead, owner
            indicator.save()
