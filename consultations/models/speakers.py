from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import (
    InscriptionStatus,
    LevelRequestStatus,
    SpeakersListState,
    SpeakersListStatus,
)
from consultations.clock_horizon import changes_at
from consultations.models.illustrative import Sourced
from registry.choices import ProtocolRank


class SpeakersList(models.Model):
    """The list of speakers of a meeting; delegates inscribe while it is open.

    ``status`` is the Secretariat's decision (services/speakers_lists.py); ``opens_at`` and
    ``closes_at`` are the times it opens and closes on its own. A closed list says when it
    closed; its history says who opened and closed it, and when.
    """

    meeting = models.OneToOneField(
        "consultations.Meeting",
        on_delete=models.CASCADE,
        related_name="speakers_list",
        verbose_name=_("meeting"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SpeakersListStatus.choices,
        default=SpeakersListStatus.OPEN,
        db_default=SpeakersListStatus.OPEN,  # the previous release's INSERTs leave it out
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    minutes_per_speaker = models.PositiveSmallIntegerField(_("minutes per speaker"), default=5)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speakers list")
        verbose_name_plural = _("speakers lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="speakers_list_closes_after_opening",
                violation_error_message=_("The list must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_per_speaker__gte=1), name="speakers_list_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SpeakersListStatus.values),
                name="speakers_list_status_valid",
            ),
            # A closed list says when it closed.
            models.CheckConstraint(
                condition=~Q(status=SpeakersListStatus.CLOSED) | Q(closes_at__isnull=False),
                name="speakers_list_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return _("Speakers list: %(meeting)s") % {"meeting": self.meeting}

    def state_at(self, at) -> SpeakersListState:
        """The state delegates meet at ``at``: suspended or closed as the Secretariat decided;
        else, by the times, not open yet, open, or closed from the closing time on."""
        if self.status == SpeakersListStatus.SUSPENDED:
            return SpeakersListState.SUSPENDED
        if self.status == SpeakersListStatus.CLOSED:
            return SpeakersListState.CLOSED
        changes_at(self.opens_at, at)  # a page kept in a cache is kept until then at most
        changes_at(self.closes_at, at)
        if self.opens_at is not None and at < self.opens_at:
            return SpeakersListState.NOT_OPEN_YET
        if self.closes_at is not None and at >= self.closes_at:
            return SpeakersListState.CLOSED
        return SpeakersListState.OPEN

    def is_open(self, at) -> bool:
        return self.state_at(at) == SpeakersListState.OPEN


class Inscription(Sourced):
    """A stakeholder's place on a speakers list, and the record of whether and how long it spoke."""

    speakers_list = models.ForeignKey(
        SpeakersList,
        on_delete=models.CASCADE,
        related_name="inscriptions",
        verbose_name=_("speakers list"),
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        related_name="inscriptions",
        verbose_name=_("stakeholder"),
    )
    speaker = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inscriptions",
        verbose_name=_("speaker"),
    )
    # A speaker the registry does not hold yet, by name: the Secretariat links it to a Person
    # later (services/speakers_lists.py, inscription_speaker_link).
    speaker_name = models.CharField(
        _("speaker's name (not in the registry)"),
        max_length=200,
        blank=True,
        default="",
        db_default="",  # the previous release's INSERTs leave the column out
    )
    speaker_post = models.CharField(_("speaker's post"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level of representation"),
        choices=ProtocolRank.choices,
        default=ProtocolRank.HEAD_OF_DELEGATION,
    )
    # ``level`` is the level the list orders by: the registered one (registry appointment, else
    # the delegation's level) until the Secretariat confirms a higher one the delegate asked for.
    requested_level = models.PositiveSmallIntegerField(
        _("requested level of representation"),
        choices=ProtocolRank.choices,
        null=True,
        blank=True,
    )
    level_request_status = models.CharField(
        _("level request"),
        max_length=20,
        choices=LevelRequestStatus.choices,
        blank=True,
        default="",
        db_default="",  # the previous release's INSERTs leave the column out
    )
    level_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level decided by"),
    )
    level_decided_at = models.DateTimeField(_("level decided at"), null=True, blank=True)
    level_decision_reason = models.CharField(
        _("reason for the level decision"), max_length=300, blank=True, default="", db_default=""
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InscriptionStatus.choices,
        default=InscriptionStatus.INSCRIBED,
    )
    position = models.PositiveIntegerField(_("place"), null=True, blank=True)
    inscribed_at = models.DateTimeField(_("inscribed at"))
    inscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscribed by"),
    )
    spoke_at = models.DateTimeField(_("took the floor at"), null=True, blank=True)
    spoke_seconds = models.PositiveIntegerField(_("spoke for (seconds)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["speakers_list", "position"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "position"],
                condition=Q(position__isnull=False),
                name="inscription_position_unique",
            ),
            models.UniqueConstraint(
                fields=["speakers_list", "stakeholder"],
                condition=~Q(status=InscriptionStatus.WITHDRAWN),
                name="inscription_one_per_stakeholder",
                violation_error_message=_("This stakeholder is already on the list."),
            ),
            models.CheckConstraint(
                condition=Q(status=InscriptionStatus.WITHDRAWN, position__isnull=True)
                | (~Q(status=InscriptionStatus.WITHDRAWN) & Q(position__gte=1)),
                name="inscription_place_unless_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=7), name="inscription_level_valid"
            ),
            # The speaker is a registry person or a name typed in, not both.
            models.CheckConstraint(
                condition=Q(speaker__isnull=True) | Q(speaker_name=""),
                name="inscription_speaker_person_or_name",
                violation_error_message=_(
                    "Name the speaker from the registry or by name, not both."
                ),
            ),
            # A request names a valid level; no request, no requested level.
            models.CheckConstraint(
                condition=Q(level_request_status="", requested_level__isnull=True)
                | (
                    Q(level_request_status__in=LevelRequestStatus.values)
                    & Q(requested_level__gte=1, requested_level__lte=7)
                ),
                name="inscription_level_request_valid",
            ),
            # Decided requests say who decided and when; open ones say neither.
            models.CheckConstraint(
                condition=Q(
                    level_request_status__in=["", LevelRequestStatus.PENDING],
                    level_decided_by__isnull=True,
                    level_decided_at__isnull=True,
                )
                | Q(
                    level_request_status__in=[
                        LevelRequestStatus.CONFIRMED,
                        LevelRequestStatus.REFUSED,
                    ],
                    level_decided_by__isnull=False,
                    level_decided_at__isnull=False,
                ),
                name="inscription_level_decision_recorded",
            ),
            # The list never orders by an unconfirmed level: pending or refused keeps the
            # registered (lower) one, confirmed is the requested one; a refusal says why.
            models.CheckConstraint(
                condition=Q(level_request_status="")
                | Q(level_request_status=LevelRequestStatus.CONFIRMED, level=F("requested_level"))
                | Q(
                    level_request_status=LevelRequestStatus.PENDING,
                    level__gt=F("requested_level"),
                )
                | (
                    Q(
                        level_request_status=LevelRequestStatus.REFUSED,
                        level__gt=F("requested_level"),
                    )
                    & ~Q(level_decision_reason="")
                ),
                name="inscription_level_unconfirmed_not_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position or '—'}. {self.stakeholder}"

    @property
    def speaker_display(self) -> str:
        """The speaker: the registry person, else the name typed in, else ""."""
        return str(self.speaker) if self.speaker_id else self.speaker_name

    @property
    def level_request_pending(self) -> bool:
        return self.level_request_status == LevelRequestStatus.PENDING


class InscriptionMove(models.Model):
    """A move of a speaker by the Secretariat: who, when, from where to where, and why."""

    inscription = models.ForeignKey(
        Inscription, on_delete=models.CASCADE, related_name="moves", verbose_name=_("inscription")
    )
    from_position = models.PositiveIntegerField(_("from place"))
    to_position = models.PositiveIntegerField(_("to place"))
    reason = models.CharField(_("reason"), max_length=300)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), auto_now_add=True)

    class Meta:
        ordering = ["-moved_at"]
        verbose_name = _("move on a speakers list")
        verbose_name_plural = _("moves on speakers lists")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="inscription_move_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.inscription.stakeholder}: {self.from_position} → {self.to_position}"
