"""Uploaded files, served by the application: never from MEDIA_URL, which no server serves
(and which, with the files in object storage, is no address of this site).

A statement's file goes only to those who may see the statement: a published statement's file
past its "check against delivery" time to anyone, any other only to the statement's own
delegation and the Secretariat; anybody else gets 404, as if it did not exist. A document's
issued language version is public.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views import View

from consultations.models import DocumentVersion, Statement
from consultations.uploads import statement_file_content_type, statement_file_extension


def attachment(file: FieldFile, *, filename: str) -> FileResponse:
    """``file`` as a download named ``filename``, typed by its extension (a type the browser
    may not guess otherwise); 404 when it has none or storage no longer holds it. No shared
    cache keeps it."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=statement_file_content_type(file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Who may have it depends on who asks and on the embargo; a file may be replaced.
    patch_cache_control(response, private=True, no_cache=True)
    return response


class StatementFileView(View):
    """Anyone may ask; the queryset holds only what the user may see (public or own)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk: int):
        statement = get_object_or_404(
            Statement.objects.visible_to(request.user, now=timezone.now()).only("pk", "file"),
            pk=pk,
        )
        extension = statement_file_extension(statement.file.name)
        return attachment(statement.file, filename=f"statement-{statement.pk}{extension}")


class DocumentVersionFileView(View):
    """The uploaded file of a document's issued language version (``DocumentVersion.link``)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk: int):
        version = get_object_or_404(
            DocumentVersion.objects.issued().only("pk", "document_id", "language", "file"),
            pk=pk,
        )
        extension = statement_file_extension(version.file.name)
        return attachment(
            version.file,
            filename=f"document-{version.document_id}-{version.language}{extension}",
        )
