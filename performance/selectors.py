"""Reads for pages and the API: series, statuses and dashboards in a fixed number of queries."""

from __future__ import annotations

import hashlib
import io
import pickle  # noqa: S403 (our own rows, only hashed, never loaded)
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from django.core.cache import cache
from django.db import connections, models
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from . import calc, measures
from .models import Benchmark, Indicator, Observation, Population, ProcessChange, Target

SPC_HISTORY_MONTHS = 36  # enough for limits and the previous year's YTD
# Computed statuses (and the page rows drawn from them) are cached under a key made from
# everything they are computed from: the indicator's fields, its spec (rule, targets, process
# changes), its figures, the period and the engine's own source. A changed figure, target or
# rule is a new key, so nothing is ever invalidated by hand and a bulk import that sends no
# signals cannot leave a stale status; unused keys age out.
CACHE_TIMEOUT = 60 * 60 * 24
ENGINE_VERSION = hashlib.sha1(  # noqa: S324 (a cache key)
    b"".join(Path(m.__file__).read_bytes() for m in (calc, measures))
).hexdigest()[:12]


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
        targets={t.financial_year: calc.TargetSpec(t.value, t.by, t.trajectory_from) for t in indicator.targets.all()},
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
    ).values_list("indicator_id", "period", "value", "numerator", "denominator", "no_data_expected", "provisional")
    for ind, period, value, num, den, nde, provisional in rows:
        out[ind][period] = calc.Point(period, value, num, den, nde, provisional)
    return out


ENTRY_FIELDS = ("value", "numerator", "denominator", "note", "no_data_expected", "provisional", "updated")


def entry_tokens(indicator_ids, period: date) -> dict[int, str]:
    """What the entry grid read for each indicator's overall figure of ``period``: a digest of
    the stored figure (``"new"`` where there is none). A save carrying a different token was
    made from a page opened before someone else changed that figure.

    The figures themselves, not only ``updated``, go into the digest, so that a write which
    does not touch ``updated`` (a queryset update) is still seen."""
    rows = Observation.objects.filter(
        indicator_id__in=list(indicator_ids), period=period, breakdown_dimension=""
    ).values_list("indicator_id", *ENTRY_FIELDS)
    return {
        row[0]: hashlib.sha256(repr(row[1:]).encode()).hexdigest()[:16]
        for row in rows
    }


def entry_token(tokens: dict[int, str], indicator_id: int) -> str:
    return tokens.get(indicator_id, "new")


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
    key: str = ""  # what the status was computed from, hashed: a cache key for anything drawn from it


def fingerprint(*parts) -> str:
    return hashlib.sha1(repr((ENGINE_VERSION, *parts)).encode()).hexdigest()  # noqa: S324 (a cache key)


def _status_key(indicator: Indicator, spec: calc.Spec, series: dict, period: date) -> str:
    fields = tuple(getattr(indicator, f.attname) for f in indicator._meta.concrete_fields)
    return fingerprint(fields, spec, sorted(series.items()), period)


def _unscored(indicators, period: date) -> list[IndicatorStatus]:
    """Indicators with their spec, figures and cache key, statuses not yet looked up (prefetch + 1 queries)."""
    indicators = list(indicators)
    data = series_for([i.pk for i in indicators], history_start(period), period)
    out = []
    for ind in indicators:
        spec = spec_for(ind)
        series = data.get(ind.pk, {})
        out.append(IndicatorStatus(ind, spec, series, None, _status_key(ind, spec, series, period)))
    return out


def _score(items: list[IndicatorStatus], period: date) -> list[IndicatorStatus]:
    """Fill in each status from the cache, computing (and caching) only those not there."""
    cached = cache.get_many([f"perf-status:{st.key}" for st in items])
    fresh = {}
    for st in items:
        st.status = cached.get(f"perf-status:{st.key}")
        if st.status is None:
            st.status = calc.status(st.spec, st.series, period)
            fresh[f"perf-status:{st.key}"] = st.status
    if fresh:
        cache.set_many(fresh, CACHE_TIMEOUT)
    return items


def statuses(indicators, period: date) -> list[IndicatorStatus]:
    """The engine's figures for each indicator at ``period``: constant queries (prefetch + 1),
    computed only for indicators whose figures, targets or rules changed since last cached."""
    return _score(_unscored(indicators, period), period)


# The templates and tags that draw a page's rows: a change to them (a release) is a new page key.
TEMPLATES_VERSION = hashlib.sha1(  # noqa: S324 (a cache key)
    b"".join(
        (Path(__file__).parent / rel).read_bytes()
        for rel in (
            "templatetags/perf_tags.py",
            "templates/performance/includes/dashboard_rows.html",
            "templates/performance/includes/mi_rows.html",
        )
    )
).hexdigest()[:12]


def page_key(indicators, period: date, *parts) -> str:
    """A fingerprint of everything the statuses (and rows) of ``indicators`` at ``period`` are
    computed from: the same inputs as each status's key (indicator fields, targets, process
    changes, figures) plus benchmarks, read as the driver's raw rows (5 queries, no model
    instances, no field converters), so a page whose table is cached under it skips building its
    rows. A figure, target or rule changed in any way (a bulk write that sends no signals too) is
    a new key."""
    ids = indicators.prefetch_related(None).order_by().values("pk")
    digest = hashlib.sha1(_pickle_fast((ENGINE_VERSION, TEMPLATES_VERSION, str(period), parts)))  # noqa: S324
    for model, qs in (
        (Indicator, Indicator.objects.filter(pk__in=ids)),
        (Target, Target.objects.filter(indicator__in=ids)),
        (ProcessChange, ProcessChange.objects.filter(indicator__in=ids)),
        (Benchmark, Benchmark.objects.filter(indicator__in=ids)),
        (
            Observation,
            Observation.objects.filter(
                indicator__in=ids, period__gte=history_start(period), period__lte=period, breakdown_dimension=""
            ),
        ),
    ):
        digest.update(_pickle_fast(_raw_rows(model, qs)))
    return digest.hexdigest()


def _raw_rows(model, qs) -> list[tuple]:
    """Every column of ``qs``'s rows as the database driver returns them: only ever hashed, so
    Django's per-value converters (dates, decimals) are skipped; they were most of the key's cost.
    Timestamps (created, updated) are left out: they say when, not what, and the pages cached
    under the key print none of them; parsing them was the other half of the cost on SQLite."""
    columns = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
    sql, params = qs.order_by("pk").values_list(*columns).query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _pickle_fast(value) -> bytes:
    """``value`` pickled without the memo, so equal rows give equal bytes whichever objects hold them."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def cached_page(key: str, build):
    """``build()`` (a page's rendered table and what it says about it), cached under ``key``."""
    value = cache.get(f"perf-page:{key}")
    if value is None:
        value = build()
        cache.set(f"perf-page:{key}", value, CACHE_TIMEOUT)
    return value


@dataclass
class DashboardRow:
    """An indicator's row: its cells are worked out when first read, so a page whose row
    comes from the template cache (keyed by ``cache_key``) does not compute them."""

    def __init__(self, st: IndicatorStatus, periods: list[date], period: date):
        self.indicator, self._st, self.periods, self.period = st.indicator, st, periods, period
        self.target = st.spec.target_for(period)
        self.cache_key = fingerprint(st.key, periods)

    @cached_property
    def status(self) -> calc.Status:
        """The full status (the page does not need it; agenda packs do)."""
        return _score([self._st], self.period)[0].status

    @cached_property
    def cells(self) -> list:
        """(period, Point | None, Rag) for each column."""
        return [(p, *calc.cell(self._st.spec, self._st.series, p)) for p in self.periods]


def dashboard(indicators, period: date, months: int = 13) -> tuple[list[date], list[DashboardRow]]:
    """Rows = indicators, columns = the ``months`` periods ending at ``period``."""
    periods = calc.months_back(period, months)
    return periods, [DashboardRow(st, periods, period) for st in _unscored(indicators, period)]


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
    window: measures.Window | None = None
    prior_window: measures.Window | None = None
    cache_key: str = ""  # the status's key, benchmarks and windows: the template caches the row under it


def mi_report(indicators, period: date, *, window: int | None = None) -> tuple[list[date], list[MiRow]]:
    """The MI report's summary table: last four months, YTD, target, DOT, RAG, tolerances,
    previous YTD, benchmarks; with ``window`` (per report) or an indicator's own
    ``window_months``, its N-month and previous-N-month columns."""
    four = calc.months_back(period, 4)
    rows = []
    for st in statuses(indicators, period):
        n = window or st.indicator.window_months
        rows.append(
            MiRow(
                st.indicator,
                [st.series.get(p) for p in four],
                st.status,
                benchmarks := benchmarks_in_force(st.indicator, period),
                win := measures.window(st.series, period, n, **st.spec.agg_kwargs) if n else None,
                prior := measures.prior_window(st.series, period, n, **st.spec.agg_kwargs) if n else None,
                fingerprint(
                    st.key, [(b.kind, b.value, b.refers_to) for b in benchmarks.values()], window, win, prior
                ),
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


# --- what councils print beside the month (issue: windows, rates, breakdowns) ---


def populations_by_area(age_bands) -> dict[tuple[str, str], dict[int, float]]:
    """{(area casefolded, age band): {year: population}} for the given age bands, one query."""
    out: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    bands = {b for b in age_bands if b}
    if not bands:
        return {}
    for area, band, year, value in Population.objects.filter(age_band__in=bands).values_list(
        "area", "age_band", "year", "value"
    ):
        out[(area.strip().casefold(), band)][year] = value
    return dict(out)


def authority_area() -> str:
    from django.conf import settings

    return settings.AUTHORITY_AREA


def breakdown_points(indicator_ids, start: date, end: date) -> dict[int, dict[tuple[str, str], dict[date, calc.Point]]]:
    """Breakdown members' figures per indicator: {id: {(dimension, member): {period: Point}}}, one query."""
    out: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    rows = (
        Observation.objects.filter(indicator_id__in=list(indicator_ids), period__gte=start, period__lte=end)
        .exclude(breakdown_dimension="")
        .values_list(
            "indicator_id",
            "breakdown_dimension",
            "breakdown_member",
            "period",
            "value",
            "numerator",
            "denominator",
            "no_data_expected",
            "provisional",
        )
    )
    for ind, dim, member, period, value, num, den, nde, provisional in rows:
        out[ind][(dim, member)][period] = calc.Point(period, value, num, den, nde, provisional)
    return out


@dataclass
class BreakdownRow:
    dimension: str
    member: str
    value: float | None
    numerator: float | None
    denominator: float | None
    rag: calc.Rag
    dot: calc.Dot
    rate: measures.PopulationRate | None
    excluded: bool


@dataclass
class Measures:
    """The extra measures for one indicator and period (windows and comparison only when asked)."""

    target_explanation: str
    rate: measures.PopulationRate | None
    trend_rating: measures.TrendRating
    breakdowns: list[BreakdownRow]
    breakdown_checks: dict[str, measures.BreakdownCheck]
    window: measures.Window | None = None
    prior_window: measures.Window | None = None
    comparison: measures.Comparison | None = None
    benchmarks: dict | None = None


def measures_for(
    st: IndicatorStatus,
    *,
    window: int | None = None,
    compare_to: date | None = None,
    populations: dict | None = None,
    members: dict | None = None,
) -> Measures:
    """Rates, breakdowns, trend rating, windows and a comparison for one computed status.

    ``populations`` and ``members`` may be passed in (from ``populations_by_area`` and
    ``breakdown_points``) so a list costs the same queries as one indicator."""
    ind, spec, series, status = st.indicator, st.spec, st.series, st.status
    period = status.period
    if populations is None:
        populations = populations_by_area([ind.population_age_band])
    if members is None:
        members = breakdown_points([ind.pk], calc.add_months(period, -1), period).get(ind.pk, {})
    band = ind.population_age_band

    def rate_for(value, area):
        if not band:
            return None
        return measures.population_rate(
            value,
            populations.get((area.strip().casefold(), band), {}),
            period,
            multiplier=ind.population_multiplier,
            area=area,
        )

    step = calc.MONTHS_PER_PERIOD.get(spec.frequency, 1)
    previous = calc.add_months(period, -step)
    target = spec.target_for(period)
    excluded = {m.strip().casefold() for m in (ind.total_excludes or [])}
    rows, by_dimension = [], defaultdict(dict)
    in_order = measures.member_sort_key(ind.breakdown_order)
    for (dim, member), points in sorted(members.items(), key=lambda item: (item[0][0], in_order(item[0][1]))):
        point = points.get(period)
        value = point.value if point else None
        prev = points.get(previous)
        rows.append(
            BreakdownRow(
                dim,
                member,
                value,
                point.numerator if point else None,
                point.denominator if point else None,
                calc.rag(
                    value,
                    polarity=spec.polarity,
                    rule=spec.rag_rule,
                    target=target,
                    unit=spec.unit,
                    denominator=point.denominator if point else None,
                    small_numbers_threshold=spec.small_numbers_threshold,
                ),
                calc.direction_of_travel(value, prev.value if prev else None, polarity=spec.polarity, unit=spec.unit),
                rate_for(value, member),
                member.strip().casefold() in excluded,
            )
        )
        if point is not None:
            by_dimension[dim][member] = value
    checks = {
        dim: measures.check_breakdown_total(status.value, values, excluded=ind.total_excludes or [], unit=spec.unit)
        for dim, values in by_dimension.items()
    }
    agg = spec.agg_kwargs
    result = Measures(
        target_explanation=spec.target_explanation(period),
        rate=rate_for(status.value, authority_area()),
        trend_rating=measures.trend_rating(
            status.value,
            series[previous].value if previous in series else None,
            polarity=spec.polarity,
            rule=ind.trend_rule,
            unit=spec.unit,
        ),
        breakdowns=rows,
        breakdown_checks=checks,
        benchmarks=benchmarks_in_force(ind, period),
    )
    if window:
        result.window = measures.window(series, period, window, **agg)
        result.prior_window = measures.prior_window(series, period, window, **agg)
    if compare_to:
        if compare_to not in series:
            # Outside the history loaded for the engine (or after the period): one more query.
            series = series_for([ind.pk], compare_to, compare_to).get(ind.pk, {})
        result.comparison = measures.compare(status.value, series, compare_to, polarity=spec.polarity, unit=spec.unit)
    return result


def benchmarks_in_force(indicator: Indicator, period: date) -> dict:
    """{kind: Benchmark} in force at ``period`` (uses the prefetched benchmarks)."""
    by_kind = defaultdict(list)
    for b in indicator.benchmarks.all():
        by_kind[b.kind].append(b)
    out = {}
    for kind, items in by_kind.items():
        chosen = measures.in_force(items, period)
        if chosen is not None:
            out[kind] = chosen
    return out


def statuses_with_measures(indicators, period: date, *, window=None, compare_to=None):
    """[(IndicatorStatus, Measures)] for a list: three more queries than ``statuses``, however many."""
    sts = statuses(indicators, period)
    populations = populations_by_area({st.indicator.population_age_band for st in sts})
    members = breakdown_points([st.indicator.pk for st in sts], calc.add_months(period, -12), period)
    return [
        (
            st,
            measures_for(
                st,
                window=window,
                compare_to=compare_to,
                populations=populations,
                members=members.get(st.indicator.pk, {}),
            ),
        )
        for st in sts
    ]


# --- breakdown tables (the Early Help dashboard, the Education and NEET scorecards) ---


@dataclass
class BreakdownGrid:
    """One indicator's figures for a breakdown table: the whole authority's and each member's,
    members in alphabetical order (an import writes rows in key order, so a file's order is not kept)."""

    indicator: Indicator
    overall: dict[date, calc.Point]
    dimension: str
    members: dict[str, dict[date, calc.Point]]

    def periods(self) -> set[date]:
        found = {p for p, pt in self.overall.items() if pt.value is not None}
        for by_period in self.members.values():
            found |= {p for p, pt in by_period.items() if pt.value is not None}
        return found


def dashboard_indicators(name: str, as_at: date):
    """The indicators a dashboard or scorecard reports, active on ``as_at``, in its order."""
    return list(active_on(indicators_qs().filter(dashboard=name), as_at).order_by("sort_order", "ref"))


def breakdown_grids(indicators, start: date, end: date) -> list[BreakdownGrid]:
    """Every figure between ``start`` and ``end`` of each indicator, overall and by member, one query.
    An indicator with members in more than one dimension gets one grid per dimension."""
    rows = (
        Observation.objects.filter(indicator__in=indicators, period__gte=start, period__lte=end)
        .order_by("breakdown_dimension", "breakdown_member", "period")
        .values_list("indicator_id", "breakdown_dimension", "breakdown_member", "period", "value", "numerator",
                     "denominator", "no_data_expected", "provisional")
    )
    overall: dict[int, dict[date, calc.Point]] = defaultdict(dict)
    members: dict[int, dict[str, dict[str, dict[date, calc.Point]]]] = defaultdict(dict)
    for ind, dim, member, period, value, num, den, nde, provisional in rows:
        point = calc.Point(period, value, num, den, nde, provisional)
        if dim:
            members[ind].setdefault(dim, {}).setdefault(member, {})[period] = point
        else:
            overall[ind][period] = point
    grids = []
    for ind in indicators:
        for dim, by_member in (members.get(ind.pk) or {"": {}}).items():
            key = measures.member_sort_key(ind.breakdown_order)
            members_in_order = dict(sorted(by_member.items(), key=lambda item: key(item[0])))
            grids.append(BreakdownGrid(ind, overall.get(ind.pk, {}), dim, members_in_order))
    return grids


def national_in_force(indicator: Indicator, period: date) -> Benchmark | None:
    """The national average published for the latest date on or before ``period`` (prefetched)."""
    found = None
    for bm in indicator.benchmarks.all():
        in_force = bm.kind == "national_avg" and bm.refers_to_start and bm.refers_to_start <= period
        if in_force and (found is None or bm.refers_to_start > found.refers_to_start):
            found = bm
    return found
