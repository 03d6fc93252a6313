"""Routes of the Secretariat's exports, spliced into the "secretariat" namespace under
/secretariat/ by urls_secretariat.py."""

from django.urls import path

from consultations.views import exports

secretariat_patterns: list = [
    path("exports/", exports.StaffExportsView.as_view(), name="exports"),
    path("exports/<slug:name>.<slug:kind>", exports.StaffExportView.as_view(), name="export"),
    path(
        "exports/<slug:name>.<slug:kind>/prepare/",
        exports.ExportPrepareView.as_view(),
        name="export-prepare",
    ),
    path("exports/files/<int:pk>/", exports.ExportFileView.as_view(), name="export-file"),
]
