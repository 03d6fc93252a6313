import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.choices import (
    DocumentKind,
    DocumentRole,
    DocumentVersionStatus,
    InOneLanguage,
    Language,
)
from consultations.models.illustrative import Sourced
from registry.choices import ProtocolRank
from registry.languages import EnglishOriginal, translation_fields


class Process(EnglishOriginal, models.Model):
    """A consultation as a whole, with the seat and speaking rules its meetings follow."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(
        _("current process"), default=False, help_text=_("The process shown on the front page.")
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    # The note on illustrative data is generated from the rows marked illustrative
    # (selectors/illustrative.py); this is only a sentence the Secretariat may add to it.
    illustrative_note = models.TextField(
        _("additional note on illustrative data"),
        blank=True,
        help_text=_(
            "An optional sentence added to the note that every page, export and feed shows "
            "when this process has rows marked illustrative. Write no figure here: the note "
            "counts them itself."
        ),
    )
    # Seat rules are settings of each process, since meetings differ; the numbers of the 2006
    # demo are assumptions that no source states (``seat_rules_source`` names one, if any).
    round_tables_per_state = models.PositiveSmallIntegerField(
        _("round tables per Member State"), default=1
    )
    round_table_cap = models.PositiveSmallIntegerField(
        _("Member States per round table"),
        null=True,
        blank=True,
        help_text=_("Empty: each round table's own capacity."),
    )
    regional_balance = models.BooleanField(
        _("regional balance"),
        default=True,
        help_text=_(
            "Each regional group within one seat of its proportional share at every table."
        ),
    )
    co_chairs_per_round_table = models.PositiveSmallIntegerField(
        _("co-chairs per round table"), default=2
    )
    seat_preferences_deadline = models.DateTimeField(
        _("deadline for round-table preferences"),
        null=True,
        blank=True,
        help_text=_(
            "After it, only the Secretariat changes the delegations' round-table preferences."
        ),
    )
    seats_published_at = models.DateTimeField(
        _("seats published"), null=True, blank=True, editable=False
    )
    seats_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("seats published by"),
    )
    minutes_per_speaker = models.PositiveSmallIntegerField(
        _("default minutes per speaker"), default=5
    )
    # Rights of reply, as the General Assembly takes them (rule 73 of its rules of procedure,
    # decision 34/401): two per delegation per item, the first of ten minutes, the second of
    # five; other processes set other numbers.
    replies_per_delegation = models.PositiveSmallIntegerField(
        _("rights of reply per delegation per meeting"), default=2, db_default=2
    )
    reply_first_minutes = models.PositiveSmallIntegerField(
        _("minutes of the first right of reply"), default=10, db_default=10
    )
    reply_next_minutes = models.PositiveSmallIntegerField(
        _("minutes of each further right of reply"), default=5, db_default=5
    )
    seat_rules_source = models.CharField(
        _("source of the seat rules"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The document that states the rules above. Empty: the pages show them as "
            "assumptions, stated by no source."
        ),
    )

    history = HistoricalRecords(
        excluded_fields=translation_fields("title", "short_title", "description")
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="process_ends_after_start",
                violation_error_message=_("A process cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="process_one_current",
                violation_error_message=_("Only one process can be the current one."),
            ),
            models.CheckConstraint(
                condition=Q(round_tables_per_state__gte=1) & Q(minutes_per_speaker__gte=1),
                name="process_rules_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("programme")


class Document(EnglishOriginal, models.Model):
    """A resolution, report or recommendation that a process cites (A/RES/58/208...)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=400)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    author = models.ForeignKey(
        "registry.Stakeholder",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("A recommendation is part of its report."),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords(excluded_fields=translation_fields("title", "summary"))

    class Meta:
        ordering = ["date", "symbol", "number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"], condition=~Q(symbol=""), name="document_symbol_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.part_of_id and self.number:
            return f"{self.get_kind_display()} {self.number}: {self.title}"
        return f"{self.symbol}: {self.title}" if self.symbol else self.title

    def language_versions(self) -> list["DocumentVersion"]:
        """The versions recorded for this document, in the order of the six languages (Arabic,
        Chinese, English, French, Russian, Spanish). Reads ``versions`` (prefetch it)."""
        order = {code: index for index, code in enumerate(Language.values)}
        return sorted(self.versions.all(), key=lambda version: order.get(version.language, 99))


# Uploaded language versions of documents are stored in this folder of the storage.
DOCUMENT_FILES_FOLDER = "documents"


def document_version_file_path(instance: "DocumentVersion", filename: str) -> str:
    """A name the server chooses: the document's language and a random part, the extension."""
    extension = PurePath(filename).suffix.lower()
    return f"{DOCUMENT_FILES_FOLDER}/{instance.language}-{uuid.uuid4().hex}{extension}"


class DocumentVersionQuerySet(models.QuerySet):
    def issued(self) -> "DocumentVersionQuerySet":
        """The versions the public may read: those ``DocumentVersion.is_issued`` says so of."""
        return self.filter(status=DocumentVersionStatus.ISSUED)


class DocumentVersion(InOneLanguage, models.Model):
    """A document in one of the six languages: pending until issued, then dated and linked (an
    uploaded file or an address). One version per language and document."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentVersionStatus.choices,
        default=DocumentVersionStatus.PENDING,
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=document_version_file_path, max_length=200, blank=True
    )
    url = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()
    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_version_one_per_language",
                violation_error_message=_("This document already has a version in this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="document_version_official_language",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentVersionStatus.ISSUED)
                | (Q(issued_on__isnull=False) & (~Q(url="") | ~Q(file=""))),
                name="document_version_issued_has_date_and_link",
                violation_error_message=_(
                    "An issued version needs its issue date and a file or a link."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentVersionStatus.ISSUED

    @property
    def link(self) -> str:
        """Where the issued version is read: its file (served by the application), else its
        address; "" while pending."""
        if not self.is_issued:
            return ""
        if self.file:
            return reverse("document_version_file", args=[self.pk])
        return self.url


class ProcessDocument(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="process_documents")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="process_links")
    role = models.CharField(_("role"), max_length=20, choices=DocumentRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "document__date"]
        verbose_name = _("document of a process")
        verbose_name_plural = _("documents of a process")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "document", "role"], name="process_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_role_display()})"


class ProcessLink(models.Model):
    """A web address of a process (its website), with where it is given."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="links", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "order", "pk"]
        verbose_name = _("link of a process")
        verbose_name_plural = _("links of a process")
        constraints = [
            models.UniqueConstraint(fields=["process", "url"], name="process_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>"

    @property
    def display_url(self) -> str:
        """The address as people write it: "www.unmigration.org", no scheme, no final slash."""
        return self.url.split("://", 1)[-1].rstrip("/")


class Delegation(Sourced):
    """A stakeholder's delegation to a process: who leads it, at which level."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("process")
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("stakeholder"),
    )
    head = models.ForeignKey(
        "registry.Person",
        verbose_name=_("head of delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_led",
    )
    head_post = models.CharField(_("post of the head of delegation"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level of representation"),
        choices=ProtocolRank.choices,
        default=ProtocolRank.HEAD_OF_DELEGATION,
        help_text=_("Sets the delegation's place in the speaking order."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stakeholder__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["process", "stakeholder"], name="delegation_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=7), name="delegation_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} — {self.process}"


class DelegationMember(Sourced):
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="members", verbose_name=_("delegation")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
        verbose_name=_("person"),
    )
    post = models.CharField(_("post"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("protocol rank"), choices=ProtocolRank.choices, default=ProtocolRank.OTHER
    )

    class Meta:
        ordering = ["rank", "person__family_name"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "person"], name="delegation_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.delegation.stakeholder})"
