"""Chainable, read-only filters of consultations models, scoped to who may see what."""

import datetime

from django.db import models
from django.db.models import Q

from consultations.choices import StatementState


def _public(now) -> Q:
    # Statement.is_public is the row-level twin of this condition: change both together.
    return Q(state=StatementState.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )


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
