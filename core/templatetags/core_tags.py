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
