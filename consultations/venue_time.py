"""One rule for time: every time a person types is the venue's wall-clock time, and says so.

Times are stored in UTC. A meeting's times are its venue's (``Venue.time_zone``); a speakers
list's, a statement's and an inscription's are their meeting's; a process's are its main
venue's (``process_venue``). ``venue_of`` follows those links from any object.

How to use it
-------------
A staff page form with a time field::

    class ClosingForm(VenueTimeFormMixin, forms.Form):
        closes_at = VenueDateTimeField(label=_("Closes at"))

        def __init__(self, *args, speakers_list, **kwargs):
            super().__init__(*args, venue=speakers_list, **kwargs)

``venue=`` takes anything ``venue_of`` understands (a venue, meeting, speakers list,
statement, process...). A ModelForm needs no ``venue=``: the zone is read from the form's
own venue-bearing field as typed (``venue``, ``meeting``, ``speakers_list``, ``statement``,
``inscription``, ``process``), else from its instance. Each time field's help text then
starts "Time in New York (EST/EDT)." and the typed value is read in that zone.

A ModelAdmin (or inline) that edits a DateTimeField lists ``VenueTimeAdminMixin`` first
among its bases: each such field becomes a ``VenueSplitDateTimeField`` and the admin's form
a ``VenueTimeFormMixin``. A new DateTimeField on a model (a list's closing time, a process's
seat-preferences deadline) needs nothing more; ``tests/consultations/test_venue_time.py``
walks every admin and staff form and fails for a time field read any other way.
"""

import datetime
import zoneinfo

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

UTC = datetime.UTC

# The links followed, in this order, from an object to the venue whose zone its times are in.
VENUE_LINKS = ("venue", "meeting", "speakers_list", "statement", "inscription", "process")


def main_meetings(process_id):
    """A process's meetings, its main venue's first: plenaries first, then by start.
    ``process_id`` is an id or an ``OuterRef`` to one."""
    from consultations.choices import MeetingKind
    from consultations.models import Meeting

    return (
        Meeting.objects.filter(process_id=process_id)
        .annotate(
            not_plenary=models.Case(
                models.When(kind=MeetingKind.PLENARY, then=0),
                default=1,
                output_field=models.IntegerField(),
            )
        )
        .order_by("not_plenary", "start")
    )


# On a process loaded with it (selectors.programme.process_for_page): its main venue's zone.
MAIN_VENUE_ZONE = "main_venue_zone"


def main_venue_zone():
    """An annotation on processes: the time zone of each one's main venue (None: no meeting)."""
    return models.Subquery(
        main_meetings(models.OuterRef("pk")).values("venue__time_zone")[:1],
        output_field=models.CharField(),
    )


def process_venue(process) -> "models.Model | None":
    """A process's main venue: its plenary's, else that of its first meeting."""
    meeting = main_meetings(process.pk).select_related("venue").first()
    return meeting.venue if meeting else None


def venue_of(obj):
    """The venue whose time zone ``obj``'s times are in, or None if it has none yet."""
    from consultations.models import Process, Venue

    if obj is None:
        return None
    if isinstance(obj, Venue):
        return obj
    if isinstance(obj, Process):
        return process_venue(obj) if obj.pk else None
    for link in VENUE_LINKS:
        try:
            related = getattr(obj, link, None)
        except ObjectDoesNotExist:  # an unsaved row whose link is not set yet
            continue
        if related is not None:
            return venue_of(related)
    return None


def zone_of(obj) -> zoneinfo.ZoneInfo | None:
    """``obj``'s time zone: a ZoneInfo, a zone's name, or anything ``venue_of`` follows."""
    if obj is None or obj == "":
        return None
    if isinstance(obj, datetime.tzinfo):
        return obj
    if isinstance(obj, str):
        return zoneinfo.ZoneInfo(obj)
    venue = venue_of(obj)
    return zoneinfo.ZoneInfo(venue.time_zone) if venue else None


def process_zone(process) -> zoneinfo.ZoneInfo:
    """The zone of a process's own times (a deadline, positions): its main venue's, else UTC."""
    if MAIN_VENUE_ZONE in process.__dict__:  # loaded with the process
        return zoneinfo.ZoneInfo(process.__dict__[MAIN_VENUE_ZONE] or "UTC")
    return zone_of(process) or zoneinfo.ZoneInfo("UTC")


def zone_abbreviations(tz: zoneinfo.ZoneInfo, *, year: int | None = None) -> list[str]:
    """The zone's abbreviations over a year, winter first: ["EST", "EDT"], ["JST"]."""
    year = year or timezone.now().year
    names = []
    for month in (1, 7):
        name = datetime.datetime(year, month, 1, 12, tzinfo=tz).tzname()
        if name not in names:
            names.append(name)
    return names


def zone_place(tz: zoneinfo.ZoneInfo) -> str:
    """The place a zone is named after: "New York" for America/New_York, "UTC" for UTC."""
    return tz.key.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(tz: zoneinfo.ZoneInfo | None) -> str:
    """ "New York (EST/EDT)": the place and its abbreviations, for labels of time inputs."""
    if tz is None or tz.key in ("UTC", "Etc/UTC"):
        return "UTC"
    return f"{zone_place(tz)} ({'/'.join(zone_abbreviations(tz))})"


def in_zone_text(tz: zoneinfo.ZoneInfo | None) -> str:
    """The help text of a time input: "Time in New York (EST/EDT)." """
    if tz is None:  # the venue is chosen in the same form
        return gettext("Local time at the venue.")
    return gettext("Time in %(zone)s.") % {"zone": zone_label(tz)}


def format_in_zone(
    value: datetime.datetime | None, tz: zoneinfo.ZoneInfo, fmt: str = "DATETIME_FORMAT"
) -> str:
    """``value`` as a person reads it in ``tz``, with the zone's abbreviation:
    "14 September 2006, 10:00 EDT" (the project's formats end with it; a format without it,
    "H:i", gets it added). Empty for None."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    text = date_format(local, fmt)
    if "T" not in get_format(fmt).replace("\\T", ""):
        text = f"{text} {local.tzname()}"
    return text


class _ZonedField:
    """A form field whose typed value is read in ``self.zone`` (UTC until it is set)."""

    zone: zoneinfo.ZoneInfo | None = None
    base_help_text = ""

    def set_zone(self, tz: zoneinfo.ZoneInfo | None) -> None:
        self.zone = tz
        if hasattr(self.widget, "zone"):
            self.widget.zone = tz
        help_text = str(self.base_help_text)
        self.help_text = f"{in_zone_text(tz)} {help_text}".strip()

    def _override(self):
        return timezone.override(self.zone or UTC)


class VenueDateTimeField(_ZonedField, forms.DateTimeField):
    """A date and time typed as the venue's wall-clock time (one ``datetime-local`` input)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(**kwargs)
        self.base_help_text = self.help_text
        self.set_zone(None)

    def to_python(self, value):
        with self._override():
            return super().to_python(value)

    def prepare_value(self, value):
        with self._override():
            return super().prepare_value(value)


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


class VenueSplitDateTime(LabelledSplitDateTime):
    """The admin's date and time inputs, showing a stored time as the venue's."""

    zone: zoneinfo.ZoneInfo | None = None

    def decompress(self, value):
        with timezone.override(self.zone or UTC):
            return super().decompress(value)


class VenueSplitDateTimeField(_ZonedField, forms.SplitDateTimeField):
    """The admin's date and time inputs, read as the venue's wall-clock time."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.base_help_text = self.help_text
        self.set_zone(None)

    def compress(self, data_list):
        with self._override():
            return super().compress(data_list)


ZONED_FIELDS = (VenueDateTimeField, VenueSplitDateTimeField)


class VenueTimeFormMixin:
    """Reads every ``VenueDateTimeField`` / ``VenueSplitDateTimeField`` of the form in the
    venue's zone (see the module's docstring for where the venue comes from). A form that sets
    its fields' querysets after ``super().__init__`` calls ``self.apply_venue_zone()`` at the
    end of its own ``__init__``, so that its labels name the zone of its initial meeting."""

    def __init__(self, *args, venue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_source = venue
        self.apply_venue_zone()

    def venue_zone(self, *, typed: bool = False) -> zoneinfo.ZoneInfo | None:
        """The zone of this form's times: ``venue=``; else with ``typed`` the venue-bearing
        field's typed value (a new meeting's venue, a statement's meeting); else the form's
        instance; else its initial venue-bearing value."""
        if self.venue_source is not None:
            return zone_of(self.venue_source)
        if typed and self.is_bound:
            for name in VENUE_LINKS:
                field = self.fields.get(name)
                if field is None or field.disabled:
                    continue
                try:
                    value = field.clean(self[name].data)
                except ValidationError:
                    continue
                if isinstance(value, models.Model):
                    return zone_of(value)
        instance = getattr(self, "instance", None)
        if instance is not None and venue_of(instance) is not None:
            return zone_of(instance)
        for name in VENUE_LINKS:
            value = self.initial.get(name)
            if isinstance(value, models.Model):
                return zone_of(value)
            queryset = getattr(self.fields.get(name), "queryset", None)
            if value is not None and queryset is not None:
                return zone_of(queryset.filter(pk=value).first())
        return None

    def apply_venue_zone(self, *, typed: bool = False) -> None:
        self.zone = self.venue_zone(typed=typed)
        for field in self.fields.values():
            if isinstance(field, ZONED_FIELDS):
                field.set_zone(self.zone)

    def full_clean(self):
        self.apply_venue_zone(typed=True)
        super().full_clean()


class VenueTimeAdminMixin:
    """For a ModelAdmin or inline: every DateTimeField it edits is typed in the venue's zone,
    labelled with it, and its two inputs named ("Start, date", "Start, time")."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs["form_class"] = VenueSplitDateTimeField
            kwargs["widget"] = VenueSplitDateTime(label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @staticmethod
    def _zoned(form_class):
        if issubclass(form_class, VenueTimeFormMixin):
            return form_class
        return type(form_class.__name__, (VenueTimeFormMixin, form_class), {})

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self._zoned(super().get_form(request, obj, change=change, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self._zoned(kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)
