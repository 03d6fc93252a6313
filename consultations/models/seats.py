from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import SeatSource
from consultations.models.illustrative import Illustrative
from consultations.querysets import SeatQuerySet


class SeatPreference(Illustrative):
    """A delegation's ranked wish for a round table (1 = first choice)."""

    delegation = models.ForeignKey(
        "consultations.Delegation",
        on_delete=models.CASCADE,
        related_name="seat_preferences",
        verbose_name=_("delegation"),
    )
    meeting = models.ForeignKey(
        "consultations.Meeting",
        on_delete=models.CASCADE,
        related_name="seat_preferences",
        verbose_name=_("round table"),
    )
    rank = models.PositiveSmallIntegerField(_("choice"))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["delegation", "rank"]
        verbose_name = _("seat preference")
        verbose_name_plural = _("seat preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "rank"], name="seat_preference_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["delegation", "meeting"], name="seat_preference_meeting_unique"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="seat_preference_rank_positive"),
        ]

    def __str__(self) -> str:
        return gettext("%(stakeholder)s: choice %(rank)s, %(meeting)s") % {
            "stakeholder": self.delegation.stakeholder,
            "rank": self.rank,
            "meeting": self.meeting,
        }


class Seat(Illustrative):
    """A delegation's seat at a round table."""

    meeting = models.ForeignKey(
        "consultations.Meeting",
        on_delete=models.CASCADE,
        related_name="seats",
        verbose_name=_("round table"),
    )
    delegation = models.ForeignKey(
        "consultations.Delegation",
        on_delete=models.CASCADE,
        related_name="seats",
        verbose_name=_("delegation"),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=SeatSource.choices, default=SeatSource.ALLOCATION
    )
    choice = models.PositiveSmallIntegerField(
        _("choice obtained"),
        null=True,
        blank=True,
        help_text=_(
            "The rank of this round table in the delegation's preferences; empty if unranked."
        ),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)
    # Two copies of a process's seats: the draft the Secretariat allocates and edits, and the
    # published one that public and delegate pages show, replaced by ``seats_publish``.
    is_published = models.BooleanField(
        _("published"),
        default=False,
        db_default=False,
        help_text=_("The published copy of the seats; the other is the Secretariat's draft."),
    )

    objects = SeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "delegation__stakeholder__name"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "delegation", "is_published"], name="seat_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(stakeholder)s at %(meeting)s") % {
            "stakeholder": self.delegation.stakeholder,
            "meeting": self.meeting,
        }
