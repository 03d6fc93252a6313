"""Pagination by cursor (keyset): ``next`` is an opaque link to the rows after the last one of
the page, by the values of every ordering field, so that a page costs the same at any depth,
never shifts when rows are added, and rows that tie on a field (statements published together)
are neither skipped nor repeated. The cursor goes forward only."""

import base64
import binascii
import json
from collections import OrderedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class Cursor(BasePagination):
    """``ordering``: the fields rows are in; its last must be unique (``pk``)."""

    ordering: tuple[str, ...] = ("-pk",)
    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except (TypeError, ValueError):
            raise ValidationError({self.page_size_query_param: [_("A whole number.")]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("From 1 to %(n)s.") % {"n": self.max_page_size}]}
            )
        return size

    def _fields(self, model):
        for name in self.ordering:
            field_name = name.lstrip("-")
            field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
            yield field_name, field, name.startswith("-")

    def _decode(self, raw: str, model) -> list:
        try:
            values = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
            fields = list(self._fields(model))
            if not isinstance(values, list) or len(values) != len(fields):
                raise ValueError
            pairs = zip(fields, values, strict=True)
            return [field.to_python(value) for (_n, field, _d), value in pairs]
        except (ValueError, UnicodeError, binascii.Error, DjangoValidationError, TypeError):
            # As DRF's own cursors: a cursor that leads nowhere is a page that is not there.
            raise NotFound({self.cursor_query_param: [_("Invalid cursor.")]}) from None

    def _after(self, values: list, model) -> Q:
        """Rows after ``values`` in the ordering: the first field beyond, or equal and the next
        beyond, and so on."""
        condition = Q(pk__in=[])
        equal = Q()
        for (name, _field, descending), value in zip(self._fields(model), values, strict=True):
            beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            condition |= equal & beyond
            equal &= Q(**{name: value})
        return condition

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        model = queryset.model
        queryset = queryset.order_by(*self.ordering)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            queryset = queryset.filter(self._after(self._decode(raw, model), model))
        rows = list(queryset[: size + 1])
        self.next_values = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            self.next_values = [
                field.value_to_string(last) if name != "pk" else last.pk
                for name, field, _d in self._fields(model)
            ]
        return rows

    def get_next_link(self) -> str | None:
        if self.next_values is None:
            return None
        token = base64.urlsafe_b64encode(json.dumps(self.next_values).encode()).decode("ascii")
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("results", data)]))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of the next page (from ``next``).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page (1 to {self.max_page_size}, default "
                f"{self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


def cursor_by(*ordering: str) -> type[Cursor]:
    """A cursor over rows in ``ordering`` (its last field unique, e.g. "pk")."""
    return type("Cursor", (Cursor,), {"ordering": ordering})
