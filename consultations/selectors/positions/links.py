"""The addresses of the lists behind the numbers: every figure links to its stakeholders."""

from collections.abc import Sequence
from urllib.parse import urlencode

from consultations.addresses import process_reverse
from consultations.models import Issue, Process
from consultations.selectors.positions.rows import MEMBER_STATES


def _query(params: Sequence[tuple[str, str]]) -> str:
    return urlencode(list(params))


def _base_params(*, kinds: Sequence[str]) -> list[tuple[str, str]]:
    params = []
    if tuple(kinds) != MEMBER_STATES:
        params.extend(("kind", kind) for kind in kinds)
    return params


def position_list_url(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    stances: Sequence[str] = (),
    regional_group: str | None = None,
    root: bool | None = None,
) -> str:
    """The address of the list of ``issue``'s stakeholders with these filters: under
    ``/p/<slug>/``, or at the root when ``root`` (by default: when the process is current)."""
    params = _base_params(kinds=kinds)
    params.extend(("stance", stance) for stance in stances)
    if regional_group:
        params.append(("regional_group", regional_group))
    root = issue.process.is_current if root is None else root
    url = _position_list_address(issue, root=root)
    return f"{url}?{_query(params)}" if params else url


def _position_list_address(issue: Issue, *, root: bool) -> str:
    # Reversed once per issue and place, kept on the issue (one request's instance): a figures
    # page links some 150 counts to the lists of a few issues.
    addresses = issue.__dict__.setdefault("_position_list_addresses", {})
    key = (root, issue.process.slug, issue.slug)
    if key not in addresses:
        addresses[key] = process_reverse(
            "position_list", process=issue.process, root=root, kwargs={"slug": issue.slug}
        )
    return addresses[key]


def participants_url(
    *,
    process: Process,
    kinds: Sequence[str] = (),
    regional_group: str | None = None,
    theme: str | None = None,
    root: bool | None = None,
) -> str:
    """The address of the list of participants with these filters (``theme`` a slug), as
    position_list_url places it."""
    params: list[tuple[str, str]] = []
    params.extend(("kind", kind) for kind in kinds)
    if regional_group:
        params.append(("regional_group", regional_group))
    if theme:
        params.append(("theme", theme))
    root = process.is_current if root is None else root
    url = process_reverse("summary_participants", process=process, root=root)
    return f"{url}?{_query(params)}" if params else url
