"""A statement's file is kept only with its row (consultations/services/statements/files.py):
a full disk or an unreachable S3 saves nothing and says so on the form, which keeps what the
delegate typed; a change that fails after its file was stored removes the file again."""

import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save

from consultations.models import Statement
from consultations.services.statements import statement_create
from tests.consultations.statements_helpers import PDF, make, text
from tests.servers import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("delegation_a")]


def _pdf(size: int) -> bytes:
    line = b"% a long statement, line after line\n"
    return b"%PDF-1.4\n" + line * (size // len(line)) + b"%%EOF\n"


# Larger than the 512 KiB disk, well under the upload limit; kept in memory by Django.
LARGE_PDF = _pdf(1024 * 1024)
# Past FILE_UPLOAD_MAX_MEMORY_SIZE: Django spools it to a temporary file, then copies it over.
SPOOLED_PDF = _pdf(3 * 1024 * 1024)
NO_SPACE = (
    "The file could not be stored because the server has no space left. Nothing was saved; "
    "your text is still in the form. Choose the file again and retry later, or save without "
    "the file, and tell the Secretariat."
)
NOT_ANSWERING = (
    "The file could not be stored because the file storage is not answering. Nothing was "
    "saved; your text is still in the form. Choose the file again and retry in a few minutes, "
    "or save without the file."
)


@pytest.fixture
def small_disk(settings, tmp_path):
    """MEDIA_ROOT on a 512 KiB tmpfs of its own, unmounted afterwards."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {mounted.stderr.strip()}")
    settings.MEDIA_ROOT = mount_point
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


@pytest.fixture
def unreachable_s3(settings, monkeypatch):
    """The default storage on S3 at a local port where nothing listens."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "hlderp-statements",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }


def _fields(state, meeting, **extra) -> dict:
    return {
        "stakeholder": state.pk,
        "meeting": meeting.pk,
        "language": "en",
        "title": "Remittances and development",
        "text": "Mr. President, remittances are private funds.",
        **extra,
    }


def _stored(media) -> list[str]:
    folder = media / "statements"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("content", [LARGE_PDF, SPOOLED_PDF], ids=["in-memory", "spooled"])
def test_a_full_disk_saves_no_new_statement_and_keeps_the_typed_text(
    small_disk, client, delegate_a, state_a, meeting, content
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        _fields(state_a, meeting, file=SimpleUploadedFile("statement.pdf", content)),
    )

    assert response.status_code == 200
    assert NO_SPACE in text(response)
    form = response.context["form"]
    assert (form["title"].value(), form["text"].value()) == (
        "Remittances and development",
        "Mr. President, remittances are private funds.",
    )
    assert list(Statement.objects.all()) == []
    assert list(Statement.history.all()) == []
    assert _stored(small_disk) == []


def test_a_full_disk_keeps_the_old_version_of_a_revised_statement(
    small_disk, client, delegate_a, state_a, meeting
):
    statement = make(
        delegate_a, state_a, meeting, title="First version", file=ContentFile(PDF, name="1.pdf")
    )
    old_file = statement.file.name
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/statements/{statement.pk}/edit/",
        _fields(
            state_a, meeting, title="Second version", file=SimpleUploadedFile("s.pdf", LARGE_PDF)
        ),
    )
    statement.refresh_from_db()

    assert response.status_code == 200
    assert NO_SPACE in text(response)
    assert response.context["form"]["title"].value() == "Second version"
    assert (statement.title, statement.file.name) == ("First version", old_file)
    assert list(statement.history.values_list("title", flat=True)) == ["First version"]
    assert _stored(small_disk) == [old_file.removeprefix("statements/")]
    assert (small_disk / old_file).read_bytes() == PDF


def test_an_unreachable_s3_saves_nothing_and_says_so(
    unreachable_s3, client, delegate_a, state_a, meeting
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        _fields(state_a, meeting, file=SimpleUploadedFile("statement.pdf", PDF)),
    )

    assert response.status_code == 200
    assert NOT_ANSWERING in text(response)
    assert response.context["form"]["text"].value() == (
        "Mr. President, remittances are private funds."
    )
    assert list(Statement.objects.all()) == []
    assert list(Statement.history.all()) == []


def test_a_change_that_fails_after_its_file_was_stored_removes_the_file(
    media, delegate_a, state_a, meeting
):
    stored_then = []

    def database_fails(**kwargs):
        stored_then.extend(_stored(media))
        raise RuntimeError("the database went away")

    post_save.connect(database_fails, sender=Statement, dispatch_uid="test-database-fails")
    try:
        with pytest.raises(RuntimeError, match="the database went away"):
            statement_create(
                actor=delegate_a,
                stakeholder=state_a,
                meeting=meeting,
                title="Never saved",
                language="en",
                file=ContentFile(PDF, name="statement.pdf"),
            )
    finally:
        post_save.disconnect(sender=Statement, dispatch_uid="test-database-fails")

    assert len(stored_then) == 1
    assert list(Statement.objects.all()) == []
    assert _stored(media) == []
