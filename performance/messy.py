"""The messy data set's indicators: what real councils' figures look like, loaded through
the same import path as an uploaded file (``loaddemo --messy``; the benchmarks reuse it).

Five hundred indicators over the 13 months Jan-16 to Jan-17, each of one of these kinds:
months with no figure; August "no data expected"; one figure only; zero numerators over
tiny denominators (small numbers); negative and very large counts; quarterly and termly;
started or ended mid-year; long titles with accents and apostrophes; rates per 10,000
annualised; information only. The figures are pseudo-random from a fixed seed, so every
run loads the same set. A zero denominator is not among them: the import refuses it.
"""

import csv
import io
import random
from datetime import date

from . import calc, services
from .models import Indicator

PREFIX = "MX"
COUNT = 500
END = date(2017, 1, 1)
MONTHS = calc.months_back(END, 13)
KINDS = [
    "gaps",
    "no_data_expected",
    "one_figure",
    "small_numbers",
    "negative_and_huge",
    "quarterly",
    "termly",
    "started_mid_year",
    "ended_mid_year",
    "long_title",
    "rate",
    "info",
]
INDICATOR_COLUMNS = [
    "ref", "title", "area", "polarity", "unit", "data_note", "frequency", "aggregation", "multiplier", "annualise",
    "vital_sign", "rag_method", "green_threshold", "red_threshold", "tolerance_pct", "target_2016", "target_note",
    "small_numbers_threshold", "sort_order",
]
OBSERVATION_COLUMNS = ["ref", "period", "value", "numerator", "denominator", "note", "no_data_expected"]
LONG_TITLE = (
    "Percentage of children's and young people's Education, Health and Care Plans (EHCPs) issued within "
    "20 weeks, excluding exception cases, for pupils at Saint-Étienne's, Ñuñoa's and Zoë O'Brien's naïve "
    "café-annexe schools, where the plan's assessment began after the child's fifth birthday and before the "
    "family's move - “as reported to the DfE’s SEN2 return”"
)


def ref(n):
    return f"{PREFIX}{n:03d}"


def kind_of(n):
    return KINDS[n % len(KINDS)]


def indicator_rows(count=COUNT, *, vital_every=10):
    """One row per indicator in the indicator import's columns; every ``vital_every``-th is a vital sign."""
    rows = []
    for n in range(count):
        kind = kind_of(n)
        row = dict.fromkeys(INDICATOR_COLUMNS, "")
        row.update(
            ref=ref(n),
            title=f"Messy {kind.replace('_', ' ')} indicator {n}: pupils' attendance at Église-Saint-Zoë",
            area=f"Messy area {n % 7}",
            polarity="high",
            unit="percentage",
            frequency="monthly",
            aggregation="ratio",
            multiplier=100,
            vital_sign="yes" if n % vital_every == 0 else "",
            rag_method="thresholds",
            green_threshold=80,
            red_threshold=60,
            target_2016=80,
            sort_order=10_000 + n,
        )
        if kind == "long_title":
            row["title"] = LONG_TITLE[:290] + f" #{n}"
        elif kind == "small_numbers":
            row["small_numbers_threshold"] = 10
        elif kind == "negative_and_huge":
            row.update(polarity="low", unit="count", aggregation="sum", multiplier=1, rag_method="relative",
                       green_threshold="", red_threshold="", tolerance_pct=5, target_2016=0)
        elif kind in ("quarterly", "termly"):
            row.update(frequency=kind, aggregation="latest")
        elif kind == "rate":
            row.update(unit="rate", multiplier=10_000, annualise="yes", polarity="low", green_threshold=500,
                       red_threshold=700, target_2016=550, data_note="Rate per 10,000")
        elif kind == "info":
            row.update(polarity="info", unit="count", aggregation="sum", multiplier=1, rag_method="",
                       green_threshold="", red_threshold="", target_2016="")
        rows.append(row)
    return rows


def observation_rows(count=COUNT, seed=2017):
    """The figures, in the observation import's columns."""
    rnd = random.Random(seed)
    rows = []
    for n in range(count):
        kind = kind_of(n)
        for k, period in enumerate(MONTHS):
            row = dict.fromkeys(OBSERVATION_COLUMNS, "")
            row.update(ref=ref(n), period=calc.period_label(period))
            denominator = rnd.randint(50, 400)
            numerator = rnd.randint(0, denominator)
            row.update(numerator=numerator, denominator=denominator)
            if kind == "gaps" and rnd.random() < 0.35:
                continue
            if kind == "no_data_expected" and period.month == 8:
                row.update(numerator="", denominator="", no_data_expected="yes", note="Schools closed in August.")
            elif kind == "one_figure" and k != 12 - n % 13:
                continue
            elif kind == "small_numbers":
                denominator = rnd.choice([1, 1, 2, 3, 9])
                row.update(numerator=rnd.choice([0, 0, denominator]), denominator=denominator)
            elif kind == "negative_and_huge":
                value = rnd.choice([-rnd.randint(1, 500), rnd.randint(10**8, 10**10), 0, rnd.randint(1, 50)])
                row.update(value=value, numerator="", denominator="")
            elif not _collected(kind, period):
                continue
            elif kind == "rate":
                row.update(numerator=rnd.randint(0, 1500), denominator=167_940)
            elif kind == "info":
                row.update(value=rnd.randint(0, 5000), numerator="", denominator="")
            rows.append(row)
    return rows


def _collected(kind, period):
    """Whether an indicator of this kind has a figure for the period at all."""
    if kind == "quarterly":
        return period.month in (1, 4, 7, 10)
    if kind == "termly":
        return period.month in (1, 4, 9)
    if kind == "started_mid_year":
        return period >= date(2016, 9, 1)
    if kind == "ended_mid_year":
        return period <= date(2016, 10, 1)
    return True


def as_csv(rows, columns):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def load(stdout, count=COUNT):
    result = services.import_indicators(as_csv(indicator_rows(count), INDICATOR_COLUMNS), "messy-indicators.csv")
    if not result.ok:
        raise RuntimeError("Messy indicators did not import: " + "; ".join(map(str, result.errors[:5])))
    stdout.write(f"  messy indicators: {result.new} new, {result.changed} updated")
    result = services.import_observations(as_csv(observation_rows(count), OBSERVATION_COLUMNS), "messy-figures.csv")
    if not result.ok:
        raise RuntimeError("Messy figures did not import: " + "; ".join(map(str, result.errors[:5])))
    stdout.write(f"  messy figures: {result.new} new, {result.changed} changed, {result.unchanged} unchanged")
    # The import has no columns for when an indicator started or stopped being collected.
    for n in range(count):
        kind = kind_of(n)
        if kind in ("started_mid_year", "ended_mid_year"):
            indicator = Indicator.objects.get(ref=ref(n))
            start, end = (date(2016, 9, 1), None) if kind == "started_mid_year" else (None, date(2016, 10, 1))
            if (indicator.active_from, indicator.active_to) != (start, end):
                indicator.active_from, indicator.active_to = start, end
                indicator.save()
