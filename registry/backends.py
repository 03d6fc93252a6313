"""Authentication: the account a login attempt counts against, and the backend that loads the
signed-in user of each request."""

import functools

from django.apps import apps
from django.contrib.auth import backends, get_user_model
from django.db import connection
from django.db.models import Exists, OuterRef

from consultations.selectors.compiled import ANY_ID, Compiled, compile_once, run_instances
from registry.roles import DELEGATE, SECRETARIAT

# What every signed-in request asks of its user, loaded with the user in one query (see
# ``ModelBackend.get_user``) and read by registry.permissions.role_names and
# registry.otp.has_second_factor; a user loaded any other way has none, and they query.
IN_ROLE = {SECRETARIAT: "in_role_secretariat", DELEGATE: "in_role_delegate"}
HAS_TOTP = "has_confirmed_totp"
HAS_RECOVERY = "has_confirmed_recovery"


def axes_username(request, credentials: dict | None) -> str:
    """The account a login attempt is counted against: e-mail addresses are case-insensitive."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def _signed_in_facts() -> dict:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    facts = {
        attribute: Exists(memberships.filter(group__name=role))
        for role, attribute in IN_ROLE.items()
    }
    facts[HAS_TOTP] = Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    facts[HAS_RECOVERY] = Exists(
        StaticDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    )
    return facts


@functools.cache
def _signed_in_user_sql(vendor: str) -> Compiled:
    """The user with ``_signed_in_facts``, compiled once per worker: every signed-in request
    reads it, and building its four subqueries cost more than running them."""
    users = get_user_model()._default_manager.filter(pk=ANY_ID).annotate(**_signed_in_facts())
    return compile_once(users, placeholder=ANY_ID)


@functools.cache
def _model_permissions() -> frozenset[str]:
    """Every "app.codename" a model declares (Django's defaults and Meta.permissions): the only
    names a permission row, hence a user's or a group's, can hold."""
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names.update(
            f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions
        )
        names.update(f"{opts.app_label}.{codename}" for codename, _name in opts.permissions)
    return frozenset(names)


class ModelBackend(backends.ModelBackend):
    """Django's, with two savings on every signed-in request:

    - the user is loaded with their role groups and whether they hold a confirmed second
      factor (one query instead of three or four);
    - a permission no model declares (the roles' rules of ``registry/permissions.py``, such as
      ``registry.access_secretariat``) cannot be held in the permission tables, so they are not
      read for it (two queries the layout's menu made on every page of a delegate).
    """

    def get_user(self, user_id):
        found = run_instances(_signed_in_user_sql(connection.vendor), user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None):
        if perm not in _model_permissions():
            return False
        return super().has_perm(user_obj, perm, obj)
