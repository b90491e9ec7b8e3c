"""Upload checks for report appendices: a real, readable PDF within the size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    """Refuse anything that is not a PDF by its bytes (not its name), is unreadable, or too big."""
    size = getattr(upload, "size", None)
    limit = settings.MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ValidationError(f"The file is {size:,} bytes; appendices may be at most {limit:,} bytes.", code="too_big")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if PDF_MAGIC not in head:
        raise ValidationError("The file is not a PDF (it does not start with %PDF-).", code="not_pdf")
    try:
        pages = len(PdfReader(upload).pages)
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise ValidationError(f"The PDF cannot be read: {exc}", code="bad_pdf") from exc
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError("The PDF has no pages.", code="empty_pdf")
    return pages
