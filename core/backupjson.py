"""The backup's JSON: Django's own format, with times to the microsecond.

Django's JSON encoder cuts datetimes to milliseconds, so a backup restored through it moved
every history record's time (and could reorder records saved within the same millisecond).
Only writing differs: Django's JSON deserialiser reads the full ISO times back as they are."""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 (a serializer module names both)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and not (
            isinstance(o, datetime.time) and o.utcoffset() is not None
        ):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
