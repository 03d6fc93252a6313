"""The illustrative mark in the admin, one mixin for every model that carries it.

The Secretariat sees and changes whether a row is illustrative (and a fact's source) on its
change page and filters its lists by it. The mark is written after the row's own save,
whichever service saves it (a position through ``position_record``, an inscription through
``inscription_create``), so no workflow has to know about it.
"""

from django.utils.translation import gettext_lazy as _

from consultations.models.illustrative import Sourced


def mark_fields(model) -> list[str]:
    return ["is_illustrative", "source"] if issubclass(model, Sourced) else ["is_illustrative"]


class IllustrativeAdminMixin:
    """Adds the mark's fields (in their own fieldset) and a list filter. No bulk action: the
    admins of statements and seats allow none, and a mark is changed row by row."""

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
        names = mark_fields(self.model)
        marks = {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
        if form.instance.pk is not None and marks:
            type(form.instance).objects.filter(pk=form.instance.pk).update(**marks)
