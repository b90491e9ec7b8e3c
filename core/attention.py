"""The home page's "needs your attention" list, gathered from every area.

Each area registers a provider (``items_for(user)`` returning ``AttentionItem``s) with
``core.registries.register_attention`` from its AppConfig; the home page shows them, most
urgent first.
"""

from dataclasses import dataclass
from datetime import date

from .registries import attention_providers


@dataclass(frozen=True)
class AttentionItem:
    area: str  # the label of the area the item comes from
    title: str
    url: str
    due: date | None = None
    overdue: bool = False
    detail: str = ""


def items_for(user):
    items = []
    for provider in attention_providers():
        items.extend(provider(user))
    return sorted(items, key=lambda i: (not i.overdue, i.due or date.max, i.area, i.title))
