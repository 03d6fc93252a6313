"""Import and export of stakeholders and persons (CSV and XLSX) through the admin."""

from import_export import fields, resources, widgets

from registry.models import Person, RegionalGroup, Stakeholder


class StakeholderResource(resources.ModelResource):
    regional_group = fields.Field(
        attribute="regional_group",
        column_name="regional_group",
        widget=widgets.ForeignKeyWidget(RegionalGroup, field="code"),
    )
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(Stakeholder, field="slug"),
    )

    class Meta:
        model = Stakeholder
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "un_entity_type",
            "name",
            "short_name",
            "parent",
            "iso3",
            "admission_date",
            "regional_group",
            "established",
            "dissolved",
            "website",
            "description",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # full_clean(): each row's errors show in the preview

    def before_import_row(self, row, **kwargs):
        # Spreadsheets leave empty cells as "": a State-less row must store NULL, not "".
        if not (row.get("iso3") or "").strip():
            row["iso3"] = None


class PersonResource(resources.ModelResource):
    class Meta:
        model = Person
        import_id_fields = ["slug"]
        fields = ["slug", "honorific", "given_name", "family_name", "family_name_first"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
