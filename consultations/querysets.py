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


class StatementQuerySet(models.QuerySet):
    def public(self, *, now):
        """Published statements past their "check against delivery" time ``now`` (a datetime,
        or an expression such as ``F("embargo_until")`` to ask when each would be public).
        Row by row: Statement.is_public."""
        return self.filter(_public(now))

    def visible_to(self, user, *, now: datetime.datetime):
        """What ``user`` may see: everything (Secretariat), their own delegations' statements in
        any state plus the public ones (delegate), or the public ones (anybody else)."""
        from registry.permissions import is_secretariat, stakeholder_ids

        if is_secretariat(user):
            return self
        own = stakeholder_ids(user)
        if own:
            return self.filter(Q(stakeholder_id__in=own) | _public(now))
        return self.public(now=now)

    def of_user(self, user):
        """Statements of the stakeholders ``user`` is focal point of (none for anybody else)."""
        from registry.permissions import stakeholder_ids

        return self.filter(stakeholder_id__in=stakeholder_ids(user))


class PositionQuerySet(models.QuerySet):
    def of_user(self, user):
        from registry.permissions import stakeholder_ids

        return self.filter(stakeholder_id__in=stakeholder_ids(user))
