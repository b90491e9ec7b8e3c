"""Fixtures for every test: users and clients per role, a real Celery worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from core import roles
from tests.factories import PersonFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Outside worker tests, tasks run in the test process, so nothing waits in a queue."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """API throttling counts requests in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def make_user(db):
    """``make_user(role, username=None)``: a user in that role with a linked Person."""

    def make(role=None, username=None, **kwargs):
        username = username or (roles.DEMO_USERNAMES.get(role, "user") + "-t" if role else None)
        params = {"roles": [role] if role else []}
        if username:
            params["username"] = username
        user = UserFactory(**params, **kwargs)
        PersonFactory(user=user, name=user.get_full_name() or user.username)
        return user

    return make


@pytest.fixture
def role_client(client, make_user):
    """``role_client(role)``: a test client signed in as a new user in that role."""

    def signed_in(role, **kwargs):
        from django.test import Client

        c = Client()
        user = make_user(role, **kwargs)
        c.force_login(user)
        c.user = user
        return c

    return signed_in


@pytest.fixture
def admin_client_user(role_client):
    return role_client(roles.ADMINISTRATOR)


def _worker_database_url():
    """The DATABASE_URL a worker process needs to reach *this* test database."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or ""
    auth = f"{user}:{s['PASSWORD']}@" if s.get("PASSWORD") else (f"{user}@" if user else "")
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real ``celery worker`` in its own process, on the configured broker and test DB.

    Yields the Popen; the worker is stopped afterwards. Tests using it must commit
    their data (transactional_db) so the worker can see it.
    """
    from config.celery import app

    app.conf.task_always_eager = False
    env = dict(os.environ, DATABASE_URL=_worker_database_url(), PYTHONUNBUFFERED="1")
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.worker_app",  # the product's app; lets a test slow pack builds (see there)
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        log.seek(0)
        if "ready." in log.read():
            break
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("Celery worker did not start in 60 s")
    if proc.poll() is not None:
        log.seek(0)
        pytest.fail("Celery worker exited:\n" + log.read()[-3000:])
    proc.log_path = tmp_path / "worker.log"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    app.conf.task_always_eager = True


def wait_for(predicate, timeout=60, interval=0.25):
    """Poll ``predicate()`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")
