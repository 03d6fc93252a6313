"""The speakers-list admin leaves a list's state to the staff pages: a closed list's closing
time cannot be cleared there (the database requires it), an open list's can be set."""

import datetime

import pytest

from consultations.choices import SpeakersListStatus
from tests.factories import SpeakersListFactory

pytestmark = pytest.mark.django_db
CLOSED_AT = datetime.datetime(2006, 9, 13, 22, 0, tzinfo=datetime.UTC)


def change_page(client, speakers_list) -> str:
    url = f"/admin/consultations/speakerslist/{speakers_list.pk}/change/"
    return client.get(url).content.decode()


def test_a_closed_lists_closing_time_is_read_only_in_the_admin(secretariat_client):
    closed = SpeakersListFactory(status=SpeakersListStatus.CLOSED, closes_at=CLOSED_AT)
    still_open = SpeakersListFactory(closes_at=None)

    assert 'name="closes_at_0"' not in change_page(secretariat_client, closed)
    assert 'name="closes_at_0"' in change_page(secretariat_client, still_open)
