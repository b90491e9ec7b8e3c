"""Reads for budget monitoring: the seed's tables as plain rows, with their totals.

``summary_rows``, ``reasons_rows``, ``reserves_rows`` and ``school_balance_rows`` return
lists of dicts (no model objects) so the pages, the exports and the agenda pack's PDF
print the same figures. Each row has a ``kind``: "area" (a budget area's title),
"heading" (a category or group), "line", "subtotal" or "total". Amounts are Decimals
in £m; a percentage of None means "n/a".
"""

from . import calc
from .models import BudgetLine, MonitoringPeriod, Reserve, SchoolBalance


def period_lines(period):
    """The period's lines with what computing their figures needs, in a fixed number of queries."""
    return list(
        BudgetLine.objects.filter(period=period)
        .select_related("area", "category", "block", "owner", "carried_from")
        .order_by("area__order", "area__name", "category__order", "category__name", "order", "pk")
    )


def line_figures(line):
    return {
        "kind": "line",
        "id": line.pk,
        "label": line.division,
        "area": line.area.name,
        "area_slug": line.area.slug,
        "category": line.category.name,
        "approved_budget": line.approved_budget,
        "forecast_outturn": line.forecast_outturn,
        "no_budget": not line.approved_budget and not line.forecast_outturn,
        "variance": line.variance,
        "variance_pct": line.variance_pct,
        "movement": line.movement,
        "stated_variance": line.stated_variance,
        "mismatch": line.mismatch,
        "reason": line.reason,
        "recovery_actions": line.recovery_actions,
        "owner": str(line.owner) if line.owner else "",
    }


def _by_area(lines, area):
    if area is None:
        return lines
    slug = getattr(area, "slug", area)
    return [line for line in lines if line.area.slug == slug]


def summary_rows(period, area=None, lines=None):
    """The seed's summary table: per area, category headings, lines, sub-totals and a total.

    Totals add the computed figures; the percentage of a total is left out, as in the seed.
    """
    lines = _by_area(period_lines(period) if lines is None else lines, area)
    rows = []
    areas = {}
    for line in lines:
        areas.setdefault(line.area, []).append(line_figures(line))
    fields = ["approved_budget", "forecast_outturn", "variance", "movement"]
    for budget_area, figures in areas.items():
        if area is None:
            rows.append({"kind": "area", "label": budget_area.name, "area_slug": budget_area.slug})
        sections, grand = calc.sectioned_totals(figures, "category", fields)
        for section in sections:
            rows.append({"kind": "heading", "label": section.key, "area_slug": budget_area.slug})
            rows.extend(section.rows)
            rows.append({"kind": "subtotal", "label": "Sub total", "category": section.key,
                         "area_slug": budget_area.slug, **section.totals})
        rows.append({"kind": "total", "label": "Total", "area_slug": budget_area.slug, **grand})
    return rows


def reasons_rows(period, area=None, lines=None):
    """The seed's reasons table: per category, each line's variance and reason."""
    rows = []
    for row in summary_rows(period, area, lines):
        if row["kind"] in ("area", "heading"):
            rows.append(row)
        elif row["kind"] == "line":
            rows.append({key: row[key] for key in ("kind", "id", "label", "area_slug", "category", "variance",
                                                   "reason", "recovery_actions", "owner", "mismatch")})
    return rows


def largest_variances(period, limit=10, lines=None):
    """(label, variance) for the lines furthest from budget either way."""
    lines = period_lines(period) if lines is None else lines
    ranked = sorted(lines, key=lambda line: abs(line.variance), reverse=True)[:limit]
    return [(line.division, line.variance) for line in ranked if line.variance]


def line_trend(line):
    """(period name, forecast outturn, variance) for the same line through the year's periods."""
    same = (
        BudgetLine.objects.filter(period__year_id=line.period.year_id, area_id=line.area_id, division=line.division)
        .select_related("period")
        .order_by("period__number")
    )
    return [(other.period.name if not other.period.is_outturn else "Outturn", other.forecast_outturn, other.variance)
            for other in same]


def previous_period(period):
    return period.year.periods.filter(number__lt=period.number).order_by("-number").first()


def periods_for_year(year):
    return list(MonitoringPeriod.objects.filter(year=year).order_by("number"))


def reserves_rows(year):
    """The seed's reserves and provisions table: groups (DSG, schools, Children's Services),
    each with a total where it has more than one reserve, then the grand total."""
    fields = ["balance_start", "approved_usage", "further_usage", "balance_end"]
    reserves = list(Reserve.objects.filter(year=year).order_by("order", "pk"))
    order = list(Reserve.Group.values)
    figures = sorted(
        [
            {
                "kind": "line",
                "id": r.pk,
                "label": r.name,
                "group": r.group,
                "balance_start": r.balance_start,
                "approved_usage": r.approved_usage,
                "further_usage": r.further_usage,
                "balance_end": r.balance_end,
                "stated_balance_end": r.stated_balance_end,
                "mismatch": r.mismatch,
                "reason": r.reason,
            }
            for r in reserves
        ],
        key=lambda row: order.index(row["group"]),
    )
    sections, grand = calc.sectioned_totals(figures, "group", fields)
    labels = dict(Reserve.Group.choices)
    rows = []
    for section in sections:
        alone = len(section.rows) == 1
        if not alone:
            rows.append({"kind": "heading", "label": labels[section.key], "group": section.key})
        rows.extend(section.rows)
        if not alone:
            rows.append({"kind": "subtotal", "label": f"{labels[section.key]} total", "group": section.key,
                         **section.totals})
    if rows:
        rows.append({"kind": "total", "label": "Grand Total", **grand})
    return rows


def reserve_group_totals(year):
    """{group: forecast balance at year end}, e.g. for the "unused reserves" sentence."""
    totals = {}
    for row in reserves_rows(year):
        if row["kind"] == "line":
            totals[row["group"]] = totals.get(row["group"], calc.ZERO) + row["balance_end"]
    return totals


def school_balance_rows(year):
    """The seed's school balances table: one row per phase, then the total."""
    order = list(SchoolBalance.Phase.values)
    balances = sorted(SchoolBalance.objects.filter(year=year), key=lambda b: order.index(b.phase))
    rows = [
        {
            "kind": "line",
            "id": b.pk,
            "label": b.get_phase_display(),
            "phase": b.phase,
            "balance_start": b.balance_start,
            "forecast_end": b.forecast_end,
            "in_year_variance": b.in_year_variance,
            "academies": b.academies,
            "stated_in_year_variance": b.stated_in_year_variance,
            "mismatch": b.mismatch,
        }
        for b in balances
    ]
    if rows:
        fields = ["balance_start", "forecast_end", "in_year_variance", "academies"]
        rows.append({"kind": "total", "label": "Total", **{f: calc.total(r[f] for r in rows) for f in fields}})
    return rows


def latest_import_warnings(period):
    """Warnings of the applied imports into this period (what the officer acknowledged)."""
    return [
        (record, record.warnings)
        for record in period.imports.filter(status="applied").select_related("area", "warnings_acknowledged_by")
        .order_by("created", "pk")
        if record.warnings
    ]


SUMMARY_HEADER = ["Division of service", "Approved budget £m", "Outturn £m", "+Over/- Underspend £m",
                  "+Over/ - Underspend as % of budget", "Movement since last report £m",
                  "Reasons for variance from budget", "Recovery actions", "Owner"]


def export_rows(period, area):
    """The period's lines in the import's column layout, so an export can be imported again."""
    out = [list(SUMMARY_HEADER)]
    for row in summary_rows(period, area):
        if row["kind"] == "heading":
            out.append([row["label"]] + [""] * 8)
        elif row["kind"] == "line":
            pct = row["variance_pct"]
            out.append([
                row["label"],
                _or_na(row["approved_budget"]),
                _or_na(row["forecast_outturn"]),
                calc.to_thousand(row["variance"]),
                "n/a" if pct is None else pct,
                calc.to_thousand(row["movement"]) if row["movement"] is not None else "",
                row["reason"], row["recovery_actions"], row["owner"],
            ])
        elif row["kind"] in ("subtotal", "total"):
            out.append([row["label"], "", "", calc.to_thousand(row["variance"]), "",
                        calc.to_thousand(row["movement"]) if row["movement"] is not None else "", "", "", ""])
    return out


def _or_na(amount):
    return "n/a" if amount is None else calc.to_thousand(amount)
