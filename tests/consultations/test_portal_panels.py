"""The delegate portal's seats and speakers panels: each row the user's delegations have, in
order, with the names and titles in the page's language and the links it offers."""

import datetime
import re

import pytest

from consultations.choices import InscriptionStatus, LevelRequestStatus
from tests.consultations.test_portal_queries import NOW, OWN, REQUEST, portal, world
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    RoundTableFactory,
    SeatFactory,
    SeatPreferenceFactory,
    SpeakersListFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    """The portal rendered at each request: what it keeps is tested in test_portal_cache.py."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
UTC = datetime.UTC


def rows(page: str, section: str) -> list[str]:
    """The text of each row of the portal's ``section`` (its heading's id), its links' targets
    in brackets."""
    block = re.search(rf'<section aria-labelledby="{section}".*?</section>', page, re.S)[0]
    found = []
    for item in re.findall(r'<li class="list-group-item">(.*?)</li>', block, re.S):
        item = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>', r"[\1] ", item)
        found.append(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip())
    return found


@pytest.fixture
def made(time_machine):
    """Belgium's focal point, who also acts for Albania and for a UN entity: choices and seats
    (published and draft), places on an open and a closed list with speakers who spoke before
    them, level requests, withdrawn places, titles and names translated into French only."""
    time_machine.move_to(NOW, tick=False)
    made = world()
    process, belgium, user = made["process"], made["state"], made["user"]
    user.time_zone = "Europe/Brussels"
    user.save()
    belgium.name_fr = "Belgique"
    belgium.save()
    albania = MemberStateFactory(name="Albania", name_fr="Albanie", slug="albania")
    entity = StakeholderFactory(name="UNHCR", name_fr="HCR")
    for stakeholder in (albania, entity):
        FocalPointFactory(user=user, stakeholder=stakeholder)
        DelegationFactory(process=process, stakeholder=stakeholder)
    delegations = {d.stakeholder_id: d for d in process.delegations.all()}
    tables = [
        RoundTableFactory(
            process=process, number=n, title=f"Table {n}", title_fr=f"Table ronde {n}"
        )
        for n in (1, 2, 3)
    ]
    untranslated = RoundTableFactory(process=process, number=4, title="Table 4")
    for rank, table in enumerate([tables[2], untranslated, tables[0]], start=1):
        SeatPreferenceFactory(delegation=delegations[albania.pk], meeting=table, rank=rank)
    SeatPreferenceFactory(delegation=delegations[belgium.pk], meeting=tables[1], rank=1)
    SeatFactory(meeting=tables[2], delegation=delegations[albania.pk], is_published=True)
    SeatFactory(meeting=untranslated, delegation=delegations[albania.pk], is_published=True)
    SeatFactory(meeting=tables[0], delegation=delegations[albania.pk])  # a draft: not shown
    SeatFactory(meeting=tables[1], delegation=delegations[belgium.pk])  # a draft: not shown
    decider = UserFactory()
    open_list, closed_list, third = (
        SpeakersListFactory(
            meeting=MeetingFactory(
                process=process,
                title=f"Plenary {n}",
                title_fr=f"Plénière {n}",
                start=start,
                end=start + datetime.timedelta(hours=3),
            ),
            minutes_per_speaker=4,
            closes_at=closes,
        )
        for n, start, closes in (
            (1, datetime.datetime(2006, 9, 14, 14, tzinfo=UTC), None),
            (
                2,
                datetime.datetime(2006, 9, 15, 14, tzinfo=UTC),
                datetime.datetime(2006, 8, 1, tzinfo=UTC),
            ),
            (3, datetime.datetime(2006, 9, 16, 14, tzinfo=UTC), None),
        )
    )
    spoke = InscriptionStatus.SPOKE
    withdrawn = {"position": None, "status": InscriptionStatus.WITHDRAWN}
    decided = {"level_decided_by": decider, "level_decided_at": NOW}
    place = InscriptionFactory
    # The open list: 200 seconds spoken, then a speaker with no time recorded (4 minutes).
    place(speakers_list=open_list, position=1, status=spoke, spoke_seconds=200)
    place(speakers_list=open_list, position=2, status=spoke, spoke_seconds=None)
    belgium_open = place(
        speakers_list=open_list,
        stakeholder=belgium,
        position=3,
        level=6,
        requested_level=4,
        level_request_status=LevelRequestStatus.PENDING,
    )
    place(speakers_list=open_list, position=4)
    albania_open = place(
        speakers_list=open_list,
        stakeholder=albania,
        position=5,
        level=4,
        requested_level=4,
        level_request_status=LevelRequestStatus.CONFIRMED,
        **decided,
    )
    entity_open = place(
        speakers_list=open_list,
        stakeholder=entity,
        position=6,
        level=6,
        requested_level=3,
        level_request_status=LevelRequestStatus.REFUSED,
        level_decision_reason="Not in the registry",
        **decided,
    )
    place(speakers_list=open_list, **withdrawn)  # another's: not shown, not counted
    # The closed list: Belgium spoke after 200 seconds.
    place(speakers_list=closed_list, position=1, status=spoke, spoke_seconds=200)
    place(
        speakers_list=closed_list, stakeholder=belgium, position=2, status=spoke, spoke_seconds=95
    )
    place(speakers_list=closed_list, stakeholder=entity, position=3)
    # A list where the user's inscriptions are withdrawn (a withdrawn place has no position:
    # the databases put it at either end of a list, so no list here mixes the two).
    place(speakers_list=third, stakeholder=belgium, **withdrawn)
    place(speakers_list=third, stakeholder=albania, **withdrawn)
    place(speakers_list=third, position=1)
    made["withdraw"] = [
        f"[/delegate/speakers/inscriptions/{inscription.pk}/withdraw/]"
        for inscription in (belgium_open, albania_open, entity_open)
    ]
    made["edit"] = [f"[/delegate/seats/{delegations[s.pk].pk}/]" for s in (albania, belgium)]
    return made


def test_the_panels_show_each_row_in_order_in_the_page_language(client, made):
    client.force_login(made["user"])
    client.get("/delegate/")  # the process chosen is remembered in the session
    count, page = portal(client)
    french = client.get("/delegate/?lang=fr").content.decode()
    edit_albania, edit_belgium = made["edit"]
    belgium_withdraws, albania_withdraws, entity_withdraws = made["withdraw"]

    assert count == REQUEST + OWN
    # The delegations by name; choices by rank, published seats by number (drafts left out);
    # a title with no French falls back to English.
    assert rows(page, "seats-heading") == [
        f"Albania {edit_albania} Edit choices"
        " Choices: 1. Table 3; 2. Table 4; 3. Table 1 Seats: Table 3; Table 4",
        f"Belgium {edit_belgium} Edit choices Choices: 1. Table 2 Seats: none yet",
        "UNHCR Only Member States take seats at round tables. Choices: none stated Seats: none yet",
    ]
    assert rows(french, "seats-heading") == [
        f"Albanie {edit_albania} Modifier les choix"
        " Choix: 1. Table ronde 3; 2. Table 4; 3. Table ronde 1 Places: Table ronde 3; Table 4",
        f"Belgique {edit_belgium} Modifier les choix"
        " Choix: 1. Table ronde 2 Places: aucune pour l'instant",
        "HCR Seuls les États Membres ont une place aux tables rondes."
        " Choix: aucun choix exprimé Places: aucune pour l'instant",
    ]
    # By meeting, then place: each expected after the time of those ahead (the seconds spoken,
    # else 4 minutes), in the venue's zone and the user's; a withdrawal only while it is open.
    assert rows(page, "portal-speakers") == [
        "Plenary 1 — Belgium · place 3, expected at 14 September 2006, 10:07 EDT"
        " (16:07 CEST your time) requested: Deputy Prime Minister / Minister,"
        f" pending confirmation {belgium_withdraws} Withdraw",
        "Plenary 1 — Albania · place 5, expected at 14 September 2006, 10:15 EDT"
        " (16:15 CEST your time) requested: Deputy Prime Minister / Minister, confirmed"
        f" {albania_withdraws} Withdraw",
        "Plenary 1 — UNHCR · place 6, expected at 14 September 2006, 10:19 EDT"
        " (16:19 CEST your time) requested: Head of Government, refused: Not in the registry"
        f" {entity_withdraws} Withdraw",
        "Plenary 2 — Belgium · place 2, expected at 15 September 2006, 10:03 EDT"
        " (16:03 CEST your time) Spoke",
        "Plenary 2 — UNHCR · place 3, expected at 15 September 2006, 10:04 EDT"
        " (16:04 CEST your time)",
        "Plenary 3 — Belgium · Withdrawn",
        "Plenary 3 — Albania · Withdrawn",
    ]
    assert rows(french, "portal-speakers")[::3] == [
        "Plénière 1 — Belgique · place 3, prévu à 14 septembre 2006, 10:07 EDT"
        " (16:07 CEST, votre heure) demandé : Vice-Premier Ministre / Ministre,"
        f" en attente de confirmation {belgium_withdraws} Retirer",
        "Plénière 2 — Belgique · place 2, prévu à 15 septembre 2006, 10:03 EDT"
        " (16:03 CEST, votre heure) A pris la parole",
        "Plénière 3 — Albanie · Retiré",
    ]
