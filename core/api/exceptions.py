import logging

from django.db.models import ProtectedError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """DRF's handler, plus a plain JSON 500 that never carries a stack trace."""
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, ProtectedError):
        # e.g. deleting a person who still owns risks: say what holds it, keep everything.
        held_by = sorted({f"{obj._meta.verbose_name}: {obj}" for obj in list(exc.protected_objects)[:10]})
        return Response({"detail": "This is still in use and can't be deleted.", "used_by": held_by}, status=409)
    if response is None:
        from django.conf import settings

        if settings.DEBUG:
            return None  # let Django's debug page help the developer
        logger.exception("Unhandled API error", exc_info=exc)
        return Response({"detail": "Internal error. It has been logged."}, status=500)
    return response
