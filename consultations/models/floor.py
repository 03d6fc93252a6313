"""The floor of a meeting in session: who has it, the timer, and the log of what was done.

The Secretariat runs it (services/floor.py); the projector, the meeting page and the delegate
portal follow it live (consultations/live.py). Every speaking time here is measured by the
server between the timer's start, pauses and stop, never typed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.choices import FloorAction, FloorTurnKind, FloorTurnStatus


class Floor(models.Model):
    """The floor of one meeting: the turn that holds it, and a version that every change moves
    on (the live pages' event id)."""

    speakers_list = models.OneToOneField(
        "consultations.SpeakersList",
        on_delete=models.CASCADE,
        related_name="floor",
        verbose_name=_("speakers list"),
    )
    current = models.ForeignKey(
        "consultations.FloorTurn",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on the floor"),
    )
    in_session = models.BooleanField(_("in session"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")

    def __str__(self) -> str:
        return _("Floor: %(meeting)s") % {"meeting": self.speakers_list.meeting}


class FloorTurn(models.Model):
    """One turn at the floor: a speaker of the list, the Chair, a point of order or a right of
    reply; its limit, and the time it spoke as the server measured it.

    ``elapsed_seconds`` is the time spoken before ``running_since`` (None while the timer is
    not running); at the stop it becomes ``spoken_seconds``.
    """

    floor = models.ForeignKey(
        Floor, on_delete=models.CASCADE, related_name="turns", verbose_name=_("floor")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FloorTurnKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=FloorTurnStatus.choices)
    inscription = models.ForeignKey(
        "consultations.Inscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="turns",
        verbose_name=_("inscription"),
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True, default="")
    reply_number = models.PositiveSmallIntegerField(_("right of reply number"), null=True)
    limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"), null=True, blank=True)
    interrupted = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interrupted turn"),
    )
    created_at = models.DateTimeField(_("created at"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    running_since = models.DateTimeField(_("timer running since"), null=True, blank=True)
    elapsed_seconds = models.FloatField(_("elapsed before the timer's last start"), default=0)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    spoken_seconds = models.PositiveIntegerField(_("spoke for (seconds)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["floor", "created_at", "pk"]
        verbose_name = _("turn at the floor")
        verbose_name_plural = _("turns at the floor")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FloorTurnKind.values), name="floor_turn_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FloorTurnStatus.values), name="floor_turn_status_valid"
            ),
            # A speaker of the list is its inscription; a reply is a delegation's, numbered.
            models.CheckConstraint(
                condition=~Q(kind=FloorTurnKind.SPEAKER) | Q(inscription__isnull=False),
                name="floor_turn_speaker_inscribed",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FloorTurnKind.REPLY)
                | Q(stakeholder__isnull=False, reply_number__gte=1),
                name="floor_turn_reply_numbered",
            ),
            models.UniqueConstraint(
                fields=["floor", "stakeholder", "reply_number"],
                condition=Q(kind=FloorTurnKind.REPLY) & ~Q(status=FloorTurnStatus.WITHDRAWN),
                name="floor_turn_reply_number_unique",
            ),
            # Only a running timer has a start; a finished turn says how long it spoke.
            models.CheckConstraint(
                condition=Q(running_since__isnull=True) | Q(status=FloorTurnStatus.SPEAKING),
                name="floor_turn_running_only_speaking",
            ),
            models.CheckConstraint(
                condition=~Q(status=FloorTurnStatus.DONE)
                | Q(spoken_seconds__isnull=False, ended_at__isnull=False),
                name="floor_turn_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.stakeholder or self.speaker_name}"

    def elapsed_at(self, at) -> float:
        """Seconds spoken up to ``at``: the time before the timer's last start, plus the time
        since, while it runs."""
        if self.running_since is None:
            return self.elapsed_seconds
        return self.elapsed_seconds + max(0.0, (at - self.running_since).total_seconds())


class FloorEvent(models.Model):
    """One action at the floor, who took it and when: the floor's log, never changed."""

    floor = models.ForeignKey(
        Floor, on_delete=models.CASCADE, related_name="events", verbose_name=_("floor")
    )
    turn = models.ForeignKey(
        FloorTurn,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("turn"),
    )
    action = models.CharField(_("action"), max_length=20, choices=FloorAction.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    seconds = models.PositiveIntegerField(_("time spoken so far (seconds)"), null=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["floor", "at", "pk"]
        verbose_name = _("floor event")
        verbose_name_plural = _("floor events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=FloorAction.values), name="floor_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()}"
