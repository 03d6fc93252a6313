"""The layout's header (consultations/templatetags/layout.py): written once per worker for a
visitor not signed in, under the language, the address and the process's links; a signed-in
user's written with each page."""

import pytest

from consultations.templatetags.layout import HEADER
from tests.consultations.fragments_helpers import renders_of
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered: the header's own memory only
    ProcessFactory(slug="hld-2006", is_current=True)
    ProcessFactory(slug="forum")


def test_a_visitors_header_is_written_once_per_language_address_and_process(client):
    first, written_first = renders_of(client, "/registry/", HEADER)
    again, written_again = renders_of(client, "/registry/", HEADER)
    _, in_french = renders_of(client, "/registry/?lang=fr", HEADER)
    forum, for_the_forum = renders_of(client, "/p/forum/statements/", HEADER)

    assert (written_first, written_again, in_french, for_the_forum) == (1, 0, 1, 1)
    assert again.content == first.content
    assert '<a class="nav-link" href="/p/forum/programme/">Programme</a>' in forum.content.decode()
    assert 'aria-current="page">Registry</a>' in again.content.decode()
    assert '<input name="next" type="hidden" value="/registry/?lang=fr">' not in (
        again.content.decode()
    )


def test_a_signed_in_users_header_is_written_with_each_page(client, delegate_a):
    client.force_login(delegate_a)

    _, written_first = renders_of(client, "/registry/", HEADER)
    page, written_again = renders_of(client, "/registry/", HEADER)

    assert (written_first, written_again) == (1, 1)
    assert f">{delegate_a.email}</a>" in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
