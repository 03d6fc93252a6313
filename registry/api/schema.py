"""The OpenAPI description's shared parts: every operation may answer a problem (4XX)."""

from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_object_type
from rest_framework import permissions
from rest_framework import status as http_status

from registry.api.problems import PROBLEM_CONTENT_TYPE


def problems_postprocess(result, generator, request, public):
    """Add the Problem schema, and a 4XX answer in its media type to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = build_object_type(
        properties={
            "type": {"type": "string", "example": "urn:hlderp:problem:not_found"},
            "title": {"type": "string", "example": "Not Found"},
            "status": {"type": "integer", "example": http_status.HTTP_404_NOT_FOUND},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "invalid_params": {
                "type": "array",
                "items": build_object_type(
                    properties={"name": {"type": "string"}, "reason": {"type": "string"}},
                    required=["name", "reason"],
                ),
            },
        },
        required=["type", "title", "status", "detail", "instance"],
    )
    _no_nul_characters(result)
    reference = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation["responses"].setdefault(
                "4XX",
                {
                    "description": "A problem (RFC 9457): invalid input, not signed in, "
                    "not allowed, not found, conflict, too many requests.",
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": reference}},
                },
            )
    return result


# Django refuses NUL characters in text (PostgreSQL cannot store them): said in the schema.
NO_NUL = "^[^\\u0000]*$"


def _plain_string(schema: dict) -> bool:
    return schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema)


def _no_nul_characters(result: dict) -> None:
    """Every free-text string the API takes (request bodies, query parameters) refuses NUL."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for prop in component.get("properties", {}).values():
            for schema in (prop, prop.get("items", {})):
                if _plain_string(schema):
                    schema["pattern"] = NO_NUL
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and _plain_string(parameter.get("schema", {})):
                    parameter["schema"]["pattern"] = NO_NUL


class Schema(AutoSchema):
    """Marks the reads of a view that lets anybody read and some write (perm_for_writes) as
    open to anonymous readers, as AllowAny views are."""

    def get_auth(self):
        auths = super().get_auth()
        public = any(getattr(p, "public_reads", False) for p in self.view.get_permissions())
        if public and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths


class FilterBackendSchema(DjangoFilterExtension):
    """registry.api.filtering.FilterBackend's parameters as django-filter's, each that takes no
    empty value (all but the free-text ones) with ``minLength: 1``, as the backend checks."""

    target_class = "registry.api.filtering.FilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        if filterset_class is None:
            return parameters
        for parameter in parameters:
            field = filterset_class.base_filters.get(parameter["name"])
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and not isinstance(field, filters.CharFilter):
                schema["minLength"] = 1
        return parameters
