"""Hostile input: random and malicious values in every query string and every form.

The pages come from the permission matrix (every URL pattern a role may open), the forms from
the pages themselves (parsed with html.parser), so new pages and forms are fuzzed without
editing this file. Whatever is sent, the answer is a page (200, 302, 400, 403 or 404), never a
server error; an answer that is not a redirect leaves every table as it was; a redirect never
leaves the site.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests import hostile_helpers
from tests.hostile_helpers import page_forms, role_clients, row_counts
from tests.test_permission_matrix import EXPECTATIONS, ROLES

demo = hostile_helpers.demo  # the fixture, loaded once for this module

PAGE_STATUSES = {200, 302, 400, 403, 404}
HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "' OR 1=1 --",
    '"; DROP TABLE consultations_statement; --',
    "1; SELECT pg_sleep(1)",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "0",
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999999",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "3.5",
    "0x1F",
    "True",
    "null",
    "[]",
    "{}",
    "2006-02-30",
    "2006-13-01",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "-2006-01-01",
    "2006-09-14T25:61",
    "2006-09-14 10:00",
    "31/12/2006",
    "not-a-choice",
    "Ω≈ç√∫µ≤≥÷",
    "\u202etxt.exe",
    "\ufeff",
    "😀" * 50,
]
# The ends of Python's calendar, as dates and as date-times: a day added or a time zone applied
# overflows (OverflowError, a server error) unless the form bounds the years.
EXTREME_DATES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
]
HOSTILE += EXTREME_DATES
DATE_KINDS = {"date", "datetime-local", "datetime", "time"}
# Characters RFC 5545 forbids in a TEXT value, and line breaks that must be escaped.
CONTROL_TEXT = st.text(
    alphabet=st.one_of(
        # From 1: PostgreSQL stores no NUL in text (the database refuses it, not the feed).
        st.characters(min_codepoint=1, max_codepoint=0x1F),
        st.sampled_from(["\x7f", "\x85", "\u2028", ";", ",", "\\", ":", "a", "é"]),
    ),
    min_size=1,
    max_size=20,
)
# Bytes that are not UTF-8 (a lone surrogate encoded, stray continuation bytes): sent raw.
RAW = [b"\xed\xa0\x80", b"\xff\xfe", b"\xc3\x28", b"a\x80b"]

ROLE_PREFERENCE = {
    "delegate": ("delegate_a", "delegate_b", "secretariat", "anonymous"),
    "secretariat": ("secretariat", "delegate_a", "delegate_b", "anonymous"),
    "": ("anonymous", "delegate_a", "delegate_b", "secretariat"),
}
# Not a form of data: logging out ends the session the next examples need.
SKIPPED_ACTIONS = {"logout"}
# Forms of the base layout, on every page: fuzzed once, from the home page.
LAYOUT_ACTIONS = {"set_language"}


def page_role(name: str) -> str | None:
    """The role that fuzzes a page: one the matrix lets open it (200), its own area's first."""
    expect = EXPECTATIONS[name]
    allowed = {role for role, status in zip(ROLES, expect.get, strict=True) if status == 200}
    area = name.split(":")[0] if ":" in name else ""
    return next((role for role in ROLE_PREFERENCE.get(area, ROLES) if role in allowed), None)


PAGES = sorted(
    name for name in EXPECTATIONS if not name.startswith("admin:") and page_role(name) is not None
)
# The list and filter pages, and the exports: fuzzed harder than the others.
FILTER_PAGES = [
    "registry:list",
    "registry:grouping",
    "statements",
    "statements_csv",
    "statements_xlsx",
    "positions",
    "positions_csv",
    "positions_xlsx",
    "position_list",
    "programme",
    "programme_ics",
    "programme_json",
    "summary",
    "summary_participants",
    # One process's list (no process filter) and its issue page, at /p/<slug>/.
    "p:statements",
    "p:statements_csv",
    "p:position_list",
    "delegate:statements",
    "delegate:positions",
    "delegate:speakers",
    "delegate:speakers-inscribe",
    "secretariat:seats",
    "secretariat:speakers",
    "secretariat:statements",
    "secretariat:positions",
    "secretariat:positions-issue",
    "secretariat:position-record",
    "secretariat:delegations",
    "secretariat:exports",
    "secretariat:export",
]
OTHER_PAGES = [name for name in PAGES if name not in FILTER_PAGES]
# Query parameters that views read beside their filter forms' fields, with valid values.
EXTRA_PARAMS = {
    "process": ["hld-2006"],
    "page": ["1", "2"],
    "issue": ["global-forum", "belgium-offer"],
    "q": ["migration"],
    "next": ["/"],
    "as_of": ["2006-09-14"],
    "stakeholder": ["belgium", "17"],
    "kind": ["member_state", "observer_state"],
}
# Server errors this fuzz found, since fixed in the app; test_known_server_error keeps each
# reproduction. (view name, field) -> what it was.
KNOWN_SERVER_ERRORS = {
    ("delegate:statements-edit", "themes"): "an id beyond 64 bits in a ModelMultipleChoiceField "
    "reaches SQLite: OverflowError (the __in lookup does not guard the range as exact does)",
    ("delegate:statements-new", "themes"): "same StatementForm.themes as statements-edit",
}
INT64 = range(-(2**63), 2**63)
# On PostgreSQL, ``?process=`` with a NUL byte reached the slug lookup of the process:
# DataError "PostgreSQL text fields cannot contain NUL (0x00) bytes", a 500, since fixed;
# test_known_query_server_error keeps the reproduction on each page.
NUL_PROCESS_PAGES = [
    "position_list",
    "positions",
    "positions_csv",
    "positions_xlsx",
    "programme",
    "programme_ics",
    "programme_json",
    "secretariat:exports",
    "secretariat:export",
    "secretariat:positions",
    "secretariat:seats",
    "summary",
    "summary_participants",
]
ON_POSTGRESQL = connection.vendor == "postgresql"


def without_nul(value):
    """``value`` without NUL bytes (see NUL_PROCESS_PAGES)."""
    return value.replace(b"\x00", b"") if isinstance(value, bytes) else value.replace("\x00", "")


def in_range(value):
    """``value``, or 0 for an integer text beyond 64 bits (see KNOWN_SERVER_ERRORS)."""
    try:
        return value if int(value) in INT64 else "0"
    except (TypeError, ValueError):
        return value


# What a page that refuses a form shows: a field error or an error message.
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger", "alert-warning")


def scalar(options: list[str], *, near_valid: bool = False):
    """One value: hostile, random text or bytes, a number, or one of the field's own options
    (mostly the field's own, when ``near_valid``: to get past the first check)."""
    if options and near_valid:
        return st.one_of(st.sampled_from(options), scalar(options))
    strategies = [
        st.sampled_from(HOSTILE),
        st.sampled_from(RAW),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    ]
    if options:
        strategies.append(st.sampled_from(options))
    return st.one_of(strategies)


def values(options: list[str], *, near_valid: bool = False, kind: str = ""):
    """A field's values: mostly one, sometimes none or several (a list for a scalar); a date
    or time field also gets the ends of the calendar (EXTREME_DATES)."""
    one = scalar(options, near_valid=near_valid)
    if kind in DATE_KINDS:
        one = st.one_of(st.sampled_from(EXTREME_DATES), one)
    return st.one_of(one.map(lambda value: [value]), st.lists(one, min_size=0, max_size=3))


def encoded(pairs: list[tuple[str, str | bytes]]) -> str:
    """``application/x-www-form-urlencoded``, bytes percent-encoded as they are."""
    return urlencode(pairs, doseq=False)


def html_of(response) -> str:
    """The page's HTML, or nothing for a file or an export."""
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return ""
    return response.content.decode(errors="replace")


def assert_page(response, *, method: str, path: str, body: str = ""):
    reproduction = f"{method} {path}" + (f" body={body[:2000]!r}" if body else "")
    assert response.status_code < 500, f"server error {response.status_code}: {reproduction}"
    assert response.status_code in PAGE_STATUSES, f"{response.status_code}: {reproduction}"
    if response.status_code == 302:
        location = urlsplit(response.headers["Location"])
        assert location.netloc in ("", "testserver"), f"off-site redirect: {reproduction}"


@pytest.fixture
def clients(demo, db):
    return role_clients(raise_request_exception=False)


@pytest.fixture
def query_names():
    """Per test: the parameter names of the page's GET forms (read once, on first use)."""
    return {}


@pytest.fixture
def forms():
    """Per test: the page's POST forms (read once, on first use)."""
    return {}


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        # No shrinking: a request per step makes it take minutes; the assertion message holds
        # the failing request, which is the reproduction.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def fuzz_query_string(demo, clients, query_names, name, data):
    role = page_role(name)
    path = reverse(name, kwargs=EXPECTATIONS[name].kwargs(demo))
    client = clients[role]
    if "names" not in query_names:
        response = client.get(path)
        get_forms = [form for form in page_forms(html_of(response)) if form.method == "get"]
        found = {
            field: spec["options"] for form in get_forms for field, spec in form.fields.items()
        }
        query_names["kinds"] = {
            field: spec["kind"] for form in get_forms for field, spec in form.fields.items()
        }
        query_names["kinds"].setdefault("as_of", "date")
        for extra, options in EXTRA_PARAMS.items():
            found.setdefault(extra, options)
        query_names["names"] = found
    pairs = []
    for field, options in query_names["names"].items():
        if data.draw(st.booleans(), label=f"send {field}"):
            kind = query_names["kinds"].get(field, "")
            drawn = data.draw(values(options, kind=kind), label=field)
            if field == "process" and ON_POSTGRESQL:
                drawn = [without_nul(value) for value in drawn]
            pairs += [(field, value) for value in drawn]
    query = encoded(pairs)
    with transaction.atomic():
        before = row_counts()
        response = client.get(f"{path}?{query}")
        assert_page(response, method="GET", path=f"{path}?{query}")
        assert row_counts() == before, f"GET {path}?{query} changed data"
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", FILTER_PAGES)
@fuzz_settings(8)
@given(data=st.data())
def test_filters_never_break_a_list_or_an_export(demo, clients, query_names, name, data):
    fuzz_query_string(demo, clients, query_names, name, data)


@pytest.mark.parametrize("name", OTHER_PAGES)
@fuzz_settings(3)
@given(data=st.data())
def test_query_strings_never_break_a_page(demo, clients, query_names, name, data):
    fuzz_query_string(demo, clients, query_names, name, data)


@fuzz_settings(15)
@given(
    title=CONTROL_TEXT,
    description=CONTROL_TEXT,
    venue=CONTROL_TEXT,
    city=CONTROL_TEXT,
    room=CONTROL_TEXT,
    process=CONTROL_TEXT,
    theme=CONTROL_TEXT,
)
def test_control_characters_never_break_a_feed(
    demo, clients, title, description, venue, city, room, process, theme
):
    """Every text that goes into the iCalendar and JSON feeds, with control characters and line
    breaks: the feeds answer and icalendar reads them back."""
    import icalendar

    from consultations.models import Meeting, Process, Room, Theme, Venue

    meeting = Meeting.objects.get(slug="round-table-4")
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(title=title, description=description)
        Venue.objects.filter(pk=meeting.venue_id).update(name=venue, city=city)
        Room.objects.filter(pk=meeting.room_id).update(name=room)
        Process.objects.filter(pk=meeting.process_id).update(title=process, short_title=process)
        Theme.objects.filter(pk=meeting.theme_id).update(name=theme)
        for path in (
            reverse("meeting_ics", kwargs={"slug": meeting.slug}),
            f"{reverse('programme_ics')}?process=hld-2006",
            f"{reverse('programme_json')}?process=hld-2006",
        ):
            response = clients["anonymous"].get(path)
            assert_page(response, method="GET", path=f"{path} title={title!r}")
            assert response.status_code == 200, path
            if path.endswith(".ics") or ".ics?" in path:
                icalendar.Calendar.from_ical(response.content)
        transaction.set_rollback(True)


def post_forms(client, name: str, path: str) -> list:
    """The page's POST forms worth fuzzing, with an absolute action."""
    found = []
    for form in page_forms(html_of(client.get(path))):
        if form.method != "post":
            continue
        action = urlsplit(form.action or path).path or path
        view_name = resolve(action).view_name
        if view_name in SKIPPED_ACTIONS or view_name.startswith("admin:"):
            continue
        if view_name in LAYOUT_ACTIONS and name != "home":
            continue
        form.action = action
        form.view_name = view_name
        found.append(form)
    return found


@pytest.mark.parametrize("name", PAGES)
@fuzz_settings(10)
@given(data=st.data())
def test_forms_never_break_and_invalid_input_changes_nothing(demo, clients, forms, name, data):
    role = page_role(name)
    path = reverse(name, kwargs=EXPECTATIONS[name].kwargs(demo))
    client = clients[role]
    if "forms" not in forms:
        forms["forms"] = post_forms(client, name, path)
    if not forms["forms"]:
        return
    form = data.draw(st.sampled_from(forms["forms"]), label="form")
    near_valid = data.draw(st.booleans(), label="near valid")
    pairs = []
    files = {}
    for field, spec in form.fields.items():
        if field == "csrfmiddlewaretoken" or not data.draw(st.booleans(), label=f"send {field}"):
            continue
        if spec["kind"] == "file":
            files[field] = SimpleUploadedFile(
                data.draw(st.sampled_from(["a.pdf", "../../etc/passwd", "x" * 300, "é.docx"])),
                data.draw(st.binary(max_size=64)),
                content_type=data.draw(st.sampled_from(["application/pdf", "text/html"])),
            )
            continue
        drawn = data.draw(
            values(spec["options"], near_valid=near_valid, kind=spec["kind"]), label=field
        )
        if (form.view_name, field) in KNOWN_SERVER_ERRORS:
            drawn = [in_range(value) for value in drawn]
        pairs += [(field, value) for value in drawn]
    with transaction.atomic():
        before = row_counts()
        if files or form.multipart:
            # The test client's multipart encoder takes text: bytes go as Latin-1 text.
            payload: dict = {}
            for field, value in pairs:
                text = value.decode("latin-1") if isinstance(value, bytes) else value
                payload.setdefault(field, []).append(text.replace("\x00", "\ufffd"))
            payload.update(files)
            body = repr(payload)
            response = client.post(form.action, payload)
        else:
            body = encoded(pairs)
            response = client.post(
                form.action, body, content_type="application/x-www-form-urlencoded"
            )
        assert_page(response, method="POST", path=form.action, body=body)
        if response.status_code != 302:
            assert row_counts() == before, f"POST {form.action} {body[:500]!r} changed data"
        if response.status_code == 200:
            assert any(marker in html_of(response) for marker in ERROR_MARKERS), (
                f"POST {form.action} {body[:500]!r}: 200 without an error shown"
            )
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("name", "field"),
    [
        pytest.param(
            name,
            field,
            marks=(),
        )
        for (name, field), reason in KNOWN_SERVER_ERRORS.items()
    ],
)
def test_known_server_error(demo, clients, name, field):
    """An id beyond 64 bits in a multiple choice gives the form's error, not a server error.

    PostgreSQL takes the out-of-range id (and finds no theme): the form error shows.
    """
    kwargs = {"pk": demo.bel_draft} if name == "delegate:statements-edit" else {}
    path = reverse(name, kwargs=kwargs)
    before = row_counts()
    response = clients["delegate_a"].post(path, {field: "9223372036854775808"})
    assert response.status_code == 200
    assert row_counts() == before


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=(),
        )
        for name in NUL_PROCESS_PAGES
    ],
)
def test_known_query_server_error(demo, clients, name):
    """?process= with a NUL byte answers 404 (no such process), not a server error."""
    path = reverse(name, kwargs=EXPECTATIONS[name].kwargs(demo))
    response = clients[page_role(name)].get(f"{path}?process=a%00b")
    assert response.status_code == 404
