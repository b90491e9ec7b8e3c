"""Backup and restore: the database and the media files in one archive.

The database is written with Django's own serialiser (``dumpdata``, natural keys; JSON with
times to the microsecond, ``core.backupjson``), so one archive restores on PostgreSQL or SQLite
alike and needs no client tools in the image.
Restoring runs the migrations and loads it into an empty database (one with no users).

The archive is a .tar.gz holding ``manifest.json`` (when, what, row counts), ``db.json``
and ``media/``. It is written to a temporary file and renamed, so a failed backup leaves no
partial archive behind.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
# Rebuilt by migrate (content types, permissions) or not worth keeping (sessions, sign-in
# failures); everything else, history included, is in the archive.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


class RestoreError(Exception):
    pass


def counts() -> dict[str, int]:
    """Rows per model (history models included): what a restore must bring back."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if any(label == e or label.startswith(e + ".") for e in EXCLUDE) or model._meta.proxy:
            continue
        out[label] = model._default_manager.using(connection.alias).count()
    return out


def media_files(root=None) -> dict[str, str]:
    """Media files by path under MEDIA_ROOT, with their sha256."""
    root = Path(root or settings.MEDIA_ROOT)
    found = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def backup(output: Path) -> dict:
    """Write the archive to ``output``; returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".backup-", suffix=".tar.gz", dir=output.parent)
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "db.json"  # on disk, not in memory: a real database is large
            # One transaction: every table as at one moment (on PostgreSQL, one snapshot).
            with transaction.atomic():
                call_command(
                    "dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDE, output=str(dump),
                    format=_exact_json(), verbosity=0,
                )
                manifest = {
                    "format": FORMAT,
                    "created": timezone.now().isoformat(),
                    "database": connection.vendor,
                    "counts": counts(),
                    "media": media_files(),
                }
            with tarfile.open(temp, "w:gz") as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
                tar.add(dump, arcname="db.json")
                root = Path(settings.MEDIA_ROOT)
                for name in manifest["media"]:
                    tar.add(root / name, arcname=f"media/{name}")
        os.replace(temp, output)  # only a complete archive ever has the real name
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return manifest


def _exact_json():
    """Django's JSON with times to the microsecond (core.backupjson); restore reads it as JSON."""
    from django.core import serializers

    if "backup-json" not in serializers.get_serializer_formats():
        serializers.register_serializer("backup-json", "core.backupjson")
    return "backup-json"


def _add_bytes(tar, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


def restore(archive: Path) -> dict:
    """Bring an archive back into an empty database and MEDIA_ROOT; returns its manifest.

    Checks afterwards that every model has the rows and every media file the bytes the
    manifest recorded, and says which do not."""
    from django.contrib.auth import get_user_model

    call_command("migrate", interactive=False, verbosity=0)
    if get_user_model().objects.exists():
        raise RestoreError("The database is not empty (it has users): restore only into a new, empty database.")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise RestoreError(f"This archive is in format {manifest.get('format')}; this version reads {FORMAT}.")
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "db.json"
            dump.write_bytes(tar.extractfile("db.json").read())
            with transaction.atomic():
                _clear_migration_rows()
                call_command("loaddata", str(dump), verbosity=0)
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        members = [m for m in tar.getmembers() if m.name.startswith("media/") and m.isfile()]
        tar.extractall(root.parent / ".restore-media", members=members, filter="data")
        staged = root.parent / ".restore-media" / "media"
        if staged.exists():
            for path in staged.rglob("*"):
                if path.is_file():
                    target = root / path.relative_to(staged)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
        _remove_tree(root.parent / ".restore-media")
    _reset_sequences()
    problems = [
        f"{label}: {have} rows, the backup had {want}"
        for label, want in manifest["counts"].items()
        if (have := counts().get(label)) != want
    ]
    restored = media_files()
    problems += [
        f"media/{name}: missing or changed" for name, sha in manifest["media"].items() if restored.get(name) != sha
    ]
    if problems:
        raise RestoreError("The restore is incomplete: " + "; ".join(problems))
    return manifest


def _clear_migration_rows():
    """Rows data migrations made (the role groups) come back from the archive as they were."""
    from django.contrib.auth.models import Group

    Group.objects.all().delete()


def _reset_sequences():
    """PostgreSQL: loaddata sets ids explicitly, so the id sequences must catch up."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


def _remove_tree(path):
    import shutil

    shutil.rmtree(path, ignore_errors=True)
