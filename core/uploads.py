"""Checks for every uploaded file (size first, then what the bytes really are), the staged
uploads that keep a file between its preview and its confirmation, and the one result type
every preview-then-confirm import reports.

The browser's content type and the file name are the user's claims; the first bytes are
the evidence. Each check raises ValidationError with a message a clerk can act on.
"""

import io
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def check_size(upload, limit=None):
    limit = limit or settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        size_mb, limit_mb = upload.size / 1_048_576, limit / 1_048_576
        raise ValidationError(f"{upload.name} is {size_mb:.1f} MB; the largest file accepted is {limit_mb:.0f} MB.")


def _head(upload, n=8):
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def check_pdf(upload):
    """A real, readable PDF (not just a .pdf name)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    check_size(upload)
    if not _head(upload).startswith(PDF_MAGIC):
        raise ValidationError(f"{upload.name} is not a valid PDF file.")
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(f"{upload.name} is password-protected; upload an unprotected copy.")
        if len(reader.pages) == 0:
            raise ValidationError(f"{upload.name} has no pages.")
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ValidationError(f"{upload.name} is not a valid PDF file ({exc}).") from exc
    finally:
        upload.seek(0)


def check_spreadsheet(upload):
    """CSV (UTF-8 text) or XLSX (a zip holding a workbook); returns "csv" or "xlsx"."""
    check_size(upload)
    head = _head(upload, 4)
    if head == ZIP_MAGIC:
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as z:
                if "xl/workbook.xml" not in z.namelist():
                    raise ValidationError(f"{upload.name} is a zip file but not an Excel workbook.")
        except zipfile.BadZipFile as exc:
            raise ValidationError(f"{upload.name} is not a valid Excel workbook.") from exc
        finally:
            upload.seek(0)
        return "xlsx"
    upload.seek(0)
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        raise ValidationError(f"{upload.name} is neither a CSV text file nor an Excel (.xlsx) workbook.")
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{upload.name} is not readable text; save it as CSV UTF-8.") from exc
    return "csv"


# --- what an import found or did: one result type ----------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the importing area numbers its rows (0 for the file as a whole)
    column: str
    message: str
    # Well formed, but contradicts itself or what is stored (no figure at all, a percentage
    # over 100 for a percentage indicator): the API answers 409 rather than 400.
    conflict: bool = False

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    """What a preview-then-confirm import found (dry run) or did: the one type, with the same
    field names, that every area's import reports (pages, API, commands and jobs alike)."""

    total: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # RowError, or text naming row and field
    notices: list = field(default_factory=list)  # accepted, but the user should know (RowError or text)
    preview: list[dict] = field(default_factory=list)  # the first rows, with their status
    dry_run: bool = True
    written: bool = False
    # Findings the user must acknowledge before anything is written (e.g. stated figures that
    # disagree with the computed ones): each has a ``message()``; the area says how to print them.
    warnings: list = field(default_factory=list)
    needs_acknowledgement: bool = False
    kind: str = ""  # what the file was read as, where an area takes more than one layout
    record: Any = None  # the area's stored record of the import, where it keeps one

    @property
    def ok(self):
        return not self.errors

    def as_dict(self):
        return {
            "total": self.total,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "written": self.written,
            "dry_run": self.dry_run,
            "errors": [_plain(e) for e in self.errors],
            "notices": [_plain(e) for e in self.notices],
            "needs_acknowledgement": self.needs_acknowledgement,
        }


def _plain(error):
    return {"row": error.row, "column": error.column, "message": error.message} if isinstance(error, RowError) \
        else str(error)


# --- staged uploads: kept between preview and confirmation --------------------

STAGED_FOR = timedelta(hours=24)


def stage(content: bytes, *, kind, filename, user=None, params=None, preview=None):
    """Keep an uploaded file (and what its preview showed) until it is confirmed or expires."""
    from django.core.files.base import ContentFile

    from .models import StagedUpload

    suffix = Path(filename).suffix.lower() if Path(filename).suffix.lower() in (".csv", ".xlsx", ".tsv") else ".csv"
    owner = user if user is not None and getattr(user, "is_authenticated", False) else None
    return StagedUpload.objects.create(
        kind=kind,
        file=ContentFile(content, name=f"{secrets.token_hex(16)}{suffix}"),
        filename=filename[:255],
        params=params or {},
        preview=preview or {},
        created_by=owner,
        expires=timezone.now() + STAGED_FOR,
    )


def stage_path(path, *, kind, filename, user=None, params=None):
    """Keep a file already written to disk (e.g. a large export), moved into storage."""
    from django.core.files import File

    from .models import StagedUpload

    owner = user if user is not None and getattr(user, "is_authenticated", False) else None
    with open(path, "rb") as fh:
        return StagedUpload.objects.create(
            kind=kind, file=File(fh, name=f"{secrets.token_hex(16)}{Path(filename).suffix.lower()}"),
            filename=filename[:255], params=params or {}, created_by=owner, expires=timezone.now() + STAGED_FOR,
        )


def staged(pk, *, kind, user):
    """The user's own staged upload of that kind, or None if it is gone, expired or not theirs."""
    from .models import StagedUpload

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return StagedUpload.objects.filter(
        pk=pk, kind=kind, created_by=user if getattr(user, "is_authenticated", False) else None,
        expires__gt=timezone.now(),
    ).first()


def read_staged(upload) -> bytes:
    with upload.file.open("rb") as fh:
        return fh.read()


def discard(upload):
    """Delete the staged row now and its file once the transaction commits (after a
    confirmation, or when abandoned): a rolled-back confirmation keeps both."""
    from django.db import transaction

    storage, name = upload.file.storage, upload.file.name
    upload.delete()
    transaction.on_commit(lambda: storage.delete(name))


def purge_expired(now=None) -> int:
    """Delete every staged upload past its expiry, with its file; returns how many."""
    from .models import StagedUpload

    count = 0
    for upload in StagedUpload.objects.filter(expires__lte=now or timezone.now()).iterator():
        discard(upload)
        count += 1
    return count
