"""DRF's viewsets with what every resource of this API shares: an ``ETag`` on each detail
response, and ``If-Match`` honoured by PUT, PATCH and DELETE (412 when stale).

Areas import ``viewsets`` from here instead of ``rest_framework``."""

import hashlib

from django.db import transaction
from django.db.models import ProtectedError
from rest_framework import status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .exceptions import PreconditionFailed

UNSAFE = ("PUT", "PATCH", "DELETE")
DETAIL_ACTIONS = ("retrieve", "update", "partial_update")


def etag_for(data) -> str:
    return '"' + hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:32] + '"'


def _matches(header, current):
    tags = [t.strip() for t in header.split(",") if t.strip()]
    # A weak validator (W/"...") compares by its opaque part (RFC 9110 weak comparison is for
    # GET; for If-Match we accept the same value a client read from us).
    return "*" in tags or any(t.removeprefix("W/") == current for t in tags)


class ConcurrencyMixin:
    """The representation's hash is the ETag: any change to what a client read makes it stale."""

    def etag_of(self, instance):
        return etag_for(self.get_serializer(instance).data)

    def prepare_object(self, obj):
        """Hook: what a view adds to an object before it is shown (and its ETag computed)."""
        return obj

    def get_object(self):
        obj = self.prepare_object(super().get_object())
        header = self.request.headers.get("If-Match")
        if header and self.request.method in UNSAFE and not _matches(header, self.etag_of(obj)):
            raise PreconditionFailed()
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            getattr(self, "action", None) in DETAIL_ACTIONS
            and response.status_code == 200
            and isinstance(getattr(response, "data", None), dict)
            and not response.has_header("ETag")
        ):
            response["ETag"] = etag_for(response.data)
        return response


class GenericViewSet(ConcurrencyMixin, viewsets.GenericViewSet):
    pass


class ReadOnlyModelViewSet(ConcurrencyMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(ConcurrencyMixin, viewsets.ModelViewSet):
    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            with transaction.atomic():
                self.perform_destroy(instance)
        except ProtectedError as exc:
            exc.instance = instance  # the 409 names what was refused and how to retire it
            raise
        return Response(status=status.HTTP_204_NO_CONTENT)


ViewSet = viewsets.ViewSet
