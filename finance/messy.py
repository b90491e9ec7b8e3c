"""The messy data set's budget (``loaddemo --messy``): the next financial year opened with
a monitoring period that has no budget lines yet. Idempotent."""

from . import services

YEAR = 2017


def load(stdout):
    services.ensure_reference_data()
    year = services.get_or_create_year(YEAR)
    if not year.periods.exists():
        period = services.open_period(year, number=1)
        stdout.write(f"  {year}: {period} opened with no lines")
