"""Who may do what: the rules of registry/permissions.py, the role groups and the pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission

from registry.roles import DELEGATE, ROLE_PERMISSIONS, SECRETARIAT, sync_role_permissions
from tests.factories import (
    PASSWORD,
    FocalPointFactory,
    MemberStateFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [
    "stakeholder",
    "regionalgroup",
    "grouping",
    "membership",
    "person",
    "appointment",
    "focalpoint",
]
ROLE_LINKS = {"Delegate portal", "Secretariat", "Admin"}


def _fresh(user):
    """The user as a new request sees it: the role and focal point caches are per object."""
    return get_user_model().objects.get(pk=user.pk)


def _perm_labels(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def _group_perms(name: str) -> set[str]:
    return _perm_labels(Group.objects.get(name=name).permissions.select_related("content_type"))


def _table_perms(role: str) -> set[str]:
    """What ROLE_PERMISSIONS says the role holds, whichever app registered it."""
    table = ROLE_PERMISSIONS[role]
    wanted = set(table["custom"])
    for label in table["manage"]:
        app_label, model = label.split(".")
        wanted |= {
            f"{app_label}.{action}_{model}" for action in ("add", "change", "delete", "view")
        }
    for label in table["view"]:
        app_label, model = label.split(".")
        wanted.add(f"{app_label}.view_{model}")
    return wanted


def _nav_links(response) -> list[str]:
    nav = re.search(
        r'<div class="collapse navbar-collapse" id="nav-main">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    texts = re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1))
    return [text.strip() for text in texts if text.strip() in ROLE_LINKS]


# --- Rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"secretariat": False, "portal": False, "a": False, "b": False}),
        ("delegate_a", {"secretariat": False, "portal": True, "a": True, "b": False}),
        ("delegate_b", {"secretariat": False, "portal": True, "a": False, "b": True}),
        ("secretariat_user", {"secretariat": True, "portal": True, "a": True, "b": True}),
    ],
)
def test_rules_by_role(request, state_a, state_b, who, expected):
    user = AnonymousUser() if who == "anonymous" else _fresh(request.getfixturevalue(who))

    assert {
        "secretariat": user.has_perm("registry.access_secretariat"),
        "portal": user.has_perm("registry.access_delegate_portal"),
        "a": user.has_perm("registry.act_for_stakeholder", state_a),
        "b": user.has_perm("registry.act_for_stakeholder", state_b),
    } == expected


def test_act_for_stakeholder_accepts_the_stakeholder_id(delegate_a, state_a, state_b):
    user = _fresh(delegate_a)

    assert user.has_perm("registry.act_for_stakeholder", state_a.pk) is True
    assert user.has_perm("registry.act_for_stakeholder", state_b.pk) is False


def test_focal_point_of_two_stakeholders_acts_for_both_and_not_a_third():
    mexico, iom, belgium = (
        MemberStateFactory(name="Mexico"),
        StakeholderFactory(name="IOM"),
        MemberStateFactory(name="Belgium"),
    )
    focal_point = FocalPointFactory(stakeholder=mexico)
    FocalPointFactory(stakeholder=iom, user=focal_point.user)

    user = _fresh(focal_point.user)

    assert [
        user.has_perm("registry.act_for_stakeholder", stakeholder)
        for stakeholder in (mexico, iom, belgium)
    ] == [True, True, False]
    assert user.has_perm("registry.access_delegate_portal") is True
    assert user.has_perm("registry.access_secretariat") is False


def test_focal_point_without_the_delegate_role_still_reaches_the_portal(state_a):
    user = UserFactory()
    FocalPointFactory(user=user, stakeholder=state_a)

    user = _fresh(user)

    assert user.has_perm("registry.access_delegate_portal") is True
    assert user.has_perm("registry.act_for_stakeholder", state_a) is True


def test_account_with_no_role_and_no_focal_point_has_no_access(state_a):
    user = _fresh(UserFactory())

    assert [
        user.has_perm("registry.access_secretariat"),
        user.has_perm("registry.access_delegate_portal"),
        user.has_perm("registry.act_for_stakeholder", state_a),
    ] == [False, False, False]


def test_delegate_role_without_focal_point_reaches_the_portal_but_acts_for_nobody(state_a):
    user = _fresh(UserFactory(role=DELEGATE))

    assert user.has_perm("registry.access_delegate_portal") is True
    assert user.has_perm("registry.act_for_stakeholder", state_a) is False


def test_superuser_has_every_registry_rule(state_a):
    admin = get_user_model().objects.create_superuser("chief@un.example", PASSWORD)

    assert [
        admin.has_perm("registry.access_secretariat"),
        admin.has_perm("registry.access_delegate_portal"),
        admin.has_perm("registry.act_for_stakeholder", state_a),
    ] == [True, True, True]


# --- Role groups -----------------------------------------------------------------------------


def test_secretariat_group_manages_the_registry_models_and_views_users():
    expected = {
        f"registry.{action}_{model}"
        for model in REGISTRY_MODELS
        for action in ("add", "change", "delete", "view")
    } | {"registry.view_user"}

    held = _group_perms(SECRETARIAT)

    assert {p for p in held if p.startswith("registry.")} == expected
    assert held == _table_perms(SECRETARIAT)


def test_delegate_group_holds_no_registry_model_permission():
    held = _group_perms(DELEGATE)

    assert {p for p in held if p.startswith("registry.")} == set()
    assert held == _table_perms(DELEGATE)


def test_syncing_role_permissions_twice_leaves_the_same_permissions():
    before = {name: _group_perms(name) for name in (SECRETARIAT, DELEGATE)}

    sync_role_permissions()
    sync_role_permissions()

    assert {name: _group_perms(name) for name in (SECRETARIAT, DELEGATE)} == before


def test_syncing_role_permissions_takes_back_a_permission_given_by_hand():
    delegate = Group.objects.get(name=DELEGATE)
    delegate.permissions.add(Permission.objects.get(codename="delete_stakeholder"))
    secretariat = Group.objects.get(name=SECRETARIAT)
    secretariat.permissions.remove(Permission.objects.get(codename="view_user"))

    sync_role_permissions()

    assert "registry.delete_stakeholder" not in _group_perms(DELEGATE)
    assert "registry.view_user" in _group_perms(SECRETARIAT)


# --- Pages -----------------------------------------------------------------------------------


def test_delegate_portal_sends_anonymous_visitors_to_the_login(client):
    response = client.get("/delegate/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/delegate/"


def test_delegate_portal_lists_only_the_delegates_own_stakeholders(client, delegate_a, state_b):
    client.force_login(delegate_a)

    response = client.get("/delegate/")

    assert response.status_code == 200
    assert [fp.stakeholder.name for fp in response.context["focal_points"]] == ["State A"]
    html = response.content.decode()
    assert "State A" in html
    assert "State B" not in html


def test_secretariat_pages_refuse_a_delegate_in_the_site_layout(client, delegate_a):
    client.force_login(delegate_a)

    response = client.get("/secretariat/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Not allowed · hlderp</title>" in html
    assert "<h1>Not allowed</h1>" in html
    assert 'class="navbar-brand fw-semibold" href="/"' in html


def test_secretariat_pages_open_for_the_secretariat(client, secretariat_user, delegate_a):
    client.force_login(secretariat_user)

    response = client.get("/secretariat/")

    assert response.status_code == 200
    assert response.context["focal_point_count"] == 1
    assert "<h1>Secretariat</h1>" in response.content.decode()


def test_anonymous_visitor_sees_no_role_links(client):
    assert _nav_links(client.get("/")) == []


def test_delegate_sees_only_the_delegate_portal_link(client, delegate_a):
    client.force_login(delegate_a)

    assert _nav_links(client.get("/")) == ["Delegate portal"]


def test_secretariat_sees_portal_secretariat_and_admin_links(client, secretariat_user):
    client.force_login(secretariat_user)

    assert _nav_links(client.get("/")) == ["Delegate portal", "Secretariat", "Admin"]


def test_login_by_email_in_any_case_lands_on_the_user_s_own_pages(client, delegate_a):
    response = client.post("/accounts/login/", {"username": "A@Example.ORG", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/accounts/landing/"
    assert client.session["_auth_user_id"] == str(delegate_a.pk)


def test_login_with_a_wrong_password_stays_on_the_form(client, delegate_a):
    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "Please enter a correct e-mail address and password. Note that both fields may be "
        "case-sensitive."
    ]
    assert "_auth_user_id" not in client.session
