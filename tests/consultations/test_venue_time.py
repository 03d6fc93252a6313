"""Every time a person types is read in the venue's time zone, and says so
(consultations/venue_time.py).

The first two tests walk every form of the admin (each registered ModelAdmin and inline) and
every form class of the staff and delegate pages: a time input added later without the helper
(a plain DateTimeField, an admin without VenueTimeAdminMixin) fails them.
"""

import copy
import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

import consultations
import registry
from consultations.models import Meeting
from consultations.venue_time import (
    ZONED_FIELDS,
    VenueTimeFormMixin,
    process_venue,
    zone_label,
    zone_of,
)
from registry.models import User
from tests.factories import (
    MeetingFactory,
    ProcessFactory,
    SpeakersListFactory,
    StatementFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Typed: 14 September 2006, 10:00 in Geneva (CEST, UTC+2) is 08:00 UTC.
TYPED_SPLIT = ["2006-09-14", "10:00"]
TYPED_ONE = "2006-09-14T10:00"
READ = datetime.datetime(2006, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def geneva(db):
    return VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")


def _objects(geneva) -> dict:
    """One row of each model whose admin edits a time, at a meeting in Geneva."""
    meeting = MeetingFactory(venue=geneva)
    statement = StatementFactory(meeting=meeting)
    return {
        "Meeting": meeting,
        "SpeakersList": SpeakersListFactory(meeting=meeting),
        "Statement": statement,
        "Process": meeting.process,
    }


def _admin_forms(request):
    for model, model_admin in admin.site._registry.items():
        yield model, model.__name__, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            where = f"{model.__name__} > {inline.model.__name__}"
            yield inline.model, where, inline.get_formset(request).form


def _is_time_field(field) -> bool:
    return isinstance(field, forms.DateTimeField | forms.SplitDateTimeField)


def _typed(field):
    return TYPED_SPLIT if isinstance(field, forms.SplitDateTimeField) else TYPED_ONE


def test_every_admin_time_input_is_read_in_the_venue_s_zone(geneva):
    request = RequestFactory().get("/admin/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    objects = _objects(geneva)

    read = {}
    labels = set()
    for model, where, form_class in _admin_forms(request):
        for name, base_field in form_class.base_fields.items():
            if not _is_time_field(base_field):
                continue
            assert model.__name__ in objects, f"{where}.{name}: add a {model.__name__} above"
            form = form_class(instance=objects[model.__name__])
            field = form.fields[name]
            read[f"{where}.{name}"] = field.clean(_typed(field))
            labels.add(str(field.help_text).split(".")[0])

    # The rule: every time input reads 10:00 typed as 10:00 in Geneva...
    assert {where: value for where, value in read.items() if value != READ} == {}
    # ...and the inventory, so that an input cannot drop out of this test unnoticed.
    assert read == {
        "Meeting.end": READ,
        "Meeting.start": READ,
        "Meeting.statement_deadline": READ,
        "Process.seat_preferences_deadline": READ,
        "SpeakersList.closes_at": READ,
        "SpeakersList.opens_at": READ,
        "Statement.embargo_until": READ,
    }
    assert labels == {"Time in Zurich (CET/CEST)"}


def _project_form_classes():
    for package in (consultations, registry):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return sorted(
        (c for c in seen if c.__module__.split(".")[0] in ("consultations", "registry")),
        key=lambda c: f"{c.__module__}.{c.__name__}",
    )


def test_every_staff_and_portal_time_input_is_read_in_the_venue_s_zone(geneva):
    """Admin forms are the test above's (the admin gives them their time fields)."""
    tz = zone_of(geneva)

    read = {}
    for form_class in _project_form_classes():
        if ".admin" in form_class.__module__ or form_class.__module__.endswith("venue_time"):
            continue
        for name, base_field in form_class.base_fields.items():
            if not _is_time_field(base_field):
                continue
            where = f"{form_class.__name__}.{name}"
            assert issubclass(form_class, VenueTimeFormMixin), where
            assert isinstance(base_field, ZONED_FIELDS), where
            field = copy.deepcopy(base_field)
            field.set_zone(tz)
            read[where] = field.clean(_typed(field))

    assert {where: value for where, value in read.items() if value != READ} == {}
    assert read == {
        "ClosingForm.closes_at": READ,
        "PreferencesDeadlineForm.deadline": READ,
        "SpokeForm.spoke_at": READ,
        "StatementForm.embargo_until": READ,
    }


def test_a_new_meeting_s_times_are_read_in_the_zone_of_the_venue_typed_with_them(
    secretariat_client, geneva
):
    process = ProcessFactory()

    response = secretariat_client.post(
        reverse("admin:consultations_meeting_add"),
        {
            "process": str(process.pk),
            "kind": "plenary",
            "title_en": "Plenary in Geneva",
            "slug": "plenary-geneva",
            "status": "planned",
            "venue": str(geneva.pk),
            "start_0": "2006-09-14",
            "start_1": "10:00",
            "end_0": "2006-09-14",
            "end_1": "13:00",
            "chairs-TOTAL_FORMS": "0",
            "chairs-INITIAL_FORMS": "0",
            "chairs-MIN_NUM_FORMS": "0",
            "chairs-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="plenary-geneva")
    assert (meeting.start, meeting.end) == (READ, READ.replace(hour=11))


def test_a_meeting_s_change_page_shows_its_times_in_the_venue_s_zone_and_names_it(
    secretariat_client, geneva
):
    meeting = MeetingFactory(venue=geneva)  # 14:00-17:00 UTC: 16:00-19:00 in Geneva

    response = secretariat_client.get(
        reverse("admin:consultations_meeting_change", args=[meeting.pk])
    )

    form = response.context["adminform"].form
    widget = form.fields["start"].widget
    assert (widget.decompress(form["start"].value()), widget.decompress(form["end"].value())) == (
        [datetime.date(2006, 9, 14), datetime.time(16, 0)],
        [datetime.date(2006, 9, 14), datetime.time(19, 0)],
    )
    assert form.fields["start"].help_text == "Time in Zurich (CET/CEST)."


def test_a_zone_is_labelled_with_its_place_and_its_abbreviations():
    assert [zone_label(zone_of(name)) for name in ("America/New_York", "Asia/Tokyo", "UTC")] == [
        "New York (EST/EDT)",
        "Tokyo (JST)",
        "UTC",
    ]


def test_a_process_s_zone_is_that_of_its_plenary(geneva):
    process = ProcessFactory()
    MeetingFactory(process=process, kind="round_table", start=READ - datetime.timedelta(days=1))
    MeetingFactory(process=process, kind="plenary", venue=geneva)

    assert process_venue(process) == geneva


def _render(source: str, **context) -> str:
    from django.template import Context, Template

    return Template("{% load tz zones %}" + source).render(Context(context))


def test_a_time_shown_is_in_the_venue_s_zone_with_its_abbreviation(geneva):
    meeting = MeetingFactory(venue=geneva)

    shown = _render(
        "{% timezone meeting|venue_zone %}{{ meeting.start|zoned }} · "
        '{{ meeting.start|zoned:"H:i" }} · {{ meeting.end|zoned:"SHORT_DATETIME_FORMAT" }}'
        "{% endtimezone %}",
        meeting=meeting,
    )

    assert shown == "14 September 2006, 16:00 CEST · 16:00 CEST · 14 September 2006, 19:00:00 CEST"


def test_the_zone_of_a_process_without_meetings_is_utc():
    assert _render("{{ process|venue_zone }}", process=ProcessFactory()) == "UTC"
