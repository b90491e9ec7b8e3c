"""Properties of the performance calculation engine (performance/calc.py)."""

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from performance import calc
from performance.calc import Point

from .conftest import PROFILE

END = date(2017, 1, 1)
MONTHS = calc.months_back(END, 25)
RANK = {calc.RED: 0, calc.AMBER: 1, calc.GREEN: 2}

values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
small_values = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)


@st.composite
def points(draw, value=values):
    """A period's entry: missing, "no data expected", a value, or a numerator over a denominator."""
    kind = draw(st.sampled_from(["missing", "missing", "nde", "value", "value", "ratio", "zero"]))
    if kind == "missing":
        return None
    if kind == "nde":
        return {"no_data_expected": True}
    if kind == "zero":
        return {"value": 0.0, "numerator": 0.0, "denominator": draw(st.sampled_from([0.0, 1.0, 0.5]))}
    if kind == "ratio":
        den = draw(st.floats(min_value=0.001, max_value=1e6))
        num = draw(st.floats(min_value=0, max_value=1e6))
        return {"value": num / den * 100, "numerator": num, "denominator": den}
    return {"value": draw(value)}


@st.composite
def series(draw, months=MONTHS, value=values):
    out = {}
    for p in months:
        entry = draw(points(value))
        if entry is not None:
            out[p] = Point(p, **entry)
    return out


@st.composite
def specs(draw):
    polarity = draw(st.sampled_from(["high", "low", "info"]))
    method = draw(st.sampled_from([None, "thresholds", "relative"]))
    rule = None
    if method == "thresholds":
        a, b = draw(small_values), draw(small_values)
        rule = {"method": method, "green": a, "red": b}  # possibly contradicting polarity: refused, not raised
    elif method == "relative":
        rule = {"method": method, "tolerance_pct": draw(st.floats(min_value=-5, max_value=50))}
    return calc.Spec(
        ref="P",
        polarity=polarity,
        unit=draw(st.sampled_from(["count", "percentage", "rate", "money", "days"])),
        frequency=draw(st.sampled_from(list(calc.PERIODS_PER_YEAR))),
        aggregation=draw(st.sampled_from(["sum", "ratio", "latest", "mean"])),
        multiplier=draw(st.sampled_from([1.0, 100.0, 10_000.0])),
        annualise=draw(st.booleans()),
        rag_rule=rule,
        targets=draw(st.dictionaries(st.sampled_from([2015, 2016, 2017]), small_values, max_size=3)),
        small_numbers_threshold=draw(st.sampled_from([None, 0, 5, 30])),
        process_changes=tuple(draw(st.lists(st.sampled_from(MONTHS), max_size=2))),
        affects_budget=draw(st.booleans()),
    )


@PROFILE
@given(specs(), series(), st.sampled_from(MONTHS[12:]))
def test_status_never_raises_and_always_explains(spec, data, period):
    """Gaps, "no data expected", zeros, negatives, single points: a status, never an exception."""
    status = calc.status(spec, data, period)
    for part in (status.rag, status.dot, status.ytd, status.rolling_12, status.trend, status.spc, status.exception):
        assert part.explanation
    if status.rag.colour is not None:
        assert status.value is not None and spec.polarity != "info"
    assert calc.fmt(status.value, spec.unit)


@PROFILE
@given(
    st.sampled_from(["high", "low"]),
    small_values, small_values, small_values, small_values,
    st.floats(min_value=0, max_value=50),
)
def test_rag_is_monotonic_in_the_value(polarity, v1, v2, a, b, tolerance):
    """A better value never gets a worse colour, under either rule."""
    green, red = (max(a, b), min(a, b)) if polarity == "high" else (min(a, b), max(a, b))
    rules = [({"method": "thresholds", "green": green, "red": red}, None)]
    rules.append(({"method": "relative", "tolerance_pct": tolerance}, a))
    worse, better = sorted([v1, v2]) if polarity == "high" else sorted([v1, v2], reverse=True)
    for rule, target in rules:
        r_worse = calc.rag(worse, polarity=polarity, rule=rule, target=target if target is not None else 1)
        r_better = calc.rag(better, polarity=polarity, rule=rule, target=target if target is not None else 1)
        assert RANK[r_worse.colour] <= RANK[r_better.colour], (rule, worse, better, r_worse, r_better)


@PROFILE
@given(values, values, st.sampled_from(["high", "low"]))
def test_direction_of_travel_reverses_when_the_figures_swap(a, b, polarity):
    forward = calc.direction_of_travel(a, b, polarity=polarity).direction
    backward = calc.direction_of_travel(b, a, polarity=polarity).direction
    opposite = {calc.IMPROVING: calc.WORSENING, calc.WORSENING: calc.IMPROVING, calc.UNCHANGED: calc.UNCHANGED}
    assert backward == opposite[forward]


@PROFILE
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=10, max_size=10), st.sampled_from(MONTHS[14:]))
def test_year_to_date_of_a_count_is_the_sum_of_its_months(counts, period):
    periods = calc.ytd_periods(period)
    data = {p: Point(p, float(c)) for p, c in zip(periods, counts, strict=False)}
    ytd = calc.year_to_date(data, period, aggregation="sum")
    if len(data) == len(periods):
        assert ytd.value == sum(counts[: len(periods)]) and ytd.complete
    else:
        assert ytd.value is None and not ytd.complete  # a sum over some months is not the year's


def _consecutive_pairs(data, step=1):
    """(earlier, later) figures of periods exactly ``step`` months apart with figures, no "no data expected"
    between (the test's own reading of what "consecutive" means)."""
    periods = sorted(p for p, pt in data.items() if pt.value is not None)
    pairs = []
    for a, b in zip(periods, periods[1:], strict=False):
        nxt = calc.add_months(a, step)
        while nxt < b and nxt in data and data[nxt].no_data_expected:
            nxt = calc.add_months(nxt, step)
        if nxt == b:
            pairs.append((data[a].value, data[b].value))
    return pairs


@PROFILE
@given(series(value=small_values))
def test_spc_moving_ranges_are_taken_only_between_consecutive_periods(data):
    result = calc.spc(data, MONTHS)
    pairs = _consecutive_pairs(data)
    if not pairs:
        assert result.mean is None and result.lower is None  # no limits from figures far apart
        return
    mr_bar = sum(abs(b - a) for a, b in pairs) / len(pairs)
    assert abs((result.upper - result.mean) - 2.66 * mr_bar) <= 1e-6 * max(1.0, abs(result.mean), mr_bar)
    if len(pairs) < calc.SPC_MIN_POINTS - 1:
        assert result.trial


@PROFILE
@given(series(value=small_values))
def test_special_cause_runs_and_trends_do_not_cross_a_gap(data):
    result = calc.spc(data, MONTHS)
    flagged_points = result.points
    index = {p.period: i for i, p in enumerate(flagged_points)}
    for flag, length in ((calc.FLAG_RUN, calc.SPC_RUN), (calc.FLAG_TREND, calc.SPC_TREND)):
        for point in flagged_points:
            if flag not in point.flags:
                continue
            # the point sits in a block of consecutive periods at least ``length`` long
            block = [point.period]
            i = index[point.period]
            for direction in (-1, 1):
                j = i
                while 0 <= j + direction < len(flagged_points):
                    here, there = flagged_points[j].period, flagged_points[j + direction].period
                    a, b = sorted([here, there])
                    if not _consecutive_pairs({a: data[a], b: data[b], **{
                        p: data[p] for p in data if a < p < b}}):
                        break
                    block.append(there)
                    j += direction
            assert len(block) >= length, (flag, point.period, sorted(block))


@PROFILE
@given(st.lists(small_values, min_size=2, max_size=24))
def test_spc_limits_bracket_the_mean_and_flags_are_known(vals):
    data = {p: Point(p, v) for p, v in zip(MONTHS, vals, strict=False)}
    result = calc.spc(data, MONTHS)
    assume(result.mean is not None)
    assert result.lower <= result.mean <= result.upper
    known = {calc.FLAG_BEYOND, calc.FLAG_RUN, calc.FLAG_TREND, calc.FLAG_NEAR}
    assert all(set(p.flags) <= known for p in result.points)
    assert result.trial == (len(vals) < calc.SPC_MIN_POINTS)


@PROFILE
@given(st.one_of(st.none(), values), st.sampled_from(["count", "percentage", "rate", "money", "days"]))
def test_fmt_prints_every_figure_and_a_dash_for_none(value, unit):
    text = calc.fmt(value, unit)
    assert text == "-" if value is None else text and text != "-"
