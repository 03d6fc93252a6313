"""The addresses of the lists behind the numbers: every figure links to its stakeholders."""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse

from consultations.models import Issue, Process
from consultations.selectors.positions.rows import MEMBER_STATES


def _query(params: Sequence[tuple[str, str]]) -> str:
    return urlencode(list(params))


def _base_params(*, issue: Issue, kinds: Sequence[str]) -> list[tuple[str, str]]:
    params = []
    if not issue.process.is_current:
        params.append(("process", issue.process.slug))
    if tuple(kinds) != MEMBER_STATES:
        params.extend(("kind", kind) for kind in kinds)
    return params


def position_list_url(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    stances: Sequence[str] = (),
    regional_group: str | None = None,
) -> str:
    """The address of the list of ``issue``'s stakeholders with these filters."""
    params = _base_params(issue=issue, kinds=kinds)
    params.extend(("stance", stance) for stance in stances)
    if regional_group:
        params.append(("regional_group", regional_group))
    url = reverse("position_list", kwargs={"slug": issue.slug})
    return f"{url}?{_query(params)}" if params else url


def participants_url(
    *,
    process: Process,
    kinds: Sequence[str] = (),
    regional_group: str | None = None,
    theme: str | None = None,
) -> str:
    """The address of the list of participants with these filters (``theme`` a slug)."""
    params: list[tuple[str, str]] = []
    if not process.is_current:
        params.append(("process", process.slug))
    params.extend(("kind", kind) for kind in kinds)
    if regional_group:
        params.append(("regional_group", regional_group))
    if theme:
        params.append(("theme", theme))
    url = reverse("summary_participants")
    return f"{url}?{_query(params)}" if params else url
