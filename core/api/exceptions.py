"""One error shape for the whole API: RFC 9457 problem details.

Every error, whether raised by DRF, by Django (404, PermissionDenied, ProtectedError) or by
our own views (``Problem``), is answered as ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail`` and ``errors`` (``{"field", "index", "message"}`` for each
item or field at fault). Bulk endpoints add their counts as extension members.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from .. import protection

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Relative references resolve against the API root; documented in the schema's description.
TYPE_BASE = "/api/docs/#problem-"


class Problem(exceptions.APIException):
    """An error with problem-details members: raise it from a view instead of building a Response."""

    def __init__(self, detail, *, status_code=400, errors=None, title=None, **extensions):
        super().__init__(detail=detail)
        self.status_code = status_code
        self.errors = errors or []
        self.title = title
        self.extensions = extensions


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it: fetch it again (If-Match does not match its ETag)."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with the resource's current state."
    default_code = "conflict"


def in_use(instance, protected_objects):
    """409: what still holds ``instance`` (counts and a few by name) and how to retire it instead."""
    detail, counted, examples = protection.refusal(instance, protected_objects)
    return Problem(detail, status_code=409, title="In use",
                   errors=[{"field": None, "index": None, "message": f"Held by {c}"} for c in counted],
                   held_by=counted, used_by=examples)


def from_django(exc):
    """A service's Django ValidationError as DRF's, keeping each message's code (so a rule
    raised with code="conflict" answers 409)."""
    from rest_framework.exceptions import ErrorDetail

    def details(errors):
        return [ErrorDetail(m, code=e.code or "invalid") for e in errors for m in e.messages]

    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({k: details(v) for k, v in exc.error_dict.items()})
    return exceptions.ValidationError({"detail": details(exc.error_list)})


def error_items(detail, field=None, index=None):
    """DRF's nested error detail flattened to ``{"field", "index", "message"}`` items.

    ``field`` is a dotted path below the item (``actions.0.due_date`` becomes ``actions[0].due_date``);
    ``index`` is the 0-based position of the item in a list body, else null."""
    items = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            # DRF's non-field errors belong to the item (or the body) itself.
            if key in ("non_field_errors", "detail"):
                sub = field
            elif isinstance(key, int):  # a nested list's item
                sub = f"{field}[{key}]" if field else f"[{key}]"
            else:
                sub = f"{field}.{key}" if field else str(key)
            items.extend(error_items(value, sub, index))
    elif isinstance(detail, list):
        if detail and all(isinstance(d, str) for d in detail):
            items.extend({"field": field, "index": index, "message": str(d)} for d in detail)
        else:
            for i, value in enumerate(detail):
                if not value:
                    continue
                if field is None and index is None:
                    items.extend(error_items(value, None, i))
                else:
                    items.extend(error_items(value, f"{field}[{i}]" if field else f"[{i}]", index))
    else:
        items.append({"field": field, "index": index, "message": str(detail)})
    return items


def _slug(code):
    return str(code).replace("_", "-")


def problem_body(status_code, *, detail="", title=None, errors=(), code=None, **extensions):
    title = title or HTTPStatus(status_code).phrase
    body = {
        "type": TYPE_BASE + _slug(code or HTTPStatus(status_code).phrase.lower().replace(" ", "-")),
        "title": title,
        "status": status_code,
        "detail": detail or title,
        "errors": list(errors),
    }
    body.update(extensions)
    return body


def problem_response(status_code, *, headers=None, **kwargs):
    return Response(
        problem_body(status_code, **kwargs), status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )


def _as_problem(exc):
    if isinstance(exc, Problem):
        return problem_body(exc.status_code, detail=str(exc.detail), title=exc.title, errors=exc.errors,
                            **exc.extensions)
    detail = exc.detail
    code = getattr(exc, "default_code", None)
    if isinstance(exc, exceptions.ValidationError):
        errors = error_items(detail)
        if len(errors) == 1:
            message = errors[0]["message"] if errors[0]["field"] is None else (
                f"{errors[0]['field']}: {errors[0]['message']}")
        else:
            message = f"{len(errors)} problems with what was sent; see errors."
        status_code, title, kind = _validation_status(exc)
        return problem_body(status_code, detail=message, title=title, errors=errors, code=kind)
    if isinstance(detail, (dict, list)):
        errors = error_items(detail)
        message = "; ".join(e["message"] for e in errors)
        return problem_body(exc.status_code, detail=message, errors=errors, code=code)
    return problem_body(exc.status_code, detail=str(detail), code=code)


# A request that fits the schema but names an object that does not exist is a 404, and one
# that collides with what is stored (a name already taken) is a 409; 400 is for a request
# that does not fit the schema. The field at fault is named in ``errors`` either way.
MISSING_CODES = frozenset({"does_not_exist", "missing_object"})
CONFLICT_CODES = frozenset({"unique", "conflict"})


def _leaf_codes(codes):
    if isinstance(codes, dict):
        return {c for v in codes.values() for c in _leaf_codes(v)}
    if isinstance(codes, list):
        return {c for v in codes for c in _leaf_codes(v)}
    return {codes}


def _validation_status(exc):
    codes = _leaf_codes(exc.get_codes())
    if codes and codes <= MISSING_CODES | CONFLICT_CODES:
        if codes & CONFLICT_CODES:
            return 409, "Conflict", "conflict"
        return 404, "Not found", "not-found"
    return exc.status_code, "Invalid request", "invalid"


def exception_handler(exc, context):
    """Every API error as a problem-details document; a 500 never carries a stack trace."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ProtectedError):
        # e.g. deleting a person who still owns risks: say what holds it, keep everything.
        exc = in_use(getattr(exc, "instance", None), exc.protected_objects)

    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, exceptions.Throttled) and "Retry-After" not in headers:
            headers["Retry-After"] = "1"
        body = _as_problem(exc)
        return Response(body, status=body["status"], headers=headers, content_type=PROBLEM_CONTENT_TYPE)

    from django.conf import settings

    if settings.DEBUG:
        return None  # let Django's debug page help the developer
    logger.exception("Unhandled API error", exc_info=exc)
    return problem_response(500, detail="Internal error. It has been logged.")
