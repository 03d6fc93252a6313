"""The OpenAPI description's shared parts: every operation may answer a problem (4XX)."""

from drf_spectacular.plumbing import build_object_type
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
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        required=["type", "title", "status", "detail", "instance"],
    )
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
