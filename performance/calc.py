"""The calculation engine: pure functions over plain data, no Django.

Every result that colours or labels something carries an ``explanation`` naming
the rule, thresholds, target and figures that produced it, so pages can show it on
hover/click and the API can return it.

Conventions
- A period is a ``date`` on the first day of its (first) month; written ``YYYY-MM``.
- A series is a mapping ``{period: Point}`` for one indicator (overall, no breakdown).
- Values are in the indicator's unit: a percentage is 23.8, not 0.238.
- Polarity is "high", "low" or "info"; aggregation "sum", "ratio", "latest", "mean".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

GREEN, AMBER, RED = "green", "amber", "red"
IMPROVING, WORSENING, UNCHANGED = "improving", "worsening", "unchanged"
INCREASING, REDUCING, FLAT, INCOMPLETE = "increasing", "reducing", "flat", "incomplete"
PERIODS_PER_YEAR = {"monthly": 12, "quarterly": 4, "termly": 3, "annual": 1}
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "termly": 4, "annual": 12}
SPC_MIN_POINTS = 12  # fewer points give "trial" limits (Making Data Count)
SPC_RUN = 7  # points in a row on one side of the mean
SPC_TREND = 6  # points in a row rising or falling
EXCEPTION_MARGIN_PCT = 5.0  # worse than target by 5% (of the target) or more

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
# What the API's schema promises for a period and a financial year: exactly what
# parse_period and the targets' year accept (1900-2199; a year and the next one's last two
# digits), so a client checking its data against the schema is never refused for its form.
PERIOD_PATTERN = r"^(?:19|20|21)\d{2}-(?:0[1-9]|1[0-2])$"
FINANCIAL_YEAR_PATTERN = (
    r"^(?:19|20|21)(?:" + "|".join(f"{n:02d}-{(n + 1) % 100:02d}" for n in range(100)) + r")$"
)


# --- periods ---------------------------------------------------------------


def parse_period(text: str) -> date:
    """``"2017-01"`` -> date(2017, 1, 1); ValueError with a readable message otherwise."""
    if isinstance(text, date):
        return text.replace(day=1)
    m = _PERIOD_RE.match(str(text).strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 2199:
        raise ValueError(f"'{text}' is not a period: write YYYY-MM, e.g. 2017-01")
    return date(int(m.group(1)), int(m.group(2)), 1)


def period_label(period: date) -> str:
    return f"{period.year:04d}-{period.month:02d}"


def short_label(period: date) -> str:
    """The seeds' column heading: ``Jan-17``."""
    return period.strftime("%b-%y")


def add_months(period: date, n: int) -> date:
    index = period.year * 12 + period.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_back(end: date, n: int) -> list[date]:
    """The ``n`` periods ending at ``end``, oldest first."""
    return [add_months(end, -i) for i in range(n - 1, -1, -1)]


def financial_year(period: date) -> int:
    """UK financial year (April-March), named by the year it starts: Jan 2017 -> 2016."""
    return period.year if period.month >= 4 else period.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


# --- figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    period: date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    no_data_expected: bool = False
    provisional: bool = False  # subject to validation


def derive_value(numerator, denominator, *, multiplier=1.0, annualise=False, frequency="monthly"):
    """The value from numerator and denominator: n / d x multiplier, scaled to a year if asked."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator * multiplier
    if annualise:
        value *= PERIODS_PER_YEAR.get(frequency, 12)
    return value


MAX_DECIMALS = 4


def fmt(value, unit="count", decimals=None) -> str:
    """A figure as the reports print it; ``decimals`` (the indicator's own places, e.g. 1 for
    Attainment 8's "49.0") overrides the unit's usual format."""
    if value is None:
        return "-"
    text = _fmt(value, unit, decimals)
    # A figure that prints as nothing but zeros is 0, not "-0.0%" or "£-0" (a small negative, or -0.0).
    return text if re.search(r"[1-9]", text) else text.replace("-", "")


def _fmt(value, unit, decimals) -> str:
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
        return f"{text}%" if unit == "percentage" else f"£{text}" if unit == "money" else text
    if unit == "percentage":
        return f"{value:.1f}%"
    if unit == "money":
        return f"£{value:,.0f}"
    if unit == "rate":
        return f"{value:,.1f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}" if unit == "count" else f"{value:,.2f}".rstrip("0").rstrip(".")


def _value(series: Mapping[date, Point], period: date):
    point = series.get(period)
    return None if point is None else point.value


# --- RAG -------------------------------------------------------------------


@dataclass(frozen=True)
class Rag:
    colour: str | None  # green, amber, red or None
    explanation: str
    small_numbers: bool = False


def check_rag_rule(rule: Mapping | None, polarity: str) -> str | None:
    """Why a RAG rule cannot be used (gap, overlap, contradicts polarity), or None if it is sound."""
    if not rule:
        return None
    method = rule.get("method")
    if polarity == "info":
        return "An information-only indicator has no RAG: remove the rule or give it a polarity."
    if method == "thresholds":
        green, red = rule.get("green"), rule.get("red")
        if green is None or red is None:
            return "The thresholds rule needs both a green and a red threshold."
        if polarity == "high" and green < red:
            return (
                f"High is good, yet green ({green:g}) is below red ({red:g}): "
                "the bands overlap. Green must be at or above red."
            )
        if polarity == "low" and green > red:
            return (
                f"Low is good, yet green ({green:g}) is above red ({red:g}): "
                "the bands overlap. Green must be at or below red."
            )
        return None
    if method == "relative":
        tolerance = rule.get("tolerance_pct")
        if tolerance is None or tolerance < 0:
            return "The relative rule needs a tolerance of 0% or more of the target."
        return None
    if method == "around_target":
        margin = rule.get("margin_pct")
        if margin is None or margin < 0:
            return "The around-target rule needs a margin of 0% or more of the target."
        return None
    return f"Unknown RAG method '{method}': use 'thresholds', 'relative' or 'around_target'."


def rag(
    value,
    *,
    polarity: str,
    rule: Mapping | None,
    target=None,
    unit: str = "count",
    denominator=None,
    small_numbers_threshold=None,
) -> Rag:
    """Red/amber/green for a value, with the reason.

    Thresholds: high is good: green if value >= green, red if value < red, else amber;
    low is good: green if value <= green, red if value > red, else amber.
    With ``"green_inclusive": false`` ("under 20") green needs a value strictly better
    than the green threshold.
    Relative: green if the target is met, amber if worse by no more than tolerance% of
    the target, red beyond.
    Around target: green when better than target by more than margin% of the target,
    amber within margin% either side, red when worse by more than margin%.
    No rule or no target: no RAG.
    """
    if value is None:
        return Rag(None, "No figure for this period.")
    if polarity == "info":
        return Rag(None, "Information only: no RAG.")
    if not rule:
        return Rag(None, "No RAG rule is set for this indicator.")
    if target is None:
        return Rag(None, "No target is set for this year, so no RAG.")
    problem = check_rag_rule(rule, polarity)
    if problem:
        return Rag(None, f"RAG rule refused: {problem}")
    if (
        small_numbers_threshold
        and denominator is not None
        and unit in ("percentage", "rate")
        and denominator < small_numbers_threshold
    ):
        return Rag(
            None,
            f"Small numbers: denominator {fmt(denominator)} is under {small_numbers_threshold}, "
            "so the figure is not coloured.",
            small_numbers=True,
        )
    v = fmt(value, unit)
    if rule["method"] == "thresholds":
        green, red = rule["green"], rule["red"]
        g, r = fmt(green, unit), fmt(red, unit)
        inclusive = rule.get("green_inclusive", True)
        if polarity == "high":
            if value > green or (inclusive and value == green):
                at = "at or above" if inclusive else "above"
                return Rag(GREEN, f"{v} is {at} the green threshold {g} (high is good).")
            if value < red:
                return Rag(RED, f"{v} is below the red threshold {r} (high is good).")
            short = "below green" if inclusive else "not above green"
            return Rag(AMBER, f"{v} is {short} {g} but not below red {r} (high is good).")
        if value < green or (inclusive and value == green):
            at = "at or below" if inclusive else "below"
            return Rag(GREEN, f"{v} is {at} the green threshold {g} (low is good).")
        if value > red:
            return Rag(RED, f"{v} is above the red threshold {r} (low is good).")
        short = "above green" if inclusive else "not below green"
        return Rag(AMBER, f"{v} is {short} {g} but not above red {r} (low is good).")
    if rule["method"] == "around_target":
        return _around_target(value, target, rule["margin_pct"], polarity, unit)
    tolerance = rule["tolerance_pct"]
    margin = abs(target) * tolerance / 100
    t = fmt(target, unit)
    shortfall = (target - value) if polarity == "high" else (value - target)
    if shortfall <= 0:
        return Rag(GREEN, f"{v} meets the target {t} ({polarity} is good).")
    # A target of 0 has no percentage to miss it by: the shortfall is given in the unit, as around target does.
    by = f"{shortfall / abs(target) * 100:.1f}% of the target" if target else fmt(shortfall, unit)
    if shortfall <= margin + 1e-9:
        return Rag(AMBER, f"{v} misses the target {t} by {by}, within the {tolerance:g}% tolerance.")
    return Rag(RED, f"{v} misses the target {t} by {by}, beyond the {tolerance:g}% tolerance.")


def _around_target(value, target, margin_pct, polarity, unit) -> Rag:
    """A key in which amber means on target: better by more than the margin is green."""
    v, t = fmt(value, unit), fmt(target, unit)
    margin = abs(target) * margin_pct / 100
    better_by = (value - target) if polarity == "high" else (target - value)
    pct = f"{abs(better_by) / abs(target) * 100:.1f}% of the target" if target else fmt(abs(better_by), unit)
    if better_by > margin + 1e-9:
        return Rag(GREEN, f"{v} is better than the target {t} by {pct}, more than the {margin_pct:g}% margin.")
    if better_by < -margin - 1e-9:
        return Rag(RED, f"{v} is worse than the target {t} by {pct}, more than the {margin_pct:g}% margin.")
    return Rag(AMBER, f"{v} is within {margin_pct:g}% of the target {t} either side: on target.")


# --- direction of travel ----------------------------------------------------


@dataclass(frozen=True)
class Dot:
    direction: str | None  # improving, worsening, unchanged or None
    explanation: str


def direction_of_travel(current, previous, *, polarity: str, unit: str = "count") -> Dot:
    """Month on month, read against polarity: up arrow = better, not bigger."""
    if polarity == "info":
        return Dot(None, "Information only: no direction of travel.")
    if current is None:
        return Dot(None, "No figure for this period.")
    if previous is None:
        return Dot(None, "No figure for the previous period to compare with.")
    c, p = fmt(current, unit), fmt(previous, unit)
    if math.isclose(current, previous, rel_tol=0, abs_tol=1e-9):
        return Dot(UNCHANGED, f"{c} is the same as the previous period's {p}.")
    better = current > previous if polarity == "high" else current < previous
    word = "up" if current > previous else "down"
    return Dot(
        IMPROVING if better else WORSENING,
        f"{word} from {p} to {c}; {polarity} is good, so {'improving' if better else 'worsening'}.",
    )


# --- aggregation over a span -----------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    value: float | None
    periods: int  # periods with a figure
    expected: int  # periods in the span
    numerator: float | None = None
    denominator: float | None = None
    missing: tuple[str, ...] = ()
    explanation: str = ""

    @property
    def complete(self):
        return not self.missing


def aggregate(
    series: Mapping[date, Point],
    periods: list[date],
    *,
    aggregation: str,
    multiplier: float = 1.0,
    annualise: bool = False,
    frequency: str = "monthly",
    label: str = "",
) -> Aggregate:
    """Sum, ratio of sums, latest or mean over ``periods`` (those marked "no data expected" are skipped)."""
    expected = [p for p in periods if not (series.get(p) and series[p].no_data_expected)]
    points = [series[p] for p in expected if p in series and series[p].value is not None]
    gap_periods = [p for p in expected if p not in series or series[p].value is None]
    missing = tuple(period_label(p) for p in gap_periods)
    # People read months as "Apr-17", as on the dashboard; ``missing`` keeps YYYY-MM for the API.
    missing_text = ", ".join(short_label(p) for p in gap_periods)
    span = f"{label} {short_label(periods[0])} to {short_label(periods[-1])}".strip()
    if not points:
        return Aggregate(None, 0, len(expected), missing=missing, explanation=f"No figures for {span}.")
    if missing and aggregation != "latest":
        # A sum or ratio over some of the months would be read as the whole span's.
        return Aggregate(
            None,
            len(points),
            len(expected),
            missing=missing,
            explanation=f"Dataset is incomplete for {span}: no figure for {missing_text}.",
        )
    if aggregation == "sum":
        total = sum(p.value for p in points)
        return Aggregate(
            total,
            len(points),
            len(expected),
            missing=missing,
            explanation=f"Sum of {len(points)} periods' figures, {span}.",
        )
    if aggregation == "latest":
        # The one aggregation given over a span with gaps, so it names them.
        last = points[-1]
        gaps = f"; missing {missing_text}" if missing else ""
        return Aggregate(
            last.value,
            len(points),
            len(expected),
            missing=missing,
            explanation=f"Latest figure ({short_label(last.period)}) in {span}{gaps}.",
        )
    if aggregation == "mean":
        mean = sum(p.value for p in points) / len(points)
        return Aggregate(
            mean,
            len(points),
            len(expected),
            missing=missing,
            explanation=f"Mean of {len(points)} periods' figures, {span}.",
        )
    if aggregation == "ratio":
        without = [short_label(p.period) for p in points if p.numerator is None or p.denominator is None]
        if without:
            return Aggregate(
                None,
                len(points),
                len(expected),
                missing=missing,
                explanation=f"Needs numerator and denominator for every period; not given for {', '.join(without)}.",
            )
        num = sum(p.numerator for p in points)
        den = sum(p.denominator for p in points)
        value = num / den * multiplier if den else None
        scale = ""
        if value is not None and annualise:
            # Each period's rate was scaled to a year, so the summed one is too.
            value *= PERIODS_PER_YEAR.get(frequency, 12)
            scale = f" x {PERIODS_PER_YEAR.get(frequency, 12)} (annualised)"
        return Aggregate(
            value,
            len(points),
            len(expected),
            numerator=num,
            denominator=den,
            missing=missing,
            explanation=f"Summed numerators {fmt(num)} / summed denominators {fmt(den)} "
            f"x {multiplier:g}{scale}, {span}.",
        )
    raise ValueError(f"unknown aggregation '{aggregation}'")


def ytd_periods(period: date, frequency: str = "monthly") -> list[date]:
    start = date(financial_year(period), 4, 1)
    step = MONTHS_PER_PERIOD.get(frequency, 1)
    out, p = [], start
    while p <= period:
        out.append(p)
        p = add_months(p, step)
    return out


def year_to_date(series, period: date, **kw) -> Aggregate:
    """From April of the period's financial year to the period."""
    return aggregate(series, ytd_periods(period, kw.get("frequency", "monthly")), label="Year to date", **kw)


def previous_year_to_date(series, period: date, **kw) -> Aggregate:
    """The same span a year earlier."""
    return aggregate(
        series,
        ytd_periods(add_months(period, -12), kw.get("frequency", "monthly")),
        label="Previous year to date",
        **kw,
    )


def rolling_12(series, period: date, **kw) -> Aggregate:
    return aggregate(series, months_back(period, 12), label="Rolling 12 months", **kw)


@dataclass(frozen=True)
class Difference:
    value: float | None
    percent: float | None
    explanation: str


def difference_13(series, period: date, unit: str = "count") -> Difference:
    """This period minus the same period a year earlier (the 13-month span's ends)."""
    start = add_months(period, -12)
    now, then = _value(series, period), _value(series, start)
    if now is None or then is None:
        return Difference(None, None, f"No figure for {short_label(start if then is None else period)}.")
    diff = now - then
    pct = diff / then * 100 if then else None
    return Difference(
        diff, pct, f"{fmt(now, unit)} ({short_label(period)}) - {fmt(then, unit)} ({short_label(start)})."
    )


# --- 13-month linear trend -------------------------------------------------


@dataclass(frozen=True)
class Trend:
    direction: str  # increasing, reducing, flat, incomplete
    slope: float | None
    explanation: str

    @property
    def label(self):
        return "Dataset is incomplete" if self.direction == INCOMPLETE else self.direction.capitalize()


def linear_trend(series, period: date, n: int = 13) -> Trend:
    """Sign of the least-squares slope over the last ``n`` periods; incomplete if any is missing."""
    periods = months_back(period, n)
    values = [_value(series, p) for p in periods]
    missing = [short_label(p) for p, v in zip(periods, values, strict=True) if v is None]
    if missing:
        return Trend(INCOMPLETE, None, f"Dataset is incomplete: no figure for {', '.join(missing)}.")
    slope = _slope(values)
    span = f"{short_label(periods[0])} to {short_label(periods[-1])}"
    scale = max(abs(v) for v in values) or 1.0
    if abs(slope) <= 1e-9 * scale:
        return Trend(FLAT, slope, f"Straight-line fit over {span} is flat.")
    word = INCREASING if slope > 0 else REDUCING
    return Trend(word, slope, f"Straight-line fit over {span} changes by {slope:+.3g} per period.")


def _slope(values: list[float]) -> float:
    n = len(values)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    sxy = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(values))
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    return sxy / sxx


# --- statistical process control (XmR, "Making Data Count") ----------------


@dataclass(frozen=True)
class SpcPoint:
    period: date
    value: float
    mean: float
    lower: float
    upper: float
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spc:
    mean: float | None
    lower: float | None
    upper: float | None
    trial: bool
    points: tuple[SpcPoint, ...]
    flags: tuple[str, ...]  # special causes at the latest point
    variation: str  # "improvement", "concern", "common cause", "special cause" (info), "none"
    assurance: str | None  # "pass", "fail", "hit and miss", None without a target/polarity
    explanation: str

    def as_dict(self):
        d = asdict(self)
        d["points"] = [
            {**{k: v for k, v in asdict(p).items() if k != "period"}, "period": period_label(p.period)}
            for p in self.points
        ]
        return d


FLAG_BEYOND = "point beyond a process limit"
FLAG_RUN = f"run of {SPC_RUN} on one side of the mean"
FLAG_TREND = f"trend of {SPC_TREND} rising or falling"
FLAG_NEAR = "two of three points near a process limit"


def spc(
    series: Mapping[date, Point],
    periods: Iterable[date],
    *,
    polarity: str = "info",
    target=None,
    process_changes: Iterable[date] = (),
    step: int = 1,
) -> Spc:
    """XmR chart: mean, limits at mean ± 2.66 x mean moving range, special-cause flags.

    Limits are recalculated from each process change. A moving range is taken only between
    consecutive periods (``step`` months apart; a period marked "no data expected" is stepped
    over, a missing figure is a gap), and runs and trends do not cross a gap. A segment with
    fewer than 12 points, or fewer than 11 moving ranges, gives trial limits; one with no two
    consecutive figures gives none.
    """
    data = [(p, series[p].value) for p in periods if p in series and series[p].value is not None]
    if len(data) < 2:
        return Spc(None, None, None, True, (), (), "none", None, "Too few figures for process limits (need 2 or more).")
    changes = sorted(set(process_changes))
    segments, current = [], []
    for p, v in data:
        if current and any(current[-1][0] < c <= p for c in changes):
            segments.append(current)
            current = []
        current.append((p, v))
    segments.append(current)
    if len(segments[-1]) < 2 and len(segments) > 1:
        # A single point after a change cannot set limits on its own.
        segments[-2].extend(segments.pop())
    points: list[SpcPoint] = []
    ranges_in_last = 0
    for seg in segments:
        values = [v for _, v in seg]
        runs = _consecutive_runs([p for p, _ in seg], series, step)
        mean = sum(values) / len(values)
        mr = [abs(values[i + 1] - values[i]) for run in runs for i in range(run.start, run.stop - 1)]
        ranges_in_last = len(mr)
        mr_bar = sum(mr) / len(mr) if mr else 0.0
        lower, upper = mean - 2.66 * mr_bar, mean + 2.66 * mr_bar
        flags = [[] for _ in values]
        # With no moving range there are no limits, so nothing can be flagged against them.
        for run in runs if mr else ():
            for i, f in zip(run, _special_causes(values[run.start : run.stop], mean, lower, upper), strict=True):
                flags[i] = f
        points.extend(SpcPoint(p, v, mean, lower, upper, tuple(f)) for (p, v), f in zip(seg, flags, strict=True))
    last_seg = segments[-1]
    if not ranges_in_last:
        return Spc(
            None, None, None, True, (), (), "none", None,
            f"No two consecutive figures since {short_label(last_seg[0][0])}, so no process limits: "
            "a moving range is only taken between consecutive periods.",
        )
    trial = len(last_seg) < SPC_MIN_POINTS or ranges_in_last < SPC_MIN_POINTS - 1
    latest = points[-1]
    variation = _variation(latest, polarity, points[-2] if len(points) > 1 else None)
    assurance, assurance_text = _assurance(latest, polarity, target)
    gaps = len(last_seg) - 1 - ranges_in_last
    explanation = (
        f"Mean {latest.mean:.3g}, process limits {latest.lower:.3g} to {latest.upper:.3g} "
        f"(mean ± 2.66 × average moving range) from {len(last_seg)} points"
        + (f" since the process change in {short_label(last_seg[0][0])}" if len(segments) > 1 else "")
        + (f", {ranges_in_last} moving ranges between consecutive periods ({gaps} gap{'s' * (gaps != 1)})"
           if gaps else "")
        + (" - trial limits (fewer than 12 consecutive points)." if trial else ".")
        + (f" Latest point: {', '.join(latest.flags)}." if latest.flags else " Latest point: common cause variation.")
        + (f" {assurance_text}" if assurance_text else "")
    )
    return Spc(
        latest.mean, latest.lower, latest.upper, trial, tuple(points), latest.flags, variation, assurance, explanation
    )


def _consecutive_runs(periods: list[date], series: Mapping[date, Point], step: int) -> list[range]:
    """Index ranges of ``periods`` (sorted) in which each follows the one before with no gap."""
    runs, start = [], 0
    for i in range(1, len(periods)):
        expected = add_months(periods[i - 1], step)
        while expected < periods[i] and series.get(expected) is not None and series[expected].no_data_expected:
            expected = add_months(expected, step)
        if expected != periods[i]:
            runs.append(range(start, i))
            start = i
    runs.append(range(start, len(periods)))
    return runs


def _special_causes(values, mean, lower, upper):
    n = len(values)
    flags = [set() for _ in range(n)]
    sigma = (upper - mean) / 3
    for i, v in enumerate(values):
        if v > upper or v < lower:
            flags[i].add(FLAG_BEYOND)
    side = [1 if v > mean else -1 if v < mean else 0 for v in values]
    for i in range(n - SPC_RUN + 1):
        window = side[i : i + SPC_RUN]
        if window[0] != 0 and all(s == window[0] for s in window):
            for j in range(i, i + SPC_RUN):
                flags[j].add(FLAG_RUN)
    for i in range(n - SPC_TREND + 1):
        window = values[i : i + SPC_TREND]
        steps = [b - a for a, b in zip(window, window[1:], strict=False)]
        if all(s > 0 for s in steps) or all(s < 0 for s in steps):
            for j in range(i, i + SPC_TREND):
                flags[j].add(FLAG_TREND)
    if sigma > 0:
        high = [v > mean + 2 * sigma for v in values]
        low = [v < mean - 2 * sigma for v in values]
        for i in range(n - 2):
            for near in (high, low):
                if sum(near[i : i + 3]) >= 2:
                    for j in range(i, i + 3):
                        if near[j]:
                            flags[j].add(FLAG_NEAR)
    order = [FLAG_BEYOND, FLAG_RUN, FLAG_TREND, FLAG_NEAR]
    return [[f for f in order if f in s] for s in flags]


def _variation(point: SpcPoint, polarity, previous: SpcPoint | None = None):
    """The latest point's icon. A trend on its own is judged by its direction, as Making Data
    Count does: six months rising towards the mean from below is improvement where higher is
    better. The other rules (and a trend with them) by the side of the mean the point is on."""
    if not point.flags:
        return "common cause"
    if polarity == "info":
        return "special cause"
    if point.flags == (FLAG_TREND,) and previous is not None:
        up = point.value > previous.value  # the trend ends at the latest point, so its last step is its direction
    else:
        up = point.value > point.mean
    good = up if polarity == "high" else not up
    return "improvement" if good else "concern"


def _assurance(point: SpcPoint, polarity, target):
    if target is None or polarity == "info":
        return None, ""
    inside = point.lower <= target <= point.upper
    if inside:
        return "hit and miss", f"Target {target:g} lies inside the limits: it will be met some periods and not others."
    consistently_met = point.lower > target if polarity == "high" else point.upper < target
    if consistently_met:
        return "pass", f"Target {target:g} lies outside the limits on the good side: consistently met."
    return "fail", f"Target {target:g} lies outside the limits on the bad side: will not be met without change."


# --- exceptions ------------------------------------------------------------


@dataclass(frozen=True)
class ExceptionResult:
    exception: bool
    reasons: tuple[str, ...]
    explanation: str


def exception_status(
    *,
    value,
    rag_colour,
    target,
    polarity,
    recent_directions: list[str | None] = (),
    affects_budget: bool = False,
    affects_corporate_risk: bool = False,
    unit: str = "count",
) -> ExceptionResult:
    """Reported to committee when red, worse than target by 5% or more, worse three periods
    running, or flagged as affecting the budget or a corporate risk."""
    reasons = []
    if rag_colour == RED:
        reasons.append("RAG is red")
    if value is not None and target and polarity in ("high", "low"):
        shortfall = (target - value) if polarity == "high" else (value - target)
        worse_pct = shortfall / abs(target) * 100
        if worse_pct >= EXCEPTION_MARGIN_PCT - 1e-9:
            reasons.append(
                f"worse than target {fmt(target, unit)} by {worse_pct:.1f}% "
                f"(criterion: {EXCEPTION_MARGIN_PCT:g}% or more)"
            )
    last3 = list(recent_directions)[-3:]
    if len(last3) == 3 and all(d == WORSENING for d in last3):
        reasons.append("worsened for three periods running")
    if affects_budget:
        reasons.append("flagged as affecting the council's budget")
    if affects_corporate_risk:
        reasons.append("flagged as affecting a corporate risk")
    if reasons:
        return ExceptionResult(True, tuple(reasons), "Exception: " + "; ".join(reasons) + ".")
    return ExceptionResult(False, (), "Not an exception: none of the reporting criteria is met.")


# --- target trajectories -----------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    value: float
    by: date | None = None  # the month by which the value is to be reached
    trajectory_from: float | None = None  # where the line starts, at the year's first month


@dataclass(frozen=True)
class TargetAt:
    value: float | None
    explanation: str


def target_at(targets: Mapping[int, TargetSpec | float], period: date, *, unit: str = "count") -> TargetAt:
    """The target a period is rated against: its financial year's value, or a point on the
    straight line from ``trajectory_from`` (April) to the value (at ``by``)."""
    year = financial_year(period)
    target = targets.get(year)
    if target is None:
        return TargetAt(None, f"No target for {year}-{(year + 1) % 100:02d}.")
    if not isinstance(target, TargetSpec):
        target = TargetSpec(float(target))
    label = f"{year}-{(year + 1) % 100:02d}"
    if target.by is None or target.trajectory_from is None:
        by = f" by {short_label(target.by)}" if target.by else ""
        return TargetAt(target.value, f"Target for {label}: {fmt(target.value, unit)}{by}.")
    start = date(year, 4, 1)
    steps = _months_between(start, target.by)
    done = _months_between(start, period)
    # ``done`` is 0 or more (the period is in the year), so a line due by April, or before, ends here too.
    if done >= steps:
        return TargetAt(target.value, f"Target for {label}: {fmt(target.value, unit)} by {short_label(target.by)}.")
    value = target.trajectory_from + (target.value - target.trajectory_from) * done / steps
    return TargetAt(
        value,
        f"Trajectory target for {short_label(period)}: {fmt(value, unit)}, on the straight line from "
        f"{fmt(target.trajectory_from, unit)} in {short_label(start)} to {fmt(target.value, unit)} by "
        f"{short_label(target.by)}.",
    )


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month



# --- everything for one indicator and period -------------------------------


@dataclass(frozen=True)
class Spec:
    """What the engine needs to know about an indicator (built from the model by selectors)."""

    ref: str
    polarity: str = "info"
    unit: str = "count"
    frequency: str = "monthly"
    aggregation: str = "latest"
    multiplier: float = 1.0
    annualise: bool = False
    rag_rule: Mapping | None = None
    targets: Mapping[int, float | TargetSpec] = field(default_factory=dict)  # financial year -> target
    small_numbers_threshold: int | None = None
    process_changes: tuple[date, ...] = ()
    affects_budget: bool = False
    affects_corporate_risk: bool = False

    def target_for(self, period: date):
        return target_at(self.targets, period, unit=self.unit).value

    def target_explanation(self, period: date) -> str:
        return target_at(self.targets, period, unit=self.unit).explanation

    @property
    def agg_kwargs(self):
        return {
            "aggregation": self.aggregation,
            "multiplier": self.multiplier,
            "annualise": self.annualise,
            "frequency": self.frequency,
        }


@dataclass(frozen=True)
class Status:
    period: date
    value: float | None
    numerator: float | None
    denominator: float | None
    no_data_expected: bool
    target: float | None
    rag: Rag
    dot: Dot
    ytd: Aggregate
    previous_ytd: Aggregate
    rolling_12: Aggregate
    difference: Difference
    trend: Trend
    spc: Spc
    exception: ExceptionResult


def cell(spec: Spec, series: Mapping[date, Point], period: date) -> tuple[Point | None, Rag]:
    """A dashboard cell: the point and its RAG (cheap: no SPC, no aggregates)."""
    point = series.get(period)
    value = point.value if point else None
    return point, rag(
        value,
        polarity=spec.polarity,
        rule=spec.rag_rule,
        target=spec.target_for(period),
        unit=spec.unit,
        denominator=point.denominator if point else None,
        small_numbers_threshold=spec.small_numbers_threshold,
    )


def status(spec: Spec, series: Mapping[date, Point], period: date) -> Status:
    point, rag_result = cell(spec, series, period)
    step = MONTHS_PER_PERIOD.get(spec.frequency, 1)
    value = point.value if point else None
    previous = _value(series, add_months(period, -step))
    dot = direction_of_travel(value, previous, polarity=spec.polarity, unit=spec.unit)
    recent = [
        direction_of_travel(
            _value(series, add_months(period, -step * k)),
            _value(series, add_months(period, -step * (k + 1))),
            polarity=spec.polarity,
        ).direction
        for k in (2, 1, 0)
    ]
    target = spec.target_for(period)
    spc_periods = [p for p in sorted(series) if p <= period]
    return Status(
        period=period,
        value=value,
        numerator=point.numerator if point else None,
        denominator=point.denominator if point else None,
        no_data_expected=bool(point and point.no_data_expected),
        target=target,
        rag=rag_result,
        dot=dot,
        ytd=year_to_date(series, period, **spec.agg_kwargs),
        previous_ytd=previous_year_to_date(series, period, **spec.agg_kwargs),
        rolling_12=rolling_12(series, period, **spec.agg_kwargs),
        difference=difference_13(series, period, spec.unit),
        trend=linear_trend(series, period),
        spc=spc(
            series, spc_periods, polarity=spec.polarity, target=target, process_changes=spec.process_changes,
            step=step,
        ),
        exception=exception_status(
            value=value,
            rag_colour=rag_result.colour,
            target=target,
            polarity=spec.polarity,
            recent_directions=recent,
            affects_budget=spec.affects_budget,
            affects_corporate_risk=spec.affects_corporate_risk,
            unit=spec.unit,
        ),
    )


# --- validating a figure before it is stored --------------------------------


def figure_problems(*, unit, value, numerator, denominator, no_data_expected=False) -> dict[str, str]:
    """Field -> message for a figure that cannot be right (used by the grid, imports and the API)."""
    problems = {}
    if no_data_expected:
        if value is not None or numerator is not None or denominator is not None:
            problems["no_data_expected"] = "A period marked 'no data expected' cannot also have figures."
        return problems
    if (numerator is None) != (denominator is None):
        problems["denominator" if denominator is None else "numerator"] = (
            "Give both numerator and denominator, or neither."
        )
    if denominator is not None and denominator < 0:
        problems["denominator"] = "The denominator cannot be negative."
    if numerator is not None and numerator < 0:
        problems["numerator"] = "The numerator cannot be negative."
    if numerator is not None and denominator is not None:
        if denominator == 0:
            problems["denominator"] = "The denominator cannot be 0."
        elif unit == "percentage" and numerator > denominator:
            problems["numerator"] = f"The numerator ({fmt(numerator)}) is above the denominator ({fmt(denominator)})."
    if unit == "percentage" and value is not None and not 0 <= value <= 100:
        problems["value"] = f"A percentage must be between 0 and 100 (got {value:g})."
    if value is not None and math.isnan(value):
        problems["value"] = "Not a number."
    return problems


def outside_limits(value, spc_result: Spc) -> bool:
    """A figure far outside the process limits: the grid asks for a confirming note."""
    if value is None or spc_result.mean is None or spc_result.upper is None:
        return False
    return value > spc_result.upper or value < spc_result.lower
