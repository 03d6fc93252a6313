import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import Language, Stance, StatementState
from consultations.models.illustrative import Sourced
from consultations.querysets import REACHED_SECRETARIAT, PositionQuerySet, StatementQuerySet
from registry.choices import StakeholderKind
from registry.languages import EnglishOriginal, translation_fields

# What a delegation (or the Secretariat on its behalf) may change in a statement: the update
# service accepts these, and a revision is compared on them and on the workflow's own fields.
STATEMENT_EDITABLE_FIELDS = (
    "meeting",
    "speaker",
    "speaker_post",
    "language",
    "title",
    "text",
    "file",
    "themes",
    "embargo_until",
)


# Every statement file is stored in this folder of the storage, and nothing else is: the sweep
# of orphan files (consultations.services.statements.files) lists it.
STATEMENT_FILES_FOLDER = "statements"


def statement_file_path(instance: "Statement", filename: str) -> str:
    """A name the server chooses: nothing of the uploaded name but its (checked) extension."""
    extension = PurePath(filename).suffix.lower()
    return f"{STATEMENT_FILES_FOLDER}/{uuid.uuid4().hex}{extension}"


class Statement(Sourced):
    """What a stakeholder said or submitted at a meeting. Every revision is kept (history)."""

    meeting = models.ForeignKey(
        "consultations.Meeting",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("meeting"),
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("stakeholder"),
    )
    speaker = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("speaker"),
    )
    speaker_post = models.CharField(
        _("speaker's post"),
        max_length=200,
        blank=True,
        help_text=_("The post the speaker held when the statement was delivered."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=statement_file_path, max_length=200, blank=True)
    themes = models.ManyToManyField(
        "consultations.Theme", blank=True, related_name="statements", verbose_name=_("themes")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=StatementState.choices, default=StatementState.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    embargo_until = models.DateTimeField(
        _("check against delivery until"),
        null=True,
        blank=True,
        help_text=_("A published statement shows to the public from this time (its delivery)."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # PostgreSQL full-text search; kept up to date by the statement services (a GIN index is
    # created on PostgreSQL only, by migration). Stays empty on SQLite, which searches the text.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["search_vector", "updated"])

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["state", "published_at"]),
            models.Index(fields=["meeting", "state"]),
            models.Index(fields=["stakeholder", "state"]),
            # A language filter's count (published, past the embargo) read from the index
            # alone: without embargo_until, 15,000 rows of 100,000 were read from the table.
            models.Index(
                fields=["language", "state", "embargo_until"], name="statement_language_public"
            ),
            # The public count (published, past the embargo) read from the index alone, and the
            # next embargo to lift (hlderp.public_cache) without a scan.
            models.Index(fields=["state", "embargo_until"], name="statement_state_embargo"),
            # A process's illustrative statements counted (its note) from the index alone, not
            # from a table block for each of hundreds of statements.
            models.Index(
                fields=["meeting", "id"],
                condition=Q(is_illustrative=True),
                name="statement_illustrative",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=StatementState.PUBLISHED) | Q(published_at__isnull=False),
                name="statement_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=StatementState.RETURNED) | ~Q(return_reason=""),
                name="statement_returned_has_reason",
                violation_error_message=_("A returned statement needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("statement", kwargs={"pk": self.pk})

    def is_public(self, *, now: datetime.datetime) -> bool:
        """Published and past its "check against delivery" time: the row-level twin of
        StatementQuerySet.public, for a statement already loaded."""
        return self.state == StatementState.PUBLISHED and (
            self.embargo_until is None or self.embargo_until <= now
        )

    def was_public(self, *, now: datetime.datetime) -> bool:
        """Public now, or withdrawn after it had been public: published, and its embargo (if
        any) lifted before the withdrawal (``updated``, a withdrawn statement changing no
        more). A statement withdrawn under embargo was never public: nobody else may learn of
        it."""
        if self.is_public(now=now):
            return True
        return (
            self.state == StatementState.WITHDRAWN
            and self.published_at is not None
            and (self.embargo_until is None or self.embargo_until <= self.updated)
        )

    @property
    def seen_by_secretariat(self) -> bool:
        """Submitted at least once: the row-level twin of StatementQuerySet.seen_by_secretariat,
        for a statement already loaded."""
        return self.submitted_at is not None or self.state in REACHED_SECRETARIAT

    @property
    def counts_in_figures(self) -> bool:
        """Whether this statement counts in its process's figures once public: the row-level
        twin of StatementQuerySet.counted_at (meeting on the record; a Member State only if it
        was a Member on the meeting's day)."""
        stakeholder = self.stakeholder
        return self.meeting.is_on_record and (
            stakeholder.kind != StakeholderKind.MEMBER_STATE
            or stakeholder.is_member_state_on(self.meeting.local_date)
        )

    @property
    def is_right_to_left(self) -> bool:
        return self.language in Language.right_to_left()


class Issue(EnglishOriginal, models.Model):
    """A question a process tracks, e.g. whether a Global Forum should follow the Dialogue."""

    process = models.ForeignKey(
        "consultations.Process",
        on_delete=models.CASCADE,
        related_name="issues",
        verbose_name=_("process"),
    )
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("question"), max_length=300)
    short_title = models.CharField(
        _("short title"),
        max_length=80,
        blank=True,
        help_text=_('What the figures say support is for, e.g. "the Forum".'),
    )
    description = models.TextField(_("description"), blank=True)
    cites = models.ForeignKey(
        "consultations.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("cites"),
        help_text=_("A recommendation or document the issue comes from."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(
        excluded_fields=translation_fields("title", "short_title", "description")
    )

    class Meta:
        ordering = ["process", "order", "title"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="issue_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Position(Sourced):
    """A stakeholder's stance on an issue, linked to the statement that shows it."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="positions", verbose_name=_("issue")
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("stakeholder"),
    )
    stance = models.CharField(
        _("stance"), max_length=20, choices=Stance.choices, default=Stance.NOT_STATED
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("shown in statement"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "stakeholder__name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [models.Index(fields=["issue", "stance"])]
        constraints = [
            models.UniqueConstraint(fields=["issue", "stakeholder"], name="position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder}: {self.get_stance_display()} ({self.issue})"
