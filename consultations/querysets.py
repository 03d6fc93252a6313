"""Chainable, read-only filters of consultations models, scoped to who may see what."""

import datetime

from django.db import NotSupportedError, models
from django.db.models import DateField, Func, Q, Value

from consultations.choices import MeetingKind, StatementState
from registry.choices import StakeholderKind
from registry.querysets import member_state_on


class LocalDate(Func):
    """The date of a datetime column in the time zone another column names (an IANA name, as a
    venue's ``time_zone``): in SQL what ``moment.astimezone(zone).date()`` is in Python."""

    arity = 2
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s)::date",
            arg_joiner=" AT TIME ZONE ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django's own SQLite function behind TruncDate, given the zone as a column: (value,
        # zone to convert to, zone the stored value is in).
        clone = self.copy()
        clone.set_source_expressions(
            [*self.get_source_expressions(), Value(connection.timezone_name)]
        )
        return super(LocalDate, clone).as_sql(
            compiler, connection, function="django_datetime_cast_date", **extra_context
        )

    def as_sql(self, compiler, connection, **extra_context):
        if "function" not in extra_context and "template" not in extra_context:
            raise NotSupportedError(f"LocalDate is not written for {connection.vendor}")
        return super().as_sql(compiler, connection, **extra_context)


def meeting_on_record(prefix: str = "") -> Q:
    """Meetings (through ``prefix``, e.g. "meeting__") whose statements count in their process's
    figures: ``on_record`` when set, otherwise plenary meetings and round tables. Row-level
    twin: Meeting.is_on_record; change both together."""
    return Q(**{f"{prefix}on_record": True}) | Q(
        **{f"{prefix}on_record__isnull": True},
        **{f"{prefix}kind__in": MeetingKind.on_record_by_default()},
    )


def _public(now) -> Q:
    # Statement.is_public is the row-level twin of this condition: change both together. The
    # public count of selectors/statement_tally.py is the published ones less _embargoed: a
    # condition added here must be taken out there too.
    return Q(state=StatementState.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )


def _embargoed(now) -> Q:
    # The published statements _public(now) leaves out: the two together are every published one.
    return Q(state=StatementState.PUBLISHED) & Q(embargo_until__gt=now)


# States only a submission leads to. Rows made without the services (imports, the demo, raw
# factories) may lack submitted_at; their state alone shows they reached the Secretariat.
REACHED_SECRETARIAT = (
    StatementState.SUBMITTED,
    StatementState.RETURNED,
    StatementState.PUBLISHED,
)


def _seen_by_secretariat() -> Q:
    # Statement.seen_by_secretariat is the row-level twin of this condition: change both
    # together. submitted_at is set on every submission and never cleared, so a statement
    # returned for correction, edited, or withdrawn after a submission stays seen.
    return Q(submitted_at__isnull=False) | Q(state__in=REACHED_SECRETARIAT)


class StatementQuerySet(models.QuerySet):
    def seen_by_secretariat(self):
        """Statements submitted at least once: what the Secretariat may see. A draft never
        submitted (or withdrawn before any submission) is the delegation's alone.
        Row by row: Statement.seen_by_secretariat."""
        return self.filter(_seen_by_secretariat())

    def public(self, *, now):
        """Published statements past their "check against delivery" time ``now`` (a datetime,
        or an expression such as ``F("embargo_until")`` to ask when each would be public).
        Row by row: Statement.is_public."""
        return self.filter(_public(now))

    def embargoed(self, *, now):
        """Published statements still under their "check against delivery" embargo at ``now``:
        every published statement is either in ``public(now=now)`` or in this."""
        return self.filter(_embargoed(now))

    def counted_at(self, process):
        """The statements that count in ``process``'s figures ("127 Member States made
        statements at the Dialogue"): made at its meetings on the record (meeting_on_record),
        and, by a Member State, only if it was a Member on the meeting's day at the venue (the
        registry's admission and dissolution dates). Row by row: Statement.counts_in_figures.
        The figures and the lists behind them all read statements through this."""
        day = LocalDate("meeting__start", "meeting__venue__time_zone")
        return self.filter(meeting_on_record("meeting__"), meeting__process=process).filter(
            ~Q(stakeholder__kind=StakeholderKind.MEMBER_STATE)
            | member_state_on(day, prefix="stakeholder__")
        )

    def visible_to(self, user, *, now: datetime.datetime):
        """What ``user`` may see: their own delegations' statements in any state, plus every
        statement submitted at least once (Secretariat) or the public ones (anybody else)."""
        from registry.permissions import is_secretariat, stakeholder_ids

        others = _seen_by_secretariat() if is_secretariat(user) else _public(now)
        own = stakeholder_ids(user)
        if own:
            return self.filter(Q(stakeholder_id__in=own) | others)
        return self.filter(others)

    def of_user(self, user):
        """Statements of the stakeholders ``user`` is focal point of (none for anybody else)."""
        from registry.permissions import stakeholder_ids

        return self.filter(stakeholder_id__in=stakeholder_ids(user))


class PositionQuerySet(models.QuerySet):
    def of_user(self, user):
        from registry.permissions import stakeholder_ids

        return self.filter(stakeholder_id__in=stakeholder_ids(user))


class SeatQuerySet(models.QuerySet):
    def draft(self):
        """The seats the Secretariat allocates and edits, seen by the Secretariat only."""
        return self.filter(is_published=False)

    def published(self):
        """The seats public and delegate pages show."""
        return self.filter(is_published=True)
