"""Browser tests: Playwright (sync API) driving Debian's chromium against ``live_server``.

Every test here is marked ``e2e``. Chromium comes from Debian (``apt-get install chromium``),
never from ``playwright install``. Without it the tests skip, or fail when
``HLDERP_REQUIRE_BROWSER=1`` (CI), so that a run without a browser cannot pass unnoticed.
Each test gets a fresh browser context, and fails if the page logged an error to the console:
with the site's strict CSP, a blocked inline script or style shows there.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright

from registry.loading import registry_load
from registry.models import User
from tests.factories import PASSWORD

E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR.parents[1] / "test-output" / "screenshots"
TIMEOUT_MS = 10_000

CHROMIUM_MISSING = (
    "chromium not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH"
)
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's hook sees the items of the whole session: mark only those under tests/e2e.
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str | None:
    """Debian's chromium, or None. An explicit CHROMIUM_PATH that is not there counts as none."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) and Path(explicit).is_file() else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("HLDERP_REQUIRE_BROWSER") == "1":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    # Playwright's sync API runs its asyncio event loop in this (the test) thread for as long as
    # it is started, so Django's async-safety check would refuse every ORM call the test makes
    # (fixtures, factories, the database flush after each test) with SynchronousOnlyOperation.
    # Nothing here runs ORM code inside that loop: the calls are plain synchronous ones that
    # only look async to the check. It is lifted while the browser is up, not for the session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass(frozen=True)
class ConsoleError:
    url: str
    text: str

    def __str__(self) -> str:
        return f"{self.url}: {self.text}"


def _is_favicon_guess(message: ConsoleMessage) -> bool:
    # Chromium asks for /favicon.ico on its own when a page names no icon, and logs the 404 as
    # a console error some time after the load (so only some tests see it). That request is
    # the browser's guess, not something the page asked for; once templates/base.html names
    # an icon (<link rel="icon">), Chromium asks for that instead and a 404 there is reported.
    path = urlsplit(message.location.get("url") or "").path
    return path == "/favicon.ico" and message.text.startswith("Failed to load resource")


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A page in a fresh context (en-US, 1280x900) whose relative URLs go to ``live_server``.

    At teardown the test fails if the page logged any console error or threw an uncaught
    exception: that includes CSP violations, which Chromium reports as console errors.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[ConsoleError] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not _is_favicon_guess(message):
            errors.append(ConsoleError(message.location.get("url") or page.url, message.text))

    def on_page_error(error: Error) -> None:
        errors.append(ConsoleError(page.url, f"uncaught {error.name}: {error.message}"))

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    context.close()
    if errors:
        pytest.fail(
            "the page logged errors to the console:\n" + "\n".join(f"  {e}" for e in errors),
            pytrace=False,
        )


@pytest.fixture
def loaded_registry(transactional_db):
    """The real reference data of registry/data, committed so that ``live_server`` sees it."""
    return registry_load()


@pytest.fixture
def login() -> Callable[[Page, User], None]:
    """``login(page, user)``: log in through the real form at /accounts/login/."""

    def _login(page: Page, user: User) -> None:
        page.goto("/accounts/login/")
        page.locator("input[name='username']").fill(user.email)
        page.locator("input[name='password']").fill(PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Log in").click()
        # The navigation bar names the account once the session is open.
        expect(page.get_by_role("navigation", name="Main")).to_contain_text(user.email)

    return _login


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """``screenshot(name)``: save the whole page to test-output/screenshots/<name>.png."""

    def _screenshot(name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return _screenshot
