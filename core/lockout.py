"""How django-axes names who is signing in, and how long a lock lasts.

Locks are on the username and the address together (settings.AXES_LOCKOUT_PARAMETERS), so
nobody can lock a named user out from somewhere else. Each failure after the limit doubles
the lock, up to a day, so guessing slows down for good while one mistyped password costs a
few minutes.
"""

from datetime import timedelta

from django.conf import settings

from . import identifiers

FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(days=1)


def username(request, credentials):
    """The username as the lock counts it: "Admin", " admin" and "ａｄｍｉｎ" are one user."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return identifiers.key(raw) if raw is not None else None


def client_address(request):
    """The client's address behind ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the client is
    the n-th entry from the right; anything to the left of that was written by the client
    and is not believed. With no trusted proxy, REMOTE_ADDR is the client.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the expected proxies: fall back to the connection's address
    return forwarded[-count]


def cool_off(request=None):
    """15 minutes at the limit, doubling with each further failure, at most a day."""
    failures = _failures(request)
    over = max(0, failures - settings.AXES_FAILURE_LIMIT)
    return min(FIRST_LOCK * (2 ** min(over, 20)), LONGEST_LOCK)


def _failures(request):
    from axes.models import AccessAttempt
    from django.db.models import Max

    if request is None:
        return 0
    name = username(request, None)
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    found = AccessAttempt.objects.filter(username=name, ip_address=address).aggregate(n=Max("failures_since_start"))
    return found["n"] or 0
