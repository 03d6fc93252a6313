"""The pages' own filtersets (django-filter), as the API's filters.

What the filterset refuses answers a problem that names the field: 400 for a value that is not
well-formed (a date that is no date) or a parameter given empty (leave it out instead); 404 for
a well-formed value that selects nothing that can exist: a slug that names nothing, a year
outside the record's, a date range that ends before it starts (as an address that names
nothing answers 404).
"""

from django.utils.translation import gettext_lazy as _
from django_filters import filters, utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotFound, ValidationError

MALFORMED = {"invalid", "required"}


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        empty = [
            name
            for name, field in filterset.filters.items()
            if not isinstance(field, filters.CharFilter)
            and name in request.query_params
            and not request.query_params[name]
        ]
        if empty:
            raise ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in empty}
            )
        if not filterset.is_valid():
            errors = filterset.form.errors.as_data()
            codes = {error.code for field_errors in errors.values() for error in field_errors}
            if codes & MALFORMED:
                raise utils.translate_validation(filterset.errors)
            raise NotFound(
                {
                    name: [message for error in field_errors for message in error.messages]
                    for name, field_errors in errors.items()
                }
            )
        return filterset.qs
