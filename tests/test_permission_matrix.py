"""Who may open what: every URL pattern of the project, for four roles, against the demo data.

The patterns are walked from the root resolver, so a new URL fails here until an expectation
names it. The roles: anonymous, the demo focal point of Belgium (State A), the demo focal point
of Mexico (State B), the demo Secretariat officer. For every pattern the GET status of each role
is exact; for views that act on POST, a POST by each refused role must be refused with the same
answer and leave the data as it was.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.urls import reverse

from consultations import urls_floor
from tests import hostile_helpers
from tests.hostile_helpers import ROLES, role_clients, rows, url_patterns

demo = hostile_helpers.demo  # the fixture, loaded once for this module

# Sentinels for redirects: to the site's login page, or to the admin's, with ?next=<path>.
LOGIN = "login"
ADMIN_LOGIN = "admin-login"


@dataclass(frozen=True)
class Expect:
    """Expected answers, in the order of ROLES: an int status, LOGIN or ADMIN_LOGIN.

    ``post``: for a view that acts on POST, the answer to each refused role's POST (None for a
    role that may act: not posted here, the action is the feature tests' business).
    """

    get: tuple
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda d: {})
    post: tuple | None = None


PUBLIC = (200, 200, 200, 200)
NOT_FOUND = (404, 404, 404, 404)
# Any signed-in user: delegates and the Secretariat (who may see the delegate portal).
SIGNED_IN = (LOGIN, 200, 200, 200)
SECRETARIAT_ONLY = (LOGIN, 403, 403, 200)
SECRETARIAT_POST_ONLY = (LOGIN, 403, 403, 405)
REFUSED_TO_ALL_BUT_SECRETARIAT = (LOGIN, 403, 403, None)
# An object of State A (Belgium) on the delegate portal: another delegation's, and the
# Secretariat's (who act through their own pages), answer 404.
OWN_OF_A = (LOGIN, 200, 404, 404)
OWN_OF_B = (LOGIN, 404, 200, 404)
REFUSED_TO_ALL_BUT_A = (LOGIN, None, 404, 404)
REFUSED_TO_ALL_BUT_B = (LOGIN, 404, None, 404)


def bel_statement(d):
    return {"pk": d.bel_draft}


EXPECTATIONS: dict[str, Expect] = {
    # Public pages and exports.
    "home": Expect(PUBLIC),
    "programme": Expect(PUBLIC),
    "programme_ics": Expect(PUBLIC),
    "programme_json": Expect(PUBLIC),
    "meeting": Expect(PUBLIC, lambda d: {"slug": "round-table-4"}),
    "meeting_ics": Expect(PUBLIC, lambda d: {"slug": "round-table-4"}),
    "statements": Expect(PUBLIC),
    "search": Expect(PUBLIC),
    "statements_csv": Expect(PUBLIC),
    "statements_xlsx": Expect(PUBLIC),
    # Belgium's draft, never submitted: its own delegation sees it, nobody else (not even the
    # Secretariat, until it is submitted: test_draft_is_hidden_from_the_secretariat_until_...).
    "statement": Expect((404, 200, 404, 404), bel_statement),
    "statement_file": Expect((404, 200, 404, 404), bel_statement, post=(405, 405, 405, 405)),
    "document_version_file": Expect(
        PUBLIC, lambda d: {"pk": d.issued_file}, post=(405, 405, 405, 405)
    ),
    "positions": Expect(PUBLIC),
    "positions_csv": Expect(PUBLIC),
    "positions_xlsx": Expect(PUBLIC),
    "position_list": Expect(PUBLIC, lambda d: {"slug": "belgium-offer"}),
    "summary": Expect(PUBLIC),
    "summary_participants": Expect(PUBLIC),
    # The same public pages of one process at its own addresses (/p/<slug>/): the 2007 Forum of
    # the demo, which is not the current process; the issue page in the 2006 Dialogue's.
    "p:programme": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:programme_ics": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:programme_json": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:statements": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:statements_csv": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:statements_xlsx": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:positions": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:positions_csv": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:positions_xlsx": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:position_list": Expect(PUBLIC, lambda d: {"process": "hld-2006", "slug": "belgium-offer"}),
    "p:summary": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:summary_participants": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    # The Chair's summary: public once final (the 2007 Forum's), 404 while a draft (the 2006
    # Dialogue's, the current process: the root addresses).
    "chair_summary": Expect(NOT_FOUND),
    "chair_summary_print": Expect(NOT_FOUND),
    "chair_summary_pdf": Expect(NOT_FOUND),
    "p:chair_summary": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:chair_summary_print": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "p:chair_summary_pdf": Expect(PUBLIC, lambda d: {"process": "gfmd-2007"}),
    "registry:list": Expect(PUBLIC),
    "registry:grouping": Expect(PUBLIC, lambda d: {"slug": "gmg"}),
    "registry:stakeholder": Expect(PUBLIC, lambda d: {"slug": "belgium"}),
    "registry:person": Expect(PUBLIC, lambda d: {"slug": "peter-sutherland"}),
    # The delegate portal.
    "delegate:portal": Expect(SIGNED_IN),
    "delegate:settings": Expect(SIGNED_IN, post=(LOGIN, None, None, None)),
    # A delegation's webhooks (consultations/views/webhooks.py): a hook that is not one's own
    # (here none exists) answers 404 to its delete.
    "delegate:webhooks": Expect(SIGNED_IN, post=(LOGIN, None, None, None)),
    "delegate:webhooks-delete": Expect(
        (LOGIN, 405, 405, 405), kwargs=lambda d: {"pk": 999999}, post=(LOGIN, 404, 404, 404)
    ),
    "delegate:seats": Expect(
        OWN_OF_A, lambda d: {"delegation_id": d.bel_delegation}, post=REFUSED_TO_ALL_BUT_A
    ),
    "delegate:speakers": Expect(SIGNED_IN),
    "delegate:speakers-inscribe": Expect(
        SIGNED_IN, lambda d: {"list_id": d.plenary_list}, post=(LOGIN, None, None, None)
    ),
    "delegate:speakers-withdraw": Expect(
        OWN_OF_B, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_B
    ),
    "delegate:statements": Expect(SIGNED_IN),
    "delegate:statements-new": Expect(SIGNED_IN, post=(LOGIN, None, None, None)),
    "delegate:statements-detail": Expect(OWN_OF_A, bel_statement),
    "delegate:statements-edit": Expect(OWN_OF_A, bel_statement, post=REFUSED_TO_ALL_BUT_A),
    "delegate:statements-submit": Expect(
        (LOGIN, 405, 404, 404), bel_statement, post=REFUSED_TO_ALL_BUT_A
    ),
    "delegate:statements-withdraw": Expect(OWN_OF_A, bel_statement, post=REFUSED_TO_ALL_BUT_A),
    "delegate:statements-revisions": Expect(OWN_OF_A, bel_statement),
    "delegate:statements-revision": Expect(
        OWN_OF_A, lambda d: {"pk": d.bel_draft, "history_id": d.bel_draft_history}
    ),
    "delegate:positions": Expect(SIGNED_IN),
    "delegate:position-record": Expect(
        OWN_OF_A,
        lambda d: {"issue_id": d.issue, "stakeholder_id": d.bel},
        post=REFUSED_TO_ALL_BUT_A,
    ),
    # The Secretariat's pages.
    "secretariat:dashboard": Expect(SECRETARIAT_ONLY),
    "secretariat:seats": Expect(SECRETARIAT_ONLY),
    "secretariat:seats-run": Expect(SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT),
    "secretariat:seats-deadline": Expect(
        SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:seats-publish": Expect(SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT),
    "secretariat:seat": Expect(SECRETARIAT_ONLY, lambda d: {"seat_id": d.bel_seat}),
    "secretariat:seat-preferences": Expect(
        SECRETARIAT_ONLY,
        lambda d: {"delegation_id": d.bel_delegation},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:seat-move": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"seat_id": d.bel_seat},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:seat-swap": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"seat_id": d.bel_seat},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:seat-remove": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"seat_id": d.bel_seat},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:seats-add": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"meeting_id": d.round_table},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:seats-co-chairs": Expect(
        SECRETARIAT_ONLY,
        lambda d: {"meeting_id": d.round_table},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers": Expect(SECRETARIAT_ONLY),
    # The floor: the hall's projector and the live stream are public, as the list is; the desk,
    # its actions and the speaking times are the Secretariat's.
    "floor-projector": Expect(PUBLIC, lambda d: {"slug": "plenary-4"}),
    "floor-events": Expect(PUBLIC, lambda d: {"slug": "plenary-4"}),
    "secretariat:floor": Expect(SECRETARIAT_ONLY, lambda d: {"list_id": d.plenary_list}),
    "secretariat:floor-time": Expect(SECRETARIAT_ONLY),
    **{
        f"secretariat:floor-{action}": Expect(
            SECRETARIAT_POST_ONLY,
            lambda d: {"list_id": d.plenary_list},
            post=REFUSED_TO_ALL_BUT_SECRETARIAT,
        )
        for action in urls_floor.ACTIONS
    },
    "secretariat:floor-reply-withdraw": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"list_id": d.plenary_list, "pk": 1},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers-detail": Expect(SECRETARIAT_ONLY, lambda d: {"list_id": d.plenary_list}),
    "secretariat:speakers-inscribe": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"list_id": d.plenary_list},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers-move": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"list_id": d.plenary_list},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers-spoke": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"list_id": d.plenary_list},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers-reorder": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"list_id": d.plenary_list},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    **{
        f"secretariat:speakers-{action}": Expect(
            SECRETARIAT_POST_ONLY,
            lambda d: {"list_id": d.plenary_list},
            post=REFUSED_TO_ALL_BUT_SECRETARIAT,
        )
        for action in ("open", "close", "reopen", "suspend", "resume")
    },
    "secretariat:speakers-closing": Expect(
        SECRETARIAT_ONLY,
        lambda d: {"list_id": d.plenary_list},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:speakers-speaker-link": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:speakers-withdraw": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:speakers-level-confirm": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:speakers-level-refuse": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:speakers-undo-spoke": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_inscription}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:statements": Expect(SECRETARIAT_ONLY),
    "secretariat:statements-publish-bulk": Expect(
        SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:statements-detail": Expect(SECRETARIAT_ONLY, lambda d: {"pk": d.mex_submitted}),
    "secretariat:statements-publish": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"pk": d.mex_submitted},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:statements-return": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"pk": d.mex_submitted},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:statements-withdraw": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.mex_submitted}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:positions": Expect(SECRETARIAT_ONLY),
    "secretariat:positions-issue": Expect(SECRETARIAT_ONLY, lambda d: {"issue_id": d.issue}),
    "secretariat:position-record": Expect(
        SECRETARIAT_ONLY,
        lambda d: {"issue_id": d.issue, "stakeholder_id": d.bel},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:delegations": Expect(SECRETARIAT_ONLY),
    "secretariat:delegations-register": Expect(
        SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:delegations-import": Expect(SECRETARIAT_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT),
    "secretariat:delegations-import-confirm": Expect(
        SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:delegations-template-csv": Expect(SECRETARIAT_ONLY),
    "secretariat:delegations-template-xlsx": Expect(SECRETARIAT_ONLY),
    "secretariat:delegation": Expect(
        SECRETARIAT_ONLY, lambda d: {"delegation_id": d.bel_delegation}
    ),
    "secretariat:delegation-member-add": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"delegation_id": d.bel_delegation},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:delegation-member-remove": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"delegation_id": d.bel_delegation},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:delegation-head": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"delegation_id": d.bel_delegation},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:chair-summary": Expect(SECRETARIAT_ONLY),
    "secretariat:chair-summary-create": Expect(
        SECRETARIAT_POST_ONLY, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    **{
        f"secretariat:chair-summary-{page}": Expect(
            SECRETARIAT_ONLY, lambda d: {"pk": d.chair_summary}, post=post
        )
        for page, post in (
            ("detail", REFUSED_TO_ALL_BUT_SECRETARIAT),
            ("preview", None),
            ("print", None),
            ("pdf", None),
            ("finalise", REFUSED_TO_ALL_BUT_SECRETARIAT),
            ("versions", None),
        )
    },
    "secretariat:chair-summary-section-add": Expect(
        SECRETARIAT_ONLY, lambda d: {"pk": d.chair_summary}, post=REFUSED_TO_ALL_BUT_SECRETARIAT
    ),
    "secretariat:chair-summary-section": Expect(
        SECRETARIAT_ONLY,
        lambda d: {"section_id": d.chair_section},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:chair-summary-section-delete": Expect(
        SECRETARIAT_POST_ONLY,
        lambda d: {"section_id": d.chair_section},
        post=REFUSED_TO_ALL_BUT_SECRETARIAT,
    ),
    "secretariat:exports": Expect(SECRETARIAT_ONLY),
    "secretariat:export": Expect(SECRETARIAT_ONLY, lambda d: {"name": "statements", "kind": "csv"}),
    # Exports prepared by a job: asked for on POST, the file then downloaded (none exists here).
    "secretariat:export-prepare": Expect(
        (LOGIN, 403, 403, 405),
        lambda d: {"name": "statements", "kind": "xlsx"},
        post=(LOGIN, 403, 403, None),
    ),
    "secretariat:export-file": Expect((LOGIN, 403, 403, 404), lambda d: {"pk": 999999}),
    # Accounts (django.contrib.auth's views, with our templates).
    "login": Expect(PUBLIC),
    "logout": Expect((405, 405, 405, 405)),
    "password_change": Expect(SIGNED_IN, post=(LOGIN, None, None, None)),
    "password_change_done": Expect(SIGNED_IN),
    "password_reset": Expect(PUBLIC),
    # Where sign-in ends: a redirect for everyone (to the front page when signed out).
    "landing": Expect((302, 302, 302, 302)),
    "password_reset_done": Expect(PUBLIC),
    # A link that is not valid renders the "invalid link" page.
    "password_reset_confirm": Expect(PUBLIC, lambda d: {"uidb64": "MQ", "token": "bad-token"}),
    "password_reset_complete": Expect(PUBLIC),
    "set_language": Expect((302, 302, 302, 302)),
    # Personal API tokens (tests/api/test_tokens.py): each user's own; no token of the demo
    # has this id, and another user's answers 404 as a missing one does.
    "api_tokens:list": Expect(SIGNED_IN, post=(LOGIN, None, None, None)),
    "api_tokens:revoke": Expect(
        (LOGIN, 405, 405, 405), lambda d: {"pk": 999999}, post=(LOGIN, 404, 404, 404)
    ),
    # Two-factor sign-in (tests/registry/test_two_factor*.py): the demo delegates have no
    # device (verify sends them to enrolment), the Secretariat's is set up (enrolment sends
    # it back).
    "two_factor:verify": Expect((LOGIN, 302, 302, 200), post=(LOGIN, None, None, None)),
    "two_factor:setup": Expect((LOGIN, 200, 200, 302), post=(LOGIN, None, None, None)),
    "two_factor:recovery-codes": Expect((LOGIN, 200, 200, 200)),
    # Health endpoints, for the load balancer (hlderp/health.py).
    "health-live": Expect(PUBLIC),
    "health-ready": Expect(PUBLIC),
    # Django admin: staff only (the Secretariat), others are sent to the admin's login.
    "admin:index": Expect((ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
}


def answer(response, path: str):
    """The status, or LOGIN / ADMIN_LOGIN for a redirect to a login page that comes back."""
    if response.status_code == 302:
        next_query = QueryDict(mutable=True)
        next_query["next"] = path
        location = response.headers["Location"]
        if location == f"{reverse('login')}?{next_query.urlencode(safe='/')}":
            return LOGIN
        if location == f"{reverse('admin:login')}?{next_query.urlencode(safe='/')}":
            return ADMIN_LOGIN
    return response.status_code


# The API's routes have their own matrix, with a token of each scope (tests/api/).
ALL_PATTERNS = {
    name: route for name, route in url_patterns() if not route.lstrip("^").startswith("api/")
}


def test_matrix_covers_every_url_pattern():
    """Every pattern has an expectation, and every expectation a pattern."""
    missing = sorted(set(ALL_PATTERNS) - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - set(ALL_PATTERNS))
    assert missing == [], "add an expectation for " + ", ".join(missing)
    assert stale == [], "remove the expectation for (no such URL pattern) " + ", ".join(stale)
    assert len(ALL_PATTERNS) == len(EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(set(ALL_PATTERNS) | set(EXPECTATIONS)))
def test_permission_matrix(demo, db, name):
    assert name in ALL_PATTERNS, f"remove the expectation for {name}: no such URL pattern"
    assert name in EXPECTATIONS, f"add an expectation for {name} ({ALL_PATTERNS[name]})"
    expect = EXPECTATIONS[name]
    path = reverse(name, kwargs=expect.kwargs(demo))
    by_role = role_clients()

    got = tuple(answer(by_role[role].get(path), path) for role in ROLES)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expect.get, strict=True)), (
        f"GET {path}"
    )

    if expect.post is None:
        return
    for role, refused in zip(ROLES, expect.post, strict=True):
        if refused is None:
            continue
        before = rows()
        got_post = answer(by_role[role].post(path, {}), path)
        assert (role, got_post) == (role, refused), f"POST {path}"
        assert rows() == before, f"POST {path} as {role} changed data"


# --- Belgium's draft, before and after its first submission ---------------------------------
# Drafts are private: the Secretariat's review pages and actions answer 404 for a statement
# never submitted, as for an id that does not exist; from its first submission they answer.
# The owner sees it on its own pages throughout, another delegation never.
DRAFT_CASE = {
    # name: (GET before submission, GET after, POST before by each role or None)
    "secretariat:statements-detail": (
        (LOGIN, 403, 403, 404),
        (LOGIN, 403, 403, 200),
        None,
    ),
    "secretariat:statements-publish": (
        (LOGIN, 403, 403, 404),
        (LOGIN, 403, 403, 405),
        (LOGIN, 403, 403, 404),
    ),
    "secretariat:statements-return": (
        (LOGIN, 403, 403, 404),
        (LOGIN, 403, 403, 405),
        (LOGIN, 403, 403, 404),
    ),
    "secretariat:statements-withdraw": (
        (LOGIN, 403, 403, 404),
        (LOGIN, 403, 403, 200),
        (LOGIN, 403, 403, 404),
    ),
    "statement": ((404, 200, 404, 404), (404, 200, 404, 200), None),
    "delegate:statements-detail": (OWN_OF_A, OWN_OF_A, None),
}


def _submit_bel_draft(demo) -> None:
    from consultations.models import Statement
    from consultations.services.statements import statement_submit
    from registry.models import User

    statement = Statement.objects.select_related("meeting").get(pk=demo.bel_draft)
    deadline = statement.meeting.statement_deadline
    # Before the deadline, whenever the test runs: the demo's meetings are in 2006.
    at = deadline - datetime.timedelta(hours=1) if deadline else None
    focal_point = User.objects.get(email=hostile_helpers.EMAILS["delegate_a"])
    statement_submit(actor=focal_point, statement=statement, at=at)


@pytest.mark.parametrize("name", sorted(DRAFT_CASE))
def test_draft_is_hidden_from_the_secretariat_until_its_first_submission(demo, db, name):
    before, after, post_before = DRAFT_CASE[name]
    path = reverse(name, kwargs={"pk": demo.bel_draft})
    by_role = role_clients()

    got_before = tuple(answer(by_role[role].get(path), path) for role in ROLES)
    posted_before = {}
    if post_before is not None:
        for role in ROLES:
            snapshot = rows()
            posted_before[role] = answer(by_role[role].post(path, {"reason": "Why."}), path)
            assert rows() == snapshot, f"POST {path} as {role} changed data"
    _submit_bel_draft(demo)
    got_after = tuple(answer(by_role[role].get(path), path) for role in ROLES)

    assert dict(zip(ROLES, got_before, strict=True)) == dict(zip(ROLES, before, strict=True))
    if post_before is not None:
        assert posted_before == dict(zip(ROLES, post_before, strict=True))
    assert dict(zip(ROLES, got_after, strict=True)) == dict(zip(ROLES, after, strict=True))
