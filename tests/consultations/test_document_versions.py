"""Documents issued language by language (issue 14 item 3)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from consultations.choices import DocumentKind, DocumentRole, DocumentVersionStatus, Language
from consultations.models import Document, DocumentVersion, ProcessDocument
from tests.factories import ProcessFactory

ISSUED = DocumentVersionStatus.ISSUED
PENDING = DocumentVersionStatus.PENDING
ISSUED_ON = datetime.date(2006, 6, 2)


@pytest.fixture
def report(db):
    """A report of the current process in six languages: three issued, three pending."""
    process = ProcessFactory(slug="hld-2006", is_current=True)
    document = Document.objects.create(
        kind=DocumentKind.REPORT, symbol="A/60/871", title="International migration and development"
    )
    ProcessDocument.objects.create(process=process, document=document, role=DocumentRole.MANDATE)
    for language in (Language.ENGLISH, Language.FRENCH, Language.ARABIC):
        DocumentVersion.objects.create(
            document=document,
            language=language,
            status=ISSUED,
            issued_on=ISSUED_ON,
            url=f"https://example.org/{language}/A-60-871.pdf",
        )
    for language in (Language.CHINESE, Language.RUSSIAN, Language.SPANISH):
        DocumentVersion.objects.create(document=document, language=language, status=PENDING)
    return document


def languages_block(page: str) -> str:
    (block,) = re.findall(r"<span[^>]*data-document-languages[^>]*>(.*?)\n</span>", page, re.S)
    return block


@pytest.mark.parametrize("path", ["/programme/", "/"])
def test_a_document_with_three_of_six_languages_issued_links_exactly_those_three(
    client, report, path
):
    block = languages_block(client.get(path).content.decode())

    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', block)
    assert links == [
        ("https://example.org/ar/A-60-871.pdf", "ar"),
        ("https://example.org/en/A-60-871.pdf", "en"),
        ("https://example.org/fr/A-60-871.pdf", "fr"),
    ]
    assert re.findall(r'data-pending="(\w+)"', block) == ["zh", "ru", "es"]
    assert block.count("not yet issued") == 3
    assert "Русский" in block and 'hreflang="ru"' not in block


def test_a_document_without_versions_shows_no_language_list(client, db):
    process = ProcessFactory(slug="hld-2006", is_current=True)
    document = Document.objects.create(kind=DocumentKind.RESOLUTION, title="Resolution")
    ProcessDocument.objects.create(process=process, document=document, role=DocumentRole.MANDATE)

    assert "data-document-languages" not in client.get("/programme/").content.decode()


def test_pending_is_said_in_the_page_language(client, report):
    page = client.get("/programme/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert languages_block(page).count("pas encore publié") == 3


def test_the_database_holds_one_version_per_language(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.create(document=report, language=Language.FRENCH)


def test_an_issued_version_needs_its_date_and_a_file_or_a_link(report):
    version = DocumentVersion.objects.get(document=report, language=Language.CHINESE)
    version.status = ISSUED
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()
    version.issued_on = ISSUED_ON
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()
    version.url = "https://example.org/zh/A-60-871.pdf"
    version.save()

    assert [v.language for v in report.language_versions() if v.is_issued] == [
        "ar",
        "zh",
        "en",
        "fr",
    ]


def test_only_the_six_languages(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.create(document=report, language="de")


def test_admin_edits_the_versions_inline(secretariat_client, report):
    page = secretariat_client.get(f"/admin/consultations/document/{report.pk}/change/")
    listing = secretariat_client.get("/admin/consultations/document/").content.decode()

    assert page.status_code == 200
    assert "versions-TOTAL_FORMS" in page.content.decode()
    assert "ar, en, fr" in listing


# --- The Chair's summary, issued language by language -------------------------------------------
@pytest.mark.clock
def test_chair_summary_page_links_the_final_languages_and_says_the_drafts_are_pending(
    client, secretariat_user
):
    from consultations.services.chair_summary import chair_summary_create, chair_summary_finalise
    from tests.consultations.test_chair_summary import FINALISED

    process = ProcessFactory(slug="hld", is_current=True)
    summaries = {
        language: chair_summary_create(
            actor=secretariat_user,
            process=process,
            symbol="A/61/187",
            title="Summary",
            language=language,
        )
        for language in (Language.ENGLISH, Language.FRENCH, Language.CHINESE)
    }
    for language in (Language.ENGLISH, Language.FRENCH):
        chair_summary_finalise(actor=secretariat_user, summary=summaries[language], at=FINALISED)

    block = languages_block(client.get("/p/hld/chair-summary/").content.decode())

    assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', block) == [
        ("/p/hld/chair-summary/?language=en", "en"),
        ("/p/hld/chair-summary/?language=fr", "fr"),
    ]
    assert re.findall(r'data-pending="(\w+)"', block) == ["zh"]


@pytest.fixture
def uploaded(report, settings, tmp_path):
    """The report's French version issued as an uploaded PDF (in a media folder of the test's)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    version = report.versions.get(language=Language.FRENCH)
    version.url = ""
    version.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 le rapport %%EOF"))
    return version


def test_an_uploaded_version_is_downloaded_from_the_application_not_media(client, uploaded):
    page = client.get("/programme/").content.decode()
    link = f"/documents/versions/{uploaded.pk}/file/"

    response = client.get(link)

    assert (link, "fr") in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', languages_block(page))
    assert "/media/" not in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 le rapport %%EOF"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="document-{uploaded.document_id}-fr.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pending_version_or_a_file_gone_from_storage_answers_404(client, uploaded):
    link = f"/documents/versions/{uploaded.pk}/file/"
    uploaded.file.storage.delete(uploaded.file.name)
    gone = client.get(link).status_code
    uploaded.status = PENDING
    uploaded.issued_on = None
    uploaded.save()

    assert (gone, client.get(link).status_code) == (404, 404)
