from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    REPORT = "report", _("Report")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OUTCOME = "outcome", _("Outcome document")
    NOTE = "note", _("Note or other document")


class DocumentRole(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    BACKGROUND = "background", _("Background")
    OUTCOME = "outcome", _("Outcome")
    FOLLOW_UP = "follow_up", _("Follow-up")


class MeetingKind(models.TextChoices):
    PREPARATORY_PANEL = "preparatory_panel", _("Preparatory panel")
    PLENARY = "plenary", _("Plenary")
    ROUND_TABLE = "round_table", _("Round table")
    FORUM = "forum", _("Forum")
    OTHER = "other", _("Other meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def active(cls) -> list[str]:
        """States in which a meeting takes up its room and its chairs' time."""
        return [cls.PLANNED, cls.CONFIRMED, cls.HELD]


class ChairRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MODERATOR = "moderator", _("Moderator")


class SeatSource(models.TextChoices):
    ALLOCATION = "allocation", _("Automatic allocation")
    HAND = "hand", _("Edited by the Secretariat")


class InscriptionStatus(models.TextChoices):
    INSCRIBED = "inscribed", _("Inscribed")
    SPOKE = "spoke", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def on_list(cls) -> list[str]:
        """States that hold a place in the list (a withdrawn inscription gives its place up)."""
        return [cls.INSCRIBED, cls.SPOKE]
