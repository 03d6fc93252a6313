"""The delegate's statement pages (consultations/views/statements_delegate.py): the list,
writing, correcting, submitting and withdrawing a statement, its revisions, and 404 for another
delegation's statement."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.selectors import statements as selectors
from consultations.services.statements import (
    statement_update,
)
from tests.consultations.statements_helpers import NOTE, PDF, make, text, utc
from tests.factories import (
    AppointmentFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def themes(db):
    root = ThemeFactory(slug="root-causes", name="Root causes of migration", order=1)
    poverty = ThemeFactory(slug="poverty", name="Poverty", parent=root, order=1)
    remittances = ThemeFactory(slug="remittances", name="Remittances", order=2)
    return {"root": root, "poverty": poverty, "remittances": remittances}


# --- the delegate's list ---------------------------------------------------------------------
def test_delegate_list_shows_own_statements_in_every_state_with_reasons(
    delegation_a, client, delegate_a, delegate_b, secretariat_user, state_a, state_b, meeting
):
    for state in ["draft", "submitted", "returned", "published", "withdrawn"]:
        make(
            delegate_a,
            state_a,
            meeting,
            state=state,
            secretariat=secretariat_user,
            title=f"A {state}",
        )
    make(delegate_b, state_b, meeting, title="B draft")
    client.force_login(delegate_a)

    response = client.get("/delegate/statements/")

    assert response.status_code == 200
    assert sorted(row.statement.title for row in response.context["rows"]) == [
        "A draft",
        "A published",
        "A returned",
        "A submitted",
        "A withdrawn",
    ]
    page = text(response)
    assert "B draft" not in page
    assert "A returned State A Plenary 1 14 September 2006 English Returned for correction " in (
        page
    )
    assert "Reason: Shorter, please." in page
    assert NOTE in page
    assert 'class="badge text-bg-warning">Returned for correction</span>' in (
        response.content.decode()
    )


def test_delegate_list_costs_the_same_queries_at_two_sizes(
    client, delegate_a, secretariat_user, state_a, meeting
):
    client.force_login(delegate_a)

    def measure(n: int) -> int:
        for i in range(n):
            make(
                delegate_a,
                state_a,
                meeting,
                state="returned",
                secretariat=secretariat_user,
                title=f"S{i}",
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/delegate/statements/")
        assert response.status_code == 200
        return len(queries)

    small = measure(2)
    large = measure(10)

    assert Statement.objects.count() == 12
    assert small == large


# --- writing a statement ---------------------------------------------------------------------
def test_new_statement_form_offers_only_what_the_delegation_may_choose(
    delegation_a, client, delegate_a, state_a, state_b, meeting, minister, themes
):
    other_process = MeetingFactory(process=ProcessFactory(), title="Global Forum")
    AppointmentFactory(person=PersonFactory(family_name="Elsewhere"), stakeholder=state_b)
    client.force_login(delegate_a)

    response = client.get("/delegate/statements/new/")

    form = response.context["form"]
    assert form.initial == {"stakeholder": state_a.pk}
    assert list(form.fields["stakeholder"].queryset) == [state_a]
    assert list(form.fields["meeting"].queryset) == [meeting]
    assert other_process not in form.fields["meeting"].queryset
    assert list(form.fields["speaker"].queryset) == [minister]
    assert form.fields["themes"].choices == [
        (
            "Root causes of migration",
            [
                (themes["root"].pk, "Root causes of migration, in general"),
                (themes["poverty"].pk, "Poverty"),
            ],
        ),
        ("Other themes", [(themes["remittances"].pk, "Remittances")]),
    ]
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "<strong>Root causes of migration</strong>" in html
    assert html.count('id="statement-form"') == 1
    assert NOTE in text(response)


def test_delegate_creates_a_draft_with_a_file_themes_and_embargo(
    delegation_a, client, media, delegate_a, state_a, meeting, minister, themes
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state_a.pk,
            "meeting": meeting.pk,
            "speaker": minister.pk,
            "language": "fr",
            "title": "Déclaration de l'État A",
            "text": "Monsieur le Président,",
            "themes": [themes["poverty"].pk, themes["remittances"].pk],
            "embargo_until": "2006-09-14T10:30",  # New York time
            "file": SimpleUploadedFile("Déclaration.PDF", PDF),
        },
    )

    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response.url == f"/delegate/statements/{statement.pk}/"
    assert (
        statement.stakeholder,
        statement.speaker,
        statement.speaker_post,
        statement.language,
        statement.state,
        statement.embargo_until,
        sorted(t.slug for t in statement.themes.all()),
        statement.created_by,
    ) == (
        state_a,
        minister,
        "Minister for Foreign Affairs",
        "fr",
        StatementState.DRAFT,
        utc(2006, 9, 14, 14, 30),
        ["poverty", "remittances"],
        delegate_a,
    )
    assert (media / statement.file.name).read_bytes() == PDF
    record = statement.history.get()
    assert (record.history_user, sorted(t.theme.slug for t in record.themes.all())) == (
        delegate_a,
        ["poverty", "remittances"],
    )


def test_delegate_cannot_name_a_speaker_of_another_stakeholder(
    delegation_a, client, delegate_a, state_a, state_b, meeting
):
    stranger = PersonFactory(given_name="Bo", family_name="Bbb")
    AppointmentFactory(person=stranger, stakeholder=state_b)
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state_a.pk,
            "meeting": meeting.pk,
            "speaker": stranger.pk,
            "language": "en",
            "title": "T",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["speaker"]
    assert Statement.objects.count() == 0


def test_creating_a_statement_for_another_stakeholder_answers_404(
    client, delegate_a, state_b, meeting
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        {"stakeholder": state_b.pk, "meeting": meeting.pk, "language": "en", "title": "T"},
    )

    assert response.status_code == 404
    assert Statement.objects.count() == 0


def test_delegate_corrects_a_returned_statement_seeing_the_reason(
    delegation_a, client, delegate_a, secretariat_user, state_a, meeting, themes
):
    statement = make(
        delegate_a,
        state_a,
        meeting,
        state="returned",
        secretariat=secretariat_user,
        themes=[themes["poverty"]],
    )
    client.force_login(delegate_a)
    url = f"/delegate/statements/{statement.pk}/edit/"

    form_page = client.get(url)
    response = client.post(
        url,
        {
            "meeting": meeting.pk,
            "language": "en",
            "title": "Statement of State A, shorter",
            "text": "Mr. President,\nWe support it.",
            "themes": [themes["poverty"].pk],
        },
    )

    assert "Returned for correction: Shorter, please." in text(form_page)
    assert form_page.context["form"].initial["themes"] == [themes["poverty"].pk]
    assert response.status_code == 302
    assert response.url == f"/delegate/statements/{statement.pk}/"
    statement.refresh_from_db()
    assert (statement.title, statement.text, statement.state) == (
        "Statement of State A, shorter",
        "Mr. President,\nWe support it.",
        StatementState.RETURNED,
    )
    assert statement.history.latest().history_user == delegate_a
    assert selectors.statement_revisions(statement=statement)[-1].changed_fields == [
        "title",
        "text",
    ]


def test_edit_form_links_the_file_to_the_checked_download_and_replaces_it_keeping_the_old(
    delegation_a, client, media, delegate_a, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, file=ContentFile(PDF, name="first.pdf"))
    old_name = statement.file.name
    client.force_login(delegate_a)
    url = f"/delegate/statements/{statement.pk}/edit/"
    fields = {
        "meeting": meeting.pk,
        "language": "en",
        "title": "Statement of State A",
        "text": "Mr. President,\nWe support the Forum.",
    }

    form_page = client.get(url).content.decode()
    replaced = client.post(url, {**fields, "file": SimpleUploadedFile("second.pdf", PDF + b"%")})
    statement.refresh_from_db()
    new_name = statement.file.name
    cleared = client.post(url, {**fields, "file-clear": "on"})

    assert f'<a href="/statements/{statement.pk}/file/">statement-{statement.pk}.pdf</a>' in (
        form_page
    )
    assert "/media/" not in form_page
    assert "PDF or Word (.docx), 10 MB at most." in form_page
    assert (replaced.status_code, cleared.status_code) == (302, 302)
    statement.refresh_from_db()
    assert (statement.file.name, new_name != old_name) == ("", True)
    assert sorted(p.name for p in (media / "statements").iterdir()) == sorted(
        [old_name.split("/")[1], new_name.split("/")[1]]
    )
    assert [r.changed_fields for r in selectors.statement_revisions(statement=statement)] == [
        [],
        ["file"],
        ["file"],
    ]


def test_editing_a_submitted_statement_sends_back_with_the_reason(
    delegation_a, client, delegate_a, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(delegate_a)
    url = f"/delegate/statements/{statement.pk}/edit/"

    get = client.get(url, follow=True)
    post = client.post(url, {"meeting": meeting.pk, "language": "en", "title": "Changed"})

    message = (
        "This statement cannot be changed now (Submitted): only drafts and statements returned "
        "for correction can."
    )
    assert get.redirect_chain == [(f"/delegate/statements/{statement.pk}/", 302)]
    assert message in text(get)
    assert post.status_code == 200
    assert post.context["form"].non_field_errors() == [message]
    assert message in text(post)
    statement.refresh_from_db()
    assert statement.title == "Statement of State A"


def test_delegate_submits_with_a_post_only(client, delegate_a, state_a, meeting):
    statement = make(delegate_a, state_a, meeting)
    client.force_login(delegate_a)
    url = f"/delegate/statements/{statement.pk}/submit/"

    get = client.get(url)
    post = client.post(url, follow=True)

    assert get.status_code == 405
    assert post.redirect_chain == [(f"/delegate/statements/{statement.pk}/", 302)]
    assert (
        "“Statement of State A” is submitted. The Secretariat will review it before publishing."
        in text(post)
    )
    statement.refresh_from_db()
    assert statement.state == StatementState.SUBMITTED


@pytest.mark.clock
def test_delegate_page_says_when_the_deadline_has_passed(
    client, delegate_a, state_a, meeting, time_machine
):
    # A minute past a deadline of 18:00 in New York (EDT), where the meeting is held.
    time_machine.move_to(utc(2006, 9, 13, 22, 1), tick=False)
    statement = make(delegate_a, state_a, meeting)
    meeting.statement_deadline = utc(2006, 9, 13, 22, 0)
    meeting.save()
    client.force_login(delegate_a)

    page = client.get(f"/delegate/statements/{statement.pk}/")
    submit = client.post(f"/delegate/statements/{statement.pk}/submit/", follow=True)

    assert page.context["row"].can_edit is False
    assert "only the Secretariat can change this statement now" in text(page)
    assert f'href="/delegate/statements/{statement.pk}/edit/"' not in page.content.decode()
    assert "Deadline for statements 13 September 2006, 18:00 EDT" in text(page)
    assert (
        "The deadline for statements to Plenary 1 was 13 September 2006 at 18:00 (EDT). "
        "Only the Secretariat can change them now."
    ) in text(submit)
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT


def test_delegate_withdraws_after_confirming_and_the_statement_stays(
    client, delegate_a, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(delegate_a)
    url = f"/delegate/statements/{statement.pk}/withdraw/"

    confirm = client.get(url)
    done = client.post(url)

    assert "It will no longer be published or reviewed, but it stays in the record" in text(confirm)
    assert NOTE in text(confirm)
    assert (done.status_code, done.url) == (302, "/delegate/statements/")
    statement.refresh_from_db()
    assert statement.state == StatementState.WITHDRAWN
    assert statement.history.count() == 3


@pytest.mark.clock
def test_revisions_page_lists_every_version_and_each_compares_with_the_one_before(
    client, delegate_a, secretariat_user, state_a, meeting, time_machine
):
    # 10 November 2026 at 15:00 UTC is 10:00 in New York (EST), where the meeting is held.
    time_machine.move_to(utc(2026, 11, 10, 15, 0), tick=False)
    statement = make(delegate_a, state_a, meeting, state="returned", secretariat=secretariat_user)
    statement_update(
        actor=delegate_a,
        statement=statement,
        data={"text": "Mr. President,\nWe strongly support the Forum."},
    )
    client.force_login(delegate_a)

    listing = client.get(f"/delegate/statements/{statement.pk}/revisions/")
    revisions = listing.context["revisions"]
    compare = client.get(
        f"/delegate/statements/{statement.pk}/revisions/{revisions[3].history_id}/"
    )

    assert [(r.number, r.author, r.state, r.changed_fields) for r in revisions] == [
        (1, delegate_a, "draft", []),
        (2, delegate_a, "submitted", ["state", "submitted_at"]),
        (3, secretariat_user, "returned", ["state", "return_reason"]),
        (4, delegate_a, "returned", ["text"]),
    ]
    assert (
        "3 10 November 2026, 10:00:00 EST secretariat@example.org "
        "Returned for correction state, reason for return 4 "
    ) in text(listing)
    page = text(compare)
    assert "Version 4" in page
    assert "by a@example.org; state: Returned for correction." in page
    assert "Compared with version 3" in page
    assert (
        "Field Before After Text &nbsp; Mr. President, removed: \u2212 We support the Forum. "
        "added: + We strongly support the Forum. Version 3"
    ) in page
    html = compare.content.decode()
    assert "removed: </span>\u2212 We support the Forum.</del>" in html
    assert "added: </span>+ We strongly support the Forum.</ins>" in html
    assert NOTE in page


# --- another delegation's statement: 404 everywhere -------------------------------------------
def test_delegate_of_state_a_gets_404_on_every_url_of_a_state_b_statement(
    client, delegate_a, delegate_b, state_a, state_b, meeting
):
    theirs = make(delegate_b, state_b, meeting, file=ContentFile(PDF, name="b.pdf"))
    history_id = theirs.history.get().history_id
    mine = make(delegate_a, state_a, meeting)
    client.force_login(delegate_a)
    base = f"/delegate/statements/{theirs.pk}/"
    attempts = [
        ("get", base),
        ("get", f"{base}edit/"),
        ("post", f"{base}edit/"),
        ("post", f"{base}submit/"),
        ("get", f"{base}withdraw/"),
        ("post", f"{base}withdraw/"),
        ("get", f"{base}revisions/"),
        ("get", f"{base}revisions/{history_id}/"),
        ("get", f"/statements/{theirs.pk}/file/"),
        # a version of B's statement reached through one of A's own
        ("get", f"/delegate/statements/{mine.pk}/revisions/{history_id}/"),
    ]

    statuses = [
        (method, url, getattr(client, method)(url, {"title": "Mine now"}).status_code)
        for method, url in attempts
    ]

    assert statuses == [(method, url, 404) for method, url in attempts]
    theirs.refresh_from_db()
    assert (theirs.state, theirs.title) == (StatementState.DRAFT, "Statement of State B")
    assert theirs.history.count() == 1
