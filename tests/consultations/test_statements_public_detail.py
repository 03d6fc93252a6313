"""The public page of one statement (consultations/views/statements_public.py), and who may open
it."""

import traceback

import pytest
from django.db import connection
from django.urls import reverse

from consultations.choices import Stance, StatementState
from consultations.models import Statement
from tests.consultations.statements_public_helpers import NOTE, TEMPLATE_ENGINE, element, text_of
from tests.factories import (
    FocalPointFactory,
    IssueFactory,
    PositionFactory,
)

# clock: the world's embargoed statement is under embargo until two hours from now.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


# --- One statement ------------------------------------------------------------------------------
def test_detail_shows_the_statement_with_its_language_direction_speaker_and_dates(client, world):
    statement = world["senegal_evening"]

    response = client.get(f"/statements/{statement.pk}/")

    assert response.status_code == 200
    assert element(response, "statement-title") == (
        "h1",
        {"id": "statement-title", "lang": "fr", "dir": "ltr"},
    )
    assert element(response, "statement-text")[1]["lang"] == "fr"
    assert element(response, "statement-text")[1]["dir"] == "ltr"
    text = text_of(response)
    assert "Speaker H.E. Mr. Cheikh Tidiane Gadio, Minister for Foreign Affairs" in text
    assert "Meeting Evening plenary , 14 September 2006" in text
    assert "Language French" in text
    assert "Themes Remittances" in text
    assert "Published 14 September 2006, 23:00 EDT" in text
    assert "Les transferts de fonds des migrants." in text
    assert f"Illustrative data: {NOTE}" in text
    assert "statement-not-public" not in response.content.decode()


def test_detail_of_an_arabic_statement_is_right_to_left(client, world):
    response = client.get(world["senegal_arabic"].get_absolute_url())

    assert element(response, "statement-title")[1] == {
        "id": "statement-title",
        "lang": "ar",
        "dir": "rtl",
    }
    assert element(response, "statement-text")[1] == {
        "class": "statement-text border-top pt-3",
        "id": "statement-text",
        "lang": "ar",
        "dir": "rtl",
    }


def test_detail_address_is_the_statements_absolute_url(world):
    statement = world["belgium_speaks"]

    assert statement.get_absolute_url() == f"/statements/{statement.pk}/"
    assert reverse("statement", kwargs={"pk": statement.pk}) == f"/statements/{statement.pk}/"


def test_detail_counts_revisions_of_the_content_not_review_steps_or_tags(client, world):
    statement = Statement.objects.get(pk=world["belgium_speaks"].pk)
    statement.text = "Belgium offers to host the first Global Forum."
    statement.save()
    statement.state = StatementState.SUBMITTED
    statement.save()
    statement.state = StatementState.PUBLISHED
    statement.speaker_post = "Prime Minister"
    statement.save()
    statement.themes.clear()

    response = client.get(statement.get_absolute_url())

    assert element(response, "statement-revisions")[0] == "dd"
    assert "Revisions Revised 2 times; last published on 14 September 2006, 14:00 EDT." in (
        text_of(response)
    )


def test_detail_of_an_unrevised_statement_says_so(client, world):
    response = client.get(world["senegal_arabic"].get_absolute_url())

    assert "Revisions Not revised; last published on 16 September 2006, 08:00 EDT." in (
        text_of(response)
    )


def test_detail_lists_the_positions_the_statement_shows(client, world):
    statement = world["belgium_speaks"]
    forum = IssueFactory(
        process=world["process"], title="Should a Global Forum follow the Dialogue?", order=1
    )
    host = IssueFactory(process=world["process"], title="Belgium's offer to host it", order=2)
    PositionFactory(
        issue=host, stakeholder=world["belgium"], stance=Stance.SUPPORTS, statement=statement
    )
    PositionFactory(
        issue=forum,
        stakeholder=world["belgium"],
        stance=Stance.SUPPORTS_WITH_RESERVATIONS,
        statement=statement,
        note="State-owned and voluntary.",
    )
    PositionFactory(issue=forum, stakeholder=world["senegal"], stance=Stance.SUPPORTS)

    response = client.get(statement.get_absolute_url())

    assert [(p.issue.title, p.stance) for p in response.context["positions"]] == [
        ("Should a Global Forum follow the Dialogue?", Stance.SUPPORTS_WITH_RESERVATIONS),
        ("Belgium's offer to host it", Stance.SUPPORTS),
    ]
    assert (
        "Should a Global Forum follow the Dialogue? Belgium Supports with reservations "
        "State-owned and voluntary. Belgium's offer to host it Belgium Supports"
    ) in text_of(response)


def test_detail_without_positions_has_no_positions_section(client, world):
    response = client.get(world["iom_panel"].get_absolute_url())

    assert "Positions this statement shows" not in text_of(response)


def test_detail_links_the_file_download_when_there_is_a_file(client, world):
    statement = world["iom_panel"]
    Statement.objects.filter(pk=statement.pk).update(file="statements/0123abcd.pdf")

    with_file = client.get(statement.get_absolute_url())
    without_file = client.get(world["belgium_speaks"].get_absolute_url())

    assert element(with_file, "statement-file") == (
        "a",
        {
            "class": "btn btn-outline-primary btn-sm",
            "id": "statement-file",
            "href": f"/statements/{statement.pk}/file/",
        },
    )
    assert "Download the file (PDF)" in text_of(with_file)
    assert 'id="statement-file"' not in without_file.content.decode()


@pytest.mark.parametrize("key", ["draft", "embargoed", "withdrawn", "returned"])
def test_public_cannot_open_a_statement_that_is_not_public(client, world, key):
    response = client.get(world[key].get_absolute_url())

    assert response.status_code == 404


def test_unknown_statement_is_a_404(client, world):
    assert client.get("/statements/999999/").status_code == 404


def test_other_delegation_cannot_open_an_unpublished_statement(client, world, delegate_b):
    client.force_login(delegate_b)

    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    assert client.get(world["embargoed"].get_absolute_url()).status_code == 404
    assert client.get(world["belgium_speaks"].get_absolute_url()).status_code == 200


def test_own_delegation_opens_its_draft_and_embargoed_statements_marked_not_public(client, world):
    delegate = FocalPointFactory(stakeholder=world["belgium"]).user
    client.force_login(delegate)

    draft = client.get(world["draft"].get_absolute_url())
    embargoed = client.get(world["embargoed"].get_absolute_url())

    assert draft.status_code == 200
    assert "Not public: this statement is Draft." in text_of(draft)
    assert embargoed.status_code == 200
    assert "Check against delivery: the public can read this statement from" in (text_of(embargoed))


def test_secretariat_opens_any_statement(client, world, secretariat_user):
    client.force_login(secretariat_user)

    response = client.get(world["returned"].get_absolute_url())

    assert response.status_code == 200
    assert "Not public: this statement is Returned for correction." in text_of(response)


def test_list_and_detail_templates_make_no_queries(client, world):
    from_templates = []

    def note_template_queries(execute, sql, params, many, context):
        if any(frame.filename.endswith(TEMPLATE_ENGINE) for frame in traceback.extract_stack()):
            from_templates.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_template_queries):
        client.get("/statements/", {"theme": "root-causes", "date_from": "2006-01-01"})
        client.get("/statements/", {"q": "global"})
        client.get(world["belgium_speaks"].get_absolute_url())

    assert from_templates == []
