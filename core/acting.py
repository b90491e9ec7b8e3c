"""Who a command-line change is by: ``--user`` on the import commands.

Pages record their user through simple-history's request middleware; a command has no
request, so without this its changes were in the history with no one's name.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from simple_history.models import HistoricalRecords

from . import identifiers


def add_user_argument(parser):
    parser.add_argument(
        "--user", help="The username the change is recorded under in the history (who ran the import)."
    )


def user_named(name):
    """The user a typed username names (spaces and look-alikes ignored; case too, if unambiguous)."""
    if not name:
        return None
    users = get_user_model().objects
    cleaned = identifiers.clean(name)
    found = users.filter(username=cleaned).first()
    if found is None:
        matches = list(users.filter(username__iexact=cleaned)[:2])
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise CommandError(f"No user called {name!r}.")
    if not found.is_active:
        raise CommandError(f"{found.username} is not an active user.")
    return found


@contextmanager
def acting_as(user):
    """Every history record written inside carries ``user``, as a page's would."""
    if user is None:
        yield
        return
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
