"""Report cards and the commentary workflow (a part of the performance app).

Models live in ``models.py`` and are imported by ``performance/models.py`` so Django
files them under the "performance" app. ``tasks`` is imported here so the worker
registers the reminder task (it imports nothing from Django at module level).
"""

from . import tasks  # noqa: F401
