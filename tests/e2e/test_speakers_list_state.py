"""A staff member opens, closes and reopens a speakers list from the staff pages, and a
delegate meets the closed list with its closing time."""

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.choices import SpeakersListStatus
from consultations.models import SpeakersList
from registry.roles import DELEGATE
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    SecretariatUserFactory,
    SpeakersListFactory,
)


def test_staff_opens_closes_and_reopens_a_speakers_list(
    page: Page, login, new_page, transactional_db
):
    officer = SecretariatUserFactory(email="officer@example.org")
    belgium = MemberStateFactory(name="Belgium", slug="belgium", iso3="BEL")
    delegate = FocalPointFactory(
        stakeholder=belgium, user__email="delegate@example.org", user__role=DELEGATE
    ).user
    process = ProcessFactory(title="High-level Dialogue", is_current=True)
    now = timezone.now()
    speakers_list = SpeakersListFactory(
        meeting=MeetingFactory(
            process=process,
            title="Plenary 1",
            start=now + datetime.timedelta(days=10),
            end=now + datetime.timedelta(days=10, hours=3),
        ),
        opens_at=now + datetime.timedelta(days=2),
    )
    DelegationFactory(process=process, stakeholder=belgium)
    login(page, officer)

    # The index: not open yet; open it from its row.
    page.goto("/secretariat/speakers/")
    row = page.get_by_role("row", name="Plenary 1")
    expect(row).to_contain_text("Not open yet")
    row.get_by_role("button", name="Open now").click()
    expect(page.get_by_role("status")).to_contain_text("The speakers list of Plenary 1 is open.")
    expect(page.get_by_role("row", name="Plenary 1")).to_contain_text("Open")

    # The list page: close it, then reopen it.
    page.get_by_role("link", name="Plenary 1").click()
    state = page.locator("#list-state")
    expect(state.locator(".badge")).to_have_text("Open")
    state.get_by_role("button", name="Close now").click()
    expect(page.get_by_role("status")).to_contain_text("The speakers list of Plenary 1 is closed.")
    expect(state.locator(".badge")).to_have_text("Closed")
    expect(page.locator("#state-changes-table tbody tr").first).to_contain_text(
        "officer@example.org Closed"
    )

    # Meanwhile a delegate is refused, with the time the list closed.
    delegate_page = new_page()
    login(delegate_page, delegate)
    delegate_page.goto(f"/delegate/speakers/{speakers_list.pk}/inscribe/")
    expect(delegate_page.locator("#speakers-closed")).to_contain_text("The speakers list closed on")

    state.get_by_role("button", name="Reopen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The speakers list of Plenary 1 is open again."
    )
    expect(state.locator(".badge")).to_have_text("Open")
    changes = page.locator("#state-changes-table tbody tr")
    expect(changes).to_have_count(3)
    expect(changes.nth(0)).to_contain_text("officer@example.org Reopened")
    expect(changes.nth(1)).to_contain_text("officer@example.org Closed")
    expect(changes.nth(2)).to_contain_text("officer@example.org Opened")

    saved = SpeakersList.objects.get(pk=speakers_list.pk)
    assert (saved.status, saved.closes_at) == (SpeakersListStatus.OPEN, None)
    assert list(
        saved.history.exclude(history_type="+")
        .order_by("history_date", "history_id")
        .values_list("history_change_reason", "history_user__email")
    ) == [
        ("open", "officer@example.org"),
        ("close", "officer@example.org"),
        ("reopen", "officer@example.org"),
    ]
