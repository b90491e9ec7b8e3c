"""Import 100,000 observation rows into PostgreSQL through the product's import path
(read, full validation, comparison with stored figures, all-or-nothing write with history)
and compare with two baselines run in the same process:

- a raw PostgreSQL COPY of the same rows into the same table (no checks, no history);
- django-import-export's plain row-by-row import (a ModelResource), measured on a smaller
  sample and extrapolated as a rate, because at its speed 100,000 rows would take minutes.

Then it imports 100,000 and 1,000,000 rows from a file, each in a fresh child process, and
prints each one's peak memory (the child's maximum resident set size, less what it held
before the import): an import reads its file as a stream, so the two should be close.

Usage: DATABASE_URL=postgres://... python -m benchmarks import_observations [--rows N] [--sample N]
    [--memory-rows N,N]
It works on its own indicators (refs "BENCH-..."), which it deletes afterwards.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)


def drop_indicators(prefix):
    """Remove the benchmark's scratch indicators and their figures (and the figures' history).

    An indicator that holds figures cannot be deleted (on_delete=PROTECT), and deleting
    hundreds of thousands of scratch figures one by one through the ORM would only write
    deletion history for them, so they go by raw SQL first."""
    from django.db import connection

    from performance.models import Indicator, Observation

    ids = list(Indicator.objects.filter(ref__startswith=prefix).values_list("pk", flat=True))
    if not ids:
        return
    with connection.cursor() as cur:
        for model in (Observation.history.model, Observation):
            cur.execute(f"DELETE FROM {model._meta.db_table} WHERE indicator_id = ANY(%s)", [ids])  # noqa: S608
    Indicator.objects.filter(pk__in=ids).delete()


def make_rows(n_rows, indicators):
    """Long-format CSV text: a mix of plain values and numerator/denominator pairs."""
    out = io.StringIO()
    write_rows(out, n_rows, indicators)
    return out.getvalue()


def write_rows(out, n_rows, indicators):
    from performance import calc

    per = -(-n_rows // len(indicators))
    periods = calc.months_back(date(2024, 12, 1), per)
    out.write("ref,period,value,numerator,denominator,breakdown_dimension,breakdown_member,note,no_data_expected\n")
    count = 0
    for k, ind in enumerate(indicators):
        for j, p in enumerate(periods):
            if count == n_rows:
                break
            label = calc.period_label(p)
            if ind.unit == "percentage":
                den = 100 + (j * 7 + k) % 400
                num = (j * 13 + k) % den
                out.write(f"{ind.ref},{label},,{num},{den},,,,\n")
            else:
                out.write(f"{ind.ref},{label},{(j * 31 + k) % 5000},,,,,,\n")
            count += 1


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(n_rows):
    """In a fresh process: write n_rows to a file, import it from the file, report memory."""
    setup()
    from performance import importing
    from performance.models import Indicator

    indicators = list(Indicator.objects.filter(ref__startswith="BENCH-").order_by("ref"))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        write_rows(fh, n_rows, indicators)
        path = fh.name
    try:
        before = _maxrss_mb()
        t0 = time.perf_counter()
        from pathlib import Path

        result = importing.import_file(Path(path), "bench.csv")
        seconds = time.perf_counter() - t0
        assert result.ok and result.written and result.new == n_rows, result.errors[:3]
    finally:
        os.unlink(path)
    print(json.dumps({"rows": n_rows, "seconds": seconds, "before_mb": before, "peak_mb": _maxrss_mb()}))
    return 0


def measure_memory(n_rows, clear):
    """Peak memory of one import in a child process (so earlier work does not count)."""
    clear()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "import_observations", "--child", str(n_rows)],
        check=True, capture_output=True, text=True,
    )
    clear()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks import_observations")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the row-by-row baseline")
    parser.add_argument("--changed", type=int, default=300_000,
                        help="rows for the all-changed case (history of every changed row); 0 skips it")
    parser.add_argument("--memory-rows", default="100000,1000000", help="file imports whose peak memory is measured")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)
    setup()

    from django.db import connection, transaction
    from import_export import fields, resources, widgets

    from performance import importing
    from performance.models import Indicator, Observation

    drop_indicators("BENCH-")
    indicators = [
        Indicator(
            ref=f"BENCH-{i:04d}",
            title=f"Benchmark indicator {i}",
            unit="percentage" if i % 2 else "count",
            multiplier=100 if i % 2 else 1,
            aggregation="ratio" if i % 2 else "sum",
            polarity="high",
        )
        for i in range(1000)
    ]
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.filter(ref__startswith="BENCH-").order_by("ref"))
    ids = [i.pk for i in indicators]
    text = make_rows(args.rows, indicators)
    n = text.count("\n") - 1
    table = Observation._meta.db_table
    history = Observation.history.model._meta.db_table

    def clear():
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {history} WHERE indicator_id = ANY(%s)", [ids])
            cur.execute(f"DELETE FROM {table} WHERE indicator_id = ANY(%s)", [ids])

    try:
        # Baseline 1: raw COPY of the same rows (already mapped to ids; no checks, no history).
        by_ref = {i.ref: i for i in indicators}
        buf = io.StringIO()
        for line in text.splitlines()[1:]:
            ref, period, value, num, den, *_ = line.split(",")
            ind = by_ref[ref]
            if num:
                value = repr(int(num) / int(den) * ind.multiplier)
            null = "\\N"
            stamp = "2024-12-31 00:00:00+00"
            buf.write(f"{ind.pk}\t{period}-01\t\t\t{value}\t{num or null}\t{den or null}\t\tf\tf\t{stamp}\n")
        clear()
        buf.seek(0)
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.cursor.copy_expert(
                f"COPY {table} (indicator_id, period, breakdown_dimension, breakdown_member, value, numerator, "
                "denominator, note, no_data_expected, provisional, updated) FROM STDIN",
                buf,
            )
        copy_s = time.perf_counter() - t0  # including the commit (deferred foreign-key checks), as for ours
        assert Observation.objects.filter(indicator_id__in=ids).count() == n
        clear()

        # The product's path: bytes in, validated, compared, written with history.
        t0 = time.perf_counter()
        result = importing.import_file(text.encode(), "bench.csv")
        ours_s = time.perf_counter() - t0
        assert result.ok and result.written and result.new == n, result.errors[:3]
        assert Observation.history.filter(indicator_id__in=ids).count() == n

        # Re-importing the same file: every row compared, nothing written.
        t0 = time.perf_counter()
        again = importing.import_file(text.encode(), "bench.csv")
        unchanged_s = time.perf_counter() - t0
        assert again.unchanged == n and again.new == again.changed == 0
        clear()

        # Baseline 2: django-import-export's plain row-by-row import on a sample.
        class PeriodWidget(widgets.Widget):
            def clean(self, value, row=None, **kwargs):
                from performance import calc

                return calc.parse_period(value)

        class PlainObservationResource(resources.ModelResource):
            indicator = fields.Field(
                attribute="indicator", column_name="ref", widget=widgets.ForeignKeyWidget(Indicator, "ref")
            )
            period = fields.Field(attribute="period", column_name="period", widget=PeriodWidget())

            class Meta:
                model = Observation
                import_id_fields = ["indicator", "period", "breakdown_dimension", "breakdown_member"]
                fields = [
                    "indicator",
                    "period",
                    "value",
                    "numerator",
                    "denominator",
                    "breakdown_dimension",
                    "breakdown_member",
                    "note",
                ]
                clean_model_instances = True

        sample_text = "\n".join(text.splitlines()[: args.sample + 1]) + "\n"
        from import_export.formats import base_formats

        dataset = base_formats.CSV().create_dataset(sample_text)
        for row_i in range(len(dataset)):
            row = list(dataset[row_i])
            row[7] = row[7] or ""  # note: blank, not NULL
            row[5] = row[5] or ""
            row[6] = row[6] or ""
            dataset[row_i] = row
        t0 = time.perf_counter()
        plain = PlainObservationResource().import_data(dataset, dry_run=False, use_transactions=True)
        plain_s = time.perf_counter() - t0
        assert not plain.has_errors() and not plain.has_validation_errors(), (
            plain.invalid_rows[:1] or plain.row_errors()[:1]
        )
        sample_n = len(dataset)
        clear()

        # Peak memory of importing a file, at two sizes, each in its own process.
        memory = [measure_memory(int(n), clear) for n in args.memory_rows.split(",") if n]
    finally:
        clear()
        drop_indicators("BENCH-")

    copy_rate = n / copy_s
    ours_rate = n / ours_s
    plain_rate = sample_n / plain_s
    print(f"rows: {n:,} (1,000 indicators; half values, half numerator/denominator)")
    print(f"raw COPY (no checks, no history):        {copy_s:7.2f} s  {copy_rate:10,.0f} rows/s")
    print(f"import path (validated, with history):    {ours_s:7.2f} s  {ours_rate:10,.0f} rows/s")
    print(f"  same file again (all unchanged):        {unchanged_s:7.2f} s  {n / unchanged_s:10,.0f} rows/s")
    print(
        f"django-import-export row by row:          {plain_s:7.2f} s  {plain_rate:10,.0f} rows/s "
        f"(measured on {sample_n:,} rows; {n:,} rows would take ~{n / plain_rate:,.0f} s)"
    )
    print(f"ratio import path / COPY:                 {ours_rate / copy_rate:7.2f}  (aim >= 0.25)")
    print(f"ratio import path / row by row:           {ours_rate / plain_rate:7.1f}x (aim >= 10x)")
    for m in memory:
        print(
            f"import of {m['rows']:>9,} rows from a file: {m['seconds']:7.2f} s  peak memory {m['peak_mb']:6.0f} MB "
            f"({m['peak_mb'] - m['before_mb']:+.0f} MB over the {m['before_mb']:.0f} MB before it; aim < 500 MB)"
        )
    if len(memory) >= 2:
        print(f"ratio peak memory {memory[-1]['rows']:,} / {memory[0]['rows']:,} rows:  "
              f"{memory[-1]['peak_mb'] / memory[0]['peak_mb']:7.2f}  (aim about 1)")
    if args.changed:
        changed_rows_case(args.changed)
    return 0


def changed_rows_case(n_rows):
    """The issue's 304,800-changed-rows import: history for every changed figure. Times the
    import of n new rows, then of the same keys with every value changed, in this process;
    linear history writing keeps the second within a small factor of the first (it was 228 s
    of 257 s when the history insert tested ``id = ANY(<all changed ids>)``)."""

    from performance import calc, importing
    from performance.models import Indicator, Observation

    drop_indicators("BENCHC-")
    Indicator.objects.bulk_create(
        [Indicator(ref=f"BENCHC-{i:04d}", title=f"Changed rows {i}", unit="count", aggregation="sum",
                   polarity="high") for i in range(1000)]
    )
    indicators = list(Indicator.objects.filter(ref__startswith="BENCHC-").order_by("ref"))
    ids = [i.pk for i in indicators]
    periods = calc.months_back(date(2024, 12, 1), -(-n_rows // len(indicators)))

    def text(shift):
        out = io.StringIO()
        out.write("ref,period,value\n")
        count = 0
        for k, ind in enumerate(indicators):
            for j, p in enumerate(periods):
                if count == n_rows:
                    break
                out.write(f"{ind.ref},{calc.period_label(p)},{(j * 31 + k) % 5000 + shift}\n")
                count += 1
        return out.getvalue().encode()

    try:
        first, second = text(0), text(1)
        t0 = time.perf_counter()
        created = importing.import_file(first, "new.csv")
        new_s = time.perf_counter() - t0
        assert created.written and created.new == n_rows, created.errors[:3]
        t0 = time.perf_counter()
        changed = importing.import_file(second, "changed.csv")
        changed_s = time.perf_counter() - t0
        assert changed.written and changed.changed == n_rows, changed.errors[:3]
        assert Observation.history.filter(indicator_id__in=ids).count() == 2 * n_rows
    finally:
        drop_indicators("BENCHC-")
    print(f"changed rows: {n_rows:,} new, then every one changed (history for each)")
    print(f"  import of new rows:                     {new_s:7.2f} s  {n_rows / new_s:10,.0f} rows/s")
    print(f"  import changing all of them:            {changed_s:7.2f} s  {n_rows / changed_s:10,.0f} rows/s")
    print(f"ratio changed / new time:                 {changed_s / new_s:7.2f}  (aim about 2)")
