from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from registry import permissions  # noqa: F401  (registers the rules)
        from registry.collation import register_sqlite
        from registry.roles import sync_role_permissions

        # Permissions exist only after post_migrate has created them, so roles are synced then.
        post_migrate.connect(sync_role_permissions, dispatch_uid="registry.sync_role_permissions")
        # SQLite sorts names by the page's language with collations of PostgreSQL's names.
        connection_created.connect(register_sqlite, dispatch_uid="registry.sqlite_collations")
