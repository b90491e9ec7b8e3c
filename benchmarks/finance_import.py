"""Budget import and period page: time against table size.

    python -m benchmarks.finance_import

Baseline: the pack's revenue table (27 lines) imported and its period page rendered.
Then the same at 10x the lines. Prints seconds and the ratio to the baseline; linear
growth (about 10x) is expected, the query count of the page must not grow at all.
"""

import os
import time


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        run(Client, CaptureQueriesContext, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def table(factor):
    from finance.demo import SEED_DATA
    from finance.importing import read_table

    rows = read_table((SEED_DATA / "revenue-2016-17-outturn.csv").read_bytes(), "x.csv")
    header, body = rows[0], rows[1:]
    out = [header]
    for copy in range(factor):
        for row in body:
            if row[3] and not row[0].lower().replace(" ", "").startswith(("subtotal", "total")):
                out.append([f"{row[0]} #{copy}"] + row[1:])
            elif not row[3]:
                out.append(row)
    return out


def run(Client, CaptureQueriesContext, connection):
    from django.contrib.auth.models import User

    from finance import importing, services

    services.ensure_reference_data()
    user = User.objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(user)
    revenue = importing.area_by_slug("la-revenue")
    results = {}
    for factor in (1, 10):
        year = services.get_or_create_year(2000 + factor)
        period = services.open_period(year)
        rows = table(factor)
        start = time.perf_counter()
        result = importing.import_table(rows=rows, year=year, period=period, area=revenue, acknowledge=True)
        imported = time.perf_counter() - start
        assert result.written, result.errors
        client.get(period.get_absolute_url())
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(period.get_absolute_url())
        rendered = time.perf_counter() - start
        assert response.status_code == 200
        results[factor] = (len(rows) - 1, imported, rendered, len(queries.captured_queries))
    base = results[1]
    print(f"{'rows':>6} {'import s':>9} {'x':>6} {'page s':>8} {'x':>6} {'queries':>8}")
    for n, imported, rendered, queries in results.values():
        print(f"{n:>6} {imported:>9.3f} {imported / base[1]:>6.1f} {rendered:>8.3f} {rendered / base[2]:>6.1f} "
              f"{queries:>8}")


if __name__ == "__main__":
    main()
