from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj):
    opts = obj._meta
    return reverse("core:history", args=[opts.app_label, opts.model_name, obj.pk])


@register.filter
def has_perm_on(user, perm_and_obj):
    """``{% if user|has_perm_on:perm %}`` for object-free checks in templates."""
    return user.has_perm(perm_and_obj)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
FIRST_PICKABLE_YEAR = 2010


@register.inclusion_tag("includes/month_select.html")
def month_select(name, value=None, id=None, required=False, blank=""):
    """The one month picker for periods: a list of "January 2019" labels with ``YYYY-MM``
    values, newest first. A select rather than ``<input type=month>`` because that input
    is a free-text box in some browsers and a US-ordered date picker in others."""
    from datetime import date

    today = date.today()
    chosen = (value.year, value.month) if hasattr(value, "year") else None
    if chosen is None and value:
        try:
            year, month = str(value).split("-")[:2]
            chosen = (int(year), int(month))
        except ValueError:
            chosen = None
    last_year = max(today.year + 1, chosen[0] if chosen else 0)
    options = [
        (f"{y:04d}-{m:02d}", f"{MONTH_NAMES[m - 1]} {y}", (y, m) == chosen)
        for y in range(last_year, FIRST_PICKABLE_YEAR - 1, -1)
        for m in range(12, 0, -1)
    ]
    return {"name": name, "id": id or name, "options": options, "required": required, "blank": blank}
