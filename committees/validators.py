"""Upload checks for report appendices: the product's one PDF check (core.uploads), plus the page count."""

from pypdf import PdfReader

from core.uploads import check_pdf


def validate_pdf(upload):
    """Refuse anything that is not a readable PDF by its bytes, or is over MAX_UPLOAD_BYTES; return its pages."""
    check_pdf(upload)
    try:
        return len(PdfReader(upload).pages)
    finally:
        upload.seek(0)
