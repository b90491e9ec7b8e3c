"""What every API serializer shares: writes name only writable fields, resources carry
``created`` and ``modified``, lists can choose their fields, and integer limits are the same
on every database."""

from collections.abc import Mapping

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from . import sync


class StrictFieldsMixin:
    # A write that names an unknown or read-only field is refused (400 naming the field),
    # never silently ignored.

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            problems = {}
            for key in data:
                field = self.fields.get(key)
                if field is None:
                    problems[key] = ["Unknown field."]
                elif field.read_only:
                    problems[key] = ["This field is read-only; it cannot be written."]
                elif not isinstance(data, QueryDict) and not _json_type_fits(field, data[key]):
                    problems[key] = [f"Expected {_expected(field)}, got {type(data[key]).__name__}."]
            if problems:
                raise ValidationError(problems)
        return super().to_internal_value(data)


_STRING_FIELDS = (serializers.CharField, serializers.DateField, serializers.DateTimeField, serializers.TimeField,
                  serializers.ChoiceField, serializers.SlugRelatedField)
_NUMBER_FIELDS = (serializers.IntegerField, serializers.FloatField, serializers.DecimalField)


def _json_type_fits(field, value):
    """JSON bodies are typed: no 0 for false, no false for 0, no number where text is expected."""
    if value is None:
        return True
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return all(_json_type_fits(field.child, item) for item in value)
    if isinstance(field, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, _NUMBER_FIELDS):
        return isinstance(value, (int, float)) and not isinstance(value, bool) or (
            isinstance(field, serializers.DecimalField) and isinstance(value, str))
    if isinstance(field, serializers.ChoiceField) and field.choices and all(
            isinstance(k, int) for k in field.choices):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(field, _STRING_FIELDS):
        return isinstance(value, str)
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return isinstance(value, int) and not isinstance(value, bool)
    return True


def _expected(field):
    if isinstance(field, serializers.ListField):
        return f"a list of {_expected(field.child)}"
    if isinstance(field, serializers.BooleanField):
        return "true or false"
    if isinstance(field, _NUMBER_FIELDS):
        return "a number"
    return "text" if isinstance(field, _STRING_FIELDS) else "another type"


@extend_schema_field({
    "type": "string",
    "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
    "example": "10:00:00",
    "description": "A local (Europe/London) time of day, without an offset.",
})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time: RFC 3339's ``time`` format would promise an offset it does not have."""


FIELD_MAPPING = {**serializers.ModelSerializer.serializer_field_mapping, models.TimeField: LocalTimeField}


class TimestampField(serializers.DateTimeField):
    """``created`` or ``modified`` of a resource, from its audit history."""

    def __init__(self, which, **kwargs):
        self.which = which
        kwargs.update(read_only=True, source="*", allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        value = sync.timestamps(obj)[self.which]
        return None if value is None else super().to_representation(value)


def _portable_range(internal_type):
    # Django's documented safe ranges on every supported database, so that the schema does
    # not change with the database it was generated on.
    return BaseDatabaseOperations.integer_field_ranges.get(internal_type)


class ListFieldsMixin:
    # ``fields=a,b,c`` on a list keeps only those fields of each item (and ``id``).

    def get_fields(self):
        fields = super().get_fields()
        parent = getattr(self, "parent", None)
        if not isinstance(parent, serializers.ListSerializer) or parent.parent is not None:
            return fields
        request, view = self.context.get("request"), self.context.get("view")
        if request is None or getattr(view, "action", None) != "list":
            return fields
        raw = request.query_params.get("fields")
        if not raw:
            return fields
        wanted = [f.strip() for f in raw.split(",") if f.strip()]
        unknown = [f for f in wanted if f not in fields]
        if unknown:
            raise ValidationError({"fields": f"No such field: {', '.join(unknown)}. Fields: {', '.join(fields)}."})
        keep = set(wanted) | {"id"}
        self._chosen_fields = keep
        return {name: field for name, field in fields.items() if name in keep}

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_serializer = super().many_init(*args, **kwargs)
        if type(list_serializer) is serializers.ListSerializer:
            list_serializer.__class__ = ChosenFieldsListSerializer
        return list_serializer


class ChosenFieldsListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = super().to_representation(data)
        chosen = getattr(self.child, "_chosen_fields", None)
        # Some serializers add computed members after DRF's pass; the choice applies to them too.
        return items if chosen is None else [{k: v for k, v in i.items() if k in chosen} for i in items]


class Serializer(StrictFieldsMixin, serializers.Serializer):
    pass


class PortableIntegersMixin:
    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        limits = _portable_range(model_field.get_internal_type())
        if limits:
            from django.db import connection

            here = connection.ops.integer_field_range(model_field.get_internal_type())
            for i, key in enumerate(("min_value", "max_value")):
                from_database = kwargs.get(key) == here[i] if key in kwargs else here[i] is None
                if from_database and limits[i] is not None:
                    kwargs[key] = limits[i]
            # Choice fields keep the model's range as validators instead.
            bound = {MinValueValidator: here[0], MaxValueValidator: here[1]}
            portable = {MinValueValidator: limits[0], MaxValueValidator: limits[1]}
            kwargs["validators"] = [
                type(v)(portable[type(v)]) if type(v) in bound and v.limit_value == bound[type(v)]
                and portable[type(v)] is not None else v
                for v in kwargs.get("validators", [])
            ]
            if not kwargs["validators"]:
                del kwargs["validators"]
        return field_class, kwargs


class NestedModelSerializer(StrictFieldsMixin, PortableIntegersMixin, serializers.ModelSerializer):
    serializer_field_mapping = FIELD_MAPPING

    # A part shown inside a resource (no timestamps of its own).
    pass


class ModelSerializer(StrictFieldsMixin, ListFieldsMixin, PortableIntegersMixin, serializers.ModelSerializer):
    serializer_field_mapping = FIELD_MAPPING

    # A resource: it carries ``created`` and ``modified``.

    created = TimestampField(0, help_text="When it was created (ISO 8601 with offset), from the audit history.")
    modified = TimestampField(1, help_text="When it last changed (ISO 8601 with offset), from the audit history.")

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        return names + [n for n in ("created", "modified") if n not in names]

    @property
    def data(self):
        # After a write, the timestamps annotated when the object was read are stale: read them
        # again, so the answer (and its ETag, which a client sends back as If-Match) is current.
        if hasattr(self, "_validated_data") and self.instance is not None:
            sync.forget_timestamps(self.instance)
        return super().data
