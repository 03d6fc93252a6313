"""Every date and time input of the admin has a name of its own (consultations/venue_time.py).

The browser test (tests/e2e/test_journey_secretariat.py) scans one admin form with axe-core;
this one checks every registered admin and inline, so that a new admin with a DateTimeField
cannot leave its inputs nameless.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.test import RequestFactory
from django.utils import translation

from consultations.venue_time import LabelledSplitDateTime
from registry.models import User


def _split_datetime_fields(request) -> dict[str, AdminSplitDateTime]:
    found = {}
    for model, model_admin in admin.site._registry.items():
        forms = [(model.__name__, model_admin.get_form(request))]
        forms += [
            (f"{model.__name__} > {inline.model.__name__}", inline.get_formset(request).form)
            for inline in model_admin.get_inline_instances(request)
        ]
        for where, form in forms:
            for name, field in form.base_fields.items():
                if isinstance(field.widget, AdminSplitDateTime):
                    found[f"{where}.{name}"] = field.widget
    return found


def test_every_admin_date_time_field_names_its_two_inputs(db):
    request = RequestFactory().get("/admin/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)

    widgets = _split_datetime_fields(request)

    # Inscription times are the speakers services' and read-only in the admin: no inputs.
    assert sorted(widgets) == [
        "Meeting.end",
        "Meeting.start",
        "Meeting.statement_deadline",
        "Process.seat_preferences_deadline",
        "SpeakersList.closes_at",
        "SpeakersList.opens_at",
        "Statement.embargo_until",
    ]
    assert {
        w for w, widget in widgets.items() if not isinstance(widget, LabelledSplitDateTime)
    } == set()


def test_date_and_time_inputs_are_named_by_the_field_in_the_page_s_language():
    widget = LabelledSplitDateTime(label="Start")

    with translation.override("fr"):
        subwidgets = widget.get_context("start", None, {"id": "id_start"})["widget"]["subwidgets"]

    assert [s["attrs"]["aria-label"] for s in subwidgets] == ["Start, date", "Start, heure"]
