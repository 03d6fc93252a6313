"""Who may do what with consultations: one rule per action, checked with ``user.has_perm``.

A delegate acts only for the stakeholders they are focal point of; the object passed to
``has_perm`` is anything that belongs to one stakeholder (a Stakeholder, a Delegation, an
Inscription...).
"""

import rules

from registry.permissions import is_delegate, is_secretariat, stakeholder_ids


def stakeholder_id_of(obj) -> int | None:
    """The stakeholder an object belongs to, without a query where the id is at hand."""
    from registry.models import Stakeholder

    if obj is None:
        return None
    if isinstance(obj, Stakeholder):
        return obj.pk
    if hasattr(obj, "stakeholder_id"):
        return obj.stakeholder_id
    if hasattr(obj, "delegation"):
        return obj.delegation.stakeholder_id
    return None


@rules.predicate
def acts_for_owner(user, obj) -> bool:
    owner = stakeholder_id_of(obj)
    return owner is not None and owner in stakeholder_ids(user)


def acts_for_at(user, stakeholder, process) -> bool:
    """``user`` acts for ``stakeholder`` at ``process``: the Secretariat always; a delegate of
    the stakeholder only where it has a delegation to the process (as the switcher offers)."""
    if not user.has_perm("consultations.act_for", stakeholder):
        return False
    if is_secretariat(user):
        return True
    from consultations.models import Delegation

    return Delegation.objects.filter(process=process, stakeholder=stakeholder).exists()


# The Secretariat's work on meetings (each view names the one it needs).
rules.add_perm("consultations.schedule_meetings", is_secretariat)
rules.add_perm("consultations.manage_seats", is_secretariat)
rules.add_perm("consultations.manage_speakers", is_secretariat)
rules.add_perm("consultations.review_statements", is_secretariat)
rules.add_perm("consultations.record_positions", is_secretariat)
rules.add_perm("consultations.manage_delegations", is_secretariat)
rules.add_perm("consultations.export_records", is_secretariat)
# A delegate's work, for their own stakeholder's objects only (the Secretariat may act for any).
rules.add_perm("consultations.act_for", is_secretariat | (is_delegate & acts_for_owner))
# The Chair's summary: the Secretariat drafts it; finalising (its figures stop moving) is a
# permission of its own, so that it can be kept to fewer people than drafting.
rules.add_perm("consultations.draft_chair_summary", is_secretariat)
rules.add_perm("consultations.finalise_chair_summary", is_secretariat)
# Webhooks: the Secretariat's own hooks and the replay of a delivery; a delegation's hook is
# its delegates' (consultations.act_for on the hook) and the Secretariat's.
rules.add_perm("consultations.manage_webhooks", is_secretariat)
