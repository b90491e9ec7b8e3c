"""Finance's live section: the budget monitoring tables (revenue summary, reasons for
variances, reserves, school balances) for the latest period on or before the date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import selectors as fin
from .models import MonitoringPeriod


def _month_end(p):
    if p.number >= 12:  # March and the outturn close the year
        return date(p.year.start_year + 1, 3, 31)
    month = p.number + 3
    year = p.year.start_year + (1 if month > 12 else 0)
    month = (month - 1) % 12 + 1
    return date(year, month, 28)


def monitoring_period(as_at):
    """The latest period reportable on ``as_at``: a period is reported from the first day of
    its last month (the outturn, as the March committee pack prints it, from 1 March)."""
    periods = [p for p in MonitoringPeriod.objects.select_related("year").filter(lines__isnull=False).distinct()
               if _month_end(p).replace(day=1) <= as_at]
    if not periods:
        raise Absent(f"there is no budget monitoring period with figures on or before {as_at:%d %B %Y}")
    return max(periods, key=lambda p: (p.year.start_year, p.number))


_BOLD_KINDS = {"area", "heading", "subtotal", "total"}


def _bold(rows):
    return {i for i, row in enumerate(rows) if row["kind"] in _BOLD_KINDS}


def budget_tables(ctx):
    period = monitoring_period(ctx.as_at)
    year = period.year
    out = []
    source = fin.summary_rows(period)
    summary = []
    for row in source:
        if row["kind"] in ("area", "heading"):
            summary.append([row["label"], "", "", "", "", ""])
            continue
        summary.append([row["label"], b.money(row.get("approved_budget")), b.money(row.get("forecast_outturn")),
                        b.money(row.get("variance"), signed=True),
                        b.pct(row.get("variance_pct"), signed=True) if row["kind"] == "line" else "",
                        b.money(row.get("movement"), signed=True)])
    out.append(b.Table(f"Revenue budget {year.label}: {period.name}",
                       ["Division of service", "Approved budget £m", "Forecast outturn £m",
                        "+Over/ -Underspend £m", "+Over/ -Underspend as % of budget",
                        "Movement since last report £m"],
                       summary, numeric={1, 2, 3, 4, 5}, landscape=True, bold_rows=_bold(source),
                       empty=f"No budget lines are held for {period.name} {year.label}."))
    source = [row for row in fin.reasons_rows(period) if row["kind"] != "line" or row.get("variance")]
    reasons = [[row["label"], b.money(row.get("variance"), signed=True) if row["kind"] == "line" else "",
                row.get("reason") or ("" if row["kind"] != "line" else "No reason has been given."),
                row.get("recovery_actions") or ""]
               for row in source]
    if reasons:
        header = ["Division of service", "+Over/ -Underspend £m", "Reason for variance from budget",
                  "Recovery actions"]
        if not any(r[3] for r in reasons):  # no column of blanks across pages
            header, reasons = header[:3], [r[:3] for r in reasons]
        out.append(b.Table("Reasons for variances", header, reasons, numeric={1}, landscape=True,
                           bold_rows=_bold(source)))
    reserves = fin.reserves_rows(year)
    if reserves:
        out.append(b.Table(f"Reserves and provisions {year.label}",
                           ["Reserve", "Balance at 1 April £m", "Approved usage £m", "Further usage £m",
                            "Forecast balance at 31 March £m"],
                           [[r["label"]] + ([b.money(r.get(f)) for f in ("balance_start", "approved_usage",
                                                                        "further_usage", "balance_end")]
                                            if r["kind"] != "heading" else ["", "", "", ""]) for r in reserves],
                           numeric={1, 2, 3, 4}, landscape=True, bold_rows=_bold(reserves)))
    schools = fin.school_balance_rows(year)
    if schools:
        out.append(b.Table(f"School balances {year.label}",
                           ["Phase", "Balance at 1 April £m", "Forecast at 31 March £m", "In-year variance £m",
                            "Academies £m"],
                           [[r["label"]] + [b.money(r.get(f)) for f in ("balance_start", "forecast_end",
                                                                        "in_year_variance", "academies")]
                            for r in schools],
                           numeric={1, 2, 3, 4}, landscape=True, bold_rows=_bold(schools)))
    return out


# Lines at least this far from budget (£m, either way) need a reason in the reasons table.
VARIANCE_THRESHOLD = Decimal("0.100")


def lines_without_reasons(ctx):
    try:
        period = monitoring_period(ctx.as_at)
    except Absent:
        return []
    return [f"{row['label']} is {b.money(row['variance'], signed=True)} £m from budget with no reason given."
            for row in fin.reasons_rows(period)
            if row["kind"] == "line" and row.get("variance") is not None
            and abs(row["variance"]) >= VARIANCE_THRESHOLD and not (row.get("reason") or "").strip()]


def register_sections():
    register("budget_tables", "Budget tables", budget_tables, checks=lines_without_reasons)
