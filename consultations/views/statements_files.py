"""A statement's file, served only to those who may see the statement.

Uploaded files are never served from MEDIA_URL: a published statement's file past its
"check against delivery" time goes to anyone, any other only to the statement's own delegation
and the Secretariat; anybody else gets 404, as if it did not exist.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views import View

from consultations.models import Statement
from consultations.uploads import statement_file_content_type, statement_file_extension


class StatementFileView(View):
    """Anyone may ask; the queryset holds only what the user may see (public or own)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk: int):
        statement = get_object_or_404(
            Statement.objects.visible_to(request.user, now=timezone.now()).only("pk", "file"),
            pk=pk,
        )
        if not statement.file:
            raise Http404
        try:
            handle = statement.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = statement.file.name
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"statement-{statement.pk}{statement_file_extension(name)}",
            content_type=statement_file_content_type(name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        # The answer depends on who asks and on the embargo: no shared cache may keep it.
        patch_cache_control(response, private=True, no_cache=True)
        return response
