"""Every error of the API in one shape: RFC 9457 problem details, ``application/problem+json``.

    {"type": "urn:hlderp:problem:not_found", "title": "Not Found", "status": 404,
     "detail": "No such statement.", "instance": "/api/v1/statements/7/"}

``type`` names the kind of problem (its last part is a stable code); ``title`` is the HTTP
status's phrase; ``detail`` says what happened in the reader's language; ``invalid_params``
(invalid input, 400 and 422: RFC 9457's own example of an extension) lists each field's
messages as ``{"name": field, "reason": message}``, ``non_field_errors`` for the request as a
whole. A rule of the domain that refuses an
action answers 409 (the object's state forbids it now: submitted already, list closed, deadline
passed) or 422 (the request cannot be carried out as written: a speaker not on the delegation, a
file that is not a PDF), with the service's own message (each app's API decides which of its
errors is which). Authentication: 401 with ``WWW-Authenticate``; rate limit: 429 with
``Retry-After``.
"""

import http
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE = "urn:hlderp:problem:"


class Conflict(exceptions.APIException):
    """The object's state does not allow the action now."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The action conflicts with the object's state.")
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    """The request is well-formed but a rule of the domain refuses it."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be carried out.")
    default_code = "unprocessable"


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The service is unavailable: nothing was saved. Try again later.")
    default_code = "unavailable"


class ProblemSerializer(serializers.Serializer):
    """The shape of every error (documented in the OpenAPI description)."""

    type = serializers.CharField(help_text="urn:hlderp:problem:<code>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    invalid_params = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), required=False
    )


def _flatten(detail) -> dict[str, list[str]]:
    """A validation error's detail as {field: [messages]}; nested fields joined with dots."""
    if isinstance(detail, list):
        if detail and all(isinstance(item, dict) for item in detail):
            merged: dict[str, list[str]] = {}
            for index, item in enumerate(detail):
                for key, value in _flatten(item).items():
                    merged[f"{index}.{key}"] = value
            return merged
        return {"non_field_errors": [str(item) for item in detail]}
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict | list) and not (
                isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
            ):
                for inner, messages in _flatten(value).items():
                    flat[f"{key}.{inner}"] = messages
            else:
                messages = value if isinstance(value, list) else [value]
                flat[str(key)] = [str(v) for v in messages]
        return flat
    return {"non_field_errors": [str(detail)]}


def problem_response(
    *, status_code: int, code: str, detail: str, request, errors=None, headers=None
) -> Response:
    body = {
        "type": PROBLEM_TYPE + code,
        "title": http.HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": str(detail),
        "instance": request.path if request is not None else "",
    }
    if errors:
        # As RFC 9457's example: one {"name", "reason"} per message.
        body["invalid_params"] = [
            {"name": name, "reason": reason}
            for name, reasons in errors.items()
            for reason in reasons
        ]
    renderer = getattr(request, "accepted_renderer", None)
    # The browsable page shows the problem in its HTML; every other client gets the media type.
    content_type = None if getattr(renderer, "format", "json") == "api" else PROBLEM_CONTENT_TYPE
    return Response(body, status=status_code, headers=headers, content_type=content_type)


def problem_exception_handler(exc, context):
    """DRF's exception handler, answering a problem for every error (500 included)."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API error", exc_info=exc)
        set_rollback()
        return problem_response(
            status_code=500,
            code="server_error",
            detail=str(_("Something went wrong on the server. It has been logged.")),
            request=request,
        )
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = _("The request is not valid: see invalid_params.")
        code = "invalid"
    else:
        detail = exc.detail
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        if isinstance(detail, dict | list):
            errors = _flatten(detail)
            detail = exc.default_detail
    set_rollback()
    return problem_response(
        status_code=exc.status_code,
        code=str(code),
        detail=detail,
        request=request,
        errors=errors,
        headers=headers,
    )
