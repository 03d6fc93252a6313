"""The Secretariat's pages act on a speakers list's state: open, close, reopen, suspend, resume,
its closing time; and link a speaker inscribed by name (consultations/views/speakers_lists.py).
"""

import datetime
import re

import pytest
from django.contrib.messages import get_messages

from consultations.choices import SpeakersListStatus
from consultations.models import Inscription, SpeakersList
from consultations.services.speakers import inscription_create
from tests.factories import MeetingFactory, PersonFactory, ProcessFactory, SpeakersListFactory

# clock: the lists' states and the times shown depend on the frozen moment.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
UTC = datetime.UTC
NOW = datetime.datetime(2006, 9, 10, 14, 30, tzinfo=UTC)  # 10:30 in New York (EDT)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def buttons(response) -> list[str]:
    """The labels of the page's submit buttons of list actions, in order."""
    html = response.content.decode()
    return re.findall(
        r'<input type="submit"\s+name="submit"\s+value="([^"]+)"\s+class="[^"]*"\s+'
        r'id="(?:open|close|reopen|suspend|resume)-\d+-submit"',
        html,
    )


def messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def process(db):
    return ProcessFactory(title="High-level Dialogue", is_current=True)


@pytest.fixture
def open_list(now, process):
    """Open since 1 September; closes on 11 September 2006 at 10:30 in New York."""
    return SpeakersListFactory(
        meeting=MeetingFactory(process=process, title="Plenary 1"),
        opens_at=datetime.datetime(2006, 9, 1, 13, tzinfo=UTC),
        closes_at=NOW + datetime.timedelta(days=1),
    )


@pytest.fixture
def future_list(now, process):
    """Opens on 12 September 2006 at 09:00 in New York."""
    return SpeakersListFactory(
        meeting=MeetingFactory(
            process=process,
            title="Plenary 2",
            start=datetime.datetime(2006, 9, 15, 14, tzinfo=UTC),
            end=datetime.datetime(2006, 9, 15, 17, tzinfo=UTC),
        ),
        opens_at=datetime.datetime(2006, 9, 12, 13, tzinfo=UTC),
    )


def detail(speakers_list) -> str:
    return f"/secretariat/speakers/{speakers_list.pk}/"


def fresh(speakers_list) -> SpeakersList:
    return SpeakersList.objects.get(pk=speakers_list.pk)


def test_the_index_shows_each_lists_state_and_its_actions(
    secretariat_client, open_list, future_list
):
    response = secretariat_client.get("/secretariat/speakers/")

    page = text(response)
    assert "Plenary 1 14 September 2006, 10:00 EDT Open closes 11 September 2006, 10:30 EDT" in page
    assert (
        "Plenary 2 15 September 2006, 10:00 EDT Not open yet opens 12 September 2006, 09:00 EDT"
        in (page)
    )
    assert [
        [a.get("label") or a["form"].helper.inputs[0].value for a in actions]
        for _state, actions in response.context["rows"]
    ] == [["Close now", "Suspend", "Set the closing time"], ["Open now", "Set the closing time"]]
    html = response.content.decode()
    assert f'action="/secretariat/speakers/{open_list.pk}/close/"' in html
    assert f'action="/secretariat/speakers/{future_list.pk}/open/"' in html
    assert f'href="/secretariat/speakers/{open_list.pk}/closing/"' in html


def test_closing_from_the_index_goes_back_to_it_and_shows_the_time(
    secretariat_client, secretariat_user, open_list
):
    response = secretariat_client.post(
        f"/secretariat/speakers/{open_list.pk}/close/", {"next": "/secretariat/speakers/"}
    )

    assert (response.status_code, response.url) == (302, "/secretariat/speakers/")
    assert messages(response) == ["The speakers list of Plenary 1 is closed."]
    saved = fresh(open_list)
    assert (saved.status, saved.closes_at) == (SpeakersListStatus.CLOSED, NOW)
    index = secretariat_client.get("/secretariat/speakers/")
    assert "Plenary 1 14 September 2006, 10:00 EDT Closed closed 10 September 2006, 10:30 EDT" in (
        text(index)
    )
    assert buttons(index) == ["Reopen"]


def test_close_and_reopen_from_the_list_page_are_in_its_history(
    secretariat_client, time_machine, open_list
):
    secretariat_client.post(f"{detail(open_list)}close/")
    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)
    reopened = secretariat_client.post(f"{detail(open_list)}reopen/", {"next": "//evil.example/"})

    assert reopened.url == detail(open_list)  # not off the site
    response = secretariat_client.get(detail(open_list))
    page = text(response)
    assert buttons(response)[:2] == ["Close now", "Suspend"]
    assert "State of the list Open Set the closing time" in page
    assert (
        "Openings and closings Changes of the list's state, latest first When Who What Closes "
        "10 September 2006, 10:35:00 EDT secretariat@example.org Reopened — "
        "10 September 2006, 10:30:00 EDT secretariat@example.org Closed "
        "10 September 2006, 10:30 EDT"
    ) in page


def test_opening_a_list_not_open_yet_and_suspending_resuming_it(secretariat_client, future_list):
    opened = secretariat_client.post(f"{detail(future_list)}open/")
    suspended = secretariat_client.post(f"{detail(future_list)}suspend/")
    page = secretariat_client.get(detail(future_list))  # shows the messages: they are gone
    resumed = secretariat_client.post(f"{detail(future_list)}resume/")

    assert messages(opened) == ["The speakers list of Plenary 2 is open."]
    assert messages(suspended) == [
        "The speakers list of Plenary 2 is open.",
        "The speakers list of Plenary 2 is suspended.",
    ]
    assert "State of the list Suspended Set the closing time" in text(page)
    assert buttons(page)[:2] == ["Resume", "Close now"]
    assert messages(resumed) == ["The speakers list of Plenary 2 is resumed."]
    saved = fresh(future_list)
    assert (saved.status, saved.opens_at) == (SpeakersListStatus.OPEN, NOW)


def test_a_transition_not_allowed_is_a_message_and_changes_nothing(secretariat_client, open_list):
    response = secretariat_client.post(f"{detail(open_list)}open/")

    assert response.url == detail(open_list)
    assert messages(response) == [
        "The speakers list is “Open”: only a list not open yet can be opened."
    ]
    assert open_list.history.count() == 1


def test_delegates_cannot_change_a_lists_state(client, delegate_a, open_list):
    client.force_login(delegate_a)

    answers = [
        client.post(f"{detail(open_list)}{action}/").status_code
        for action in ("open", "close", "reopen", "suspend", "resume", "closing")
    ]

    assert answers == [403] * 6
    assert fresh(open_list).status == SpeakersListStatus.OPEN


def test_the_closing_time_is_typed_in_the_venues_zone(secretariat_client, open_list):
    url = f"{detail(open_list)}closing/"

    form = secretariat_client.get(url).context["form"]
    response = secretariat_client.post(url, {"closes_at": "2006-09-12T18:00"})

    assert form.initial == {"closes_at": datetime.datetime(2006, 9, 11, 10, 30)}
    assert form.fields["closes_at"].help_text == (
        "Time in New York (EST/EDT). Empty: the list stays open until the Secretariat closes it."
    )
    assert response.url == detail(open_list)
    assert messages(response) == [
        "The speakers list of Plenary 1 closes on 12 September 2006 at 18:00 (EDT)."
    ]
    assert fresh(open_list).closes_at == datetime.datetime(2006, 9, 12, 22, tzinfo=UTC)


def test_a_closing_time_in_the_past_shows_on_the_form(secretariat_client, open_list):
    response = secretariat_client.post(
        f"{detail(open_list)}closing/", {"closes_at": "2006-09-10T10:00"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose a closing time in the future; to close the list now, close it."
    ]
    assert fresh(open_list).closes_at == NOW + datetime.timedelta(days=1)


def test_an_empty_closing_time_keeps_the_list_open_until_closed(secretariat_client, open_list):
    response = secretariat_client.post(f"{detail(open_list)}closing/", {"closes_at": ""})

    assert messages(response) == ["The speakers list of Plenary 1 has no closing time."]
    assert fresh(open_list).closes_at is None


def test_a_delegate_meets_the_closing_time_on_the_inscription_page(
    delegation_a, secretariat_client, client, delegate_a, state_a, open_list
):
    secretariat_client.post(f"{detail(open_list)}close/")
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/speakers/{open_list.pk}/inscribe/", {"stakeholder": state_a.pk}
    )

    assert (
        "The speakers list closed on 10 September 2006 at 10:30 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn."
    ) in text(response)
    assert Inscription.objects.count() == 0


def test_a_delegate_meets_a_suspended_list(
    delegation_a, secretariat_client, client, delegate_a, open_list
):
    secretariat_client.post(f"{detail(open_list)}suspend/")
    client.force_login(delegate_a)

    response = client.get(f"/delegate/speakers/{open_list.pk}/inscribe/")

    assert (
        "The speakers list is suspended. Until the Secretariat resumes it, please contact the "
        "Secretariat to be inscribed or withdrawn."
    ) in text(response)


def test_the_secretariat_links_a_speaker_inscribed_by_name(
    delegation_a, secretariat_client, delegate_a, state_a, open_list
):
    named = inscription_create(
        actor=delegate_a, speakers_list=open_list, stakeholder=state_a, speaker_name="Nadia New"
    )
    person = PersonFactory(honorific="Ms.", given_name="Nadia", family_name="New")
    list_page = secretariat_client.get(detail(open_list))
    url = f"/secretariat/speakers/inscriptions/{named.pk}/speaker/"

    confirm = secretariat_client.get(url)
    response = secretariat_client.post(url, {"person": person.pk})
    again = secretariat_client.get(url)

    assert "1 State A Member State Other head of delegation Nadia New not in the registry" in (
        text(list_page)
    )
    assert f'href="{url}"' in list_page.content.decode()
    assert (
        "The delegation inscribed “Nadia New”, who is not in the registry. Choose the person of "
        "the registry this speaker is."
    ) in text(confirm)
    assert response.url == detail(open_list)
    assert messages(response) == [f"“Nadia New” is linked to {person}."]
    named.refresh_from_db()
    assert (named.speaker, named.speaker_name) == (person, "")
    assert again.status_code == 404  # in the registry now: nothing to link
