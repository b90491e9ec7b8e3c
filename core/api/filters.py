"""Filter backends every list shares: ordering on documented fields only, ``modified_since``
(from the audit history) and ``fields=a,b,c``."""

import datetime as dt

import django_filters
from django.utils.dateparse import parse_datetime
from django_filters import rest_framework as django_filters_rest
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from . import sync


class OrderingFilter(filters.OrderingFilter):
    """Ordering only on the fields a view lists in ``ordering_fields`` (never DRF's default of
    every serializer field, which let anonymous clients sort by hidden text); others are a 400."""

    def get_valid_fields(self, queryset, view, context=None):
        fields = getattr(view, "ordering_fields", None)
        if not fields or fields == "__all__":
            return []
        return [(f, f) for f in fields]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is not None:
            valid = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            asked = [p.strip() for p in params.split(",") if p.strip()]
            bad = [p for p in asked if p.lstrip("-") not in valid]
            if bad:
                allowed = ", ".join(sorted(valid)) or "none"
                raise ValidationError({self.ordering_param: f"Cannot order by {', '.join(bad)}; allowed: {allowed}."})
            if not asked:
                raise ValidationError({self.ordering_param: "Give a field to order by, or leave the parameter out."})
            return asked
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _ in self.get_valid_fields(None, view)]
        if not fields:
            return []
        values = [v for f in fields for v in (f, f"-{f}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order by one of these fields; a leading - reverses it.",
                "schema": {"type": "string", "enum": values},
            }
        ]


class ModifiedSinceFilter(filters.BaseFilterBackend):
    """``modified_since=<ISO 8601 datetime>``: only what was created or changed since then."""

    param = "modified_since"

    def filter_queryset(self, request, queryset, view):
        queryset = sync.annotate(queryset)
        raw = request.query_params.get(self.param)
        if raw is None:
            return queryset
        since = parse_since(raw, self.param)
        return sync.modified_since(queryset, since)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Only objects created or changed at or after this moment (ISO 8601 with offset), "
                "from the audit history.",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class FieldsFilter(filters.BaseFilterBackend):
    """``fields=a,b,c`` chooses the fields of each item in a list (applied by the serializer)."""

    param = "fields"

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        # The names a list can choose from, so a client (and its generated code) knows them.
        try:
            names = list(view.get_serializer_class()().fields)
        except Exception:  # noqa: BLE001 - a view whose serializer needs a request: any text
            names = []
        items = {"type": "string", "enum": names} if names else {"type": "string", "minLength": 1}
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Comma-separated field names: each item carries only these (id always).",
                "schema": {"type": "array", "items": items},
                "style": "form",
                "explode": False,
            }
        ]


def parse_since(raw, param):
    from django.utils import timezone

    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({param: "Give a date and time in ISO 8601, e.g. 2017-03-01T09:00:00+00:00."})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    # In UTC: PostgreSQL refuses offsets beyond +-15:59 that ISO 8601 (and Python) allow.
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # within a day of year 1 or 9999: everything, or nothing, is after it
        edge = dt.datetime.min if value.year == 1 else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


class DjangoFilterBackend(django_filters_rest.DjangoFilterBackend):
    """django-filter, refusing what it would otherwise quietly ignore: an empty value, or a
    fraction where a whole number (an id, a year) is expected."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, filter_ in filterset.filters.items():
            if name not in request.query_params:
                continue
            raw = request.query_params.get(name)
            if raw == "":
                errors[name] = ["Give a value, or leave the parameter out."]
            elif isinstance(filter_, django_filters.BooleanFilter) and raw not in ("true", "false", "True", "False"):
                errors[name] = ["true or false."]
            elif isinstance(filter_, django_filters.NumberFilter) and _integer_field(filterset, filter_) and not (
                raw.lstrip("-").isdigit()
            ):
                errors[name] = ["A whole number."]
        if errors:
            raise ValidationError(errors)
        missing = _names_missing_objects(filterset, request.query_params)
        if missing:
            raise ValidationError(missing)
        return filterset


def _names_missing_objects(filterset, params):
    """A well-formed value naming no object (``owner=999``) is a 404 naming the parameter, not
    a 400: the request fits the schema; the object just is not there (or not visible)."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from rest_framework.exceptions import ErrorDetail

    if filterset.is_valid():
        return {}
    missing = {}
    for name, problems in filterset.form.errors.as_data().items():
        filter_ = filterset.filters.get(name)
        if not isinstance(filter_, django_filters.ModelChoiceFilter) or any(
                p.code != "invalid_choice" for p in problems):
            return {}  # something else is wrong too: the 400 says it all
        model = filter_.field.queryset.model
        try:
            model._meta.get_field(filter_.field.to_field_name or model._meta.pk.name).to_python(params.get(name))
        except DjangoValidationError:
            return {}
        missing[name] = [ErrorDetail(f"No such {model._meta.verbose_name}: {params.get(name)}.", code="does_not_exist")]
    return missing


def _integer_field(filterset, filter_):
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    model = filterset._meta.model or filterset.queryset.model
    try:
        field = model._meta.get_field(filter_.field_name.split("__")[0])
    except FieldDoesNotExist:
        return False
    return isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey))
