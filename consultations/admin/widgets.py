"""Date and time inputs of the admin, each with a name of its own."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs, each with a name of its own: "Start, date", "Start, time".

    Django's admin writes the field's <label> with no ``for`` (the field has two inputs) and
    "Date:" and "Time:" as plain text beside them, so neither input has a name.
    """

    def __init__(self, attrs=None, *, label: str = ""):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.label:
            labels = (
                _("%(field)s, date") % {"field": self.label},
                _("%(field)s, time") % {"field": self.label},
            )
        else:
            labels = (context["date_label"], context["time_label"])
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["attrs"]["aria-label"] = label
        return context


class LabelledDateTimesMixin:
    """For every admin (or inline) that edits a DateTimeField: its two inputs are named."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs["widget"] = LabelledSplitDateTime(label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)
