"""Who may do what in the registry: predicates shared by every app, and registry's rules.

Everything checks ``user.has_perm("app.codename", obj)``; these predicates are the only place
that looks at roles and focal points.
"""

import rules

from registry.backends import IN_ROLE
from registry.roles import DELEGATE, SECRETARIAT


def role_names(user) -> frozenset[str]:
    """The role groups of ``user``, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_hlderp_roles", None)
    if cached is None:
        if all(hasattr(user, flag) for flag in IN_ROLE.values()):  # loaded with the user
            cached = frozenset(role for role, flag in IN_ROLE.items() if getattr(user, flag))
        else:
            cached = frozenset(user.groups.filter(name__in=IN_ROLE).values_list("name", flat=True))
        user._hlderp_roles = cached
    return cached


@rules.predicate
def is_secretariat(user) -> bool:
    return user.is_authenticated and (user.is_superuser or SECRETARIAT in role_names(user))


@rules.predicate
def is_delegate(user) -> bool:
    """In the Delegate role, or focal point of at least one stakeholder."""
    return DELEGATE in role_names(user) or bool(stakeholder_ids(user))


def stakeholder_ids(user) -> frozenset[int]:
    """The stakeholders a user is focal point of, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_hlderp_stakeholder_ids", None)
    if cached is None:
        cached = frozenset(user.focal_points.values_list("stakeholder_id", flat=True))
        user._hlderp_stakeholder_ids = cached
    return cached


def focal_points_of(user) -> list:
    """The user's focal points, stakeholder and regional group loaded, by stakeholder name;
    they also give ``stakeholder_ids`` for the rest of the request (no second query)."""
    from registry.models import FocalPoint

    rows = list(
        FocalPoint.objects.filter(user=user).select_related(
            "stakeholder", "stakeholder__regional_group"
        )
    )
    user._hlderp_stakeholder_ids = frozenset(row.stakeholder_id for row in rows)
    return rows


@rules.predicate
def acts_for_stakeholder(user, stakeholder) -> bool:
    """True when ``user`` is focal point of ``stakeholder`` (a Stakeholder or its id)."""
    if stakeholder is None:
        return False
    pk = getattr(stakeholder, "pk", stakeholder)
    return pk in stakeholder_ids(user)


@rules.predicate
def is_admin_user(user) -> bool:
    """May open the Django admin (it checks is_staff itself; this mirrors it for the menus)."""
    return user.is_active and user.is_staff


rules.add_perm("registry.access_secretariat", is_secretariat)
rules.add_perm("registry.access_admin", is_admin_user)
rules.add_perm("registry.access_delegate_portal", is_delegate | is_secretariat)
rules.add_perm(
    "registry.act_for_stakeholder", is_secretariat | (is_delegate & acts_for_stakeholder)
)


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


# Personal API tokens: any signed-in user keeps their own (they grant no more than the user has).
rules.add_perm("registry.manage_own_api_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("registry.revoke_api_token", owns_token)
