"""Migrations must be safe to apply while the previous release still serves (docs/deployment.md).

A release migrates once, then replaces the app servers one by one: for a while the old code runs
against the new schema. So a new migration of ``registry`` or ``consultations`` may not

- remove or rename what the old code reads or writes: RemoveField, RenameField, RenameModel,
  DeleteModel;
- make a nullable column NOT NULL (AlterField): the old code still writes NULL into it;
- add a NOT NULL column without a database default (AddField without ``db_default``): the old
  code's INSERTs leave it out. Django's ``default=`` lives in Python only and does not help.

Operations on a model created in the same migration are not checked (the old code has never
seen it). A migration that must do one of these anyway, the *contract* step of an
expand/contract change whose previous release no longer uses what it removes, says why in a
class attribute, which this test requires to be a non-empty string::

    class Migration(migrations.Migration):
        contract_reason = "Release 1.4 stopped reading Statement.legacy_code."

Migrations up to the numbers in GRANDFATHERED predate the rule and are not checked.

A squashed migration (one with ``replaces``) is not checked either: Django applies it only to a
database that has none of the migrations it replaces, an empty one. The migrations it replaces
are, on the migration graph without the replacements (where each of them is a node).
"""

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED

CHECKED_APPS = ("registry", "consultations")
# The last migration of each app when the rule came in.
GRANDFATHERED = {"registry": 2, "consultations": 4}
OPT_OUT = "contract_reason"
ALWAYS_UNSAFE = (
    migrations.RemoveField,
    migrations.RenameField,
    migrations.RenameModel,
    migrations.DeleteModel,
)


def unsafe_operations(app_label: str, migration, state) -> list[str]:
    """What in ``migration`` would break the previous release, one line each ([] if nothing).

    ``state`` is the project state before the migration; it is advanced operation by operation.
    """
    problems = []
    created = set()
    for operation in migration.operations:
        model = getattr(operation, "model_name_lower", None) or getattr(
            operation, "old_name_lower", None
        )
        described = f"{operation.__class__.__name__} {operation.describe()!r}"
        if isinstance(operation, migrations.CreateModel):
            created.add(operation.name_lower)
        elif model in created:
            pass
        elif isinstance(operation, ALWAYS_UNSAFE):
            problems.append(f"{described}: the previous release still uses it")
        elif isinstance(operation, migrations.AlterField):
            before = state.models[app_label, model].fields[operation.name]
            if before.null and not operation.field.null:
                problems.append(
                    f"{described}: makes a nullable column NOT NULL while the previous release "
                    "may still write NULL"
                )
        elif isinstance(operation, migrations.AddField):
            field = operation.field
            if not (field.null or field.many_to_many or field.db_default is not NOT_PROVIDED):
                problems.append(
                    f"{described}: a NOT NULL column without db_default fails the previous "
                    "release's INSERTs (give it db_default=... or null=True)"
                )
        operation.state_forwards(app_label, state)
    return problems


def _number(name: str) -> int:
    return int(name.split("_", 1)[0])


def test_new_migrations_are_safe_while_the_previous_release_serves():
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    checked, problems = [], []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in CHECKED_APPS or _number(name) <= GRANDFATHERED[app_label]:
            continue
        if migration.replaces:
            continue
        checked.append(f"{app_label}.{name}")
        reason = getattr(migration, OPT_OUT, None)
        if reason is not None:
            if not (isinstance(reason, str) and reason.strip()):
                problems.append(f"{app_label}.{name}: {OPT_OUT} must say why, in words")
            continue
        state = loader.project_state((app_label, name), at_end=False)
        problems += [
            f"{app_label}.{name}: {problem}"
            for problem in unsafe_operations(app_label, migration, state)
        ]

    assert problems == [], (
        "These migrations would break the app servers still running the previous release "
        f"(see docs/deployment.md; checked: {', '.join(checked)}):\n" + "\n".join(problems)
    )


def test_the_grandfathered_migrations_exist():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    numbers = {
        app_label: {_number(name) for (app, name) in loader.disk_migrations if app == app_label}
        for app_label in CHECKED_APPS
    }

    assert {app: GRANDFATHERED[app] in found for app, found in numbers.items()} == {
        "registry": True,
        "consultations": True,
    }


# --- The check itself, on migrations written here against the current models ------------------
def _problems(*operations) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = migrations.Migration("9999_example", "consultations")
    migration.operations = list(operations)
    return unsafe_operations("consultations", migration, loader.project_state())


@pytest.mark.parametrize(
    "operation",
    [
        migrations.RemoveField("statement", "embargo_until"),
        migrations.RenameField("statement", "embargo_until", "delivered_at"),
        migrations.RenameModel("Statement", "Speech"),
        migrations.DeleteModel("Statement"),
        migrations.AlterField(
            "statement", "embargo_until", models.DateTimeField(default=None, blank=True)
        ),
        migrations.AddField("issue", "note", models.CharField(max_length=10, blank=True)),
        migrations.AddField("issue", "flag", models.BooleanField(default=False)),
    ],
    ids=lambda operation: operation.__class__.__name__,
)
def test_an_operation_that_breaks_the_previous_release_is_named(operation):
    problems = _problems(operation)

    assert len(problems) == 1
    assert problems[0].startswith(f"{operation.__class__.__name__} {operation.describe()!r}: ")


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddField("issue", "note", models.CharField(max_length=10, null=True)),
        migrations.AddField("issue", "flag", models.BooleanField(default=False, db_default=False)),
        migrations.AlterField(
            "statement", "embargo_until", models.DateTimeField(null=True, db_index=True)
        ),
        migrations.AlterField("issue", "short_title", models.CharField(max_length=120)),
        migrations.AddIndex("statement", models.Index(fields=["title"], name="statement_t")),
    ],
    ids=lambda operation: operation.describe(),
)
def test_an_additive_operation_passes(operation):
    assert _problems(operation) == []


def test_operations_on_a_model_created_in_the_same_migration_pass():
    assert (
        _problems(
            migrations.CreateModel("Draft", [("id", models.BigAutoField(primary_key=True))]),
            migrations.AddField("draft", "title", models.CharField(max_length=10)),
            migrations.RenameField("draft", "title", "heading"),
        )
        == []
    )
