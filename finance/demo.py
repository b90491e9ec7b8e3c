"""Demo data: the 2016-17 budget tables of the March 2017 committee pack (section 5),
loaded through the same import path as an uploaded file, mismatches and all.

The pack gives the outturn and, for each line, its movement since the last report. The
demo rebuilds that last report (period 10, January) as outturn minus movement, locks it as
reported, opens the outturn from it and imports the pack's tables: so the movements the
product computes are the pack's, and the stated figures that do not add up are flagged
exactly as the import found them. Running it again changes nothing.
"""

from decimal import Decimal
from pathlib import Path

from . import services
from .importing import area_by_slug, import_table, parse_amount, read_table
from .models import OUTTURN, BudgetImport

SEED_DATA = Path(__file__).resolve().parent / "seed_data"
YEAR = 2016
PREVIOUS_PERIOD = 10
BUDGET_TABLES = [
    ("revenue-2016-17-outturn.csv", "la-revenue"),
    ("revenue-reasons-2016-17-outturn.csv", "la-revenue"),
    ("schools-budget-2016-17-outturn.csv", "schools"),
    ("schools-budget-reasons-2016-17-outturn.csv", "schools"),
]
YEAR_TABLES = ["reserves-2016-17.csv", "school-balances-2016-17.csv"]


def load(stdout):
    services.ensure_reference_data()
    year = services.get_or_create_year(YEAR)
    january = year.periods.filter(number=PREVIOUS_PERIOD).first()
    if january is None:
        january = services.open_period(year, number=PREVIOUS_PERIOD)
        for name, area in BUDGET_TABLES[::2]:
            result = import_table(rows=previous_report(SEED_DATA / name), year=year, period=january,
                                  area=area_by_slug(area), acknowledge=True, source=f"demo: {name} less movements")
            _report(stdout, name + " (period 10 rebuilt)", result)
        services.lock_period(january, user=None)
    outturn = services.get_or_open_period(year, number=OUTTURN)
    for name, area in BUDGET_TABLES:
        if _done(year, name):
            continue
        result = import_table(content=(SEED_DATA / name).read_bytes(), filename=name, year=year, period=outturn,
                              area=area_by_slug(area), acknowledge=True, source=f"demo: {name}")
        _report(stdout, name, result)
    for name in YEAR_TABLES:
        if _done(year, name):
            continue
        result = import_table(content=(SEED_DATA / name).read_bytes(), filename=name, year=year, acknowledge=True,
                              source=f"demo: {name}")
        _report(stdout, name, result)


def _done(year, name):
    return BudgetImport.objects.filter(year=year, source=f"demo: {name}", status=BudgetImport.Status.APPLIED).exists()


def _report(stdout, name, result):
    if result.errors:
        raise RuntimeError(f"{name}: {result.errors}")
    stdout.write(f"  {name}: {result.new} added, {result.changed} updated, "
                 f"{len(result.warnings)} mismatch(es) flagged")
    for mismatch in result.warnings:
        stdout.write(f"    {mismatch.message()}")


def previous_report(path):
    """The summary table as the last report had it: forecast = outturn - movement (a blank
    movement is none); lines with no budget carry their variance less the movement."""
    rows = read_table(path.read_bytes(), path.name)
    out = [["Division of service", "Approved budget £m", "Outturn £m", "+Over/- Underspend £m"]]
    for row in rows[1:]:
        label, budget, outturn, variance, _pct, movement = (row + [""] * 6)[:6]
        if not any((budget, outturn, variance)) or label.lower().replace(" ", "").startswith(("subtotal", "total")):
            if not any((budget, outturn, variance)):
                out.append([label, "", "", ""])
            continue
        errors = []
        change = parse_amount(movement, 0, "movement", errors) or Decimal(0)
        budget_value = parse_amount(budget, 0, "budget", errors)
        outturn_value = parse_amount(outturn, 0, "outturn", errors)
        if not budget_value and not outturn_value:
            out.append([label, budget, outturn, str(parse_amount(variance, 0, "variance", errors) - change)])
        else:
            out.append([label, budget, str(outturn_value - change), ""])
    return out
