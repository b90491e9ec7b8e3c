from django import template
from django.utils.text import slugify

register = template.Library()


@register.filter
def band_class(band):
    return f"band band-{slugify(band.name)}" if band else "band band-none"


@register.simple_tag
def sort_link(query, field, current):
    """Query string that sorts by ``field``, flipping the direction if it is already the sort."""
    q = query.copy()
    q["sort"] = f"-{field}" if current == field else field
    return "?" + q.urlencode()


@register.simple_tag
def aria_sort(field, current):
    if current == field:
        return "ascending"
    if current == f"-{field}":
        return "descending"
    return "none"


@register.filter
def direction_arrow(direction):
    return {"improving": "↓", "worsening": "↑", "unchanged": "→"}.get(direction or "", "")
