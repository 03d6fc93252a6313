from django.db import migrations


def create_gin_index(apps, schema_editor):
    # PostgreSQL only: SQLite has no GIN indexes and searches the text instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS statement_search_gin "
            "ON consultations_statement USING gin (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS statement_search_gin")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_statements_issues_positions")]

    operations = [migrations.RunPython(create_gin_index, drop_gin_index)]
