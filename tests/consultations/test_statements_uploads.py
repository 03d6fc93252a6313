"""Checks of uploaded statement files (consultations/uploads.py), through the validator, the
service and the delegate's form: every bad file is refused with its own message and nothing is
stored."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Statement
from consultations.services.statements import InvalidStatementFile, statement_create
from consultations.uploads import statement_file_validate
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"\n  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document><w:body><w:p>Mr. President</w:p></w:body></w:document>",
    }
)
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
# 20 MB of zeros deflate to about 20 KB: a ratio no Word document has.
BOMB = zip_bytes(
    {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (20 * 1024 * 1024)}
)

BAD_UPLOADS = [
    # (id, name, content, message)
    (
        "wrong-extension",
        "statement.txt",
        b"Mr. President",
        "Only PDF (.pdf) and Word (.docx) files are accepted, not “.txt”.",
    ),
    (
        "executable-extension",
        "statement.exe",
        EXE,
        "Only PDF (.pdf) and Word (.docx) files are accepted, not “.exe”.",
    ),
    (
        "double-extension",
        "report.pdf.exe",
        EXE,
        "Only PDF (.pdf) and Word (.docx) files are accepted, not “.exe”.",
    ),
    (
        "old-word-format",
        "statement.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Only PDF (.pdf) and Word (.docx) files are accepted, not “.doc”.",
    ),
    (
        "no-extension",
        "statement",
        PDF,
        "The file name has no extension: only .pdf and .docx files are accepted.",
    ),
    (
        "dot-file",
        ".pdf",
        PDF,
        "The file name has no extension: only .pdf and .docx files are accepted.",
    ),
    (
        "renamed-executable",
        "statement.pdf",
        EXE,
        "This file is a program, not a document: it is refused.",
    ),
    (
        "shell-script",
        "statement.pdf",
        b"#!/bin/sh\nrm -rf /\n",
        "This file is a program, not a document: it is refused.",
    ),
    (
        "html-as-pdf",
        "statement.pdf",
        HTML,
        "This file is a web page (HTML), not a PDF or Word document.",
    ),
    (
        "text-as-pdf",
        "statement.pdf",
        b"Mr. President, distinguished delegates",
        "This file is not a PDF: it does not start with the PDF header.",
    ),
    (
        "truncated-pdf",
        "statement.pdf",
        PDF[:40],
        "The PDF is incomplete: it has no end-of-file marker. "
        "It may have been cut off; save it again and upload it.",
    ),
    ("empty-file", "statement.pdf", b"", "The file is empty."),
    (
        "docx-as-pdf",
        "statement.pdf",
        DOCX,
        "The file name ends in .pdf but the file is a Word document or other zip archive. "
        "Upload the PDF, or name the Word document .docx.",
    ),
    (
        "pdf-as-docx",
        "statement.docx",
        PDF,
        "The file name ends in .docx but the file is a PDF. Name it .pdf and upload it again.",
    ),
    (
        "zip-not-docx",
        "statement.docx",
        XLSX,
        "This zip archive is not a Word (.docx) document: "
        "it lacks [Content_Types].xml or word/document.xml.",
    ),
    (
        "broken-zip",
        "statement.docx",
        b"PK\x03\x04" + b"\x00" * 40,
        "This file is not a Word (.docx) document: it is not a valid zip archive.",
    ),
    (
        "text-as-docx",
        "statement.docx",
        b"Mr. President",
        "This file is not a Word (.docx) document: it is not a valid zip archive.",
    ),
    (
        "zip-bomb",
        "statement.docx",
        BOMB,
        "This Word document would expand to an implausible size when opened: "
        "it is refused as a possible zip bomb.",
    ),
    (
        "parent-path",
        "../../etc/statement.pdf",
        PDF,
        "The file name must be a plain name, without a folder path (“/”, “\\” or “..”).",
    ),
    (
        "absolute-path",
        "/var/www/statement.pdf",
        PDF,
        "The file name must be a plain name, without a folder path (“/”, “\\” or “..”).",
    ),
    (
        "windows-path",
        "..\\..\\statement.pdf",
        PDF,
        "The file name must be a plain name, without a folder path (“/”, “\\” or “..”).",
    ),
    (
        "control-character",
        "state\x1bment.pdf",
        PDF,
        "The file name contains control characters.",
    ),
    ("line-break", "statement\n.pdf", PDF, "The file name contains control characters."),
    ("nul", "statement.pdf\x00.exe", PDF, "The file name contains a NUL character."),
    (
        "long-name",
        "s" * 300 + ".pdf",
        PDF,
        "The file name is too long: keep it under 255 characters.",
    ),
]


def stored_files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


@pytest.fixture
def meeting(process):
    return MeetingFactory(process=process, title="Plenary")


def create(actor, stakeholder, meeting, upload) -> Statement:
    return statement_create(
        actor=actor,
        stakeholder=stakeholder,
        meeting=meeting,
        title="Statement of State A",
        language="en",
        file=upload,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case[1:] for case in BAD_UPLOADS],
    ids=[case[0] for case in BAD_UPLOADS],
)
def test_bad_upload_is_refused_with_its_message_and_nothing_is_stored(
    media, delegate_a, state_a, meeting, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        statement_file_validate(ContentFile(content, name=name))
    with pytest.raises(InvalidStatementFile) as refused_by_service:
        create(delegate_a, state_a, meeting, ContentFile(content, name=name))

    assert refused.value.messages == [message]
    assert str(refused_by_service.value) == message
    assert Statement.objects.count() == 0
    assert Statement.history.count() == 0
    assert stored_files(media) == []


def test_at_least_fifteen_kinds_of_bad_upload_are_tested():
    assert len({case[3] for case in BAD_UPLOADS}) >= 15
    assert len(BAD_UPLOADS) == 25


def test_file_over_the_default_limit_of_10_mb_is_refused(media, delegate_a, state_a, meeting):
    content = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"

    with pytest.raises(InvalidStatementFile) as refused:
        create(delegate_a, state_a, meeting, ContentFile(content, name="statement.pdf"))

    assert str(refused.value) == "The file is too large (10.1 MB): the limit is 10 MB."
    assert stored_files(media) == []


def test_the_limit_is_the_statement_max_upload_bytes_setting(
    settings, media, delegate_a, state_a, meeting
):
    settings.STATEMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    content = b"%PDF-1.4\n" + b"0" * (1536 * 1024) + b"\n%%EOF\n"

    with pytest.raises(InvalidStatementFile) as refused:
        create(delegate_a, state_a, meeting, ContentFile(content, name="statement.pdf"))
    settings.STATEMENT_MAX_UPLOAD_BYTES = 512 * 1024
    with pytest.raises(ValidationError) as small:
        statement_file_validate(ContentFile(b"%PDF-" + b"0" * 600_000 + b"%%EOF", name="a.pdf"))

    assert str(refused.value) == "The file is too large (1.5 MB): the limit is 1 MB."
    assert small.value.messages == ["The file is too large (586 KB): the limit is 512 KB."]
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("statement.pdf", PDF, ".pdf"),
        ("STATEMENT.PDF", PDF, ".pdf"),
        ("Déclaration de la Belgique.Pdf", PDF, ".pdf"),
        ("statement.docx", DOCX, ".docx"),
        ("Statement.DOCX", DOCX, ".docx"),
        ("report.exe.pdf", PDF, ".pdf"),  # the bytes are a PDF; the stored name is ours
    ],
)
def test_good_file_is_stored_under_a_name_the_server_chooses(
    media, delegate_a, state_a, meeting, name, content, extension
):
    statement = create(delegate_a, state_a, meeting, ContentFile(content, name=name))

    assert re.fullmatch(rf"statements/[0-9a-f]{{32}}\{extension}", statement.file.name)
    assert stored_files(media) == [statement.file.name]
    assert (media / statement.file.name).read_bytes() == content


def test_validation_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("statement.docx", DOCX)

    statement_file_validate(upload)

    assert upload.tell() == 0
    assert upload.read() == DOCX


# --- through the delegate's form ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "statement.pdf",
            EXE,
            "This file is a program, not a document: it is refused.",
        ),
        (
            "statement.pdf",
            HTML,
            "This file is a web page (HTML), not a PDF or Word document.",
        ),
        ("statement.pdf", b"", "The file is empty."),
        (
            "report.pdf.exe",
            PDF,
            "Only PDF (.pdf) and Word (.docx) files are accepted, not “.exe”.",
        ),
    ],
)
def test_form_shows_the_refusal_under_the_file_field_and_stores_nothing(
    delegation_a, client, media, delegate_a, state_a, meeting, name, content, message
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state_a.pk,
            "meeting": meeting.pk,
            "language": "en",
            "title": "Statement of State A",
            "file": SimpleUploadedFile(name, content),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert Statement.objects.count() == 0
    assert stored_files(media) == []


def test_uploaded_name_with_a_path_is_cut_to_its_last_part_by_django_and_not_used(
    delegation_a, client, media, delegate_a, state_a, meeting
):
    """Django's multipart parser keeps only the last part of an uploaded file's name, so a path
    sent by a browser never reaches our check (which refuses paths that come another way, as
    the service tests above show); the stored name is ours whatever the browser sent."""
    client.force_login(delegate_a)
    boundary = "hlderp-boundary"
    fields = {
        "stakeholder": str(state_a.pk),
        "meeting": str(meeting.pk),
        "language": "en",
        "title": "Statement of State A",
    }
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="../../etc/statement.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    body += PDF + f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        "/delegate/statements/new/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    statement = Statement.objects.get()
    assert response.status_code == 302
    assert re.fullmatch(r"statements/[0-9a-f]{32}\.pdf", statement.file.name)
    assert stored_files(media) == [statement.file.name]
