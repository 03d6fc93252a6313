"""The floor, live, in three browsers at once: the Secretariat calls the next speaker on its
desk; the hall's projector and a delegate's portal, open in two other browser contexts, show
the new speaker within a second, without reloading. Then axe-core on the desk and the
projector, in English and Arabic.

The pages are served by uvicorn in a thread (tests/e2e/asgi_server.py): the event stream needs
an ASGI server. One process, so the change travels in memory (tests/test_live_servers.py sends
it through Redis between two servers).
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from consultations.models import Delegation
from consultations.services import floor as services
from tests.consultations.speakers_helpers import at, inscribe, state
from tests.e2e.asgi_server import asgi_server
from tests.e2e.conftest import (
    TIMEOUT_MS,
    ConsoleError,
    _is_favicon_guess,
    axe_describe,
    axe_violations,
    save_screenshot,
    second_factor,
    set_language,
)
from tests.factories import (
    PASSWORD,
    FocalPointFactory,
    MeetingFactory,
    ProcessFactory,
    SecretariatUserFactory,
    SpeakersListFactory,
)

DELIVERY_LIMIT_MS = 1000


@pytest.fixture
def server(transactional_db) -> Iterator[str]:
    with asgi_server() as url:
        yield url


@pytest.fixture
def sitting(transactional_db):
    """A plenary whose floor is in session: Belgium speaking, Mexico and Ghana waiting; the
    Secretariat and Belgium's focal point."""
    process = ProcessFactory(slug="hld-2006", title="High-level Dialogue", is_current=True)
    speakers_list = SpeakersListFactory(
        meeting=MeetingFactory(process=process, slug="plenary-1", title="Plenary meeting 1")
    )
    secretariat = SecretariatUserFactory(email="floor@hlderp.example")
    states = [state(name) for name in ("Belgium", "Mexico", "Ghana")]
    for day, stakeholder in enumerate(states, start=2):
        Delegation.objects.create(process=process, stakeholder=stakeholder)
        inscribe(secretariat, speakers_list, stakeholder, at(day))
    delegate = FocalPointFactory(stakeholder=states[0]).user
    services.floor_call_next(actor=secretariat, speakers_list=speakers_list)
    services.floor_start(actor=secretariat, speakers_list=speakers_list)
    return {"list": speakers_list, "secretariat": secretariat, "delegate": delegate}


@pytest.fixture
def contexts(browser: Browser, server: str):
    """``open(language="en", bypass_csp=False)``: a page in a fresh context on ``server``; at
    the end, any console error (a CSP violation among them) fails the test."""
    made, errors = [], []

    def _open(language: str = "en", *, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=server,
            locale="ar" if language == "ar" else "en-US",
            viewport={"width": 1280, "height": 900},
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies(
            [
                {
                    "name": "django_language",
                    "value": language,
                    "domain": urlsplit(server).hostname,
                    "path": "/",
                }
            ]
        )
        made.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                errors.append(ConsoleError(m.location.get("url") or page.url, m.text))
                if m.type == "error" and not _is_favicon_guess(m)
                else None
            ),
        )
        return page

    yield _open
    for context in made:
        context.close()
    assert not errors, "console errors:\n" + "\n".join(f"  {e}" for e in errors)


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='username']").fill(email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text(email)
    second_factor(page, email)


def panel(page: Page):
    return page.locator("section.floor-live")


def test_the_next_speaker_reaches_the_projector_and_the_portal_within_a_second(sitting, contexts):
    speakers_list = sitting["list"]
    desk = contexts()
    log_in(desk, sitting["secretariat"].email)
    desk.goto(f"/secretariat/floor/{speakers_list.pk}/")
    projector = contexts()
    projector.goto("/meetings/plenary-1/projector/")
    portal = contexts()
    log_in(portal, sitting["delegate"].email)
    portal.goto("/delegate/")
    for page in (projector, portal):
        expect(panel(page).locator('[data-floor="stakeholder"]')).to_have_text("Belgium")
        expect(panel(page)).to_have_attribute("data-live", "1")  # the stream is open
        page.evaluate("window.notReloaded = true")

    sent_at = desk.evaluate("Date.now()")
    desk.keyboard.press("n")  # the desk's key for "Call the next speaker"

    for page in (projector, portal):
        expect(panel(page).locator('[data-floor="stakeholder"]')).to_have_text(
            "Mexico", timeout=DELIVERY_LIMIT_MS
        )
        delay = int(panel(page).get_attribute("data-updated-at")) - sent_at
        assert delay < DELIVERY_LIMIT_MS, f"{page.url}: {delay} ms"
        assert page.evaluate("window.notReloaded") is True
        expect(panel(page).locator('[data-floor="announce"]')).to_have_text(
            "On the floor: Mexico (Other head of delegation)."
        )
        expect(panel(page).locator('[data-floor="next"] li')).to_have_text(
            ["Ghana (Other head of delegation)"]
        )
    expect(desk.locator(".alert-success")).to_have_text("Mexico has the floor.")
    save_screenshot(projector, "floor-projector-en")
    save_screenshot(desk, "floor-desk-en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_serious_violation_on_the_desk_and_the_projector(sitting, contexts, language):
    page = contexts(bypass_csp=True)
    log_in(page, sitting["secretariat"].email)
    set_language(page, language)
    found = []
    for url in (
        f"/secretariat/floor/{sitting['list'].pk}/",
        f"/meetings/plenary-1/projector/?lang={language}",
    ):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(panel(page)).to_have_attribute("data-live", "1")
        found += [(url, violation) for violation in axe_violations(page)]
    assert not found, "\n".join(axe_describe(url, [v]) for url, v in found)
