"""Browser tests: Playwright (sync API) driving Debian's chromium against ``live_server``.

Every test here is marked ``e2e``. Chromium comes from Debian (``apt-get install chromium``),
never from ``playwright install``. Without it the tests skip, or fail when
``HLDERP_REQUIRE_BROWSER=1`` (CI), so that a run without a browser cannot pass unnoticed.
Each test gets a fresh browser context, and fails if the page logged an error to the console:
with the site's strict CSP, a blocked inline script or style shows there.
"""

import functools
import os
import re
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
from tests.otp_helpers import totp_code, totp_device

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
        second_factor(page, user.email)

    return _login


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """``screenshot(name)``: save the whole page to test-output/screenshots/<name>.png."""

    def _screenshot(name: str) -> Path:
        return save_screenshot(page, name)

    return _screenshot


def save_screenshot(page: Page, name: str) -> Path:
    """Save the whole of ``page`` to test-output/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


# --- The demo, extra browser contexts and axe-core (the journeys of test_journey_*.py) ---------

AXE_JS = E2E_DIR / "vendor" / "axe.min.js"
# axe-core's impacts that fail a page: "minor" and "moderate" ones are reported, not failed.
AXE_FAILING_IMPACTS = ("serious", "critical")
DEMO_SECRETARIAT = "secretariat@hlderp.example"
DEMO_BELGIUM = "delegate.belgium@hlderp.example"
DEMO_MEXICO = "delegate.mexico@hlderp.example"


@pytest.fixture
def demo(transactional_db) -> dict[str, User]:
    """The 2006 Dialogue demo (registry included), committed so that ``live_server`` sees it.

    Returns the demo accounts by e-mail, each with the password the ``login`` fixture types.
    """
    import io

    from django.core.management import call_command

    call_command("load_demo", keep_passwords=True, stdout=io.StringIO())
    users = {}
    for email in (DEMO_SECRETARIAT, DEMO_BELGIUM, DEMO_MEXICO):
        user = User.objects.get(email=email)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        users[email] = user
    return users


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """``new_page(language="en", bypass_csp=False)``: a page in another fresh context, for a
    second user acting at the same time (the Secretariat while the delegate waits), or for an
    axe-core scan. Console errors fail the test as with ``page``.

    ``bypass_csp`` is for the axe-core scans only: axe sets inline styles while it measures
    (colour contrast), which the site's CSP blocks and logs as console errors.
    """
    contexts = []
    errors: list[ConsoleError] = []

    def _new_page(language: str = "en", *, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="ar" if language == "ar" else "en-US",
            viewport={"width": 1280, "height": 900},
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        # Django's LocaleMiddleware reads this cookie before Accept-Language.
        host = urlsplit(live_server.url).hostname
        context.add_cookies(
            [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
        )
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                errors.append(ConsoleError(m.location.get("url") or page.url, m.text))
                if m.type == "error" and not _is_favicon_guess(m)
                else None
            ),
        )
        page.on(
            "pageerror",
            lambda e: errors.append(ConsoleError(page.url, f"uncaught {e.name}: {e.message}")),
        )
        return page

    yield _new_page
    for context in contexts:
        context.close()
    if errors:
        pytest.fail(
            "a page logged errors to the console:\n" + "\n".join(f"  {e}" for e in errors),
            pytrace=False,
        )


@functools.cache
def _axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} missing: npm pack axe-core@4 and copy package/axe.min.js there")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict]:
    """The page's serious and critical axe-core violations (WCAG 2.0 and 2.1, A and AA).

    axe-core is evaluated through the DevTools protocol (``page.evaluate``):
    ``add_script_tag`` would inject an inline script, which the site's CSP (rightly) blocks.
    The page's context should still be made with ``bypass_csp=True`` (see ``new_page``).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '),
                    html: n.html.slice(0, 120),
                    inNavbar: !!document.querySelector(n.target.join(' '))?.closest('.navbar'),
                    summary: (n.any[0] || n.all[0] || n.none[0] || {}).message || '',
                })),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in AXE_FAILING_IMPACTS]


def axe_describe(url: str, violations: list[dict]) -> str:
    return "\n".join(
        f"  {url}: {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['html']} -- {n['summary']}" for n in v["nodes"])
        for v in violations
    )


class KnownAxeViolations(AssertionError):
    """Only violations already reported (KNOWN_AXE_VIOLATIONS) were found: an expected failure."""


# Serious violations knowingly left, as (rule id, where): "navbar" matches a node inside
# .navbar, anything else a substring of the node's CSS selector or HTML. Empty: every page
# scanned passes. An entry is a bug reported to the lead with its fix, and the test that meets
# it is marked xfail(raises=KnownAxeViolations, strict=True) until the fix lands.
KNOWN_AXE_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()


def set_language(page: Page, language: str) -> None:
    """Switch the site's language as its language form does: Django's language cookie."""
    host = urlsplit(page.url if page.url.startswith("http") else "http://localhost/").hostname
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )


def axe_scan(
    page: Page,
    pages: dict[str, str],
    screenshots: bool = True,
    languages: tuple[str, ...] = ("en", "ar"),
) -> None:
    """Load each page (name: URL) in each language and run axe-core on it, saving a screenshot
    <name>-<language>.png. Fail on a serious or critical violation not known; raise
    KnownAxeViolations if every one found is known (the test is then xfail(strict=True))."""
    unknown, known = [], []
    for language in languages:
        set_language(page, language)
        for name, url in pages.items():
            _axe_page(page, url, language, name, screenshots, known, unknown)
    report = "\n".join(axe_describe(url, [v]) for url, v in unknown + known)
    assert not unknown, "axe-core found serious or critical violations:\n" + report
    if known:
        raise KnownAxeViolations("known axe-core violations:\n" + report)


def _node_matches(node: dict, part: str) -> bool:
    if part == "navbar":
        return node["inNavbar"]
    return part in node["target"] or part in node["html"]


def _axe_page(page, url, language, name, screenshots, known, unknown) -> None:
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    if screenshots:
        save_screenshot(page, f"{name}-{language}")
    for violation in axe_violations(page):
        is_known = all(
            any(
                violation["id"] == rule and _node_matches(node, part)
                for rule, part in KNOWN_AXE_VIOLATIONS
            )
            for node in violation["nodes"]
        )
        (known if is_known else unknown).append((f"{page.url} [{language}]", violation))


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """Uploaded files go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# A small valid PDF: one empty page.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)


def tab_to(page: Page, target, *, backwards: bool = False, limit: int = 400) -> None:
    """Press Tab (Shift+Tab if ``backwards``) until ``target`` (a Locator) has the focus.

    Fails if it is not reached in ``limit`` presses: a control the keyboard cannot reach.
    """
    key = "Shift+Tab" if backwards else "Tab"
    handle = target.element_handle()
    for _ in range(limit):
        page.keyboard.press(key)
        if handle.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{target} not reached with {key} in {limit} presses", pytrace=False)


def keyboard_login(page: Page, email: str) -> None:
    """Log in through the form with the keyboard alone."""
    page.goto("/accounts/login/")
    main = page.get_by_role("main")
    tab_to(page, main.locator("input[name='username']"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text(email)
    # The code field has the focus: type the code, Enter.
    second_factor(page, email, keyboard=True)


def second_factor(page: Page, email: str, *, keyboard: bool = False) -> None:
    """For an account with an authenticator app (the Secretariat's), the second step of the
    sign-in: type the code the app would show now, computed from the device's key."""
    device = totp_device(User.objects.get(email=email))
    if device is None:
        return
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    code = totp_code(device, wait=True)
    if keyboard:
        page.keyboard.type(code)
        page.keyboard.press("Enter")
    else:
        page.locator("input[name='token']").fill(code)
        page.get_by_role("main").get_by_role("button", name="Verify").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))
