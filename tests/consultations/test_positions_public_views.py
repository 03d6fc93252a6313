"""The public pages of issues and positions (consultations/views/positions.py): the figures, the
Chair's summary and the exports."""

import csv
import datetime
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from openpyxl import load_workbook

from tests.consultations.positions_helpers import NOTE, hrefs, listed, main, text
from tests.consultations.test_summary import hld_world
from tests.factories import (
    IssueFactory,
    ProcessFactory,
)

# clock: hld_world() sets its embargo and the end of the process from today.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


# --- /positions/ ------------------------------------------------------------------------------
def test_positions_page_shows_each_issue_with_counts_by_stance_and_group(client):
    hld_world()

    response = client.get("/positions/")

    assert response.status_code == 200
    page = text(response)
    assert NOTE in page
    assert "Should a Global Forum follow the Dialogue?" in page
    # The words by the 7 that stated a position; the 9 that spoke and the 2 that did not.
    assert (
        "About four in five of the 7 Member States that stated a position on this issue "
        "(6, 85.7%) expressed support. That is 6 of the 9 Member States that spoke (66.7%). "
        "2 stated no position."
    ) in page
    table = main(response).split('id="counts-forum"', 1)[1].split("</table>", 1)[0]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]
    assert rows == [
        "Regional group Supports Supports with reservations Neutral Opposes Not stated "
        "Support in all Total",
        "African States 1 1 0 0 1 2 3",
        "Asia-Pacific States 1 0 0 0 0 1 1",
        "Eastern European States 0 0 0 0 0 0 0",
        "Latin American and Caribbean States 1 0 0 0 1 1 2",
        "Western European and other States 2 0 0 1 0 2 3",
        "All 5 55.6% 1 11.1% 0 0% 1 11.1% 2 22.2% 6 66.7% 9",
    ]
    assert "/positions/forum/?stance=supports&regional_group=WEOG" in hrefs(response)


def test_positions_chart_is_svg_without_style_attributes_or_inline_script(client):
    hld_world()

    response = client.get("/positions/")

    html = response.content.decode()
    assert "style=" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/bootstrap/js/bootstrap.bundle.min.js">'
    ]
    svg = main(response).split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'aria-labelledby="chart-title-' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert desc == (
        "Supports: 5 (55.6%). Supports with reservations: 1 (11.1%). Neutral: 0 (0%). "
        "Opposes: 1 (11.1%). Not stated: 2 (22.2%). "
        "African States, 3; Supports 1; Supports with reservations 1; Not stated 1. "
        "Asia-Pacific States, 1; Supports 1. Eastern European States, 0. "
        "Latin American and Caribbean States, 2; Supports 1; Not stated 1. "
        "Western European and other States, 3; Supports 2; Opposes 1. "
    )
    assert ">GRULAC</text>" in svg
    # The "supports" bar of WEOG is two-thirds of the 300-pixel bar.
    assert (
        '<a href="/positions/forum/?stance=supports&amp;regional_group=WEOG">'
        '<rect x="200.0" y="280" width="200.0" height="18" fill="#1a7f37">'
    ) in svg


def test_every_number_links_to_exactly_the_stakeholders_behind_it(client):
    hld_world()
    figures = client.get("/positions/").context["issues"][0][0]
    numbers = [figures.total, *figures.counts, figures.supportive]
    for group in figures.groups:
        numbers += [group.total, *group.counts, group.supportive]

    for number in numbers:
        response = client.get(number.url)
        assert response.status_code == 200
        assert listed(response) == [s.name for s in number.stakeholders], number.url
        assert f"{number.count} stakeholder" in text(response)


def test_position_list_shows_states_with_their_statement_links(client):
    world = hld_world()

    response = client.get(
        "/positions/forum/", {"stance": "supportive", "regional_group": "AFRICAN"}
    )

    assert listed(response) == ["Ghana", "Mali"]
    links = hrefs(response)
    ghana = world.statements["Ghana"]
    # Ghana's stance is shown in its statement; Mali's cites none: its public statements show.
    assert f"/statements/{ghana.pk}/" in links
    assert f"/statements/{world.statements['Ghana 2'].pk}/" not in links
    assert f"/statements/{world.statements['Mali'].pk}/" in links
    assert "2 stakeholders · Support (with or without reservations) · African States" in text(
        response
    )
    assert NOTE in text(response)


def test_position_list_never_links_a_statement_under_embargo(client):
    world = hld_world()

    response = client.get("/positions/forum/", {"stance": "not_stated"})

    assert listed(response) == ["Chile", "Senegal"]
    assert f"/statements/{world.statements['Chile embargoed'].pk}/" not in hrefs(response)
    assert f"/statements/{world.statements['Chile'].pk}/" in hrefs(response)
    assert "check against delivery" not in text(response)


def test_position_list_of_an_unknown_issue_or_process_is_404(client):
    hld_world()

    assert client.get("/positions/no-such-issue/").status_code == 404
    assert client.get("/positions/forum/", {"process": "no-such"}).status_code == 404


def test_another_process_is_picked_with_the_process_parameter(client):
    world = hld_world()
    later = ProcessFactory(slug="gfmd", title="Global Forum 2007", is_current=False)
    IssueFactory(process=later, slug="forum", title="Should the Forum meet every year?")

    current = client.get("/positions/forum/")
    other = client.get("/positions/forum/", {"process": "gfmd"})

    assert current.context["issue"] == world.forum
    assert other.context["issue"].title == "Should the Forum meet every year?"
    assert listed(other) == []


# --- /summary/ --------------------------------------------------------------------------------
def test_summary_page_says_the_figures_in_numbers_and_words(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 15, 0, tzinfo=datetime.UTC), tick=False)
    hld_world()

    response = client.get("/summary/")

    page = text(response)
    assert NOTE in page
    assert (
        "9 Member States made statements at the HLD. Should a Global Forum follow the Dialogue? "
        "About four in five of the 7 Member States that stated a position on this issue "
        "(6, 85.7%) expressed support. That is 6 of the 9 Member States that spoke (66.7%). "
        "2 stated no position."
    ) in page
    assert (
        "Regional group Member States African States 3 Asia-Pacific States 1 "
        "Eastern European States 0 Latin American and Caribbean States 2 "
        "Western European and other States 3 All 9"
    ) in page
    assert (
        "Observers: 2 (European Union, Holy See) UN system entities: 1 (UNDP) "
        "Intergovernmental organizations: 1 (International Organization for Migration) "
        "Other bodies: 1 (Special Representative of the Secretary-General)"
    ) in page
    assert (
        "All 5 (55.6%) 1 (11.1%) 0 (0%) 1 (11.1%) 2 (22.2%) 9 "
        "Of the 7 that stated a position 71.4% 14.3% 0% 14.3% — 7"
    ) in page
    # Belgium alone stated a position on its offer: "all" of one, and 8 of the 9 stated none.
    assert (
        "All of the 1 Member State that stated a position on this issue (1, 100%) expressed "
        "support. That is 1 of the 9 Member States that spoke (11.1%). 8 stated no position."
    ) in page
    # In the zone of the process's venue (New York), not UTC.
    assert "Figures as of 10 November 2026, 10:00 EST: public statements only" in page
    assert (
        "Remittances 3 Ghana, International Organization for Migration, Mexico "
        "Trafficking and smuggling 2 Belgium, Mexico "
        "Root causes of migration: Poverty 1 Philippines"
    ) in page
    assert "style=" not in response.content.decode()


def test_summary_links_list_exactly_who_is_counted(client):
    hld_world()
    response = client.get("/summary/")
    links = hrefs(response)
    assert "/summary/participants/?kind=member_state" in links
    assert "/positions/forum/?stance=supportive" in links

    states = client.get("/summary/participants/", {"kind": "member_state"})
    weog = client.get("/summary/participants/", {"kind": "member_state", "regional_group": "WEOG"})
    observers = client.get("/summary/participants/", {"kind": ["observer_state", "regional_org"]})
    remittances = client.get("/summary/participants/", {"theme": "remittances"})
    supportive = client.get("/positions/forum/", {"stance": "supportive"})

    def names(r):
        return [s.name for s in r.context["stakeholders"]]

    assert names(states) == [
        "Austria",
        "Belgium",
        "Canada",
        "Chile",
        "Ghana",
        "Mali",
        "Mexico",
        "Philippines",
        "Senegal",
    ]
    assert names(weog) == ["Austria", "Belgium", "Canada"]
    assert names(observers) == ["European Union", "Holy See"]
    assert names(remittances) == ["Ghana", "International Organization for Migration", "Mexico"]
    assert listed(supportive) == ["Austria", "Belgium", "Ghana", "Mali", "Mexico", "Philippines"]
    assert NOTE in text(states)


def test_every_number_of_the_summary_links_to_exactly_the_stakeholders_behind_it(client):
    hld_world()
    summary = client.get("/summary/").context["summary"]
    numbers = [summary.member_states, *summary.member_states_by_group, *summary.others]
    numbers += summary.themes

    for number in numbers:
        response = client.get(number.url)
        assert [s.name for s in response.context["stakeholders"]] == [
            s.name for s in number.stakeholders
        ], number.url
    for figures in summary.issues:
        for count in [figures.total, figures.supportive, figures.stated, *figures.counts]:
            assert listed(client.get(count.url)) == [s.name for s in count.stakeholders]


def test_participants_of_an_unknown_theme_is_404(client):
    hld_world()

    assert client.get("/summary/participants/", {"theme": "no-such-theme"}).status_code == 404


# --- exports ----------------------------------------------------------------------------------
def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_positions_csv_has_every_counted_position_of_the_process(client):
    world = hld_world()

    response = client.get("/positions.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="positions-hld.csv"'
    rows = csv_rows(response)
    assert rows[0] == [
        "issue",
        "question",
        "stakeholder",
        "iso3",
        "regional_group",
        "stance",
        "stance_label",
        "statement_url",
        "updated",
        "illustrative",
        "source",
    ]
    assert len(rows) == 1 + 9 + 9
    ghana = next(r for r in rows if r[0] == "forum" and r[2] == "Ghana")
    updated = world.forum.positions.get(stakeholder__name="Ghana").updated
    assert ghana == [
        "forum",
        "Should a Global Forum follow the Dialogue?",
        "Ghana",
        "GHA",
        "AFRICAN",
        "supports",
        "Supports",
        f"http://testserver/statements/{world.statements['Ghana'].pk}/",
        updated.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "false",
        "",
    ]
    chile = next(r for r in rows if r[0] == "forum" and r[2] == "Chile")
    assert chile[5:] == ["not_stated", "Not stated", "", "", "false", ""]


def test_positions_csv_applies_the_filters(client):
    hld_world()

    response = client.get(
        "/positions.csv", {"issue": "forum", "stance": "supportive", "regional_group": "WEOG"}
    )

    assert [r[:6] for r in csv_rows(response)[1:]] == [
        [
            "forum",
            "Should a Global Forum follow the Dialogue?",
            "Austria",
            "AUT",
            "WEOG",
            "supports",
        ],
        [
            "forum",
            "Should a Global Forum follow the Dialogue?",
            "Belgium",
            "BEL",
            "WEOG",
            "supports",
        ],
    ]


def test_positions_xlsx_gives_the_same_rows_as_the_csv(client):
    hld_world()
    params = {"stance": ["opposes", "reservations"]}

    response = client.get("/positions.xlsx", params)
    csv_response = client.get("/positions.csv", params)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        ["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows == csv_rows(csv_response)
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [
        ("forum", "Canada", "opposes"),
        ("forum", "Mali", "reservations"),
    ]


def test_exports_refuse_unknown_filter_values(client):
    hld_world()

    assert client.get("/positions.csv", {"stance": "abstains"}).status_code == 400
    assert client.get("/positions.xlsx", {"issue": "no-such"}).status_code == 400
    assert client.get("/positions.csv", {"process": "no-such"}).status_code == 404


def test_list_page_links_the_exports_with_its_filters(client):
    hld_world()

    response = client.get("/positions/forum/", {"stance": "supports", "regional_group": "WEOG"})

    export = next(h for h in hrefs(response) if h.startswith("/positions.csv"))
    assert parse_qsl(urlsplit(export).query) == [
        ("issue", "forum"),
        ("stance", "supports"),
        ("regional_group", "WEOG"),
    ]
