"""The statement admin cannot bypass the workflow: no revert of a state, no state change, the
portal's upload checks, and no draft that was never submitted (consultations/admin/statements.py).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.services.statements import statement_withdraw
from tests.consultations.statements_helpers import PDF, draft, published, submitted, text, utc

pytestmark = pytest.mark.django_db

REVERT_REFUSED = (
    "An earlier version of a statement is shown for the record and cannot be restored here: "
    "restoring would change its state without the checks. Its state changes only through the "
    "review pages, which check the transition, keep the revision and tell the delegation."
)


def form_data(statement: Statement, **changes) -> dict:
    """What the admin change form (or a revert form) posts for ``statement``."""
    data = {
        "meeting": statement.meeting_id,
        "stakeholder": statement.stakeholder_id,
        "speaker": "",
        "speaker_post": statement.speaker_post,
        "language": statement.language,
        "title": statement.title,
        "text": statement.text,
        "embargo_until_0": "",
        "embargo_until_1": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def withdrawn_after_publication(delegate_a, state_a, meeting, secretariat_user):
    statement = published(delegate_a, state_a, meeting, secretariat_user)
    return statement_withdraw(actor=secretariat_user, statement=statement, at=utc(2006, 9, 4, 12))


def test_reverting_a_withdrawn_statement_to_its_published_version_is_refused(
    secretariat_client, withdrawn_after_publication, mailoutbox, django_capture_on_commit_callbacks
):
    statement = withdrawn_after_publication
    published_version = statement.history.get(state=StatementState.PUBLISHED)
    rows_before = statement.history.count()
    url = reverse(
        "admin:consultations_statement_simple_history",
        args=[statement.pk, published_version.history_id],
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url, form_data(published_version.instance), follow=True)

    statement.refresh_from_db()
    assert statement.state == StatementState.WITHDRAWN
    assert statement.published_at == utc(2006, 9, 3, 12)
    assert statement.history.count() == rows_before
    assert mailoutbox == []
    assert response.redirect_chain == [
        (reverse("admin:consultations_statement_history", args=[statement.pk]), 302)
    ]
    assert [str(m) for m in response.context["messages"]] == [REVERT_REFUSED, REVERT_REFUSED]


def test_revert_page_of_a_statement_says_why_and_offers_no_revert(
    secretariat_client, withdrawn_after_publication
):
    statement = withdrawn_after_publication
    version = statement.history.get(state=StatementState.PUBLISHED)

    response = secretariat_client.get(
        reverse(
            "admin:consultations_statement_simple_history",
            args=[statement.pk, version.history_id],
        )
    )

    assert [str(m) for m in response.context["messages"]] == [REVERT_REFUSED]
    assert response.context["revert_disabled"] is True
    assert 'name="_save"' not in response.content.decode()
    assert "Press the 'Revert' button" not in text(response)


def test_statement_state_cannot_be_changed_in_the_admin_change_form(
    secretariat_client, withdrawn_after_publication
):
    statement = withdrawn_after_publication
    response = secretariat_client.post(
        reverse("admin:consultations_statement_change", args=[statement.pk]),
        form_data(statement, state=StatementState.PUBLISHED, title="Statement, corrected"),
    )

    statement.refresh_from_db()
    assert response.status_code == 302
    assert (statement.title, statement.state) == ("Statement, corrected", StatementState.WITHDRAWN)
    page = secretariat_client.get(
        reverse("admin:consultations_statement_change", args=[statement.pk])
    )
    assert "state" not in page.context["adminform"].form.fields


def test_an_html_file_uploaded_in_the_admin_is_refused_with_the_portals_message(
    secretariat_client, delegate_a, state_a, meeting, media
):
    statement = submitted(delegate_a, state_a, meeting)
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

    response = secretariat_client.post(
        reverse("admin:consultations_statement_change", args=[statement.pk]),
        form_data(statement, file=SimpleUploadedFile("statement.html", page, "text/html")),
    )

    statement.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "file": ["Only PDF (.pdf) and Word (.docx) files are accepted, not “.html”."]
    }
    assert statement.file.name == ""


def test_html_renamed_pdf_uploaded_in_the_admin_is_refused_by_its_bytes(
    secretariat_client, delegate_a, state_a, meeting, media
):
    statement = submitted(delegate_a, state_a, meeting)
    page = b"<!DOCTYPE html><html><body>Not a PDF</body></html>"

    response = secretariat_client.post(
        reverse("admin:consultations_statement_change", args=[statement.pk]),
        form_data(statement, file=SimpleUploadedFile("statement.pdf", page, "application/pdf")),
    )

    statement.refresh_from_db()
    assert response.context["adminform"].form.errors == {
        "file": ["This file is a web page (HTML), not a PDF or Word document."]
    }
    assert statement.file.name == ""


def test_a_pdf_uploaded_in_the_admin_is_stored(
    secretariat_client, delegate_a, state_a, meeting, media
):
    statement = submitted(delegate_a, state_a, meeting)

    response = secretariat_client.post(
        reverse("admin:consultations_statement_change", args=[statement.pk]),
        form_data(statement, file=SimpleUploadedFile("statement.pdf", PDF, "application/pdf")),
    )

    statement.refresh_from_db()
    assert response.status_code == 302
    assert statement.file.name.endswith(".pdf")
    with statement.file.open("rb") as stored:
        assert stored.read() == PDF


def test_a_never_submitted_draft_is_not_in_the_admin(
    secretariat_client, delegate_a, state_a, meeting
):
    never_submitted = draft(delegate_a, state_a, meeting, title="Draft of State A")
    sent = submitted(delegate_a, state_a, meeting, title="Submitted by State A")

    changelist = secretariat_client.get(reverse("admin:consultations_statement_changelist"))
    change = secretariat_client.get(
        reverse("admin:consultations_statement_change", args=[never_submitted.pk])
    )
    history = secretariat_client.get(
        reverse("admin:consultations_statement_history", args=[never_submitted.pk])
    )
    version = secretariat_client.get(
        reverse(
            "admin:consultations_statement_simple_history",
            args=[never_submitted.pk, never_submitted.history.get().history_id],
        )
    )

    assert list(changelist.context["cl"].result_list) == [sent]
    assert change.status_code == 302
    assert change.url == reverse("admin:index")
    assert (history.status_code, version.status_code) == (404, 404)
    assert "Draft of State A" not in history.content.decode()


def test_a_submitted_statement_shows_in_the_admin(secretariat_client, delegate_a, state_a, meeting):
    sent = submitted(delegate_a, state_a, meeting, title="Submitted by State A")

    change = secretariat_client.get(reverse("admin:consultations_statement_change", args=[sent.pk]))

    assert change.status_code == 200
    assert change.context["original"] == sent


def test_a_statement_cannot_be_deleted_in_the_admin(
    secretariat_client, withdrawn_after_publication
):
    statement = withdrawn_after_publication

    response = secretariat_client.post(
        reverse("admin:consultations_statement_delete", args=[statement.pk]), {"post": "yes"}
    )
    changelist = secretariat_client.get(reverse("admin:consultations_statement_changelist"))

    assert response.status_code == 403
    assert Statement.objects.filter(pk=statement.pk).exists()
    # "Delete selected" was the only action: without it the changelist offers none.
    assert changelist.context["action_form"] is None


def test_a_statement_cannot_be_added_in_the_admin(secretariat_client, state_a, meeting):
    response = secretariat_client.post(
        reverse("admin:consultations_statement_add"),
        {
            "meeting": meeting.pk,
            "stakeholder": state_a.pk,
            "language": "en",
            "title": "Made in the admin",
            "text": "Mr. President,",
            "embargo_until_0": "",
            "embargo_until_1": "",
        },
    )

    assert response.status_code == 403
    assert list(Statement.objects.values_list("title", flat=True)) == []
