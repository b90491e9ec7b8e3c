"""The home page's "needs your attention" list, gathered from every app.

Each domain app has an ``attention.py`` with ``items_for(user)`` returning
``AttentionItem``s; the home page shows them, most urgent first.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module

PROVIDERS = ["performance.attention", "riskregister.attention", "finance.attention", "committees.attention"]


@dataclass(frozen=True)
class AttentionItem:
    area: str  # "Performance", "Risk", …
    title: str
    url: str
    due: date | None = None
    overdue: bool = False
    detail: str = ""


def items_for(user):
    items = []
    for path in PROVIDERS:
        items.extend(import_module(path).items_for(user))
    return sorted(items, key=lambda i: (not i.overdue, i.due or date.max, i.area, i.title))
