"""The two roles, as Django groups, and the model permissions each one holds.

Object-level rules (a delegate acts only for their own stakeholders) are in each app's
``permissions.py``; this table is what the Django admin and ``has_perm`` without an object see.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

SECRETARIAT = "Secretariat"
DELEGATE = "Delegate"

# app label -> models whose add/change/delete/view permissions the Secretariat holds, plus
# custom permissions by codename. Models the Secretariat only reads are listed under "view".
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    SECRETARIAT: {
        "manage": [
            "registry.stakeholder",
            "registry.regionalgroup",
            "registry.grouping",
            "registry.membership",
            "registry.person",
            "registry.appointment",
            "registry.focalpoint",
        ],
        "view": ["registry.user"],
        "custom": [],
    },
    DELEGATE: {"manage": [], "view": [], "custom": []},
}


def register_role_permissions(role: str, *, manage=(), view=(), custom=()) -> None:
    """Let another app add its models to a role (called from its ``AppConfig.ready``)."""
    table = ROLE_PERMISSIONS[role]
    for key, values in (("manage", manage), ("view", view), ("custom", custom)):
        table[key].extend(v for v in values if v not in table[key])


def _codenames(role: str) -> set[tuple[str, str]]:
    table = ROLE_PERMISSIONS[role]
    wanted: set[tuple[str, str]] = set()
    for label in table["manage"]:
        app_label, model = label.split(".")
        wanted |= {
            (app_label, f"{action}_{model}") for action in ("add", "change", "delete", "view")
        }
    for label in table["view"]:
        app_label, model = label.split(".")
        wanted.add((app_label, f"view_{model}"))
    for perm in table["custom"]:
        app_label, codename = perm.split(".")
        wanted.add((app_label, codename))
    return wanted


def sync_role_permissions(sender=None, *, using="default", apps=global_apps, **kwargs) -> None:
    """Make each role group hold exactly the permissions of ``ROLE_PERMISSIONS``.

    Runs after every ``migrate`` (post_migrate), so it is idempotent; the groups themselves are
    created by migration ``registry.0002_roles``.
    """
    if sender is not None and sender.name != "registry":
        return  # once per migrate run is enough; registry's signal comes after its tables exist
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = _codenames(role)
        perms = [
            p
            for p in Permission.objects.using(using).select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.set(perms)
