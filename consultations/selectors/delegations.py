"""Reads of delegations: a process's delegations with their heads and members, one delegation,
and the stakeholders a bulk registration takes.

Each selector runs a fixed number of queries, whatever the number of delegations or members.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from consultations.choices import BulkScope
from consultations.models import Delegation, DelegationMember, Process
from registry.choices import StakeholderKind
from registry.models import Person, RegionalGroup, Stakeholder

# What "all observers" takes: observer States, and the intergovernmental and regional
# organizations (the European Union, IOM in 2006) that the General Assembly seats as observers.
# The registry has no observer-status flag; the kind is what it knows.
OBSERVER_KINDS = (
    StakeholderKind.OBSERVER_STATE,
    StakeholderKind.REGIONAL_ORG,
    StakeholderKind.IGO,
)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=DelegationMember.objects.select_related("person").order_by(
            "rank", "person__family_name", "person__given_name"
        ),
    )


def process_delegations(*, process: Process, kind: str = "") -> QuerySet[Delegation]:
    """The delegations of ``process`` (of one stakeholder ``kind`` if given), by stakeholder
    name, with stakeholder, regional group, head and members loaded: three queries."""
    delegations = process.delegations.select_related(
        "stakeholder__regional_group", "head"
    ).prefetch_related(_members_prefetch())
    if kind:
        delegations = delegations.filter(stakeholder__kind=kind)
    return delegations.order_by("stakeholder__name")


def delegation_counts(*, process: Process) -> dict[str, int]:
    """The number of delegations of ``process`` by stakeholder kind, and in all (``total``)."""
    counts = dict(
        process.delegations.order_by()
        .values_list("stakeholder__kind")
        .annotate(n=Count("id"))
        .values_list("stakeholder__kind", "n")
    )
    counts["total"] = sum(counts.values())
    return counts


def delegation_detail(*, delegation: Delegation) -> list[DelegationMember]:
    """The members of ``delegation``, person loaded, by rank then family name."""
    return list(
        delegation.members.select_related("person").order_by(
            "rank", "person__family_name", "person__given_name"
        )
    )


def bulk_stakeholders(
    *, scope: str, as_of: datetime.date, regional_group: RegionalGroup | None = None
) -> QuerySet[Stakeholder]:
    """The stakeholders a bulk registration of ``scope`` takes on ``as_of``, by name.

    Member States are those admitted on or before ``as_of`` (the registry's rule:
    ``StakeholderQuerySet.active_on``): 192 on 14 September 2006, 191 before Montenegro's
    admission on 28 June 2006. Raises ValueError on an unknown scope, or a regional-group scope
    without its group.
    """
    stakeholders = Stakeholder.objects.active_on(as_of)
    if scope == BulkScope.MEMBER_STATES:
        stakeholders = stakeholders.member_states()
    elif scope == BulkScope.REGIONAL_GROUP:
        if regional_group is None:
            raise ValueError("a regional-group registration needs its group")
        stakeholders = stakeholders.member_states().filter(regional_group=regional_group)
    elif scope == BulkScope.OBSERVERS:
        stakeholders = stakeholders.filter(kind__in=OBSERVER_KINDS)
    else:
        raise ValueError(f"unknown scope {scope!r}")
    return stakeholders.order_by("name")


def person_choices() -> list[tuple[int, str]]:
    """Every person of the registry as (id, "Family, Given (slug)"), by family name."""
    return [
        (p.pk, f"{p.family_name}, {p.given_name} ({p.slug})" if p.given_name else p.family_name)
        for p in Person.objects.only("pk", "slug", "given_name", "family_name").order_by(
            "family_name", "given_name", "slug"
        )
    ]


def registered_stakeholder_ids(*, process: Process, stakeholder_ids) -> set[int]:
    """Which of ``stakeholder_ids`` already have a delegation to ``process``."""
    return set(
        process.delegations.filter(stakeholder_id__in=list(stakeholder_ids)).values_list(
            "stakeholder_id", flat=True
        )
    )


def delegations_by_stakeholder(*, process: Process, stakeholder_ids) -> dict[int, Delegation]:
    """``process``'s delegations of ``stakeholder_ids`` by stakeholder id, members' person ids
    annotated as ``member_person_ids`` (a set): two queries."""
    delegations = {
        d.stakeholder_id: d
        for d in process.delegations.filter(stakeholder_id__in=list(stakeholder_ids))
    }
    by_pk = {d.pk: d for d in delegations.values()}
    for d in by_pk.values():
        d.member_person_ids = set()
    for delegation_id, person_id in DelegationMember.objects.filter(
        delegation_id__in=list(by_pk)
    ).values_list("delegation_id", "person_id"):
        by_pk[delegation_id].member_person_ids.add(person_id)
    return delegations


def stakeholders_by_reference(*, references) -> dict[str, Stakeholder]:
    """Stakeholders named by ISO 3166 alpha-3 code or slug, keyed by the reference: one query."""
    references = {r for r in references if r}
    found: dict[str, Stakeholder] = {}
    if not references:
        return found
    codes = {r.upper() for r in references if len(r) == 3}
    for s in Stakeholder.objects.filter(Q(slug__in=references) | Q(iso3__in=codes)):
        if s.slug in references:
            found[s.slug] = s
        if s.iso3:
            for r in references:
                if r.upper() == s.iso3 and r not in found:
                    found[r] = s
    return found


def persons_by_slug(*, slugs) -> dict[str, Person]:
    slugs = {s for s in slugs if s}
    return {p.slug: p for p in Person.objects.filter(slug__in=slugs)} if slugs else {}
