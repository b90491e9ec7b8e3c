"""Performance's live sections for committee reports and packs: the vital signs dashboard,
the MI report and the exception list, as they stood on the section's date."""

from __future__ import annotations

import re

from django.db.models import Max

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import calc
from . import selectors as perf
from .models import Observation


def latest_period(as_at):
    """The latest month with figures on or before the section's date (a dashboard's figures, such
    as February's Troubled Families update, do not move the vital signs' and MI report's month)."""
    latest = (Observation.objects.filter(period__lte=as_at, breakdown_dimension="", indicator__dashboard="")
              .aggregate(m=Max("period"))["m"])
    if latest is None:
        raise Absent(f"there are no performance figures on or before {as_at:%d %B %Y}")
    return latest


def _vital_signs(as_at):
    period = latest_period(as_at)
    # The set active in the period reported: 2016-17's twelve for a 2017 meeting, not 2019's ten.
    indicators = list(perf.active_on(perf.indicators_qs().filter(vital_sign=True), period)
                      .order_by("sort_order", "ref"))
    if not indicators:
        raise Absent("no indicators are marked as vital signs")
    return period, indicators


def _cell_text(point, unit):
    if point is None or point.value is None:
        return ""
    text = calc.fmt(point.value, unit)
    if point.numerator is not None and point.denominator is not None:
        text += f" ({calc.fmt(point.numerator)}/{calc.fmt(point.denominator)})"
    return text


POLARITY = {"high": "Bigger", "low": "Smaller", "info": ""}


def _target_text(indicator, target):
    if indicator.target_note:
        return indicator.target_note
    return calc.fmt(target, indicator.unit, indicator.decimals) if target is not None else ""


def _grid(indicators, end, step, heading):
    """One dashboard grid: rows = indicators, columns = the 13 periods (of ``step`` months)
    ending at ``end``; each cell the figure with its RAG letter and colour."""
    periods = [calc.add_months(end, -step * k) for k in range(12, -1, -1)]
    data = perf.series_for([i.pk for i in indicators], periods[0], end)
    header = [heading, "Bigger or smaller is better"] + [calc.short_label(p) for p in periods] + ["Target"]
    rows, provisional = [], False
    for ind in indicators:
        spec = perf.spec_for(ind)
        series = data.get(ind.pk, {})
        cells = [ind.title, POLARITY.get(ind.polarity, "")]
        for p in periods:
            point, rag = calc.cell(spec, series, p)
            text = _figure(point, ind.unit, ind.decimals)
            provisional = provisional or text.endswith(PROVISIONAL_MARK)
            cells.append(b.Cell(text, rag.colour if text else None))
        cells.append(_target_text(ind, spec.target_for(end)))
        rows.append(cells)
    return b.Table("", header, rows, numeric=set(range(2, len(header))), small=True, landscape=True,
                   key=PROVISIONAL_KEY if provisional else "")


PROVISIONAL_MARK = " p"
PROVISIONAL_KEY = "p: provisional, subject to validation."


def _figure(point, unit, decimals=None):
    """A figure as printed (in the indicator's own decimal places if it has them), marked when
    it is provisional."""
    if point is None or point.value is None:
        return ""
    return calc.fmt(point.value, unit, decimals) + (PROVISIONAL_MARK if point.provisional else "")


def vital_signs_dashboard(ctx):
    period, indicators = _vital_signs(ctx.as_at)
    monthly = [i for i in indicators if i.frequency == "monthly"]
    others = [i for i in indicators if i.frequency != "monthly"]
    out = []
    if monthly:
        table = _grid(monthly, period, 1, "Monthly")
        table.caption = (f"Vital signs dashboard: the 13 months to {period:%B %Y}")
        out.append(table)
    if others:
        latest = (Observation.objects.filter(indicator__in=others, period__lte=ctx.as_at, breakdown_dimension="")
                  .aggregate(m=Max("period"))["m"])
        if latest is None:
            out.append(b.Para(f"The quarterly and termly vital signs have no figures on or before "
                              f"{ctx.as_at:%d %B %Y}.", "note"))
        else:
            table = _grid(others, latest, 3, "Quarterly / Termly")
            table.caption = f"Quarterly and termly vital signs: the 13 quarters to {latest:%B %Y}"
            out.append(table)
    return out


RAG_SYMBOLS = {"green": "★", "amber": "■", "red": "✖"}  # as the MI report prints them
DOT_ARROWS = {"improving": "↑", "worsening": "↓", "unchanged": "↔"}
POLARITY_WORD = {"high": "High", "low": "Low", "info": "Info"}


def mi_report(ctx):
    """The monthly MI report's summary table: every indicator that is not a vital sign, by
    area, with the last four months, year to date, target, direction, RAG and benchmarks."""
    period = latest_period(ctx.as_at)
    # Indicators a dashboard or scorecard reports (Early Help, Education) print there, not here.
    indicators = list(perf.active_on(perf.indicators_qs().filter(vital_sign=False, dashboard=""), period)
                      .order_by("sort_order", "ref"))
    if not indicators:
        raise Absent("no indicators are held for the management information report")
    four, rows = perf.mi_report(indicators, period)
    # Indicators that carry their own rolling window ("6 month cumulative") print it and the
    # window before it, as the council's monthly report did.
    windows = any(row.window for row in rows)
    header = (["Ref", "Indicator", "Good perf. is", "Data note"] + [calc.short_label(p) for p in four]
              + (["N month cumulative / average", "Previous N months"] if windows else [])
              + ["YTD", "Target", "DOT", "RAG", "Previous YTD", "Stat. neighbour average", "National average"])
    table_rows, bold = [], set()
    provisional = False
    area = None
    for row in rows:
        ind, unit, st = row.indicator, row.indicator.unit, row.status
        if ind.area != area:
            area = ind.area
            bold.add(len(table_rows))
            table_rows.append([area or "Other"] + [""] * (len(header) - 1))
        bench = row.benchmarks
        last_four = [_figure(p, unit, ind.decimals) for p in row.last_four]
        provisional = provisional or any(t.endswith(PROVISIONAL_MARK) for t in last_four)
        table_rows.append(
            [ind.ref, ind.title, POLARITY_WORD.get(ind.polarity, ""), ind.data_note]
            + last_four
            + (_window_cells(row, unit) if windows else [])
            + [calc.fmt(st.ytd.value, unit, ind.decimals) if st.ytd.value is not None else "",
               _target_text(ind, st.target) if st.target is not None else "",
               DOT_ARROWS.get(st.dot.direction or "", ""),
               b.Cell(RAG_SYMBOLS[st.rag.colour], st.rag.colour) if st.rag.colour in RAG_SYMBOLS else "",
               calc.fmt(st.previous_ytd.value, unit, ind.decimals) if st.previous_ytd.value is not None else "",
               calc.fmt(bench["stat_neighbour_avg"].value, unit, ind.decimals) if "stat_neighbour_avg" in bench else "",
               calc.fmt(bench["national_avg"].value, unit, ind.decimals) if "national_avg" in bench else ""]
        )
    return [b.Table(f"Management information report: {period:%B %Y}", header, table_rows,
                    numeric=set(range(4, len(header))), small=True, landscape=True, bold_rows=bold,
                    key="DOT: ↑ improving, ↓ worsening, ↔ unchanged (read against polarity). "
                        "RAG symbols: ✖ red, ■ amber, ★ green."
                        + (" Windows: months, value; * a month in the window has no figure." if windows else "")
                        + (f" {PROVISIONAL_KEY}" if provisional else ""))]


def _window_cells(row, unit):
    if row.window is None:
        return ["", ""]

    def text(w, months=False):
        if w.value is None:
            return "*" if not w.complete else ""
        lead = f"{w.months}m: " if months else ""
        return lead + calc.fmt(w.value, unit) + ("*" if not w.complete else "")

    return [text(row.window, months=True), text(row.prior_window)]


def latest_statuses(as_at):
    """Each vital sign's status at its own latest period: the month for monthly ones, the
    last quarter or term with a figure for the others (December's LAC rate in a January pack)."""
    period, indicators = _vital_signs(as_at)
    monthly = [i for i in indicators if i.frequency == "monthly"]
    out = perf.statuses(monthly, period) if monthly else []
    others = [i for i in indicators if i.frequency != "monthly"]
    if others:
        latest = dict(Observation.objects.filter(indicator__in=others, period__lte=as_at, breakdown_dimension="",
                                                 value__isnull=False)
                      .values("indicator").annotate(m=Max("period")).values_list("indicator", "m"))
        for ind in others:
            if ind.pk in latest:
                out += perf.statuses([ind], latest[ind.pk])
    order = {i.pk: n for n, i in enumerate(indicators)}
    return period, indicators, sorted(out, key=lambda st: order[st.indicator.pk])


def exception_list(ctx):
    period, _indicators, statuses = latest_statuses(ctx.as_at)
    rows = []
    for st in statuses:
        if st.status.exception.exception:
            unit = st.indicator.unit
            rows.append([f"{st.indicator.ref} {st.indicator.title}",
                         f"{calc.fmt(st.status.value, unit)} ({calc.short_label(st.status.period)})",
                         b.Cell("", st.status.rag.colour) if st.status.rag.colour else "",
                         "; ".join(st.status.exception.reasons) or st.status.exception.explanation])
    if not rows:
        return [b.Para(f"No vital sign is an exception in {calc.period_label(period)}.")]
    return [b.Table(f"Exceptions: {calc.period_label(period)}", ["Indicator", "Value", "RAG", "Why"], rows,
                    numeric={1}, widths=[4, 1.2, 1, 5])]


_QUOTED = re.compile(r"[‘'“\"]([^’'”\"]{6,120})[’'”\"]")
_SENTENCE = re.compile(r"[^.!?\n]*exception[^.!?\n]*[.!?]?", re.I)


def _norm(text):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def named_exceptions(text, indicators):
    """Indicators the typed text names as exceptions: a quoted name in a sentence that speaks
    of exceptions, matched to an indicator whose title starts with it (hyphens, case aside)."""
    named = {}
    for sentence in _SENTENCE.findall(text or ""):
        for quoted in _QUOTED.findall(sentence):
            q = _norm(quoted)
            for ind in indicators:
                if _norm(ind.title).startswith(q) or q == _norm(ind.ref):
                    named[ind.ref] = quoted
    return named


def exceptions_disagree(ctx):
    """The report's words against the computed exception list, both ways."""
    try:
        period, indicators, statuses = latest_statuses(ctx.as_at)
    except Absent:
        return []
    named = named_exceptions(ctx.text, indicators)
    if not named:
        return []
    computed = {st.indicator.ref: st.indicator for st in statuses if st.status.exception.exception}
    by_ref = {i.ref: i for i in indicators}
    out = [f"the report names ‘{quoted}’ ({ref}) as an exception, but the computed exception list for "
           f"{period:%B %Y} does not contain it." for ref, quoted in named.items() if ref not in computed]
    out += [f"the computed exception list for {period:%B %Y} contains {ref} {by_ref[ref].title}, which the "
            "report's text does not name." for ref in computed if ref not in named]
    return out


# --- breakdown tables: rows = team or locality, columns = periods ------------------------

NO_FIGURE = "-"  # a blank cell in the seed: no figure, which is not zero
MONTHLY_COLUMNS = 12  # the Early Help dashboard's year
OTHER_COLUMNS = 6  # results years, inspection dates, terms
LOOK_BACK_MONTHS = 72  # how far back a scorecard's periods are looked for
LANDSCAPE_FROM = 9  # columns from which a breakdown table is set on a landscape page


def _column_label(period, frequency):
    """Months as the seeds head them (Jan-17); a results year as "Jul 2016"."""
    return f"{period:%b %Y}" if frequency == "annual" else calc.short_label(period)


def _columns(periods, monthly):
    """The table's periods: every month between the first and last with a figure (the last
    twelve), or the last few dates that have one (results years, inspection dates)."""
    if not periods:
        return []
    if monthly:
        last = max(periods)
        first = max(min(periods), calc.add_months(last, -(MONTHLY_COLUMNS - 1)))
        return calc.months_back(last, (last.year - first.year) * 12 + last.month - first.month + 1)
    return sorted(periods)[-OTHER_COLUMNS:]


def _point_text(point, unit, decimals=None):
    if point is None or point.value is None:
        return NO_FIGURE
    text = _figure(point, unit, decimals)
    if point.numerator is not None and point.denominator is not None:
        text += f" ({calc.fmt(point.numerator)}/{calc.fmt(point.denominator)})"
    return text


def _member_table(grid, periods):
    """One indicator: rows = the whole authority, each team or locality, and the national
    average where one is published; columns = periods."""
    ind, unit, places = grid.indicator, grid.indicator.unit, grid.indicator.decimals
    header = [grid.dimension or "Area"] + [_column_label(p, ind.frequency) for p in periods]
    rows, bold = [], set()
    if any(grid.overall.get(p) is not None and grid.overall[p].value is not None for p in periods):
        bold.add(0)
        rows.append([perf.authority_area()] + [_point_text(grid.overall.get(p), unit, places) for p in periods])
    for member, by_period in grid.members.items():
        rows.append([member] + [_point_text(by_period.get(p), unit, places) for p in periods])
    national = [perf.national_in_force(ind, p) for p in periods]
    if any(national):
        rows.append(["National"] + [calc.fmt(bm.value, unit, places) if bm else NO_FIGURE for bm in national])
    provisional = any(str(c).endswith(PROVISIONAL_MARK) for row in rows for c in row)
    return b.Table(ind.title, header, rows, numeric=set(range(1, len(header))), small=True,
                   landscape=len(header) >= LANDSCAPE_FROM, bold_rows=bold,
                   key=PROVISIONAL_KEY if provisional else "")


def _measures_table(caption, grids, period):
    """Several measures for one period: rows = measures, columns = the authority, the national
    average and each member (the NEET/participation scorecard's layout)."""
    members = list(dict.fromkeys(m for g in grids for m in g.members))
    national = {g.indicator.pk: perf.national_in_force(g.indicator, period) for g in grids}
    refers = sorted({bm.refers_to for bm in national.values() if bm})
    targets = {g.indicator.pk: _target_text(g.indicator, perf.spec_for(g.indicator).target_for(period))
               for g in grids}
    header = (["Measure", perf.authority_area()] + ([f"National ({', '.join(refers)})"] if refers else [])
              + members + (["Target"] if any(targets.values()) else []))
    rows = []
    for g in grids:
        unit, places, bm = g.indicator.unit, g.indicator.decimals, national[g.indicator.pk]
        row = [g.indicator.title, _point_text(g.overall.get(period), unit, places)]
        if refers:
            row.append(calc.fmt(bm.value, unit, places) if bm else NO_FIGURE)
        row += [_point_text(g.members.get(m, {}).get(period), unit, places) for m in members]
        if any(targets.values()):
            row.append(targets[g.indicator.pk] or NO_FIGURE)
        rows.append(row)
    return b.Table(caption, header, rows, numeric=set(range(1, len(header))), small=True,
                   landscape=len(header) >= LANDSCAPE_FROM)


def breakdown_tables(indicators, as_at, *, headings=True, only_breakdowns=False):
    """The tables of a dashboard or scorecard: indicators grouped by area; a group whose figures
    are all for one period prints as one measures table, any other prints one table per
    indicator (and per breakdown dimension) over the group's periods."""
    grids = perf.breakdown_grids(indicators, calc.add_months(as_at.replace(day=1), -LOOK_BACK_MONTHS), as_at)
    if only_breakdowns:
        grids = [g for g in grids if g.members]
    groups: dict[str, list] = {}
    for grid in grids:
        groups.setdefault(grid.indicator.area, []).append(grid)
    out = []
    for area, members in groups.items():
        found = set().union(*(g.periods() for g in members))
        if headings and area and len(groups) > 1:
            out.append(b.Heading(area, 2, bookmark=False))
        if not found:
            out.append(b.Para(f"{area or 'These measures'}: no figures on or before {as_at:%d %B %Y}.", "note"))
            continue
        if len(found) == 1 and len(members) > 1:
            (period,) = found
            out.append(_measures_table(f"{area}: {period:%B %Y}" if area else f"{period:%B %Y}", members, period))
            continue
        periods = _columns(found, all(g.indicator.frequency == "monthly" for g in members))
        out += [_member_table(g, periods) for g in members]
    return out


def indicator_breakdown_tables(indicator, end):
    """The indicator page's breakdown tables: the same tables the packs print, to the latest
    period on or before ``end`` with a figure (a dashboard's indicator may have members only)."""
    latest = (Observation.objects.filter(indicator=indicator, period__lte=end).exclude(breakdown_dimension="")
              .aggregate(m=Max("period"))["m"])
    if latest is None:
        return []
    tables = breakdown_tables([indicator], latest, headings=False, only_breakdowns=True)
    return [t for t in tables if isinstance(t, b.Table)]


def dashboard_section(name, label):
    def render(ctx):
        indicators = perf.dashboard_indicators(name, ctx.as_at)
        if not indicators:
            raise Absent(f"no indicators are held for the {label}")
        if not Observation.objects.filter(indicator__in=indicators, period__lte=ctx.as_at).exists():
            raise Absent(f"the {label} has no figures on or before {ctx.as_at:%d %B %Y}")
        # Imported here: the report cards app builds on this module (its sections use latest_period).
        from .reportcards.sections import dashboard_cards

        return breakdown_tables(indicators, ctx.as_at, only_breakdowns=True) + dashboard_cards(ctx, indicators)

    return render


DASHBOARDS = {
    # section name: (the indicators' ``dashboard``, the section's label)
    "early_help_dashboard": ("Early Help dashboard", "Early Help dashboard"),
    "education_scorecard": ("Education scorecard", "Education scorecard"),
}


def register_sections():
    register("vital_signs_dashboard", "Vital signs dashboard", vital_signs_dashboard)
    register("exception_list", "Exception list", exception_list, checks=exceptions_disagree)
    register("mi_report", "Management information report", mi_report)
    for name, (dashboard, label) in DASHBOARDS.items():
        register(name, label, dashboard_section(dashboard, label))
