import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    GroupingFactory,
    MembershipFactory,
    MemberStateFactory,
    RegionalGroupFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _listed_names(response) -> list[str]:
    return [s.name for s in response.context["object_list"]]


def test_registry_lists_193_member_states_in_five_groups(client, registry):
    response = client.get("/registry/")

    assert response.status_code == 200
    text = _text(response)
    assert (
        "193 Member States: African States 54; Asia-Pacific States 54; Eastern European States "
        "23; Latin American and Caribbean States 33; Western European and other States 29."
    ) in text
    assert response.context["paginator"].count == 240


def test_registry_as_of_the_dialogue_shows_192_member_states(client, registry):
    response = client.get("/registry/", {"as_of": "2006-09-14", "kind": "member_state"})

    names = _listed_names(response)
    assert len(names) == 192
    assert "Montenegro" in names
    assert "South Sudan" not in names
    assert "192 Member States" in _text(response)
    assert "As of 14 September 2006" in _text(response)


def test_registry_as_of_leaves_out_bodies_not_yet_founded_or_dissolved(client, registry):
    names = _listed_names(client.get("/registry/", {"as_of": "2006-09-14"}))

    assert "Global Forum on Migration and Development" not in names  # first met July 2007
    assert "Global Commission on International Migration" not in names  # ended 2005
    assert "International Organization for Migration" in names


def test_registry_filters_by_regional_group_kind_and_name(client, registry):
    weog = client.get("/registry/", {"regional_group": "WEOG", "q": "land"})
    commissions = client.get("/registry/", {"kind": "un_entity", "q": "economic commission for"})
    by_code = client.get("/registry/", {"q": "bel"})

    assert _listed_names(weog) == [
        "Finland",
        "Iceland",
        "Ireland",
        "Netherlands (Kingdom of the)",
        "New Zealand",
        "Switzerland",
        "United Kingdom of Great Britain and Northern Ireland",
    ]
    assert _listed_names(commissions) == [
        "Economic Commission for Africa",
        "Economic Commission for Europe",
        "Economic Commission for Latin America and the Caribbean",
    ]
    assert _listed_names(by_code) == ["Belarus", "Belgium", "Belize"]


def test_registry_grouping_filter_respects_as_of(client, registry):
    before = client.get("/registry/", {"grouping": "gmg", "as_of": "2006-03-31"})
    after = client.get("/registry/", {"grouping": "gmg", "as_of": "2006-04-01"})

    assert _listed_names(before) == []
    assert len(_listed_names(after)) == 10


def test_registry_bad_filter_values_show_errors_not_a_server_error(client, registry):
    response = client.get(
        "/registry/", {"as_of": "14/09/2006x", "kind": "planet", "regional_group": "<script>"}
    )

    assert response.status_code == 200
    assert response.context["filter"].form.errors.keys() == {"as_of", "kind", "regional_group"}
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_grouping_page_lists_the_ten_gmg_members(client, registry):
    response = client.get("/registry/groupings/gmg/")

    assert response.status_code == 200
    assert "10 members" in _text(response)
    assert [m.stakeholder.short_name for m in response.context["memberships"]] == [
        "UNDESA",
        "ILO",
        "IOM",
        "UNHCHR",
        "UNHCR",
        "UNCTAD",
        "UNDP",
        "UNODC",
        "UNFPA",
        "World Bank",
    ]


def test_grouping_page_as_of_a_date(client, registry):
    gmg_before = client.get("/registry/groupings/gmg/", {"as_of": "2006-01-01"})
    geneva_before = client.get(
        "/registry/groupings/geneva-migration-group/", {"as_of": "2006-01-01"}
    )

    assert list(gmg_before.context["memberships"]) == []
    assert len(geneva_before.context["memberships"]) == 6
    assert "6 members on 1 January 2006" in _text(geneva_before)


def test_short_registry_address_of_a_grouping_redirects_to_it(client, registry):
    response = client.get("/registry/gmg/")

    assert response.status_code == 302
    assert response.url == "/registry/groupings/gmg/"


def test_stakeholder_page_shows_state_details_and_people(client, registry):
    response = client.get("/registry/belgium/")

    text = _text(response)
    assert response.status_code == 200
    assert "ISO 3166 code BEL" in text
    assert "Admitted to the United Nations 27 December 1945" in text
    assert "Regional group Western European and other States" in text
    assert "Mr. Guy Verhofstadt Prime Minister Head of Government 1999-07-12 2008-03-20" in text
    assert "Core Group of States of the Global Commission on International Migration" in text


def test_unknown_stakeholder_is_a_404_in_the_site_layout(client, db):
    response = client.get("/registry/atlantis/")

    assert response.status_code == 404
    assert "Page not found" in _text(response)
    assert 'href="/registry/"' in response.content.decode()


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert '<html lang="en" dir="ltr">' in html


def _grow(n: int) -> None:
    groups = [RegionalGroupFactory(code=code) for code in ("AFRICAN", "WEOG")]
    grouping = GroupingFactory()
    for i in range(n):
        state = MemberStateFactory(regional_group=groups[i % 2])
        MembershipFactory(grouping=grouping, stakeholder=state)
        StakeholderFactory(parent=state if i % 3 == 0 else None)


@pytest.mark.parametrize("path", ["/registry/", "/registry/?kind=member_state&as_of=2006-09-14"])
def test_registry_list_query_count_does_not_grow_with_the_data(client, path):
    _grow(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow(40)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 8


def test_stakeholder_page_query_count_does_not_grow(client):
    state = MemberStateFactory(slug="grown")
    grouping = GroupingFactory()
    MembershipFactory(grouping=grouping, stakeholder=state)

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("registry:stakeholder", args=["grown"]))
    for _ in range(20):
        MembershipFactory(grouping=GroupingFactory(), stakeholder=state)
        StakeholderFactory(parent=state)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("registry:stakeholder", args=["grown"]))

    assert len(large.captured_queries) == len(small.captured_queries)
