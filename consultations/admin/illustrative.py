"""The illustrative mark in the admin, one mixin for every model that carries it.

The Secretariat sees and changes whether a row is illustrative (and a fact's source) on its
change page, filters its lists by it and marks many rows at once. The mark is written after
the row's own save, whichever service saves it (a position through ``position_record``, an
inscription through ``inscription_create``), so no workflow has to know about it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from consultations.models.illustrative import Sourced


def mark_fields(model) -> list[str]:
    return ["is_illustrative", "source"] if issubclass(model, Sourced) else ["is_illustrative"]


class IllustrativeAdminMixin:
    """Adds the mark's fields (in their own fieldset), a list filter and two bulk actions."""

    actions = ["mark_illustrative", "mark_record"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "is_illustrative"]

    def get_fieldsets(self, request, obj=None):
        names = mark_fields(self.model)
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in names]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, (_("Illustrative or record"), {"fields": names})]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        marks = {name: form.cleaned_data[name] for name in mark_fields(self.model)}
        if form.instance.pk is not None and marks:
            type(form.instance).objects.filter(pk=form.instance.pk).update(**marks)

    @admin.action(description=_("Mark as illustrative (invented for a demonstration)"))
    def mark_illustrative(self, request, queryset) -> None:
        queryset.update(is_illustrative=True)

    @admin.action(description=_("Mark as the record"))
    def mark_record(self, request, queryset) -> None:
        queryset.update(is_illustrative=False)
