"""Registering delegations and keeping their members: one at a time, in bulk, or from a file.

Every function takes the acting user, checks ``consultations.manage_delegations``, runs in one
transaction and writes the delegations' history rows (as ``actor``'s) in it. A change of members
is recorded as a history row of its delegation, with the change as its reason.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from consultations.delegations_import import ImportPlan, ImportRow, import_rows_check
from consultations.models import Delegation, DelegationMember, Process
from consultations.selectors.delegations import bulk_stakeholders, registered_stakeholder_ids
from consultations.services.history import history_snapshot
from registry.choices import ProtocolRank
from registry.models import Person, RegionalGroup, Stakeholder


class DelegationError(Exception):
    """A change of a delegation that the rules refuse; the message says why."""


class DelegationImportError(DelegationError):
    """A file with at least one bad row: nothing is saved. ``plan`` holds every row's errors."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__(
            _("Rows with errors: %(n)d; nothing is saved.") % {"n": len(plan.errors)}
            if plan.rows
            else _("The file has no rows; nothing is saved.")
        )


@dataclass
class RegisterReport:
    created: list[Stakeholder] = field(default_factory=list)
    skipped: list[Stakeholder] = field(default_factory=list)


@dataclass
class ImportReport:
    delegations_created: int = 0
    members_added: int = 0
    members_updated: int = 0
    heads_set: int = 0


def _permission_check(actor) -> None:
    if not actor.has_perm("consultations.manage_delegations"):
        raise PermissionDenied(_("Only the Secretariat registers delegations."))


def _level_of(rank: int) -> int:
    """A head's rank as the delegation's level: "other" heads a delegation as its head."""
    return min(rank, ProtocolRank.HEAD_OF_DELEGATION)


def _record(delegation: Delegation, *, actor, reason: str) -> None:
    history_snapshot(Delegation, [delegation.pk], user=actor, reason=reason[:100])


def delegations_register(
    *, actor, process: Process, stakeholders: list[Stakeholder]
) -> RegisterReport:
    """Register a delegation of ``process`` for each of ``stakeholders`` that has none yet.

    Changes: one new Delegation (level: other head of delegation) and its history row per
    stakeholder not yet registered, in one transaction; those already registered are skipped
    and reported. Raises PermissionDenied unless ``actor`` has
    ``consultations.manage_delegations``.
    """
    _permission_check(actor)
    report = RegisterReport()
    with transaction.atomic():
        # Lock the process: two bulk registrations at once must not both create a delegation.
        Process.objects.select_for_update().filter(pk=process.pk).first()
        already = registered_stakeholder_ids(
            process=process, stakeholder_ids=[s.pk for s in stakeholders]
        )
        new = []
        for stakeholder in stakeholders:
            if stakeholder.pk in already:
                report.skipped.append(stakeholder)
            else:
                already.add(stakeholder.pk)
                report.created.append(stakeholder)
                new.append(Delegation(process=process, stakeholder=stakeholder))
        bulk_create_with_history(
            new,
            Delegation,
            default_user=actor,
            default_change_reason="Registered in bulk",
        )
    return report


def delegations_register_bulk(
    *,
    actor,
    process: Process,
    scope: str,
    as_of: datetime.date,
    regional_group: RegionalGroup | None = None,
) -> RegisterReport:
    """``delegations_register`` for the stakeholders of ``scope`` on ``as_of`` (see
    ``selectors.delegations.bulk_stakeholders``: all Member States, one regional group's, or all
    observers). Raises what ``delegations_register`` raises, and ValueError on a bad scope."""
    _permission_check(actor)
    stakeholders = list(bulk_stakeholders(scope=scope, as_of=as_of, regional_group=regional_group))
    return delegations_register(actor=actor, process=process, stakeholders=stakeholders)


def delegation_member_add(
    *, actor, delegation: Delegation, person: Person, post: str = "", rank: int = ProtocolRank.OTHER
) -> DelegationMember:
    """Add ``person`` to ``delegation`` with ``post`` and protocol ``rank``.

    Changes: one new DelegationMember and a history row of the delegation, in one transaction.
    Raises PermissionDenied unless ``actor`` has ``consultations.manage_delegations``;
    DelegationError when the person is already a member.
    """
    _permission_check(actor)
    with transaction.atomic():
        Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
        if delegation.members.filter(person=person).exists():
            raise DelegationError(
                _("%(person)s is already a member of this delegation.") % {"person": person}
            )
        member = DelegationMember(delegation=delegation, person=person, post=post, rank=rank)
        member.full_clean(exclude=["delegation", "person"])
        member.save()
        _record(delegation, actor=actor, reason=f"Member added: {person.slug}")
    return member


def delegation_member_remove(*, actor, member: DelegationMember) -> None:
    """Remove ``member`` from its delegation.

    Changes: deletes the DelegationMember and writes a history row of the delegation, in one
    transaction. Raises PermissionDenied unless ``actor`` has
    ``consultations.manage_delegations``; DelegationError when the member heads the delegation
    (name another head first) or when something still refers to the membership (a protected
    reference: nothing is deleted).
    """
    _permission_check(actor)
    delegation = member.delegation
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.head_id == member.person_id:
            raise DelegationError(
                _("%(person)s heads the delegation: name another head before removing them.")
                % {"person": member.person}
            )
        try:
            with transaction.atomic():
                member.delete()
        except (ProtectedError, RestrictedError) as error:
            referrers = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
            raise DelegationError(
                _("%(person)s cannot be removed: still referred to by %(what)s.")
                % {"person": member.person, "what": ", ".join(referrers)}
            ) from None
        _record(delegation, actor=actor, reason=f"Member removed: {member.person.slug}")


def delegation_head_set(*, actor, member: DelegationMember) -> Delegation:
    """Make ``member`` the head of its delegation, at the level of their rank.

    Changes: the delegation's head, head's post and level (saved with ``update_fields``) and its
    history row, in one transaction. Raises PermissionDenied unless ``actor`` has
    ``consultations.manage_delegations``.
    """
    _permission_check(actor)
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=member.delegation_id)
        delegation.head_id = member.person_id
        delegation.head_post = member.post
        delegation.level = _level_of(member.rank)
        delegation._history_user = actor
        delegation._change_reason = f"Head of delegation: {member.person.slug}"[:100]
        delegation.save(update_fields=["head", "head_post", "level"])
    return delegation


def _import_row(row: ImportRow, *, actor, delegation: Delegation, members: dict, report) -> None:
    member = members.get((delegation.pk, row.person.pk))
    if member is None:
        member = DelegationMember.objects.create(
            delegation=delegation, person=row.person, post=row.post, rank=row.rank
        )
        members[(delegation.pk, row.person.pk)] = member
        report.members_added += 1
    elif (member.post, member.rank) != (row.post, row.rank):
        member.post, member.rank = row.post, row.rank
        member.save(update_fields=["post", "rank"])
        report.members_updated += 1
    if row.head:
        delegation.head_id = row.person.pk
        delegation.head_post = row.post
        delegation.level = _level_of(row.rank)
        delegation._history_user = actor
        delegation.save(update_fields=["head", "head_post", "level"])
        report.heads_set += 1


def delegations_import(*, actor, process: Process, rows: list[ImportRow]) -> ImportReport:
    """Save the delegations of an imported file in ``process``, all rows or none.

    The rows are checked again (``import_rows_check``) in the transaction, against the registry
    as it is now. Changes: the new delegations, members (new, or their post and rank updated)
    and heads, and one history row per delegation touched. Raises PermissionDenied unless
    ``actor`` has ``consultations.manage_delegations``; DelegationImportError, with every row's
    errors, if any row has one (then nothing is saved).
    """
    _permission_check(actor)
    report = ImportReport()
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()
        plan = import_rows_check(process=process, rows=rows)
        if not plan.valid:
            raise DelegationImportError(plan)
        stakeholder_ids = {row.stakeholder.pk for row in plan.rows}
        delegations = {
            d.stakeholder_id: d
            for d in process.delegations.filter(stakeholder_id__in=stakeholder_ids)
        }
        new = [
            Delegation(process=process, stakeholder_id=pk)
            for pk in sorted(stakeholder_ids - set(delegations))
        ]
        for delegation in new:
            delegation._history_user = actor
            delegation.save()  # one by one: the rows below need their ids
            delegations[delegation.stakeholder_id] = delegation
        report.delegations_created = len(new)
        members = {
            (m.delegation_id, m.person_id): m
            for m in DelegationMember.objects.filter(
                delegation_id__in=[d.pk for d in delegations.values()]
            )
        }
        for row in plan.rows:
            if row.person is not None:
                delegation = delegations[row.stakeholder.pk]
                _import_row(row, actor=actor, delegation=delegation, members=members, report=report)
        history_snapshot(
            Delegation,
            sorted(d.pk for d in delegations.values()),
            user=actor,
            reason="Imported from a file",
        )
    return report
