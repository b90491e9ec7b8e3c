"""`backup` then `restore` into an empty database brings back the demo whole: every figure,
risk, budget line, meeting, pack file and history record."""

import io
import os
import tarfile

import pytest
from django.core.management import call_command

from core import backup

pytestmark = pytest.mark.django_db(transaction=True)


def _contents():
    """Every row of every backed-up model, history included, and every many-to-many link, as
    comparable values.

    Users and groups are named by their natural keys (a restore may give them new ids: they
    travel by natural key). Times to the microsecond: Django's own JSON cut them to milliseconds."""
    from django.apps import apps

    by_key = {}  # model -> {pk: natural key}, for the models that travel by natural key

    def natural(model):
        if model not in by_key:
            by_key[model] = (
                {obj.pk: obj.natural_key() for obj in model._default_manager.all()}
                if hasattr(model, "natural_key") else None
            )
        return by_key[model]

    def shown(field, value):
        if value is None:
            return "NULL"
        if field.is_relation and natural(field.related_model) is not None:
            return repr(natural(field.related_model)[value])
        if isinstance(value, memoryview):  # a file kept in the database (an import's upload)
            return repr(bytes(value))
        return repr(value)

    out = {}
    for label in [*backup.counts(), "auth.group"]:
        model = apps.get_model(label)
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and natural(model) is not None)]
        rows = model._default_manager.values_list(*[f.attname for f in fields])
        out[label] = sorted(tuple(shown(f, v) for f, v in zip(fields, row, strict=True)) for row in rows)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            source_field, target_field = through._meta.get_field(source), through._meta.get_field(target)
            out[f"{label}.{m2m.name}"] = sorted(
                (shown(source_field, s), shown(target_field, t))
                for s, t in through._default_manager.values_list(f"{source}_id", f"{target}_id")
            )
    return out


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
    from django.db import connection

    if os.environ.get("REQUIRE_REAL_SERVICES"):
        assert connection.vendor == "postgresql"  # CI: the production database, not SQLite
    from committees.models import Meeting
    from finance.models import BudgetLine
    from performance.models import Observation
    from riskregister.models import Risk

    before = backup.counts()
    contents = _contents()
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
    # Not only as many rows: the same rows (every figure, score, line, meeting, history record
    # and who made it).
    restored = _contents()
    differ = {label: (set(contents[label]) ^ set(restored[label])) for label in contents
              if restored[label] != contents[label]}
    assert differ == {}
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
