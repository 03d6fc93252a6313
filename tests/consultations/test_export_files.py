"""Staff exports prepared by a background job: asked for on the exports page, built by a
worker, then listed there with their file to download; an Excel file too large for the request
can be prepared this way."""

import csv
import io

import pytest
from openpyxl import load_workbook

from consultations import exports
from consultations.choices import ExportFileState
from consultations.models import ExportFile
from tests.consultations.statements_helpers import submitted
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_statements(delegate_a, delegate_b, state_a, state_b, meeting, delegation_a,
                   delegation_b, media):  # fmt: skip
    return [
        submitted(delegate_a, state_a, meeting, title="Remittances"),
        submitted(delegate_b, state_b, meeting, title="Diasporas"),
    ]


def _prepare(client, process, kind):
    return client.post(
        f"/secretariat/exports/statements.{kind}/prepare/?process={process.slug}"
    )


def test_an_export_prepared_by_a_job_is_listed_and_downloaded(
    database_jobs, secretariat_client, process, two_statements
):
    response = _prepare(secretariat_client, process, "csv")

    assert response.status_code == 302
    export_file = ExportFile.objects.get()
    assert export_file.state == ExportFileState.PENDING  # the job has not run yet

    run_jobs()

    export_file.refresh_from_db()
    assert (export_file.state, export_file.rows) == (ExportFileState.READY, 2)
    page = secretariat_client.get(f"/secretariat/exports/?process={process.slug}")
    link = f"/secretariat/exports/files/{export_file.pk}/"
    assert link in page.content.decode()
    download = secretariat_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="statements-{process.slug}.csv"'
    )
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    titles = sorted(row["Title"] for row in csv.DictReader(io.StringIO(body)))
    assert titles == ["Diasporas", "Remittances"]


def test_an_excel_file_too_large_for_the_request_is_prepared_by_a_job(
    database_jobs, secretariat_client, process, two_statements, monkeypatch
):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)
    page = secretariat_client.get(f"/secretariat/exports/statements.xlsx?process={process.slug}")
    assert 'id="prepare-xlsx"' in page.content.decode()

    _prepare(secretariat_client, process, "xlsx")
    run_jobs()

    export_file = ExportFile.objects.get()
    assert export_file.state == ExportFileState.READY
    sheet = load_workbook(export_file.file.open("rb"), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and both statements


def test_a_delegate_cannot_prepare_or_download_an_export(
    database_jobs, client, delegate_a, process, two_statements, secretariat_client
):
    _prepare(secretariat_client, process, "csv")
    run_jobs()
    export_file = ExportFile.objects.get()
    client.force_login(delegate_a)

    assert _prepare(client, process, "csv").status_code == 403
    assert client.get(f"/secretariat/exports/files/{export_file.pk}/").status_code == 403
    assert ExportFile.objects.count() == 1
