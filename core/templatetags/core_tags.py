from django import template
from django.urls import reverse

from core.forms import month_options

register = template.Library()


@register.simple_tag
def history_url(obj):
    opts = obj._meta
    return reverse("core:history", args=[opts.app_label, opts.model_name, obj.pk])


@register.filter
def has_perm_on(user, perm_and_obj):
    """``{% if user|has_perm_on:perm %}`` for object-free checks in templates."""
    return user.has_perm(perm_and_obj)


@register.inclusion_tag("includes/month_select.html")
def month_select(name, value=None, id=None, required=False, blank=""):
    """The one month picker for periods (``core.forms.month_options``), in a template."""
    options = month_options(value)
    return {"name": name, "id": id or name, "options": options, "required": required, "blank": blank}
