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


class StakeholderQuerySet(models.QuerySet):
    def member_states(self):
        return self.filter(kind=StakeholderKind.MEMBER_STATE)

    def states(self):
        return self.filter(kind__in=StakeholderKind.states())

    def active_on(self, date: datetime.date):
        """Stakeholders that existed on ``date``: a Member State from its admission."""
        state_admitted = Q(kind=StakeholderKind.MEMBER_STATE, admission_date__lte=date)
        other_established = ~Q(kind=StakeholderKind.MEMBER_STATE) & (
            Q(established__isnull=True) | Q(established__lte=date)
        )
        not_dissolved = Q(dissolved__isnull=True) | Q(dissolved__gte=date)
        return self.filter((state_admitted | other_established) & not_dissolved)

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
