"""Checks of an uploaded statement file: its name, its size and its own bytes.

A statement may carry a PDF or a Word (.docx) file. The name the delegate gave is only looked at,
never used to store the file (``statement_file_path`` chooses the stored name); the bytes must be
what the extension says: a PDF starts with ``%PDF-`` and ends with ``%%EOF``, a DOCX is a zip with
a Word document inside that does not expand to an absurd size (a zip bomb).

``statement_file_validate`` only reads: it raises ValidationError, whose message says what is
wrong, and leaves the file at its start. The form uses it as a validator and the statement
services call it again before anything is stored.
"""

import math
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = (".pdf", ".docx")
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A PDF reader looks for the end-of-file marker in the last 1024 bytes.
PDF_EOF_WINDOW = 1024
# A Word document of a statement expands to a few megabytes at most; far beyond this, or with a
# compression ratio no real document has, the archive is refused before anything unpacks it.
DOCX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200
DOCX_RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # below this, the ratio of a small file is harmless
DOCX_MAX_ENTRIES = 5000
_EXPANSION_CHUNK = 64 * 1024
MAX_NAME_LENGTH = 255

EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")
HTML_SIGNATURES = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<?xml")

MESSAGES = {
    "name_missing": _("The file has no name."),
    "name_too_long": _("The file name is too long: keep it under 255 characters."),
    "name_nul": _("The file name contains a NUL character."),
    "name_control": _("The file name contains control characters."),
    "name_path": _(
        "The file name must be a plain name, without a folder path (“/”, “\\” or “..”)."
    ),
    "extension": _("Only PDF (.pdf) and Word (.docx) files are accepted, not “%(extension)s”."),
    "no_extension": _("The file name has no extension: only .pdf and .docx files are accepted."),
    "empty": _("The file is empty."),
    "too_large": _("The file is too large (%(size)s): the limit is %(limit)s."),
    "executable": _("This file is a program, not a document: it is refused."),
    "html": _("This file is a web page (HTML), not a PDF or Word document."),
    "zip_as_pdf": _(
        "The file name ends in .pdf but the file is a Word document or other zip archive. "
        "Upload the PDF, or name the Word document .docx."
    ),
    "pdf_as_docx": _(
        "The file name ends in .docx but the file is a PDF. Name it .pdf and upload it again."
    ),
    "not_pdf": _("This file is not a PDF: it does not start with the PDF header."),
    "pdf_truncated": _(
        "The PDF is incomplete: it has no end-of-file marker. "
        "It may have been cut off; save it again and upload it."
    ),
    "not_zip": _("This file is not a Word (.docx) document: it is not a valid zip archive."),
    "not_docx": _(
        "This zip archive is not a Word (.docx) document: "
        "it lacks [Content_Types].xml or word/document.xml."
    ),
    "zip_bomb": _(
        "This Word document would expand to an implausible size when opened: "
        "it is refused as a possible zip bomb."
    ),
}


def max_upload_bytes() -> int:
    return getattr(settings, "STATEMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def _size_text(size: int, *, round_up: bool = False) -> str:
    """Bytes in MB with one decimal at most ("10 MB", "10.5 MB"), or in KB under 1 MB."""
    if size < 1024 * 1024:
        kilobytes = math.ceil(size / 1024) if round_up else round(size / 1024)
        return gettext("%(n)s KB") % {"n": kilobytes}
    tenths = size * 10 / (1024 * 1024)
    tenths = math.ceil(tenths) if round_up else round(tenths)
    return gettext("%(n)s MB") % {"n": f"{tenths / 10:.1f}".removesuffix(".0")}


def _error(code: str, **params) -> ValidationError:
    # Prefixed codes: a form field replaces the message of a code it knows ("empty", "invalid").
    return ValidationError(MESSAGES[code], code=f"statement_file_{code}", params=params or None)


def statement_file_limit_text() -> str:
    """The upload limit as a reader sees it, e.g. "10 MB"."""
    return _size_text(max_upload_bytes())


def statement_file_extension(name: str) -> str:
    """The extension of ``name`` in lower case (".PDF" -> ".pdf"), "" if none."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def statement_file_content_type(name: str) -> str:
    """The content type a stored statement file is served with, from its (checked) extension."""
    return CONTENT_TYPES.get(statement_file_extension(name), "application/octet-stream")


def _check_name(name: str) -> str:
    """Return the extension of an acceptable name; raise ValidationError otherwise."""
    if not name or not name.strip():
        raise _error("name_missing")
    if len(name) > MAX_NAME_LENGTH:
        raise _error("name_too_long")
    if "\x00" in name:
        raise _error("name_nul")
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise _error("name_control")
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise _error("name_path")
    extension = statement_file_extension(name)
    if not extension:
        raise _error("no_extension")
    if extension not in ALLOWED_EXTENSIONS:
        raise _error("extension", extension=extension)
    return extension


def _size(upload: File) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _read(upload: File, *, start: int, length: int) -> bytes:
    upload.seek(start)
    return upload.read(length)


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is: pdf, zip, executable, html or unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(EXECUTABLE_SIGNATURES):
        return "executable"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(HTML_SIGNATURES):
        return "html"
    return "unknown"


def _check_pdf(upload: File, *, size: int, kind: str) -> None:
    if kind == "zip":
        raise _error("zip_as_pdf")
    if kind != "pdf":
        raise _error("not_pdf")
    tail = _read(upload, start=max(0, size - PDF_EOF_WINDOW), length=PDF_EOF_WINDOW)
    if b"%%EOF" not in tail:
        raise _error("pdf_truncated")


def _docx_expansion_cap(size: int) -> int:
    """How far a DOCX of ``size`` bytes may expand: DOCX_MAX_UNCOMPRESSED_BYTES, and
    DOCX_MAX_RATIO times its size once past DOCX_RATIO_FLOOR_BYTES."""
    return min(DOCX_MAX_UNCOMPRESSED_BYTES, max(DOCX_RATIO_FLOOR_BYTES, DOCX_MAX_RATIO * size))


def _check_docx_expansion(archive: zipfile.ZipFile, entries, *, cap: int) -> None:
    """Decompress every member in chunks, counting the real bytes, and stop past ``cap``: the
    sizes an archive declares may lie (zipfile then fails on the CRC, BadZipFile), and no more
    than ``cap`` bytes are ever expanded."""
    expanded = 0
    for entry in entries:
        with archive.open(entry) as member:
            while chunk := member.read(_EXPANSION_CHUNK):
                expanded += len(chunk)
                if expanded > cap:
                    raise _error("zip_bomb")


def _check_docx(upload: File, *, size: int, kind: str) -> None:
    if kind == "pdf":
        raise _error("pdf_as_docx")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES:
                raise _error("zip_bomb")
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _error("not_docx")
            cap = _docx_expansion_cap(size)
            if sum(entry.file_size for entry in entries) > cap:
                raise _error("zip_bomb")  # what the archive declares: cheap, first
            _check_docx_expansion(archive, entries, cap=cap)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, zlib.error):
        raise _error("not_zip") from None


def statement_file_validate(upload: File) -> None:
    """Raise ValidationError unless ``upload`` is an acceptable statement file.

    Checks, in order: the name (present, no NUL or control characters, no folder path, a .pdf or
    .docx extension in any case), the size (not empty, at most STATEMENT_MAX_UPLOAD_BYTES), then
    the bytes (no program or web page; a PDF with its header and end-of-file marker; a DOCX that
    is a zip holding a Word document, not a zip bomb). Reads only; changes nothing, and leaves
    the file at its start.
    """
    extension = _check_name(getattr(upload, "name", "") or "")
    size = _size(upload)
    if size == 0:
        raise _error("empty")
    limit = max_upload_bytes()
    if size > limit:
        size_text, limit_text = _size_text(size), _size_text(limit)
        if size_text == limit_text:  # just over the limit: never read as equal to it
            size_text = _size_text(size, round_up=True)
        raise _error("too_large", size=size_text, limit=limit_text)
    try:
        kind = _sniff(_read(upload, start=0, length=64))
        if kind == "executable":
            raise _error("executable")
        if kind == "html":
            raise _error("html")
        if extension == ".pdf":
            _check_pdf(upload, size=size, kind=kind)
        else:
            _check_docx(upload, size=size, kind=kind)
    finally:
        upload.seek(0)
