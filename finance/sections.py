"""Finance's live section: the budget monitoring tables (revenue summary, reasons for
variances, reserves, school balances) for the latest period on or before the date."""

from __future__ import annotations

from datetime import date

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import selectors as fin
from .models import MonitoringPeriod


def _fmt_money(value):
    if value is None:
        return "n/a"
    return f"{value:,.3f}"


def _fmt_pct(value):
    return "n/a" if value is None else f"{value:,.1f}%"


def _month_end(p):
    if p.number >= 12:  # March and the outturn close the year
        return date(p.year.start_year + 1, 3, 31)
    month = p.number + 3
    year = p.year.start_year + (1 if month > 12 else 0)
    month = (month - 1) % 12 + 1
    return date(year, month, 28)


def monitoring_period(as_at):
    periods = [p for p in MonitoringPeriod.objects.select_related("year").filter(lines__isnull=False).distinct()
               if _month_end(p) <= as_at or (p.number < 13 and _month_end(p).replace(day=1) <= as_at)]
    if not periods:
        raise Absent(f"there is no budget monitoring period with figures on or before {as_at:%d %B %Y}")
    return max(periods, key=lambda p: (p.year.start_year, p.number))


_ROW_STYLE = {"area": "**", "heading": "**", "subtotal": "**", "total": "**"}


def _label(row):
    mark = _ROW_STYLE.get(row["kind"], "")
    return f"{mark}{row['label']}{mark}"


def budget_tables(ctx):
    period = monitoring_period(ctx.as_at)
    year = period.year
    out = []
    summary = []
    for row in fin.summary_rows(period):
        if row["kind"] in ("area", "heading"):
            summary.append([_label(row), "", "", "", "", ""])
            continue
        summary.append([_label(row), _fmt_money(row.get("approved_budget")), _fmt_money(row.get("forecast_outturn")),
                        _fmt_money(row.get("variance")),
                        _fmt_pct(row.get("variance_pct")) if row["kind"] == "line" else "",
                        _fmt_money(row.get("movement"))])
    out.append(b.Table(f"Revenue budget {year.label}: {period.name}",
                       ["Division of service", "Approved budget £m", "Forecast outturn £m",
                        "+Over/-Underspend £m", "% of budget", "Movement since last report £m"],
                       summary, numeric={1, 2, 3, 4, 5}, widths=[5, 1.5, 1.5, 1.5, 1.2, 1.5]))
    reasons = [[_label(row), _fmt_money(row.get("variance")) if row["kind"] == "line" else "",
                row.get("reason", "") or "", row.get("recovery_actions", "") or ""]
               for row in fin.reasons_rows(period) if row["kind"] != "line" or row.get("variance")]
    if reasons:
        out.append(b.Table("Reasons for variances", ["Division of service", "Variance £m", "Reason",
                                                     "Recovery actions"],
                           reasons, numeric={1}, widths=[3, 1.2, 5, 4]))
    reserves = fin.reserves_rows(year)
    if reserves:
        out.append(b.Table(f"Reserves and provisions {year.label}",
                           ["Reserve", "Balance at 1 April £m", "Approved usage £m", "Further usage £m",
                            "Forecast balance at 31 March £m"],
                           [[_label(r)] + ([_fmt_money(r.get(f)) for f in ("balance_start", "approved_usage",
                                                                         "further_usage", "balance_end")]
                                           if r["kind"] != "heading" else ["", "", "", ""]) for r in reserves],
                           numeric={1, 2, 3, 4}, widths=[5, 1.5, 1.5, 1.5, 1.5]))
    schools = fin.school_balance_rows(year)
    if schools:
        out.append(b.Table(f"School balances {year.label}",
                           ["Phase", "Balance at 1 April £m", "Forecast at 31 March £m", "In-year variance £m",
                            "Academies £m"],
                           [[_label(r)] + [_fmt_money(r.get(f)) for f in ("balance_start", "forecast_end",
                                                                         "in_year_variance", "academies")]
                            for r in schools],
                           numeric={1, 2, 3, 4}, widths=[4, 1.5, 1.5, 1.5, 1.5]))
    return out


def register_sections():
    register("budget_tables", "Budget tables", budget_tables)
