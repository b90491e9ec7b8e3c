"""The OpenAPI schema's shared parts: operations tagged by area, every error declared as a
problem-details document with the status codes the operation can answer, request bodies that
refuse unknown properties, and the ETag / WWW-Authenticate / Retry-After headers."""

import re

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_manager, get_view_model
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .exceptions import PROBLEM_CONTENT_TYPE

ERROR_DESCRIPTIONS = {
    "400": "The request is malformed or a field is invalid; `errors` names each field (and item).",
    "401": "No token, or a bad, expired or revoked one (`WWW-Authenticate: Token`).",
    "403": "Signed in, but not allowed to do this (or a read-only token tried to write).",
    "404": "No such resource (or not visible to you), no such page of a list, or a filter or field of the "
           "body names an object that does not exist (`errors` names it).",
    "409": "Well formed, but conflicts with what is stored or with itself (e.g. a name already taken, still "
           "in use, wrong workflow state, a date outside what its risk or year allows); `errors` names the field.",
    "412": "`If-Match` did not match the current `ETag`: someone changed it since you read it.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}


class ProblemErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field at fault (dotted path), or null.")
    index = serializers.IntegerField(allow_null=True, min_value=0,
                                     help_text="0-based position of the item at fault in a list body, or null.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details. Extension members may follow (e.g. a bulk endpoint's counts)."""

    type = serializers.CharField(help_text="A URI reference naming the kind of problem.")
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField()
    errors = ProblemErrorSerializer(many=True)


def _is_problem(serializer):
    cls = serializer if isinstance(serializer, type) else type(serializer)
    return isinstance(cls, type) and issubclass(cls, ProblemSerializer)


class StrictFilterExtension(DjangoFilterExtension):
    """The list filters as the backend reads them: an empty value is refused (400), so the
    schema asks for at least one character."""

    target_class = "core.api.filters.DjangoFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        model = get_view_model(auto_schema.view) if parameters else None
        view = auto_schema.view
        filterset_class = self.target.get_filterset_class(view, get_manager(model).none()) if model else None
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                schema.setdefault("minLength", 1)
                schema.setdefault("pattern", "^[^\\x00]*$")  # text never holds a NUL (refused, 400)
            # A bound the filter's form field enforces (an id from 1) is in the schema too.
            kwargs = getattr(filters.get(parameter["name"]), "extra", {})
            if schema.get("type") in ("integer", "number"):
                for key, bound in (("min_value", "minimum"), ("max_value", "maximum")):
                    if kwargs.get(key) is not None:
                        schema.setdefault(bound, kwargs[key])
        return parameters


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self):
        # The area is the top-level package the view lives in (core, or the area's own).
        return [self.view.__class__.__module__.split(".")[0]]

    def _get_format_parameters(self):
        # A file endpoint (packs/{id}/pdf/) is chosen by its path; its JSON renderer is there
        # only to write errors. DRF's ?format= override is no part of the contract, and
        # offering it made generated clients carry a meaningless enum per file endpoint.
        return []

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # A list that must not be empty says so (DRF answers "This list may not be empty").
        if (isinstance(field, (serializers.ListField, serializers.ListSerializer))
                and not getattr(field, "allow_empty", True) and schema.get("type") == "array"):
            schema.setdefault("minItems", 1)
        return schema

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        # A body that is a list or an object (the bulk endpoints) must be sent.
        if body is not None and isinstance(self.get_request_serializer(), PolymorphicProxySerializer):
            body["required"] = True
        return body

    def map_parsers(self):
        # Parsers that only read an empty form body are not offered: request bodies are JSON.
        return list(dict.fromkeys(
            p.media_type for p in self.view.get_parsers() if not getattr(p, "schema_hidden", False)
        ))

    def _public_read(self):
        perms = getattr(self.view, "permission_classes", [])
        return self.method in ("GET", "HEAD") and any(
            isinstance(p, type) and issubclass(p, AllowAny) for p in perms
        )

    def error_codes(self):
        codes = ["400", "401", "429"]
        unsafe = self.method in ("POST", "PUT", "PATCH", "DELETE")
        if not self._public_read():
            codes.append("403")
        # Any operation may name something that is not there: its path, a filter or a body's
        # reference (a well-formed request naming no object answers 404, naming the field).
        codes.append("404")
        if unsafe:
            codes.append("409")
        if self.method in ("PUT", "PATCH", "DELETE") and "{" in self.path:
            codes.append("412")
        return sorted(codes)

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        if str(status_code).isdigit() and int(status_code) >= 400:
            description = ""
            if isinstance(serializer, OpenApiResponse):
                description, serializer = serializer.description, serializer.response
            if serializer is None or not _is_problem(serializer):
                serializer = ProblemSerializer
            serializer = OpenApiResponse(serializer, description=description or ERROR_DESCRIPTIONS.get(
                str(status_code), ""))
            media_types = [PROBLEM_CONTENT_TYPE]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code in self.error_codes():
                if code not in responses:
                    responses[code] = self._get_response_for_code(ProblemSerializer, code, direction=direction)
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        code = str(status_code)
        if code == "401":
            headers["WWW-Authenticate"] = {"schema": {"type": "string"}, "description": "Always `Token`."}
        elif code == "429":
            headers["Retry-After"] = {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        elif code == "200" and getattr(self.view, "action", None) in ("retrieve", "update", "partial_update"):
            headers["ETag"] = {
                "schema": {"type": "string"},
                "description": "Send it back as `If-Match` with PUT, PATCH or DELETE; a stale one gets 412.",
            }
        return headers


# drf-spectacular's pattern for a decimal written as a string lets "-" and "." through; the
# field refuses them (and "" unless it may be null). The schema says what is accepted.
_SPECTACULAR_DECIMAL = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _decimal_pattern(schema):
    match = _SPECTACULAR_DECIMAL.match(schema.get("pattern", ""))
    if schema.get("format") != "decimal" or not match or match.group(1) == "0":
        return
    whole, places = match.groups()
    number = rf"-?(?:\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}})"
    schema["pattern"] = rf"^(?:{number})?$" if schema.get("nullable") else rf"^{number}$"


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _ref_name(schema):
    ref = (schema or {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None


def _chosen_fields_items(result):
    """A list that takes ``fields=`` returns items with only the fields asked for (and id), so
    its items are described by a copy of the resource in which only ``id`` is required."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or not any(
                    p.get("name") == "fields" and p.get("in") == "query" for p in operation.get("parameters", [])):
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            holder = content.get("schema", {})
            page = components.get(_ref_name(holder))
            if page is not None and "results" in page.get("properties", {}):
                holder = page["properties"]["results"]
            items = holder.get("items")
            name = _ref_name(items)
            if name is None or name not in components:
                continue
            item_name = f"{name}ListItem"
            if item_name not in components:
                copy = {k: v for k, v in components[name].items() if k != "required"}
                if "id" in components[name].get("required", []):
                    copy["required"] = ["id"]
                copy["description"] = (components[name].get("description", "") + "\n\nIn a list: with `fields=`, "
                                       "only the fields asked for (and id).").strip()
                components[item_name] = copy
            holder["items"] = {"$ref": f"#/components/schemas/{item_name}"}


def postprocess(result, generator, request, public):
    """Request bodies refuse properties they do not list (the API answers 400 naming them)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object" and "properties" in component:
            component.setdefault("additionalProperties", False)
    _chosen_fields_items(result)
    for node in _walk(result):
        _decimal_pattern(node)
    return result
