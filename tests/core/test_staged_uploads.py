"""One staged upload for every preview-then-confirm import: kept for its owner, then gone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from core import tasks, uploads
from core.models import StagedUpload

pytestmark = pytest.mark.django_db


def test_a_staged_file_is_its_owners_until_it_expires(make_user):
    owner, other = make_user(username="owner"), make_user(username="other")
    staged = uploads.stage(b"ref,period\n", kind="observations", filename="jan.csv", user=owner,
                           params={"register": 3}, preview={"total": 0})
    assert uploads.read_staged(staged) == b"ref,period\n"
    assert staged.file.name.endswith(".csv") and "jan" not in staged.file.name  # never the user's name on disk
    assert uploads.staged(staged.pk, kind="observations", user=owner) == staged
    assert uploads.staged(staged.pk, kind="observations", user=other) is None
    assert uploads.staged(staged.pk, kind="risks", user=owner) is None
    assert uploads.staged("../etc/passwd", kind="observations", user=owner) is None
    StagedUpload.objects.filter(pk=staged.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert uploads.staged(staged.pk, kind="observations", user=owner) is None


def test_the_periodic_task_deletes_abandoned_previews_and_their_files(make_user, django_capture_on_commit_callbacks):
    user = make_user(username="owner")
    old = uploads.stage(b"a", kind="risks", filename="r.csv", user=user)
    fresh = uploads.stage(b"b", kind="risks", filename="r.csv", user=user)
    old_path = Path(old.file.path)
    StagedUpload.objects.filter(pk=old.pk).update(expires=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion commits
        assert tasks.purge_staged_uploads() == 1
    assert not old_path.exists() and Path(fresh.file.path).exists()
    assert list(StagedUpload.objects.all()) == [fresh]


def test_the_purge_is_on_the_beat_schedule():
    from config.celery import app

    assert any(e["task"] == "core.tasks.purge_staged_uploads" for e in app.conf.beat_schedule.values())


def test_every_preview_then_confirm_import_reports_the_one_result_type():
    """Observations, budgets and risks answer with core's ImportResult itself, not a subclass
    with its own names: the pages, API and commands read the same fields everywhere."""
    from finance.importing import import_table
    from performance.importing import import_file
    from riskregister.resources import COLUMNS
    from riskregister.services import import_register
    from tests.riskregister.factories import RegisterFactory

    observations = import_file(b"", "empty.csv", dry_run=True)
    budget = import_table(rows=[], year=None, dry_run=True)
    risks = import_register(RegisterFactory(), (",".join(COLUMNS) + "\n").encode(), "csv", dry_run=True)
    for result in (observations, budget, risks):
        assert type(result) is uploads.ImportResult
        assert result.errors and not result.written and result.new == result.changed == 0
