"""Request bodies are JSON. A form-encoded body with nothing in it (what a bare POST from
Django's test client or an HTML form button sends to an action such as ``submit/``) is read
as ``{}``; any form field or file is refused, naming JSON. Hidden from the schema, which
offers JSON only."""

from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import FormParser, MultiPartParser


class EmptyFormParser(MultiPartParser):
    media_type = "multipart/form-data"
    schema_hidden = True

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if parsed.data or parsed.files:
            raise UnsupportedMediaType(media_type, detail="Send the body as JSON (application/json).")
        return parsed


class EmptyUrlencodedParser(FormParser):
    schema_hidden = True

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if data:
            raise UnsupportedMediaType(media_type, detail="Send the body as JSON (application/json).")
        return data
