"""Who may do what on the API: every route under /api/, for the site's four roles and a token
of each scope (tests/api/helpers.py), against the demo data; the site's own matrix is
tests/test_permission_matrix.py, in the same style.

For every route the GET status of each role is exact; for routes that write, the answer of each
role to an empty write is exact too (refused, or 400/415 for the roles that may write: nothing
to do), and no write changes any row. Another delegation's object answers 404; a read token 403
on every write; no authentication 401.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests import hostile_helpers
from tests.api.helpers import API_ROLES, api_clients
from tests.hostile_helpers import rows, url_patterns

demo = hostile_helpers.demo  # the fixture, loaded once for this module


@dataclass(frozen=True)
class Expect:
    """Expected statuses in the order of API_ROLES; ``write``: (method, statuses) of an empty
    write by each role, or None."""

    get: tuple
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda d: {})
    write: tuple[str, tuple] | None = None


PUBLIC = (200,) * 8
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200)
# An empty write: 401 without authentication, 403 for a read token, ``allowed`` for the rest.
EMPTY_WRITE_400 = (401, 400, 400, 400, 403, 400, 403, 400)
NOT_ALLOWED_GET = (401, 405, 405, 405, 405, 405, 405, 405)
REVIEW_WRITE = (401, 403, 403, 404, 403, 403, 403, 404)  # Belgium's draft: never submitted
OWN_DRAFT_WRITE = (401, None, 404, 404, 403, None, 403, 404)


def bel(d):
    return {"pk": d.bel_draft}


def statement_action(action: str) -> Expect:
    if action in {"publish", "return"}:  # the Secretariat's: its permission comes first
        return Expect((401, 403, 403, 405, 403, 403, 405, 405), bel, ("post", REVIEW_WRITE))
    return Expect(NOT_ALLOWED_GET, bel, ("post", OWN_DRAFT_WRITE))


EXPECTATIONS: dict[str, Expect] = {
    "api:processes": Expect(PUBLIC),
    "api:process": Expect(PUBLIC, lambda d: {"slug": "hld-2006"}),
    "api:process-positions": Expect(PUBLIC, lambda d: {"slug": "hld-2006"}),
    "api:process-summary": Expect(PUBLIC, lambda d: {"slug": "gfmd-2007"}),
    "api:meetings": Expect(PUBLIC),
    "api:meeting": Expect(PUBLIC, lambda d: {"slug": "round-table-4"}),
    "api:meeting-speakers": Expect(
        PUBLIC, lambda d: {"slug": "plenary-4"}, ("post", EMPTY_WRITE_400)
    ),
    "api:statements": Expect(PUBLIC, write=("post", EMPTY_WRITE_400)),
    "api:statements-mine": Expect(SIGNED_IN),
    # Belgium's draft: its delegation's (by session or token), nobody else's, not even the
    # Secretariat's until it is submitted.
    "api:statement": Expect(
        (404, 200, 404, 404, 200, 200, 404, 404),
        bel,
        ("patch", (401, 200, 404, 404, 403, 200, 403, 404)),
    ),
    "api:statement-file": Expect(
        NOT_ALLOWED_GET, bel, ("put", (401, 415, 404, 404, 403, 415, 403, 404))
    ),
    "api:statement-submit": statement_action("submit"),
    "api:statement-withdraw": statement_action("withdraw"),
    "api:statement-publish": statement_action("publish"),
    "api:statement-return": statement_action("return"),
    # Mexico's inscription: Mexico's delegation and the Secretariat may withdraw it.
    "api:inscription-withdraw": Expect(
        NOT_ALLOWED_GET,
        lambda d: {"pk": d.mex_inscription},
        ("post", (401, 404, None, None, 403, 404, 403, None)),
    ),
    "api:delegations": Expect(SIGNED_IN),
    "api:delegation-round-tables": Expect(
        (401, 200, 404, 200, 200, 200, 200, 200),
        lambda d: {"pk": d.bel_delegation},
        ("put", (401, 400, 404, 400, 403, 400, 403, 400)),
    ),
    "api-registry:stakeholders": Expect(PUBLIC),
    "api-registry:stakeholder": Expect(PUBLIC, lambda d: {"slug": "belgium"}),
    "api-registry:regional-groups": Expect(PUBLIC),
    "api-registry:groupings": Expect(PUBLIC),
    "api-registry:grouping": Expect(PUBLIC, lambda d: {"slug": "gmg"}),
    "api-schema": Expect(PUBLIC),
    "api-docs": Expect(PUBLIC),
    "api-not-found": Expect((404,) * 8, lambda d: {"rest": "v1/nothing/"}, ("post", (404,) * 8)),
}

API_PATTERNS = {
    name: route for name, route in url_patterns() if route.lstrip("^").startswith("api/")
}


def test_matrix_covers_every_api_route():
    assert sorted(set(API_PATTERNS) - set(EXPECTATIONS)) == []
    assert sorted(set(EXPECTATIONS) - set(API_PATTERNS)) == []


def _write(client, method: str, path: str):
    return getattr(client, method)(path, {}, content_type="application/json")


@pytest.mark.parametrize("name", sorted(set(API_PATTERNS) | set(EXPECTATIONS)))
def test_api_permission_matrix(demo, db, name):
    assert name in API_PATTERNS, f"remove the expectation for {name}: no such route"
    assert name in EXPECTATIONS, f"add an expectation for {name} ({API_PATTERNS[name]})"
    expect = EXPECTATIONS[name]
    path = reverse(name, kwargs=expect.kwargs(demo))
    clients = api_clients()

    got = tuple(clients[role].get(path).status_code for role in API_ROLES)
    assert dict(zip(API_ROLES, got, strict=True)) == dict(
        zip(API_ROLES, expect.get, strict=True)
    ), f"GET {path}"

    if expect.write is None:
        return
    method, statuses = expect.write
    for role, wanted in zip(API_ROLES, statuses, strict=True):
        if wanted is None:
            continue
        before = rows()
        response = _write(clients[role], method, path)
        assert (role, response.status_code) == (role, wanted), f"{method.upper()} {path}"
        assert rows() == before, f"{method.upper()} {path} as {role} changed data"
        if wanted >= 400:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["status"] == wanted
