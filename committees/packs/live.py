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


def _fmt_money(value):
    if value is None:
        return "n/a"
    return f"{value:,.3f}"


def _fmt_pct(value):
    return "n/a" if value is None else f"{value:,.1f}%"


# --- performance: vital signs dashboard, MI report, exception list -------------------


def _period(as_at):
    """The latest month with figures on or before the section's date."""
    from django.db.models import Max

    from performance.models import Observation

    latest = Observation.objects.filter(period__lte=as_at, breakdown_dimension="").aggregate(m=Max("period"))["m"]
    if latest is None:
        raise Absent(f"there are no performance figures on or before {as_at:%d %B %Y}")
    return latest


def _vital_signs(as_at):
    from performance import selectors as perf

    period = _period(as_at)
    indicators = list(perf.active_on(perf.indicators_qs().filter(vital_sign=True), period)
                      .order_by("sort_order", "ref"))
    if not indicators:
        raise Absent("no indicators are marked as vital signs")
    return period, indicators


def _cell_text(point, unit):
    from performance import calc

    if point is None or point.value is None:
        return ""
    text = calc.fmt(point.value, unit)
    if point.numerator is not None and point.denominator is not None:
        text += f" ({calc.fmt(point.numerator)}/{calc.fmt(point.denominator)})"
    return text


@renderer("vital_signs_dashboard")
def vital_signs_dashboard(as_at, ctx):
    from performance import calc
    from performance import selectors as perf

    period, indicators = _vital_signs(as_at)
    periods, rows = perf.dashboard(indicators, period, months=13)
    header = ["Indicator", "Target"] + [calc.short_label(p) for p in periods]
    table_rows = []
    for row in rows:
        unit = row.indicator.unit
        cells = [f"{row.indicator.ref} {row.indicator.title}",
                 calc.fmt(row.target, unit) if row.target is not None else ""]
        cells += [b.Cell(_cell_text(point, unit), rag.colour) for _p, point, rag in row.cells]
        table_rows.append(cells)
    caption = (f"Vital signs dashboard: {calc.period_label(period)} and the 12 months before "
               "(value, with numerator/denominator; R, A, G: red, amber, green)")
    return [b.Table(caption, header, table_rows, numeric=set(range(1, len(header))),
                    widths=[6, 1.6] + [1.5] * len(periods), small=True)]


@renderer("mi_report")
def mi_report(as_at, ctx):
    from performance import calc
    from performance import selectors as perf

    period, indicators = _vital_signs(as_at)
    four, rows = perf.mi_report(indicators, period)
    header = (["Indicator"] + [calc.short_label(p) for p in four]
              + ["YTD", "Target", "DOT", "RAG", "Previous YTD"])
    table_rows = []
    for row in rows:
        unit, st = row.indicator.unit, row.status
        table_rows.append(
            [f"{row.indicator.ref} {row.indicator.title}"]
            + [_cell_text(p, unit) for p in row.last_four]
            + [calc.fmt(st.ytd.value, unit), calc.fmt(st.target, unit) if st.target is not None else "",
               (st.dot.direction or "").capitalize(), b.Cell("", st.rag.colour) if st.rag.colour else "",
               calc.fmt(st.previous_ytd.value, unit)]
        )
    caption = f"Management information report: {calc.period_label(period)}"
    return [b.Table(caption, header, table_rows, numeric=set(range(1, len(header))),
                    widths=[5] + [1.6] * (len(header) - 1), small=True)]


@renderer("exception_list")
def exception_list(as_at, ctx):
    from performance import calc
    from performance import selectors as perf

    period, indicators = _vital_signs(as_at)
    rows = []
    for st in perf.statuses(indicators, period):
        if st.status.exception.exception:
            unit = st.indicator.unit
            rows.append([f"{st.indicator.ref} {st.indicator.title}", calc.fmt(st.status.value, unit),
                         b.Cell("", st.status.rag.colour) if st.status.rag.colour else "",
                         "; ".join(st.status.exception.reasons) or st.status.exception.explanation])
    if not rows:
        return [b.Para(f"No vital sign is an exception in {calc.period_label(period)}.")]
    return [b.Table(f"Exceptions: {calc.period_label(period)}", ["Indicator", "Value", "RAG", "Why"], rows,
                    numeric={1}, widths=[4, 1.2, 1, 5])]


# --- report cards -------------------------------------------------------------------


@renderer("report_cards")
def report_cards(as_at, ctx):
    try:
        from performance.reportcards import selectors as card_selectors
    except ImportError:
        raise Absent("report cards are not part of this installation")
    from performance import charts

    period = _period(as_at)
    cards = card_selectors.cards_for_pack(period)
    if not cards:
        raise Absent(f"no report card for {period:%B %Y} is approved")
    out = []
    for card in cards:
        ctx.card_ids.append(card["id"])
        perf = card["performance"]
        ind = card["indicator"]
        out.append(b.Heading(f"Report card: {ind['ref']} {card['title']}", 2))
        out.append(b.KeyValues([
            ("Period", card["period"]),
            ("Latest figure", perf.get("display", "")),
            ("Target", perf.get("target_display", "")),
            ("RAG", (perf.get("rag") or "none").capitalize()),
            ("Direction of travel", (perf.get("direction") or "").capitalize()),
            ("Lead officer", card["officers"].get("lead", "")),
        ]))
        series = perf.get("series", [])
        spc = perf.get("spc")
        target = perf.get("target")
        unit = perf.get("unit", "")
        title = f"{ind['ref']} {card['title']}"

        def draw(series=series, title=title, target=target, spc=spc, unit=unit):
            return charts.indicator_chart(series, title=title, target=target, spc=spc, unit=unit)

        out.append(b.Chart(
            slug=f"card-{card['id']}",
            title=title,
            drawing=draw,
            alt=charts.chart_alt_text(series, title=title, target=target, spc=spc, unit=unit),
            csv_header=["period", "value", "numerator", "denominator", "rag", "target"],
            csv_rows=[[p.get("period"), p.get("value"), p.get("numerator"), p.get("denominator"), p.get("rag"),
                       target] for p in series],
            svg=lambda draw=draw, title=title: charts.to_svg(draw(), title=title),
        ))
        for name, label in card["section_labels"].items():
            text = card["sections"].get(name)
            if text:
                out.append(b.Para(f"**{label}**"))
                out += [b.Para(p) for p in text.split("\n\n") if p.strip()]
        actions = card.get("actions") or []
        if actions:
            out.append(b.Table("Actions", ["Action", "Owner", "Due"],
                               [[a.get("description", ""), a.get("owner_name", ""), str(a.get("due", "") or "")]
                                for a in actions], widths=[6, 2, 1.4], row_headers=False))
    return out


# --- risk register ----------------------------------------------------------------


RISK_COLUMNS = [("Risk Number", 2), ("Risk Name", 3), ("Risk Description", 6), ("Current Likelihood", 1),
                ("Current Impact", 1), ("Current Risk Score", 1), ("Progress update", 6), ("Target Risk Score", 1),
                ("Target Date", 1.7), ("Prospects of meeting Target Risk Score by Target Date", 1.5),
                ("Risk Owner", 2)]
RISK_HEADERS = ["No.", "Risk", "Description", "L", "I", "Score", "Progress", "Target score", "Target date",
                "Prospects", "Owner"]


@renderer("risk_register")
def risk_register(as_at, ctx):
    from riskregister import selectors as risk_selectors
    from riskregister.models import Register

    registers = list(Register.objects.order_by("name"))
    if not registers:
        raise Absent("there is no risk register")
    index = {name: i for i, name in enumerate(risk_selectors.COLUMNS)}
    out = []
    for register in registers:
        rows = risk_selectors.register_rows(register, as_at=as_at)
        if not rows:
            continue
        table = [[str(row[index[name]] if row[index[name]] is not None else "") for name, _w in RISK_COLUMNS]
                 for row in rows]
        out.append(b.Table(f"{register.name} risk register as at {as_at:%d %B %Y}", RISK_HEADERS, table,
                           numeric={3, 4, 5, 7}, widths=[w for _n, w in RISK_COLUMNS], small=True))
    if not out:
        raise Absent(f"no risk register held any risk on {as_at:%d %B %Y}")
    return out


# --- budget -----------------------------------------------------------------------


def _monitoring_period(as_at):
    from finance.models import MonitoringPeriod

    def month_end(p):
        if p.number >= 12:  # March and the outturn close the year
            return date(p.year.start_year + 1, 3, 31)
        month = p.number + 3
        year = p.year.start_year + (1 if month > 12 else 0)
        month = (month - 1) % 12 + 1
        return date(year, month, 28)

    periods = [p for p in MonitoringPeriod.objects.select_related("year").filter(lines__isnull=False).distinct()
               if month_end(p) <= as_at or (p.number < 13 and month_end(p).replace(day=1) <= as_at)]
    if not periods:
        raise Absent(f"there is no budget monitoring period with figures on or before {as_at:%d %B %Y}")
    return max(periods, key=lambda p: (p.year.start_year, p.number))


_ROW_STYLE = {"area": "**", "heading": "**", "subtotal": "**", "total": "**"}


def _label(row):
    mark = _ROW_STYLE.get(row["kind"], "")
    return f"{mark}{row['label']}{mark}"


@renderer("budget_tables")
def budget_tables(as_at, ctx):
    from finance import selectors as fin

    period = _monitoring_period(as_at)
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
