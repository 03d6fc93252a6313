"""The Secretariat's exports of the chosen process (``consultations.export_records``): a page
that lists them, and the downloads, written by consultations/exports/staff.py."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from consultations import exports
from consultations.choices import ExportFileState
from consultations.exports import staff
from consultations.models import ExportFile
from consultations.services import export_files
from consultations.views.base import UserProcessMixin

PREPARED_SHOWN = 20


def export_url(name: str, kind: str) -> str:
    """The address of export ``name`` as ``kind`` (without the process)."""
    return reverse("secretariat:export", kwargs={"name": name, "kind": kind})


class StaffExportsView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """Each export of the process chosen in the switcher, as CSV and XLSX."""

    permission_required = "consultations.export_records"
    template_name = "consultations/exports/secretariat.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        if process is not None:
            query = urlencode({"process": process.slug})
            context["exports"] = [
                (
                    export,
                    [(kind, f"{export_url(export.name, kind)}?{query}") for kind in staff.KINDS],
                )
                for export in staff.STAFF_EXPORTS.values()
            ]
            context["prepare"] = [
                (export, [(kind, prepare_url(export.name, kind, process)) for kind in staff.KINDS])
                for export in staff.STAFF_EXPORTS.values()
            ]
            context["prepared"] = ExportFile.objects.filter(process=process).select_related(
                "process", "requested_by"
            )[:PREPARED_SHOWN]
        return context


def prepare_url(name: str, kind: str, process) -> str:
    path = reverse("secretariat:export-prepare", kwargs={"name": name, "kind": kind})
    return f"{path}?{urlencode({'process': process.slug})}"


class ExportPrepareView(UserProcessMixin, PermissionRequiredMixin, View):
    """POST: prepare an export of the chosen process in the background (a job); the exports
    page lists it, and links its file once it is ready."""

    permission_required = "consultations.export_records"
    http_method_names = ["post"]

    def post(self, request, name: str, kind: str):
        process = self.get_process()
        if process is None:
            raise Http404(_("No process yet."))
        try:
            export_files.export_file_request(
                actor=request.user, export=name, kind=kind, process=process
            )
        except export_files.ExportError as error:
            raise Http404(str(error)) from None
        messages.success(
            request,
            _(
                "The export is being prepared. It is listed below; reload the page to see when "
                "it is ready."
            ),
        )
        return HttpResponseRedirect(
            reverse("secretariat:exports") + "?" + urlencode({"process": process.slug})
        )


class ExportFileView(PermissionRequiredMixin, View):
    """A prepared export's file, as an attachment (read through the storage)."""

    permission_required = "consultations.export_records"
    http_method_names = ["get", "head"]

    def get(self, request, pk: int):
        export_file = (
            ExportFile.objects.select_related("process")
            .filter(pk=pk, state=ExportFileState.READY)
            .first()
        )
        if export_file is None or not export_file.file:
            raise Http404(_("No such export."))
        return FileResponse(
            export_file.file.open("rb"), as_attachment=True, filename=export_file.filename
        )


class StaffExportView(UserProcessMixin, PermissionRequiredMixin, View):
    """One export of the chosen process (``?process=<slug>``, else the one remembered) as CSV
    or XLSX; an unknown export or format answers 404, as does a process the user may not
    see. An XLSX of more than exports.XLSX_MAX_ROWS rows answers the page pointing to the
    CSV."""

    permission_required = "consultations.export_records"
    http_method_names = ["get", "head"]

    def get(self, request, name: str, kind: str):
        export = staff.STAFF_EXPORTS.get(name)
        if export is None or kind not in staff.KINDS:
            raise Http404(_("No such export."))
        process = self.get_process()
        if process is None:
            raise Http404(_("No process yet."))
        if kind == exports.XLSX and export.count is not None:
            count = export.count(process)
            if count > exports.XLSX_MAX_ROWS:
                csv_url = export_url(name, exports.CSV) + "?" + urlencode({"process": process.slug})
                return exports.xlsx_too_large(
                    request,
                    count=count,
                    csv_url=csv_url,
                    prepare_url=prepare_url(name, kind, process),
                )
        return staff.staff_export_response(export, process=process, kind=kind)
