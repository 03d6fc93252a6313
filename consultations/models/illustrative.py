"""Whether a row is the record or was invented for a demonstration, and where a fact comes from.

Each record that a demo may invent carries its own flag (never a guess from its process), so
that every page, export and feed marks exactly the rows that are illustrative and the note of
a process counts them (consultations/selectors/illustrative.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Illustrative(models.Model):
    """A row that may be invented for a demonstration rather than recorded."""

    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        db_default=False,  # rows written by the previous release are the record
        help_text=_("Invented for a demonstration: not the record."),
    )

    class Meta:
        abstract = True


class Sourced(Illustrative):
    """An illustrative-or-recorded row that may also name the source of what it records."""

    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where this fact is recorded: a document, or the section of a briefing."),
    )

    class Meta:
        abstract = True
