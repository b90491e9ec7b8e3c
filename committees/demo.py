"""Demo data for this area, loaded by `manage.py loaddemo` through the app's own services.

`load(stdout)` must be idempotent: running it twice leaves the same data.
"""


def load(stdout):
    pass
