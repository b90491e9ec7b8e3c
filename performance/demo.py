"""Demo data for this area, loaded by `manage.py loaddemo` through the app's own services.

`load(stdout)` must be idempotent: running it twice leaves the same data.
"""


def load(stdout):
    pass


from .reportcards import demo as _report_card_demo  # noqa: E402

_indicator_load = load


def load(stdout):  # noqa: F811 - report cards load after the indicators they belong to
    _indicator_load(stdout)
    _report_card_demo.load(stdout)
