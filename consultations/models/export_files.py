"""A staff export prepared by a background job (consultations/services/export_files.py): the
file, kept in the default storage, downloadable by the Secretariat from the exports page."""

from django.conf import settings
from django.db import models

from consultations.choices import ExportFileState


class ExportFile(models.Model):
    export = models.CharField("export", max_length=40)
    kind = models.CharField("format", max_length=8)
    process = models.ForeignKey(
        "consultations.Process", on_delete=models.CASCADE, related_name="export_files"
    )
    language = models.CharField("language", max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        "state", max_length=10, choices=ExportFileState.choices, default=ExportFileState.PENDING
    )
    file = models.FileField("file", upload_to="exports/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField("rows", null=True, blank=True)
    error = models.TextField("error", blank=True)
    created_at = models.DateTimeField("requested", auto_now_add=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)

    class Meta:
        verbose_name = "prepared export"
        verbose_name_plural = "prepared exports"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.export}-{self.process_id}.{self.kind}"

    @property
    def filename(self) -> str:
        return f"{self.export}-{self.process.slug}.{self.kind}"
