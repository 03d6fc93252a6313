"""The statement file (consultations/views/files.py): who may download it, and when."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from consultations.models import Statement
from tests.consultations.statements_helpers import PDF, make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- the file --------------------------------------------------------------------------------
def test_file_download_headers(client, delegate_a, secretariat_user, state_a, meeting):
    statement = make(
        delegate_a,
        state_a,
        meeting,
        state="published",
        secretariat=secretariat_user,
        file=ContentFile(PDF, name="Statement.PDF"),
    )

    response = client.get(f"/statements/{statement.pk}/file/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert {
        name: response[name]
        for name in (
            "Content-Type",
            "Content-Disposition",
            "Content-Length",
            "X-Content-Type-Options",
            "Cache-Control",
        )
    } == {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'attachment; filename="statement-{statement.pk}.pdf"',
        "Content-Length": str(len(PDF)),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-cache",
    }


def test_word_file_is_served_as_a_word_document(client, delegate_a, state_a, meeting):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    statement = make(delegate_a, state_a, meeting, file=ContentFile(buffer.getvalue(), "s.docx"))
    client.force_login(delegate_a)

    response = client.get(f"/statements/{statement.pk}/file/")

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f'attachment; filename="statement-{statement.pk}.docx"',
    )


def test_unpublished_file_goes_only_to_its_delegation_and_the_secretariat(
    client, delegate_a, delegate_b, secretariat_user, state_a, meeting
):
    statement = make(
        delegate_a, state_a, meeting, state="submitted", file=ContentFile(PDF, name="a.pdf")
    )
    url = f"/statements/{statement.pk}/file/"

    def status(user) -> int:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(url).status_code

    assert [status(u) for u in (None, delegate_b, delegate_a, secretariat_user)] == [
        404,
        404,
        200,
        200,
    ]


@pytest.mark.clock
def test_embargoed_file_is_hidden_from_the_public_until_its_time(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(
        delegate_a,
        state_a,
        meeting,
        state="published",
        secretariat=secretariat_user,
        file=ContentFile(PDF, name="a.pdf"),
        embargo_until=timezone.now() + datetime.timedelta(hours=1),
    )
    url = f"/statements/{statement.pk}/file/"

    before = client.get(url).status_code
    Statement.objects.filter(pk=statement.pk).update(
        embargo_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    after = client.get(url).status_code

    assert (before, after) == (404, 200)


def test_statement_without_a_file_answers_404(client, delegate_a, state_a, meeting):
    statement = make(delegate_a, state_a, meeting)
    client.force_login(delegate_a)

    assert client.get(f"/statements/{statement.pk}/file/").status_code == 404
