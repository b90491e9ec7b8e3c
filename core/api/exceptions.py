import logging

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """DRF's handler, plus a plain JSON 500 that never carries a stack trace."""
    response = drf_exception_handler(exc, context)
    if response is None:
        from django.conf import settings

        if settings.DEBUG:
            return None  # let Django's debug page help the developer
        logger.exception("Unhandled API error", exc_info=exc)
        return Response({"detail": "Internal error. It has been logged."}, status=500)
    return response
