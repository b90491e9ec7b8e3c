"""Who may do what: the roles, the predicates every area shares, the one way pages check a
permission (``require_perm`` / ``perm_required``) and the API's permission class.

Each area's rules are in its own ``rules.py`` (a ``PERMISSIONS`` mapping of name to
predicate), registered from its AppConfig.ready() with ``register``. Permissions are named
like Django's model permissions (``app.verb_model``) and checked with the object where there
is one, so object-level rules (an owner and *their* records) sit beside the role rules.
Anonymous users get no permission here; public pages and API endpoints that show published
material say so explicitly with ``AllowAny`` and filter in selectors.
"""

from collections.abc import Mapping
from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework import permissions as drf_permissions

from . import roles

# --- roles -----------------------------------------------------------------

is_administrator = rules.is_superuser | rules.is_group_member(roles.ADMINISTRATOR)
is_performance_officer = rules.is_group_member(roles.PERFORMANCE_OFFICER)
is_data_owner = rules.is_group_member(roles.DATA_OWNER)
is_risk_owner = rules.is_group_member(roles.RISK_OWNER)
is_finance_officer = rules.is_group_member(roles.FINANCE_OFFICER)
is_committee_clerk = rules.is_group_member(roles.COMMITTEE_CLERK)
is_member = rules.is_group_member(roles.MEMBER)
is_staff_user = rules.is_authenticated  # every signed-in role may read internal material


# --- shared predicates -----------------------------------------------------


@rules.predicate
def no_object(user, obj):
    return obj is None


def person_of(user):
    return getattr(user, "person", None) if user and user.is_authenticated else None


def is_person(user, person_id):
    person = person_of(user)
    return person is not None and person_id is not None and person.pk == person_id


# --- registering an area's rules -------------------------------------------


def register(permissions: Mapping[str, rules.Predicate]) -> None:
    """Add an area's ``rules.PERMISSIONS``; a name registered twice is an error, not an override."""
    for name, predicate in permissions.items():
        rules.add_perm(name, predicate)


# --- pages -----------------------------------------------------------------


def require_perm(request, perm, obj=None):
    """The one check page views make: 403 unless the user holds ``perm`` (on ``obj`` if given)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def perm_required(perm):
    """A page for signed-in users holding ``perm`` (without an object); others sign in or get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_perm(request, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- the API's view of the same rules --------------------------------------

_ACTION_VERB = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RulesPermission(drf_permissions.BasePermission):
    """Checks ``app.verb_model`` (from the areas' rules) for every API request.

    A viewset may name a custom permission per action in ``action_permissions``
    (e.g. ``{"bulk": "app.import_things"}``).
    """

    def _perm(self, request, view):
        action_perms = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None)
        if action in action_perms:
            return action_perms[action]
        model = view.get_queryset().model
        verb = _ACTION_VERB.get(request.method, "change")
        return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        return request.user.has_perm(self._perm(request, view), None) or self._object_level_possible(request, view)

    def _object_level_possible(self, request, view):
        # Detail routes are decided on the object itself.
        return bool(
            getattr(view, "kwargs", {}).get(
                getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
            )
        )

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm(self._perm(request, view), obj)
