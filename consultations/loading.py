"""Reference data of consultations (the theme taxonomy), loaded like the registry's."""

from pathlib import Path

from django.db import transaction

from consultations.models import Theme
from registry.loading import CsvLoader, DataRow, DataRowError, LoadReport

DATA_DIR = Path(__file__).resolve().parent / "data"


class _ThemeLoader(CsvLoader):
    def load(self) -> LoadReport:
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self._run("themes.csv", ["slug", "name", "parent", "order"], self.theme)
        return self.report

    def theme(self, row: DataRow) -> None:
        slug, parent_slug = row.text("slug"), row.text("parent", required=False)
        parent = self.themes.get(parent_slug) if parent_slug else None
        if parent_slug and parent is None:
            raise DataRowError(f"column 'parent': no theme {parent_slug!r} above this line")
        if parent is not None and parent.parent_id is not None:
            raise DataRowError("themes have two levels: the parent is itself a sub-theme")
        try:
            order = int(row.text("order"))
        except ValueError:
            raise DataRowError(f"column 'order': {row.text('order')!r} is not a number") from None
        values = {
            "slug": slug,
            "name": row.text("name"),
            "order": order,
            "parent_id": parent.pk if parent else None,
        }
        self._upsert(self.themes, slug, Theme, values)


def themes_load(*, data_dir: Path = DATA_DIR, report: LoadReport | None = None) -> LoadReport:
    """Create or update the theme taxonomy from ``themes.csv``, all or nothing.

    Raises ``registry.loading.RegistryDataError`` naming each malformed row.
    """
    with transaction.atomic():
        return _ThemeLoader(data_dir, report).load()
