"""Reads for pages and the API: series, statuses and dashboards in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from . import calc
from .models import Benchmark, Indicator, Observation, ProcessChange, Target

SPC_HISTORY_MONTHS = 36  # enough for limits and the previous year's YTD


def indicators_qs():
    """Indicators with everything the engine needs, in 4 queries however many there are."""
    return Indicator.objects.select_related("lead_officer", "data_owner").prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("financial_year")),
        Prefetch("benchmarks", queryset=Benchmark.objects.order_by("kind")),
        Prefetch("process_changes", queryset=ProcessChange.objects.order_by("period")),
    )


def active_on(qs, period: date):
    return qs.filter(Q(active_from__isnull=True) | Q(active_from__lte=period)).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=period)
    )


def spec_for(indicator: Indicator) -> calc.Spec:
    """The engine's view of an indicator (uses prefetched targets and process changes)."""
    return calc.Spec(
        ref=indicator.ref,
        polarity=indicator.polarity,
        unit=indicator.unit,
        frequency=indicator.frequency,
        aggregation=indicator.aggregation,
        multiplier=indicator.multiplier,
        annualise=indicator.annualise,
        rag_rule=indicator.rag_rule,
        targets={t.financial_year: t.value for t in indicator.targets.all()},
        small_numbers_threshold=indicator.small_numbers_threshold,
        process_changes=tuple(pc.period for pc in indicator.process_changes.all()),
        affects_budget=indicator.affects_budget,
        affects_corporate_risk=indicator.affects_corporate_risk,
    )


def current_target(indicator: Indicator, today: date | None = None):
    year = calc.financial_year(today or timezone.localdate())
    targets = {t.financial_year: t.value for t in indicator.targets.all()}
    if year in targets:
        return targets[year]
    earlier = [y for y in targets if y <= year]
    return targets[max(earlier)] if earlier else None


def series_for(indicator_ids, start: date, end: date) -> dict[int, dict[date, calc.Point]]:
    """Overall (no breakdown) figures per indicator, one query."""
    out: dict[int, dict[date, calc.Point]] = defaultdict(dict)
    rows = Observation.objects.filter(
        indicator_id__in=list(indicator_ids),
        period__gte=start,
        period__lte=end,
        breakdown_dimension="",
    ).values_list("indicator_id", "period", "value", "numerator", "denominator", "no_data_expected")
    for ind, period, value, num, den, nde in rows:
        out[ind][period] = calc.Point(period, value, num, den, nde)
    return out


def latest_period(indicators=None) -> date:
    """The latest period with a figure (for the chosen indicators), else last month."""
    qs = Observation.objects.filter(breakdown_dimension="")
    if indicators is not None:
        qs = qs.filter(indicator__in=indicators)
    latest = qs.aggregate(m=Max("period"))["m"]
    return latest or calc.add_months(timezone.localdate().replace(day=1), -1)


def history_start(period: date) -> date:
    return min(calc.add_months(period, -(SPC_HISTORY_MONTHS - 1)), date(calc.financial_year(period) - 1, 4, 1))


@dataclass
class IndicatorStatus:
    indicator: Indicator
    spec: calc.Spec
    series: dict
    status: calc.Status


def statuses(indicators, period: date) -> list[IndicatorStatus]:
    """The engine's figures for each indicator at ``period``: constant queries (prefetch + 1)."""
    indicators = list(indicators)
    data = series_for([i.pk for i in indicators], history_start(period), period)
    out = []
    for ind in indicators:
        spec = spec_for(ind)
        series = data.get(ind.pk, {})
        out.append(IndicatorStatus(ind, spec, series, calc.status(spec, series, period)))
    return out


@dataclass
class DashboardRow:
    indicator: Indicator
    cells: list  # (period, Point | None, Rag)
    target: float | None
    status: calc.Status


def dashboard(indicators, period: date, months: int = 13) -> tuple[list[date], list[DashboardRow]]:
    """Rows = indicators, columns = the ``months`` periods ending at ``period``."""
    periods = calc.months_back(period, months)
    rows = []
    for st in statuses(indicators, period):
        cells = []
        for p in periods:
            point, rag = calc.cell(st.spec, st.series, p)
            cells.append((p, point, rag))
        rows.append(DashboardRow(st.indicator, cells, st.spec.target_for(period), st.status))
    return periods, rows


def breakdowns(indicator: Indicator, period: date, months: int = 13):
    """{dimension: {member: {period: Observation}}} for the 13 months ending at ``period``."""
    start = calc.add_months(period, -(months - 1))
    out: dict[str, dict[str, dict[date, Observation]]] = defaultdict(lambda: defaultdict(dict))
    for obs in indicator.observations.filter(period__gte=start, period__lte=period).exclude(breakdown_dimension=""):
        out[obs.breakdown_dimension][obs.breakdown_member][obs.period] = obs
    return {dim: dict(members) for dim, members in out.items()}


def owed(person, period: date):
    """Indicators whose figures this person owes for ``period`` (none stored, none 'not expected')."""
    if person is None:
        return Indicator.objects.none()
    given = Observation.objects.filter(period=period, breakdown_dimension="").values("indicator_id")
    return active_on(Indicator.objects.filter(data_owner=person), period).exclude(pk__in=given)


def entry_indicators(user, owner=None):
    """Indicators a user enters figures for: their own as data owner, all for officers."""
    qs = indicators_qs()
    person = getattr(user, "person", None)
    if owner:
        return qs.filter(data_owner_id=owner)
    if user.has_perm("performance.change_indicator"):
        return qs
    return qs.filter(data_owner=person) if person else qs.none()


@dataclass
class MiRow:
    indicator: Indicator
    last_four: list
    status: calc.Status
    benchmarks: dict


def mi_report(indicators, period: date) -> tuple[list[date], list[MiRow]]:
    """The MI report's summary table: last four months, YTD, target, DOT, RAG, tolerances,
    previous YTD, benchmarks."""
    four = calc.months_back(period, 4)
    rows = []
    for st in statuses(indicators, period):
        rows.append(
            MiRow(
                st.indicator,
                [st.series.get(p) for p in four],
                st.status,
                {b.kind: b for b in st.indicator.benchmarks.all()},
            )
        )
    return four, rows


def chart_data(indicator: Indicator, period: date, months: int = 13) -> dict:
    """Plain data for ``charts.indicator_chart(**chart_data(...))``: the same chart on a page
    and in a PDF (agenda packs, report cards). No ORM objects in the result."""
    st = statuses([indicator], period)[0]
    periods = calc.months_back(period, months)
    series = []
    for p in periods:
        point, rag = calc.cell(st.spec, st.series, p)
        series.append({"label": calc.short_label(p), "value": point.value if point else None, "rag": rag.colour})
    spc = None
    if st.status.spc.mean is not None:
        by_period = {sp.period: sp for sp in st.status.spc.points}
        spc = {
            "mean": st.status.spc.mean,
            "lower": st.status.spc.lower,
            "upper": st.status.spc.upper,
            "trial": st.status.spc.trial,
            "points": [
                {"mean": sp.mean, "lower": sp.lower, "upper": sp.upper} if (sp := by_period.get(p)) else None
                for p in periods
            ],
        }
    return {
        "series": series,
        "title": f"{indicator.ref} {indicator.title}",
        "target": st.status.target,
        "spc": spc,
        "kind": "bar" if indicator.unit == "count" and indicator.aggregation == "sum" else "line",
        "unit": indicator.unit,
    }
