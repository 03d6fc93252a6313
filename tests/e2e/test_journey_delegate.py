"""Belgium's focal point's journey, by mouse and by keyboard, with axe-core.

Set round-table preferences; inscribe the head of delegation on an open speakers list; draft and
submit a statement with a PDF; see it returned (by the Secretariat, in its own browser), revise
and submit it again; see it published.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.choices import MeetingKind, MeetingStatus, StatementState
from consultations.models import Meeting, SeatPreference, SpeakersList, Statement
from registry.models import Appointment, Person, Stakeholder
from tests.e2e.conftest import (
    DEMO_BELGIUM,
    DEMO_SECRETARIAT,
    PDF_BYTES,
    axe_scan,
    keyboard_login,
    tab_to,
)

# clock: open_list's meeting is a month from now and its list open from yesterday.
pytestmark = pytest.mark.clock
TITLE = "Belgium on the Global Forum"


@pytest.fixture
def open_list(demo) -> SpeakersList:
    """A plenary of the demo process a month from now, whose speakers list is open, a head of
    delegation for Belgium, and round-table choices open for twenty days (the demo's lists and
    choices all closed in 2006)."""
    plenary = Meeting.objects.get(slug="plenary-1")
    type(plenary.process).objects.filter(pk=plenary.process_id).update(
        seat_preferences_deadline=timezone.now() + datetime.timedelta(days=20)
    )
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        process=plenary.process,
        slug="plenary-follow-up",
        kind=MeetingKind.PLENARY,
        number=5,
        title="Follow-up plenary meeting",
        venue=plenary.venue,
        room=plenary.room,
        start=start,
        end=start + datetime.timedelta(hours=3),
        status=MeetingStatus.CONFIRMED,
    )
    belgium = Stakeholder.objects.get(slug="belgium")
    head = Person.objects.create(
        slug="karel-de-gucht", honorific="H.E. Mr.", given_name="Karel", family_name="De Gucht"
    )
    Appointment.objects.create(
        person=head, stakeholder=belgium, post="Minister for Foreign Affairs", rank=4
    )
    delegation = belgium.delegations.get(process=plenary.process)
    delegation.head = head
    delegation.save(update_fields=["head"])
    now = timezone.now()
    return SpeakersList.objects.create(
        meeting=meeting,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )


def _preferences(stakeholder_slug: str) -> list[str]:
    return list(
        SeatPreference.objects.filter(delegation__stakeholder__slug=stakeholder_slug)
        .order_by("rank")
        .values_list("meeting__slug", flat=True)
    )


def _portal(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Delegate portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegate portal")


def _secretariat(new_page, login, user) -> Page:
    """The Secretariat, logged in in a browser context of its own."""
    page = new_page()
    login(page, user)
    return page


def _review(page: Page, title: str) -> None:
    page.goto("/secretariat/statements/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_delegate_journey(page: Page, demo, open_list, media_root, login, new_page):
    login(page, demo[DEMO_BELGIUM])

    # The portal says once that its seats, speakers and statements are illustrative.
    _portal(page)
    notes = page.get_by_role("main").get_by_role("note")
    expect(notes).to_have_count(1)
    expect(notes).to_contain_text("Illustrative data:")

    # Round-table preferences, before their deadline.
    page.get_by_role("link", name="Edit choices").click()
    expect(page.get_by_role("main")).to_contain_text("Choices close on")
    page.get_by_role("main").get_by_label("First choice").select_option(
        label="Round table 3: Multidimensional aspects of migration, including remittances"
    )
    page.get_by_role("main").get_by_label("Second choice").select_option(
        label="Round table 1: Migration and development"
    )
    page.get_by_role("main").get_by_label("Third choice").select_option(
        label="Round table 4: Partnerships and capacity building"
    )
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert _preferences("belgium") == ["round-table-3", "round-table-1", "round-table-4"]

    # The head of delegation on the open speakers list.
    _portal(page)
    page.get_by_role("link", name="Speakers lists and inscription").click()
    page.get_by_role("row", name="Follow-up plenary meeting").get_by_role(
        "link", name="Inscribe"
    ).click()
    page.get_by_role("main").get_by_label("Speaker", exact=True).select_option(
        label="H.E. Mr. Karel De Gucht"
    )
    page.get_by_role("button", name="Inscribe").click()
    expect(page.get_by_role("main")).to_contain_text("H.E. Mr. Karel De Gucht")
    assert list(open_list.inscriptions.values_list("stakeholder__slug", "speaker__slug")) == [
        ("belgium", "karel-de-gucht")
    ]

    # A statement with a PDF, submitted.
    _portal(page)
    page.get_by_role("link", name="New statement").click()
    page.get_by_role("main").get_by_label("Meeting").select_option(value=str(open_list.meeting_id))
    page.get_by_role("main").get_by_label("Speaker", exact=True).select_option(
        label="H.E. Mr. Karel De Gucht"
    )
    page.get_by_role("main").get_by_label("Language").select_option(label="English")
    page.get_by_role("main").get_by_label("Title").fill(TITLE)
    page.get_by_role("main").get_by_label("Text", exact=True).fill(
        "Belgium offers to host the first Global Forum."
    )
    page.get_by_role("main").get_by_label("File").set_input_files(
        files=[{"name": "belgium.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("button", name="Submit to the Secretariat").click()
    expect(page.locator(".lead")).to_contain_text("Submitted")
    statement = Statement.objects.get(title=TITLE)
    assert (statement.state, statement.file.read()) == (StatementState.SUBMITTED, PDF_BYTES)

    # The Secretariat returns it.
    secretariat = _secretariat(new_page, login, demo[DEMO_SECRETARIAT])
    _review(secretariat, TITLE)
    secretariat.get_by_label("Reason for return").fill("Please give the speaker's full title.")
    secretariat.get_by_role("button", name="Return").click()
    expect(secretariat.get_by_role("main")).to_contain_text("Returned")

    # Belgium sees why, revises and submits again.
    _portal(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#return-reason")).to_contain_text("Please give the speaker's full title.")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_role("main").get_by_label("Speaker's post").fill(
        "Deputy Prime Minister and Minister for Foreign Affairs"
    )
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_role("button", name="Submit to the Secretariat").click()
    expect(page.locator(".lead")).to_contain_text("Submitted")

    # The Secretariat publishes it; Belgium sees it published.
    _review(secretariat, TITLE)
    secretariat.get_by_role("button", name="Publish").click()
    expect(secretariat.get_by_role("main")).to_contain_text("Published")
    page.reload()
    expect(page.locator(".lead")).to_contain_text("Published")
    statement.refresh_from_db()
    assert (statement.state, statement.speaker_post) == (
        StatementState.PUBLISHED,
        "Deputy Prime Minister and Minister for Foreign Affairs",
    )


def test_delegate_key_steps_by_keyboard_alone(page: Page, demo, open_list):
    keyboard_login(page, DEMO_BELGIUM)
    main = page.get_by_role("main")

    # Preferences: a closed <select> takes the option one types.
    tab_to(
        page,
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Delegate portal"),
    )
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_role("link", name="Edit choices"))
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_label("First choice"))
    page.keyboard.type("Round table 2")
    page.keyboard.press("Tab")
    page.keyboard.type("Round table 4")
    page.keyboard.press("Tab")
    page.keyboard.type("Round table 1")
    tab_to(page, main.get_by_role("button", name="Save my choices"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_be_visible()
    assert _preferences("belgium") == ["round-table-2", "round-table-4", "round-table-1"]

    # The head of delegation inscribed.
    page.goto("/delegate/speakers/")
    tab_to(
        page,
        main.get_by_role("row", name="Follow-up plenary meeting").get_by_role(
            "link", name="Inscribe"
        ),
    )
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_label("Speaker", exact=True))
    page.keyboard.type("H.E. Mr. Karel")
    expect(main.get_by_label("Speaker", exact=True).locator("option:checked")).to_have_text(
        "H.E. Mr. Karel De Gucht"
    )
    tab_to(page, main.get_by_role("button", name="Inscribe"))
    page.keyboard.press("Enter")
    expect(page).to_have_url("/delegate/speakers/")
    expect(main).to_contain_text("H.E. Mr. Karel De Gucht")
    assert list(open_list.inscriptions.values_list("speaker__slug", flat=True)) == [
        "karel-de-gucht"
    ]

    # The demo's draft, submitted.
    title = "Table ronde 4 : contribution (Belgium)"
    page.goto("/delegate/")
    tab_to(page, main.get_by_role("link", name=title))
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_role("button", name="Submit to the Secretariat"))
    page.keyboard.press("Enter")
    expect(page.locator(".lead")).to_contain_text("Submitted")
    assert Statement.objects.get(title=title).state == StatementState.SUBMITTED


def test_delegate_pages_have_no_serious_axe_violations_in_english_and_arabic(
    demo, open_list, login, new_page
):
    page = new_page(bypass_csp=True)  # axe-core sets inline styles while it measures
    login(page, demo[DEMO_BELGIUM])
    draft = Statement.objects.get(title="Table ronde 4 : contribution (Belgium)")
    delegation = draft.stakeholder.delegations.get(process=draft.meeting.process)
    pages = {
        "delegate-portal": "/delegate/",
        "delegate-seats": f"/delegate/seats/{delegation.pk}/",
        "delegate-speakers": "/delegate/speakers/",
        "delegate-inscribe": f"/delegate/speakers/{open_list.pk}/inscribe/",
        "delegate-statement-new": "/delegate/statements/new/",
        "delegate-statement": f"/delegate/statements/{draft.pk}/",
    }
    axe_scan(page, pages)
