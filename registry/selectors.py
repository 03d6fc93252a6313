"""Reads of the registry that span models."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from registry.choices import StakeholderKind
from registry.models import (
    Appointment,
    Grouping,
    GroupingEvent,
    Membership,
    Person,
    RegionalGroup,
    Stakeholder,
)


@dataclass(frozen=True)
class RegistryCounts:
    total: int
    by_kind: list[tuple[str, str, int]]  # (kind value, label, count)
    member_states_by_group: list[tuple[RegionalGroup, int]]

    @property
    def member_states(self) -> int:
        return sum(n for kind, _label, n in self.by_kind if kind == StakeholderKind.MEMBER_STATE)


def registry_counts(*, stakeholders: QuerySet[Stakeholder]) -> RegistryCounts:
    """Count ``stakeholders`` by kind and Member States by regional group, in two queries."""
    per_kind = dict(
        stakeholders.order_by().values_list("kind").annotate(n=Count("id", distinct=True))
    )
    by_kind = [
        (k.value, k.label, per_kind[k.value]) for k in StakeholderKind if k.value in per_kind
    ]
    state_ids = stakeholders.order_by().filter(kind=StakeholderKind.MEMBER_STATE).values("id")
    groups = RegionalGroup.objects.annotate(
        n=Count("stakeholders", filter=Q(stakeholders__id__in=state_ids))
    ).order_by("order", "name")  # Meta.ordering does not apply to a GROUP BY query
    return RegistryCounts(
        total=sum(per_kind.values()),
        by_kind=by_kind,
        member_states_by_group=[(g, g.n) for g in groups],
    )


def stakeholder_detail(*, slug: str) -> Stakeholder:
    """The stakeholder with its parts, memberships and appointments loaded; raises DoesNotExist."""
    return (
        Stakeholder.objects.select_related("regional_group", "parent")
        .prefetch_related(
            Prefetch("children", queryset=Stakeholder.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("grouping").order_by(
                    "grouping__name", "start"
                ),
            ),
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("person")
                .prefetch_related("dates")
                .order_by("-start"),
            ),
        )
        .get(slug=slug)
    )


def person_detail(*, slug: str) -> Person:
    """The person with their appointments (stakeholder and dates by source loaded), the
    latest first; raises DoesNotExist."""
    return Person.objects.prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("stakeholder")
            .prefetch_related("dates")
            .order_by(F("start").desc(nulls_last=True), "post"),
        )
    ).get(slug=slug)


def grouping_events(*, grouping: Grouping) -> QuerySet[GroupingEvent]:
    """What the record says happened to ``grouping``, oldest first, with every grouping each
    event concerns."""
    return grouping.events.prefetch_related("groupings").order_by("date", "pk")


def groupings_for_directory(*, query: str = "") -> QuerySet[Grouping]:
    """Groupings whose name, short name or description holds ``query`` (all of them when it
    is blank), by name, each with ``member_count``: its members today (memberships with no
    end). Changes nothing."""
    groupings = Grouping.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__end__isnull=True))
    ).order_by("name")
    query = query.strip()
    if query:
        groupings = groupings.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(description__icontains=query)
        )
    return groupings


def persons_for_directory(*, query: str) -> QuerySet[Person]:
    """Persons whose name or a post of theirs holds ``query``, by family name; none for a blank
    query (the directory lists people only when asked). Changes nothing."""
    query = query.strip()
    if not query:
        return Person.objects.none()
    return (
        Person.objects.filter(
            Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(appointments__post__icontains=query)
        )
        .distinct()
        .order_by("family_name", "given_name")
    )


def grouping_members(
    *, grouping: Grouping, as_of: datetime.date | None = None
) -> QuerySet[Membership]:
    """The grouping's memberships (those open on ``as_of`` when given), members loaded."""
    memberships = grouping.memberships.select_related("stakeholder", "stakeholder__regional_group")
    if as_of is not None:
        memberships = memberships.on(as_of)
    return memberships.order_by("stakeholder__name", "start")
