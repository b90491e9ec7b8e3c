"""What councils print beside a month's figure: rolling windows, rates per head of
population, trend ratings, target trajectories, comparisons and breakdown totals.

Pure functions over plain data, no Django, in the same conventions as ``calc``: a period
is the first day of its month, a series is ``{period: calc.Point}``, and every result
carries an ``explanation`` a page can show and the API returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .calc import (
    PERIODS_PER_YEAR,
    Point,
    add_months,
    direction_of_travel,
    fmt,
    months_back,
    period_label,
    short_label,
)

WINDOW_MIN, WINDOW_MAX = 2, 24
NOT_BETTER, BIT_BETTER, MUCH_BETTER = "not better", "bit better", "much better"

# --- rolling windows ---------------------------------------------------------


@dataclass(frozen=True)
class Window:
    months: int
    start: date
    end: date
    value: float | None
    numerator: float | None
    denominator: float | None
    mean_numerator: float | None
    mean_denominator: float | None
    complete: bool
    missing: tuple[str, ...]
    explanation: str

    def as_dict(self) -> dict:
        return {
            "months": self.months,
            "from": period_label(self.start),
            "to": period_label(self.end),
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "mean_numerator": self.mean_numerator,
            "mean_denominator": self.mean_denominator,
            "complete": self.complete,
            "missing": list(self.missing),
            "explanation": self.explanation,
        }


def check_window(n) -> str | None:
    if not isinstance(n, int) or isinstance(n, bool) or not WINDOW_MIN <= n <= WINDOW_MAX:
        return f"A window is a whole number of months from {WINDOW_MIN} to {WINDOW_MAX}."
    return None


def window(
    series: Mapping[date, Point],
    end: date,
    n: int,
    *,
    aggregation: str,
    multiplier: float = 1.0,
    annualise: bool = False,
    frequency: str = "monthly",
    label: str = "",
) -> Window:
    """The ``n`` months ending with ``end``, combined by the indicator's aggregation.

    Months marked "no data expected" are not counted as missing. With a month missing a
    ratio, mean or latest figure is still given over the months there are (marked
    incomplete, the months named), but a sum is withheld: a total of five months would be
    read as six months' total.
    """
    problem = check_window(n)
    if problem:
        raise ValueError(problem)
    periods = months_back(end, n)
    expected = [p for p in periods if not (p in series and series[p].no_data_expected)]
    points = [series[p] for p in expected if p in series and series[p].value is not None]
    gap_periods = [p for p in expected if p not in series or series[p].value is None]
    missing = tuple(period_label(p) for p in gap_periods)
    span = f"{label or f'{n} months'} {short_label(periods[0])} to {short_label(periods[-1])}"
    gaps = f"; no figure for {', '.join(short_label(p) for p in gap_periods)}" if missing else ""
    with_parts = [p for p in points if p.numerator is not None and p.denominator is not None]
    num = sum(p.numerator for p in with_parts) if with_parts else None
    den = sum(p.denominator for p in with_parts) if with_parts else None
    mean_num = num / len(with_parts) if with_parts else None
    mean_den = den / len(with_parts) if with_parts else None

    def result(value, explanation):
        return Window(
            n, periods[0], periods[-1], value, num, den, mean_num, mean_den, not missing, missing, explanation
        )

    if not points:
        return result(None, f"No figures for {span}.")
    if aggregation == "sum":
        if missing:
            return result(None, f"No total for {span}: a sum over part of the window would read as the whole{gaps}.")
        return result(sum(p.value for p in points), f"Sum of {len(points)} months' figures, {span}.")
    if aggregation == "mean":
        mean = sum(p.value for p in points) / len(points)
        return result(mean, f"Mean of {len(points)} months' figures, {span}{gaps}.")
    if aggregation == "latest":
        last = points[-1]
        return result(last.value, f"Latest figure ({short_label(last.period)}) in {span}{gaps}.")
    if aggregation == "ratio":
        if len(with_parts) < len(points):
            without = [short_label(p.period) for p in points if p not in with_parts]
            return result(None, f"Needs numerator and denominator for every month; not given for {', '.join(without)}.")
        if not den:
            return result(None, f"Summed denominators are 0 for {span}: no rate.")
        value = num / den * multiplier
        scale = ""
        if annualise:
            value *= PERIODS_PER_YEAR.get(frequency, 12)
            scale = f" x {PERIODS_PER_YEAR.get(frequency, 12)} (annualised)"
        return result(
            value,
            f"Summed numerators {fmt(num)} / summed denominators {fmt(den)} x {multiplier:g}{scale}, {span}{gaps}.",
        )
    raise ValueError(f"unknown aggregation '{aggregation}'")


def prior_window(series, period: date, n: int, **kw) -> Window:
    """The ``n`` months just before ``period``, not including it ("previous 6 months")."""
    return window(series, add_months(period, -1), n, label=f"previous {n} months", **kw)


# --- rates per head of population -----------------------------------------


@dataclass(frozen=True)
class PopulationRate:
    value: float | None
    population: float | None
    population_year: int | None
    explanation: str


def population_in_force(populations: Mapping[int, float], year: int) -> tuple[int, float] | None:
    """The latest (year, population) whose year is not after ``year``."""
    years = [y for y in populations if y <= year]
    if not years:
        return None
    y = max(years)
    return y, populations[y]


def population_rate(
    value, populations: Mapping[int, float], period: date, *, multiplier: float = 10000, area: str = ""
) -> PopulationRate:
    """``value / population x multiplier``, from the latest population not after the period's year."""
    where = f" for {area}" if area else ""
    if value is None:
        return PopulationRate(None, None, None, "No figure, so no rate.")
    found = population_in_force(populations, period.year)
    if found is None:
        return PopulationRate(None, None, None, f"No population{where} for {period.year} or earlier, so no rate.")
    year, population = found
    if not population:
        return PopulationRate(None, population, year, f"The {year} population{where} is 0, so no rate.")
    rate = value / population * multiplier
    return PopulationRate(
        rate,
        population,
        year,
        f"{fmt(value)} / {fmt(population)} ({year} population{where}) x {multiplier:,g} = {rate:,.1f}.",
    )


# --- trend rating ------------------------------------------------------------


@dataclass(frozen=True)
class TrendRating:
    rating: str | None  # not better, bit better, much better, or None
    explanation: str


def check_trend_rule(rule: Mapping | None) -> str | None:
    if not rule:
        return None
    basis = rule.get("basis", "points")
    if basis not in ("points", "percent"):
        return "The trend rule's basis is 'points' or 'percent'."
    a, b = rule.get("bit_better"), rule.get("much_better")
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in (a, b)):
        return "The trend rule needs numbers for bit_better and much_better."
    if a <= 0 or b < a:
        return "The trend rule needs 0 < bit_better <= much_better."
    return None


def trend_rating(current, previous, *, polarity: str, rule: Mapping | None, unit: str = "count") -> TrendRating:
    """The change since the previous period, read against polarity, against the rule's steps.

    An improvement of at least ``much_better`` is "much better", of at least ``bit_better``
    "bit better"; anything less (no change, or worse) is "not better". ``basis`` is
    "points" (the unit's own points) or "percent" (of the previous value).
    """
    if not rule:
        return TrendRating(None, "No trend rule is set for this indicator.")
    if polarity == "info":
        return TrendRating(None, "Information only: no trend rating.")
    problem = check_trend_rule(rule)
    if problem:
        return TrendRating(None, f"Trend rule refused: {problem}")
    if current is None or previous is None:
        return TrendRating(None, "Needs this period's and the previous period's figures.")
    better_by = (current - previous) if polarity == "high" else (previous - current)
    basis = rule.get("basis", "points")
    if basis == "percent":
        if previous == 0:
            return TrendRating(None, "The previous figure is 0, so a change in percent cannot be taken.")
        better_by = better_by / abs(previous) * 100
        unit_word = "% of the previous figure"
    else:
        unit_word = " points"
    a, b = rule["bit_better"], rule["much_better"]
    moved = f"{fmt(previous, unit)} to {fmt(current, unit)}: better by {better_by:.3g}{unit_word} ({polarity} is good)"
    # A small epsilon so that 0.1 + 0.2 style sums land on the boundary they were typed at.
    if better_by >= b - 1e-9:
        return TrendRating(MUCH_BETTER, f"{moved}, at least {b:g} is much better.")
    if better_by >= a - 1e-9:
        return TrendRating(BIT_BETTER, f"{moved}, at least {a:g} is a bit better.")
    return TrendRating(NOT_BETTER, f"{moved}, under {a:g} is not better.")


# --- comparisons ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    period: date
    value: float | None
    change: float | None
    direction: str | None
    explanation: str

    def as_dict(self) -> dict:
        return {
            "period": period_label(self.period),
            "value": self.value,
            "change": self.change,
            "direction": self.direction,
            "explanation": self.explanation,
        }


def compare(current, series: Mapping[date, Point], other: date, *, polarity: str, unit: str = "count") -> Comparison:
    """This period's figure against another period's ("this month against last March")."""
    point = series.get(other)
    then = point.value if point else None
    if then is None:
        return Comparison(other, None, None, None, f"No figure for {short_label(other)} to compare with.")
    change = None if current is None else current - then
    dot = direction_of_travel(current, then, polarity=polarity, unit=unit)
    return Comparison(other, then, change, dot.direction, f"Against {short_label(other)}: {dot.explanation}")


# --- breakdown totals ------------------------------------------------------


@dataclass(frozen=True)
class BreakdownCheck:
    adds_up: bool | None  # None when it cannot be checked
    members_total: float | None
    explanation: str


def check_breakdown_total(
    total, members: Mapping[str, float | None], *, excluded: Iterable[str] = (), unit: str = "count"
) -> BreakdownCheck:
    """Do the members add up to the total? Only a count adds; members the total excludes
    (e.g. citywide teams not in the area breakdown) are left out of the sum."""
    excluded = {m.strip().casefold() for m in excluded}
    counted = {m: v for m, v in members.items() if m.strip().casefold() not in excluded}
    if unit != "count" or total is None or not counted or any(v is None for v in counted.values()):
        return BreakdownCheck(None, None, "Not checked against the total (not a count, or a figure missing).")
    members_total = sum(counted.values())
    left_out = sorted(set(members) - set(counted))
    note = f" ({', '.join(left_out)} excluded from the total)" if left_out else ""
    if math.isclose(members_total, total, rel_tol=0, abs_tol=1e-6):
        return BreakdownCheck(True, members_total, f"Members add up to the total {fmt(total)}{note}.")
    return BreakdownCheck(
        False,
        members_total,
        f"Members add up to {fmt(members_total)}, not the total {fmt(total)}{note}, and nothing explains it.",
    )


# --- breakdown members' order ---------------------------------------------


def check_member_order(order) -> str | None:
    """A member order is a list of distinct names."""
    if not isinstance(order, list) or not all(isinstance(m, str) and m.strip() for m in order):
        return 'A list of member names, e.g. ["Breckland", "City"].'
    seen = [m.strip().casefold() for m in order]
    dupes = sorted({m for m in order if seen.count(m.strip().casefold()) > 1})
    return f"Each member once: {', '.join(dupes)} given more than once." if dupes else None


def member_sort_key(order: Iterable[str]):
    """A sort key putting members in ``order`` (names matched without case or edge spaces);
    members not listed come after them, alphabetically."""
    position = {m.strip().casefold(): n for n, m in enumerate(order or [])}

    def key(member: str):
        folded = member.strip().casefold()
        return (0, position[folded], "") if folded in position else (1, 0, folded)

    return key


def merged_member_order(order: Iterable[str], seen: Iterable[str]) -> list[str]:
    """``order`` kept as it is, then the members of ``seen`` it does not hold, in the order seen
    (a file's first appearances): an import extends an edited order, never reshuffles it."""
    out = list(order or [])
    known = {m.strip().casefold() for m in out}
    for member in seen:
        folded = member.strip().casefold()
        if folded not in known:
            known.add(folded)
            out.append(member)
    return out


# --- figures as written ----------------------------------------------------

NOT_APPLICABLE = frozenset({"n/a", "na", "-", "n / a"})


def is_not_applicable(raw) -> bool:
    """'N/A', 'n/a', 'NA' and '-' in a figure column mean "not applicable"."""
    return isinstance(raw, str) and raw.strip().casefold() in NOT_APPLICABLE


def decimals_written(raw) -> int | None:
    """How many decimal places a figure was written with ("24%" -> 0, "23.9" -> 1); None if unknown."""
    if not isinstance(raw, str):
        return None
    text = raw.strip().rstrip("%").replace(",", "")
    if "e" in text.lower():
        return None
    whole, dot, frac = text.partition(".")
    if not whole.lstrip("+-").isdigit() and not frac.isdigit():
        return None
    return len(frac) if dot else 0


def matches_when_rounded(value: float, derived: float, decimals: int) -> bool:
    """The written value is the derived one rounded to the places it was written with."""
    step = 10.0**-decimals
    return abs(value - derived) <= step / 2 + 1e-9 * max(1.0, abs(derived))


# --- benchmarks in force ---------------------------------------------------

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


def refers_to_start(text: str) -> date | None:
    """The first day of what a benchmark's "refers to" names: "2015-16" or "2015/16" (a
    financial year, from April), "2016" (a year), "2016-03" or "Mar-16" (a month),
    "31/03/2016" (a date). None when it names nothing we can place in time."""
    t = (text or "").strip()
    if not t:
        return None
    parts = t.replace("/", "-").split("-")
    try:
        if len(parts) == 1 and len(t) == 4 and t.isdigit():
            return date(int(t), 1, 1)
        if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
            first, second = int(parts[0]), int(parts[1])
            if len(parts[1]) == 2 and second == (first + 1) % 100:
                return date(first, 4, 1)
            if 1 <= second <= 12:
                return date(first, second, 1)
            if len(parts[1]) == 4 and second == first + 1:
                return date(first, 4, 1)
            return None
        if len(parts) == 2 and parts[0][:3].lower() in _MONTHS and parts[1].isdigit():
            year = int(parts[1])
            return date(year + 2000 if year < 100 else year, _MONTHS[parts[0][:3].lower()], 1)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


def in_force(benchmarks: Iterable, period: date, *, start=lambda b: b.refers_to_start):
    """Of one kind's benchmarks, the latest that refers to a time on or before ``period``
    (one with no date counts only when there is nothing dated)."""
    dated = [b for b in benchmarks if start(b) is not None and start(b) <= period]
    if dated:
        return max(dated, key=start)
    undated = [b for b in benchmarks if start(b) is None]
    return undated[-1] if undated else None
