"""The crawl's data is loaded once per module (the tidy demo, or the demo with the messy set)
inside one transaction that is rolled back at the end, and shared by every role's crawl."""

import io
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from core import roles, services
from tests.factories import PersonFactory, UserFactory

from .crawler import crawl

# Playwright's sync API runs an event loop in this thread; the ORM calls made while it
# routes requests are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ANONYMOUS = "anonymous"
WHO = [ANONYMOUS, *roles.ALL_ROLES]


def load_site(messy: bool):
    out = io.StringIO()
    services.ensure_demo_users("crawl-password")  # the demo gives some of its people these accounts
    call_command("loaddemo", *(["--messy"] if messy else []), stdout=out)
    clients = {ANONYMOUS: Client(raise_request_exception=False)}
    for role in roles.ALL_ROLES:
        user = UserFactory(username=f"crawl-{role.split()[0].lower()}", roles=[role])
        PersonFactory(user=user, name=f"Crawler {role}")
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.fixture(scope="module")
def site(request, django_db_setup, django_db_blocker):
    """``site(who)`` crawls the module's data set as that role (once; later calls reuse it)."""
    messy = getattr(request.module, "MESSY", False)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            clients = load_site(messy)
            crawls = {}

            def crawled(who):
                if who not in crawls:
                    crawls[who] = crawl(clients[who])
                return crawls[who]

            crawled.clients = clients
            yield crawled
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
