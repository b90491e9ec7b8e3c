"""`backup` then `restore` into an empty database brings back the demo whole: every figure,
risk, budget line, meeting, pack file and history record."""

import io
import tarfile

import pytest
from django.core.management import call_command

from core import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, tmp_path, make_user):
    from core import roles

    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("loaddemo", stdout=io.StringIO())
    make_user(roles.ADMINISTRATOR)
    from committees.models import Meeting
    from committees.packs import services

    meeting = Meeting.objects.filter(items__isnull=False).distinct().order_by("date").first()
    build = services.start_build(meeting)
    assert services.file_of(build, which="pdf").exists()
    return tmp_path


def test_a_backup_of_the_demo_restores_into_an_empty_database(demo, settings):
    from committees.models import Meeting
    from finance.models import BudgetLine
    from performance.models import Observation
    from riskregister.models import Risk

    before = backup.counts()
    files = backup.media_files()
    for model in (Observation, Observation.history.model, Risk, BudgetLine, Meeting):
        assert before[model._meta.label_lower] > 0, model
    assert any(name.endswith(".pdf") and name.startswith("packs/") for name in files)
    history = {label: n for label, n in before.items() if ".historical" in label and n}
    assert len(history) >= 5

    archive = demo / "backups" / "demo.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "db.json"} <= set(tar.getnames())
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not empty"):  # never over a live database
        call_command("restore", str(archive))

    # An empty database and media folder, as on a new server.
    call_command("flush", interactive=False, verbosity=0)
    import shutil

    shutil.rmtree(settings.MEDIA_ROOT)
    assert backup.counts()[Observation._meta.label_lower] == 0

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    assert backup.counts() == before
    assert backup.media_files() == files
    # New records still get new ids after the restore (PostgreSQL's sequences caught up).
    risk = Risk.objects.first()
    risk.pk = None
    risk.risk_number = "RESTORE-1"
    risk.save()


def test_a_failed_backup_leaves_no_partial_archive(tmp_path, monkeypatch, make_user):
    make_user()
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_add_bytes", broken)
    with pytest.raises(OSError):
        call_command("backup", output=str(tmp_path / "out" / "b.tar.gz"), stdout=io.StringIO())
    assert list((tmp_path / "out").iterdir()) == []
