"""Request-size limits, applied before anything reads the body.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE only bites when form fields are read, and never counts
multipart file parts: a 300 MB multipart POST to the sign-in page was read and spooled to
disk in full. Here the declared length is checked first: uploads (the views that take a
file) may send MAX_UPLOAD_BYTES plus room for the form around it, everything else
DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from .registries import upload_views

FORM_ALLOWANCE = 1024 * 1024


def is_upload(resolver_match) -> bool:
    """The views that take a file are those the areas register (core.registries.register_upload_view)."""
    if resolver_match is None:
        return False
    return resolver_match.view_name in upload_views() or resolver_match.namespace == "admin"


def limit_for(request) -> int:
    if is_upload(getattr(request, "resolver_match", None)):
        return settings.MAX_UPLOAD_BYTES + FORM_ALLOWANCE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _problem(status, message):
    """The API's one error shape (RFC 9457), for the answers given before any view runs."""
    from .api.exceptions import PROBLEM_CONTENT_TYPE, problem_body

    return JsonResponse(problem_body(status, detail=message), status=status, content_type=PROBLEM_CONTENT_TYPE)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = limit_for(request)
        if length <= limit:
            return None
        message = f"The request is too large ({length:,} bytes; at most {limit:,} here)."
        if request.path.startswith("/api/"):
            return _problem(413, message)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class BackgroundUnavailableMiddleware:
    """A job the broker would not take (core.jobs.BackgroundUnavailable, raised as the request's
    transaction commits) is a 503 saying nothing was lost, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from .jobs import BackgroundUnavailable

        if not isinstance(exception, BackgroundUnavailable):
            return None
        message = str(exception)
        if request.path.startswith("/api/"):
            response = _problem(503, message)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "60"
        return response
