"""The DOCX zip-bomb check counts the bytes really decompressed, not the sizes the archive
declares (consultations/uploads.py)."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.uploads import statement_file_validate

ZIP_BOMB = (
    "This Word document would expand to an implausible size when opened: "
    "it is refused as a possible zip bomb."
)
NOT_ZIP = "This file is not a Word (.docx) document: it is not a valid zip archive."
TWENTY_MB = 20 * 1024 * 1024


def docx(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def declaring(data: bytes, *, name: bytes, file_size: int) -> bytes:
    """``data`` with ``name``'s uncompressed size, in its local header and in the central
    directory, replaced by ``file_size``: an archive that lies about how far it expands."""
    data = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            start = at + 4
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, file_size)
    return bytes(data)


def refusal(content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        statement_file_validate(SimpleUploadedFile("statement.docx", content))
    return refused.value.messages


def test_an_archive_that_declares_a_small_size_but_expands_to_20_mb_is_refused():
    liar = declaring(docx(b"\x00" * TWENTY_MB), name=b"word/document.xml", file_size=1000)
    assert [e.file_size for e in zipfile.ZipFile(io.BytesIO(liar)).infolist()] == [8, 1000]

    # zipfile stops at the declared size and finds the CRC wrong: never 20 MB expanded.
    assert refusal(liar) == [NOT_ZIP]


def test_a_genuine_high_ratio_archive_is_refused_as_a_zip_bomb():
    assert refusal(docx(b"\x00" * TWENTY_MB)) == [ZIP_BOMB]


def test_a_real_document_passes_the_streamed_check():
    content = docx(b"<w:document>" + b"<w:p>Mr. President</w:p>" * 1000 + b"</w:document>")

    assert statement_file_validate(SimpleUploadedFile("statement.docx", content)) is None
