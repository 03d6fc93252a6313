"""The Chair's summary of a process: a document the Secretariat drafts, then finalises.

Its sections hold plain text with figure references (consultations/chair_summary_text.py) that
show the live figures while the summary is a draft; finalising stores each reference's value
and text in ``frozen_figures`` with the date, and from then on the document shows those.
Every change of a summary or a section is kept (django-simple-history) with its author.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import (
    ChairSummaryPresenter,
    ChairSummarySectionKind,
    ChairSummaryState,
    Language,
)


class ChairSummary(models.Model):
    """The Chair's summary of ``process`` in one language (issued per language)."""

    process = models.ForeignKey(
        "consultations.Process",
        on_delete=models.PROTECT,
        related_name="chair_summaries",
        verbose_name=_("process"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    symbol = models.CharField(
        _("document symbol"), max_length=60, help_text=_("For example A/61/187.")
    )
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ChairSummaryState.choices,
        default=ChairSummaryState.DRAFT,
        editable=False,
    )
    frozen_figures = models.JSONField(
        _("frozen figures"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Each figure reference's value and text when the summary was finalised."),
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("finalised by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "language"]
        verbose_name = _("Chair's summary")
        verbose_name_plural = _("Chair's summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "language"],
                name="chair_summary_one_per_language",
                violation_error_message=_(
                    "This process already has a Chair's summary in this language."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=ChairSummaryState.DRAFT) | Q(finalised_at__isnull=False),
                name="chair_summary_final_has_date",
                violation_error_message=_("A final summary has the date it was finalised."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.get_language_display()})"

    @property
    def is_final(self) -> bool:
        return self.state == ChairSummaryState.FINAL


class ChairSummarySection(models.Model):
    """A section of a Chair's summary, in order: the opening, a round table's summary by its
    co-chairs or rapporteur, the views on the Forum, the follow-up."""

    summary = models.ForeignKey(
        ChairSummary,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("Chair's summary"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ChairSummarySectionKind.choices,
        default=ChairSummarySectionKind.OTHER,
    )
    heading = models.CharField(_("heading"), max_length=300)
    meeting = models.ForeignKey(
        "consultations.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_summary_sections",
        verbose_name=_("round table"),
    )
    presented_by = models.CharField(
        _("summed up by"), max_length=20, choices=ChairSummaryPresenter.choices, blank=True
    )
    presenters = models.CharField(
        _("names"),
        max_length=500,
        blank=True,
        help_text=_("Who summed it up, as the document names them."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "A blank line starts a new paragraph. Insert a figure as {{ figure:NAME }}, or "
            "{{ figure:NAME:ISSUE }} for one issue."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "order", "pk"]
        verbose_name = _("section of a Chair's summary")
        verbose_name_plural = _("sections of a Chair's summary")

    def __str__(self) -> str:
        return self.heading

    def clean(self) -> None:
        """Every figure reference names a known figure (and an issue of the process)."""
        from consultations.selectors.chair_figures import reference_errors_for_process

        if (
            self.meeting_id
            and self.summary_id
            and (self.meeting.process_id != self.summary.process_id)
        ):
            raise ValidationError({"meeting": _("This meeting is of another process.")})
        if self.summary_id:
            errors = reference_errors_for_process(self.text, process=self.summary.process)
            if errors:
                raise ValidationError({"text": errors})
