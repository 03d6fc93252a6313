"""Chainable, read-only filters for registry models."""

import datetime

from django.db import models
from django.db.models import Q

from registry.choices import StakeholderKind


def _open_on(date: datetime.date, start: str, end: str) -> Q:
    """Rows whose [start, end] period (either bound may be empty) contains ``date``."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": date})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": date})
    )


def _not_dissolved_on(date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}dissolved__isnull": True}) | Q(**{f"{prefix}dissolved__gte": date})


def member_state_on(date, prefix: str = "") -> Q:
    """Rows (through ``prefix``, e.g. "stakeholder__") of Member States that were Members on
    ``date`` (a date, or an expression such as a meeting's day): admitted on or before it, not
    dissolved before it. Row-level twin: Stakeholder.is_member_state_on; change both together."""
    admitted = Q(**{f"{prefix}kind": StakeholderKind.MEMBER_STATE}) & Q(
        **{f"{prefix}admission_date__lte": date}
    )
    return admitted & _not_dissolved_on(date, prefix)


class StakeholderQuerySet(models.QuerySet):
    def member_states(self):
        return self.filter(kind=StakeholderKind.MEMBER_STATE)

    def states(self):
        return self.filter(kind__in=StakeholderKind.states())

    def active_on(self, date: datetime.date):
        """Stakeholders that existed on ``date``: a Member State from its admission."""
        other_established = ~Q(kind=StakeholderKind.MEMBER_STATE) & (
            Q(established__isnull=True) | Q(established__lte=date)
        )
        return self.filter(member_state_on(date) | (other_established & _not_dissolved_on(date)))

    def in_grouping(self, grouping, date: datetime.date | None = None):
        memberships = Q(memberships__grouping=grouping)
        if date is not None:
            memberships &= _open_on(date, "memberships__start", "memberships__end")
        return self.filter(memberships).distinct()

    def for_list(self):
        return self.select_related("regional_group", "parent")


class MembershipQuerySet(models.QuerySet):
    def on(self, date: datetime.date):
        return self.filter(_open_on(date, "start", "end"))


class AppointmentQuerySet(models.QuerySet):
    def held(self, *, person, stakeholder, date: datetime.date):
        """``person``'s appointments for ``stakeholder`` on ``date``, highest rank first: the
        first is the post and the protocol level the registry supports that day."""
        return self.on(date).filter(person=person, stakeholder=stakeholder).order_by("rank")

    def on(self, date: datetime.date):
        return self.filter(_open_on(date, "start", "end"))
