"""A delegation's statements through the API, and the Secretariat's review: the statement
services' own rules, their refusals as problems (409/422), another delegation's as 404."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from consultations.choices import StatementState
from consultations.models import Statement
from tests.factories import AppointmentFactory, MeetingFactory, ThemeFactory

NOW = datetime.datetime(2006, 9, 10, 12, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"

pytestmark = [pytest.mark.clock]


@pytest.fixture
def meeting(db):
    return MeetingFactory(slug="plenary-1", title="Plenary 1", process__slug="hld")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _create(client, state_a, meeting, **extra):
    body = {
        "stakeholder": state_a.slug,
        "meeting": meeting.slug,
        "title": "Statement of State A",
        "language": "fr",
        **extra,
    }
    return client.post("/api/v1/statements/", body, content_type="application/json")


def test_delegate_drafts_edits_uploads_and_submits_a_statement(
    frozen, a_writer, state_a, meeting, django_capture_on_commit_callbacks
):
    speaker = AppointmentFactory(stakeholder=state_a, person__slug="ms-a", post="Minister").person
    theme = ThemeFactory(slug="remittances")

    created = _create(a_writer, state_a, meeting, speaker="ms-a", themes=["remittances"])
    pk = created.json()["id"]
    changed = a_writer.patch(
        f"/api/v1/statements/{pk}/", {"text": "Mesdames et Messieurs"}, "application/json"
    )
    uploaded = a_writer.put(
        f"/api/v1/statements/{pk}/file/",
        encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("s.pdf", PDF, "application/pdf")}),
        content_type=MULTIPART_CONTENT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted = a_writer.post(f"/api/v1/statements/{pk}/submit/")

    assert created.status_code == 201
    assert created.json() == {
        "id": pk,
        "url": f"/statements/{pk}/",
        "title": "Statement of State A",
        "language": "fr",
        "stakeholder": {"slug": "state-a", "name": "State A", "kind": "member_state"},
        "meeting": {"slug": "plenary-1", "title": "Plenary 1", "process": "hld"},
        "speaker": {"slug": "ms-a", "honorific": "", "name": speaker.name},
        "speaker_post": "Minister",
        "themes": ["remittances"],
        "state": "draft",
        "published_at": None,
        "embargo_until": None,
        "has_file": False,
        "is_illustrative": False,
        "text": "",
        "file_url": None,
        "return_reason": "",
        "submitted_at": None,
    }
    assert (changed.status_code, changed.json()["text"]) == (200, "Mesdames et Messieurs")
    assert (uploaded.status_code, uploaded.json()["file_url"]) == (200, f"/statements/{pk}/file/")
    assert (submitted.status_code, submitted.json()["state"]) == (200, "submitted")
    assert submitted.json()["submitted_at"] == "2006-09-10T12:00:00Z"
    statement = Statement.objects.get(pk=pk)
    assert list(statement.themes.all()) == [theme]
    # One history row per change, each by the focal point (the services' own rows).
    assert [(h.history_type, h.state) for h in statement.history.order_by("history_id")] == [
        ("+", "draft"),
        ("~", "draft"),
        ("~", "draft"),
        ("~", "submitted"),
    ]
    assert {h.history_user.email for h in statement.history.all()} == {"a@example.org"}
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_another_delegations_stakeholder_and_statement_answer_404(
    frozen, a_writer, b_writer, state_a, state_b, meeting
):
    pk = _create(a_writer, state_a, meeting).json()["id"]

    as_b = [
        _create(b_writer, state_a, meeting).status_code,
        b_writer.patch(f"/api/v1/statements/{pk}/", {"title": "X"}, "application/json").status_code,
        b_writer.post(f"/api/v1/statements/{pk}/submit/").status_code,
        b_writer.post(f"/api/v1/statements/{pk}/withdraw/").status_code,
        b_writer.get(f"/api/v1/statements/{pk}/").status_code,
    ]

    assert as_b == [404, 404, 404, 404, 404]
    assert Statement.objects.get(pk=pk).title == "Statement of State A"


def test_refusals_of_the_services_are_problems(frozen, a_writer, state_a, meeting):
    pk = _create(a_writer, state_a, meeting).json()["id"]

    empty = a_writer.post(f"/api/v1/statements/{pk}/submit/")
    a_writer.patch(f"/api/v1/statements/{pk}/", {"text": "Text."}, "application/json")
    a_writer.post(f"/api/v1/statements/{pk}/submit/")
    again = a_writer.post(f"/api/v1/statements/{pk}/submit/")
    edit = a_writer.patch(f"/api/v1/statements/{pk}/", {"title": "Late"}, "application/json")

    assert (empty.status_code, empty["Content-Type"]) == (422, "application/problem+json")
    assert empty.json() == {
        "type": "urn:hlderp:problem:statement_incomplete",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "A statement needs its text or a file (PDF or Word) before it is submitted.",
        "instance": f"/api/v1/statements/{pk}/submit/",
    }
    assert again.json() == {
        "type": "urn:hlderp:problem:not_submittable",
        "title": "Conflict",
        "status": 409,
        "detail": "Only a draft or a statement returned for correction can be submitted; "
        "this one is: Submitted.",
        "instance": f"/api/v1/statements/{pk}/submit/",
    }
    assert (edit.status_code, edit.json()["type"]) == (
        409,
        "urn:hlderp:problem:statement_not_editable",
    )


def test_invalid_input_names_each_field(frozen, a_writer, state_a, meeting):
    response = _create(a_writer, state_a, meeting, language="xx", themes=["nothing"])
    unknown = _create(a_writer, state_a, meeting, themes=["nothing"])

    assert response.status_code == 400
    assert response.json() == {
        "type": "urn:hlderp:problem:invalid",
        "title": "Bad Request",
        "status": 400,
        "detail": "The request is not valid: see invalid_params.",
        "instance": "/api/v1/statements/",
        "invalid_params": [{"name": "language", "reason": '"xx" is not a valid choice.'}],
    }
    assert (unknown.status_code, unknown.json()["invalid_params"]) == (
        422,
        [{"name": "themes", "reason": "No such theme: nothing."}],
    )
    assert Statement.objects.count() == 0


def test_an_embargo_without_its_offset_from_utc_is_refused(frozen, a_writer, state_a, meeting):
    response = _create(a_writer, state_a, meeting, embargo_until="2006-09-14T10:00:00")

    assert (response.status_code, response.json()["invalid_params"]) == (
        400,
        [
            {
                "name": "embargo_until",
                "reason": "Give the time with its offset from UTC, e.g. 2006-09-14T10:00:00-04:00.",
            }
        ],
    )
    assert Statement.objects.count() == 0


def test_secretariat_returns_and_publishes_through_the_review_services(
    frozen, a_writer, staff_writer, state_a, meeting
):
    pk = _create(a_writer, state_a, meeting, text="Text.").json()["id"]
    before_submission = staff_writer.post(f"/api/v1/statements/{pk}/publish/")
    a_writer.post(f"/api/v1/statements/{pk}/submit/")

    returned = staff_writer.post(
        f"/api/v1/statements/{pk}/return/", {"reason": "Add the date."}, "application/json"
    )
    a_writer.post(f"/api/v1/statements/{pk}/submit/")
    published = staff_writer.post(f"/api/v1/statements/{pk}/publish/")
    by_delegate = a_writer.post(f"/api/v1/statements/{pk}/publish/")
    public = staff_writer.get(f"/api/v1/statements/?stakeholder={state_a.slug}")

    assert before_submission.status_code == 404  # a draft is its delegation's alone
    assert (returned.status_code, returned.json()["return_reason"]) == (200, "Add the date.")
    assert (published.status_code, published.json()["state"]) == (200, "published")
    assert published.json()["published_at"] == "2006-09-10T12:00:00Z"
    assert by_delegate.status_code == 403
    assert [row["id"] for row in public.json()["results"]] == [pk]
    assert Statement.objects.get(pk=pk).state == StatementState.PUBLISHED
