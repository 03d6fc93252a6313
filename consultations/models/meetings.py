import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import ChairRole, MeetingKind, MeetingStatus
from consultations.models.illustrative import Sourced
from registry.languages import EnglishOriginal, translation_fields
from registry.validators import validate_time_zone


class Venue(EnglishOriginal, models.Model):
    """A conference centre; meetings there are shown in its time zone."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. America/New_York."),
    )

    history = HistoricalRecords(excluded_fields=translation_fields("name", "city", "country"))

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Room(EnglishOriginal, models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=translation_fields("name"))

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_in_venue")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.venue.name})"


class Meeting(EnglishOriginal, Sourced):
    """One schedulable event of a process: a panel, a plenary, a round table, a forum."""

    process = models.ForeignKey(
        "consultations.Process",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("process"),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Round table 1 to 4, plenary meeting number."),
    )
    title = models.CharField(_("title"), max_length=300)
    theme = models.ForeignKey(
        "consultations.Theme",
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("venue")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("room"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    statement_deadline = models.DateTimeField(
        _("deadline for statements"),
        null=True,
        blank=True,
        help_text=_("After it, only the Secretariat can change this meeting's statements."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for delegations; empty: the room's capacity."),
    )
    on_record = models.BooleanField(
        _("on the process's record"),
        null=True,
        blank=True,
        choices=[
            (None, _("By its kind: plenary meetings and round tables are")),
            (True, _("Yes")),
            (False, _("No")),
        ],
        help_text=_(
            "Statements made here count in the process's figures (the Chair's summary). A "
            "preparatory panel or a forum held beside the process is not on its record."
        ),
    )

    history = HistoricalRecords(excluded_fields=translation_fields("title", "description"))

    class Meta:
        ordering = ["start", "number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["process", "start"]),
            models.Index(fields=["room", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["process", "kind", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique",
                violation_error_message=_(
                    "This process already has a meeting of this kind with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.room_id and self.venue_id and self.room.venue_id != self.venue_id:
            raise ValidationError({"room": _("This room is in another venue.")})

    @property
    def is_on_record(self) -> bool:
        """Whether statements made here count in the process's figures: ``on_record`` when set,
        otherwise by the kind. Row-level twin of querysets.meeting_on_record: change both."""
        if self.on_record is not None:
            return self.on_record
        return self.kind in MeetingKind.on_record_by_default()

    @property
    def local_date(self):
        """The meeting's day at its venue: the date membership and posts are read on."""
        return self.local_start.date()

    @property
    def local_start(self):
        return self.start.astimezone(self.venue.tzinfo)

    @property
    def local_end(self):
        return self.end.astimezone(self.venue.tzinfo)

    @property
    def seat_capacity(self) -> int | None:
        """How many delegations this meeting seats: its own capacity, the process cap, the room."""
        process_cap = self.process.round_table_cap if self.kind == MeetingKind.ROUND_TABLE else None
        caps = [c for c in (self.capacity, process_cap) if c]
        if caps:
            return min(caps)
        return self.room.capacity if self.room_id else None


class MeetingChair(Sourced):
    """A chair, co-chair or moderator of a meeting: a person, for a stakeholder."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="chairs", verbose_name=_("meeting")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ChairRole.choices, default=ChairRole.CHAIR
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("person"),
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("for"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("chair")
        verbose_name_plural = _("chairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(stakeholder__isnull=False),
                name="chair_has_person_or_stakeholder",
                violation_error_message=_("A chair is a person, a stakeholder, or both."),
            ),
        ]

    def __str__(self) -> str:
        who = self.person or self.stakeholder
        return f"{self.get_role_display()}: {who}"


class MeetingNote(models.Model):
    """A point that a source records of one or more meetings: what the preparatory panels
    contributed, who took part in the round tables. One note may hold for several meetings
    (the briefing sums up both panels together); ``heading`` gathers a source's points."""

    meetings = models.ManyToManyField(Meeting, related_name="notes", verbose_name=_("meetings"))
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["heading", "order", "pk"]
        verbose_name = _("note on meetings")
        verbose_name_plural = _("notes on meetings")
        constraints = [
            models.UniqueConstraint(fields=["heading", "order"], name="meeting_note_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.heading} ({self.order}): {self.text[:60]}"
