from django.db import migrations

ROLES = ["Secretariat", "Delegate"]


def create_roles(apps, schema_editor):
    # The groups' permissions follow registry.roles.ROLE_PERMISSIONS and are synced after
    # every migrate (post_migrate), once Django has created the permission rows.
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("registry", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
