"""Performance's live sections for committee reports and packs: the vital signs dashboard,
the MI report and the exception list, as they stood on the section's date."""

from __future__ import annotations

from django.db.models import Max

from core.documents import blocks as b
from core.documents.sections import Absent, register

from . import calc
from . import selectors as perf
from .models import Observation


def latest_period(as_at):
    """The latest month with figures on or before the section's date."""
    latest = Observation.objects.filter(period__lte=as_at, breakdown_dimension="").aggregate(m=Max("period"))["m"]
    if latest is None:
        raise Absent(f"there are no performance figures on or before {as_at:%d %B %Y}")
    return latest


def _vital_signs(as_at):
    period = latest_period(as_at)
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


def vital_signs_dashboard(ctx):
    period, indicators = _vital_signs(ctx.as_at)
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


def mi_report(ctx):
    period, indicators = _vital_signs(ctx.as_at)
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


def exception_list(ctx):
    period, indicators = _vital_signs(ctx.as_at)
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


def register_sections():
    register("vital_signs_dashboard", "Vital signs dashboard", vital_signs_dashboard)
    register("exception_list", "Exception list", exception_list)
    register("mi_report", "Management information report", mi_report)
