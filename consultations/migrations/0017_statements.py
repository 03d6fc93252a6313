from django.db import migrations, models


class Migration(migrations.Migration):
    """The public list filtered by language counts its statements from the index alone: the
    index on (language, state) gains embargo_until. The new index is built before the old one
    goes, so that the filter is never without one."""

    dependencies = [
        ("consultations", "0016_i18n"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                fields=["language", "state", "embargo_until"], name="statement_language_public"
            ),
        ),
        migrations.RemoveIndex(
            model_name="statement",
            name="consultatio_languag_b206c2_idx",
        ),
    ]
