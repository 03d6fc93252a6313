"""Who can take part in a consultation: States, agencies, bodies, people and their accounts."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import (
    ApiTokenScope,
    GroupingKind,
    ProtocolRank,
    StakeholderKind,
    UNEntityType,
)
from registry.languages import EnglishOriginal, translation_fields
from registry.querysets import AppointmentQuerySet, MembershipQuerySet, StakeholderQuerySet
from registry.validators import validate_time_zone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """An account; people log in with their e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    time_zone = models.CharField(
        _("own time zone"),
        max_length=64,
        blank=True,
        db_default="",
        validators=[validate_time_zone],
        help_text=_("Times on the portal are also shown in this zone. Empty: the venue's only."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        db_default="",
        help_text=_("The language of the e-mails sent to you. Empty: English."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def mail_language(self) -> str:
        """The language of this user's e-mails: the one they chose, else the site's (English)."""
        return self.language or settings.LANGUAGE_CODE


class RegionalGroup(EnglishOriginal, models.Model):
    """One of the five UN regional groups that share out seats and offices."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("regional group")
        verbose_name_plural = _("regional groups")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Stakeholder(EnglishOriginal, models.Model):
    """Anybody that can take the floor at a meeting or be recorded as holding a position."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StakeholderKind.choices)
    un_entity_type = models.CharField(
        _("UN entity type"), max_length=30, choices=UNEntityType.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    iso3 = models.CharField(  # noqa: DJ001 (NULL, not "", so that unique holds among States only)
        _("ISO 3166 alpha-3"),
        max_length=3,
        null=True,
        blank=True,
        help_text=_("States only: three capital letters, e.g. BEL."),
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. BEL."))],
    )
    admission_date = models.DateField(_("UN admission date"), null=True, blank=True)
    regional_group = models.ForeignKey(
        RegionalGroup,
        verbose_name=_("regional group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholders",
    )
    established = models.DateField(
        _("established"),
        null=True,
        blank=True,
        help_text=_("For observers and bodies: since when they exist or hold observer status."),
    )
    dissolved = models.DateField(_("dissolved"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Where each language's name comes from, e.g. {"en": "UN", "fr": "UN", "ar": "CLDR"}:
    # "UN" for a form the data files give, "CLDR" for one read through Babel.
    name_sources = models.JSONField(
        _("sources of the names"), default=dict, blank=True, db_default={}
    )

    objects = StakeholderQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=translation_fields("name", "short_name"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["iso3"], condition=Q(iso3__isnull=False), name="stakeholder_iso3_unique"
            ),
            models.CheckConstraint(
                # Length and Upper, not a regex: SQLite has no REGEXP outside Django's connection.
                condition=~Q(kind__in=StakeholderKind.states())
                | Q(Exact(Length("iso3"), 3), Exact(Upper("iso3"), F("iso3")), iso3__isnull=False),
                name="stakeholder_state_has_iso3",
                violation_error_message=_(
                    "A State needs an ISO 3166 alpha-3 code (three capitals)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=StakeholderKind.states()) | Q(iso3__isnull=True),
                name="stakeholder_iso3_only_for_states",
                violation_error_message=_("Only States carry an ISO 3166 code."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=StakeholderKind.MEMBER_STATE)
                | Q(admission_date__isnull=False, regional_group__isnull=False),
                name="stakeholder_member_state_admitted_and_grouped",
                violation_error_message=_(
                    "A Member State needs its UN admission date and its regional group."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=StakeholderKind.UN_ENTITY) | Q(un_entity_type=""),
                name="stakeholder_entity_type_only_for_un_entities",
                violation_error_message=_("Only UN system entities have a UN entity type."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved__isnull=True)
                | Q(established__isnull=True)
                | Q(dissolved__gte=F("established")),
                name="stakeholder_dissolved_after_established",
                violation_error_message=_("A stakeholder cannot be dissolved before it exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:stakeholder", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_state(self) -> bool:
        return self.kind in StakeholderKind.states()

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    def is_member_state_on(self, date: datetime.date) -> bool:
        """Whether this stakeholder was a Member State on ``date``: one today, admitted on or
        before it, not dissolved before it. Twin of querysets.member_state_on."""
        return self.kind == StakeholderKind.MEMBER_STATE and self.is_active_on(date)

    def is_active_on(self, date: datetime.date) -> bool:
        if self.kind == StakeholderKind.MEMBER_STATE:
            started = self.admission_date is not None and self.admission_date <= date
        else:
            started = self.established is None or self.established <= date
        return started and (self.dissolved is None or self.dissolved >= date)


class Grouping(EnglishOriginal, models.Model):
    """A named set of stakeholders, such as the Global Migration Group."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupingKind.choices)
    established = models.DateField(_("established"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Stakeholder, through="Membership", related_name="groupings", verbose_name=_("members")
    )

    history = HistoricalRecords(excluded_fields=translation_fields("name", "short_name"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:grouping", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A stakeholder in a grouping over a period; open-ended while ``end`` is empty."""

    grouping = models.ForeignKey(
        Grouping, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("grouping")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["grouping", "stakeholder__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=F("start")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["grouping", "stakeholder", "start"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(stakeholder)s in %(grouping)s") % {
            "stakeholder": self.stakeholder,
            "grouping": self.grouping,
        }


class Person(models.Model):
    """Someone who holds posts over time; a statement keeps the post held when delivered."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    honorific = models.CharField(_("honorific"), max_length=40, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    family_name_first = models.BooleanField(
        _("family name first"),
        default=False,
        db_default=False,
        help_text=_("The name is written family name first, as in Ban Ki-moon."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return " ".join(p for p in (self.honorific, self.name) if p)

    def get_absolute_url(self) -> str:
        return reverse("registry:person", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """The name in its culture's order: "Kofi Annan", "Ban Ki-moon". The one place a
        person's name is put together; lists still sort by family name."""
        parts = (self.given_name, self.family_name)
        if self.family_name_first:
            parts = parts[::-1]
        return " ".join(p for p in parts if p)

    # The fields __str__ reads: what a narrow read of a related person must load.
    NAME_FIELDS = ("honorific", "given_name", "family_name", "family_name_first")

    @classmethod
    def name_columns(cls, path: str) -> tuple[str, ...]:
        """The columns of the person at ``path`` (``"speaker"``) that its name is written from."""
        return tuple(f"{path}__{name}" for name in cls.NAME_FIELDS)


class Appointment(models.Model):
    """A post a person held for a stakeholder, with its protocol rank."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("stakeholder"),
    )
    post = models.CharField(_("post"), max_length=200)
    rank = models.PositiveSmallIntegerField(
        _("protocol rank"), choices=ProtocolRank.choices, default=ProtocolRank.OTHER
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        db_default="",
        help_text=_("Where this appointment is recorded: a document, a press release."),
    )

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "post"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="appointment_ends_after_start",
                violation_error_message=_("An appointment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=7), name="appointment_rank_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.post}"


class DatedBySource(models.Model):
    """A date as a source gives it ("January 2005", "end of October 2005"), and the source."""

    date = models.DateField(_("date"), help_text=_("For sorting; for a period, a day within it."))
    date_label = models.CharField(
        _("date as the source gives it"),
        max_length=100,
        blank=True,
        help_text=_('e.g. "January 2005", "end of October 2005"; empty: the date.'),
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        abstract = True


class AppointmentDate(DatedBySource):
    """When an appointment began, as one source gives it. Where sources differ (the briefing
    dates Peter Sutherland's appointment January 2005, the Secretary-General's announcement is
    of January 2006), each keeps its own row and the pages show them all; ``Appointment.start``
    is the date the registry works with."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="dates",
        verbose_name=_("appointment"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["appointment", "date", "pk"]
        verbose_name = _("date of an appointment, by source")
        verbose_name_plural = _("dates of appointments, by source")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "source"], name="appointment_date_one_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment}: {self.date_label or self.date} ({self.source})"


class GroupingEvent(DatedBySource):
    """Something that happened to one or more groupings, as a source records it: the meeting
    of end October 2005 that decided to expand the Geneva Migration Group."""

    groupings = models.ManyToManyField(Grouping, related_name="events", verbose_name=_("groupings"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("event of a grouping")
        verbose_name_plural = _("events of groupings")
        constraints = [
            models.UniqueConstraint(fields=["date", "title"], name="grouping_event_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class FocalPoint(models.Model):
    """A user account that acts for a stakeholder (a Mission's e-focal point, a liaison)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("user")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("stakeholder"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stakeholder__name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["user", "stakeholder"], name="focal_point_unique"),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s for %(stakeholder)s") % {
            "user": self.user,
            "stakeholder": self.stakeholder,
        }


class ApiToken(models.Model):
    """A personal API token: its user's rights, narrowed to reading by the ``read`` scope.

    Only the SHA-256 digest of the token is stored (the token is 32 random bytes: a fast digest
    is enough, and lets a request find its token by one indexed lookup); the token itself is
    shown once, when it is created (registry.services.api_token_create). ``prefix`` is the
    token's public start, to tell a user's tokens apart.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(
        _("scope"), max_length=20, choices=ApiTokenScope.choices, default=ApiTokenScope.READ
    )
    prefix = models.CharField(_("prefix"), max_length=20)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Recorded at most once an hour (registry.api.authentication): a write at every request
    # would also move the public page cache's generation on at every request.
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # None: a token made before tokens expired (registry 0008), which opens the API until revoked.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=ApiTokenScope.values), name="api_token_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == ApiTokenScope.READ_WRITE
