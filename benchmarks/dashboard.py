"""The vital signs dashboard and the MI report at a large council's size, against a plain
``.values()`` JSON dump of the same observations.

500 indicators (the messy set's kinds, every one a vital sign) over 13 months, loaded through
the import path into a fresh SQLite database. Each page is fetched through Django's test
client as a signed-in member: the first request computes the statuses (cold), later ones
find them in the cache (warm); the figure reported is the best of the warm runs, as is the
baseline's. The issue's aim: each page within 3x the dump.

    python -m benchmarks dashboard [repeats]
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2017-01"
INDICATORS = 500


def _setup(workdir):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)


def _data():
    from performance import messy, services

    result = services.import_indicators(
        messy.as_csv(messy.indicator_rows(INDICATORS, vital_every=1), messy.INDICATOR_COLUMNS), "bench.csv"
    )
    assert result.ok, result.errors[:3]
    result = services.import_observations(
        messy.as_csv(messy.observation_rows(INDICATORS), messy.OBSERVATION_COLUMNS), "bench.csv"
    )
    assert result.ok, result.errors[:3]
    return result.new


def _best(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), times


def _after_one_change(fn, changed, observation, F):
    """One figure changed by a bulk write (no signals), then the page fetched: its time."""
    observation.objects.filter(pk=next(changed)).update(value=F("value") + 1)
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None):
    repeats = int(argv[0]) if argv else 5
    with tempfile.TemporaryDirectory() as workdir:
        _setup(workdir)
        from django.db.models import F
        from django.test import Client

        from core import roles
        from core.services import ensure_demo_users
        from performance import calc
        from performance.models import Observation

        figures = _data()
        member = ensure_demo_users("bench-password-123")[roles.MEMBER]
        client = Client()
        client.force_login(member)
        period = calc.parse_period(PERIOD)
        start = calc.add_months(period, -12)

        def dump():
            rows = Observation.objects.filter(period__gte=start, period__lte=period, breakdown_dimension="").values(
                "indicator_id", "period", "value", "numerator", "denominator", "no_data_expected"
            )
            return json.dumps(list(rows), default=str)

        def page(url):
            def get():
                response = client.get(url, {"period": PERIOD})
                assert response.status_code == 200, response.status_code
                return response

            return get

        dashboard, mi = page("/performance/dashboard/"), page("/performance/mi-report/")
        assert dashboard().content.count(b'<th scope="row"') == INDICATORS
        print(f"{INDICATORS} indicators, {figures} figures over 13 months; best of {repeats} warm runs")
        base, _ = _best(dump, repeats)
        print(f"  .values() JSON dump      {base * 1000:8.1f} ms")
        for name, fn in (("dashboard", dashboard), ("MI report", mi)):
            from django.core.cache import cache

            cache.clear()
            cold, _ = _best(fn, 1)
            warm, _ = _best(fn, repeats)
            changed = iter(Observation.objects.filter(period=period, value__isnull=False).values_list("pk", flat=True))
            after_change = min(_after_one_change(fn, changed, Observation, F) for _ in range(repeats))
            print(f"  {name:<24} {warm * 1000:8.1f} ms  ratio {warm / base:5.1f}x  (cold {cold * 1000:.0f} ms, "
                  f"{cold / base:.1f}x; one figure changed {after_change * 1000:.0f} ms, {after_change / base:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
