"""Staff exports prepared by a background job: asked for on the exports page, built by a job
worker into a file of the default storage, then downloaded from the same page. For the
exports too large to build while the browser waits (an Excel file of more than
exports.XLSX_MAX_ROWS rows answers in the request only as CSV)."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from consultations import exports
from consultations.choices import ExportFileState
from consultations.exports import staff
from consultations.jobs import enqueue
from consultations.models import ExportFile, Process

# An Excel sheet holds at most this many rows, header included.
XLSX_SHEET_MAX_ROWS = 1_048_576


class ExportError(Exception):
    pass


def export_file_request(*, actor, export: str, kind: str, process: Process) -> ExportFile:
    """Ask for ``export`` of ``process`` as ``kind``: a pending ExportFile and its job, in one
    transaction. Raises PermissionDenied without consultations.export_records; ExportError for
    an unknown export or format."""
    if not actor.has_perm("consultations.export_records"):
        raise PermissionDenied
    if export not in staff.STAFF_EXPORTS or kind not in staff.KINDS:
        raise ExportError(_("No such export."))
    with transaction.atomic():
        export_file = ExportFile.objects.create(
            export=export,
            kind=kind,
            process=process,
            language=translation.get_language() or "en",
            requested_by=actor,
        )
        enqueue(export_file_build.using(queue_name="exports"), export_file_id=export_file.pk)
    return export_file


@task(queue_name="exports")
def export_file_build(export_file_id: int) -> int | None:
    """The job: write the file, mark it ready (or failed past the sheet's limit). Run twice, it
    writes a new file and the row points to the last one."""
    export_file = ExportFile.objects.select_related("process").filter(pk=export_file_id).first()
    if export_file is None or export_file.state == ExportFileState.READY:
        return None
    export = staff.STAFF_EXPORTS[export_file.export]
    process = export_file.process
    with translation.override(export_file.language):
        count = export.count(process) if export.count is not None else None
        if export_file.kind == exports.XLSX and count is not None and count >= XLSX_SHEET_MAX_ROWS:
            export_file.state = ExportFileState.FAILED
            export_file.error = f"{count} rows: more than an Excel sheet holds; take the CSV."
            export_file.finished_at = timezone.now()
            export_file.save(update_fields=["state", "error", "finished_at"])
            return None
        columns = [column.header for column in export.columns]
        rows = staff.staff_rows(export, process=process)
        with tempfile.TemporaryFile() as out:
            if export_file.kind == exports.CSV:
                for line in exports.stream_csv(columns=columns, rows=rows, bom=True):
                    out.write(line.encode())
            else:
                out.write(
                    exports.render_xlsx(
                        columns=columns,
                        rows=rows,
                        sheet_title=export.title,
                        freeze_header=True,
                        widths=[column.width for column in export.columns],
                    )
                )
            out.seek(0)
            export_file.file.save(export_file.filename, File(out), save=False)
    export_file.state = ExportFileState.READY
    export_file.rows = count
    export_file.finished_at = timezone.now()
    export_file.save(update_fields=["file", "state", "rows", "finished_at"])
    return export_file.pk
